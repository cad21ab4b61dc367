#!/usr/bin/env bash
# Runs every test. Starts a throwaway PostgreSQL from this machine's binaries for the PostgreSQL
# tests and stops it after. With CI=true a PostgreSQL that cannot be started fails the run
# instead of skipping those tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/pg.sh

# fsync off: the tests kill Weft, never PostgreSQL, so its durability is not under test here.
if start_throwaway_pg fsync=off synchronous_commit=off; then
  export WEFT_TEST_POSTGRES="$PG_CS"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true and no PostgreSQL could be started: failing rather than skipping the PostgreSQL tests." >&2
  exit 1
fi

dotnet build Weft.slnx -c Release -warnaserror --nologo -v quiet
dotnet test Weft.slnx -c Release --no-build --nologo "$@"
