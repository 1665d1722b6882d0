"""Logging failures without patient data: the error's type and where it was raised, never its
message (which may quote a case id, a lesion or a mesh reference) and never the request path.

Pages: Django sends ``got_request_exception`` for an unexpected error (the 500 page follows);
its own request logger, which writes the path, is switched off in settings. The API and the
background jobs use ``where_raised`` for their own log lines.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["log_page_exception", "where_raised"]

log = logging.getLogger("chondral.web")


def where_raised(error: BaseException) -> str:
    """``file:line`` of the innermost frame of ``error``'s traceback (``?`` without one)."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame is not None else "?"


def log_page_exception(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """Receiver of ``got_request_exception``: the view's name, the error type and where."""
    import sys

    error = sys.exc_info()[1]
    match = getattr(request, "resolver_match", None)
    view = getattr(match, "view_name", "") or "(no view)"
    kind = type(error).__name__ if error is not None else "unknown error"
    where = where_raised(error) if error is not None else "?"
    method = getattr(request, "method", "") or ""
    log.error("page %s %s failed: %s at %s", method, view, kind, where)
