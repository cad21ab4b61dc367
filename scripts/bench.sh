#!/usr/bin/env bash
# Runs the benchmarks in bench/Weft.Bench on SQLite (FULL and NORMAL) and on a throwaway PostgreSQL
# with its default durability (fsync on, synchronous_commit on). Extra arguments go to the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/pg.sh
dotnet build Weft.slnx -c Release --nologo -v quiet
if start_throwaway_pg; then
  dotnet bench/Weft.Bench/bin/Release/net10.0/Weft.Bench.dll all --postgres "$PG_CS" "$@"
else
  dotnet bench/Weft.Bench/bin/Release/net10.0/Weft.Bench.dll all "$@"
fi
