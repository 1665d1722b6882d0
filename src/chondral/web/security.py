"""Security headers on every response (Django's own middleware sets X-Frame-Options,
X-Content-Type-Options, Referrer-Policy, COOP and, over TLS, HSTS).

The Content-Security-Policy allows scripts only from this server (no inline script, no
``eval``): every page's JavaScript is a static file, Plotly's bundle included. Inline style is
allowed because Plotly writes style elements as it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "BODY_MARGIN_BYTES",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "RequestSizeLimitMiddleware",
    "SecurityHeadersMiddleware",
]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()"


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy headers; marks pages with patient
    data as not to be cached."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


BODY_MARGIN_BYTES = 1024 * 1024
"""Room for a multipart form's other fields and boundaries above a file's own limit."""


class RequestSizeLimitMiddleware:
    """Refuses (413) a request whose declared body is larger than any page accepts, before
    Django reads it: a mesh upload may be ``MAX_MESH_UPLOAD_BYTES``, every other body
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (plus ``BODY_MARGIN_BYTES``). Django's own limit does not
    cover uploaded files, which it would otherwise spool to disk whatever their size. A proxy in
    front should set the same limit (``client_max_body_size`` in nginx)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        from django.conf import settings
        from django.http import HttpResponse

        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:  # not a size: the page or the API refuses the body itself
            declared = 0
        mesh_page = request.path.startswith("/cases/") and request.path.endswith("/meshes/")
        limit = (
            settings.MAX_MESH_UPLOAD_BYTES if mesh_page else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if declared > limit + BODY_MARGIN_BYTES:
            return HttpResponse(
                f"the request is larger than {limit // (1024 * 1024)} MiB",
                status=413,
                content_type="text/plain",
            )
        return self.get_response(request)
