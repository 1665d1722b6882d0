"""A small JSON client of the application's API (standard library only), for the end-to-end
tests: ``Api(base_url, token).call("POST", "/api/cases", body)`` -> ``(status, json)``."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from chondral.io.documents import parse_document_text

EXAMPLES = Path(__file__).resolve().parents[3] / "src" / "chondral" / "examples"


def example_document(name: str = "demo-case.yaml", **changes: Any) -> dict[str, Any]:
    """An example case file as a JSON-ready case document, with top-level ``changes``."""
    document = dict(
        parse_document_text((EXAMPLES / name).read_text(encoding="utf-8"), kind="yaml", name=name)
    )
    document.update(changes)
    return document


class Api:
    """Bearer-token calls to one running application."""

    def __init__(self, base_url: str, token: str, *, timeout_s: float = 60.0) -> None:
        self.base_url = base_url
        self.token = token
        self.timeout_s = timeout_s

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """``(status, decoded JSON or None)``; connection failures raise ``OSError``."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:
                status, raw = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None
