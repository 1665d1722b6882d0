"""One Hypothesis fuzz test per command: malformed case files, documents and flags (made by
mutating the shipped examples, see ``fuzz_inputs``) are run in-process through
``chondral.cli.main.run``. The promise checked every time:

- exit 0, or exit 2 with exactly one line on stderr starting ``error: ``;
- never a traceback, never another exit code, never a numpy ``RuntimeWarning`` (which a real
  run would print before the error line).

Bounded: a few dozen examples per command, derandomised so CI sees the same inputs every run.
Set ``CHONDRAL_FUZZ_EXAMPLES=<n>`` to run ``n`` random examples per command instead.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chondral.cli.main import run
from fuzz.fuzz_inputs import (
    CASE_EXAMPLES,
    DATE_TEXTS,
    EXAMPLES,
    MESH_KINDS,
    NUMBERS,
    OUT_PATHS,
    POLICY_EXAMPLE,
    PROM_EXAMPLES,
    REPO_ROOT,
    RULES_EXAMPLE,
    TEMPLATE_CASES,
    OutPath,
    document_file,
    fresh,
    libhip_meshes,
    mesh_file,
)

_RANDOM_EXAMPLES = int(os.environ.get("CHONDRAL_FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int) -> settings:
    """Modest, derandomised settings (or ``CHONDRAL_FUZZ_EXAMPLES`` random examples)."""
    return settings(
        max_examples=_RANDOM_EXAMPLES or examples,
        derandomize=not _RANDOM_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def check(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    """Run ``argv`` and assert the promise; returns the exit code."""
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = run(argv)
        except Exception as error:
            pytest.fail(f"{type(error).__name__} escaped run({argv!r}): {error!s:.500}")
    out, err = capsys.readouterr()
    shown = f"run({[a[:120] for a in argv]!r}) -> {code}; stderr: {err[-1500:]!r}"
    assert "Traceback" not in out and "Traceback" not in err, shown
    assert code in (0, 2), shown
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, shown
        assert lines[0].startswith("error: "), shown
    runtime = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not runtime, f"{shown}; warnings: {runtime[:3]}"
    return code


ALL_CASES = st.one_of(st.just("demo-case.yaml"), st.sampled_from(sorted(CASE_EXAMPLES)))
PLANNABLE_CASES = st.one_of(st.just("demo-case.yaml"), st.sampled_from(TEMPLATE_CASES))


@st.composite
def case_file(draw: st.DrawFn, names: st.SearchStrategy[str] = ALL_CASES) -> Any:
    return draw(document_file(CASE_EXAMPLES[draw(names)], name="case"))


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@fuzz_settings(40)
@given(case=case_file())
def test_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Any) -> None:
    check(["validate", case.make(fresh(tmp_path))], capsys)


@fuzz_settings(40)
@given(
    case=case_file(),
    rules=maybe(document_file(RULES_EXAMPLE, name="rules")),
    as_json=st.booleans(),
)
def test_assess(tmp_path: Path, capsys, case: Any, rules: Any, as_json: bool) -> None:
    folder = fresh(tmp_path)
    argv = ["assess", case.make(folder)]
    if rules is not None:
        argv += ["--rules", rules.make(folder)]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


PLAN_FLAGS = [
    "--spacing-min-mm",
    "--spacing-max-mm",
    "--rim-inset-mm",
    "--depth-mm",
    "--debridement-margin-mm",
    "--coverage-target-mm",
]


@fuzz_settings(12)
@given(
    case=case_file(PLANNABLE_CASES),
    overrides=st.dictionaries(st.sampled_from(PLAN_FLAGS), NUMBERS, max_size=2),
    lesion=maybe(st.sampled_from(["L1", "L2", "", "x\ny"])),
    out=maybe(OUT_PATHS.filter(lambda out: out.kind != "fresh")),
    as_json=st.booleans(),
)
def test_plan(tmp_path: Path, capsys, case, overrides, lesion, out, as_json) -> None:
    folder = fresh(tmp_path)
    argv = ["plan", case.make(folder)]
    for flag, value in overrides.items():
        argv += [flag, value]
    if lesion is not None:
        argv += ["--lesion", lesion]
    if out is not None:  # only paths that cannot be written: writing figures is slow
        argv += ["--out", out.make(folder)]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


@fuzz_settings(20)
@given(
    kind=MESH_KINDS,
    real=st.sampled_from([None, None, None, "femur", "fc", "ac"]),
    cartilage=st.booleans(),
    units=maybe(st.sampled_from(["mm", "cm", "m", "MM", "inch", "", "mm\n"])),
    side=maybe(st.sampled_from(["left", "right", "Right", "up", ""])),
    layer=maybe(st.sampled_from(["femoral_head", "acetabulum", "knee", ""])),
    axes=maybe(st.sampled_from(["LPS", "RAS", "unknown", "lps", "x\ny"])),
    as_json=st.booleans(),
)
def test_measure(tmp_path, capsys, kind, real, cartilage, units, side, layer, axes, as_json):
    folder = fresh(tmp_path)
    meshes = libhip_meshes()
    path = meshes.get(real or "", "") or mesh_file(kind, folder)
    is_cartilage = real in ("fc", "ac") or (real is None and cartilage)
    argv = ["measure", "--cartilage" if is_cartilage else "--mesh", path]
    for flag, value in (("--units", units), ("--side", side), ("--layer", layer), ("--axes", axes)):
        if value is not None:
            argv += [flag, value]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


POLICY = maybe(document_file(POLICY_EXAMPLE, name="policy"))


@fuzz_settings(25)
@given(
    case=case_file(),
    surgery_date=maybe(DATE_TEXTS),
    as_of=maybe(DATE_TEXTS),
    policy=POLICY,
    as_json=st.booleans(),
)
def test_checklist(tmp_path, capsys, case, surgery_date, as_of, policy, as_json) -> None:
    folder = fresh(tmp_path)
    argv = ["checklist", case.make(folder)]
    if surgery_date is not None:
        argv += ["--surgery-date", surgery_date]
    if as_of is not None:
        argv += ["--as-of", as_of]
    if policy is not None:
        argv += ["--policy", policy.make(folder)]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


@fuzz_settings(25)
@given(
    case=case_file(),
    surgery_date=maybe(DATE_TEXTS),
    ics=maybe(OUT_PATHS),
    policy=POLICY,
    as_json=st.booleans(),
)
def test_rehab(tmp_path, capsys, case, surgery_date, ics, policy, as_json) -> None:
    folder = fresh(tmp_path)
    argv = ["rehab", case.make(folder)]
    if surgery_date is not None:
        argv += ["--surgery-date", surgery_date]
    if ics is not None:
        argv += ["--ics", ics.make(folder, file_name="rehab.ics")]
    if policy is not None:
        argv += ["--policy", policy.make(folder)]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


@fuzz_settings(15)
@given(
    case=case_file(PLANNABLE_CASES),
    out=maybe(OUT_PATHS),
    policy=POLICY,
    as_json=st.booleans(),
)
def test_opnote(tmp_path, capsys, case, out, policy, as_json) -> None:
    folder = fresh(tmp_path)
    argv = ["opnote", case.make(folder)]
    if out is not None:
        argv += ["--out", out.make(folder, file_name="note.txt")]
    if policy is not None:
        argv += ["--policy", policy.make(folder)]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


@fuzz_settings(25)
@given(
    case=case_file(),
    date=DATE_TEXTS,
    surgery_date=maybe(DATE_TEXTS),
    policy=POLICY,
    as_json=st.booleans(),
)
def test_rts(tmp_path, capsys, case, date, surgery_date, policy, as_json) -> None:
    folder = fresh(tmp_path)
    argv = ["rts", case.make(folder), "--date", date]
    if surgery_date is not None:
        argv += ["--surgery-date", surgery_date]
    if policy is not None:
        argv += ["--policy", policy.make(folder)]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


INSTRUMENTS = st.one_of(
    st.sampled_from(sorted(PROM_EXAMPLES)), st.sampled_from(["womac", "", "MHHS", "x\ny"])
)
MIN_ANSWERED = st.lists(
    st.sampled_from(["hos_adl=10", "ihot12=0", "nahs=999", "womac=3", "x", "mhhs=nan", "=", ""]),
    max_size=2,
)


@st.composite
def responses_file(draw: st.DrawFn) -> Any:
    base = PROM_EXAMPLES[draw(st.sampled_from(sorted(PROM_EXAMPLES)))]
    return draw(document_file(base, name="responses"))


@fuzz_settings(30)
@given(
    instrument=INSTRUMENTS,
    responses=responses_file(),
    min_answered=MIN_ANSWERED,
    as_json=st.booleans(),
)
def test_score(tmp_path, capsys, instrument, responses, min_answered, as_json) -> None:
    argv = ["score", instrument, responses.make(fresh(tmp_path))]
    for value in min_answered:
        argv += ["--min-answered", value]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


_THRESHOLD_SET = json.loads(
    (
        REPO_ROOT / "src" / "chondral" / "outcomes" / "resources" / "thresholds-nwachukwu-2020.json"
    ).read_text(encoding="utf-8")
)


@fuzz_settings(20)
@given(
    case=case_file(),
    thresholds=maybe(document_file(_THRESHOLD_SET, name="thresholds")),
    plots=st.sampled_from([None, None, None, None, "fresh", "existing_file", "dev_null"]),
    min_answered=MIN_ANSWERED,
    as_json=st.booleans(),
)
def test_outcomes(tmp_path, capsys, case, thresholds, plots, min_answered, as_json) -> None:
    folder = fresh(tmp_path)
    argv = ["outcomes", case.make(folder)]
    if thresholds is not None:
        argv += ["--thresholds", thresholds.make(folder)]
    if plots is not None:
        argv += ["--plots", OutPath(plots).make(folder)]
    for value in min_answered:
        argv += ["--min-answered", value]
    if as_json:
        argv.append("--json")
    check(argv, capsys)


@fuzz_settings(12)
@given(
    name=st.sampled_from(
        ["case", "plan", "rules", "policy", "thresholds", "CASE", "", "case\n", "x" * 300]
    )
)
def test_schema(capsys, name: str) -> None:
    check(["schema", name], capsys)


@fuzz_settings(5)
@given(case=maybe(case_file(PLANNABLE_CASES)), out=OUT_PATHS)
def test_demo_case(tmp_path, capsys, case, out) -> None:
    folder = fresh(tmp_path)
    argv = ["demo", "--out", out.make(folder, file_name="demo")]
    if case is not None:
        argv += ["--case", case.make(folder)]
    check(argv, capsys)


def test_examples_are_what_the_fuzzer_starts_from() -> None:
    """The examples parse (each mutation starts from a valid document)."""
    assert "demo-case.yaml" in CASE_EXAMPLES and TEMPLATE_CASES
    assert EXAMPLES.is_dir() and len(PROM_EXAMPLES) == 6
