#!/bin/sh
# One worker of the webdemo-load Indexed Job (load/job.yaml). JOB_COMPLETION_INDEX comes from Kubernetes.
#  1. Barrier: announce readiness in the shared folder and wait until all WORKERS have.
#  2. Start together: every worker computes the same --start-at (the last arrival + 5 s) from the shared files.
#  3. Worker 0 waits for the others' results.json and merges whatever arrived into merged/; a missing worker is named and the exit
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
# shellcheck disable=SC2086 # LOAD and RUN_ARGS are lists of words
status=0
${load} run --target "${TARGET}" ${RUN_ARGS} --start-at "${start_at}" --out "${run}/${me}" || status=$?
[ "${status}" -eq 0 ] || echo "${me}: the load run exited ${status}" >&2
touch "${run}/done-${JOB_COMPLETION_INDEX}"
[ "${JOB_COMPLETION_INDEX}" = 0 ] || exit 0

# Worker 0: every worker has finished (or died) once it touched done-N; a dead pod never does, so wait with a bound.
deadline=$(( $(date +%s) + ${MERGE_TIMEOUT_SECONDS:-600} ))
until [ "$(ls "${run}" | grep -c '^done-')" -ge "${WORKERS}" ] || [ "$(date +%s)" -ge "${deadline}" ]; do sleep 1; done
results=""
missing=""
i=0
while [ "${i}" -lt "${WORKERS}" ]; do
  # The load tool writes into a timestamped folder under --out.
  found=$(ls "${run}/worker-${i}"/*/results.json 2>/dev/null | tail -1 || true)
  if [ -n "${found}" ]; then results="${results} ${found}"; else missing="${missing} worker-${i}"; fi
  i=$((i + 1))
done
# shellcheck disable=SC2086
[ -z "${results}" ] || ${load} merge ${results} --out "${run}/merged"
if [ -n "${missing}" ]; then
  echo "merge: no results from${missing}; the merged report holds the others" >&2
  exit 1
fi
