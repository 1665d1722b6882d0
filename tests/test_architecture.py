"""The import-layer contracts (pyproject [tool.importlinter]) hold, checked in the test run."""

import subprocess
import sys
from pathlib import Path

import pytest

from import_probe import loaded_after

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_import_layers_point_downward_only():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_top_level_package_imports_nothing_heavy():
    code = (
        "import sys, chondral, chondral.domain, chondral.rules;"
        "heavy = {'typer', 'rich', 'trimesh', 'scipy', 'matplotlib', 'plotly'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


HEAVY = ("trimesh", "scipy", "matplotlib", "potpourri3d", "plotly", "embreex", "rtree")


def test_the_command_line_loads_no_geometry_or_plotting_library():
    """``chondral --help`` must start fast: commands import their services when they run."""
    watched = (*HEAVY, "jsonschema", "icalendar", "yaml", "numpy", "rich")
    assert loaded_after("import chondral.cli.main", watched) == []


COMMAND_MODULES = sorted(
    path.stem
    for path in (REPO_ROOT / "src" / "chondral" / "cli" / "commands").glob("*.py")
    if not path.stem.startswith("_")
)


@pytest.mark.parametrize("name", COMMAND_MODULES)
def test_a_command_module_imports_only_typer_and_errors(name):
    watched = (*HEAVY, "rich", "numpy", "chondral.services", "chondral.io", "chondral.domain")
    assert loaded_after(f"import chondral.cli.commands.{name}", watched) == []
