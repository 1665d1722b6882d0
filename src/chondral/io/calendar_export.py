"""Write a rehabilitation schedule as an iCalendar file (RFC 5545, ``.ics``).

One all-day event per follow-up visit, per phase start and per PROM time point (the
questionnaires due then are listed in one event). Every summary names the side. UIDs are
deterministic (``<case>-<kind>-<key>@chondral``), so importing an updated schedule replaces the
events instead of duplicating them. ``events_to_ical`` writes any events with the caller's
words, calendar name and UIDs (the patient's calendar: no case id, plain translated words). ``DTSTAMP`` is the caller's ``stamp`` (UTC), so the output
is reproducible. No patient identifiers beyond the pseudonymous case id are written. An event on
the calendar's last day (9999-12-31) has no ``DTEND``: an all-day event without one lasts that
one day (RFC 5545 3.6.1), and the day after cannot be written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar, Event

from chondral import __version__
from chondral.errors import InvalidValueError, ParameterError, quote
from chondral.io.json_files import write_bytes
from chondral.pathway import RehabSchedule

__all__ = [
    "PRODID",
    "CalendarEvent",
    "events_to_ical",
    "phase_key",
    "prom_key",
    "prom_time_points",
    "schedule_to_ical",
    "visit_key",
    "write_schedule_ics",
]

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


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event: ``key`` is stable for the same event across downloads (the caller's
    ``uid`` function turns it into the UID), the texts are written as they are."""

    key: str
    day: dt.date
    summary: str
    description: str
    category: str


def events_to_ical(
    events: Sequence[CalendarEvent],
    *,
    name: str,
    uid: Callable[[str], str],
    stamp: dt.datetime,
) -> bytes:
    """``events`` as iCalendar bytes named ``name`` (``X-WR-CALNAME``), each event's UID
    ``uid(event.key)``. ``stamp`` must be timezone-aware (it is written in UTC). The words are
    the caller's, so a caller can write them in the reader's language (this module has none)."""
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise InvalidValueError("must be timezone-aware", field="stamp")
    stamp = stamp.astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(
            _event(
                uid=uid(event.key),
                day=event.day,
                summary=event.summary,
                description=event.description,
                category=event.category,
                stamp=stamp,
            )
        )
    return bytes(calendar.to_ical())


def visit_key(label: str) -> str:
    """The stable key of a follow-up visit event."""
    return f"visit-{_slug(label)}"


def phase_key(phase_id: str) -> str:
    """The stable key of a phase-start event."""
    return f"phase-{_slug(phase_id)}"


def prom_key(time_point: str) -> str:
    """The stable key of a questionnaire time-point event."""
    return f"prom-{_slug(time_point)}"


def prom_time_points(schedule: RehabSchedule) -> dict[tuple[str, dt.date], list[str]]:
    """The schedule's questionnaires by (time point, due date), in the schedule's order."""
    by_time_point: dict[tuple[str, dt.date], list[str]] = {}
    for due in schedule.prom_due:
        by_time_point.setdefault((due.time_point, due.date), []).append(due.instrument)
    return by_time_point


def schedule_to_ical(schedule: RehabSchedule, *, stamp: dt.datetime) -> bytes:
    """The schedule as iCalendar bytes for the team (case id, rule ids, the protocol's words).
    ``stamp`` must be timezone-aware (it is written in UTC)."""
    side = schedule.side.value.upper()
    case = schedule.case_id
    events: list[CalendarEvent] = []
    for visit in schedule.visits:
        events.append(
            CalendarEvent(
                key=visit_key(visit.label),
                day=visit.date,
                summary=f"{side} hip: {visit.label}",
                description=f"Follow-up visit after {side} hip microfracture ({visit.rule_id}).",
                category="follow-up visit",
            )
        )
    for phase in schedule.phases:
        lines = [f"{phase.name}, {side} hip.", "Goals:", *[f"- {g}" for g in phase.goals]]
        lines += ["Restrictions:", *[f"- {r}" for r in phase.restrictions]]
        lines += ["Criteria to progress:", *[f"- {c}" for c in phase.criteria_to_progress]]
        events.append(
            CalendarEvent(
                key=phase_key(phase.id),
                day=phase.start,
                summary=f"{side} hip: {phase.name} starts",
                description="\n".join(lines),
                category="rehabilitation phase",
            )
        )
    for (time_point, day), instruments in prom_time_points(schedule).items():
        events.append(
            CalendarEvent(
                key=prom_key(time_point),
                day=day,
                summary=f"{side} hip: questionnaires due ({time_point})",
                description="Outcome questionnaires due by this date: " + ", ".join(instruments),
                category="outcome questionnaires",
            )
        )
    return events_to_ical(
        events,
        name=f"{case} {side} hip: rehabilitation after microfracture",
        uid=lambda key: f"{case}-{key}@chondral",
        stamp=stamp,
    )


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
