"""Write a rehabilitation schedule as an iCalendar file (RFC 5545, ``.ics``).

One all-day event per follow-up visit, per phase start and per PROM time point (the
questionnaires due then are listed in one event). Every summary names the side. UIDs are
deterministic (``<case>-<kind>-<key>@chondral``), so importing an updated schedule replaces the
events instead of duplicating them. ``DTSTAMP`` is the caller's ``stamp`` (UTC), so the output
is reproducible. No patient identifiers beyond the pseudonymous case id are written. An event on
the calendar's last day (9999-12-31) has no ``DTEND``: an all-day event without one lasts that
one day (RFC 5545 3.6.1), and the day after cannot be written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from icalendar import Calendar, Event

from chondral import __version__
from chondral.errors import InvalidValueError, ParameterError, quote
from chondral.io.json_files import write_bytes
from chondral.pathway import RehabSchedule

__all__ = ["PRODID", "schedule_to_ical", "write_schedule_ics"]

PRODID = f"-//chondral//rehabilitation schedule {__version__}//EN"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _event(
    *,
    uid: str,
    day: dt.date,
    summary: str,
    description: str,
    category: str,
    stamp: dt.datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    if day < dt.date.max:
        event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")
    return event


def schedule_to_ical(schedule: RehabSchedule, *, stamp: dt.datetime) -> bytes:
    """The schedule as iCalendar bytes. ``stamp`` must be timezone-aware (it is written in UTC)."""
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise InvalidValueError("must be timezone-aware", field="stamp")
    stamp = stamp.astimezone(dt.UTC)
    side = schedule.side.value.upper()
    case = schedule.case_id
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{case} {side} hip: rehabilitation after microfracture")
    for visit in schedule.visits:
        calendar.add_component(
            _event(
                uid=f"{case}-visit-{_slug(visit.label)}@chondral",
                day=visit.date,
                summary=f"{side} hip: {visit.label}",
                description=f"Follow-up visit after {side} hip microfracture ({visit.rule_id}).",
                category="follow-up visit",
                stamp=stamp,
            )
        )
    for phase in schedule.phases:
        lines = [f"{phase.name}, {side} hip.", "Goals:", *[f"- {g}" for g in phase.goals]]
        lines += ["Restrictions:", *[f"- {r}" for r in phase.restrictions]]
        lines += ["Criteria to progress:", *[f"- {c}" for c in phase.criteria_to_progress]]
        calendar.add_component(
            _event(
                uid=f"{case}-phase-{_slug(phase.id)}@chondral",
                day=phase.start,
                summary=f"{side} hip: {phase.name} starts",
                description="\n".join(lines),
                category="rehabilitation phase",
                stamp=stamp,
            )
        )
    by_time_point: dict[tuple[str, dt.date], list[str]] = {}
    for due in schedule.prom_due:
        by_time_point.setdefault((due.time_point, due.date), []).append(due.instrument)
    for (time_point, day), instruments in by_time_point.items():
        calendar.add_component(
            _event(
                uid=f"{case}-prom-{_slug(time_point)}@chondral",
                day=day,
                summary=f"{side} hip: questionnaires due ({time_point})",
                description="Outcome questionnaires due by this date: " + ", ".join(instruments),
                category="outcome questionnaires",
                stamp=stamp,
            )
        )
    return bytes(calendar.to_ical())


def write_schedule_ics(
    schedule: RehabSchedule, path: Path, *, stamp: dt.datetime, field: str = "ics_path"
) -> Path:
    """Write the schedule to ``path`` (``.ics``); the folder must exist. A name without
    ``.ics`` or a file that cannot be written is a ``ParameterError`` naming ``field``."""
    if path.suffix.lower() != ".ics":
        raise ParameterError(
            f"{quote(str(path))}: an iCalendar file name must end in .ics", field=field
        )
    return write_bytes(path, schedule_to_ical(schedule, stamp=stamp), field=field)
