"""Forms for a case's patient and hip: creating a case, editing those sections, uploading a
case file, and the whole document as YAML."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms

from chondral.domain import CASE_SCHEMA_ID, Sex, Side
from chondral.errors import InputDataError
from chondral.io.documents import MAX_DOCUMENT_BYTES, decode_document, parse_document_text
from chondral.web.forms import (
    EditForm,
    copied,
    get_path,
    put_path,
    yes_no,
    yes_no_text,
    yes_no_value,
)

__all__ = [
    "CaseCreateForm",
    "CaseUploadForm",
    "DocumentForm",
    "PatientHipForm",
    "document_yaml",
]

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number(label: str, *, whole: bool = False, help_text: str = "") -> forms.Field:
    widget = forms.NumberInput(attrs={"step": "1" if whole else "any"})
    if whole:
        return forms.IntegerField(label=label, required=False, widget=widget, help_text=help_text)
    return forms.FloatField(label=label, required=False, widget=widget, help_text=help_text)


PATIENT_HIP_PATHS: dict[str, str] = {
    "patient.sex": "sex",
    "patient.age_years": "age_years",
    "patient.height_cm": "height_cm",
    "patient.weight_kg": "weight_kg",
    "patient.activity.tegner": "tegner",
    "patient.activity.ucla": "ucla",
    "patient.activity.sport": "sport",
    "hip.femoral_head_diameter_mm": "femoral_head_diameter_mm",
    "hip.radiographic.lcea_deg": "lcea_deg",
    "hip.radiographic.tonnis_grade": "tonnis_grade",
    "hip.radiographic.joint_space_width_mm": "joint_space_width_mm",
    "hip.radiographic.tonnis_angle_deg": "tonnis_angle_deg",
    "hip.radiographic.alpha_angle_deg": "alpha_angle_deg",
    "hip.instability": "instability",
    "hip.acetabulum.inclination_deg": "inclination_deg",
    "hip.acetabulum.anteversion_deg": "anteversion_deg",
    "hip.acetabulum": "inclination_deg",
    "rehab_commitment": "rehab_commitment",
    "surgery_date": "surgery_date",
}
"""Case-file path -> form field of the patient and hip form."""

_BOOLEAN_FIELDS = frozenset({"instability", "rehab_commitment"})


class PatientHipForm(EditForm):
    """The patient, the hip's measurements and the surgery date of a stored case."""

    FIELD_PATHS: ClassVar[Mapping[str, str]] = PATIENT_HIP_PATHS
    note = "patient and hip edited"

    sex = forms.ChoiceField(
        label="Sex", required=False, choices=[("", "not recorded")] + [(s, s) for s in Sex]
    )
    age_years = _number("Age (years)", whole=True)
    height_cm = _number("Height (cm)")
    weight_kg = _number("Weight (kg)")
    tegner = _number("Activity: Tegner level (0-10)", whole=True)
    ucla = _number("Activity: UCLA score (1-10)", whole=True)
    sport = forms.CharField(label="Main sport", required=False, max_length=2000)
    femoral_head_diameter_mm = _number("Femoral head diameter (mm)")
    lcea_deg = _number("Lateral centre-edge angle, LCEA (deg)")
    tonnis_grade = _number("Tönnis osteoarthritis grade (0-3)", whole=True)
    joint_space_width_mm = _number("Minimum joint space width (mm)")
    tonnis_angle_deg = _number("Tönnis angle (deg)")
    alpha_angle_deg = _number("Alpha angle (deg)")
    instability = yes_no("Clinical instability")
    inclination_deg = _number(
        "Acetabular inclination (deg)", help_text="Give both inclination and anteversion."
    )
    anteversion_deg = _number("Acetabular anteversion (deg)")
    rehab_commitment = yes_no("Committed to the rehabilitation")
    surgery_date = forms.DateField(label="Surgery date", required=False, widget=_DATE)

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for path, name in PATIENT_HIP_PATHS.items():
            if path == "hip.acetabulum":
                continue
            value = get_path(document, path)
            initial[name] = yes_no_text(value) if name in _BOOLEAN_FIELDS else value
        return initial

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        data = self.cleaned_data
        for path, name in PATIENT_HIP_PATHS.items():
            if path == "hip.acetabulum":
                continue
            value = data.get(name)
            if name in _BOOLEAN_FIELDS:
                value = yes_no_value(value)
            elif name == "surgery_date":
                value = None if value is None else value.isoformat()
            elif value == "":
                value = None
            put_path(result, path, value)
        result.setdefault("patient", {})
        return result


class CaseCreateForm(PatientHipForm):
    """A new case: its id and side, then the patient and hip fields."""

    FIELD_PATHS: ClassVar[Mapping[str, str]] = {
        "case_id": "case_id",
        "hip.side": "side",
        **PATIENT_HIP_PATHS,
    }
    note = "created"

    case_id = forms.CharField(
        label="Case id",
        max_length=64,
        help_text="Pseudonymous: letters, digits, '.', '_' or '-'; no names or hospital numbers.",
    )
    side = forms.ChoiceField(label="Side", choices=[("", "choose")] + [(s, s) for s in Side])
    field_order: ClassVar[list[str]] = ["case_id", "side"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["base_version"]
        add_surgeon_field(self, self.options.get("surgeons"))

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        base = {
            "schema": CASE_SCHEMA_ID,
            "case_id": self.cleaned_data["case_id"],
            "patient": {},
            "hip": {"side": self.cleaned_data["side"]},
        }
        return super().apply(base)


def add_surgeon_field(form: forms.Form, surgeons: Any) -> None:
    """For clinic staff creating a case: the clinic's surgeon whose case it is (optional;
    ``surgeons`` None: the surgeon is the user)."""
    if surgeons is not None:
        form.fields["surgeon"] = forms.ModelChoiceField(
            queryset=surgeons,
            required=False,
            label="Surgeon",
            empty_label="none yet",
            help_text="The surgeon whose cohort the case belongs to.",
        )


class CaseUploadForm(forms.Form):
    """A case file (YAML or JSON) to store as a new case."""

    FIELD_PATHS: ClassVar[Mapping[str, str]] = {}
    case_file = forms.FileField(
        label="Case file (.yaml, .yml or .json)",
        help_text=f"At most {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
    )

    def __init__(self, *args: Any, surgeons: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_surgeon_field(self, surgeons)

    def clean_case_file(self) -> Any:
        upload = self.cleaned_data["case_file"]
        name = upload.name or "case"
        kind = "json" if name.lower().endswith(".json") else "yaml"
        if not name.lower().endswith((".json", ".yaml", ".yml")):
            raise forms.ValidationError("choose a .yaml, .yml or .json case file")
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                f"the file is {upload.size:,} bytes; a case file may have at most"
                f" {MAX_DOCUMENT_BYTES:,}"
            )
        try:
            text = decode_document(upload.read(MAX_DOCUMENT_BYTES + 1), name=name)
            return parse_document_text(text, kind=kind, name=name)
        except InputDataError as error:
            raise forms.ValidationError(str(error)) from error

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        parsed = self.cleaned_data["case_file"]
        if not isinstance(parsed, Mapping):
            raise InputDataError("must be a mapping of case-file fields", field="(document)")
        return dict(parsed)

    def show(self, error: InputDataError) -> None:
        """A case-file error of an uploaded file: next to the file field, naming the path."""
        self.add_error(
            "case_file", f"{error.field}: {error.problem}" if error.field else str(error)
        )


def document_yaml(document: Mapping[str, Any]) -> str:
    """A case document as YAML text, keys in the document's order."""
    import yaml

    return str(yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, width=100))


class DocumentForm(EditForm):
    """The whole case document as YAML, for what the structured forms do not cover."""

    note = "document edited"
    document_text = forms.CharField(
        label="Case document (YAML)",
        widget=forms.Textarea(attrs={"rows": 40, "cols": 100, "spellcheck": "false"}),
        help_text="The case file format (chondral schema case). Errors name the field path.",
    )

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        return {"document_text": document_yaml(document)}

    def clean_document_text(self) -> Any:
        text = self.cleaned_data["document_text"]
        if len(text.encode()) > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                f"a case document may have at most {MAX_DOCUMENT_BYTES:,} bytes"
            )
        try:
            return parse_document_text(text, kind="yaml", name="document")
        except InputDataError as error:
            raise forms.ValidationError(str(error)) from error

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        parsed = self.cleaned_data["document_text"]
        if not isinstance(parsed, Mapping):
            raise InputDataError("must be a mapping of case-file fields", field="(document)")
        return dict(parsed)

    def show(self, error: InputDataError) -> None:
        self.add_error(
            "document_text", f"{error.field}: {error.problem}" if error.field else error.problem
        )
