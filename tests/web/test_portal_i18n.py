"""Every user-visible string of the portal, the education pages and the sign-in page is marked
for translation (issue 12): rendered under a pseudo-translation (``tests/web/i18n_check.py``),
no visible text is left outside the translation markers but the page's own data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client

from web.i18n_check import pseudo_translation, unmarked_text
from web.portal_cases import preop_document, recovering_document
from web.test_portal_isolation import _crawl

pytestmark = pytest.mark.django_db


def test_the_check_finds_unmarked_text_and_accepts_marked_text() -> None:
    template = Template(
        "{% load i18n %}<html><head><title>{% translate 'Title' %}</title></head><body>"
        "<p>{% translate 'Marked words' %}</p><p>Loose words</p>"
        "<p>{% blocktranslate with n=3 %}{{ n }} holes{% endblocktranslate %}</p>"
        "<img alt=\"{% translate 'A drawing' %}\"><img alt='Bad alt'><p>12 / 3</p>"
        "<script>let words = 'not shown';</script><p>PORTAL-X</p></body></html>"
    )
    with pseudo_translation():
        html = template.render(Context())
    assert unmarked_text(html, data=["PORTAL-X"]) == ["Loose words", "Bad alt"]
    assert "Marked words" in html and "\u27e6" in html
    assert "\u27e6" not in template.render(Context()), "the markers end with the context"


def _html_pages(client: Client, start: str) -> dict[str, bytes]:
    return {
        url: body
        for url, (status, body) in _crawl(client, start).items()
        if status == 200 and body.lstrip()[:15].lower().startswith(b"<!doctype html")
    }


def _assert_marked(client: Client, pages: dict[str, bytes], data: list[str]) -> None:
    problems = {}
    for url in pages:
        with pseudo_translation():
            body = client.get(url).content.decode()
        loose = unmarked_text(body, data=data)
        if loose:
            problems[url] = loose
    assert problems == {}


@pytest.fixture
def patients(clinic: Any, make_user: Any, store_case: Any) -> dict[str, Any]:
    today = dt.date.today()
    surgeon = make_user("surgeon-i18n", "surgeon", clinic)
    recovering = store_case(recovering_document(today, case_id="I18N-REC"), clinic, surgeon)
    preop = store_case(preop_document(today, case_id="I18N-PRE"), clinic, surgeon)
    return {
        "I18N-REC": make_user("patient-i18n-rec", "patient", clinic, recovering),
        "I18N-PRE": make_user("patient-i18n-pre", "patient", clinic, preop),
    }


def test_visitor_pages_have_every_string_marked() -> None:
    from chondral import __version__

    client = Client()
    pages = _html_pages(client, "/learn/") | _html_pages(client, "/accounts/login/")
    assert "/accounts/login/" in pages
    assert len([url for url in pages if url.startswith("/learn/")]) >= 7, sorted(pages)
    _assert_marked(client, pages, ["chondral", __version__])


@pytest.mark.parametrize("case_id", ["I18N-REC", "I18N-PRE"])
def test_patient_pages_have_every_string_marked(patients: dict[str, Any], case_id: str) -> None:
    from chondral import __version__

    user = patients[case_id]
    client = Client()
    client.force_login(user)
    pages = _html_pages(client, "/my-hip/")
    portal = [url for url in pages if url.startswith("/my-hip/")]
    assert len(portal) >= 8, sorted(pages)
    _assert_marked(client, pages, ["chondral", __version__, user.get_username(), case_id])
