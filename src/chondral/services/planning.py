"""Planning use cases: plan a case's lesion, write the plan's files, and what the pathway needs
from a plan (treated area, planned holes)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chondral.anatomy.cartilage import measure_cartilage
from chondral.anatomy.proximal_femur import check_femur_side, find_femoral_head
from chondral.domain import Case, Lesion, MeshReference, Surface
from chondral.errors import GeometryError, InputDataError
from chondral.io.casefile import load_case
from chondral.io.meshes import (
    CARTILAGE_EXTENT_MM,
    FEMUR_EXTENT_MM,
    load_mesh,
    parse_length_unit,
)
from chondral.io.plan_export import (
    PlanProvenance,
    write_markups,
    write_plan_json,
    write_surface_stl,
)
from chondral.pathway.planned_holes import PlannedHoles
from chondral.planning import (
    HolePlan,
    PlanParameters,
    PlanWarning,
    choose_lesion,
    plan_on_cartilage,
    plan_on_femur_mesh,
    plan_on_template,
)
from chondral.planning.planner import treated_area_on_template
from chondral.reports.plan_figures import write_plan_clock_png, write_plan_html

__all__ = [
    "PLAN_FILES",
    "PlanRun",
    "plan_case",
    "plan_case_file",
    "planned_holes",
    "planned_holes_or_reason",
    "treated_area_mm2",
    "write_plan_files",
]

PLAN_FILES = ("plan.json", "plan.mrk.json", "plan-surface.stl", "plan-3d.html", "plan-clock.png")


@dataclass(frozen=True, slots=True)
class PlanRun:
    """A plan and where it came from."""

    case: Case
    plan: HolePlan
    provenance: PlanProvenance


def _resolve(reference: MeshReference, case_path: Path | None) -> Path:
    path = Path(reference.path)
    if not path.is_absolute() and case_path is not None:
        # resolve the case file's folder first: it may be reached through a symbolic link
        path = (Path(case_path).resolve().parent / path).resolve()
    return path


def _parameters(case: Case, overrides: dict[str, float | None] | None) -> PlanParameters:
    parameters = PlanParameters().with_settings(case.plan)
    changes = {name: value for name, value in (overrides or {}).items() if value is not None}
    if not changes:
        return parameters
    unknown = set(changes) - {field.name for field in dataclasses.fields(PlanParameters)}
    if unknown:
        raise InputDataError(f"unknown plan parameter(s): {', '.join(sorted(unknown))}")
    return dataclasses.replace(parameters, **changes)


_MESH_FIELDS = {"units": "units", "side": None}
"""Fields of the mesh readers as the case file names them (None: the hip's side)."""


def _in_case_file(error: InputDataError, key: str) -> InputDataError:
    """The same error, naming the case file's field (``imaging.<key>.path``, ``.units``, or
    ``hip.side``) instead of the command-line flag the mesh readers know."""
    mapped = _MESH_FIELDS.get(error.field or "", "path")
    field = "hip.side" if mapped is None else f"imaging.{key}.{mapped}"
    problem = error.problem.replace("check --units", f"check imaging.{key}.units")
    return type(error)(problem, field=field)


def _femur(reference: MeshReference, case: Case, case_path: Path | None) -> tuple[Any, Any, Path]:
    path = _resolve(reference, case_path)
    try:
        mesh = load_mesh(
            path,
            parse_length_unit(reference.units),
            plausible_extent_mm=FEMUR_EXTENT_MM,
            what="proximal femur",
        )
        head = find_femoral_head(mesh)
        check_femur_side(mesh, head, case.side)
    except InputDataError as error:
        raise _in_case_file(error, "femur_mesh") from error
    return mesh, head, path


def _cartilage(
    reference: MeshReference, layer: Surface, case: Case, case_path: Path | None
) -> tuple[Any, Any, Path]:
    path = _resolve(reference, case_path)
    key = f"{'acetabular' if layer is Surface.ACETABULUM else 'femoral'}_cartilage_mesh"
    try:
        mesh = load_mesh(
            path,
            parse_length_unit(reference.units),
            plausible_extent_mm=CARTILAGE_EXTENT_MM,
            what="cartilage layer",
        )
        measured = measure_cartilage(mesh, case.side, layer)
    except InputDataError as error:
        raise _in_case_file(error, key) from error
    return mesh, measured.bone_sphere, path


def plan_case(
    case: Case,
    case_path: Path | None = None,
    *,
    lesion_id: str | None = None,
    overrides: dict[str, float | None] | None = None,
) -> tuple[HolePlan, dict[str, bytes]]:
    """Plan one lesion of ``case`` on the patient's own bone when the case names a mesh of that
    surface, else on the template hip. Femoral head: the femur mesh, else the femoral cartilage
    layer's bone face. Acetabulum: the acetabular cartilage layer's bone face, centred on the
    femur's head when a femur mesh is given too. Returns the plan and the raw inputs it read
    (for provenance hashes)."""
    lesion = choose_lesion(case, lesion_id)
    parameters = _parameters(case, overrides)
    imaging = case.imaging
    inputs: dict[str, bytes] = {}
    if lesion.surface is Surface.FEMORAL_HEAD and imaging.femur_mesh is not None:
        mesh, head, path = _femur(imaging.femur_mesh, case, case_path)
        inputs["femur_mesh"] = path.read_bytes()
        return plan_on_femur_mesh(case, lesion, parameters, mesh, head, path.name), inputs
    layer_mesh = (
        imaging.femoral_cartilage_mesh
        if lesion.surface is Surface.FEMORAL_HEAD
        else imaging.acetabular_cartilage_mesh
    )
    if layer_mesh is not None:
        mesh, bone_sphere, path = _cartilage(layer_mesh, lesion.surface, case, case_path)
        inputs[f"{lesion.surface.value}_cartilage_mesh"] = path.read_bytes()
        head_centre = None
        if imaging.femur_mesh is not None:
            _, head, femur_path = _femur(imaging.femur_mesh, case, case_path)
            inputs["femur_mesh"] = femur_path.read_bytes()
            head_centre = head.center_mm
        plan = plan_on_cartilage(
            case,
            lesion,
            parameters,
            mesh,
            lesion.surface,
            bone_sphere,
            path.name,
            head_centre_mm=head_centre,
        )
        return plan, inputs
    plan = plan_on_template(case, lesion, parameters)
    if imaging.femur_mesh or imaging.femoral_cartilage_mesh or imaging.acetabular_cartilage_mesh:
        note = PlanWarning(
            rule_id="plan.mesh_not_used/1",
            message=(
                f"the case's meshes do not cover the {lesion.surface.value.replace('_', ' ')}"
                f" where lesion {lesion.id} lies: planned on the template hip"
            ),
            source="product.md section 2.4",
        )
        plan = dataclasses.replace(plan, warnings=(*plan.warnings, note))
    return plan, inputs


def plan_case_file(
    case_path: Path,
    *,
    lesion_id: str | None = None,
    overrides: dict[str, float | None] | None = None,
    now: dt.datetime | None = None,
) -> PlanRun:
    """Read a case file and plan it (see ``plan_case``), with provenance."""
    case = load_case(case_path)
    plan, inputs = plan_case(case, case_path, lesion_id=lesion_id, overrides=overrides)
    provenance = PlanProvenance.create(
        created_at=now or dt.datetime.now(dt.UTC),
        inputs={"case": Path(case_path).read_bytes(), **inputs},
    )
    return PlanRun(case, plan, provenance)


def write_plan_files(run: PlanRun, out_dir: Path) -> list[Path]:
    """plan.json, 3D Slicer markups, the surface as STL, the 3D view and the clock-face map."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputDataError(
            f"cannot create {out_dir}: {error.strerror or error}", field="out"
        ) from error
    json_name, markups_name, stl_name, html_name, png_name = PLAN_FILES
    return [
        write_plan_json(out_dir / json_name, run.plan, run.provenance),
        write_markups(out_dir / markups_name, run.plan),
        write_surface_stl(out_dir / stl_name, run.plan),
        write_plan_html(out_dir / html_name, run.plan),
        write_plan_clock_png(out_dir / png_name, run.plan),
    ]


def _lesion_area_mm2(case: Case, lesion: Lesion, parameters: PlanParameters) -> float | None:
    """None for a lesion recorded without extent (a centre only); a lesion that cannot be
    placed (in the fossa or notch) is an error, not an unknown."""
    if lesion.center is not None and lesion.size is None and lesion.area_mm2 is None:
        return None
    return treated_area_on_template(case, lesion, parameters)


def treated_area_mm2(case: Case, case_path: Path | None = None) -> float | None:
    """Total area of the case's lesions after debridement, on the template hip (mm2); None when
    a lesion has no extent recorded (the caller must say so). Raises ``GeometryError`` for a
    lesion that cannot be placed on the joint surface."""
    del case_path  # the template is enough for an area; the plan's own area is in plan.json
    if not case.lesions:
        return None
    parameters = PlanParameters().with_settings(case.plan)
    areas = [_lesion_area_mm2(case, lesion, parameters) for lesion in case.lesions]
    if any(area is None for area in areas):
        return None
    return math.fsum(area for area in areas if area is not None)


def planned_holes(case: Case, case_path: Path | None = None) -> PlannedHoles | None:
    """The plan of the case's lesion as the operative comparison needs it; None when the case
    has no lesion that can be planned (``planned_holes_or_reason`` says why)."""
    return planned_holes_or_reason(case, case_path)[0]


def planned_holes_or_reason(
    case: Case, case_path: Path | None = None
) -> tuple[PlannedHoles | None, str | None]:
    """``planned_holes`` and, when there is no plan, the one-line reason (the planner's error)."""
    try:
        plan, _ = plan_case(case, case_path)
    except (GeometryError, InputDataError) as error:
        return None, str(error)
    return _planned(plan), None


def _planned(plan: HolePlan) -> PlannedHoles:
    return PlannedHoles(
        lesion_id=plan.region.lesion_id,
        surface=plan.surface,
        hole_count=plan.metrics.hole_count,
        positions=tuple((hole.clock_deg, hole.rim_distance_mm) for hole in plan.holes),
        spacing_max_mm=plan.parameters.spacing_max_mm,
    )
