"""Forms for a case's lesions (add, edit, remove one) and its pre-operative checklist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import Http404

from chondral.domain import GradeSystem, MeasuredAt, Surface
from chondral.domain.clock import ClockReference
from chondral.errors import InputDataError
from chondral.pathway import checklist_template
from chondral.pathway.checklist import Requirement
from chondral.web.forms import (
    DATE_INPUT,
    EditForm,
    copied,
    field_for,
    get_path,
    optional_float,
    put_path,
    relative_path,
    show_error,
    yes_no,
    yes_no_text,
    yes_no_value,
)

__all__ = ["ChecklistForm", "LesionForm", "LesionRemoveForm"]


LESION_PATHS: dict[str, str] = {
    "id": "id",
    "surface": "surface",
    "center.clock": "center_clock",
    "center.rim_distance_mm": "center_rim_distance_mm",
    "center": "center_clock",
    "clock.from": "clock_from",
    "clock.to": "clock_to",
    "clock": "clock_from",
    "rim_distance_mm.from": "rim_from_mm",
    "rim_distance_mm.to": "rim_to_mm",
    "rim_distance_mm": "rim_from_mm",
    "size_mm.length": "length_mm",
    "size_mm.width": "width_mm",
    "size_mm": "length_mm",
    "area_mm2": "area_mm2",
    "grade.system": "grade_system",
    "grade.value": "grade_value",
    "grade": "grade_value",
    "contained": "contained",
    "measured": "measured",
    "clock_reference": "clock_reference",
}
"""Path inside one lesion (``lesions[i].<path>``) -> form field."""

_TEXT_FIELDS = ("id", "surface", "clock_reference", "measured")


class LesionForm(EditForm):
    """One lesion: position (centre, or clock and rim-distance extent), size, grade.

    ``options``: ``index`` (the lesion edited; None adds one at the end)."""

    note = "lesion edited"

    id = forms.CharField(label="Lesion id", max_length=32, help_text="Unique in the case (L1).")
    surface = forms.ChoiceField(label="Surface", choices=[(s, s) for s in Surface])
    center_clock = forms.CharField(
        label="Centre: clock time (h:mm)",
        required=False,
        help_text="12:00 superior, 3:00 anterior.",
    )
    center_rim_distance_mm = optional_float("Centre: distance from the rim (mm)")
    clock_from = forms.CharField(label="Or extent: clock from (h:mm)", required=False)
    clock_to = forms.CharField(label="Extent: clock to (h:mm)", required=False)
    rim_from_mm = optional_float("Extent: rim distance from (mm)")
    rim_to_mm = optional_float("Extent: rim distance to (mm)")
    length_mm = optional_float("Size: length along the rim (mm)")
    width_mm = optional_float("Size: width toward the fossa (mm)")
    area_mm2 = optional_float("Or area (mm²)")
    grade_system = forms.ChoiceField(
        label="Grade system",
        required=False,
        choices=[("", "not graded")] + [(g, g) for g in GradeSystem],
    )
    grade_value = forms.CharField(label="Grade", required=False, max_length=32)
    contained = yes_no("Contained (a stable rim of healthy cartilage)")
    measured = forms.ChoiceField(
        label="Measured",
        required=False,
        choices=[("", "not recorded")] + [(m, m.replace("_", " ")) for m in MeasuredAt],
    )
    clock_reference = forms.ChoiceField(
        label="Clock reference",
        required=False,
        choices=[("", "default (geometric)")] + [(r, r) for r in ClockReference],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        index = self.options.get("index")
        if index is not None and not 0 <= index < len(self.document.get("lesions") or []):
            raise Http404("no such lesion")

    @property
    def index(self) -> int | None:
        index = self.options.get("index")
        return None if index is None else int(index)

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        index = options.get("index")
        lesions = document.get("lesions") or []
        if index is None or not 0 <= index < len(lesions):
            return {}
        lesion = lesions[index]
        initial: dict[str, Any] = {}
        for path, name in LESION_PATHS.items():
            if name in initial:
                continue
            value = get_path(lesion, path)
            if isinstance(value, Mapping):
                continue
            initial[name] = yes_no_text(value) if name == "contained" else value
        return initial

    def _lesion(self, existing: Mapping[str, Any]) -> dict[str, Any]:
        lesion = copied(existing)
        data = self.cleaned_data
        for key in ("center", "clock", "rim_distance_mm", "size_mm", "grade"):
            lesion.pop(key, None)
        for path, name in LESION_PATHS.items():
            if (
                "." not in path
                and path not in _TEXT_FIELDS
                and path not in {"area_mm2", "contained"}
            ):
                continue
            value = data.get(name)
            if name == "contained":
                value = yes_no_value(value)
            elif value == "":
                value = None
            put_path(lesion, path, value)
        return lesion

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        lesions = result.setdefault("lesions", [])
        if self.index is None:
            lesions.append(self._lesion({}))
        else:
            lesions[self.index] = self._lesion(lesions[self.index])
        return result

    def _target(self) -> int:
        count = len(self.document.get("lesions") or [])
        return count if self.index is None else self.index

    def show(self, error: InputDataError) -> None:
        field = error.field or ""
        if field == "lesions":  # unique ids
            self.add_error("id", error.problem)
            return
        inner = relative_path(field, f"lesions[{self._target()}]")
        if inner is None:
            show_error(self, error, {})
        elif inner == "":
            self.add_error(None, error.problem)
        elif field_for(inner, LESION_PATHS) is None:
            self.add_error(None, f"{field}: {error.problem}")
        else:
            show_error(self, InputDataError(error.problem, field=inner), LESION_PATHS)


class LesionRemoveForm(EditForm):
    """Remove one lesion (``options['index']``)."""

    note = "lesion removed"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        index = self.options.get("index")
        if index is None or not 0 <= index < len(self.document.get("lesions") or []):
            raise Http404("no such lesion")

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        return {}

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        del result["lesions"][int(self.options["index"])]
        return result


def _item_fields(item: Any) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        f"{item.id}__state": forms.ChoiceField(
            label=f"{item.title}: state",
            required=False,
            choices=[("", "pending"), ("done", "done")],
        ),
        f"{item.id}__date": forms.DateField(
            label=f"{item.title}: date done", required=False, widget=DATE_INPUT
        ),
        f"{item.id}__note": forms.CharField(label=f"{item.title}: note", required=False),
    }
    if item.required is Requirement.WHEN_ORDERED:
        fields[f"{item.id}__ordered"] = yes_no(f"{item.title}: ordered")
    return fields


class ChecklistForm(EditForm):
    """The pre-operative checklist: each item's state, date done, note (and whether ordered)."""

    note = "checklist edited"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = checklist_template()
        for item in self.items:
            self.fields.update(_item_fields(item))

    def rows(self) -> list[tuple[Any, list[Any]]]:
        """(item, its bound fields) for the template."""
        return [(item, [self[name] for name in _item_fields(item)]) for item in self.items]

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for item_id, entry in (document.get("checklist") or {}).items():
            initial[f"{item_id}__state"] = "done" if entry.get("state") == "done" else ""
            initial[f"{item_id}__date"] = entry.get("date")
            initial[f"{item_id}__note"] = entry.get("note")
            initial[f"{item_id}__ordered"] = yes_no_text(entry.get("ordered"))
        return initial

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        result = copied(document)
        old = result.get("checklist") or {}
        checklist: dict[str, Any] = {}
        data = self.cleaned_data
        for item in self.items:
            entry = dict(old.get(item.id) or {})
            state = data.get(f"{item.id}__state") or None
            if state is None and entry.get("state") == "pending":
                state = "pending"
            day = data.get(f"{item.id}__date")
            values = {
                "state": state,
                "date": None if day is None else day.isoformat(),
                "note": data.get(f"{item.id}__note") or None,
                "ordered": yes_no_value(data.get(f"{item.id}__ordered")),
            }
            for key, value in values.items():
                put_path(entry, key, value)
            if entry:
                checklist[item.id] = entry
        result.pop("checklist", None)
        if checklist:
            result["checklist"] = checklist
        return result

    def error_table(self) -> Mapping[str, str]:
        table: dict[str, str] = {}
        for item in self.items:
            table[f"checklist.{item.id}"] = f"{item.id}__state"
            for key in ("state", "date", "note", "ordered"):
                table[f"checklist.{item.id}.{key}"] = f"{item.id}__{key}"
        return table
