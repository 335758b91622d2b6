#!/usr/bin/env bash
# What each request to POST /embeddings/async allocates in WebDemo.Api, item by item:
#
#   load/scripts/allocation-profile.sh                       # logs at Warning, as bench-async.sh runs the API
#   LOGS=shipped load/scripts/allocation-profile.sh          # its logging as shipped (one line per request)
#   STACKS=QueryFeature load/scripts/allocation-profile.sh   # also the heaviest call stacks allocating that type
#
# It starts the API as bench-async.sh does (Release build, its own folder, default settings but for the in-flight limit
# and a fixed 100 ms wait), puts wrk's load on it, and meanwhile records the runtime's allocation sampling for a few
# seconds with dotnet-trace (--profile gc-verbose: every ~100 KB allocated, the type and stack of the object that crossed
# the mark). It prints the bytes per request the runtime's own counter gives for that window, then the sampled bytes per
# request by type (load/scripts/allocation-top.cs); their sum is within a few per cent of the counter.
#
# Settings (environment): CONNECTIONS (500), TRACE_SECONDS (8), LOGS (warning | shipped), STACKS (a type-name
# substring), OUT (artifacts/bench/allocations), NO_BUILD=1. dotnet-trace is installed into ~/.cache/webdemo/tools
# when missing. Exit status 0, or 2 when a step failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

connections=${CONNECTIONS:-500}
seconds=${TRACE_SECONDS:-8}
out=${OUT:-artifacts/bench/allocations}
tools="${XDG_CACHE_HOME:-$HOME/.cache}/webdemo/tools"
mkdir -p "$out" "$tools"
case "${LOGS:-warning}" in
  warning) levels=(Serilog__MinimumLevel__Default=Warning) ;;
  shipped) levels=() ;;
  *) echo "LOGS must be warning or shipped (not ${LOGS})"; exit 2 ;;
esac

command -v wrk >/dev/null 2>&1 || { echo "wrk is missing: apt-get install wrk"; exit 2; }
if [ ! -x "$tools/dotnet-trace" ]; then
  echo "Installing dotnet-trace into $tools..."
  dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$tools" >/dev/null
fi
if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "Building WebDemo.Api (Release)..."
  dotnet build src/WebDemo.Api/WebDemo.Api.csproj -c Release -nologo -v:q >/dev/null
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:${port}"
(cd src/WebDemo.Api/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    Embeddings__MaxInFlightInputs=1000000 Backend__Simulated__BaseLatencyMs=100 \
    Backend__Simulated__PerInputLatencyMs=0 Backend__Simulated__JitterMs=0 "${levels[@]}" \
    dotnet WebDemo.Api.dll --urls "$base") >"$out/server.log" 2>&1 &
server_pid=$!
wrk_pid=""
cleanup() {
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 300); do
  curl -fs -o /dev/null "$base/health/ready" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the API exited while starting; see $out/server.log"; exit 2; }
  sleep 0.1
done

# requests — async requests answered so far; allocated — the runtime's allocation counter (both from /metrics).
metric() { curl -fs "$base/metrics" | awk -v name="$1" 'index($1, name) == 1 && (name !~ /strategy/ || /webdemo_strategy="async"/) { s += $2 } END { printf "%.0f\n", s }'; }
requests() { metric webdemo_strategy_request_duration_seconds_count; }
allocated() { metric dotnet_gc_heap_total_allocated_bytes_total; }

lua=load/scripts/post-embedding.lua
wrk -t2 -c"$connections" -d5s -s "$lua" "$base/embeddings/async" >/dev/null # warm-up: tiered JIT settles
wrk -t2 -c"$connections" -d"$((seconds + 6))s" -s "$lua" "$base/embeddings/async" >"$out/wrk.txt" &
wrk_pid=$!
sleep 2
trace="$out/api-${LOGS:-warning}.nettrace"
requests_before=$(requests); allocated_before=$(allocated)
"$tools/dotnet-trace" collect -p "$server_pid" --profile gc-verbose --duration "00:00:00:$(printf '%02d' "$seconds")" -o "$trace" >"$out/dotnet-trace.log" 2>&1 \
  || { echo "dotnet-trace failed; see $out/dotnet-trace.log"; exit 2; }
requests_after=$(requests); allocated_after=$(allocated)
wait "$wrk_pid"; wrk_pid=""

answered=$((requests_after - requests_before))
[ "$answered" -gt 0 ] || { echo "no requests were answered while tracing"; exit 2; }
echo "WebDemo.Api, POST /embeddings/async, ${connections} connections, logs: ${LOGS:-warning}; $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$((  (allocated_after - allocated_before) / answered )) B/req allocated (runtime counter) over $answered requests"
dotnet run load/scripts/allocation-top.cs -- "$trace" "$answered" ${STACKS:+"$STACKS"}
