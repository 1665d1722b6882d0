"""Template context: the signed-in user's role, for menus that show only what they may do."""

from __future__ import annotations

from typing import Any

from chondral import __version__
from chondral.web.access import actor_of

__all__ = ["role"]


def role(request: Any) -> dict[str, Any]:
    """``actor`` (None when signed out), ``role`` (its value, or an empty string) and
    ``chondral_version``."""
    actor = actor_of(getattr(request, "user", None))
    return {
        "actor": actor,
        "role": str(actor.role) if actor else "",
        "chondral_version": __version__,
    }
