"""Is every user-visible string of a page marked for translation?

``pseudo_translation()`` swaps Django's gettext family for one that wraps each translated
string in ``⟦`` and ``⟧`` (as a translation catalogue would replace it). A page rendered inside
it shows every marked string between the brackets, whether it came from ``{% translate %}``,
``{% blocktranslate %}``, ``gettext`` in Python, Django's own strings (month names, form
errors) or library text passed through the ``translated`` filter. ``unmarked_text(html)`` then
lists what a reader sees outside the brackets: text nodes and the attributes read out or shown
(``alt``, ``aria-label``, ``title``, ``placeholder``, button values). Numbers, dates written in
digits, punctuation and the data a test names as its own (a user name, a case id) are not text
to translate and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

OPEN, CLOSE = "\u27e6", "\u27e7"
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_NOT_WORDS = re.compile(r"^[\W\d_]*$")
_SHOWN_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder", "aria-description")
_SKIPPED_ELEMENTS = {"script", "style", "template"}


def _wrap(text: object) -> str:
    return f"{OPEN}{text}{CLOSE}"


@contextmanager
def pseudo_translation() -> Iterator[None]:
    """Inside it, every string Django translates comes back bracketed."""
    from django.utils import translation

    trans = translation._trans
    real = {name: getattr(trans, name) for name in ("gettext", "ngettext", "pgettext", "npgettext")}
    trans.gettext = lambda message: _wrap(real["gettext"](message))
    trans.ngettext = lambda singular, plural, number: _wrap(
        real["ngettext"](singular, plural, number)
    )
    trans.pgettext = lambda context, message: _wrap(real["pgettext"](context, message))
    trans.npgettext = lambda context, singular, plural, number: _wrap(
        real["npgettext"](context, singular, plural, number)
    )
    try:
        yield
    finally:
        for name, function in real.items():
            setattr(trans, name, function)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
        if tag in _SKIPPED_ELEMENTS:
            self._skipping += 1
        values = dict(attrs)
        for name in _SHOWN_ATTRIBUTES:
            if values.get(name):
                self.chunks.append(str(values[name]))
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.chunks.append(str(values.get("value") or ""))
        if tag == "title":
            self._in_body = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if self._in_body and not self._skipping:
            self.chunks.append(data)


def _strip_marked(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _MARKED.sub(" ", text)
    return text


def unmarked_text(html: str, data: Iterable[str] = ()) -> list[str]:
    """The pieces of visible text in ``html`` not marked for translation, once the strings in
    ``data`` (the page's own data: names, ids) are taken out; ``[]`` when all is marked."""
    parser = _Text()
    parser.feed(html)
    known = sorted((item for item in data if item), key=len, reverse=True)
    found = []
    for chunk in parser.chunks:
        rest = _strip_marked(chunk)
        for item in known:
            rest = rest.replace(item, " ")
        for piece in re.split(r"\s{2,}|\n", rest):
            piece = piece.strip()
            if piece and not _NOT_WORDS.match(piece):
                found.append(piece)
    return found
