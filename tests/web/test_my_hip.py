""" "My hip" (``/my-hip/``) and its calendar (``/my-hip/calendar.ics``): a signed-in patient sees
their own case only, found from their profile (never from the URL); clinicians and patients
without a case get 404, visitors are sent to sign in.

Known truths come from the dated portal cases (``web.portal_cases``: the demo case, a right hip
with one acetabular lesion at 1:30 of 14 x 10 mm and ten holes made) and the protocol: six
weeks of protected weight bearing (110 mm2 does not exceed 200 mm2, LCEA 31 is not below 25).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from web.portal_cases import preop_document, recovering_document

pytestmark = pytest.mark.django_db

PROTECTED_WEEKS = 6  # worked out by hand: see the module docstring


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _words(day: dt.date) -> str:
    return str(date_format(day, "j F Y"))


def _ics_day(day: dt.date) -> str:
    return f"DTSTART;VALUE=DATE:{day:%Y%m%d}"


def _text(response: Any) -> str:
    """The page as text: tags removed, entities decoded, white space collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


@pytest.fixture
def today() -> dt.date:
    day: dt.date = timezone.localdate()
    return day


@pytest.fixture
def recovering(store_case: Any, clinic: Any, surgeon: Any, today: dt.date) -> Any:
    return store_case(recovering_document(today), clinic, surgeon)


@pytest.fixture
def preop(store_case: Any, clinic: Any, surgeon: Any, today: dt.date) -> Any:
    return store_case(preop_document(today), clinic, surgeon)


@pytest.fixture
def rec_patient(make_user: Any, clinic: Any, recovering: Any) -> Any:
    return make_user("patient-rec", "patient", clinic, recovering)


@pytest.fixture
def pre_patient(make_user: Any, clinic: Any, preop: Any) -> Any:
    return make_user("patient-pre", "patient", clinic, preop)


class TestRecoveringPatient:
    def test_the_page_says_side_holes_restrictions_phase_and_next_visit(
        self, rec_patient: Any, today: dt.date
    ) -> None:
        response = _client(rec_patient).get("/my-hip/")
        assert response.status_code == 200
        assert "<title>My hip · chondral</title>" in response.content.decode()
        text = _text(response)
        surgery = today - dt.timedelta(days=21)
        until = surgery + dt.timedelta(weeks=PROTECTED_WEEKS)
        assert "Your right hip" in text and "Your left hip" not in text
        assert "Your case number: PORTAL-REC" in text
        assert "at about half past 1 on the clock face, towards the top and the front" in text
        assert "about 14 by 10 mm, about the size of a fingernail" in text
        assert "made about 10 small holes" in text
        assert f"You had your operation on {_words(surgery)}" in text
        assert f"Until and including {date_format(until, 'j F')}:" in text
        assert "Walk with two crutches" in text and "20 lb (9 kg)" in text
        assert "pathway.weight_bearing.extended/1" in text  # the rule, in the details
        assert "Phase I: protection and early motion" in text
        assert f"From {_words(surgery)} to {_words(until - dt.timedelta(days=1))}" in text
        assert "exercise bike" in text
        assert f"{_words(until)}: 6-week visit" in text
        assert "Before your operation" not in text  # no checklist after surgery
        assert "Download my calendar" in text

    def test_the_clock_face_drawing_is_an_image_with_words(self, rec_patient: Any) -> None:
        page = _client(rec_patient).get("/my-hip/").content.decode()
        svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S)
        assert svg is not None
        assert 'role="img"' in svg.group(0) and 'aria-labelledby="' in svg.group(0)
        assert 'data-side="right"' in svg.group(0)
        assert "Where the damage is in your right hip" in svg.group(0)
        assert 'class="clock-face__lesion"' in svg.group(0)
        assert "<figcaption>" in page

    def test_the_calendar_is_the_patients_own_schedule(
        self, rec_patient: Any, today: dt.date
    ) -> None:
        import icalendar

        response = _client(rec_patient).get("/my-hip/calendar.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
        surgery = today - dt.timedelta(days=21)
        assert events["Right hip: 6-week visit"] == surgery + dt.timedelta(weeks=6)
        assert events["Right hip: 2-week visit (wound check)"] == surgery + dt.timedelta(weeks=2)
        assert events["Right hip: Phase I: protection and early motion starts"] == surgery
        assert events[
            "Right hip: Phase II: weaning from crutches, restoring gait, at the earliest"
        ] == surgery + dt.timedelta(weeks=6)

    def test_the_calendar_names_no_case_and_no_rule_and_keeps_its_uids(
        self, rec_patient: Any, today: dt.date
    ) -> None:
        """Patients sync their calendars to outside services: the file carries no case id (not
        in its name, its UIDs or its texts), no rule id and no clinician wording, and its UIDs
        are the same on every download (importing it again updates the same events)."""
        import icalendar

        client = _client(rec_patient)
        first = client.get("/my-hip/calendar.ics").content
        second = client.get("/my-hip/calendar.ics").content
        for body in (first, second):
            assert b"PORTAL-REC" not in body and b"portal-rec" not in body.lower()
            unfolded = body.replace(b"\r\n ", b"").decode()
            for clinician_words in (
                "pathway.",
                "followup.",
                "Goals:",
                "Criteria to progress",
                "(Summit",
                "(OSU",
                "RIGHT hip",
            ):
                assert clinician_words not in unfolded
        calendar = icalendar.Calendar.from_ical(first)
        assert str(calendar["x-wr-calname"]) == "My hip recovery"
        uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
        again = [str(e["uid"]) for e in icalendar.Calendar.from_ical(second).walk("VEVENT")]
        assert uids == again and len(set(uids)) == len(uids)
        assert all(re.fullmatch(r"[0-9a-f]{24}@chondral", uid) for uid in uids)
        visit = next(e for e in calendar.walk("VEVENT") if "6-week visit" in str(e["summary"]))
        assert visit.decoded("dtstart") == today - dt.timedelta(days=21) + dt.timedelta(days=42)
        assert "check-up visit" in str(visit["description"])

    def test_the_team_calendar_still_names_the_case(
        self, rec_patient: Any, surgeon: Any, recovering: Any
    ) -> None:
        from django.urls import reverse

        patient = _client(rec_patient).get("/my-hip/calendar.ics").content
        assert b"PORTAL-REC" not in patient
        team = _client(surgeon).get(reverse("rehab_ics", kwargs={"case_id": recovering.case_id}))
        assert team.status_code == 200
        assert b"X-WR-CALNAME:PORTAL-REC RIGHT hip" in team.content
        assert b"UID:PORTAL-REC-visit-6-week-visit@chondral" in team.content


class TestPreoperativePatient:
    def test_the_page_lists_the_checklist_with_due_dates_and_no_restrictions(
        self, pre_patient: Any, today: dt.date
    ) -> None:
        response = _client(pre_patient).get("/my-hip/")
        assert response.status_code == 200
        text = _text(response)
        surgery = today + dt.timedelta(days=21)
        assert f"Your operation is planned for {_words(surgery)}" in text
        assert "Before your operation" in text
        # the patient's own items: a driver home (7 days before) and stopping two medicines
        assert "Arrange for an adult to drive you home" in text
        assert f"Due by {_words(surgery - dt.timedelta(days=7))}" in text
        assert "Stop taking ibuprofen." in text and "Stop taking fish oil." in text
        # what the team still has to do with the patient: consent, due the day before
        assert "Sign the consent form" in text
        assert f"Due by {_words(surgery - dt.timedelta(days=1))}" in text
        assert "Overdue" not in text
        assert "Until " not in text and "Walk with two crutches" not in text
        assert "There are no limits from the operation yet" in text
        assert "pathway.checklist.due/1" in text

    def test_the_calendar_starts_on_the_surgery_day(self, pre_patient: Any, today: dt.date) -> None:
        import icalendar

        response = _client(pre_patient).get("/my-hip/calendar.ics")
        calendar = icalendar.Calendar.from_ical(response.content)
        starts = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
        surgery = today + dt.timedelta(days=21)
        assert starts["Right hip: Phase I: protection and early motion starts"] == surgery


class TestDueAndOverdue:
    def test_questionnaires_due_link_to_their_pages(
        self, store_case: Any, clinic: Any, surgeon: Any, make_user: Any, today: dt.date
    ) -> None:
        """Operated three weeks ago with no questionnaire answered: the five of the time point
        "before surgery" are due (its window stays open until the 6-month point)."""
        document = recovering_document(today, case_id="NO-PROMS")
        document["proms"] = []
        patient = make_user("no-proms", "patient", clinic, store_case(document, clinic, surgeon))
        page = _client(patient).get("/my-hip/").content.decode()
        for code in ("mhhs", "hos_adl", "hos_sport", "ihot12", "vas_pain"):
            assert f'href="/my-hip/questionnaires/{code}/"' in page, code
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        assert "International Hip Outcome Tool, short version (iHOT-12)" in text
        surgery = today - dt.timedelta(days=21)
        assert f"(due since {_words(surgery)})" in " ".join(text.split())
        assert "web.proms_due" in text

    def test_an_item_past_its_due_date_is_marked_overdue_in_words(
        self, store_case: Any, clinic: Any, surgeon: Any, make_user: Any, today: dt.date
    ) -> None:
        """Surgery in three days: the driver home (due seven days before) is overdue."""
        document = preop_document(today - dt.timedelta(days=18), case_id="LATE")
        patient = make_user("late", "patient", clinic, store_case(document, clinic, surgeon))
        text = _text(_client(patient).get("/my-hip/"))
        surgery = today + dt.timedelta(days=3)
        assert f"Your operation is planned for {_words(surgery)}" in text
        due = _words(surgery - dt.timedelta(days=7))
        assert (
            "Arrange for an adult to drive you home. Do not go home alone, by bus or by taxi."
            f" Overdue This was due by {due}. Please call the team."
        ) in text


class TestOwnCaseOnly:
    def test_two_patients_each_see_only_their_own_case(
        self,
        store_case: Any,
        clinic: Any,
        surgeon: Any,
        make_user: Any,
        today: dt.date,
    ) -> None:
        right = recovering_document(today, case_id="MINE-RIGHT")
        left = preop_document(today, case_id="MINE-LEFT")
        left["hip"]["side"] = "left"
        left["lesions"][0]["center"]["clock"] = "10:30"
        one = make_user("one", "patient", clinic, store_case(right, clinic, surgeon))
        two = make_user("two", "patient", clinic, store_case(left, clinic, surgeon))
        first, second = _text(_client(one).get("/my-hip/")), _text(_client(two).get("/my-hip/"))
        assert "MINE-RIGHT" in first and "MINE-LEFT" not in first
        assert "MINE-LEFT" in second and "MINE-RIGHT" not in second
        assert "Your right hip" in first and "Your left hip" not in first
        assert "Your left hip" in second and "Your right hip" not in second
        assert "towards the back and the top" in second  # 10:30: back and top, either side
        assert _words(today - dt.timedelta(days=21)) in first
        assert _words(today - dt.timedelta(days=21)) not in second
        assert _words(today + dt.timedelta(days=21)) in second
        ics_one = _client(one).get("/my-hip/calendar.ics").content.decode()
        ics_two = _client(two).get("/my-hip/calendar.ics").content.decode()
        assert "MINE" not in ics_one and "MINE" not in ics_two  # no case id in either
        assert "Right hip" in ics_one and "Left hip" not in ics_one
        assert "Left hip" in ics_two and "Right hip" not in ics_two
        assert _ics_day(today - dt.timedelta(days=21)) in ics_one
        assert _ics_day(today + dt.timedelta(days=21)) in ics_two
        assert _ics_day(today - dt.timedelta(days=21)) not in ics_two
        # a case id in the query string changes nothing
        assert "MINE-RIGHT" not in _text(_client(two).get("/my-hip/?case_id=MINE-RIGHT"))

    @pytest.mark.parametrize("role", ["surgeon", "staff", "physio"])
    @pytest.mark.parametrize("path", ["/my-hip/", "/my-hip/calendar.ics"])
    def test_clinicians_get_not_found(
        self, make_user: Any, clinic: Any, recovering: Any, role: str, path: str
    ) -> None:
        user = make_user(f"user-{role}", role, clinic)
        assert _client(user).get(path).status_code == 404

    @pytest.mark.parametrize("path", ["/my-hip/", "/my-hip/calendar.ics"])
    def test_a_patient_without_a_case_gets_not_found(
        self, make_user: Any, clinic: Any, path: str
    ) -> None:
        user = make_user("no-case", "patient", clinic)
        assert _client(user).get(path).status_code == 404

    @pytest.mark.parametrize("path", ["/my-hip/", "/my-hip/calendar.ics"])
    def test_visitors_are_sent_to_sign_in(self, path: str) -> None:
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_reading_the_page_is_audited(self, rec_patient: Any, recovering: Any) -> None:
        from chondral.web.models import AuditEvent

        _client(rec_patient).get("/my-hip/")
        _client(rec_patient).get("/my-hip/calendar.ics")
        details = list(
            AuditEvent.objects.filter(case_id=recovering.case_id).values_list("detail", flat=True)
        )
        assert "my hip" in details and "my hip calendar" in details


class TestDrawings:
    def test_one_drawing_per_joint_surface_with_ids_of_its_own(
        self, store_case: Any, clinic: Any, surgeon: Any, make_user: Any, today: dt.date
    ) -> None:
        document = preop_document(today, case_id="TWO-SURFACES")
        document["hip"]["side"] = "left"
        document["lesions"].append(
            {
                "id": "F1",
                "surface": "femoral_head",
                "clock": {"from": "11:00", "to": "1:00"},
                "rim_distance_mm": {"from": 0, "to": 8},
                "grade": {"system": "icrs", "value": "3"},
            }
        )
        patient = make_user("two", "patient", clinic, store_case(document, clinic, surgeon))
        page = _client(patient).get("/my-hip/").content.decode()
        svgs = re.findall(r"<svg[^>]*>", page)
        assert len(svgs) == 2
        assert all('data-side="left"' in svg for svg in svgs)
        ids = re.findall(r'<(?:title|desc) id="([^"]+)"', page)
        assert sorted(ids) == sorted(
            [
                "clock-acetabulum-title",
                "clock-acetabulum-desc",
                "clock-femoral-head-title",
                "clock-femoral-head-desc",
            ]
        )
        text = _text(_client(patient).get("/my-hip/"))
        assert "from 11 o'clock to 1 o'clock on the clock face, at the top" in text
        assert "3 o'clock is at the front and is drawn on the left" in text


class TestWithoutSurgeryDate:
    def test_the_page_shows_the_hip_and_no_calendar(
        self, store_case: Any, clinic: Any, surgeon: Any, make_user: Any, today: dt.date
    ) -> None:
        document = preop_document(today, case_id="NO-DATE")
        document.pop("surgery_date")
        patient = make_user("no-date", "patient", clinic, store_case(document, clinic, surgeon))
        client = _client(patient)
        text = _text(client.get("/my-hip/"))
        assert "Your operation does not have a date yet" in text
        assert "half past 1" in text
        assert "Before your operation" not in text and "Download my calendar" not in text
        response = client.get("/my-hip/calendar.ics")
        assert response.status_code == 404
        assert "does not have a date" in response.content.decode()


class TestReviewDayAndMessages:
    def test_on_the_review_day_the_crutches_stay_and_phase_two_waits_for_the_team(
        self, store_case: Any, clinic: Any, surgeon: Any, make_user: Any, today: dt.date
    ) -> None:
        """Operated 42 days ago (6 protected weeks): today is the 6-week review."""
        document = recovering_document(today - dt.timedelta(days=21))
        user = make_user("review", "patient", clinic, store_case(document, clinic, surgeon))
        text = _text(_client(user).get("/my-hip/"))
        assert f"Until and including {date_format(today, 'j F')}:" in text
        assert "Walk with two crutches" in text
        assert "Today your team checks your hip." in text
        assert "only when your team has told you it is safe" in text
        assert "Your doctor has told you that you are ready." in text

    def test_the_calendar_404_says_why(
        self, rec_patient: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from chondral.errors import InputDataError
        from chondral.web import views_portal

        def fail(*args: Any, **kwargs: Any) -> bytes:
            raise InputDataError("cannot be built", field="weight_bearing.extended")

        monkeypatch.setattr(views_portal, "patient_rehab_ical", fail)
        response = _client(rec_patient).get("/my-hip/calendar.ics")
        assert response.status_code == 404
        body = response.content.decode()
        assert "could not be made" in body and "does not have a date" not in body

    def test_the_femoral_head_drawing_is_described_as_the_ball(self) -> None:
        from chondral.web import views_portal

        source = views_portal._drawings.__code__.co_consts
        words = " ".join(c for c in source if isinstance(c, str))
        assert "edge of the socket rests on the ball" in words


def test_problems_are_never_shown_to_the_patient() -> None:
    from pathlib import Path

    import chondral.web

    template = Path(chondral.web.__file__).parent / "templates/portal/my_hip.html"
    page = template.read_text()
    assert "hip.problems %}" in page and "problem|" not in page
    assert "Please ask your team about it." in page
