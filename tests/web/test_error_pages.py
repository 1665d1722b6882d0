"""The error pages are pages of the site (issue 12, WCAG 2.2 AA): not Django's bare defaults,
but the base template's landmarks, a title that says what happened, one ``h1`` and a way back.
Their accessibility in a browser (axe) is checked by ``browser/test_clinician_pages_axe.py``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _structure(html: str) -> tuple[str, list[str], bool]:
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    return (
        " ".join(title.group(1).split()),
        re.findall(r"<h1>(.*?)</h1>", html),
        '<main id="main"' in html,
    )


def test_not_found_page_has_the_site_around_it(surgeon: Any) -> None:
    response = _signed_in(surgeon).get("/cases/NO-SUCH-CASE/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _structure(html) == ("Page not found · chondral", ["Page not found"], True)
    assert 'href="/cases/"' in html  # back to the clinician's start page
    assert "NO-SUCH-CASE" not in html.split('<main id="main"')[1]  # the id is not echoed


def test_refused_page_has_the_site_around_it(make_user: Any, clinic: Any, demo_case: Any) -> None:
    physio = make_user("physio1", "physio", clinic)
    response = _signed_in(physio).get(f"/cases/{demo_case.case_id}/edit/")
    assert response.status_code == 403
    assert _structure(response.content.decode()) == (
        "Not allowed · chondral",
        ["Not allowed"],
        True,
    )


def test_server_error_page_renders_without_a_request() -> None:
    """Django renders 500.html with an empty context (nothing else may work by then)."""
    html = render_to_string("500.html")
    assert _structure(html) == ("Something went wrong · chondral", ["Something went wrong"], True)
    assert '<html lang="en">' in html
