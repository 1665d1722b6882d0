"""The patient's clock-face drawing (``reports.clock_face_svg``): the dial of a right hip has
3:00 (the front) on the right, a left hip's is its mirror image; a sector is shaded where it is
asked; every word is escaped; the image has a name and a description; colours are
``currentColor`` or classes, never fixed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from chondral.domain import Side
from chondral.errors import InvalidValueError
from chondral.reports.clock_face_svg import DialWords, Sector, clock_face_svg, dial_point

SVG = "{http://www.w3.org/2000/svg}"
WORDS = DialWords("Where <it> is", "A dial & a sector", "Top", "Front", "Bottom", "Back")


def _tree(side: Side, sectors: list[Sector]) -> ET.Element:
    return ET.fromstring(clock_face_svg(side, sectors, WORDS, fossa_fraction=0.4))


def _hour_x(root: ET.Element, hour: int) -> float:
    for text in root.iter(f"{SVG}text"):
        if text.text == str(hour):
            return float(text.get("x", "nan"))
    raise AssertionError(f"no numeral {hour}")


@pytest.mark.parametrize(("side", "sign"), [(Side.RIGHT, 1), (Side.LEFT, -1)])
def test_three_o_clock_is_the_front_on_the_patients_side(side: Side, sign: int) -> None:
    root = _tree(side, [])
    assert sign * _hour_x(root, 3) > 0 and sign * _hour_x(root, 9) < 0
    assert abs(_hour_x(root, 12)) < 1e-6 and abs(_hour_x(root, 6)) < 1e-6
    words = {t.text: float(t.get("x", "nan")) for t in root.iter(f"{SVG}text")}
    assert sign * words["Front"] > 0 and sign * words["Back"] < 0
    assert root.get("data-side") == side.value


def test_a_point_at_half_past_one_is_up_and_toward_the_front() -> None:
    x, y = dial_point(Side.RIGHT, 45.0, 1.0)
    assert x > 0 and y < 0 and x == pytest.approx(-y)
    assert dial_point(Side.LEFT, 45.0, 1.0) == pytest.approx((-x, y))


def _corners(d: str) -> list[tuple[float, float]]:
    """The end points of a path's M, L and A commands."""
    tokens = d.split()
    corners, index = [], 0
    while index < len(tokens):
        command = tokens[index]
        if command in {"M", "L"}:
            corners.append((float(tokens[index + 1]), float(tokens[index + 2])))
            index += 3
        elif command == "A":
            corners.append((float(tokens[index + 6]), float(tokens[index + 7])))
            index += 8
        else:
            index += 1
    return corners


@pytest.mark.parametrize(("side", "sign"), [(Side.RIGHT, 1), (Side.LEFT, -1)])
def test_the_sector_is_drawn_at_its_clock_position(side: Side, sign: int) -> None:
    """1:00 to 2:00 lies up and toward the front: right of centre for a right hip."""
    root = _tree(side, [Sector(30.0, 60.0, 0.95, 0.7)])
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("class") == "clock-face__lesion"]
    corners = _corners(path.get("d", ""))
    assert len(corners) == 4
    for x, y in corners:
        assert sign * x > 0 and y < 0
        assert 0.7 * 80 - 0.01 <= (x * x + y * y) ** 0.5 <= 0.95 * 80 + 0.01
    assert corners[0] == pytest.approx(dial_point(side, 30.0, 0.95), abs=0.01)
    assert corners[1] == pytest.approx(dial_point(side, 60.0, 0.95), abs=0.01)


def test_words_are_escaped_and_the_image_is_named() -> None:
    text = clock_face_svg(Side.RIGHT, [], WORDS)
    assert "Where &lt;it&gt; is" in text and "A dial &amp; a sector" in text
    root = ET.fromstring(text)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "clock-face-title clock-face-desc"
    assert root.find(f"{SVG}title").get("id") == "clock-face-title"  # type: ignore[union-attr]
    assert root.get("viewBox") and root.get("width") is None


def test_no_colour_is_fixed() -> None:
    text = clock_face_svg(Side.LEFT, [Sector(0.0, 100.0)], WORDS, fossa_fraction=0.5)
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', text))
    assert colours <= {"currentColor", "none"}
    assert "#" not in text


def test_a_sector_from_rim_distances() -> None:
    sector = Sector.from_rim_distances(30.0, 60.0, 1.0, 11.0, 34.0)
    assert sector.outer == pytest.approx(1 - 1 / 34) and sector.inner == pytest.approx(1 - 11 / 34)
    assert Sector.from_rim_distances(30.0, 60.0, None, None, None) == Sector(30.0, 60.0)


@pytest.mark.parametrize(
    "arguments", [(60.0, 30.0), (0.0, 360.0), (0.0, 10.0, 0.5, 0.6), (float("nan"), 1.0)]
)
def test_impossible_sectors_are_refused(arguments: tuple[float, ...]) -> None:
    with pytest.raises(InvalidValueError):
        Sector(*arguments)


def test_an_odd_id_prefix_is_refused() -> None:
    with pytest.raises(InvalidValueError):
        clock_face_svg(Side.RIGHT, [], WORDS, id_prefix='x" onload="y')
