"""``chondral serve``: gunicorn serving ``chondral.web.wsgi:application``, static files by
whitenoise, and an access log without patient identifiers.

The access log keeps the method, the path with every case or job id replaced by ``*``, the
status, the size and the duration; never the query string (a search can hold a case id) or the
referrer (a case page's address). The same redaction applies to gunicorn's own error lines,
which can name a request's address.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

__all__ = [
    "ACCESS_LOG_FORMAT",
    "ChondralServer",
    "RedactingLogger",
    "collect_static",
    "redact",
    "server_options",
    "start_worker_process",
    "static_fingerprint",
    "static_is_current",
]

ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
"""Remote address, time, method, path (ids redacted), status, bytes, duration in ms."""

_ID_SEGMENT = re.compile(r"(/(?:api/)?(?:cases|jobs)/)[^/?#\s\"]+")
_QUERY = re.compile(r"\?[^\s\"]*")
STATIC_STAMP = ".chondral-static-stamp"
STATIC_IGNORED = ["widgetbundle.js", "datasets", "templates"]
"""Files of plotly's package_data folder the pages never load (the folder is served for its
plotly.min.js)."""


def redact(text: str) -> str:
    """``text`` with the segment after ``/cases/``, ``/api/cases/`` and ``/api/jobs/``
    replaced by ``*`` and any query string dropped."""
    return _QUERY.sub("", _ID_SEGMENT.sub(r"\1*", text))


class RedactingLogger(Logger):
    """Gunicorn's logger, with case and job ids taken out of every line it writes."""

    def atoms(self, resp: Any, req: Any, environ: Mapping[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if "query" in key.lower():
                atoms[key] = "-"
            elif isinstance(value, str):
                atoms[key] = redact(value)
        atoms["q"] = "-"
        atoms["f"] = "-"
        atoms["{referer}i"] = "-"
        return atoms

    def _redacted(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(redact(a) if isinstance(a, str) else a for a in args)

    def error(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().error(redact(str(msg)), *self._redacted(args), **kwargs)

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().warning(redact(str(msg)), *self._redacted(args), **kwargs)

    def exception(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().exception(redact(str(msg)), *self._redacted(args), **kwargs)

    def info(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().info(redact(str(msg)), *self._redacted(args), **kwargs)

    def debug(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().debug(redact(str(msg)), *self._redacted(args), **kwargs)


def server_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """Gunicorn settings of ``chondral serve``."""
    address = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return {
        "bind": [f"{address}:{port}"],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 120,  # a mesh upload may take a while; plans run in the worker
        "graceful_timeout": 30,
        # Longer than a client's pause between requests on one connection: gunicorn's 2 s default
        # closes it just as the next request goes out (a reset a POST cannot retry).
        "keepalive": 15,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": f"{__name__}.RedactingLogger",
        "proc_name": "chondral",
        "control_socket_disable": True,
    }


class ChondralServer(BaseApplication):
    """Gunicorn run from Python with ``options`` (no command-line parsing of its own)."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from chondral.web.wsgi import application

        return application


def static_fingerprint() -> str:
    """A digest of every static file the finders see (path, size, modification time)."""
    from django.contrib.staticfiles import finders

    entries: list[str] = []
    for finder in finders.get_finders():
        for path, storage in finder.list(STATIC_IGNORED):
            full = Path(storage.path(path))
            info = full.stat()
            entries.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode("utf-8")).hexdigest()


def _stamp() -> Path:
    from django.conf import settings

    return Path(settings.STATIC_ROOT) / STATIC_STAMP


def static_is_current() -> bool:
    """Whether ``STATIC_ROOT`` holds the static files as they are now (its stamp matches)."""
    stamp = _stamp()
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == static_fingerprint()


def collect_static() -> None:
    """Run ``collectstatic`` into ``STATIC_ROOT`` (whitenoise then serves compressed copies)
    and stamp it with the fingerprint of the files collected."""
    from django.core.management import call_command

    fingerprint = static_fingerprint()
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=STATIC_IGNORED)
    _stamp().write_text(fingerprint + "\n", encoding="utf-8")


def start_worker_process() -> subprocess.Popen[bytes]:
    """A ``chondral web worker`` beside the server (the demo): same interpreter, same
    environment."""
    code = "import sys; from chondral.cli.main import run; sys.exit(run(['web', 'worker']))"
    return subprocess.Popen([sys.executable, "-c", code])
