#!/usr/bin/env bash
# The side-by-side comparison with its defaults, timed, one command:
#   load/scripts/compare.sh [extra compare options]
# Each strategy gets a fresh API process; keep-constant(200, 25s) after a 5 s warm-up; 100 ms simulated latency.
# Prints the Markdown table and the report folder (load/reports/<timestamp>-compare).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build WebDemo.sln -c Release -nologo -v:q >/dev/null
start=$(date +%s)
status=0
dotnet load/WebDemo.Load/bin/Release/net10.0/WebDemo.Load.dll compare "$@" || status=$?
echo "compare finished in $(( $(date +%s) - start )) s (exit code $status)"
exit $status
