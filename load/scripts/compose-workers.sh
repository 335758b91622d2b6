#!/usr/bin/env bash
# N load workers on Docker Compose that start at the same instant against the api service (every replica of it) and
# leave one merged report: the totals are exactly the sum of the workers' (histograms merge exactly).
#   load/scripts/compose-workers.sh 3
#   load/scripts/compose-workers.sh 2 --strategy blocking --load "keep-constant(50,20s)" --latency-ms 200
# The arguments after N are what `WebDemo.Load run` gets (default: --strategy async --load keep-constant(100,30s)).
# Each worker is a container of the load-worker service (docker compose --scale load-worker=N) running
# load/scripts/worker.sh: they meet in the load-reports volume, start together, and worker 0 merges. Prometheus scrapes
# each worker's live client metrics while they run (the dashboard's "Client vs server" row). Starts the stack's API if
# it is not running. The run's reports (worker-N/ and merged/) are copied to load/reports/compose-<run id>/ (or OUT).
# Exit status: 0 when every worker and the merge succeeded; otherwise the first failure's (the load tool's: 3 = merged
# without a missing worker's results).
set -euo pipefail
cd "$(dirname "$0")/../.."
workers=${1:-}
[[ $workers =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 N [run arguments]   (N workers, N >= 1; not '${workers}')" >&2; exit 2; }
shift
if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
export LOAD_WORKERS=$workers
export LOAD_RUN_ID=${LOAD_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}
if [ $# -gt 0 ]; then export LOAD_RUN_ARGS="$*"; fi
out=${OUT:-load/reports/compose-$LOAD_RUN_ID}

# `up` brings the services a worker depends on to their scale too: keep the API's replicas as they are (default 1).
replicas=$("${compose[@]}" ps -q api | grep -c . || true)
echo "Run $LOAD_RUN_ID: $workers load workers against http://api:8080 ($((replicas > 0 ? replicas : 1)) API replicas)"
"${compose[@]}" --profile load up -d --scale load-worker="$workers" --scale api="$((replicas > 0 ? replicas : 1))" load-worker
mapfile -t containers < <("${compose[@]}" --profile load ps -q load-worker)
# Each worker's console, prefixed with its container, until all have exited.
"${compose[@]}" --profile load logs --follow --no-color load-worker || true
status=0
for container in "${containers[@]}"; do
  code=$(docker wait "$container")
  [ "$code" = 0 ] || { echo "worker container ${container:0:12} exited $code" >&2; [ "$status" != 0 ] || status=$code; }
done

# The run's folder out of the volume: each worker's report (worker-N/) and the merged one (merged/).
mkdir -p "$(dirname "$out")"
rm -rf "$out"
docker cp "${containers[0]}:/reports/$LOAD_RUN_ID" "$out" >/dev/null 2>&1 && rm -f "$out"/ready-* "$out"/done-* || true
if [ -d "$out/merged" ]; then
  echo "Merged report: $out/merged/$(ls "$out/merged" | head -1)/report.html"
else
  echo "No merged report in the load-reports volume (/reports/$LOAD_RUN_ID/merged)" >&2
  [ "$status" != 0 ] || status=1
fi
exit "$status"
