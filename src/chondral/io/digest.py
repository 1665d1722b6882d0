"""Digests of what was read: the form of every input hash chondral records."""

from __future__ import annotations

import hashlib

__all__ = ["hash_content"]


def hash_content(data: bytes) -> str:
    """``"sha256:<hex>"`` of ``data``: the form of every plan.json input hash."""
    return f"sha256:{hashlib.sha256(data).hexdigest()}"
