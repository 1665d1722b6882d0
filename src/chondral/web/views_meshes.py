"""Uploading a patient mesh for a case field: checked with the library's mesh reader, kept by
content hash, recorded, and named in a new case version as ``stored:sha256:<hex>``.

The mesh reader (and so trimesh) is imported only while a mesh is checked."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from chondral.errors import InputDataError
from chondral.io.mesh_store import store_mesh_bytes, stored_reference
from chondral.web import store
from chondral.web.forms import EditForm, copied
from chondral.web.models import MeshUpload
from chondral.web.roles import Action
from chondral.web.views_edit import EditPage, edit_page

__all__ = ["MESH_FIELDS", "MeshUploadForm", "check_mesh_bytes", "mesh_upload"]

MESH_FIELDS = {
    "femur_mesh": "Proximal femur (bone surface)",
    "acetabular_cartilage_mesh": "Acetabular cartilage",
    "femoral_cartilage_mesh": "Femoral-head cartilage",
}
"""The imaging fields of the case file that hold a mesh, and what each is."""


def check_mesh_bytes(data: bytes, units: str, field: str, name: str = "upload.stl") -> None:
    """Read ``data`` as an STL mesh declared in ``units`` for the case field ``field``, as the
    planner would; ``InputDataError`` (field ``mesh`` or ``units``) when it cannot be used.
    ``name``: the uploaded file's name, as messages show it (read as STL whatever it ends in)."""
    from chondral.io.meshes import (
        CARTILAGE_EXTENT_MM,
        FEMUR_EXTENT_MM,
        parse_length_unit,
        read_mesh,
    )

    femur = field == "femur_mesh"
    with tempfile.TemporaryDirectory(prefix="chondral-upload-") as folder:
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).stem)[:80] or "upload"
        path = Path(folder) / f"{stem}.stl"
        path.write_bytes(data)
        read_mesh(
            path,
            parse_length_unit(units),
            plausible_extent_mm=FEMUR_EXTENT_MM if femur else CARTILAGE_EXTENT_MM,
            what=MESH_FIELDS[field].lower(),
        )


class MeshUploadForm(EditForm):
    """A mesh file for one imaging field, with its length unit."""

    note = "mesh uploaded"
    FIELD_PATHS: ClassVar[Mapping[str, str]] = {"mesh": "mesh_file", "units": "units"}

    field = forms.ChoiceField(label="Case field", choices=list(MESH_FIELDS.items()))
    units = forms.ChoiceField(
        label="Units the mesh is stored in",
        choices=[("mm", "mm"), ("cm", "cm"), ("m", "m")],
        help_text="STL files carry no unit; none is guessed.",
    )
    mesh_file = forms.FileField(
        label="Mesh file (STL, binary or ASCII)",
        help_text=f"At most {settings.MAX_MESH_UPLOAD_BYTES // (1024 * 1024)} MB.",
    )

    @classmethod
    def initial_from(cls, document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        return {"units": "mm"}

    def clean_mesh_file(self) -> Any:
        upload = self.cleaned_data["mesh_file"]
        limit = int(settings.MAX_MESH_UPLOAD_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                f"the file is {upload.size:,} bytes; a mesh may have at most {limit:,}"
            )
        return upload

    def apply(self, document: Mapping[str, Any]) -> dict[str, Any]:
        """Check the mesh, keep it, record the upload; the document names the stored mesh."""
        upload = self.cleaned_data["mesh_file"]
        field, units = self.cleaned_data["field"], self.cleaned_data["units"]
        data = upload.read(int(settings.MAX_MESH_UPLOAD_BYTES) + 1)
        check_mesh_bytes(data, units, field, upload.name or "upload.stl")
        digest = store_mesh_bytes(store.mesh_folder(), data, field="mesh")
        self.upload_row = MeshUpload(
            field=f"imaging.{field}",
            sha256=digest,
            original_name=(upload.name or "mesh.stl")[:255],
            size_bytes=len(data),
        )
        result = copied(document)
        result.setdefault("imaging", {})[field] = {"path": stored_reference(digest), "units": units}
        return result

    def after_save(self, saved: Any, user: Any) -> None:
        self.upload_row.case = saved.record
        self.upload_row.uploaded_by = user
        self.upload_row.save()

    def show(self, error: InputDataError) -> None:
        name = {"mesh": "mesh_file", "units": "units"}.get(error.field or "")
        if name is None and (error.field or "").startswith("imaging."):
            name = "mesh_file"
        if name is None:
            self.add_error(
                None, f"{error.field}: {error.problem}" if error.field else error.problem
            )
        else:
            self.add_error(name, error.problem)


MESH_PAGE = EditPage(
    Action.UPLOAD_MESH,
    MeshUploadForm,
    "Upload a patient mesh",
    template="clinic/mesh_upload.html",
    intro="The mesh is checked as the planner reads it, kept by its SHA-256, and named in a new"
    " version of the case.",
    submit="Upload",
)


@require_http_methods(["GET", "POST"])
def mesh_upload(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/meshes/``: upload a mesh; the page lists the uploads of the case."""
    return edit_page(request, case_id, MESH_PAGE, context={"mesh_fields": MESH_FIELDS})
