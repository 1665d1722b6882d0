"""Template filters of the portal.

``translated``: text that comes from the library's resources at run time (a rehabilitation
phase's exercises, a questionnaire item's label) rather than from a template, passed through
gettext so that a translation catalogue can translate it like the templates' own strings.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def translated(text: object) -> str:
    """``text`` through gettext (an empty string for None)."""
    if text is None:
        return ""
    return gettext(str(text))
