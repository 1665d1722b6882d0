"""The education pages for patients and visitors: their order, titles and templates.

One page per step of the pathway, in the order a patient meets them (what the operation is, who
it suits, getting ready, the day, recovery, when to call the team). The words are ours, in plain
language, and the facts come from ``shared/design/clinical-reference.md`` and the clinic's
rehabilitation protocol (``chondral/pathway/resources/microfracture-protocol.json``); the pages
themselves are templates (``templates/portal/learn/<slug>.html``). The index, the page view and
the previous/next links all read this one list, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["PAGES", "LearnPage", "find_page", "neighbours"]


@dataclass(frozen=True, slots=True)
class LearnPage:
    """One education page: its URL slug, its title (``h1`` and page title) and a one-line
    description for the index."""

    slug: str
    title: str | Promise
    description: str | Promise

    @property
    def template(self) -> str:
        """The page's template."""
        return f"portal/learn/{self.slug}.html"


PAGES: tuple[LearnPage, ...] = (
    LearnPage(
        "what-is-microfracture",
        _("What is hip microfracture?"),
        _("What the operation does, and why small holes in the bone help."),
    ),
    LearnPage(
        "who-is-it-for",
        _("Who is it for?"),
        _("Who it suits, and what else your surgeon may offer."),
    ),
    LearnPage(
        "getting-ready",
        _("Getting ready for surgery"),
        _("Tests, medicines, and what to plan at home."),
    ),
    LearnPage(
        "day-of-surgery",
        _("The day of surgery"),
        _("What happens in the operating room, step by step."),
    ),
    LearnPage(
        "recovery",
        _("Your recovery"),
        _("Pain relief, crutches, exercises and visits in the months after."),
    ),
    LearnPage(
        "when-to-call",
        _("When to call your team"),
        _("Signs that need a call to your team, or an emergency call."),
    ),
)
"""The pages in reading order."""


def find_page(slug: str) -> LearnPage | None:
    """The page with ``slug``, or None."""
    return next((page for page in PAGES if page.slug == slug), None)


def neighbours(page: LearnPage) -> tuple[LearnPage | None, LearnPage | None]:
    """The pages before and after ``page`` in reading order (None at either end)."""
    index = PAGES.index(page)
    previous = PAGES[index - 1] if index > 0 else None
    following = PAGES[index + 1] if index + 1 < len(PAGES) else None
    return previous, following
