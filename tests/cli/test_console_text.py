"""Free text from a case file is printed exactly as typed: square brackets and emoji codes are
not markup (Rich would otherwise fail on ``[/]`` or swallow ``[bold]``)."""

import pytest
import yaml

from chondral.cli.main import run
from pathway_factories import pathway_document

from factories import case_document

TEXTS = ["L[/]1", "L[bold]2", "L:smile:3"]


def write(tmp_path, document, name="case.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@pytest.mark.parametrize("lesion_id", TEXTS)
def test_a_lesion_id_with_brackets_is_printed_as_typed(tmp_path, capsys, lesion_id):
    case = write(tmp_path, case_document(**{"lesions.0.id": lesion_id}))
    assert run(["assess", str(case)]) == 0
    assert run(["plan", str(case)]) == 0
    out = capsys.readouterr().out
    assert f"lesion {lesion_id} on the acetabulum" in out


def test_a_checklist_note_with_brackets_is_printed_as_typed(tmp_path, capsys):
    document = pathway_document()
    document["checklist"]["consent"]["note"] = "signed [/] in clinic [red]"
    assert run(["checklist", str(write(tmp_path, document)), "--as-of", "2025-02-01"]) == 0
    assert "signed [/] in clinic [red]" in capsys.readouterr().out.replace("\n", " ")


def test_an_out_folder_with_brackets_is_named_as_typed(tmp_path, capsys):
    case = write(tmp_path, case_document())
    out = tmp_path / "x[/red]"
    assert run(["plan", str(case), "--out", str(out)]) == 0
    assert f"wrote {out / 'plan.json'}" in capsys.readouterr().out
