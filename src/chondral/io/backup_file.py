"""The backup file of the web application: one zip file, written and read here only.

Layout (``BACKUP_FORMAT`` version 1)::

    header.json          {"format": "chondral-backup", "format_version": 1, "created_at": ...,
                          "chondral_version": ..., "schema": {app: latest migration},
                          "meshes": [sha256, ...]}
    rows.jsonl           one database row per line (the caller's serialisation)
    meshes/<sha256>.stl  each mesh the rows refer to, by content

A mesh is checked against its name when it is read back, so a damaged backup is refused before
anything is restored. Nothing here knows the database: the web layer turns rows into lines and
back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chondral.errors import InputDataError, ParameterError, quote

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_FORMAT_VERSION",
    "BackupFile",
    "read_backup",
    "read_file_bytes",
    "write_backup",
]

BACKUP_FORMAT = "chondral-backup"
BACKUP_FORMAT_VERSION = 1
HEADER = "header.json"
ROWS = "rows.jsonl"
MESH_FOLDER = "meshes/"
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class BackupFile:
    """What a backup file holds: its header, its row lines and the meshes by SHA-256."""

    header: dict[str, Any]
    rows: list[str]
    meshes: dict[str, bytes] = field(default_factory=dict)


def read_file_bytes(path: Path, *, field: str) -> bytes:
    """All bytes of the regular file ``path``; ``InputDataError`` naming ``field`` otherwise."""
    try:
        if not path.is_file():
            raise InputDataError(f"{quote(str(path), 200)}: no such file", field=field)
        return path.read_bytes()
    except OSError as error:
        raise InputDataError(
            f"{quote(str(path), 200)}: cannot be read ({error.strerror or error})", field=field
        ) from error


def write_backup(
    path: Path,
    header: Mapping[str, Any],
    rows: Iterable[str],
    meshes: Mapping[str, Path],
    *,
    field: str = "out_path",
) -> Path:
    """Write a backup to ``path`` (atomically: a partial file never takes its name).

    ``rows`` are single-line texts; ``meshes`` maps each SHA-256 to the file holding it.
    ``ParameterError`` naming ``field`` when the file cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    head = {
        **header,
        "format": BACKUP_FORMAT,
        "format_version": BACKUP_FORMAT_VERSION,
        "meshes": sorted(meshes),
    }
    temporary = ""
    try:
        if path.is_dir():
            raise ParameterError(f"{quote(str(path), 200)} is a folder", field=field)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".backup-", suffix=".part")
        os.close(handle)
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(HEADER, json.dumps(head, indent=2, ensure_ascii=False))
            with archive.open(ROWS, "w", force_zip64=True) as stream:
                for line in rows:
                    if "\n" in line:
                        raise ValueError("a backup row must be one line")
                    stream.write(line.encode("utf-8") + b"\n")
            for digest, mesh_path in sorted(meshes.items()):
                archive.write(mesh_path, f"{MESH_FOLDER}{digest}.stl")
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
        temporary = ""
    except OSError as error:
        raise ParameterError(
            f"cannot write {quote(str(path), 200)}: {error.strerror or error}", field=field
        ) from error
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
    return path


def _damaged(path: Path, why: str, field: str) -> ParameterError:
    return ParameterError(
        f"{quote(str(path), 200)} is not a usable chondral backup: {why}", field=field
    )


def read_backup(path: Path, *, field: str = "backup_path") -> BackupFile:
    """The backup at ``path``; ``InputDataError`` naming ``field`` when it is missing, not a
    chondral backup, of another format version, or damaged (a mesh that does not match its
    hash)."""
    try:
        if not path.is_file():
            raise ParameterError(f"{quote(str(path), 200)}: no such file", field=field)
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if HEADER not in names or ROWS not in names:
                raise _damaged(path, "no header or rows", field)
            header = json.loads(archive.read(HEADER).decode("utf-8"))
            if not isinstance(header, dict) or header.get("format") != BACKUP_FORMAT:
                raise _damaged(path, "not a chondral backup", field)
            if header.get("format_version") != BACKUP_FORMAT_VERSION:
                raise _damaged(
                    path,
                    f"format version {quote(header.get('format_version'))}; this chondral"
                    f" reads version {BACKUP_FORMAT_VERSION}",
                    field,
                )
            rows = archive.read(ROWS).decode("utf-8").splitlines()
            meshes: dict[str, bytes] = {}
            for digest in header.get("meshes", []):
                if not isinstance(digest, str) or not _HEX.match(digest):
                    raise _damaged(path, "a mesh name is not a SHA-256", field)
                name = f"{MESH_FOLDER}{digest}.stl"
                if name not in names:
                    raise _damaged(path, f"the mesh {digest[:12]}... is missing", field)
                data = archive.read(name)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise _damaged(
                        path, f"the mesh {digest[:12]}... does not match its hash", field
                    )
                meshes[digest] = data
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, EOFError) as error:
        raise _damaged(path, type(error).__name__, field) from error
    except OSError as error:
        raise ParameterError(
            f"{quote(str(path), 200)}: cannot be read ({error.strerror or error})", field=field
        ) from error
    return BackupFile(header=header, rows=rows, meshes=meshes)
