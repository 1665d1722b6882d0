"""Fixtures of the reliability runs: the ``postgres_only`` marker (``make test`` leaves those
tests out of its SQLite pass and runs them on PostgreSQL) and a report printed at the end of the
session (the load run's percentiles)."""

from __future__ import annotations

import pytest

_REPORT = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres_only: run by make test in its PostgreSQL pass only (the load run)"
    )
    config.stash[_REPORT] = []


@pytest.fixture
def report(request: pytest.FixtureRequest) -> list[str]:
    """Lines to print in the session's summary."""
    return request.config.stash[_REPORT]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = terminalreporter.config.stash.get(_REPORT, [])
    if lines:
        terminalreporter.section("reliability")
        for line in lines:
            terminalreporter.write_line(line)
