"""The machine form of one scored questionnaire (``chondral score --json``).

Keys: ``instrument``, ``version``, ``score`` (a number, or ``null`` when the form cannot be
scored), ``scorable``, ``answered``, ``reason``; and, for the instruments whose minimum number
of answered items is chondral's choice rather than the manual's (HOS-ADL, HOS-Sport, iHOT-12,
NAHS), ``answered_rule``: ``{"min_answered", "item_count", "default", "published": false,
"note"}``. mHHS and VAS pain carry no ``answered_rule``: every item is required.
"""

from __future__ import annotations

from typing import Any

from chondral.outcomes import AnsweredRule, ScoreResult

__all__ = ["answered_rule_to_dict", "score_result_to_dict"]


def answered_rule_to_dict(rule: AnsweredRule) -> dict[str, Any]:
    """The minimum-answered rule a form was judged by, and that it is not published."""
    return {
        "min_answered": rule.min_answered,
        "item_count": rule.item_count,
        "default": rule.default,
        "published": rule.published,
        "note": rule.note,
    }


def score_result_to_dict(result: ScoreResult) -> dict[str, Any]:
    """One JSON-serialisable object; keys as documented in docs/outcomes.md."""
    document: dict[str, Any] = {
        "instrument": result.instrument,
        "version": result.version,
        "score": None if result.score is None else float(result.score),
        "scorable": result.scorable,
        "answered": result.answered,
        "reason": result.reason,
    }
    if result.answered_rule is not None:
        document["answered_rule"] = answered_rule_to_dict(result.answered_rule)
    return document
