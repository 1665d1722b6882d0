"""Django's admin, for the people who run the service: clinics, API tokens (revoke only) and
worker heartbeats. No model holding patient data is registered: every read of a case goes
through ``access.authorize`` and the audit log, which the admin would bypass. Users and roles
are made with ``chondral web createuser``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils import timezone

from chondral.web.models import ApiToken, Clinic, WorkerHeartbeat


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    """Clinics by name."""

    list_display = ("name",)
    search_fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens: who, when made and last used, revoked; only their prefix is shown."""

    list_display = ("prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "user", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ("revoke",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: Any, queryset: Any) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Background workers and when each was last seen."""

    list_display = ("worker_id", "started_at", "seen_at")

    def has_add_permission(self, request: Any) -> bool:
        return False
