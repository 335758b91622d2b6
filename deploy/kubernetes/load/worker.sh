#!/bin/sh
# One worker of the webdemo-load Indexed Job (load/job.yaml). JOB_COMPLETION_INDEX comes from Kubernetes.
#  1. Barrier: announce readiness in the shared folder and wait until all WORKERS have.
#  2. Start together: every worker computes the same --start-at (the last arrival + 5 s) from the shared files.
#  3. Worker 0 waits for the others, then merges whatever arrived into merged/; a missing worker is named and the exit
#     status is non-zero, so the Job shows the run as failed.
set -eu
load="${LOAD:-dotnet /app/WebDemo.Load.dll}"
run="${REPORTS:-/reports}/${RUN_ID}"
me="worker-${JOB_COMPLETION_INDEX}"
mkdir -p "${run}"
touch "${run}/ready-${JOB_COMPLETION_INDEX}"
until [ "$(ls "${run}" | grep -c '^ready-')" -ge "${WORKERS}" ]; do sleep 0.2; done

last=$(stat -c %Y "${run}"/ready-* | sort -n | tail -1)
start_at=$(date -u -d "@$((last + 5))" +%Y-%m-%dT%H:%M:%SZ)
status=0
# shellcheck disable=SC2086 # LOAD and RUN_ARGS are lists of words
${load} run --target "${TARGET}" ${RUN_ARGS} --start-at "${start_at}" --out "${run}/${me}" || status=$?
[ "${status}" -eq 0 ] || echo "${me}: the load run exited ${status}" >&2
touch "${run}/done-${JOB_COMPLETION_INDEX}"
[ "${JOB_COMPLETION_INDEX}" = 0 ] || exit 0

# Worker 0: every worker has finished (or died) once it touched done-N; a dead pod never does, so wait with a bound.
deadline=$(( $(date +%s) + ${MERGE_TIMEOUT_SECONDS:-600} ))
until [ "$(ls "${run}" | grep -c '^done-')" -ge "${WORKERS}" ] || [ "$(date +%s)" -ge "${deadline}" ]; do sleep 1; done
folders=""
i=0
while [ "${i}" -lt "${WORKERS}" ]; do folders="${folders} ${run}/worker-${i}"; i=$((i + 1)); done
# The load tool names a worker that left no results, merges the others and exits non-zero, so the Job fails.
# shellcheck disable=SC2086
exec ${load} merge ${folders} --out "${run}/merged"
