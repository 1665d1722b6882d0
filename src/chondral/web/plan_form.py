"""The re-plan form: which lesion, and layout parameters over the case file's own."""

from __future__ import annotations

from typing import Any

from django import forms

from chondral.domain import Case
from chondral.errors import InputDataError
from chondral.services.plan_request import PARAMETER_NAMES, check_plan_request

__all__ = ["PlanRequestForm"]

_HELP = {
    "spacing_min_mm": "Smallest distance between hole centres along the surface (3 mm).",
    "spacing_max_mm": "Largest distance between hole centres along the surface (4 mm).",
    "rim_inset_mm": "How far inside the stable wall the peripheral ring lies (1.5 mm).",
    "depth_mm": "Hole depth (awl 2-4 mm, drill up to 7 mm; 3 mm).",
    "debridement_margin_mm": "How far a lesion measured before debridement grows (1 mm).",
    "coverage_target_mm": "No point farther than this from a hole (2.5 mm).",
}


class PlanRequestForm(forms.Form):
    """A lesion (or the case file's choice) and optional parameter overrides, checked by the
    library (``services.plan_request``) so a refused value shows next to its field."""

    lesion_id = forms.ChoiceField(label="Lesion", required=False)

    def __init__(self, data: Any = None, *, case: Case) -> None:
        super().__init__(data)
        self.case = case
        lesion = self.fields["lesion_id"]
        assert isinstance(lesion, forms.ChoiceField)
        lesion.choices = [
            ("", "As the case file says"),
            *(
                (item.id, f"{item.id} ({item.surface.value.replace('_', ' ')})")
                for item in case.lesions
            ),
        ]
        for name in PARAMETER_NAMES:
            self.fields[name] = forms.FloatField(
                label=name, required=False, help_text=_HELP.get(name, "")
            )

    @property
    def overrides(self) -> dict[str, float]:
        """The parameters given (valid form only)."""
        return {
            name: float(self.cleaned_data[name])
            for name in PARAMETER_NAMES
            if self.cleaned_data.get(name) is not None
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            check_plan_request(self.case, cleaned.get("lesion_id") or None, self.overrides)
        except InputDataError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.problem if field else str(error))
        return cleaned
