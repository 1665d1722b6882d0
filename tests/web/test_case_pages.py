"""The clinician workspace's read side: the start page, the case list (search, filters, pages,
list facts refreshed by a background job), the case page (every section from the library's own
results), the downloads and the versions."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from web.conftest import example_document

pytestmark = pytest.mark.django_db

BANNER = re.compile(r'<strong class="side" data-side="(left|right)">(LEFT|RIGHT) HIP</strong>')


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _case(document: dict[str, Any]) -> Any:
    from chondral.io.casefile import parse_case

    return parse_case(copy.deepcopy(document))


def _future_surgery_document(case_id: str, days_ahead: int = 3) -> dict[str, Any]:
    """The demo case booked ``days_ahead`` days from today with no checklist item done: the
    items due more than ``days_ahead`` days before surgery are overdue today."""
    document = example_document(case_id=case_id)
    surgery = timezone.localdate() + dt.timedelta(days=days_ahead)
    document["surgery_date"] = surgery.isoformat()
    for key in ("operative", "return_to_sport", "checklist", "medications"):
        document.pop(key, None)
    document["proms"] = []
    return document


# --- the start page --------------------------------------------------------------------------


class TestHome:
    def test_anonymous_users_are_sent_to_sign_in(self) -> None:
        response = Client().get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_a_clinician_goes_to_the_case_list(self, surgeon: Any) -> None:
        response = _client(surgeon).get("/")
        assert (response.status_code, response["Location"]) == (302, "/cases/")

    def test_a_patient_goes_to_their_portal(
        self, demo_case: Any, make_user: Any, clinic: Any
    ) -> None:
        patient = make_user("patient1", "patient", clinic, demo_case)
        response = _client(patient).get("/")
        assert (response.status_code, response["Location"]) == (302, "/my-hip/")
        assert _client(patient).get("/cases/").status_code == 403

    def test_a_patient_without_a_case_goes_to_the_education_pages(
        self, make_user: Any, clinic: Any
    ) -> None:
        patient = make_user("patient-no-case", "patient", clinic)
        response = _client(patient).get("/")
        assert (response.status_code, response["Location"]) == (302, "/learn/")

    def test_the_case_list_asks_anonymous_users_to_sign_in(self) -> None:
        response = Client().get("/cases/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the case list ---------------------------------------------------------------------------


@pytest.fixture
def mixed_cases(store_case: Any, clinic: Any, surgeon: Any) -> dict[str, str]:
    """Cases of known verdicts (example files) and one with overdue checklist items, by id:
    the verdict ``assess_case`` gives each."""
    from chondral.rules import DEFAULT_RULE_SET
    from chondral.services.candidacy import assess_case

    documents = {
        "DEMO-A": example_document(case_id="DEMO-A"),
        "DEMO-B": example_document(case_id="DEMO-B"),
        "ARTH-A": example_document("arthritic-hip.yaml", case_id="ARTH-A"),
        "ARTH-B": example_document("arthritic-hip.yaml", case_id="ARTH-B"),
        "BORDER-A": example_document("borderline-dysplasia.yaml", case_id="BORDER-A"),
        "SOON-A": _future_surgery_document("SOON-A"),
    }
    for document in documents.values():
        store_case(document, clinic, surgeon)
    return {
        case_id: str(assess_case(_case(document), DEFAULT_RULE_SET).verdict)
        for case_id, document in documents.items()
    }


def _listed(response: Any) -> list[str]:
    return re.findall(r'<tr data-case-id="([^"]+)">', response.content.decode())


class TestCaseList:
    def test_the_examples_have_the_verdicts_the_tests_rely_on(
        self, mixed_cases: dict[str, str]
    ) -> None:
        assert mixed_cases["DEMO-A"] == "candidate"
        assert mixed_cases["ARTH-A"] == "not_candidate"
        assert mixed_cases["BORDER-A"] == "candidate_with_cautions"

    @pytest.mark.parametrize("verdict", ["candidate", "not_candidate", "candidate_with_cautions"])
    def test_the_verdict_filter_lists_exactly_the_cases_with_that_verdict(
        self, surgeon: Any, mixed_cases: dict[str, str], verdict: str
    ) -> None:
        response = _client(surgeon).get("/cases/", {"verdict": verdict})
        expected = sorted(cid for cid, v in mixed_cases.items() if v == verdict)
        assert response.status_code == 200
        assert _listed(response) == expected and expected

    def test_search_by_case_id_is_a_substring_match(
        self, surgeon: Any, mixed_cases: dict[str, str]
    ) -> None:
        response = _client(surgeon).get("/cases/", {"q": "-a"})
        assert _listed(response) == sorted(cid for cid in mixed_cases if "-A" in cid)

    def test_overdue_and_phase_filters_read_the_checklist_and_the_calendar(
        self, surgeon: Any, mixed_cases: dict[str, str]
    ) -> None:
        from chondral.pathway import DEFAULT_POLICY
        from chondral.services.pathway import case_checklist

        soon = _future_surgery_document("SOON-A")
        checklist, _ = case_checklist(
            _case(soon), as_of=timezone.localdate(), policy=DEFAULT_POLICY
        )
        assert checklist.overdue  # the case the filter must find
        client = _client(surgeon)
        assert _listed(client.get("/cases/", {"overdue": "yes"})) == ["SOON-A"]
        assert _listed(client.get("/cases/", {"phase": "pre_operative"})) == ["SOON-A"]
        no_date = sorted(cid for cid in mixed_cases if not cid.startswith(("DEMO", "SOON")))
        assert _listed(client.get("/cases/", {"phase": "assessment"})) == no_date
        row = re.search(
            r'<tr data-case-id="SOON-A">.*?</tr>', client.get("/cases/").content.decode(), re.S
        )
        assert row is not None and f"<td>{len(checklist.overdue)}</td>" in row.group(0)

    def test_size_band_and_proms_due_filters_match_the_stored_facts(
        self, surgeon: Any, mixed_cases: dict[str, str]
    ) -> None:
        from chondral.services.case_summary import size_band
        from chondral.services.pathway import lesion_area_mm2
        from chondral.web.models import CaseRecord

        def band(cid: str) -> str | None:
            document = example_document(
                {
                    "DEMO": "demo-case.yaml",
                    "SOON": "demo-case.yaml",
                    "ARTH": "arthritic-hip.yaml",
                }.get(cid.split("-")[0], "borderline-dysplasia.yaml")
            )
            case = _case(document)
            return size_band(max(lesion_area_mm2(case, lesion) or 0 for lesion in case.lesions))

        client = _client(surgeon)
        for label in ("up to 200 mm2", "over 300 mm2"):
            expected = sorted(cid for cid in mixed_cases if band(cid) == label)
            assert _listed(client.get("/cases/", {"size_band": label})) == expected
        assert band("BORDER-A") == "over 300 mm2"
        due = sorted(
            CaseRecord.objects.filter(proms_due_count__gt=0).values_list("case_id", flat=True)
        )
        assert _listed(client.get("/cases/", {"proms_due": "yes"})) == due

    def test_each_row_shows_the_side_verdict_and_facts_date(
        self, surgeon: Any, mixed_cases: dict[str, str]
    ) -> None:
        page = _client(surgeon).get("/cases/").content.decode()
        row = re.search(r'<tr data-case-id="BORDER-A">.*?</tr>', page, re.S)
        assert row is not None
        assert "<strong>LEFT</strong>" in row.group(0)
        assert 'class="verdict-candidate_with_cautions"' in row.group(0)
        assert timezone.localdate().isoformat() in row.group(0)

    def test_a_bad_filter_value_is_shown_and_the_list_is_not_narrowed(
        self, surgeon: Any, mixed_cases: dict[str, str]
    ) -> None:
        response = _client(surgeon).get("/cases/", {"verdict": "maybe"})
        assert "Error: Select a valid choice" in response.content.decode()
        assert _listed(response) == sorted(mixed_cases)

    def test_another_clinics_cases_are_not_listed(
        self, mixed_cases: dict[str, str], make_user: Any, other_clinic: Any
    ) -> None:
        outsider = make_user("outsider", "surgeon", other_clinic)
        assert _listed(_client(outsider).get("/cases/")) == []


class TestPagination:
    def test_25_cases_a_page_and_page_links_keep_the_filters(
        self, store_case: Any, clinic: Any, surgeon: Any
    ) -> None:
        for number in range(1, 31):
            store_case(example_document(case_id=f"P-{number:03d}"), clinic, surgeon)
        store_case(example_document("arthritic-hip.yaml", case_id="P-ARTH"), clinic, surgeon)
        client = _client(surgeon)
        first = client.get("/cases/", {"verdict": "candidate"})
        assert _listed(first) == [f"P-{n:03d}" for n in range(1, 26)]
        assert "30 cases match" in first.content.decode()
        links = re.findall(r'href="\?([^"]*page=2)"', first.content.decode())
        assert links
        query = parse_qs(links[0].replace("&amp;", "&"))
        assert query == {"verdict": ["candidate"], "page": ["2"]}
        second = client.get("/cases/", {"verdict": "candidate", "page": 2})
        assert _listed(second) == [f"P-{n:03d}" for n in range(26, 31)]


class TestListFactsRefresh:
    def test_facts_from_an_earlier_day_are_refreshed_by_one_job_a_day(
        self, demo_case: Any, surgeon: Any, clinic: Any
    ) -> None:
        from django_tasks_db.models import DBTaskResult

        from chondral.web.models import CaseRecord
        from chondral.web.summary_jobs import refresh_summaries

        today = timezone.localdate()
        yesterday = today - dt.timedelta(days=1)
        CaseRecord.objects.filter(pk=demo_case.pk).update(summary_as_of=yesterday, phase_label="x")
        client = _client(surgeon)
        page = client.get("/cases/").content.decode()
        assert f"as of {yesterday.isoformat()}" in page and "refresh started" in page
        client.get("/cases/")
        jobs = DBTaskResult.objects.filter(task_path=refresh_summaries.module_path)
        assert jobs.count() == 1
        assert jobs.get().args_kwargs["args"] == [clinic.pk, today.isoformat()]
        assert refresh_summaries.call(clinic.pk, today.isoformat()) == 1
        record = CaseRecord.objects.get(pk=demo_case.pk)
        assert record.summary_as_of == today and record.phase_label != "x"
        assert refresh_summaries.call(clinic.pk, today.isoformat()) == 0
        page = client.get("/cases/").content.decode()
        assert f"as of {today.isoformat()}." in page and "brought up to date" not in page


# --- the case page ---------------------------------------------------------------------------


def _findings(page: str) -> list[str]:
    return re.findall(r'<tr class="finding" data-rule-id="([^"]+)">', page)


class TestCasePage:
    @pytest.mark.parametrize(
        "name", ["demo-case.yaml", "arthritic-hip.yaml", "borderline-dysplasia.yaml"]
    )
    def test_the_verdict_and_every_finding_are_the_librarys(
        self, store_case: Any, clinic: Any, surgeon: Any, name: str
    ) -> None:
        from chondral.rules import DEFAULT_RULE_SET, criterion_status
        from chondral.services.candidacy import assess_case

        document = example_document(name)
        record = store_case(document, clinic, surgeon)
        assessment = assess_case(_case(document), DEFAULT_RULE_SET)
        page = _client(surgeon).get(f"/cases/{record.case_id}/").content.decode()
        assert f'data-verdict="{assessment.verdict}"' in page
        assert _findings(page) == [finding.rule_id for finding in assessment.findings]
        for finding in assessment.findings:
            criterion, status = criterion_status(finding)
            row = re.search(
                rf'<tr class="finding" data-rule-id="{re.escape(finding.rule_id)}">(.*?)</tr>',
                page,
                re.S,
            )
            assert row is not None
            cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]
            assert cells == [
                criterion,
                status.value,
                finding.severity.value,
                finding.message,
                f"<code>{finding.rule_id}</code> (version {finding.version})",
                finding.source,
            ]

    def test_measurements_lesions_checklist_rehab_and_outcomes_are_shown(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        from chondral.pathway import DEFAULT_POLICY
        from chondral.services.outcomes import summarise_case_outcomes
        from chondral.services.pathway import case_checklist, case_rehab_schedule

        case = _case(example_document())
        page = _client(surgeon).get("/cases/DEMO-001/").content.decode()
        assert "<td>31 deg</td>" in page and "<td>4.1 mm</td>" in page  # LCEA, joint space
        assert "<td>168 cm</td>" in page and "<td>61 kg</td>" in page
        lesion = re.search(r'<tr data-lesion-id="L1">(.*?)</tr>', page)
        assert lesion is not None
        assert re.findall(r"<td>(.*?)</td>", lesion.group(1)) == [
            "L1", "acetabulum", "1:30", "6", "14 x 10 mm", "110", "icrs 4", "yes",
            "post debridement",
        ]  # fmt: skip
        checklist, _ = case_checklist(case, as_of=timezone.localdate(), policy=DEFAULT_POLICY)
        assert re.findall(r'<tr data-item-id="([^"]+)"', page) == [i.id for i in checklist.items]
        schedule, _ = case_rehab_schedule(case, policy=DEFAULT_POLICY)
        assert re.findall(r'<tr data-phase-id="([^"]+)">', page) == [p.id for p in schedule.phases]
        assert schedule.weight_bearing.rule_id in page
        summary = summarise_case_outcomes(case)
        for course in summary.instruments:
            assert f"/cases/DEMO-001/outcomes/{course.instrument}.png" in page
        mhhs = re.search(
            r'<table class="follow-ups" data-instrument="mhhs">(.*?)</table>', page, re.S
        )
        assert mhhs is not None
        flags = re.findall(r'data-flag="(mcid|pass)">([^<]*)<', mhhs.group(1))
        course = summary.course("mhhs")
        assert course is not None
        expected = []
        for follow_up in course.follow_ups:
            mcid = "reached" if follow_up.mcid_achieved else "not reached"
            passed = "reached" if follow_up.pass_achieved else "not reached"
            expected += [("mcid", mcid), ("pass", passed)]
        assert flags == expected and ("pass", "reached") in flags

    def test_sections_that_cannot_be_computed_say_why(
        self, store_case: Any, clinic: Any, surgeon: Any
    ) -> None:
        store_case(example_document("arthritic-hip.yaml", case_id="ARTH-CASE"), clinic, surgeon)
        response = _client(surgeon).get("/cases/ARTH-CASE/")
        page = response.content.decode()
        assert response.status_code == 200
        reasons = re.findall(r'<p class="reason" role="note">Cannot be shown: ([^<]*)</p>', page)
        assert (
            reasons.count("surgery_date: is required: the case file records no surgery date") == 2
        )
        assert "proms: the case records no questionnaire responses yet" in reasons
        assert "Traceback" not in page

    def test_every_page_of_a_case_shows_its_side(
        self, store_case: Any, clinic: Any, surgeon: Any
    ) -> None:
        left = store_case(example_document("borderline-dysplasia.yaml"), clinic, surgeon)
        client = _client(surgeon)
        for path in ("", "versions/", "versions/1/"):
            page = client.get(f"/cases/{left.case_id}/{path}").content.decode()
            assert BANNER.findall(page) == [("left", "LEFT")], path

    def test_unknown_and_other_clinics_cases_are_not_found(
        self, demo_case: Any, make_user: Any, other_clinic: Any, surgeon: Any
    ) -> None:
        outsider = make_user("outsider", "surgeon", other_clinic)
        assert _client(outsider).get("/cases/DEMO-001/").status_code == 404
        assert _client(surgeon).get("/cases/NO-SUCH/").status_code == 404
        assert _client(outsider).get("/cases/DEMO-001/case.yaml").status_code == 404

    def test_a_page_request_loads_no_planning_or_plotting_library(self) -> None:
        from import_probe import loaded_after

        code = """
import os, sys, tempfile
sys.path.insert(0, {tests!r})
os.environ["CHONDRAL_DATA_DIR"] = tempfile.mkdtemp()
os.environ["DJANGO_SETTINGS_MODULE"] = "web_settings"
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from chondral.web.models import Clinic, Profile
from chondral.web import store
from web.conftest import example_document
clinic = Clinic.objects.create(name="c")
user = User.objects.create_user("s", password="x" * 20)
Profile.objects.create(user=user, role="surgeon", clinic=clinic)
store.create_case(example_document(), user=user, clinic=clinic)
client = Client()
client.force_login(user)
assert client.get("/cases/").status_code == 200
assert client.get("/cases/DEMO-001/").status_code == 200
assert client.get("/cases/DEMO-001/rehab.ics").status_code == 200
"""
        from pathlib import Path

        tests = str(Path(__file__).resolve().parents[1])
        loaded = loaded_after(
            code.format(tests=tests), ["trimesh", "scipy", "matplotlib", "plotly", "potpourri3d"]
        )
        assert loaded == []


# --- downloads -------------------------------------------------------------------------------


class TestDownloads:
    def test_the_rehab_calendar_holds_the_schedules_dates(
        self, demo_case: Any, make_user: Any, clinic: Any
    ) -> None:
        import icalendar

        from chondral.pathway import DEFAULT_POLICY
        from chondral.services.pathway import case_rehab_schedule

        physio = make_user("physio1", "physio", clinic)
        response = _client(physio).get("/cases/DEMO-001/rehab.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        calendar = icalendar.Calendar.from_ical(response.content)
        starts = sorted(event.decoded("dtstart") for event in calendar.walk("VEVENT"))
        schedule, _ = case_rehab_schedule(_case(example_document()), policy=DEFAULT_POLICY)
        expected = sorted(
            [v.date for v in schedule.visits]
            + [p.start for p in schedule.phases]
            + sorted({d.date for d in schedule.prom_due})
        )
        assert starts == expected

    def test_no_calendar_without_a_surgery_date_one_line_why(
        self, store_case: Any, clinic: Any, surgeon: Any
    ) -> None:
        store_case(example_document("arthritic-hip.yaml", case_id="ARTH-CASE"), clinic, surgeon)
        response = _client(surgeon).get("/cases/ARTH-CASE/rehab.ics")
        assert response.status_code == 409
        assert response.content.decode().strip() == (
            "surgery_date: is required: the case file records no surgery date"
        )

    def test_the_case_file_reads_back_as_the_stored_document(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        from chondral.io.documents import parse_document_text

        response = _client(surgeon).get("/cases/DEMO-001/case.yaml")
        assert response.status_code == 200
        assert 'filename="DEMO-001-v1.yaml"' in response["Content-Disposition"]
        text = response.content.decode()
        assert parse_document_text(text, kind="yaml", name="download") == example_document()

    def test_a_patient_gets_the_calendar_but_no_clinical_downloads(
        self, demo_case: Any, make_user: Any, clinic: Any
    ) -> None:
        patient = make_user("patient1", "patient", clinic, demo_case)
        client = _client(patient)
        assert client.get("/cases/DEMO-001/case.yaml").status_code == 403
        page = client.get("/cases/DEMO-001/").content.decode()
        assert "/case.yaml" not in page and "plan.json" not in page and "mrk.json" not in page
        assert "/cases/DEMO-001/rehab.ics" in page
        assert client.get("/cases/DEMO-001/rehab.ics").status_code == 200
        assert BANNER.findall(page) == [("right", "RIGHT")]

    def test_outcome_charts_are_pngs_and_an_unknown_instrument_is_not_found(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        client = _client(surgeon)
        chart = client.get("/cases/DEMO-001/outcomes/mhhs.png")
        assert chart.status_code == 200 and chart["Content-Type"] == "image/png"
        assert chart.content.startswith(b"\x89PNG\r\n\x1a\n")
        missing = client.get("/cases/DEMO-001/outcomes/nahs.png")
        assert missing.status_code == 404
        assert missing.content.decode().strip().startswith("instrument:")


# --- versions --------------------------------------------------------------------------------


class TestVersions:
    def test_versions_list_who_what_and_an_old_version_is_readable(
        self, demo_case: Any, surgeon: Any, make_user: Any, clinic: Any
    ) -> None:
        from chondral.io.documents import parse_document_text
        from chondral.web import store

        staff = make_user("staff1", "staff", clinic)
        document = copy.deepcopy(store.current_version(demo_case).document)
        document["lesions"][0]["contained"] = False
        store.save_version(demo_case, document, user=staff, note="rim found torn")
        client = _client(surgeon)
        page = client.get("/cases/DEMO-001/versions/").content.decode()
        assert re.findall(r'<tr data-version="(\d+)">', page) == ["2", "1"]
        row = re.search(r'<tr data-version="2">(.*?)</tr>', page, re.S)
        assert row is not None
        assert "staff1" in row.group(1) and "<code>lesions[0].contained</code>" in row.group(1)
        assert "rim found torn" in row.group(1)
        old = client.get("/cases/DEMO-001/versions/1/").content.decode()
        assert "old version, read only" in old
        shown = re.search(r'<pre class="document"[^>]*>(.*?)</pre>', old, re.S)
        assert shown is not None
        text = html.unescape(shown.group(1))
        assert parse_document_text(text, kind="yaml", name="v1") == example_document()
        new = client.get("/cases/DEMO-001/versions/2/").content.decode()
        assert "<code>lesions[0].contained</code>" in new and "(current)" in new
        assert client.get("/cases/DEMO-001/versions/3/").status_code == 404

    def test_the_case_page_names_the_current_version(self, demo_case: Any, surgeon: Any) -> None:
        page = _client(surgeon).get("/cases/DEMO-001/").content.decode()
        assert "Version 1, saved" in page and "by surgeon1" in page
        assert urlsplit("/cases/DEMO-001/versions/").path in page


def test_a_case_whose_lesion_cannot_be_placed_shows_the_reason_on_list_and_page(
    store_case: Any, clinic: Any, surgeon: Any
) -> None:
    document = example_document("range-lesion.yaml", case_id="UNPLACED")
    document["lesions"][0]["rim_distance_mm"] = {"from": 0, "to": 30}
    record = store_case(document, clinic, surgeon)
    client = _client(surgeon)
    page = client.get("/cases/UNPLACED/").content.decode()
    reason = html.escape(record.verdict_problem)
    assert record.verdict == "" and "reaches into the fossa" in record.verdict_problem
    assert f"Cannot be shown: {reason}" in page
    listed = client.get("/cases/", {"verdict": "none"})
    assert _listed(listed) == ["UNPLACED"]
    assert "cannot be assessed" in listed.content.decode()


def test_the_list_makes_the_same_queries_for_3_cases_as_for_30(
    store_case: Any, clinic: Any, surgeon: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(surgeon)
    client.get("/cases/")  # the session and the user are loaded once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/", {"verdict": "candidate"}).status_code == 200
        return len(captured.captured_queries)

    for number in range(3):
        store_case(example_document(case_id=f"Q-{number:03d}"), clinic, surgeon)
    few = queries()
    for number in range(3, 30):
        store_case(example_document(case_id=f"Q-{number:03d}"), clinic, surgeon)
    assert queries() == few
