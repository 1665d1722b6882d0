"""The patient's own pages: "My hip" (``/my-hip/``) and its calendar (``/my-hip/calendar.ics``).

Both find the case from the signed-in patient's profile (``portal_access.own_case``: audited,
404 for anyone else, never a case id in the URL) and show it as of today in the clinic's time
zone. The facts come from ``services.patient_hip``; the clock-face drawing from
``reports.clock_face_svg`` with words translated here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from chondral.errors import ChondralError
from chondral.pathway import DEFAULT_POLICY
from chondral.reports.clock_face_svg import DialWords, Sector, clock_face_svg
from chondral.services.case_overview import patient_rehab_ical
from chondral.services.patient_hip import LesionFacts, PatientHip, patient_hip
from chondral.web.jobs import current_planned_holes
from chondral.web.portal_access import own_case
from chondral.web.roles import Action
from chondral.web.store import Recent, current_version, load_case
from chondral.web.views_case import attachment

__all__ = ["my_hip", "my_hip_ics"]

CALENDAR_FILENAME = "my-hip-calendar.ics"

RECENT_PAGES = Recent(256)
"""A patient's facts by (document digest, day, planned hole count): the same document on the
same day with the same plan gives the same facts under the default policy."""


def _where_words(lesion: LesionFacts) -> str:
    if lesion.is_range:
        return gettext("from %(start)s to %(end)s on the clock face, %(direction)s") % {
            "start": gettext(lesion.clock_start_words),
            "end": gettext(lesion.clock_end_words),
            "direction": gettext(lesion.direction),
        }
    return gettext("at about %(time)s on the clock face, %(direction)s") % {
        "time": gettext(lesion.clock_start_words),
        "direction": gettext(lesion.direction),
    }


def _drawings(hip: PatientHip) -> list[dict[str, Any]]:
    """One clock-face drawing per joint surface with a lesion: its SVG and caption."""
    side_words = gettext("your right hip") if hip.side == "right" else gettext("your left hip")
    drawings = []
    for surface in ("acetabulum", "femoral_head"):
        lesions = [lesion for lesion in hip.lesions if lesion.surface == surface]
        if not lesions:
            continue
        part = gettext(lesions[0].part)
        where = "; ".join(_where_words(lesion) for lesion in lesions)
        front = (
            gettext("3 is at the front, on the right of the drawing")
            if hip.side == "right"
            else gettext("3 is at the front, on the left of the drawing")
        )
        if surface == "acetabulum":
            description = gettext(
                "A clock face of %(side)s, as your surgeon sees it looking into the socket. It"
                " shows %(part)s. 12 is at the top and 6 at the bottom; %(front)s. The outer"
                " circle matches the edge of the socket and the middle matches its deepest part."
                " The shaded area is the damage: %(where)s."
            ) % {"part": part, "side": side_words, "front": front, "where": where}
        else:
            description = gettext(
                "A clock face of %(side)s. It shows %(part)s, as if seen from inside the socket"
                " with your leg straight, using the same clock as the socket: 12 is at the top"
                " and 6 at the bottom; %(front)s. The outer circle matches the line where the"
                " edge of the socket rests on the ball, and the middle matches the part of the"
                " ball that sits in the deepest part of the socket. The shaded area is the"
                " damage: %(where)s."
            ) % {"part": part, "side": side_words, "front": front, "where": where}
        fossa = next((lesion.fossa_mm for lesion in lesions if lesion.fossa_mm), None)
        radius = lesions[0].map_radius_mm
        svg = clock_face_svg(
            hip.side,
            [
                Sector.from_rim_distances(
                    lesion.sector_start_deg,
                    lesion.sector_end_deg,
                    lesion.sector_rim_from_mm,
                    lesion.sector_rim_to_mm,
                    lesion.map_radius_mm,
                )
                for lesion in lesions
            ],
            DialWords(
                title=gettext("Where the damage is in %(side)s") % {"side": side_words},
                description=description,
                top=gettext("Top"),
                front=gettext("Front"),
                bottom=gettext("Bottom"),
                back=gettext("Back"),
            ),
            fossa_fraction=None if fossa is None or not radius else 1.0 - fossa / radius,
            id_prefix=f"clock-{surface.replace('_', '-')}",
        )
        drawings.append(
            {
                "svg": mark_safe(svg),  # built by clock_face_svg: every text in it is escaped
                "surface": surface,
                "part": part,
                "where": where,
                "description": description,
            }
        )
    return drawings


def _questionnaire_url(instrument: str) -> str | None:
    """The questionnaire page of ``instrument`` (None while the questionnaires are not wired)."""
    try:
        return reverse("questionnaire", kwargs={"instrument": instrument})
    except NoReverseMatch:
        return None


@login_required
def my_hip(request: HttpRequest) -> HttpResponse:
    """The signed-in patient's own hip in plain words (``services.patient_hip``)."""
    _, record = own_case(request, Action.VIEW_CASE, detail="my hip")
    version = current_version(record)
    planned, _ = current_planned_holes(record)
    count = None if planned is None else planned.hole_count
    today = timezone.localdate()
    key = (version.digest, today, count)
    hip = RECENT_PAGES.get(key)
    if hip is None:
        hip = patient_hip(
            load_case(version.document),
            as_of=today,
            policy=DEFAULT_POLICY,
            planned_hole_count=count,
        )
        RECENT_PAGES.put(key, hip)
    due = [{"fact": prom, "url": _questionnaire_url(prom.instrument)} for prom in hip.proms_due]
    try:
        questionnaires_url: str | None = reverse("questionnaires")
    except NoReverseMatch:
        questionnaires_url = None
    context = {
        "hip": hip,
        "drawings": _drawings(hip),
        "proms_due": due,
        "questionnaires_url": questionnaires_url,
    }
    return render(request, "portal/my_hip.html", context)


def _calendar_uid(record_pk: object) -> Any:
    """UIDs of a patient's calendar events: a token from the case record and the event's key
    (sha256, not reversible to the case id; the same on every download, so importing the file
    again updates the same events)."""

    def uid(key: str) -> str:
        token = hashlib.sha256(f"chondral-patient-calendar:{record_pk}:{key}".encode())
        return f"{token.hexdigest()[:24]}@chondral"

    return uid


@login_required
def my_hip_ics(request: HttpRequest) -> HttpResponse:
    """The signed-in patient's own rehabilitation calendar (visits, phases, questionnaires):
    plain translated words, no case id, no rule id (``services.case_overview
    .patient_rehab_ical``); the team's calendar is ``views_case.rehab_ics``."""
    _, record = own_case(request, Action.VIEW_CASE, detail="my hip calendar")
    case = load_case(current_version(record).document)
    try:
        ics = patient_rehab_ical(
            case,
            policy=DEFAULT_POLICY,
            stamp=timezone.now(),
            translate=gettext,
            uid=_calendar_uid(record.pk),
        )
    except ChondralError:
        if case.recorded_surgery_date is None:
            message = gettext("There is no calendar yet: your operation does not have a date.")
        else:
            message = gettext(
                "Your calendar could not be made at the moment. Please ask your team about it."
            )
        return HttpResponse(message + "\n", status=404, content_type="text/plain; charset=utf-8")
    return attachment(ics, "text/calendar; charset=utf-8", CALENDAR_FILENAME)
