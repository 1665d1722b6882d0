"""Template context: the signed-in user's role, for menus that show only what they may do; the
accessibility preferences, rendered as classes on ``<html>`` (``chondral.web.preferences``)."""

from __future__ import annotations

from typing import Any

from chondral import __version__
from chondral.web.access import actor_of

__all__ = ["accessibility", "role"]


def role(request: Any) -> dict[str, Any]:
    """``actor`` (None when signed out), ``role`` (its value, or an empty string) and
    ``chondral_version``."""
    actor = actor_of(getattr(request, "user", None))
    return {
        "actor": actor,
        "role": str(actor.role) if actor else "",
        "chondral_version": __version__,
    }


def accessibility(request: Any) -> dict[str, Any]:
    """``a11y_prefs`` (the preferences that apply: the profile's, the visitor's cookie's or the
    defaults), ``a11y_classes`` (their classes for ``<html>``) and ``a11y_max_step`` (the top
    text step)."""
    from chondral.web.preferences import MAX_TEXT_STEP, classes, read_preferences

    prefs = read_preferences(request)
    return {"a11y_prefs": prefs, "a11y_classes": classes(prefs), "a11y_max_step": MAX_TEXT_STEP}
