#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL: `bash scripts/postgres.sh COMMAND...`.
#
# Installs Debian's `postgresql` package when its programs are missing (as root, with apt-get),
# makes a cluster in a temporary folder owned by an unprivileged user (initdb refuses root: the
# package's `postgres` user, or `newsbot-pg` made here), listening only on a unix socket in that
# folder, and runs COMMAND with NEWSBOT_TEST_DATABASE_URL naming it; the cluster and its folder go
# when COMMAND ends. When no server can be started, COMMAND runs without the URL (the PostgreSQL
# tests skip, saying so), unless NEWSBOT_REQUIRE_POSTGRES=1 (CI), which makes that an error.
set -uo pipefail

say() { echo "postgres.sh: $*" >&2; }

bin_dir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n "$found" && -x "$found/initdb" ]]; then
        echo "$found"
    elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
    fi
}

install_postgres() {
    [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null || return 1
    say "installing Debian's postgresql package"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

owner=$(id -un)
start() {
    if [[ $(id -u) -eq 0 ]]; then
        owner=postgres
        if ! id "$owner" >/dev/null 2>&1; then
            owner=newsbot-pg
            id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner" || return 1
        fi
        chown "$owner" "$folder"
    fi
    as_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }
    as_owner "$bin/initdb" --pgdata="$folder/data" --username=newsbot --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; return 1; }
    as_owner "$bin/pg_ctl" --pgdata="$folder/data" --log="$folder/server.log" --wait --silent \
        -o "-c listen_addresses='' -c unix_socket_directories='$folder' -c fsync=off" start \
        || { cat "$folder/server.log" >&2; return 1; }
    stop() { as_owner "$bin/pg_ctl" --pgdata="$folder/data" --mode=immediate --silent stop || true; }
}

folder=$(mktemp -d)
stop() { :; }
trap 'stop; rm -rf "$folder"' EXIT
bin=$(bin_dir)
[[ -n "$bin" ]] || { install_postgres && bin=$(bin_dir); }
if [[ -n "$bin" ]] && start "$bin" "$folder"; then
    export NEWSBOT_TEST_DATABASE_URL="postgresql://newsbot@/postgres?host=$folder"
elif [[ "${NEWSBOT_REQUIRE_POSTGRES:-}" == "1" ]]; then
    say "NEWSBOT_REQUIRE_POSTGRES=1 but no PostgreSQL server could be started"
    exit 1
else
    say "no PostgreSQL server could be started: the PostgreSQL tests will skip"
fi
"$@"
