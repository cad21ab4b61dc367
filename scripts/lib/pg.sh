# Starts a throwaway PostgreSQL from this machine's binaries (found on PATH, through pg_config, or
# under /usr/lib/postgresql/*/bin) on a free loopback port, and stops it when the calling script exits.
# Usage: start_throwaway_pg [extra server settings...]; on success PG_CS holds an Npgsql connection string.

find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then pg_config --bindir; return; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  done
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_throwaway_pg() {
  if [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "${PG_DIR:-}" ]; then rm -rf "$PG_DIR"; fi
}

start_throwaway_pg() {
  PG_CS=""
  PG_BIN="$(find_pg_bin || true)"
  if [ -z "$PG_BIN" ]; then
    echo "No PostgreSQL binaries found (pg_ctl on PATH, pg_config, /usr/lib/postgresql/*/bin)." >&2
    return 1
  fi
  PG_DIR="$(mktemp -d /tmp/weft-pg.XXXXXX)"
  trap stop_throwaway_pg EXIT
  chmod 755 "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  local port opts=""
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  for o in "$@"; do opts="$opts -c $o"; done
  if as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
     && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
          -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $opts" start >/dev/null; then
    PG_CS="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port"
    return 0
  fi
  echo "Could not start PostgreSQL from $PG_BIN:" >&2
  cat "$PG_DIR"/*.log >&2 || true
  return 1
}
