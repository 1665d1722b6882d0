"""Forms for what happens in and after theatre: the operative record (microfracture per lesion),
the return-to-sport test results and the surgeon's approval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from chondral.domain import AnaesthesiaType, ConcomitantProcedure, Portal, RegionalBlock
from chondral.errors import InputDataError
from chondral.pathway import CriterionTest, default_rts_criteria
from chondral.web.forms import (
    DATE_INPUT,
    EditForm,
    copied,
    get_path,
    index_of,
    optional_float,
    put_path,
    show_error,
    yes_no,
    yes_no_text,
    yes_no_value,
)

__all__ = ["OperativeForm", "RtsApprovalForm", "RtsTestsForm"]

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _choices(values: Any) -> list[tuple[str, str]]:
    return [(str(v), str(v).replace("_", " ")) for v in values]


OPERATIVE_PATHS: dict[str, str] = {
    "operative.date": "date",
    "operative.surgeon": "surgeon",
    "operative.anaesthesia.type": "anaesthesia_type",
    "operative.anaesthesia.block": "anaesthesia_block",
    "operative.anaesthesia": "anaesthesia_type",
    "operative.traction[0].start": "traction_start",
    "operative.traction[0].stop": "traction_stop",
    "operative.traction[0].force_kg": "traction_force_kg",
    "operative.traction[0]": "traction_start",
    "operative.distraction_mm": "distraction_mm",
    "operative.portals": "portals",
    "operative.other_findings": "other_findings",
    "operative.concomitant": "concomitant",
    "operative.complications": "complications",
}
_MICROFRACTURE_KEYS = {
    "hole_count": "holes",
    "depth_mm": "depth_mm",
    "awl_angles_deg": "awl_angles_deg",
    "calcified_layer_removed": "calcified",
    "marrow_seen": "marrow",
    "debris_cleared": "debris",
}


def _operative_lesions(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The lesions of the operative record, else the case's lesions (sized before theatre)."""
    operative = document.get("operative") or {}
    if operative.get("lesions"):
        return [dict(lesion) for lesion in operative["lesions"]]
    return [
        {key: value for key, value in lesion.items() if key != "measured"}
        for lesion in document.get("lesions") or []
    ]


def _lesion_fields(number: int, lesion_id: str) -> dict[str, forms.Field]:
    where = f"Lesion {lesion_id}"
    return {
        f"mf{number}_holes": forms.IntegerField(
            label=f"{where}: holes made",
            required=False,
            min_value=0,
            help_text="Leave empty when this lesion was not microfractured.",
        ),
        f"mf{number}_depth_mm": optional_float(f"{where}: hole depth (mm)"),
        f"mf{number}_awl_angles_deg": forms.CharField(
            label=f"{where}: awl angles (deg, comma separated)", required=False
        ),
        f"mf{number}_calcified": yes_no(f"{where}: calcified layer removed"),
        f"mf{number}_marrow": yes_no(f"{where}: marrow seen"),
        f"mf{number}_debris": yes_no(f"{where}: debris cleared"),
    }


class OperativeForm(EditForm):
    """The operative record: date, surgeon, anaesthesia, traction, portals, findings, and the
    microfracture of each lesion (hole positions and more traction periods: the document
    editor)."""

    note = "operative record"

    date = forms.DateField(label="Date of surgery", widget=DATE_INPUT)
    surgeon = forms.CharField(label="Operating surgeon", max_length=200)
    anaesthesia_type = forms.ChoiceField(
        label="Anaesthesia",
        required=False,
        choices=[("", "not recorded"), *_choices(AnaesthesiaType)],
    )
    anaesthesia_block = forms.ChoiceField(
        label="Regional block",
        required=False,
        choices=[("", "not recorded"), *_choices(RegionalBlock)],
    )
    traction_start = forms.TimeField(label="Traction start (HH:MM)", required=False, widget=_TIME)
    traction_stop = forms.TimeField(label="Traction stop (HH:MM)", required=False, widget=_TIME)
    traction_force_kg = optional_float("Traction force (kg)")
    distraction_mm = optional_float("Distraction achieved (mm)")
    portals = forms.MultipleChoiceField(
        label="Portals",
        required=False,
        choices=_choices(Portal),
        widget=forms.CheckboxSelectMultiple,
    )
    concomitant = forms.MultipleChoiceField(
        label="Concomitant procedures",
        required=False,
        choices=_choices(ConcomitantProcedure),
        widget=forms.CheckboxSelectMultiple,
    )
    other_findings = forms.CharField(
        label="Other findings", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    complications = forms.CharField(
        label="Complications",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line; write 'none' when there were none; leave empty if not recorded.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lesions = _operative_lesions(self.document)
        for number, lesion in enumerate(self.lesions):
            self.fields.update(_lesion_fields(number, str(lesion.get("id"))))
        self._written: list[int] = []

    def lesion_rows(self) -> list[tuple[str, list[Any]]]:
        """(lesion id, its bound fields) for the template."""
        return [
            (str(lesion.get("id")), [self[name] for name in _lesion_fields(number, "")])
            for number, lesion in enumerate(self.lesions)
        ]

    def main_fields(self) -> list[Any]:
        """The bound fields of the record itself."""
        return [self[name] for name in self.fields if not name.startswith(("mf", "base_"))]

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        operative = document.get("operative")
        if operative is None:
            return {"surgeon": options.get("surgeon_name", "")}
        initial: dict[str, Any] = {}
        for path, name in OPERATIVE_PATHS.items():
            value = get_path(document, path.replace("[0]", ""))
            if name.startswith("traction"):
                traction = (operative.get("traction") or [{}])[0]
                value = traction.get(path.rsplit(".", 1)[-1])
            if isinstance(value, Mapping):
                continue
            initial[name] = value
        complications = operative.get("complications")
        initial["complications"] = (
            "" if complications is None else ("\n".join(complications) or "none")
        )
        records = {m.get("lesion_id"): m for m in operative.get("microfracture") or []}
        for number, lesion in enumerate(_operative_lesions(document)):
            record = records.get(lesion.get("id"))
            if record is None:
                continue
            holes = record.get("hole_count", len(record.get("hole_positions") or []) or None)
            initial[f"mf{number}_holes"] = holes
            initial[f"mf{number}_depth_mm"] = record.get("depth_mm")
            initial[f"mf{number}_awl_angles_deg"] = ", ".join(
                f"{a:g}" for a in record.get("awl_angles_deg") or []
            )
            for key in ("calcified_layer_removed", "marrow_seen", "debris_cleared"):
                initial[f"mf{number}_{_MICROFRACTURE_KEYS[key]}"] = yes_no_text(record.get(key))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(len(self.lesions)):
            name = f"mf{number}_awl_angles_deg"
            text = (data.get(name) or "").replace(";", ",")
            try:
                data[name] = [float(part) for part in text.split(",") if part.strip()]
            except ValueError:
                self.add_error(name, "give the angles as numbers separated by commas (45, 90)")
        return data

    def _microfracture(self, old: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        data = self.cleaned_data
        records = {m.get("lesion_id"): dict(m) for m in old}
        result: list[dict[str, Any]] = []
        self._written = []
        for number, lesion in enumerate(self.lesions):
            holes = data.get(f"mf{number}_holes")
            record = records.get(lesion.get("id"), {"lesion_id": lesion.get("id")})
            positions = record.get("hole_positions")
            if holes is None and not positions:
                continue
            if holes is None:
                record.pop("hole_count", None)
            elif not (positions and holes == len(positions) and "hole_count" not in record):
                record["hole_count"] = holes
            record.pop("awl_angles_deg", None)
            angles = data.get(f"mf{number}_awl_angles_deg") or []
            if angles:
                record["awl_angles_deg"] = angles
            put_path(record, "depth_mm", data.get(f"mf{number}_depth_mm"))
            for key in ("calcified_layer_removed", "marrow_seen", "debris_cleared"):
                put_path(
                    record, key, yes_no_value(data.get(f"mf{number}_{_MICROFRACTURE_KEYS[key]}"))
                )
            result.append(record)
            self._written.append(number)
        return result

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        data = self.cleaned_data
        operative = dict(result.get("operative") or {})
        operative["date"] = data["date"].isoformat()
        operative["side"] = (result.get("hip") or {}).get("side")
        operative["surgeon"] = data["surgeon"]
        anaesthesia = {"type": data.get("anaesthesia_type"), "block": data.get("anaesthesia_block")}
        operative.pop("anaesthesia", None)
        if anaesthesia["type"] or anaesthesia["block"]:
            operative["anaesthesia"] = {k: v for k, v in anaesthesia.items() if v}
        traction = list(operative.get("traction") or [])
        first = dict(traction[0]) if traction else {}
        for key in ("start", "stop"):
            value = data.get(f"traction_{key}")
            put_path(first, key, None if value is None else value.strftime("%H:%M"))
        if data.get("traction_force_kg") is not None:
            first.pop("force_lb", None)
        put_path(first, "force_kg", data.get("traction_force_kg"))
        traction = ([first] if first else []) + traction[1:]
        operative.pop("traction", None)
        if traction:
            operative["traction"] = traction
        put_path(operative, "distraction_mm", data.get("distraction_mm"))
        for key in ("portals", "concomitant"):
            operative.pop(key, None)
            if data.get(key):
                operative[key] = list(data[key])
        put_path(operative, "other_findings", data.get("other_findings") or None)
        text = (data.get("complications") or "").strip()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        operative.pop("complications", None)
        if text:
            operative["complications"] = [] if [x.lower() for x in lines] == ["none"] else lines
        if self.lesions:
            operative["lesions"] = self.lesions
        operative.pop("microfracture", None)
        microfracture = self._microfracture(
            (result.get("operative") or {}).get("microfracture") or []
        )
        if microfracture:
            operative["microfracture"] = microfracture
        result["operative"] = operative
        return result

    def show(self, error: InputDataError) -> None:
        field = error.field or ""
        prefix = "operative.microfracture["
        if field.startswith(prefix):
            position = index_of(field)
            if position is not None and position < len(self._written):
                number = self._written[position]
                key = field.split("].", 1)[1].split(".")[0].split("[")[0] if "]." in field else ""
                name = f"mf{number}_{_MICROFRACTURE_KEYS.get(key, 'holes')}"
                self.add_error(name, error.problem)
                return
        show_error(self, error, OPERATIVE_PATHS)


def _criteria() -> list[Any]:
    return [c for c in default_rts_criteria() if c.prom is None]


class RtsTestsForm(EditForm):
    """One return-to-sport assessment: its date, the assessor and each test's result."""

    note = "return-to-sport tests"

    date = forms.DateField(label="Date of testing", widget=DATE_INPUT)
    assessor = forms.CharField(label="Assessor", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = _criteria()
        for criterion in self.criteria:
            label = criterion.title + (f" ({criterion.unit})" if criterion.unit else "")
            if criterion.test is CriterionTest.PASS:
                self.fields[f"r_{criterion.id}"] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", "not tested"), ("yes", "passed"), ("no", "not passed")],
                )
            else:
                self.fields[f"r_{criterion.id}"] = optional_float(label)
        self._index = len(((self.document.get("return_to_sport") or {}).get("assessments")) or [])

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        return {"date": timezone.localdate(), "assessor": options.get("assessor", "")}

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        data = self.cleaned_data
        results: dict[str, Any] = {}
        for criterion in self.criteria:
            value = data.get(f"r_{criterion.id}")
            if criterion.test is CriterionTest.PASS:
                value = yes_no_value(value)
            if value is not None and value != "":
                put_path(results, criterion.id, value)
        assessment: dict[str, Any] = {"date": data["date"].isoformat(), "results": results}
        if data.get("assessor"):
            assessment["assessor"] = data["assessor"]
        section = result.setdefault("return_to_sport", {})
        section.setdefault("assessments", []).append(assessment)
        self._index = len(section["assessments"]) - 1
        return result

    def error_table(self) -> Mapping[str, str]:
        where = f"return_to_sport.assessments[{self._index}]"
        table = {f"{where}.date": "date", f"{where}.assessor": "assessor"}
        for criterion in self.criteria:
            table[f"{where}.results.{criterion.id}"] = f"r_{criterion.id}"
        return table


class RtsApprovalForm(EditForm):
    """The surgeon's approval to return to sport."""

    note = "return to sport approved"

    surgeon = forms.CharField(label="Approving surgeon", max_length=200)
    date = forms.DateField(label="Date of approval", widget=DATE_INPUT)

    FIELD_PATHS: ClassVar[Mapping[str, str]] = {
        "return_to_sport.approval.surgeon": "surgeon",
        "return_to_sport.approval.date": "date",
        "return_to_sport.approval": "date",
    }

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        approval = (document.get("return_to_sport") or {}).get("approval") or {}
        return {
            "surgeon": approval.get("surgeon", options.get("surgeon_name", "")),
            "date": approval.get("date", timezone.localdate()),
        }

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        section = result.setdefault("return_to_sport", {})
        section["approval"] = {
            "surgeon": self.cleaned_data["surgeon"],
            "date": self.cleaned_data["date"].isoformat(),
        }
        return result
