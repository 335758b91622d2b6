#!/usr/bin/env bash
# What each request to POST /embeddings/async allocates in WebDemo.Api, item by item:
#
#   load/scripts/allocation-profile.sh                       # logs at Warning, as bench-async.sh runs the API
#   LOGS=shipped load/scripts/allocation-profile.sh          # its logging as shipped (one line per request)
#   STACKS=QueryFeature load/scripts/allocation-profile.sh   # also the heaviest call stacks allocating that type
#
# It starts the API exactly as bench-async.sh does (bench-servers.sh: Release build, its own folder, default settings
# but for the in-flight limit and a fixed 100 ms wait), puts wrk's load on it, and meanwhile records the runtime's
# allocation sampling for a few seconds with dotnet-trace (--profile gc-verbose: every ~100 KB allocated, the type and
# stack of the object that crossed the mark). It prints the bytes per request the runtime's own counter gives for that
# window, then the sampled bytes per request by type (load/scripts/allocation-top.cs); their sum comes within ~10 % of
# the counter.
#
# Settings (environment): CONNECTIONS (500), TRACE_SECONDS (8), LOGS (warning | shipped), STACKS (a type-name
# substring), OUT (artifacts/bench/allocations), NO_BUILD=1. wrk and dotnet-trace (into ~/.cache/webdemo/tools) are
# installed when missing. Exit status 0, or 2 when a step failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source load/scripts/bench-servers.sh

connections=${CONNECTIONS:-500}
seconds=${TRACE_SECONDS:-8}
latency_ms=100
out=${OUT:-artifacts/bench/allocations}
log="$out/server.log"
tools="${XDG_CACHE_HOME:-$HOME/.cache}/webdemo/tools"
mkdir -p "$out" "$tools"
: >"$log"
case "${LOGS:-warning}" in
  warning) app=api ;;
  shipped) app=api-shipped ;;
  *) echo "LOGS must be warning or shipped (not ${LOGS})"; exit 2 ;;
esac

ensure_wrk
if [ ! -x "$tools/dotnet-trace" ]; then
  echo "Installing dotnet-trace into $tools..."
  dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$tools" >/dev/null
fi
if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "Building WebDemo.Api (Release)..."
  dotnet build src/WebDemo.Api/WebDemo.Api.csproj -c Release -nologo -v:q >/dev/null
fi

wrk_pid=""
cleanup() {
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  stop_server
}
trap cleanup EXIT
start_server "$app" "$connections connections, traced"

# answered — async requests answered so far (the API's per-strategy request counter at /metrics).
answered() {
  curl -fs "$base/metrics" | awk '/^webdemo_strategy_request_duration_seconds_count\{/ && /webdemo_strategy="async"/ { s += $NF }
    END { printf "%.0f\n", s }'
}

lua=load/scripts/post-embedding.lua
wrk -t2 -c"$connections" -d5s -s "$lua" "$base/embeddings/async" >/dev/null # warm-up: tiered JIT settles
wrk -t2 -c"$connections" -d"$((seconds + 6))s" -s "$lua" "$base/embeddings/async" >"$out/wrk.txt" &
wrk_pid=$!
sleep 2
trace="$out/$app.nettrace"
requests_before=$(answered); allocated_before=$(allocated_bytes) || exit 2
"$tools/dotnet-trace" collect -p "$server_pid" --profile gc-verbose --duration "00:00:00:$(printf '%02d' "$seconds")" -o "$trace" >"$out/dotnet-trace.log" 2>&1 \
  || { echo "dotnet-trace failed; see $out/dotnet-trace.log"; exit 2; }
requests_after=$(answered); allocated_after=$(allocated_bytes) || exit 2
wait "$wrk_pid"; wrk_pid=""

requests=$((requests_after - requests_before))
[ "$requests" -gt 0 ] || { echo "no requests were answered while tracing"; exit 2; }
echo "WebDemo.Api, POST /embeddings/async, ${connections} connections, logs: ${LOGS:-warning}; $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(( (allocated_after - allocated_before) / requests )) B/req allocated (runtime counter) over $requests requests"
dotnet run load/scripts/allocation-top.cs -- "$trace" "$requests" ${STACKS:+"$STACKS"}
