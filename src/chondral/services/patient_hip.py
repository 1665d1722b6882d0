"""Use case: a patient's own hip in plain words ("My hip" in the portal), as of a day.

``patient_hip(case, as_of=..., policy=..., planned_hole_count=...)`` returns a
``PatientHip``: facts a patient can read, each with where it came from (``Provenance``: the
library's rule id where it has one, and its source), so a page can offer them to the curious.
Nothing here decides anything: every date, count and restriction comes from the library
(``chondral.pathway`` through ``services.pathway``, ``services.case_summary``); this module
only chooses which of them matter to the patient today and gives them everyday words.

- **Where**: the side; each lesion's part of the joint (the socket, or the ball of the thigh
  bone), its clock position (product.md 4: looking into the socket, 12:00 is the top, 3:00 the
  front and 6:00 the bottom, for right and left hips alike, so the direction words hold for
  both sides; the femoral head uses the same clock with the leg in the neutral position), its
  size, and the sector the drawing shades.
- **Holes**: the operative record's count when the operation is recorded, else the count of the
  current plan when the caller knows one.
- **Today**: the protected weight bearing while it lasts (``RehabSchedule.weight_bearing_until``
  and its restriction) and the restrictions of the current phase that still apply today.

  **"Until" means the last day that applies, that day included** ("until and including 12
  January"), for every ``until`` here. The library's ``weight_bearing_until`` is the review
  visit at the end of the protected weeks (surgery + 7 x weeks days, ``pathway.schedule``): the
  patient keeps the crutches through that day, until the team clears them at the visit, so the
  protected weight bearing is shown from the surgery day through the review day.
- **Phase**: from the second phase on, the previous phase's ``criteria_to_progress`` (the
  library's) in plain words, and whether one of them is a clearance by the team: the patient
  moves on only when the team has said it is safe.
- **Phase**, **next visit**, **checklist** (before surgery), **questionnaires due**
  (``case_summary.proms_due``, rule ``web.proms_due``) and the next questionnaire time point.

Words: texts from the library keep their wording in ``library_text``; where chondral has written
plain words for a library text they are in ``text`` (else ``text`` is the library's). Fixed
phrases are marked with ``gettext_noop`` so the translation catalogue finds them; the page passes
them through gettext at run time. Dates stay dates: the page writes them in words.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from chondral.anatomy import TemplateHip
from chondral.domain import Case, Lesion, Surface
from chondral.errors import ChondralError, one_line
from chondral.pathway import (
    ChecklistItem,
    ItemState,
    Owner,
    PathwayPolicy,
    RehabPhase,
    RehabSchedule,
    medication_item_id,
)
from chondral.pathway.checklist import MEDICATION_ITEM_PREFIX

__all__ = [
    "CLOCK_CONVENTION",
    "ChecklistFact",
    "HoleFacts",
    "LesionFacts",
    "PatientHip",
    "PhaseFacts",
    "PromFact",
    "Provenance",
    "RestrictionFact",
    "VisitFact",
    "clock_words",
    "direction_words",
    "gettext_noop",
    "patient_hip",
    "plain_text",
    "plain_words_known",
    "size_comparison",
]


def gettext_noop(text: str) -> str:
    """Mark ``text`` for the translation catalogue (Django's ``makemessages`` finds this name);
    the page translates it at run time."""
    return text


CLOCK_CONVENTION = gettext_noop(
    "The clock face (product.md 4): looking into the socket, 12:00 is the top (superior), 3:00"
    " the front (anterior) and 6:00 the bottom (inferior), for right and left hips alike."
)
SIZE_COMPARISON_SOURCE = gettext_noop(
    "The comparison is chondral's, for orientation only: an adult fingernail is roughly 10 to"
    " 15 mm long and wide. Your surgeon's measurement is the number in mm."
)
_SIZE_AFTER_CLEANING = gettext_noop(
    "The size your surgeon recorded, measured after the damaged area was cleaned to firm edges."
)
_SIZE_RECORDED = gettext_noop("The size your surgeon recorded.")
_HOLES_MADE = gettext_noop("The operation record: the small holes made (microfracture).")
_NO_MICROFRACTURE = gettext_noop("The operation record: it records no small holes.")
_HOLES_PLANNED = gettext_noop(
    "The newest hole plan your surgeon made from the damaged area as it is recorded now."
)
_NO_PLAN = gettext_noop("No hole plan has been made yet.")
_PROMS_DUE = gettext_noop(
    "A questionnaire is due from its date until the next set is due, unless you have already"
    " filled it in for that time."
)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from: the library's rule id (or the protocol's id and version; None
    when there is none) and its sources, each a library text or one of chondral's fixed
    phrases (so each can be translated as it is)."""

    rule_id: str | None
    sources: tuple[str, ...] = ()


# --- clock words ------------------------------------------------------------------------------

_HOUR_PHRASES = (
    gettext_noop("12 o'clock"),
    gettext_noop("1 o'clock"),
    gettext_noop("2 o'clock"),
    gettext_noop("3 o'clock"),
    gettext_noop("4 o'clock"),
    gettext_noop("5 o'clock"),
    gettext_noop("6 o'clock"),
    gettext_noop("7 o'clock"),
    gettext_noop("8 o'clock"),
    gettext_noop("9 o'clock"),
    gettext_noop("10 o'clock"),
    gettext_noop("11 o'clock"),
)
_HALF_PAST_PHRASES = (
    gettext_noop("half past 12"),
    gettext_noop("half past 1"),
    gettext_noop("half past 2"),
    gettext_noop("half past 3"),
    gettext_noop("half past 4"),
    gettext_noop("half past 5"),
    gettext_noop("half past 6"),
    gettext_noop("half past 7"),
    gettext_noop("half past 8"),
    gettext_noop("half past 9"),
    gettext_noop("half past 10"),
    gettext_noop("half past 11"),
)

_DIRECTIONS = (
    # (centre of the 45-degree sector in clock degrees, words); 3:00 is the front for both sides
    (0.0, gettext_noop("at the top")),
    (45.0, gettext_noop("towards the top and the front")),
    (90.0, gettext_noop("at the front")),
    (135.0, gettext_noop("towards the front and the bottom")),
    (180.0, gettext_noop("at the bottom")),
    (225.0, gettext_noop("towards the bottom and the back")),
    (270.0, gettext_noop("at the back")),
    (315.0, gettext_noop("towards the back and the top")),
)


def clock_words(clock_deg: float) -> str:
    """The clock position in words when it is on the hour or the half hour ("half past 1"),
    else its ``h:mm`` label."""
    total_minutes = round(clock_deg * 2) % 720  # 1 clock degree = 2 minutes
    hours, minutes = divmod(total_minutes, 60)
    if minutes == 0:
        return _HOUR_PHRASES[hours]
    if minutes == 30:
        return _HALF_PAST_PHRASES[hours]
    return f"{hours if hours else 12}:{minutes:02d}"


def direction_words(clock_deg: float) -> str:
    """Which way a clock position points (the nearest of eight directions): 12:00 the top,
    3:00 the front, 6:00 the bottom, 9:00 the back (``CLOCK_CONVENTION``)."""
    index = round((clock_deg % 360.0) / 45.0) % 8
    return _DIRECTIONS[index][1]


def size_comparison(length_mm: float, width_mm: float) -> str:
    """A rough everyday comparison of a lesion of ``length_mm`` by ``width_mm``
    (``SIZE_COMPARISON_SOURCE``): a fingernail is roughly 10 to 15 mm."""
    longest = max(length_mm, width_mm)
    if longest < 10.0:
        return gettext_noop("smaller than a fingernail")
    if longest <= 15.0:
        return gettext_noop("about the size of a fingernail")
    return gettext_noop("larger than a fingernail")


# --- plain words for library texts ------------------------------------------------------------

_PLAIN: Mapping[str, str] = {
    # weight bearing (protocol.weight_bearing_restriction)
    "20 lb (9 kg) foot-flat weight bearing with two crutches": gettext_noop(
        "Walk with two crutches. Rest your foot flat on the floor and put no more than 20 lb"
        " (9 kg) of weight through it."
    ),
    # phase I restrictions
    "Hip flexion no more than 90 degrees": gettext_noop(
        "Do not bend your hip more than a right angle (90 degrees)."
    ),
    "Abduction no more than 45 degrees, extension no more than 0 degrees, no external rotation": (
        gettext_noop(
            "Do not move your leg out to the side more than 45 degrees, do not move it back"
            " behind your body, and do not turn it outwards."
        )
    ),
    "Avoid flexion combined with internal rotation (anterior impingement)": gettext_noop(
        "Avoid bending your hip while turning your leg inwards."
    ),
    "Brace only if the surgeon prescribes it (optional)": gettext_noop(
        "Wear a hip brace only if your surgeon gives you one."
    ),
    # phase II restrictions
    "No running or impact": gettext_noop("No running and no jumping."),
    "Load the repair gradually; avoid compressive or shear loads": gettext_noop(
        "Only once your team has told you it is safe, put more weight on your hip little by"
        " little. Avoid twisting or pounding it."
    ),
    # phase III restrictions
    "No running before 3 months, and not before discussing it with the surgeon": gettext_noop(
        "No running before 3 months, and not until you have talked about it with your surgeon."
    ),
    "Add impact cautiously": gettext_noop("Add jumping and other impact slowly and with care."),
    # phase IV restrictions
    "Full participation only when the return-to-sport gate clears: time, objective criteria and"
    " the surgeon's recorded approval": gettext_noop(
        "Go back to your sport fully only when enough time has passed, you have passed the"
        " tests, and your surgeon has said yes."
    ),
    # phase I exercises
    "CPM for the whole protected period; hours per day as the surgeon prescribes (not found in"
    " the sources) (Crawford/Philippon: 6-8 weeks)": gettext_noop(
        "Use the motion machine (CPM) each day while your hip is protected, for as many hours as"
        " your surgeon tells you."
    ),
    "Stationary bike from day 1, no resistance, seat high; no recumbent bike (Summit; OSU:"
    " minimal resistance weeks 0-2)": gettext_noop(
        "Ride an exercise bike from the day after your operation, with no resistance and the"
        " seat up high. Do not use a bike where you sit back (a recumbent bike)."
    ),
    "Isometrics (Summit)": gettext_noop(
        "Tighten your muscles without moving the joint (isometric exercises)."
    ),
    "Prone lying ('belly time'), e.g. 20 minutes twice a day (OSU; Summit: 2-3 h a day)": (
        gettext_noop("Lie on your front ('belly time'), for example 20 minutes twice a day.")
    ),
    "Passive range of motion within the limits; circumduction (OSU)": gettext_noop(
        "Let your physiotherapist move your hip for you, gently and within your limits,"
        " including small circles."
    ),
    # phase II exercises
    "Progress weight bearing as gait allows (Summit; OSU)": gettext_noop(
        "Once your team has told you it is safe, put more weight on your leg as your walking"
        " gets better."
    ),
    "Stationary bike, minimal resistance (Crawford/Philippon)": gettext_noop(
        "Exercise bike with very little resistance."
    ),
    "Core and hip isometrics (UBMD)": gettext_noop(
        "Tighten your tummy and hip muscles without moving the joint."
    ),
    # phase III exercises
    "Planks and bird-dog; side-lying abduction, prone extension, weight-bearing pelvic rotation"
    " (IJSPT 2022)": gettext_noop(
        "Planks and bird-dog; leg lifts lying on your side and on your front; turning your"
        " pelvis while standing."
    ),
    "Lateral step-downs, single-leg squats, step-and-holds (IJSPT 2022)": gettext_noop(
        "Stepping down sideways from a step, squats on one leg, and stepping and holding still."
    ),
    "Balance training toward Y-balance symmetry (IJSPT 2022)": gettext_noop(
        "Balance training, until both legs balance about as well as each other."
    ),
    # phase IV exercises
    "Running progression (IJSPT 2022)": gettext_noop("Running, built up step by step."),
    "Hop battery, modified agility T-test, sport-specific drills (IJSPT 2022 full"
    " participation)": gettext_noop(
        "Hopping tests, quick changes of direction, and drills for your sport."
    ),
    # criteria to progress (phase I to II, II to III, III to IV, IV to full participation)
    "Protected weight-bearing period over, reviewed at a visit": gettext_noop(
        "Your weeks on crutches are over and your team has checked your hip at a visit."
    ),
    "Pain well controlled (Summit)": gettext_noop("Your pain is well under control."),
    "No frontal- or sagittal-plane deviation of hip and pelvis during gait (Summit)": (
        gettext_noop("You walk without your hip or pelvis dipping or swaying.")
    ),
    "Physician clearance (Summit)": gettext_noop("Your doctor has told you that you are ready."),
    "Normal gait without a walking aid (OSU)": gettext_noop(
        "You walk normally without crutches or a stick."
    ),
    "Clearance by the surgeon or physiotherapist": gettext_noop(
        "Your surgeon or physiotherapist has told you that you are ready."
    ),
    "IJSPT 2022 criteria for straight-line running (Table 2): near-full symmetric ROM; 5/5 hip"
    " and core strength; front and side plank 45 s, bird-dog 30 s; 30 repetitions each of"
    " side-lying abduction, prone extension and weight-bearing pelvic rotation; 10 lateral"
    " step-downs from 8 inches; 10 single-leg squats; 30 step-and-holds; Y-balance >= 85%"
    " symmetry; 15-minute walk; HOS-ADL > 95%, HOS-Sport > 90%; no pain, good control": (
        gettext_noop(
            "You pass a set of movement, strength and balance tests with your physiotherapist,"
            " and your hip feels good with no pain."
        )
    ),
    "Return-to-sport gate (chondral rts): minimum time, IJSPT 2022 criteria for full"
    " participation, surgeon's approval": gettext_noop(
        "Enough time has passed, you have passed the return-to-sport tests, and your surgeon"
        " has said yes."
    ),
    "The surgeon agrees to running (Crawford/Philippon)": gettext_noop(
        "Your surgeon has agreed that you may start running."
    ),
}
"""Library text -> chondral's plain words for a patient (the default protocol's texts)."""

_CLEARANCE_WORDS = ("clearance", "approval", "agrees")
"""A criterion to progress that names one of these words is a clearance by the team."""

_PLAIN_CHECKLIST: Mapping[str, str] = {
    "history": gettext_noop("Your surgeon asks about your hip and your general health."),
    "physical_examination": gettext_noop("Your surgeon examines both of your hips."),
    "imaging_ap_pelvis": gettext_noop("An X-ray of your pelvis, taken from the front."),
    "imaging_lateral": gettext_noop("An X-ray of your hip, taken from the side."),
    "imaging_false_profile": gettext_noop(
        "Another X-ray of your hip from the side, at a special angle (a false-profile view)."
    ),
    "imaging_mri": gettext_noop("An MRI scan of your hip."),
    "imaging_ct": gettext_noop("A CT scan of your hip, if your surgeon asks for one."),
    "blood_tests": gettext_noop("Blood tests, if your surgeon asks for them."),
    "medication_review": gettext_noop(
        "Go through all your medicines with the team: blood thinners, aspirin, pain killers"
        " such as ibuprofen, and supplements."
    ),
    "allergies": gettext_noop(
        "Tell the team about any allergies: to medicines, to anaesthetics, or to latex."
    ),
    "anaesthesia_plan": gettext_noop("Agree with the team how you will be put to sleep or numbed."),
    "consent": gettext_noop("Sign the consent form for your operation."),
    "preop_instructions": gettext_noop(
        "Get your instructions for the day: nothing to eat or drink after midnight, no smoking"
        " for 24 hours before, and arrive 90 minutes early."
    ),
    "driver_home": gettext_noop(
        "Arrange for an adult to drive you home. Do not go home alone, by bus or by taxi."
    ),
    "walking_aid_training": gettext_noop(
        "Get your crutches or walker, and practise walking with your foot flat, putting no more"
        " than 20 lb (9 kg) on it."
    ),
    "cpm_arranged": gettext_noop("Arrange a motion machine (CPM) to use at home."),
    "brace": gettext_noop("Get a hip brace fitted, if your surgeon asks for one."),
}
"""Checklist item id -> chondral's plain words (items of ``pathway/resources/checklist.json``)."""


def plain_text(library_text: str) -> str:
    """chondral's plain words for a library text, or the library text itself."""
    return _PLAIN.get(library_text, library_text)


def plain_words_known(library_text: str) -> bool:
    """Whether chondral has plain words for ``library_text``."""
    return library_text in _PLAIN


# --- facts ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LesionFacts:
    """One damaged area, in plain words, and the sector the clock-face drawing shades.

    ``clock_start_deg``/``clock_end_deg`` are the same for a lesion recorded by its centre;
    ``sector_*`` is the shaded area (clock degrees, increasing from start to end, and rim
    distances in mm); ``map_radius_mm`` is the rim-to-apex distance the drawing's rim stands for
    (None when the template hip cannot model the hip: the drawing then marks the clock only).
    """

    id: str
    surface: str
    part: str
    clock_start_deg: float
    clock_end_deg: float
    clock_start: str
    clock_end: str
    clock_start_words: str
    clock_end_words: str
    direction: str
    length_mm: float | None
    width_mm: float | None
    area_mm2: float | None
    comparison: str | None
    sector_start_deg: float
    sector_end_deg: float
    sector_rim_from_mm: float | None
    sector_rim_to_mm: float | None
    map_radius_mm: float | None
    fossa_mm: float | None
    where: Provenance
    size: Provenance

    @property
    def is_range(self) -> bool:
        """Whether the lesion spans clock hours (recorded from one time to another)."""
        return self.clock_start != self.clock_end


@dataclass(frozen=True, slots=True)
class HoleFacts:
    """About how many small holes: ``done`` (operative record) or planned; count None: not
    known yet."""

    count: int | None
    done: bool
    source: Provenance


@dataclass(frozen=True, slots=True)
class RestrictionFact:
    """A restriction in plain words (``text``), the library's wording, and until when it lasts
    (``until``: the last day it applies, that day included, shown as "until and including";
    None while the phase lasts). For protected weight bearing it is the review day."""

    text: str
    library_text: str
    until: dt.date | None
    source: Provenance


@dataclass(frozen=True, slots=True)
class PhaseFacts:
    """The current rehabilitation phase (``end`` inclusive; None for the open last phase).

    ``entry_criteria``: the previous phase's criteria to progress (the library's), in plain
    words (empty for the first phase); ``needs_clearance``: one of them is a clearance by the
    team, so the patient moves on to this phase only once the team has said it is safe."""

    id: str
    name: str
    start: dt.date
    end: dt.date | None
    exercises: tuple[RestrictionFact, ...]
    goals: tuple[str, ...]
    source: Provenance
    entry_criteria: tuple[RestrictionFact, ...] = ()
    needs_clearance: bool = False


@dataclass(frozen=True, slots=True)
class VisitFact:
    """A follow-up visit."""

    label: str
    date: dt.date
    source: Provenance


@dataclass(frozen=True, slots=True)
class ChecklistFact:
    """One checklist item: plain words (``text``; for a medicine, ``medicine`` holds its name and
    ``text`` is empty), the library's title, who does it, when it is due, its state."""

    id: str
    text: str
    medicine: str | None
    library_text: str
    owner: str
    for_you: bool
    due: dt.date
    done: bool
    done_date: dt.date | None
    overdue: bool
    source: Provenance


@dataclass(frozen=True, slots=True)
class PromFact:
    """A questionnaire due: instrument code and title, its time point and the day it fell due."""

    instrument: str
    title: str
    time_point: str
    due: dt.date
    source: Provenance


@dataclass(frozen=True, slots=True)
class PatientHip:
    """Everything "My hip" shows (see the module docstring).

    ``stage``: ``assessment`` (no surgery date), ``pre_operative`` or ``recovery``
    (the library's phase rule, ``web.pathway_phase``). Sections that cannot be worked out are empty or None, and
    ``problems`` holds the library's one-line reasons (for the team: the page never shows them
    to the patient, only a fixed sentence).
    """

    case_id: str
    side: str
    as_of: dt.date
    stage: str
    stage_source: Provenance
    surgery_date: dt.date | None
    operated: bool
    lesions: tuple[LesionFacts, ...]
    holes: HoleFacts
    weight_bearing: RestrictionFact | None
    weight_bearing_weeks: int | None
    restrictions_today: tuple[RestrictionFact, ...]
    phase: PhaseFacts | None
    next_visit: VisitFact | None
    checklist_for_you: tuple[ChecklistFact, ...]
    checklist_team: tuple[ChecklistFact, ...]
    checklist_ready: bool | None
    proms_due: tuple[PromFact, ...]
    next_proms: dt.date | None
    next_proms_time_point: str | None
    next_proms_instruments: tuple[str, ...]
    next_proms_source: Provenance | None
    has_calendar: bool
    problems: tuple[str, ...]

    @property
    def protected(self) -> bool:
        """Whether protected weight bearing applies today."""
        return self.weight_bearing is not None


# --- lesions ----------------------------------------------------------------------------------

_PARTS = {
    Surface.ACETABULUM: gettext_noop("the socket of your hip joint (the acetabulum)"),
    Surface.FEMORAL_HEAD: gettext_noop("the ball at the top of your thigh bone (the femoral head)"),
}


def _map_geometry(case: Case, surface: Surface) -> tuple[float | None, float | None]:
    """Rim-to-apex and rim-to-fossa distances (mm) of the case's template hip, or None."""
    try:
        template = TemplateHip.from_hip(case.hip, case.patient.sex)
        return template.rim_to_apex_mm(surface), template.rim_to_fossa_mm(surface)
    except (ChondralError, ValueError):
        return None, None


def _lesion(case: Case, lesion: Lesion) -> LesionFacts:
    from chondral.services.pathway import lesion_area_mm2

    radius_mm, fossa_mm = _map_geometry(case, lesion.surface)
    rim_from: float | None
    rim_to: float | None
    if lesion.center is not None:
        start_deg = end_deg = lesion.center.clock.clock_deg
        start_label = end_label = lesion.center.clock.label
        centre_rim = lesion.center.rim_distance_mm
        sector_start = sector_end = start_deg
        rim_from = rim_to = None
        if lesion.size is not None and radius_mm is not None:
            rim_from = max(0.0, centre_rim - lesion.size.width_mm / 2.0)
            rim_to = min(radius_mm, centre_rim + lesion.size.width_mm / 2.0)
            ring_mm = max(radius_mm - centre_rim, 1.0)  # the map's circle through the centre
            half_deg = math.degrees(lesion.size.length_mm / 2.0 / ring_mm)
            half_deg = min(half_deg, 179.0)
            sector_start, sector_end = start_deg - half_deg, start_deg + half_deg
        elif radius_mm is not None:
            rim_from = rim_to = centre_rim
    else:
        assert lesion.clock_range is not None and lesion.rim_distance_range is not None
        start_deg = lesion.clock_range.start.clock_deg
        end_deg = lesion.clock_range.end.clock_deg
        start_label = lesion.clock_range.start.label
        end_label = lesion.clock_range.end.label
        sector_start = start_deg
        sector_end = start_deg + lesion.clock_range.span_deg
        rim_from = lesion.rim_distance_range.start_mm
        rim_to = lesion.rim_distance_range.end_mm
    middle_deg = (start_deg + ((end_deg - start_deg) % 360.0) / 2.0) % 360.0
    try:
        area = lesion_area_mm2(case, lesion)
    except ChondralError:
        area = None
    length = lesion.size.length_mm if lesion.size is not None else None
    width = lesion.size.width_mm if lesion.size is not None else None
    measured = (
        _SIZE_AFTER_CLEANING
        if lesion.measured is not None and lesion.measured.value == "post_debridement"
        else _SIZE_RECORDED
    )
    return LesionFacts(
        id=lesion.id,
        surface=lesion.surface.value,
        part=_PARTS[lesion.surface],
        clock_start_deg=start_deg,
        clock_end_deg=end_deg,
        clock_start=start_label,
        clock_end=end_label,
        clock_start_words=clock_words(start_deg),
        clock_end_words=clock_words(end_deg),
        direction=direction_words(middle_deg),
        length_mm=length,
        width_mm=width,
        area_mm2=area,
        comparison=size_comparison(length, width)
        if length is not None and width is not None
        else None,
        sector_start_deg=sector_start,
        sector_end_deg=sector_end,
        sector_rim_from_mm=rim_from,
        sector_rim_to_mm=rim_to,
        map_radius_mm=radius_mm,
        fossa_mm=fossa_mm if lesion.surface is Surface.ACETABULUM else None,
        where=Provenance(None, (CLOCK_CONVENTION,)),
        size=Provenance(
            None, (measured,) if length is None else (measured, SIZE_COMPARISON_SOURCE)
        ),
    )


def _lesions(case: Case) -> tuple[LesionFacts, ...]:
    """The lesions found at the operation when it is recorded, else those of the assessment."""
    operative = case.operative
    lesions = operative.lesions if operative is not None and operative.lesions else case.lesions
    return tuple(_lesion(case, lesion) for lesion in lesions)


def _holes(case: Case, planned_hole_count: int | None) -> HoleFacts:
    operative = case.operative
    if operative is not None and operative.microfracture:
        count = sum(record.hole_count for record in operative.microfracture)
        return HoleFacts(count, True, Provenance(None, (_HOLES_MADE,)))
    if operative is not None:
        return HoleFacts(None, True, Provenance(None, (_NO_MICROFRACTURE,)))
    if planned_hole_count is not None:
        return HoleFacts(
            planned_hole_count,
            False,
            Provenance(None, (_HOLES_PLANNED,)),
        )
    return HoleFacts(None, False, Provenance(None, (_NO_PLAN,)))


# --- recovery ---------------------------------------------------------------------------------


def _protocol_id(schedule: RehabSchedule) -> str:
    """The protocol's id and version, written like a rule id."""
    return f"{schedule.protocol.id}/{schedule.protocol.version}"


def _current_phase(schedule: RehabSchedule, phase_code: str) -> RehabPhase | None:
    if not phase_code.startswith("rehab_"):
        return None
    wanted = phase_code.removeprefix("rehab_")
    return next((phase for phase in schedule.phases if phase.id == wanted), None)


def _weight_bearing(schedule: RehabSchedule, as_of: dt.date) -> RestrictionFact | None:
    """Protected weight bearing when ``as_of`` falls in it: from the surgery day through
    ``weight_bearing_until``, the review day (it ends only when the team clears the patient at
    that visit, so the review day is its last day: ``until``)."""
    if not schedule.surgery_date <= as_of <= schedule.weight_bearing_until:
        return None
    decision = schedule.weight_bearing
    library = schedule.weight_bearing_restriction
    return RestrictionFact(
        text=plain_text(library),
        library_text=library,
        until=schedule.weight_bearing_until,
        # The rule and its sources; the decision's reasons (the measured numbers against the
        # cut-offs) are for the team and are on the clinician's case page.
        source=Provenance(
            decision.rule_id, (decision.source, schedule.protocol.weight_bearing_source)
        ),
    )


def _phase_restrictions(
    schedule: RehabSchedule, phase: RehabPhase, as_of: dt.date
) -> tuple[RestrictionFact, ...]:
    """The current phase's own restrictions (the protocol's, structured) that apply on
    ``as_of``: one limited to the first N days after surgery lasts through day N (surgery day =
    day 1, as ``pathway.schedule`` dates it)."""
    definition = next(p for p in schedule.protocol.phases if p.id == phase.id)
    facts = []
    for restriction in definition.restrictions:
        until = None
        if restriction.days is not None:
            until = schedule.surgery_date + dt.timedelta(days=restriction.days - 1)
            if as_of > until:
                continue
        facts.append(
            RestrictionFact(
                text=plain_text(restriction.text),
                library_text=restriction.text,
                until=until,
                source=Provenance(_protocol_id(schedule), (restriction.source,)),
            )
        )
    return tuple(facts)


def _phase_facts(schedule: RehabSchedule, phase: RehabPhase) -> PhaseFacts:
    index = schedule.phases.index(phase)
    previous = schedule.phases[index - 1] if index > 0 else None
    criteria = () if previous is None else previous.criteria_to_progress
    entry = tuple(
        RestrictionFact(
            plain_text(text), text, None, Provenance(_protocol_id(schedule), (previous.source,))
        )
        for text in criteria
        if previous is not None
    )
    exercises = tuple(
        RestrictionFact(
            plain_text(text), text, None, Provenance(_protocol_id(schedule), (phase.source,))
        )
        for text in phase.exercises
    )
    return PhaseFacts(
        id=phase.id,
        name=phase.name,
        start=phase.start,
        end=phase.end,
        exercises=exercises,
        goals=phase.goals,
        source=Provenance(_protocol_id(schedule), (schedule.protocol.title, phase.source)),
        entry_criteria=entry,
        needs_clearance=any(word in text.lower() for text in criteria for word in _CLEARANCE_WORDS),
    )


def _next_visit(schedule: RehabSchedule, as_of: dt.date) -> VisitFact | None:
    upcoming = [visit for visit in schedule.visits if visit.date >= as_of]
    if not upcoming:
        return None
    visit = min(upcoming, key=lambda v: v.date)
    return VisitFact(
        visit.label, visit.date, Provenance(visit.rule_id, (schedule.protocol.visits_rule.source,))
    )


# --- before surgery ---------------------------------------------------------------------------


def _checklist_fact(case: Case, item: ChecklistItem) -> ChecklistFact:
    medicine = None
    if item.id.startswith(MEDICATION_ITEM_PREFIX):
        for medication in case.medications or ():
            if medication_item_id(medication.name) == item.id:
                medicine = medication.name
    text = "" if medicine is not None else _PLAIN_CHECKLIST.get(item.id, item.title)
    return ChecklistFact(
        id=item.id,
        text=text,
        medicine=medicine,
        library_text=item.title,
        owner=item.owner.value,
        for_you=item.owner is Owner.PATIENT,
        due=item.due,
        done=item.state is ItemState.DONE,
        done_date=item.done_date if item.state is ItemState.DONE else None,
        overdue=item.overdue,
        source=Provenance(item.rule_id, (item.source,)),
    )


# --- questionnaires ---------------------------------------------------------------------------


def _prom_title(code: str) -> str:
    from chondral.outcomes import instrument_definitions

    definition = instrument_definitions().get(code)
    return code if definition is None else definition.title


def _next_proms(
    case: Case, schedule: RehabSchedule, surgery: dt.date, as_of: dt.date
) -> tuple[dt.date | None, str | None, tuple[str, ...], Provenance | None]:
    """The next time point after ``as_of`` at which questionnaires will still be due with the
    answers given so far: the library's questionnaires-due rule (``case_summary``, rule
    ``web.proms_due``) asked on that day, so a questionnaire already answered for it (such as
    the baseline filled in early) is not announced again."""
    from chondral.services.case_summary import _proms_due

    for day, label, rule in sorted(
        {(due.date, due.time_point, due.rule_id) for due in schedule.prom_due if due.date > as_of}
    ):
        outstanding = _proms_due(case, schedule, surgery, day)
        codes = tuple(due.instrument for due in outstanding if due.time_point == label)
        if codes:
            return day, label, codes, Provenance(rule, (schedule.protocol.proms.rule.source,))
    return None, None, (), None


# --- the whole page ---------------------------------------------------------------------------


def patient_hip(
    case: Case,
    *,
    as_of: dt.date,
    policy: PathwayPolicy,
    planned_hole_count: int | None = None,
) -> PatientHip:
    """What "My hip" shows for ``case`` on ``as_of`` (see the module docstring)."""
    # The phase and the questionnaires due are the library's rules (``case_summary``: rules
    # ``web.pathway_phase`` and ``web.proms_due``), asked with the schedule worked out once here
    # (``summarise_case`` would work it out again and also assess candidacy, which this page
    # does not show).
    from chondral.services.case_summary import PHASE_RULE, PROMS_DUE_RULE, _phase, _proms_due
    from chondral.services.pathway import case_checklist, case_rehab_schedule

    problems: list[str] = []
    surgery = case.recorded_surgery_date
    schedule: RehabSchedule | None = None
    if surgery is not None:
        try:
            schedule, _ = case_rehab_schedule(case, policy=policy)
        except ChondralError as error:
            problems.append(one_line(str(error)))
    phase_code, _ = _phase(case, schedule, surgery, as_of)
    stage = phase_code if phase_code in {"assessment", "pre_operative"} else "recovery"
    due_now = (
        [] if schedule is None or surgery is None else _proms_due(case, schedule, surgery, as_of)
    )
    weight_bearing = None
    restrictions: tuple[RestrictionFact, ...] = ()
    phase_facts = None
    next_visit = None
    next_proms = next_label = None
    next_codes: tuple[str, ...] = ()
    next_source = None
    if schedule is not None:
        next_visit = _next_visit(schedule, as_of)
        phase = _current_phase(schedule, phase_code)
        if phase is not None:
            weight_bearing = _weight_bearing(schedule, as_of)
            restrictions = _phase_restrictions(schedule, phase, as_of)
            phase_facts = _phase_facts(schedule, phase)
        if surgery is not None:
            next_proms, next_label, next_codes, next_source = _next_proms(
                case, schedule, surgery, as_of
            )
    for_you: list[ChecklistFact] = []
    team: list[ChecklistFact] = []
    ready = None
    if stage == "pre_operative" and surgery is not None:
        try:
            checklist, _ = case_checklist(case, as_of=as_of, policy=policy)
        except ChondralError as error:
            problems.append(one_line(str(error)))
        else:
            ready = checklist.ready
            for item in checklist.items:
                if item.state is ItemState.NOT_ORDERED:
                    continue
                fact = _checklist_fact(case, item)
                if fact.for_you:
                    for_you.append(fact)
                elif not fact.done and item.required:
                    team.append(fact)
    due = tuple(
        PromFact(
            instrument=entry.instrument,
            title=_prom_title(entry.instrument),
            time_point=entry.time_point,
            due=entry.due,
            source=Provenance(PROMS_DUE_RULE, (_PROMS_DUE,)),
        )
        for entry in due_now
    )
    return PatientHip(
        case_id=case.case_id,
        side=str(case.side),
        as_of=as_of,
        stage=stage,
        stage_source=Provenance(PHASE_RULE),
        surgery_date=surgery,
        operated=case.operative is not None,
        lesions=_lesions(case),
        holes=_holes(case, planned_hole_count),
        weight_bearing=weight_bearing,
        weight_bearing_weeks=None if schedule is None else schedule.weight_bearing.weeks,
        restrictions_today=restrictions,
        phase=phase_facts,
        next_visit=next_visit,
        checklist_for_you=tuple(for_you),
        checklist_team=tuple(team),
        checklist_ready=ready,
        proms_due=due,
        next_proms=next_proms,
        next_proms_time_point=next_label,
        next_proms_instruments=next_codes,
        next_proms_source=next_source,
        has_calendar=schedule is not None,
        problems=tuple(problems),
    )
