"""The audit log: every read or change of patient data, and every refusal, as one row.

Rows are written by ``chondral.web.access.authorize`` (reads, refusals) and by the store when it
saves a change; they hold the user name, role, action, case id, the method and channel (web page
or API) and the client address. Nothing here writes to the application log.
"""

from __future__ import annotations

from typing import Any

from chondral.web.models import AuditEvent

__all__ = ["client_address", "record"]


def client_address(request: Any) -> str | None:
    """The client's address as the server saw it (``REMOTE_ADDR``; a proxy in front must set
    it)."""
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    return str(address) if address else None


def record(
    request: Any,
    *,
    action: str,
    case_id: str = "",
    outcome: str = "allowed",
    detail: str = "",
    user: Any = None,
    role: str = "",
    clinic_id: int | None = None,
) -> AuditEvent:
    """Append one audit row for ``request`` (None: a command-line or background action), in
    ``clinic_id``'s log (whose staff read it)."""
    who: Any = user if user is not None else getattr(request, "user", None)
    authenticated = bool(who is not None and getattr(who, "is_authenticated", False))
    path = getattr(request, "path", "") if request is not None else ""
    case_id = case_id.replace("\x00", "")[:64]  # PostgreSQL refuses NUL in text
    detail = detail.replace("\x00", "")
    return AuditEvent.objects.create(
        clinic_id=clinic_id,
        user_id_at_time=who.pk if authenticated else None,
        username=who.get_username() if authenticated else "",
        role=role,
        action=action,
        case_id=case_id,
        outcome=outcome,
        detail=detail[:300],
        method=(getattr(request, "method", "") or "")[:8] if request is not None else "",
        channel="api" if path.startswith("/api/") else ("web" if request is not None else "cli"),
        ip_address=client_address(request),
    )
