#!/usr/bin/env bash
# The performance target of POST /embeddings/async, measured with wrk (Debian package) on this machine.
#
#   load/scripts/wrk-async.sh                    # build (Release); for 1000, then 2000 connections: start the API, warm up, measure
#   CONNECTIONS="500 1000" DURATION=30s load/scripts/wrk-async.sh
#
# Little's law: with a backend latency L and C connections that each wait for their answer before sending the next
# request, the best possible throughput is C / L. Targets (issue 2), with L = 100 ms:
#   1000 connections: >= 95 % of C / L (9,500 req/s);  2000 connections: >= 90 % (18,000 req/s);  p99 <= 115 ms.
# Exit status 0 when every target is met, 1 when one is missed, 2 when the run itself failed.
#
# Settings (environment): CONNECTIONS (default "1000 2000"),
# DURATION (60s: wrk opens all its connections at the start of the measured run, and that first second of connection
# set-up is a twentieth of a 20 s run, enough to move its p99 by 10-20 ms; a minute measures the steady state),
# WARMUP (10s: tiered JIT and PGO settle before measuring), THREADS (2),
# LATENCY_MS (100), RUNS (1; on a busy machine the best of several runs is the better estimate of capacity),
# PORT (a free one), OUT (where wrk's output and the server log go; artifacts/bench/api or .../baseline),
# NO_BUILD=1 to use the existing Release build,
# INLINE (1: request code runs on the socket transport's I/O threads, see below; INLINE=0 measures the default, where
# every socket completion is queued to the thread pool first),
# SLICE_US (100: the server's CPU time slice in µs, see below; 0 leaves the kernel's default),
# APP=baseline to measure load/WebDemo.Baseline instead: the same route, wait and answer size on bare Kestrel, with none
# of the API's per-request work — the ceiling of this machine, against which the API's numbers are read.
set -euo pipefail
cd "$(dirname "$0")/../.."
source load/scripts/wrk-latency.sh

connections=(${CONNECTIONS:-1000 2000})
duration=${DURATION:-60s}
warmup=${WARMUP:-10s}
threads=${THREADS:-2}
latency_ms=${LATENCY_MS:-100}
runs=${RUNS:-1}
lua=load/scripts/post-embedding.lua
out=${OUT:-artifacts/bench/${APP:-api}}
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)..."
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi

case "${APP:-api}" in
  api) project=src/WebDemo.Api/WebDemo.Api.csproj; dll=src/WebDemo.Api/bin/Release/net10.0/WebDemo.Api.dll ;;
  baseline) project=load/WebDemo.Baseline/WebDemo.Baseline.csproj; dll=load/WebDemo.Baseline/bin/Release/net10.0/WebDemo.Baseline.dll ;;
  *) echo "APP is 'api' or 'baseline', not '${APP}'"; exit 2 ;;
esac
if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "Building $(basename "$project" .csproj) (Release)..."
  dotnet build "$project" -c Release -nologo -v:q >/dev/null
fi

# Each connection is a socket on both ends; 2000 connections need more than the common default of 1024 descriptors.
needed_fds=$(( 2 * $(printf '%s\n' "${connections[@]}" | sort -n | tail -1) + 512 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$needed_fds" ]; then
  ulimit -n "$needed_fds" 2>/dev/null || { echo "ulimit -n is $(ulimit -n); raise it to $needed_fds (ulimit -n $needed_fds)."; exit 2; }
fi

log="$out/wrk-async-server.log"
: >"$log"

# The API as the benchmark needs it: a backend wait of exactly LATENCY_MS (no per-input cost, no jitter), an in-flight
# limit far above the connection count (otherwise most requests would be answered 429 at once), and Warning-level
# logging so that writing one console line per request does not become the thing being measured.
#
# With INLINE=1 (the default) the server is also tuned the way an all-async service can be: the runtime completes socket
# operations on its epoll threads (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS) and Kestrel runs request code there too
# (SocketTransport:UnsafePreferInlineScheduling), instead of queueing each read and write to the thread pool. On two
# cores shared with wrk that hop is what the tail waits for: p99 108-110 against 116 ms at 1,000 connections, 113-119
# against 129-132 ms at 2,000 (README, "Performance").
# Unsafe for the blocking strategies, which would block the I/O threads, so it is off unless asked for.
inline_settings=()
if [ "${INLINE:-1}" = 1 ]; then
  inline_settings=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 SocketTransport__UnsafePreferInlineScheduling=true)
fi
# The server also asks Linux (6.12+) for a shorter CPU time slice than the default (1.4 ms here): on two cores shared
# with wrk, a thread that wakes (a timer that fired, a socket with data) waits less for the CPU, and the server gives the
# CPU back to wrk sooner. p99 at 2,000 connections 112.8-114.8 against 115.1-118.5 ms (README, "Performance").
# wrk keeps the default: it stands for the clients, which a server does not choose.
slice_prefix=()
slice_us=${SLICE_US:-100}
[ "$slice_us" = 0 ] || slice_prefix=(python3 load/scripts/with-slice.py "$slice_us")

# Every measured run gets a server process of its own, as the reference numbers in ../shared/environment.md were taken:
# wrk closes all its connections at the end of a run and opens new ones for the next, and the closed connections' state,
# by then in gen2, would otherwise be garbage that a later run's collections pay for (README, "Performance").
api_pid=""
stop_server() {
  [ -n "$api_pid" ] || return 0
  kill "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  api_pid=""
}
trap stop_server EXIT

start_server() {
  local port=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  base="http://127.0.0.1:${port}"
  echo "== server for $1" >>"$log"
  "${slice_prefix[@]}" env ASPNETCORE_ENVIRONMENT=Production \
      "${inline_settings[@]}" \
      DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      Embeddings__MaxInFlightInputs=1000000 \
      Backend__Kind=Simulated \
      Backend__Simulated__BaseLatencyMs="$latency_ms" \
      Backend__Simulated__PerInputLatencyMs=0 \
      Backend__Simulated__JitterMs=0 \
      Serilog__MinimumLevel__Default=Warning \
      LATENCY_MS="$latency_ms" \
      dotnet "$dll" --urls "$base" >>"$log" 2>&1 &
  api_pid=$!
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$base/health/ready" && break
    kill -0 "$api_pid" 2>/dev/null || { echo "The API exited while starting:"; cat "$log"; exit 2; }
    sleep 0.1
  done
  curl -fs -o /dev/null "$base/health/ready" || { echo "The API did not become ready at $base"; exit 2; }
  # The slice the kernel granted the server (ns; kernels before 6.6 do not report one).
  server_slice=$(awk '$1 == "se.slice" { printf "%.1f ms", $3 / 1e6 }' "/proc/$api_pid/sched" 2>/dev/null || true)
  curl -fs -o /dev/null -X POST "$base/embeddings/async" -H 'Content-Type: application/json' -d '{"input":"warm"}' \
    || { echo "POST /embeddings/async failed before the benchmark"; exit 2; }
}

status=0
summary=()
load_before=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load_before" 'BEGIN { exit !(l > 1.0) }'; then
  echo "Note: the load average is ${load_before}; other work on this machine will lower the numbers."
fi
for c in "${connections[@]}"; do
  target=$([ "$c" -ge 2000 ] && echo 90 || echo 95)
  ideal=$(awk -v c="$c" -v l="$latency_ms" 'BEGIN { printf "%.0f", c * 1000 / l }')
  met_once=0
  for run in $(seq "$runs"); do
    echo
    echo "== ${c} connections, run ${run}/${runs}: a fresh server, warm-up ${warmup}, then ${duration} measured (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    start_server "${c} connections, run ${run}"
    wrk -t"$threads" -c"$c" -d"$warmup" -s "$lua" "$base/embeddings/async" >/dev/null
    result="$out/wrk-async-c${c}-run${run}.txt"
    wrk -t"$threads" -c"$c" -d"$duration" --timeout 5s --latency -s "$lua" "$base/embeddings/async" | tee "$result"
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    stop_server

    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$result")
    p50=$(wrk_ms "$result" 50% 1)
    p99=$(wrk_ms "$result" 99% 1)
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$result"); non2xx=${non2xx:-0}
    socket_errors=$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$result")
    ratio=$(awk -v r="$rps" -v i="$ideal" 'BEGIN { printf "%.1f", 100 * r / i }')

    verdict=met
    awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r >= t) }' || verdict="MISSED (ratio < ${target} %)"
    awk -v p="$p99" 'BEGIN { exit !(p <= 115) }' || verdict="MISSED (p99 > 115 ms)"
    [ "$non2xx" -eq 0 ] || verdict="MISSED (${non2xx} non-2xx answers)"
    [ "$verdict" != met ] || met_once=1

    summary+=("$(printf '%-11s %10s %10s %9s %9s %7s %%  %-8s %-16s %s' \
      "$c" "$rps" "$ideal" "$p50" "$p99" "$ratio" ">=${target}%" "$load_after" "$verdict")")
    [ -z "$socket_errors" ] || summary+=("            socket errors: $socket_errors")
  done
  [ "$met_once" -eq 1 ] || status=1
done

echo
scheduling=$([ "${INLINE:-1}" = 1 ] && echo "inline on the I/O threads" || echo "through the thread pool")
echo "${APP:-api}: POST /embeddings/async, backend latency ${latency_ms} ms, wrk -t${threads} -d${duration}, $(nproc) cores, scheduling ${scheduling}, server time slice ${server_slice:-not reported}, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-11s %10s %10s %9s %9s %9s  %-8s %-16s %s\n' connections req/s "C/L" "p50 ms" "p99 ms" "of C/L" target "load (1/5/15m)" "targets"
printf '%s\n' "${summary[@]}"
echo "Raw wrk output: $out/wrk-async-c*-run*.txt; server log: $log"
exit "$status"
