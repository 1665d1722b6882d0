"""What the web application keeps: clinics, users' roles, API tokens, cases as versioned case
documents, uploaded meshes, plans made by background jobs, and the audit log.

A case is stored as its case document (the same JSON a case file holds), one row per version;
``CaseRecord`` keeps the current version's number and the facts the case list filters on
(``services.case_summary``), so a list of a thousand cases is one query.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from chondral.web.roles import Role

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CaseRecord",
    "CaseVersion",
    "Clinic",
    "MeshUpload",
    "PlanRecord",
    "Profile",
    "PromDraft",
    "WorkerHeartbeat",
]


class Clinic(models.Model):
    """A hip-preservation service; its clinicians see its cases and no other."""

    name = models.CharField(max_length=120, unique=True)

    def __str__(self) -> str:
        return self.name


class CaseRecord(models.Model):
    """One case: its current version and the facts the case list filters on."""

    case_id = models.CharField(max_length=64, unique=True)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="cases")
    surgeon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surgeon_cases",
    )
    side = models.CharField(max_length=5)
    current_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Facts from services.case_summary on summary_as_of (refreshed when the case changes and
    # when a list is shown on a later day).
    summary_as_of = models.DateField(null=True)
    verdict = models.CharField(max_length=32, blank=True, db_index=True)
    verdict_problem = models.CharField(max_length=500, blank=True)
    phase = models.CharField(max_length=32, blank=True, db_index=True)
    phase_label = models.CharField(max_length=120, blank=True)
    surgery_date = models.DateField(null=True)
    overdue_count = models.PositiveIntegerField(default=0, db_index=True)
    overdue_items = models.JSONField(default=list)
    proms_due_count = models.PositiveIntegerField(default=0, db_index=True)
    proms_due = models.JSONField(default=list)
    lesion_area_mm2 = models.FloatField(null=True)
    size_band = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["case_id"]

    def __str__(self) -> str:
        return self.case_id


class CaseVersion(models.Model):
    """One saved version of a case document: who saved it, when, and which fields changed."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    digest = models.CharField(max_length=71)
    plan_inputs_digest = models.CharField(max_length=71)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=list)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["case", "number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "number"], name="one_number_per_case_version")
        ]


class Profile(models.Model):
    """A user's role, clinic and (for a patient) case; and their display preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=10, choices=[(r.value, r.value) for r in Role])
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT)
    case = models.ForeignKey(
        CaseRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="patients"
    )
    preferences = models.JSONField(default=dict, blank=True)


class PromDraft(models.Model):
    """A questionnaire a patient has started in the portal and not yet completed: the answers
    given so far, saved one by one, so it can be resumed on another day or device. Completing it
    scores it and appends it to the case document's ``proms`` (``chondral.web.proms``); the draft
    is then deleted. One draft per case and instrument."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="prom_drafts")
    instrument = models.CharField(max_length=32)
    answers = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "instrument"], name="one_draft_per_instrument")
        ]


class ApiToken(models.Model):
    """An API token: only its SHA-256 is kept (the token is 256 random bits, shown once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class MeshUpload(models.Model):
    """A patient mesh uploaded for a case field (``imaging.femur_mesh`` ...), kept by content
    hash in the data folder."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="meshes")
    field = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)


class PlanRecord(models.Model):
    """A hole plan asked for on one case version, made by a background job."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="plans")
    version_number = models.PositiveIntegerField()
    plan_inputs_digest = models.CharField(max_length=71)
    lesion_id = models.CharField(max_length=64, blank=True)
    overrides = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    plan = models.JSONField(null=True, blank=True)
    markups = models.JSONField(null=True, blank=True)
    figure = models.JSONField(null=True, blank=True)
    clock_png = models.BinaryField(null=True, blank=True)
    planned_holes = models.JSONField(null=True, blank=True)  # exact, for the operative review
    error = models.CharField(max_length=1000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    """Audit rows can be added and read, never changed or removed in bulk."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")


class AuditEvent(models.Model):
    """One read or change of patient data (or a refusal): who, what, when, from where.

    Append-only: saving an existing row or deleting one raises ``PermissionError``; on
    PostgreSQL a trigger refuses UPDATE and DELETE as well (migration 0002)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT)
    user_id_at_time = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    role = models.CharField(max_length=10, blank=True)
    action = models.CharField(max_length=32, db_index=True)
    case_id = models.CharField(max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=10, default="allowed")
    detail = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=8, blank=True)
    channel = models.CharField(max_length=8, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")


class WorkerHeartbeat(models.Model):
    """A background worker alive at ``seen_at``: a job whose worker stopped beating is put back
    in the queue (``chondral.web.worker``)."""

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)
