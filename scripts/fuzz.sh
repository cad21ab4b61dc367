#!/usr/bin/env bash
# Builds the solution (Release) and fuzzes the write routes of a real server process on SQLite:
# mutated requests from the samples and docs/api.md, one at a time, deterministic from --seed.
# Exit code 1 on any 5xx, server death, timeout, or a server that no longer completes a hello run.
# Usage: scripts/fuzz.sh [--requests 20000] [--seed 1] [--report <folder>]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Weft.slnx -c Release --nologo -v quiet
exec dotnet bench/Weft.Bench/bin/Release/net10.0/Weft.Bench.dll fuzz "$@"
