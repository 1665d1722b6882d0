"""A simple clock-face drawing of a hip for its patient (SVG text, no plotting library).

The dial is the surgeon's clock face as ``plan_clock`` draws it (product.md 4): seen looking
into the socket, 12:00 at the top and 6:00 at the bottom; 3:00 (the front, anterior) on the
viewer's right for a RIGHT hip and on the viewer's left for a LEFT hip (the left dial is the
mirror image, so its numbers run anticlockwise). The outer circle is the rim of the socket; rim
distances grow inward, so the centre is the deepest part of the socket (an azimuthal map around
the socket's apex, as ``plan_clock`` maps it). A damaged area is a shaded sector between two clock
positions and two fractions of the way from the rim to the centre.

Colours: every stroke and fill is ``currentColor`` or a class (``clock-face__*``) the page's
stylesheet colours from its theme variables, so high contrast and forced colours work. The SVG
has a ``viewBox`` and no fixed size: the page sizes it in rem or per cent. It is an image with a
name: ``role="img"`` and ``aria-labelledby`` pointing at its ``<title>`` and ``<desc>``; every
text is escaped. All words (title, description, the four directions) come from the caller,
already translated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from chondral.domain import Side
from chondral.errors import InvalidValueError

__all__ = ["DialWords", "Sector", "clock_face_svg", "dial_point"]

_DIAL_RADIUS = 80.0
_NUMERAL_RADIUS = 93.0
_WORD_GAP = 14.0
_MIN_SPAN_DEG = 15.0
"""A sector narrower than this (a lesion recorded without a size) is drawn this wide, centred."""
_MIN_DEPTH = 0.12
"""Likewise the thinnest band drawn, as a fraction of the rim-to-centre distance."""


@dataclass(frozen=True, slots=True)
class DialWords:
    """The drawing's words: its title and description (the text alternative) and the four
    directions written beside 12, 3, 6 and 9."""

    title: str
    description: str
    top: str
    front: str
    bottom: str
    back: str


@dataclass(frozen=True, slots=True)
class Sector:
    """A shaded area from ``start_deg`` to ``end_deg`` (clock degrees, increasing: 0 at 12:00,
    +30 per hour toward the front; ``end_deg`` may exceed 360 for a sector across 12:00), from
    ``outer`` to ``inner``: fractions of the rim-to-centre distance (1 = the rim, 0 = the
    centre)."""

    start_deg: float
    end_deg: float
    outer: float = 1.0
    inner: float = 0.55

    def __post_init__(self) -> None:
        for name in ("start_deg", "end_deg", "outer", "inner"):
            if not math.isfinite(getattr(self, name)):
                raise InvalidValueError("must be a finite number", field=name)
        if not 0.0 <= self.inner <= self.outer <= 1.0:
            raise InvalidValueError("needs 0 <= inner <= outer <= 1", field="inner")
        if not 0.0 <= self.end_deg - self.start_deg < 360.0:
            raise InvalidValueError("must lie from start_deg to under a full turn", field="end_deg")

    @classmethod
    def from_rim_distances(
        cls,
        start_deg: float,
        end_deg: float,
        rim_from_mm: float | None,
        rim_to_mm: float | None,
        map_radius_mm: float | None,
    ) -> Sector:
        """A sector from rim distances (mm) on a map whose rim-to-centre distance is
        ``map_radius_mm``; without them, a band near the rim."""
        if rim_from_mm is None or rim_to_mm is None or not map_radius_mm:
            return cls(start_deg, end_deg)
        outer = 1.0 - min(max(rim_from_mm / map_radius_mm, 0.0), 1.0)
        inner = 1.0 - min(max(rim_to_mm / map_radius_mm, 0.0), 1.0)
        return cls(start_deg, end_deg, outer, inner)


def dial_point(side: Side, clock_deg: float, fraction: float) -> tuple[float, float]:
    """SVG coordinates (y down) of a clock position ``fraction`` of the way from the centre
    to the rim: 3:00 to the right for a right hip, to the left for a left hip."""
    anterior = 1.0 if side is Side.RIGHT else -1.0
    radius = _DIAL_RADIUS * fraction
    angle = math.radians(clock_deg)
    return anterior * radius * math.sin(angle), -radius * math.cos(angle)


def _f(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _sector_path(side: Side, sector: Sector) -> str:
    start, end = sector.start_deg, sector.end_deg
    if end - start < _MIN_SPAN_DEG:
        middle = (start + end) / 2.0
        start, end = middle - _MIN_SPAN_DEG / 2.0, middle + _MIN_SPAN_DEG / 2.0
    outer, inner = sector.outer, sector.inner
    if outer - inner < _MIN_DEPTH:
        middle = (outer + inner) / 2.0
        outer = min(1.0, middle + _MIN_DEPTH / 2.0)
        inner = max(0.0, outer - _MIN_DEPTH)
    large = 1 if end - start > 180.0 else 0
    # increasing clock time turns clockwise on screen for a right hip, anticlockwise for a left
    sweep = 1 if side is Side.RIGHT else 0
    x0, y0 = dial_point(side, start, outer)
    x1, y1 = dial_point(side, end, outer)
    r_out = _DIAL_RADIUS * outer
    parts = [
        f"M {_f(x0)} {_f(y0)}",
        f"A {_f(r_out)} {_f(r_out)} 0 {large} {sweep} {_f(x1)} {_f(y1)}",
    ]
    if inner <= 0.0:
        parts.append("L 0 0")
    else:
        x2, y2 = dial_point(side, end, inner)
        x3, y3 = dial_point(side, start, inner)
        r_in = _DIAL_RADIUS * inner
        parts.append(f"L {_f(x2)} {_f(y2)}")
        parts.append(f"A {_f(r_in)} {_f(r_in)} 0 {large} {1 - sweep} {_f(x3)} {_f(y3)}")
    parts.append("Z")
    return " ".join(parts)


def clock_face_svg(
    side: Side | str,
    sectors: Sequence[Sector],
    words: DialWords,
    *,
    fossa_fraction: float | None = None,
    id_prefix: str = "clock-face",
) -> str:
    """The dial of a ``side`` hip with ``sectors`` shaded, as an SVG element (text).

    ``fossa_fraction``: where the fossa's edge lies (a fraction of the rim-to-centre distance
    from the centre), drawn dashed; None leaves it out. ``id_prefix`` makes the ids of the title
    and description unique on the page.
    """
    side = Side(side)
    if not id_prefix.replace("-", "").isalnum():
        raise InvalidValueError("letters, digits and hyphens only", field="id_prefix")
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    lines = [
        f'<svg class="clock-face__svg" viewBox="-175 -125 350 250" role="img"'
        f' aria-labelledby="{title_id} {desc_id}" focusable="false"'
        f' xmlns="http://www.w3.org/2000/svg" data-side="{side.value}">',
        f'<title id="{title_id}">{escape(words.title)}</title>',
        f'<desc id="{desc_id}">{escape(words.description)}</desc>',
        f'<circle class="clock-face__dial" cx="0" cy="0" r="{_f(_DIAL_RADIUS)}"'
        ' fill="none" stroke="currentColor" stroke-width="2.5"/>',
    ]
    if fossa_fraction is not None and 0.0 < fossa_fraction < 1.0:
        lines.append(
            f'<circle class="clock-face__fossa" cx="0" cy="0"'
            f' r="{_f(_DIAL_RADIUS * fossa_fraction)}" fill="none" stroke="currentColor"'
            ' stroke-width="1" stroke-dasharray="4 4"/>'
        )
    for sector in sectors:
        lines.append(
            f'<path class="clock-face__lesion" d="{_sector_path(side, sector)}"'
            ' fill="currentColor" stroke="currentColor" stroke-width="2"/>'
        )
    for hour in range(1, 13):
        clock_deg = (hour % 12) * 30.0
        x0, y0 = dial_point(side, clock_deg, 1.0)
        x1, y1 = dial_point(side, clock_deg, 0.9)
        lines.append(
            f'<line x1="{_f(x0)}" y1="{_f(y0)}" x2="{_f(x1)}" y2="{_f(y1)}"'
            ' stroke="currentColor" stroke-width="2"/>'
        )
        x, y = dial_point(side, clock_deg, _NUMERAL_RADIUS / _DIAL_RADIUS)
        lines.append(
            f'<text class="clock-face__hour" x="{_f(x)}" y="{_f(y)}" text-anchor="middle"'
            f' dominant-baseline="central" fill="currentColor" font-size="13">{hour}</text>'
        )
    anterior = 1.0 if side is Side.RIGHT else -1.0
    reach = _NUMERAL_RADIUS + _WORD_GAP
    word_lines = (
        (0.0, -reach - 4.0, "middle", words.top),
        (0.0, reach + 4.0, "middle", words.bottom),
        (anterior * reach, 0.0, "start" if anterior > 0 else "end", words.front),
        (-anterior * reach, 0.0, "end" if anterior > 0 else "start", words.back),
    )
    for x, y, anchor, text in word_lines:
        lines.append(
            f'<text class="clock-face__word" x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"'
            f' dominant-baseline="central" fill="currentColor" font-size="14"'
            f' font-weight="bold">{escape(text)}</text>'
        )
    lines.append("</svg>")
    return "\n".join(lines)
