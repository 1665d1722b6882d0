#!/bin/sh
# A throw-away PostgreSQL server for the test suite, on a free loopback port.
#
#   scripts/postgres.sh start   initdb into a temporary folder, start the server, create the
#                               database `chondral`, print its URL
#   scripts/postgres.sh url     print the URL of the running server
#   scripts/postgres.sh stop    stop the server and remove its folder
#
# It uses Debian's PostgreSQL (/usr/lib/postgresql/N/bin); when that is missing it is installed
# with apt-get in CI (CI=true) or as root, and otherwise the script fails saying so. As root the
# server runs as the `postgres` user (PostgreSQL refuses to run as root); otherwise as the
# current user. Only 127.0.0.1 is listened on, with trust authentication for the superuser
# `postgres`: a test server, never a deployment. Where the state lives: CHONDRAL_PG_STATE
# (default: a file in the temporary folder named after this checkout), so `stop` finds what
# `start` made.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
tmp=${TMPDIR:-/tmp}
state=${CHONDRAL_PG_STATE:-$tmp/chondral-pg-$(id -u)-$(printf '%s' "$here" | cksum | cut -d' ' -f1)}

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
    # run "$@" as the server's owner: postgres when we are root, else ourselves
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    if [ -f "$state" ] && [ -d "$(cat "$state")" ]; then
        say "a server from this checkout is already running; stopping it first"
        stop
    fi
    bin=$(find_bin)
    if [ -z "$bin" ]; then
        if { [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; } && command -v apt-get >/dev/null 2>&1; then
            say "installing postgresql"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
            bin=$(find_bin)
        fi
        if [ -z "$bin" ]; then
            say "PostgreSQL is not installed (apt-get install postgresql)"
            exit 1
        fi
    fi
    if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
        say "running as root but there is no postgres user to run the server as"
        exit 1
    fi
    folder=$(mktemp -d "$tmp/chondral-pg.XXXXXX")
    chmod 755 "$folder"
    if [ "$(id -u)" = "0" ]; then chown postgres "$folder"; fi
    cd "$folder"  # the server's user may not be allowed into the caller's folder (/root/...)
    as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || {
        say "initdb failed:"; cat "$folder/initdb.log" >&2; rm -rf "$folder"; exit 1; }
    printf '%s\n' "local all all trust" "host all all 127.0.0.1/32 trust" \
        | as_owner tee "$folder/data/pg_hba.conf" >/dev/null
    echo "$folder" >"$state"
    tries=0
    while :; do
        port=$(free_port)
        # a test server: durability across a crash of the *database* is not what is tested
        # (the crash test kills the application), so fsync is off for speed
        if as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            break
        fi
        tries=$((tries + 1))
        if [ "$tries" -ge 3 ]; then
            say "the server did not start; its log:"; cat "$folder/server.log" >&2
            stop; exit 1
        fi
    done
    echo "$port" >"$folder/port"
    "$bin/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >/dev/null
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres chondral
    url
}

url() {
    if [ ! -f "$state" ]; then say "no server started from this checkout"; exit 1; fi
    echo "postgresql://postgres@127.0.0.1:$(cat "$(cat "$state")/port")/chondral"
}

stop() {
    if [ ! -f "$state" ]; then return 0; fi
    folder=$(cat "$state")
    bin=$(find_bin)
    if [ -d "$folder/data" ] && [ -n "$bin" ]; then
        as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$folder" "$state"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
