"""What the editing forms share: case-document paths, and case-file errors shown at the field.

A form edits part of a case document; the case-file reader (``store.save_version`` ->
``chondral.io.casefile.parse_case``) validates the result and names the offending field by its
case-file path (``hip.radiographic.lcea_deg``). Each form has a table from case-file path to
form field (``FIELD_PATHS``); ``show_error`` puts the message next to that field, or (a path no
field edits) in the form's own errors with the path named.
"""

from __future__ import annotations

import copy
import re
from abc import ABCMeta, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms

from chondral.errors import InputDataError

__all__ = [
    "BaseVersionForm",
    "EditForm",
    "copied",
    "field_for",
    "get_path",
    "index_of",
    "plain_number",
    "put_path",
    "relative_path",
    "show_error",
    "yes_no",
    "yes_no_text",
    "yes_no_value",
]

YES_NO = [("", "not recorded"), ("yes", "yes"), ("no", "no")]
_INDEX = re.compile(r"\[(\d+)\]")


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
"""A date field's widget: the browser's date picker, ISO dates."""


def optional_float(label: str, help_text: str = "") -> forms.FloatField:
    """An optional number field accepting any decimal."""
    return forms.FloatField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


def yes_no(label: str) -> forms.ChoiceField:
    """A yes / no / not recorded choice (a case-file boolean that may be left out)."""
    return forms.ChoiceField(label=label, choices=YES_NO, required=False)


def yes_no_value(text: str | None) -> bool | None:
    """``yes`` -> True, ``no`` -> False, anything else -> None."""
    return {"yes": True, "no": False}.get(text or "")


def yes_no_text(value: Any) -> str:
    """The choice of a case-file boolean (True -> ``yes``, False -> ``no``, missing -> ``""``)."""
    return "" if value is None else ("yes" if value else "no")


def plain_number(value: Any) -> Any:
    """``31.0`` -> ``31`` (as a case file would say it); other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def get_path(document: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (``hip.radiographic.lcea_deg``), None when absent."""
    node: Any = document
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def put_path(document: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path, creating objects on the way; ``None`` removes the key
    (and an object left empty by that)."""
    keys = path.split(".")
    if value is None:
        trail: list[tuple[dict[str, Any], str]] = []
        node: Any = document
        for key in keys[:-1]:
            if not isinstance(node, dict) or key not in node:
                return
            trail.append((node, key))
            node = node[key]
        if isinstance(node, dict):
            node.pop(keys[-1], None)
            for parent, key in reversed(trail):
                if parent[key] == {}:
                    del parent[key]
        return
    node = document
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = plain_number(value)


def field_for(path: str, table: Mapping[str, str]) -> str | None:
    """The form field of ``path``: the entry for the path, else for its longest prefix."""
    while path:
        if path in table:
            return table[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def show_error(form: forms.Form, error: InputDataError, table: Mapping[str, str]) -> None:
    """Put a case-file error next to its form field (``table``: case-file path -> field); one
    no field edits goes to the form's own errors, naming the path."""
    field = error.field or ""
    name = field_for(field, table)
    if name is not None and name in form.fields:
        form.add_error(name, error.problem)
    else:
        form.add_error(None, f"{field}: {error.problem}" if field else error.problem)


def relative_path(field: str, prefix: str) -> str | None:
    """``lesions[2].center.clock`` relative to ``lesions[2]`` -> ``center.clock``; the prefix
    itself -> ``""``; None when ``field`` is elsewhere."""
    if field == prefix:
        return ""
    if field.startswith(prefix + "."):
        return field[len(prefix) + 1 :]
    return None


class BaseVersionForm(forms.Form):
    """A form on a stored case: it carries the version it was loaded from."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class _AbstractFormMetaclass(forms.forms.DeclarativeFieldsMetaclass, ABCMeta):
    """Django's form metaclass with abstract methods: a form class that leaves one out cannot
    be made."""


class EditForm(BaseVersionForm, metaclass=_AbstractFormMetaclass):
    """A form that edits part of a case document (an abstract base).

    Subclasses give ``FIELD_PATHS`` (case-file path -> field), ``initial_from(document)``
    (the field values of a document) and ``apply(document)`` (a copy of the document with the
    cleaned values written in)."""

    FIELD_PATHS: ClassVar[Mapping[str, str]] = {}
    note = "edited"

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        initial: Mapping[str, Any] | None = None,
        document: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(data, files, initial=initial)
        self.document: Mapping[str, Any] = document or {}
        self.options = options

    @classmethod
    @abstractmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        """The field values showing ``document``."""

    @abstractmethod
    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``document`` with the cleaned values written in."""

    def after_save(self, saved: Any, user: Any) -> None:
        """What to record once the new version is saved (``saved``: ``store.Saved``)."""

    def error_table(self) -> Mapping[str, str]:
        """Case-file path -> form field for errors of the saved document."""
        return self.FIELD_PATHS

    def show(self, error: InputDataError) -> None:
        """Show a case-file error of the saved document next to its field."""
        show_error(self, error, self.error_table())


def copied(document: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of a stored document, to edit."""
    return copy.deepcopy(dict(document))


def index_of(path: str) -> int | None:
    """The first list index in a path (``lesions[2].id`` -> 2)."""
    match = _INDEX.search(path)
    return None if match is None else int(match.group(1))
