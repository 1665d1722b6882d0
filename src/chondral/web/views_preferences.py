"""``POST /preferences/``: change the accessibility preferences (``chondral.web.preferences``).

Two ways in, both CSRF protected and open to visitors as well as signed-in users:

- the tools' JavaScript (``static/chondral/a11y.js``) sends the preferences as JSON,
  ``{"accessibility": {"text_step": 2, "contrast": true, ...}}`` (settings left out keep their
  value); the answer is 200 with the saved preferences and their classes, or 400 with
  ``{"detail": ..., "errors": [{"field": "accessibility.text_step", "message": ...}]}``;
- without JavaScript, the tools are a form: each button posts ``tool=<action>`` and ``next``
  (the page it was on); the answer redirects back to that page's tools region. A ``next`` that
  is not a page of this site is refused (400), never followed.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chondral.web.preferences import (
    MAX_TEXT_STEP,
    PreferenceError,
    apply_tool,
    classes,
    merge_preferences,
    read_preferences,
    save_preferences,
)

__all__ = ["TOOLS_ANCHOR", "preferences"]

MAX_JSON_BODY_BYTES = 4096
TOOLS_ANCHOR = "a11y-tools"
"""The id of the tools region in ``clinic/base.html``: a form post returns there."""


def _refusal(field: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": f"{field}: {message}", "errors": [{"field": field, "message": message}]},
        status=400,
    )


def _json_body(request: HttpRequest) -> Any:
    if len(request.body) > MAX_JSON_BODY_BYTES:
        raise PreferenceError("body", f"is larger than {MAX_JSON_BODY_BYTES} bytes")
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError) as error:
        raise PreferenceError("body", "is not valid JSON") from error
    if not isinstance(body, dict):
        raise PreferenceError("body", 'must be an object: {"accessibility": {...}}')
    for key in body:
        if key != "accessibility":
            raise PreferenceError(str(key), "is not a known field")
    if "accessibility" not in body:
        raise PreferenceError("accessibility", "is missing")
    return body["accessibility"]


def _save_json(request: HttpRequest) -> HttpResponse:
    try:
        prefs = merge_preferences(read_preferences(request), _json_body(request))
    except PreferenceError as error:
        return _refusal(error.field, error.message)
    response = JsonResponse({"accessibility": prefs, "classes": classes(prefs)})
    save_preferences(request, response, prefs)
    return response


def _limit_message(tool: str) -> str:
    if tool == "larger":
        return _("Text size is already at its largest (%(step)s of %(top)s).") % {
            "step": MAX_TEXT_STEP,
            "top": MAX_TEXT_STEP,
        }
    return _("Text size is already at its smallest (normal size).")


def _save_form(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponse(
            _("next: not a page of this site."), status=400, content_type="text/plain"
        )
    tool = request.POST.get("tool", "")
    try:
        prefs, changed = apply_tool(read_preferences(request), tool)
    except PreferenceError as error:
        return HttpResponse(
            f"{error.field}: {error.message}", status=400, content_type="text/plain"
        )
    if not changed and tool in ("larger", "smaller"):
        messages.info(request, _limit_message(tool))
    response = HttpResponseRedirect(target.split("#", 1)[0] + "#" + TOOLS_ANCHOR)
    save_preferences(request, response, prefs)
    return response


@login_not_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """Save the accessibility preferences sent as JSON or by the tools' form."""
    if request.content_type == "application/json":
        return _save_json(request)
    return _save_form(request)
