"""Exact half-up rounding of scores to one decimal.

Every score in ``chondral.outcomes`` is computed as an exact rational number (``Fraction``) and
rounded once, at the end, to one decimal with ties away from zero (``decimal.ROUND_HALF_UP``).
Python's ``round`` on a float does neither: it rounds ties to even, and the float it rounds is
already a binary approximation, so ``round(72.45, 1)`` gives ``72.5`` by luck and
``round(0.25, 1)`` gives ``0.2``. Here 0.25 -> 0.3 and 72.45 -> 72.5, always.

A float answer (a visual-analogue mark) is read as the decimal number it prints as (its shortest
``repr``), which is the number written in the JSON or YAML file, not the nearest binary double.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction
from typing import Final

__all__ = ["exact_decimal", "exact_sum", "round_half_up_tenths"]

_UNLIMITED: Final = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Additions in this context keep every digit (the thread's context may round at 28 digits)."""


def exact_decimal(value: float) -> Decimal:
    """A finite float answer as the decimal number it prints as (``72.35`` -> ``72.35``)."""
    return Decimal(repr(value))


def exact_sum(values: Iterable[int | Decimal]) -> Fraction:
    """The exact sum of whole-number and decimal answers."""
    total = Decimal(0)
    for value in values:
        total = _UNLIMITED.add(total, value)
    return Fraction(total)


def round_half_up_tenths(value: Fraction) -> Decimal:
    """``value`` rounded to one decimal, ties away from zero, as an exact ``Decimal``.

    >>> round_half_up_tenths(Fraction(1, 4)), round_half_up_tenths(Fraction(-1, 4))
    (Decimal('0.3'), Decimal('-0.3'))
    >>> round_half_up_tenths(Fraction(1001, 10))
    Decimal('100.1')
    """
    magnitude = abs(value)
    # floor(10 * |v| + 1/2) with integers only: (20 n + d) // (2 d)
    tenths = (20 * magnitude.numerator + magnitude.denominator) // (2 * magnitude.denominator)
    return Decimal(-tenths if value < 0 else tenths).scaleb(-1)
