"""Writing documents: JSON, text and images, one function each for everything chondral writes.

Output is strict JSON: ``NaN`` and ``Infinity`` are not JSON, and reaching them here means a
non-finite number got past the readers, which is a bug (``InternalError``), never a silent
``NaN`` in a file a surgeon opens. A folder or file that cannot be written is the caller's bad
input (``ParameterError`` naming ``field``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from chondral.errors import InternalError, ParameterError, quote

__all__ = ["dumps_json", "make_folder", "write_bytes", "write_json", "write_text"]


def dumps_json(document: Mapping[str, Any] | Sequence[Any]) -> str:
    """``document`` as indented, strict JSON text (no trailing newline)."""
    try:
        return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as error:
        raise InternalError(
            f"a document to be written holds a non-finite number ({error})"
        ) from error


def make_folder(folder: Path, *, field: str = "out_dir") -> Path:
    """Create ``folder`` (and its parents) if needed; ``ParameterError`` naming ``field`` if it
    cannot be made or is a file."""
    try:
        if folder.exists() and not folder.is_dir():
            raise ParameterError(
                f"cannot create the folder {quote(str(folder))}: it is a file", field=field
            )
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ParameterError(
            f"cannot create the folder {quote(str(folder))}: {error.strerror or error}",
            field=field,
        ) from error
    return folder


def write_text(path: Path, text: str, *, field: str = "out_dir") -> Path:
    """Write ``text`` (UTF-8) to ``path``; ``ParameterError`` naming ``field`` if it cannot."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ParameterError(
            f"cannot write {quote(str(path))}: {error.strerror or error}", field=field
        ) from error
    return path


def write_bytes(path: Path, data: bytes, *, field: str = "out_dir") -> Path:
    """Write ``data`` (an image) to ``path``; ``ParameterError`` naming ``field`` if it cannot."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise ParameterError(
            f"cannot write {quote(str(path))}: {error.strerror or error}", field=field
        ) from error
    return path


def write_json(
    path: Path, document: Mapping[str, Any] | Sequence[Any], *, field: str = "out_dir"
) -> Path:
    """Write ``document`` to ``path`` as strict JSON with a final newline."""
    return write_text(path, dumps_json(document) + "\n", field=field)
