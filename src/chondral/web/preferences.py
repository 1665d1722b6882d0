"""Accessibility preferences: what the "Accessibility tools" region changes on every page.

A person's preferences are one small dict::

    {"text_step": 0..3, "contrast": bool, "reduce_motion": bool, "readable_font": bool,
     "highlight_links": bool, "line_spacing": bool}

``classes(prefs)`` turns it into the classes on ``<html>`` (``a11y-text-1|2|3``,
``a11y-contrast``, ``a11y-reduce-motion``, ``a11y-readable-font``, ``a11y-highlight-links``,
``a11y-line-spacing``) that the stylesheets act on; the server renders them on every page, so
nothing flashes in the default look first. Text steps 0..3 are 100, 125, 150 and 200 % of the
root font size.

Where they are kept:

- a signed-in user (any role): ``Profile.preferences["accessibility"]``, server side, so they
  follow the person to another device and survive signing out and in;
- a visitor: the cookie ``chondral_a11y`` (a short code such as ``"2ch"``: the text step, then
  one letter per tool that is on), SameSite=Lax, one year. A signed-in user's changes are
  written to the cookie too, and the tools' script (``a11y.js``) writes the look that applies
  on each page into it, so the sign-in page keeps a person's look after they sign out (the
  cookie holds nothing but these display choices, so it is readable by the script).

When a visitor signs in, the profile's preferences apply; a profile that has none saved yet
keeps what the browser had.

Strictness: a preferences dict *sent* to the server (``parse_preferences``, ``apply_tool``) is
checked strictly: an unknown setting, a text step outside 0..3, a toggle that is not true or
false, or an unknown tool is refused with ``PreferenceError`` naming the field. A *stored* value
that cannot be read (a cookie mangled by the browser or a person, a profile value written by an
older version) is not an error the person can fix: it is ignored and the defaults are used, and
the next change replaces it. These are display preferences, not clinical data, so falling back
to the plain look is safe.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "COOKIE_MAX_AGE_S",
    "COOKIE_NAME",
    "DEFAULTS",
    "MAX_TEXT_STEP",
    "TOGGLES",
    "TOOLS",
    "PreferenceError",
    "apply_tool",
    "classes",
    "decode_cookie",
    "encode_cookie",
    "merge_preferences",
    "parse_preferences",
    "read_preferences",
    "save_preferences",
]

MAX_TEXT_STEP: Final = 3
"""Text steps 0..3: 100, 125, 150 and 200 % of the root font size."""

TOGGLES: Final = ("contrast", "reduce_motion", "readable_font", "highlight_links", "line_spacing")
"""The on/off tools, in the order of the buttons."""

DEFAULTS: Final[dict[str, Any]] = {"text_step": 0, **dict.fromkeys(TOGGLES, False)}

TOOLS: Final = ("larger", "smaller", *TOGGLES, "reset")
"""The actions of the tools' buttons (the ``tool`` field of a form post)."""

COOKIE_NAME: Final = "chondral_a11y"
COOKIE_MAX_AGE_S: Final = 365 * 24 * 3600

_CLASS_OF_TOGGLE: Final = {
    "contrast": "a11y-contrast",
    "reduce_motion": "a11y-reduce-motion",
    "readable_font": "a11y-readable-font",
    "highlight_links": "a11y-highlight-links",
    "line_spacing": "a11y-line-spacing",
}
_LETTER_OF_TOGGLE: Final = {
    "contrast": "c",
    "reduce_motion": "m",
    "readable_font": "f",
    "highlight_links": "h",
    "line_spacing": "s",
}
_TOGGLE_OF_LETTER: Final = {letter: name for name, letter in _LETTER_OF_TOGGLE.items()}
_PROFILE_KEY: Final = "accessibility"


class PreferenceError(ValueError):
    """Preferences sent to the server that are not valid; ``field`` names the one at fault
    (``accessibility.text_step``, ``tool``, ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _checked_value(name: str, value: Any, prefix: str) -> Any:
    field = f"{prefix}{name}"
    if name == "text_step":
        if isinstance(value, bool) or not isinstance(value, int):
            raise PreferenceError(field, f"must be a whole number from 0 to {MAX_TEXT_STEP}")
        if not 0 <= value <= MAX_TEXT_STEP:
            raise PreferenceError(field, f"must be from 0 to {MAX_TEXT_STEP}, not {value}")
        return value
    if name in TOGGLES:
        if not isinstance(value, bool):
            raise PreferenceError(field, "must be true or false")
        return value
    raise PreferenceError(field, "is not a known setting")


def merge_preferences(
    current: dict[str, Any], changes: object, *, prefix: str = "accessibility."
) -> dict[str, Any]:
    """``current`` with the settings in ``changes`` (a dict sent by a client) applied; settings
    ``changes`` leaves out keep their current value. Raises ``PreferenceError`` for anything
    that is not a known setting with a valid value."""
    if not isinstance(changes, dict):
        raise PreferenceError(prefix.rstrip(".") or "body", "must be an object of settings")
    merged = dict(current)
    for name, value in changes.items():
        merged[str(name)] = _checked_value(str(name), value, prefix)
    return merged


def parse_preferences(value: object, *, prefix: str = "accessibility.") -> dict[str, Any]:
    """A complete preferences dict from ``value`` (the defaults for settings it leaves out);
    ``PreferenceError`` names the first field that is not valid."""
    return merge_preferences(DEFAULTS, value, prefix=prefix)


def _stored(value: object) -> dict[str, Any]:
    """Preferences read back from storage: the defaults where they cannot be read."""
    try:
        return parse_preferences(value)
    except PreferenceError:
        return dict(DEFAULTS)


def classes(prefs: dict[str, Any]) -> str:
    """The classes on ``<html>`` for ``prefs``, space separated (empty for the defaults)."""
    names = []
    step = int(prefs.get("text_step", 0))
    if step:
        names.append(f"a11y-text-{step}")
    names.extend(css for name, css in _CLASS_OF_TOGGLE.items() if prefs.get(name))
    return " ".join(names)


def apply_tool(prefs: dict[str, Any], tool: str) -> tuple[dict[str, Any], bool]:
    """``(new preferences, changed)`` after pressing ``tool`` (one of ``TOOLS``). "larger" at
    the top step and "smaller" at step 0 change nothing (``changed`` is False); a toggle flips;
    "reset" restores the defaults. An unknown tool raises ``PreferenceError`` on ``tool``."""
    new = dict(prefs)
    if tool == "larger":
        new["text_step"] = min(int(prefs["text_step"]) + 1, MAX_TEXT_STEP)
    elif tool == "smaller":
        new["text_step"] = max(int(prefs["text_step"]) - 1, 0)
    elif tool in TOGGLES:
        new[tool] = not prefs[tool]
    elif tool == "reset":
        new = dict(DEFAULTS)
    else:
        raise PreferenceError("tool", f"must be one of {', '.join(TOOLS)}")
    return new, new != prefs


def encode_cookie(prefs: dict[str, Any]) -> str:
    """The cookie value for ``prefs``: the text step, then a letter per tool that is on."""
    return str(int(prefs["text_step"])) + "".join(
        letter for name, letter in _LETTER_OF_TOGGLE.items() if prefs.get(name)
    )


def decode_cookie(value: str | None) -> dict[str, Any] | None:
    """The preferences in a cookie value, or None when there is none or it cannot be read."""
    if not value or len(value) > 1 + len(TOGGLES) or value[0] not in "0123":
        return None
    prefs = dict(DEFAULTS, text_step=int(value[0]))
    for letter in value[1:]:
        name = _TOGGLE_OF_LETTER.get(letter)
        if name is None or prefs[name]:
            return None
        prefs[name] = True
    return prefs


def _profile(request: Any) -> Any:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from chondral.web.models import Profile

    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def read_preferences(request: Any) -> dict[str, Any]:
    """The preferences that apply to ``request``: the signed-in user's profile's, else the
    cookie's, else the defaults (see the module docstring)."""
    cached = getattr(request, "_chondral_a11y", None)
    if cached is not None:
        return dict(cached)
    profile = _profile(request)
    stored = profile.preferences if profile is not None else None
    if isinstance(stored, dict) and _PROFILE_KEY in stored:
        prefs = _stored(stored[_PROFILE_KEY])
    else:
        prefs = decode_cookie(request.COOKIES.get(COOKIE_NAME)) or dict(DEFAULTS)
    request._chondral_a11y = prefs
    return dict(prefs)


def save_preferences(request: Any, response: Any, prefs: dict[str, Any]) -> None:
    """Keep ``prefs``: in the signed-in user's profile, and in the cookie on ``response``."""
    from django.conf import settings

    profile = _profile(request)
    if profile is not None:
        stored = profile.preferences if isinstance(profile.preferences, dict) else {}
        profile.preferences = {**stored, _PROFILE_KEY: dict(prefs)}
        profile.save(update_fields=["preferences"])
    response.set_cookie(
        COOKIE_NAME,
        encode_cookie(prefs),
        max_age=COOKIE_MAX_AGE_S,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
        httponly=False,  # a11y.js keeps it in step with the look that applies
    )
    request._chondral_a11y = dict(prefs)
