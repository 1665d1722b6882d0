"""``chondral web backup`` and ``restore``: every row the application keeps, in one file.

The backup holds the rows of the clinic app (cases, versions, profiles, token digests, mesh
uploads, plans, the audit log), the users (with their password hashes), the job queue (so a job
queued at backup time still runs after a restore), the meshes the rows refer to (by content) and
the schema version: the latest applied migration of each app. Worker heartbeats are run-time
state and are left out. The file itself is written and read by ``chondral.io.backup_file``.

A restore goes into a freshly migrated, empty database, in one transaction; it refuses a backup
from a newer schema than this code knows. Audit rows are inserted, never updated, so the
append-only triggers let them in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from chondral import __version__
from chondral.errors import InputDataError, ParameterError, quote
from chondral.io.backup_file import read_backup, write_backup
from chondral.io.mesh_store import store_mesh_bytes

__all__ = [
    "BACKED_UP",
    "LEFT_OUT",
    "BackupSummary",
    "apply_migrations",
    "backup",
    "require_migrated",
    "restore",
    "schema_versions",
]

BACKED_UP = (
    "auth.user",
    "clinic.clinic",
    "clinic.caserecord",
    "clinic.caseversion",
    "clinic.profile",
    "clinic.apitoken",
    "clinic.meshupload",
    "clinic.planrecord",
    "clinic.promdraft",
    "clinic.auditevent",
    "django_tasks_database.dbtaskresult",
)
"""Models in the backup, parents before children (the order rows are restored in)."""

LEFT_OUT = ("clinic.workerheartbeat",)
"""Models of the clinic app deliberately not in the backup (run-time state)."""

_CHUNK = 500
_STORED = re.compile(r"stored:sha256:([0-9a-f]{64})")


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or a restore held: rows per model, meshes kept, meshes missing."""

    counts: dict[str, int]
    meshes: int
    missing_meshes: tuple[str, ...] = ()


def _models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in BACKED_UP]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _apps() -> list[str]:
    return sorted({label.partition(".")[0] for label in BACKED_UP})


def schema_versions() -> dict[str, str]:
    """The latest applied migration of each app the backup holds rows of."""
    loader = MigrationLoader(connection)
    latest: dict[str, str] = {}
    for app_label, name in loader.applied_migrations:
        if app_label in _apps() and name > latest.get(app_label, ""):
            latest[app_label] = name
    return latest


def apply_migrations() -> list[str]:
    """Apply every migration not applied yet (quietly); their names, ``app.name``."""
    from django.core.management import call_command

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    names = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    call_command("migrate", interactive=False, verbosity=0)
    return names


def require_migrated() -> None:
    """``InputDataError`` when a migration of this code is not applied to the database."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise InputDataError(
            "the database is not up to date with this chondral: run `chondral web migrate`"
        )


def _fields(model: type[models.Model]) -> list[str] | None:
    """The fields serialised: every concrete field, no many-to-many (groups, permissions)."""
    if not model._meta.many_to_many:
        return None
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def _rows(model: type[models.Model], counts: dict[str, int]) -> Iterator[str]:
    query = model._default_manager.order_by("pk")
    fields = _fields(model)
    chunk: list[models.Model] = []
    for obj in query.iterator(chunk_size=_CHUNK):
        chunk.append(obj)
        if len(chunk) == _CHUNK:
            yield from _serialise(chunk, fields, counts)
            chunk = []
    if chunk:
        yield from _serialise(chunk, fields, counts)


def _serialise(
    chunk: list[models.Model], fields: list[str] | None, counts: dict[str, int]
) -> Iterator[str]:
    label = _label(type(chunk[0]))
    counts[label] = counts.get(label, 0) + len(chunk)
    options: dict[str, Any] = {} if fields is None else {"fields": fields}
    yield from serializers.serialize("jsonl", chunk, **options).splitlines()


def _mesh_digests() -> set[str]:
    from chondral.web.models import CaseVersion, MeshUpload

    digests = set(MeshUpload.objects.values_list("sha256", flat=True))
    for document in CaseVersion.objects.values_list("document", flat=True).iterator():
        digests.update(_STORED.findall(str(document)))
    return digests


def _snapshot() -> None:
    """Read every table as of one moment (PostgreSQL reads committed rows per statement by
    default; SQLite's transaction is a snapshot already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def backup(out_path: Path) -> BackupSummary:
    """Write every row and referenced mesh to ``out_path``."""
    from chondral.web.store import mesh_folder

    counts: dict[str, int] = {_label(model): 0 for model in _models()}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # the isolation level can only be set as a transaction begins
            _snapshot()
        digests = _mesh_digests()
        folder = mesh_folder()
        meshes = {d: folder / f"{d}.stl" for d in digests if (folder / f"{d}.stl").is_file()}
        missing = tuple(sorted(digests - set(meshes)))
        header = {
            "created_at": timezone.now().isoformat(),
            "chondral_version": __version__,
            "schema": schema_versions(),
        }

        def rows() -> Iterator[str]:
            for model in _models():
                yield from _rows(model, counts)

        write_backup(out_path, header, rows(), meshes)
    return BackupSummary(counts=counts, meshes=len(meshes), missing_meshes=missing)


def _check_schema(schema: Any) -> None:
    loader = MigrationLoader(connection)
    if not isinstance(schema, dict):
        raise ParameterError("the backup names no schema version", field="backup_path")
    for app_label, name in sorted(schema.items()):
        if (app_label, name) not in loader.disk_migrations:
            raise ParameterError(
                f"the backup is from a newer schema ({quote(app_label)} migration"
                f" {quote(name)} is unknown to chondral {__version__}): restore it with the"
                " chondral that made it, or a later one",
                field="backup_path",
            )
    require_migrated()


def _check_empty() -> None:
    for model in _models():
        if model._default_manager.exists():
            raise InputDataError(
                f"the database already holds data ({_label(model)}): restore into a fresh"
                " database after `chondral web migrate`"
            )


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def restore(backup_path: Path) -> BackupSummary:
    """Restore the backup at ``backup_path`` into this (empty, migrated) database."""
    from chondral.web.store import mesh_folder

    data = read_backup(backup_path)
    _check_schema(data.header.get("schema"))
    _check_empty()
    folder = mesh_folder()
    for payload in data.meshes.values():
        store_mesh_bytes(folder, payload, field="backup_path")
    counts: dict[str, int] = {_label(model): 0 for model in _models()}
    known = set(counts)
    with transaction.atomic():
        for row in serializers.deserialize("jsonl", data.rows, ignorenonexistent=True):
            label = _label(type(row.object))
            if label not in known:
                raise ParameterError(
                    f"the backup holds rows of {quote(label)}, which it should not",
                    field="backup_path",
                )
            row.save(force_insert=True)
            counts[label] += 1
        _reset_sequences()
    return BackupSummary(counts=counts, meshes=len(data.meshes))
