#!/usr/bin/env bash
# Runs every test. Starts a throwaway PostgreSQL from this machine's binaries for the PostgreSQL
# tests (found on PATH, through pg_config, or under /usr/lib/postgresql/*/bin) and stops it after.
# With CI=true a PostgreSQL that cannot be started fails the run instead of skipping those tests.
set -euo pipefail
cd "$(dirname "$0")/.."

find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then pg_config --bindir; return; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  done
}

PG_DIR=""
PG_BIN="$(find_pg_bin || true)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_pg() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
}
trap stop_pg EXIT

if [ -n "$PG_BIN" ]; then
  PG_DIR="$(mktemp -d /tmp/weft-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  if as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
     && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
          -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null; then
    export WEFT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started for the tests on 127.0.0.1:$PG_PORT"
  else
    echo "Could not start PostgreSQL from $PG_BIN:" >&2
    cat "$PG_DIR"/*.log >&2 || true
  fi
else
  echo "No PostgreSQL binaries found (pg_ctl on PATH, pg_config, /usr/lib/postgresql/*/bin)." >&2
fi

if [ "${CI:-}" = "true" ] && [ -z "${WEFT_TEST_POSTGRES:-}" ]; then
  echo "CI=true and no PostgreSQL could be started: failing rather than skipping the PostgreSQL tests." >&2
  exit 1
fi

dotnet build Weft.slnx -c Release -warnaserror --nologo -v quiet
dotnet test Weft.slnx -c Release --no-build --nologo "$@"
