#!/bin/sh
# Create the virtual environment and install chondral with every pinned dependency.
# Runs on a fresh Debian machine with Python 3.11: installs python3-venv through apt when the
# interpreter cannot make a venv and we are root (CI runs as root); otherwise says what is missing.
set -eu
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    echo "chondral needs Python >= 3.11; $PYTHON is $("$PYTHON" --version 2>&1)" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
        rm -rf "$VENV"
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
            "$PYTHON" -m venv "$VENV"
        else
            echo "cannot create a virtual environment: install python3-venv (apt-get install python3-venv)" >&2
            exit 1
        fi
    fi
fi

# uv resolves nothing here: it installs exactly the versions pinned in constraints.txt.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
"$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" -r constraints.txt
"$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" --no-deps -e .
# uv leaves packages uncompiled: compile them once here, so no command pays for it at start-up
# (and none recompiles on every run where PYTHONDONTWRITEBYTECODE is set).
"$VENV/bin/python" -m compileall -q -j 0 "$VENV/lib" src >/dev/null
