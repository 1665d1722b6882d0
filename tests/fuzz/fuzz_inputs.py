"""Malformed inputs for the per-command fuzz tests, made by mutating valid examples.

A careless or hostile user's inputs: NaN and infinity, huge and negative numbers, wrong types,
deep nesting, long strings and line breaks, dates out of order or out of the calendar, lists and
numbers as keys, YAML tags and aliases, truncated or binary files, missing files, devices and
folders where a file is expected. Everything here is plain data and Hypothesis strategies; the
tests in ``test_fuzz_commands`` drive the command line with them.
"""

from __future__ import annotations

import contextlib
import copy
import json
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from chondral.io.documents import parse_document_text

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "src" / "chondral" / "examples"


def _read(path: Path) -> Any:
    return parse_document_text(path.read_text(encoding="utf-8"), kind="yaml", name=str(path))


CASE_EXAMPLES: dict[str, Any] = {path.name: _read(path) for path in sorted(EXAMPLES.glob("*.yaml"))}
"""Every example case, parsed (the rich ``demo-case.yaml`` has every pathway section)."""

TEMPLATE_CASES = [name for name, doc in CASE_EXAMPLES.items() if "imaging" not in doc]
"""Examples planned on the template hip (mesh plans are too slow to fuzz)."""

PROM_EXAMPLES: dict[str, Any] = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((EXAMPLES / "proms").glob("*.json"))
}

RULES_EXAMPLE: dict[str, Any] = {
    "schema": "chondral.rules/1",
    "id": "unit",
    "version": "1",
    "criteria": {
        "age": {"version": 2, "source": "Unit policy", "caution_from_years": 45},
        "lesion_size": {"version": 2, "source": "Unit policy", "met_max_mm2": 250},
    },
}

POLICY_EXAMPLE: dict[str, Any] = {
    "schema": "chondral.policy/1",
    "id": "unit",
    "version": "1",
    "rules": {
        "operative.traction_time": {"version": 2, "source": "Theatre", "limit_minutes": 90},
        "rts.minimum_time": {"version": 2, "source": "Unit", "weeks": 20},
        "rts.criteria": {"version": 2, "source": "Unit", "thresholds": {"front_plank_s": 60}},
        "checklist.due": {"version": 2, "source": "Unit", "due_days_before": {"consent": 3}},
    },
}


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


NASTY_VALUES: list[Any] = [
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -1e308,
    10**30,
    -1,
    0,
    0.5,
    1e-300,
    250,
    9,
    500,
    "",
    " ",
    "x" * 5000,
    "line\nbreak",
    "nul\x00char",
    "L[/]1",
    "[bold]loud[/bold] :smile:",
    "2025-02-30",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "13:00",
    "banana",
    "womac",
    "../../etc/passwd",
    "/dev/zero",
    None,
    True,
    False,
    [],
    {},
    [1, 2],
    {"k": 1},
    {"": 1},
    _deep(120),
]
"""Values put in place of any field."""

TEXT_SNIPPETS: list[str] = [
    "\nextra: !!float x\n",
    "\nextra: !!python/object/apply:os.system ['true']\n",
    "\nextra: !custom 3\n",
    "\nanchor: &a [1, 2]\nalias: *a\n",
    "\n? [a, b]\n: 1\n",
    "\n1: one\n",
    "\nnull: x\n",
    "\ndeep: " + "[" * 300 + "]" * 300 + "\n",
    "\nbig: " + "9" * 4301 + "\n",
    "\nnan: .nan\n",
    "\ncase_id: DUPLICATE\n",
    "\n---\nsecond: document\n",
    "\n\ttab: 1\n",
    "\n" + "a" * 100_000 + ": 1\n",
    "\nbomb: &b [" + ",".join(["lol"] * 9) + "]\nb2: &b2 [" + ",".join(["*b"] * 9) + "]\n",
]
"""Raw text appended to a rendered YAML document."""


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((*prefix, index))
            found.extend(_paths(child, (*prefix, index)))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def mutated_document(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with one to three random mutations (a value replaced, a field removed or added,
    an item repeated, dates moved)."""
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        kind = draw(st.sampled_from(["set", "set", "set", "delete", "add", "repeat", "dates"]))
        if not paths or not isinstance(document, dict):
            break
        outside_proms = [p for p in paths if p[0] != "proms"]
        if outside_proms and draw(st.booleans()):
            paths = outside_proms
        path = draw(st.sampled_from(paths))
        parent = _parent(document, path)
        if kind == "set":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(NASTY_VALUES)))
        elif kind == "delete":
            del parent[path[-1]]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["unknown", "x" * 300, "a\nb", "schema_2"]))] = 1
        elif kind == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        elif kind == "dates":
            day = draw(st.sampled_from(["1900-01-01", "2024-12-31", "2025-03-03", "2100-12-31"]))
            for other in paths:
                dated = other and other[-1] in ("date", "surgery_date", "stopped_on")
                if dated and draw(st.booleans()):
                    _parent(document, other)[other[-1]] = day
    return document


def render(document: Any, kind: str) -> str:
    """``document`` as YAML or JSON text (NaN and infinity written the way each writes them)."""
    if kind == "json":
        return json.dumps(document, allow_nan=True)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class FileInput:
    """How to make one input file: its name and bytes, or a special path."""

    name: str
    content: bytes | None = None
    special: str | None = None  # missing, folder, dev_null_link, dev_zero_link, dev_null

    def make(self, folder: Path) -> str:
        """Create the input in a new folder under ``folder`` and return its path."""
        path = fresh(folder) / self.name
        if self.special == "missing":
            return str(path)
        if self.special == "folder":
            path.mkdir()
            return str(path)
        if self.special == "dev_null":
            return "/dev/null"
        if self.special in ("dev_null_link", "dev_zero_link"):
            path.symlink_to("/dev/null" if self.special == "dev_null_link" else "/dev/zero")
            return str(path)
        assert self.content is not None
        with contextlib.suppress(OSError):  # a name too long: the command sees it unmade
            path.write_bytes(self.content)
        return str(path)


SPECIAL_FILES = st.sampled_from(
    [
        FileInput("missing.yaml", special="missing"),
        FileInput("folder.yaml", special="folder"),
        FileInput("null.yaml", special="dev_null_link"),
        FileInput("zero.yaml", special="dev_zero_link"),
        FileInput("devnull", special="dev_null"),
        FileInput("empty.yaml", b""),
        FileInput("case.txt", b"schema: chondral.case/1\n"),
        FileInput("binary.yaml", b"\xff\xfe\x00\x01garbage"),
        FileInput("x" * 300 + ".yaml", b"a: 1\n"),
        FileInput("line\nbreak.yaml", b"a: 1\n"),
    ]
)


@st.composite
def document_file(draw: st.DrawFn, base: Any, *, name: str = "input") -> FileInput:
    """A file made from ``base``: mostly a mutated copy as YAML or JSON, sometimes with raw
    text appended or cut short, sometimes the valid document, sometimes a special path."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(SPECIAL_FILES)
    document = base if choice == 1 else draw(mutated_document(base))
    kind = draw(st.sampled_from(["yaml", "yaml", "json"]))
    text = render(document, kind)
    if kind == "yaml" and draw(st.integers(0, 3)) == 0:
        text += draw(st.sampled_from(TEXT_SNIPPETS))
    data = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0 and len(data) > 3:
        data = data[: draw(st.integers(len(data) // 3, len(data) - 1))]
    return FileInput(f"{name}.{'yml' if kind == 'yaml' else 'json'}", data)


DATE_TEXTS = st.sampled_from(
    [
        "2025-03-03",
        "2025-02-10",
        "2025-07-14",
        "2026-01-01",
        "2024-01-01",
        "2025-02-30",
        "2025-02-30\n",
        "0001-01-01",
        "9999-12-31",
        "1900-01-01",
        "2100-12-31",
        "2101-01-01",
        "yesterday",
        "",
        "2025-1-1",
        "x" * 500,
        "2025-03-03T10:00",
    ]
)
"""Values for date flags."""


@dataclass(frozen=True)
class OutPath:
    """Where a command is asked to write: a fresh folder, or something that cannot be one."""

    kind: str  # fresh, existing_file, dev_null, long_name, missing_parent, newline

    def make(self, folder: Path, *, file_name: str = "out") -> str:
        folder.mkdir(parents=True, exist_ok=True)
        if self.kind == "fresh":
            return str(folder / f"{file_name}-{uuid.uuid4().hex[:8]}")
        if self.kind == "existing_file":
            path = folder / "a-file"
            path.write_text("x")
            return str(path)
        if self.kind == "dev_null":
            return "/dev/null"
        if self.kind == "long_name":
            return str(folder / ("n" * 300))
        if self.kind == "missing_parent":
            path = folder / "a-file-parent"
            path.write_text("x")
            return str(path / "child" / file_name)
        return str(folder / "line\nbreak")


OUT_PATHS = st.sampled_from(
    [
        OutPath(kind)
        for kind in (
            "fresh",
            "fresh",
            "existing_file",
            "dev_null",
            "long_name",
            "missing_parent",
            "newline",
        )
    ]
)

NUMBERS = st.sampled_from(
    ["nan", "inf", "-inf", "1e308", "-1", "0", "2", "3.5", "4", "10", "1e-300", "x", ""]
)
"""Values for numeric flags (as typed)."""


def fresh(folder: Path) -> Path:
    """A new, empty folder for one example."""
    path = folder / uuid.uuid4().hex[:12]
    path.mkdir(parents=True)
    return path


def mesh_file(kind: str, folder: Path) -> str:
    """A small mesh file of one kind (a plain ball, NaN vertices, two balls, garbage, empty,
    a text file, a folder); ``folder`` is fresh."""
    import numpy as np
    import trimesh

    path = folder / ("mesh.txt" if kind == "text_suffix" else "mesh.stl")
    if kind == "folder":
        path.mkdir()
        return str(path)
    if kind in ("garbage", "text_suffix"):
        path.write_bytes(b"solid x\nfacet nonsense\n\x00\xff")
        return str(path)
    if kind == "empty":
        path.write_bytes(b"")
        return str(path)
    if kind == "missing":
        return str(folder / "missing.stl")
    ball = trimesh.creation.icosphere(subdivisions=2, radius=24.0)
    parts = [ball]
    if kind == "two":
        other = ball.copy()
        other.apply_translation((300.0, 0.0, 0.0))
        parts.append(other)
    mesh = trimesh.util.concatenate(parts)
    vertices = np.asarray(mesh.vertices, dtype=np.float64).copy()
    if kind == "nan":
        vertices[5] = np.nan
    if kind == "inf":
        vertices[7, 0] = np.inf
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        trimesh.Trimesh(vertices, mesh.faces, process=False).export(path)
    return str(path)


MESH_KINDS = st.sampled_from(
    ["ball", "nan", "inf", "two", "garbage", "empty", "missing", "folder", "text_suffix"]
)


def libhip_meshes() -> dict[str, str]:
    """Real LibHip meshes for measure (empty when ../shared/data is absent)."""
    root = REPO_ROOT.parent / "shared" / "data" / "libhip"
    names = {
        "femur": root / "femur" / "m7_rfemur_mm.stl",
        "fc": root / "cartilage" / "m4_cg_jnt_rhip_fc_wo_gap.stl",
        "ac": root / "cartilage" / "m4_cg_jnt_rhip_ac_wo_gap.stl",
    }
    return {key: str(path) for key, path in names.items() if path.is_file()}
