"""The CI guard turns skips into failures when CI=true (checked in a child pytest run)."""

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def run_child(tmp_path, ci: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text((TESTS / "conftest.py").read_text())
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\ndef test_needs_something():\n    pytest.skip('component missing')\n"
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"CI": ci, "PATH": "/usr/bin:/bin"},
        check=False,
        cwd=tmp_path,
    )


def test_skip_fails_in_ci(tmp_path):
    result = run_child(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "skipped in CI" in result.stdout


def test_skip_is_a_skip_outside_ci(tmp_path):
    result = run_child(tmp_path, "")
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
