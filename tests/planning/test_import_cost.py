"""Importing the planning and anatomy packages loads no heavy optional library.

Each check runs in a fresh interpreter (``sys.modules`` of this one already holds everything).
The heavy libraries load when a function that needs them runs, and the lazy names still import.
"""

from __future__ import annotations

import pytest

from import_probe import loaded_after

HEAVY = ("trimesh", "scipy", "matplotlib", "potpourri3d", "plotly")


def heavy_after(code: str) -> list[str]:
    """The heavy libraries loaded after running ``code`` in a new interpreter."""
    return loaded_after(code, HEAVY)


@pytest.mark.parametrize(
    "module",
    [
        "chondral.planning",
        "chondral.anatomy",
        "chondral.planning.plan",
        "chondral.planning.rules",
        "chondral.planning.parameters",
        "chondral.reports",
        "chondral.reports.plan_3d",
        "chondral.reports.plan_clock",
        "chondral.services.planning",
        "chondral.cli.commands.plan",
    ],
)
def test_importing_loads_no_heavy_library(module: str) -> None:
    assert heavy_after(f"import {module}") == []


def test_the_lazy_names_still_import() -> None:
    code = (
        "from chondral.anatomy import measure_cartilage, measure_proximal_femur, PatientAxes\n"
        "from chondral.planning import plan_on_template, choose_lesion\n"
        "import chondral.anatomy as a, chondral.planning as p\n"
        "assert callable(a.measure_cartilage) and callable(p.plan_on_cartilage)"
    )
    assert "trimesh" in heavy_after(code)


def test_planning_needs_no_figure_library() -> None:
    """The ``mesh`` extra alone can plan: a whole template plan loads neither matplotlib nor
    plotly (debridement's point-in-polygon test is numpy)."""
    code = (
        "from chondral.domain import Case, ClockPosition, Hip, Lesion, LesionCenter, Patient\n"
        "from chondral.domain import MeasuredAt, Sex, Side, Surface\n"
        "from chondral.planning import PlanParameters, plan_on_template\n"
        "lesion = Lesion(id='L1', surface=Surface.FEMORAL_HEAD,"
        " center=LesionCenter(ClockPosition.from_label('1:00'), 8.0), area_mm2=100.0,"
        " measured=MeasuredAt.POST_DEBRIDEMENT)\n"
        "case = Case(case_id='C1', patient=Patient(sex=Sex.MALE), hip=Hip(side=Side.LEFT),"
        " lesions=(lesion,))\n"
        "assert plan_on_template(case, lesion, PlanParameters()).holes"
    )
    loaded = heavy_after(code)
    assert "matplotlib" not in loaded and "plotly" not in loaded
    assert "trimesh" in loaded  # the geometry did run


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    import chondral.anatomy
    import chondral.planning

    with pytest.raises(AttributeError):
        chondral.planning.no_such_name  # noqa: B018
    with pytest.raises(AttributeError):
        chondral.anatomy.no_such_name  # noqa: B018
