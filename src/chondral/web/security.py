"""Security headers on every response (Django's own middleware sets X-Frame-Options,
X-Content-Type-Options, Referrer-Policy, COOP and, over TLS, HSTS).

The Content-Security-Policy allows scripts only from this server (no inline script, no
``eval``): every page's JavaScript is a static file, Plotly's bundle included. Inline style is
allowed because Plotly writes style elements as it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["CONTENT_SECURITY_POLICY", "PERMISSIONS_POLICY", "SecurityHeadersMiddleware"]

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
