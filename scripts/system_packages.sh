#!/bin/sh
# System packages the test suite needs beside the Python environment: PostgreSQL (the web tests
# run a second time on a real server) and Debian's Chromium (the browser tests drive it through
# Playwright; Playwright's own browser downloads are never used).
#
# In CI (CI=true) or as root with apt-get available, whatever is missing is installed.
# Otherwise the script only says what is missing: the tests that need it skip locally with a
# reason, and tests/conftest.py turns any skip into a failure in CI.
set -eu

missing=""
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    missing="$missing postgresql"
fi
if [ ! -x /usr/bin/chromium ]; then
    missing="$missing chromium"
fi

if [ -z "$missing" ]; then
    echo "system packages: postgresql and chromium present"
    exit 0
fi

if { [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "system packages: installing$missing"
    if [ "$(id -u)" = "0" ]; then sudo=""; else sudo="sudo -n"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    $sudo apt-get install -y -qq --no-install-recommends $missing fonts-liberation >/dev/null
    echo "system packages: installed$missing"
else
    echo "system packages missing:$missing (install them with: apt-get install$missing);"
    echo "the tests that need them are skipped here and fail in CI"
fi
