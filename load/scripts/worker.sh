#!/bin/sh
# One of N load workers that start together and leave one merged report. The load image holds it as /app/worker.sh;
# Docker Compose runs it as the load-worker service (load/scripts/compose-workers.sh scales it to N) and Kubernetes as
# the webdemo-load Indexed Job (deploy/kubernetes/load/job.yaml). Environment: WORKERS (N), RUN_ID (one folder per run
# in the shared REPORTS volume), TARGET, RUN_ARGS (what `WebDemo.Load run` gets), METRICS_LISTEN (optional HOST:PORT
# for the live client metrics), MERGE_TIMEOUT_SECONDS.
#  1. Barrier: announce readiness in the shared folder and wait until all WORKERS have. A worker's index is
#     JOB_COMPLETION_INDEX on Kubernetes; elsewhere its place among the ready workers' names (WORKER_NAME, by default
#     the host name, which is the container's own on Docker).
#  2. Start together: every worker computes the same --start-at (the last arrival + 5 s) from the shared files.
#  3. Worker 0 waits for the others, then merges whatever arrived into merged/; a missing worker is named and the exit
#     status is non-zero, so the run shows as failed.
set -eu
load="${LOAD:-dotnet /app/WebDemo.Load.dll}"
run="${REPORTS:-/reports}/${RUN_ID}"
name="${JOB_COMPLETION_INDEX:-${WORKER_NAME:-$(hostname)}}"
mkdir -p "${run}"
touch "${run}/ready-${name}"
until [ "$(ls "${run}" | grep -c '^ready-')" -ge "${WORKERS}" ]; do sleep 0.2; done
if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  index="${JOB_COMPLETION_INDEX}"
else
  index=$(( $(ls "${run}" | grep '^ready-' | sort | grep -n -x "ready-${name}" | cut -d: -f1) - 1 ))
fi
me="worker-${index}"
echo "${me} of ${WORKERS} (${name}): every worker is ready"

last=$(stat -c %Y "${run}"/ready-* | sort -n | tail -1)
start_at=$(date -u -d "@$((last + 5))" +%Y-%m-%dT%H:%M:%SZ)
metrics=""
[ -z "${METRICS_LISTEN:-}" ] || metrics="--metrics-listen ${METRICS_LISTEN}"
status=0
# shellcheck disable=SC2086 # LOAD, RUN_ARGS and metrics are lists of words
${load} run --target "${TARGET}" ${RUN_ARGS} ${metrics} --start-at "${start_at}" --out "${run}/${me}" || status=$?
[ "${status}" -eq 0 ] || echo "${me}: the load run exited ${status}" >&2
touch "${run}/done-${index}"
[ "${index}" = 0 ] || exit "${status}"

# Worker 0: every worker has finished (or died) once it touched done-N; a dead one never does, so wait with a bound.
deadline=$(( $(date +%s) + ${MERGE_TIMEOUT_SECONDS:-600} ))
until [ "$(ls "${run}" | grep -c '^done-')" -ge "${WORKERS}" ] || [ "$(date +%s)" -ge "${deadline}" ]; do sleep 1; done
folders=""
i=0
while [ "${i}" -lt "${WORKERS}" ]; do folders="${folders} ${run}/worker-${i}"; i=$((i + 1)); done
# The load tool names a worker that left no results, merges the others and exits non-zero.
# shellcheck disable=SC2086
${load} merge ${folders} --out "${run}/merged" || status=$?
exit "${status}"
