"""What a fresh interpreter has loaded after some code runs (this interpreter's ``sys.modules``
already holds everything, so import costs are checked in a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable


def loaded_after(code: str, watched: Iterable[str]) -> list[str]:
    """The modules of ``watched`` (or their submodules) in ``sys.modules`` after ``code``."""
    names = sorted(set(watched))
    script = (
        f"import json, sys\n{code}\n"
        f"names = {names!r}\n"
        "print(json.dumps(sorted({n for n in names for m in sys.modules"
        " if m == n or m.startswith(n + '.')})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded
