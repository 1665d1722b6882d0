"""A surgeon's journey in a real browser (Debian Chromium through Playwright) against the real
application (``chondral serve`` and ``chondral web worker``, see ``tests/web/launcher.py``).

The surgeon signs in, uploads the LibHip example case file, sees the candidacy verdict, uploads
the patient's femur and acetabular cartilage meshes, makes a plan on them (a background job,
followed on the page until done), rotates the 3D view, edits the planned lesion and sees the
plan marked out of date, and downloads the 3D Slicer markups.

Known truths come from the library through a second path: the verdict of ``chondral assess``
and the holes of ``chondral plan`` on the same case file and meshes. After the session, the
server's and the worker's logs are searched for the case id and the patient's data: none may be
there (issue 11: no patient identifiers in application logs).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web.launcher import BIN, PASSWORD, LaunchedApp, launch

EXAMPLE = Path(__file__).resolve().parents[3] / "src" / "chondral" / "examples"
CASE_FILE = EXAMPLE / "libhip-m4-right.yaml"
CASE_ID = "LIBHIP-M4-R"
FEMUR = "libhip/femur/m4_rfemur_mm.stl"
CARTILAGE = "libhip/cartilage/m4_cg_jnt_rhip_ac_wo_gap.stl"
PLAN_TIMEOUT_MS = 240_000


def _cli_json(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [str(BIN / "chondral"), *args, "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return dict(json.loads(done.stdout))


@pytest.fixture
def app(shared_data: Path) -> Iterator[LaunchedApp]:
    application = launch(users={"journey-surgeon": "surgeon"})
    yield application
    application.close()


def _camera(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            "() => JSON.parse(JSON.stringify("
            "document.getElementById('plan-3d')._fullLayout.scene.camera))"
        )
    )


def test_surgeon_plans_on_the_patient_mesh_and_sees_it_go_stale(
    app: LaunchedApp, browser: Any, shared_data: Path, tmp_path: Path
) -> None:
    verdict = _cli_json("assess", str(CASE_FILE))["verdict"]
    reference_holes = _cli_json("plan", str(CASE_FILE))["holes"]

    context = browser.new_context(
        base_url=app.base_url, viewport={"width": 1280, "height": 1000}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        # sign in
        page.goto("/accounts/login/")
        page.fill("#id_username", "journey-surgeon")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/cases/$"))

        # upload the example case file; the case page shows the side and the verdict
        page.goto("/cases/upload/")
        page.set_input_files("#id_case_file", str(CASE_FILE))
        page.get_by_role("button", name="Upload").click()
        page.wait_for_url(re.compile(rf"/cases/{CASE_ID}/$"))
        assert page.locator("#verdict").get_attribute("data-verdict") == verdict
        assert "RIGHT" in page.inner_text("body")

        # the patient's meshes, through the mesh upload page
        for field, mesh in (("femur_mesh", FEMUR), ("acetabular_cartilage_mesh", CARTILAGE)):
            page.goto(f"/cases/{CASE_ID}/meshes/")
            page.select_option("#id_field", field)
            page.select_option("#id_units", "mm")
            page.set_input_files("#id_mesh_file", str(shared_data / mesh))
            page.locator("form:has(#id_mesh_file) button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".error").count() == 0, page.inner_text("body")[:2000]

        # a plan on the patient mesh: a background job, followed on the page until done
        page.goto(f"/cases/{CASE_ID}/")
        page.locator("form.replan button[type=submit]").click()
        page.wait_for_selector("#plan-state[data-state=done]", timeout=PLAN_TIMEOUT_MS)
        made_on = page.inner_text("#plan-state").lower()
        assert "mesh" in made_on and "template" not in made_on
        hole_ids = page.locator("tr.hole").evaluate_all(
            "rows => rows.map(row => row.dataset.holeId)"
        )
        assert hole_ids == [hole["id"] for hole in reference_holes]

        # rotate the 3D view: a drag on Plotly's canvas changes the camera
        page.wait_for_function(
            "() => { const d = document.getElementById('plan-3d');"
            " return d && d._fullLayout && d._fullLayout.scene; }"
        )
        page.locator("#plan-3d").scroll_into_view_if_needed()
        before = _camera(page)
        box = page.locator("#plan-3d").bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 160, y + 60, steps=12)
        page.mouse.up()
        page.wait_for_function(
            "eye => JSON.stringify(document.getElementById('plan-3d')"
            "._fullLayout.scene.camera.eye) !== JSON.stringify(eye)",
            arg=before["eye"],
        )
        assert _camera(page)["eye"] != before["eye"]

        # download the markups: one control point per planned hole
        with page.expect_download() as download_info:
            page.locator("#plan-state a[href$='markups.mrk.json']").click()
        path = tmp_path / "plan.mrk.json"
        download_info.value.save_as(path)
        markups = json.loads(path.read_text(encoding="utf-8"))
        points = [point for markup in markups["markups"] for point in markup["controlPoints"]]
        assert [point["label"] for point in points] == [hole["id"] for hole in reference_holes]

        # edit the planned lesion: the plan is marked out of date
        page.goto(f"/cases/{CASE_ID}/lesions/0/")
        page.fill("#id_area_mm2", "120")
        page.locator("form:has(#id_area_mm2) button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/cases/{CASE_ID}/"))
        page.goto(f"/cases/{CASE_ID}/")
        assert page.locator("#plan-stale").is_visible()
        assert "Out of date" in page.inner_text("#plan-stale")
    except Exception as error:
        # what the browser showed, in the failure's report
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise AssertionError(
            f"{error}\n--- page {page.url} (screenshot {tmp_path / 'failure.png'}):\n"
            f"{page.inner_text('body')[:3000]}\n--- server log:\n{app.log_tail('server')}"
        ) from error
    finally:
        context.close()

    # nothing about the patient in the application's logs
    app.stop()
    logs = app.log_text()
    assert "POST" in logs  # the logs were written (gunicorn's access log)
    stored = re.findall(r"stored:sha256:([0-9a-f]{64})", json.dumps(_stored_document(app)))
    forbidden = [CASE_ID, CASE_ID.lower(), "m4_rfemur", "m4_cg_jnt", "libhip", *stored]
    assert [word for word in forbidden if word.lower() in logs.lower()] == []


def _stored_document(app: LaunchedApp) -> Any:
    return json.loads(
        app.python(
            "import json\n"
            "from chondral.web.models import CaseVersion\n"
            "print(json.dumps([v.document for v in CaseVersion.objects.all()]))\n"
        )
    )
