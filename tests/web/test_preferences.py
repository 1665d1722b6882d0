"""Accessibility preferences (``chondral.web.preferences``, ``POST /preferences/``): the
defaults, each tool, the text step's limits, a visitor's cookie, a signed-in user's profile
(read back on another session), strict refusal of bad JSON naming the field, ``next`` kept to
this site, and the classes and button states the base template renders."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from chondral.web.preferences import (
    COOKIE_NAME,
    DEFAULTS,
    PreferenceError,
    apply_tool,
    classes,
    decode_cookie,
    encode_cookie,
    parse_preferences,
)

LOGIN = "/accounts/login/"
ALL_ON = {
    "text_step": 3,
    "contrast": True,
    "reduce_motion": True,
    "readable_font": True,
    "highlight_links": True,
    "line_spacing": True,
}


def _html_classes(page: str) -> set[str]:
    match = re.search(r'<html lang="[^"]+" class="([^"]*)">', page)
    assert match, "the <html> element carries the classes"
    return set(match.group(1).split())


def _button(page: str, tool: str) -> str:
    match = re.search(rf'<button name="tool" value="{tool}"[^>]*>', page)
    assert match, f"the {tool} button"
    return match.group(0)


def _output(page: str) -> str:
    match = re.search(r'<output[^>]*id="a11y-text-size"[^>]*>([^<]*)</output>', page)
    assert match
    return match.group(1)


def _press(client: Client, tool: str, next_url: str = LOGIN) -> Any:
    return client.post("/preferences/", {"tool": tool, "next": next_url})


def _post_json(client: Client, body: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/preferences/", data, content_type="application/json")


# --- the library -----------------------------------------------------------------------------


def test_defaults_have_no_classes_and_all_on_has_every_class() -> None:
    assert classes(DEFAULTS) == ""
    assert classes(ALL_ON).split() == [
        "a11y-text-3",
        "a11y-contrast",
        "a11y-reduce-motion",
        "a11y-readable-font",
        "a11y-highlight-links",
        "a11y-line-spacing",
    ]


@pytest.mark.parametrize(
    ("tool", "setting"),
    [
        ("contrast", "contrast"),
        ("reduce_motion", "reduce_motion"),
        ("readable_font", "readable_font"),
        ("highlight_links", "highlight_links"),
        ("line_spacing", "line_spacing"),
    ],
)
def test_a_toggle_flips_its_setting_only(tool: str, setting: str) -> None:
    on, changed = apply_tool(DEFAULTS, tool)
    assert changed and on == {**DEFAULTS, setting: True}
    off, changed = apply_tool(on, tool)
    assert changed and off == DEFAULTS


def test_text_steps_go_0_to_3_and_stay_at_the_ends() -> None:
    prefs = dict(DEFAULTS)
    steps = []
    for _ in range(3):
        prefs, changed = apply_tool(prefs, "larger")
        assert changed
        steps.append(prefs["text_step"])
    assert steps == [1, 2, 3]
    assert apply_tool(prefs, "larger") == (prefs, False)
    for _ in range(3):
        prefs, _changed = apply_tool(prefs, "smaller")
    assert prefs["text_step"] == 0
    assert apply_tool(prefs, "smaller") == (prefs, False)


def test_reset_restores_the_defaults() -> None:
    assert apply_tool(ALL_ON, "reset") == (DEFAULTS, True)


def test_an_unknown_tool_is_refused_naming_tool() -> None:
    with pytest.raises(PreferenceError) as caught:
        apply_tool(DEFAULTS, "bigger")
    assert caught.value.field == "tool"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"text_step": 4}, "accessibility.text_step"),
        ({"text_step": -1}, "accessibility.text_step"),
        ({"text_step": 1.5}, "accessibility.text_step"),
        ({"text_step": True}, "accessibility.text_step"),
        ({"text_step": "2"}, "accessibility.text_step"),
        ({"contrast": 1}, "accessibility.contrast"),
        ({"contrast": "true"}, "accessibility.contrast"),
        ({"line_spacing": None}, "accessibility.line_spacing"),
        ({"font_size": 2}, "accessibility.font_size"),
        ([1, 2], "accessibility"),
    ],
)
def test_bad_preferences_name_the_field(value: Any, field: str) -> None:
    with pytest.raises(PreferenceError) as caught:
        parse_preferences(value)
    assert caught.value.field == field


def test_every_combination_survives_the_cookie() -> None:
    for bits in range(32):
        for step in range(4):
            prefs = dict(DEFAULTS, text_step=step)
            for index, name in enumerate(
                ["contrast", "reduce_motion", "readable_font", "highlight_links", "line_spacing"]
            ):
                prefs[name] = bool(bits & (1 << index))
            code = encode_cookie(prefs)
            assert len(code) <= 6
            assert decode_cookie(code) == prefs


@pytest.mark.parametrize("value", ["", "4", "x", "1cc", "1z", "2chmfsx", "{}", None])
def test_an_unreadable_cookie_reads_as_none(value: str | None) -> None:
    assert decode_cookie(value) is None


# --- the pages and the endpoint --------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_first_visit_has_the_defaults_and_every_tool(client: Client) -> None:
    page = client.get(LOGIN).content.decode()
    assert _html_classes(page) == set()
    assert 'aria-labelledby="a11y-tools-title"' in page
    assert '<span class="a11y-title" id="a11y-tools-title">Accessibility tools</span>' in page
    for name in (
        "Smaller text",
        "Larger text",
        "High contrast",
        "Reduce motion",
        "Readable font",
        "Highlight links",
        "Line spacing",
        "Reset",
        "Read aloud",
    ):
        assert f">{name}</button>" in page, name
    for tool in ("contrast", "reduce_motion", "readable_font", "highlight_links", "line_spacing"):
        assert 'aria-pressed="false"' in _button(page, tool)
    assert 'aria-disabled="true"' in _button(page, "smaller")
    assert "aria-disabled" not in _button(page, "larger")
    assert _output(page) == "Text size: normal"
    # skip links come first in the body, before the header
    body = page[page.index("<body>") :]
    assert body.index('href="#main"') < body.index('href="#a11y-tools"') < body.index("<header")


@pytestmark_db
@pytest.mark.parametrize(
    ("tool", "css"),
    [
        ("contrast", "a11y-contrast"),
        ("reduce_motion", "a11y-reduce-motion"),
        ("readable_font", "a11y-readable-font"),
        ("highlight_links", "a11y-highlight-links"),
        ("line_spacing", "a11y-line-spacing"),
        ("larger", "a11y-text-1"),
    ],
)
def test_each_tool_by_form_post_redirects_back_and_applies(
    client: Client, tool: str, css: str
) -> None:
    response = _press(client, tool, LOGIN + "?next=/cases/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=/cases/#a11y-tools"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 365 * 24 * 3600
    page = client.get(LOGIN).content.decode()
    assert _html_classes(page) == {css}
    if tool != "larger":
        assert 'aria-pressed="true"' in _button(page, tool)
    _press(client, "reset")
    assert _html_classes(client.get(LOGIN).content.decode()) == set()


@pytestmark_db
def test_larger_text_at_the_top_step_stays_there_and_says_so(client: Client) -> None:
    outputs = []
    for _ in range(3):
        _press(client, "larger")
        outputs.append(_output(client.get(LOGIN).content.decode()))
    assert outputs == ["Text size: 1 of 3", "Text size: 2 of 3", "Text size: 3 of 3 (largest)"]
    response = _press(client, "larger")
    assert response.status_code == 302
    page = client.get(LOGIN).content.decode()
    assert "a11y-text-3" in _html_classes(page)
    assert "Text size is already at its largest (3 of 3)." in page
    assert 'aria-disabled="true"' in _button(page, "larger")
    assert "aria-disabled" not in _button(page, "smaller")


@pytestmark_db
def test_a_visitor_cookie_is_read_back_and_a_broken_one_ignored(client: Client) -> None:
    _press(client, "contrast")
    _press(client, "larger")
    assert client.cookies[COOKIE_NAME].value == "1c"
    other = Client()
    other.cookies[COOKIE_NAME] = "1c"
    assert _html_classes(other.get(LOGIN).content.decode()) == {"a11y-text-1", "a11y-contrast"}
    broken = Client()
    broken.cookies[COOKIE_NAME] = '{"text_step": 9}'
    assert _html_classes(broken.get(LOGIN).content.decode()) == set()
    response = _press(broken, "line_spacing")
    assert response.cookies[COOKIE_NAME].value == "0s"  # replaced by a valid one


@pytestmark_db
def test_json_saves_the_whole_preferences(client: Client) -> None:
    response = _post_json(client, {"accessibility": ALL_ON})
    assert response.status_code == 200
    assert response.json()["accessibility"] == ALL_ON
    assert response.json()["classes"] == classes(ALL_ON)
    assert _html_classes(client.get(LOGIN).content.decode()) == set(classes(ALL_ON).split())
    # a setting left out keeps its value
    response = _post_json(client, {"accessibility": {"contrast": False}})
    assert response.json()["accessibility"] == {**ALL_ON, "contrast": False}


@pytestmark_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{not json", "body"),
        ("[1, 2]", "body"),
        ("[" * 5000 + "]" * 5000, "body"),
        ({}, "accessibility"),
        ({"accessibility": {"text_step": 4}}, "accessibility.text_step"),
        ({"accessibility": {"contrast": "yes"}}, "accessibility.contrast"),
        ({"accessibility": {"zoom": 2}}, "accessibility.zoom"),
        ({"accessibility": "big"}, "accessibility"),
        ({"accessibility": {}, "theme": "dark"}, "theme"),
    ],
)
def test_bad_json_is_refused_naming_the_field(client: Client, body: Any, field: str) -> None:
    response = _post_json(client, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert response.json()["detail"].startswith(field + ": ")
    assert COOKIE_NAME not in response.cookies


@pytestmark_db
@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "http://evil.example", "javascript:alert(1)"],
)
def test_next_to_another_site_is_refused(client: Client, target: str) -> None:
    response = _press(client, "contrast", target)
    assert response.status_code == 400
    assert b"next" in response.content
    assert COOKIE_NAME not in response.cookies


@pytestmark_db
def test_a_bad_tool_is_refused_and_get_is_not_allowed(client: Client) -> None:
    response = _press(client, "explode")
    assert response.status_code == 400 and b"tool" in response.content
    assert client.get("/preferences/").status_code == 405


@pytestmark_db
def test_without_a_csrf_token_the_post_is_refused() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert _press(strict, "contrast").status_code == 403
    assert (
        strict.post(
            "/preferences/", json.dumps({"accessibility": {}}), content_type="application/json"
        ).status_code
        == 403
    )


@pytestmark_db
def test_the_form_post_works_with_the_pages_own_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(LOGIN).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    response = strict.post(
        "/preferences/",
        {"tool": "contrast", "next": LOGIN, "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    response = strict.post(
        "/preferences/",
        json.dumps({"accessibility": {"line_spacing": True}}),
        content_type="application/json",
        headers={"X-CSRFToken": token.group(1)},
    )
    assert response.status_code == 200


@pytestmark_db
def test_a_signed_in_user_keeps_preferences_in_the_profile(
    make_user: Callable[..., Any], clinic: Any
) -> None:
    from chondral.web.models import Profile

    user = make_user("physio-a11y", "physio", clinic)
    Profile.objects.filter(user=user).update(preferences={"other": 1})
    first = Client()
    first.force_login(user)
    assert (
        _post_json(first, {"accessibility": {"text_step": 2, "contrast": True}}).status_code == 200
    )
    stored = Profile.objects.get(user=user).preferences
    assert stored == {"other": 1, "accessibility": {**DEFAULTS, "text_step": 2, "contrast": True}}
    # another device: no cookie, the profile's preferences apply
    second = Client()
    second.force_login(user)
    page = second.get("/cases/").content.decode()
    assert _html_classes(page) == {"a11y-text-2", "a11y-contrast"}
    assert 'aria-pressed="true"' in _button(page, "contrast")
    # the form post with the tools saves to the profile too, and returns to the page
    response = _press(second, "line_spacing", "/cases/")
    assert response["Location"] == "/cases/#a11y-tools"
    assert Profile.objects.get(user=user).preferences["accessibility"]["line_spacing"] is True


@pytestmark_db
def test_on_sign_in_the_profile_preferences_replace_the_visitors(
    make_user: Callable[..., Any], clinic: Any
) -> None:
    from chondral.web.models import Profile

    user = make_user("staff-a11y", "staff", clinic)
    Profile.objects.filter(user=user).update(
        preferences={"accessibility": {**DEFAULTS, "readable_font": True}}
    )
    client = Client()
    _press(client, "contrast")
    assert _html_classes(client.get(LOGIN).content.decode()) == {"a11y-contrast"}
    client.force_login(user)
    assert _html_classes(client.get("/cases/").content.decode()) == {"a11y-readable-font"}


@pytestmark_db
def test_a_profile_without_preferences_keeps_the_browsers(
    make_user: Callable[..., Any], clinic: Any
) -> None:
    user = make_user("surgeon-a11y", "surgeon", clinic)
    client = Client()
    _press(client, "larger")
    client.force_login(user)
    assert _html_classes(client.get("/cases/").content.decode()) == {"a11y-text-1"}


@pytestmark_db
def test_an_unreadable_profile_value_gives_the_defaults(
    make_user: Callable[..., Any], clinic: Any
) -> None:
    from chondral.web.models import Profile

    user = make_user("staff-bad", "staff", clinic)
    Profile.objects.filter(user=user).update(preferences={"accessibility": {"text_step": 99}})
    client = Client()
    client.force_login(user)
    assert _html_classes(client.get("/cases/").content.decode()) == set()


@pytestmark_db
def test_the_sign_in_page_is_accessible_markup(client: Client) -> None:
    page = client.get(LOGIN).content.decode()
    assert "<title>Sign in · chondral</title>" in page
    assert '<html lang="en-gb"' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert '<label for="id_username">' in page and '<label for="id_password">' in page
    failed = client.post(LOGIN, {"username": "nobody", "password": "wrong"}).content.decode()
    assert "<title>Error: Sign in · chondral</title>" in failed
    assert 'role="alert"' in failed and 'href="#id_username"' in failed
    assert failed.count('aria-invalid="true" aria-describedby="sign-in-error"') == 2
    assert 'value="nobody"' in failed
    empty = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert 'aria-describedby="username-error"' in empty
    assert 'aria-describedby="password-error"' in empty
    assert 'href="#id_password"' in empty


@pytestmark_db
def test_navigation_by_role(make_user: Callable[..., Any], clinic: Any, client: Client) -> None:
    visitor = client.get(LOGIN).content.decode()
    nav = visitor[visitor.index("<nav") : visitor.index("</nav>")]
    assert re.findall(r">([^<>]+)</a></li>", nav) == ["Learn", "Sign in"]
    surgeon = make_user("surgeon-nav", "surgeon", clinic)
    signed_in = Client()
    signed_in.force_login(surgeon)
    page = signed_in.get("/cases/").content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert ">Cases</a>" in nav and ">Cohort</a>" in nav and ">Learn</a>" in nav
    assert ">Sign in</a>" not in nav and ">My hip</a>" not in nav
    assert ">Sign out</button>" in page and "Signed in as surgeon-nav (surgeon)" in page
    patient = make_user("patient-nav", "patient", clinic)
    signed_in = Client()
    signed_in.force_login(patient)
    page = signed_in.get("/learn/").content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert re.findall(r">([^<>]+)</a></li>", nav) == ["My hip", "Questionnaires", "Learn"]
    assert 'aria-current="page"' in nav.split(">Learn</a>")[0].rsplit("<a", 1)[1]
    assert "Signed in as patient-nav<" in page
