#!/usr/bin/env bash
# The async path against this machine's own ceiling, one command:
#
#   load/scripts/bench-async.sh                          # 1,000 and 2,000 connections, 2 rounds of 20 s runs
#   ROUNDS=3 CONNECTIONS="500 1000" load/scripts/bench-async.sh
#   LOGS=shipped load/scripts/bench-async.sh             # the API with its logging as shipped (one line per request)
#   LOGS=both CONNECTIONS=1000 load/scripts/bench-async.sh   # both, and the shipped logging against Warning
#
# For every connection count and round it measures POST /embeddings/async on WebDemo.Api and on load/WebDemo.Baseline
# (bare Kestrel: the same route, the same wait, an answer of the same size, none of the API's per-request work), taking
# turns, each in a fresh process in its default configuration, with wrk (Debian package) as the client. It prints the
# medians per application and the ratios that say how close the API comes to what this machine can do:
#   throughput  API ÷ baseline      target >= 97 %
#   p99         API ÷ baseline      target <= 1.05x
#   throughput  API ÷ (C / L)       target >= 95 % at up to 1,000 connections (Little's law: C connections that each
#                                   wait L for their answer can at best be served C / L times a second)
#   allocated   API ÷ baseline      target <= 2x (bytes allocated per request)
# and what each request costs on either side, read the same way from both processes around each measured run: bytes
# allocated on the managed heap (the runtime's GC.GetTotalAllocatedBytes, as dotnet_gc_heap_total_allocated_bytes_total
# at /metrics: the API's OpenTelemetry runtime meter, a one-line route in the baseline) and CPU time of the process
# (utime + stime from /proc/PID/stat), each divided by the requests wrk counted.
# With LOGS=both it also compares the API with shipped logging against the API at Warning (target >= 97 %, <= 1.05x).
# Exit status: 0 when every target holds, 1 when one is missed, 2 when a run itself failed.
#
# Settings (environment): CONNECTIONS ("1000 2000"), ROUNDS (2), DURATION (20s), WARMUP (5s: tiered JIT settles),
# THREADS (wrk threads, 2), LATENCY_MS (100), OUT (artifacts/bench/async), NO_BUILD=1 to reuse the Release build,
# LOGS (warning: the API's logs at Warning; shipped: its appsettings.json as is, Information, one line per request;
# both: the two API configurations and the baseline, taking turns).
#
# Both servers run as a user runs them, from their own folder (the API reads its appsettings.json there, as in the
# container image): no inline scheduling, no CPU-slice or priority changes. The API's settings are its defaults except
# what the workload itself needs: an in-flight limit above the connection count (the default 512 would answer most
# requests 429), a backend wait of exactly LATENCY_MS like the baseline's (no per-input cost, no jitter), and, unless
# LOGS=shipped, Warning-level logs, since the baseline writes none. Server output goes to a file ($OUT/servers.log),
# never to the terminal.
set -euo pipefail
cd "$(dirname "$0")/../.."
source load/scripts/wrk-latency.sh
source load/scripts/bench-servers.sh

connections=(${CONNECTIONS:-1000 2000})
rounds=${ROUNDS:-2}
duration=${DURATION:-20s}
warmup=${WARMUP:-5s}
threads=${THREADS:-2}
latency_ms=${LATENCY_MS:-100}
case "${LOGS:-warning}" in
  warning) apis=(api) ;;
  shipped) apis=(api-shipped) ;;
  both) apis=(api api-shipped) ;;
  *) echo "LOGS must be warning, shipped or both (not ${LOGS})"; exit 2 ;;
esac
apps=("${apis[@]}" baseline)
clock_ticks=$(getconf CLK_TCK)
out=${OUT:-artifacts/bench/async}
lua=load/scripts/post-embedding.lua
mkdir -p "$out"
log="$out/servers.log"
: >"$log"

ensure_wrk
if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "Building WebDemo.Api and WebDemo.Baseline (Release)..."
  dotnet build src/WebDemo.Api/WebDemo.Api.csproj -c Release -nologo -v:q >/dev/null
  dotnet build load/WebDemo.Baseline/WebDemo.Baseline.csproj -c Release -nologo -v:q >/dev/null
fi

# Each connection is a socket on both ends; 2,000 connections need more than the common default of 1,024 descriptors.
needed_fds=$(( 2 * $(printf '%s\n' "${connections[@]}" | sort -n | tail -1) + 512 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$needed_fds" ]; then
  ulimit -n "$needed_fds" 2>/dev/null || { echo "ulimit -n is $(ulimit -n); raise it to $needed_fds."; exit 2; }
fi

trap stop_server EXIT

# counters — "allocated-bytes cpu-ticks" of the running server: the runtime's allocation counter from its /metrics and
# the process's user + system CPU time from /proc.
counters() {
  local allocated
  allocated=$(allocated_bytes) || exit 2
  echo "$allocated $(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")"
}

# measure APP C ROUND — warm-up and one measured wrk run against a fresh APP; appends
# "app c round rps p50 p99 bytes-per-request cpu-us-per-request" to $samples.
measure() {
  local app=$1 c=$2 round=$3 result non2xx before after requests cost
  start_server "$app" "$c connections, round $round"
  wrk -t"$threads" -c"$c" -d"$warmup" -s "$lua" "$base/embeddings/async" >/dev/null
  result="$out/$app-c$c-round$round.txt"
  before=$(counters)
  wrk -t"$threads" -c"$c" -d"$duration" --timeout 5s --latency -s "$lua" "$base/embeddings/async" >"$result"
  after=$(counters)
  stop_server
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$result")
  [ -z "$non2xx" ] || { echo "$app answered $non2xx requests with an error status at $c connections; see $result"; exit 2; }
  requests=$(awk '/ requests in / { print $1 }' "$result")
  cost=$(awk -v b="$before" -v a="$after" -v n="$requests" -v hz="$clock_ticks" 'BEGIN {
    split(b, x, " "); split(a, y, " "); printf "%.0f %.1f", (y[1] - x[1]) / n, (y[2] - x[2]) * 1e6 / hz / n }')
  echo "$app $c $round $(awk '/^Requests\/sec:/ { print $2 }' "$result") $(wrk_ms "$result" 50% 1) $(wrk_ms "$result" 99% 1) $cost" >>"$samples"
  printf '  %-11s round %s: %8s req/s  p50 %6s ms  p99 %6s ms  %6s B/req  %6s µs CPU/req\n' "$app" "$round" \
    "$(awk '/^Requests\/sec:/ { print $2 }' "$result")" "$(wrk_ms "$result" 50% 1)" "$(wrk_ms "$result" 99% 1)" $cost
}

# median APP C FIELD — the median over rounds of FIELD (4 = req/s, 5 = p50, 6 = p99, 7 = B/req, 8 = µs CPU/req).
median() {
  awk -v a="$1" -v c="$2" -v f="$3" '$1 == a && $2 == c { print $f }' "$samples" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

samples="$out/samples.txt"
: >"$samples"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in "${connections[@]}"; do
  for round in $(seq "$rounds"); do
    echo "== ${c} connections, round ${round}/${rounds} (${warmup} warm-up, ${duration} measured, a fresh process each)"
    # Take turns (who goes first moves by one every round), so that no side always runs on the warmer (or busier) machine.
    order=()
    for i in "${!apps[@]}"; do order+=("${apps[$(( (i + round - 1) % ${#apps[@]} ))]}"); done
    for app in "${order[@]}"; do measure "$app" "$c" "$round"; done
  done
done

# compare C A B — "throughput% p99-ratio" of A against B at C connections, rounded as printed.
compare() {
  awk -v ar="$(median "$2" "$1" 4)" -v br="$(median "$3" "$1" 4)" -v ap="$(median "$2" "$1" 6)" -v bp="$(median "$3" "$1" 6)" \
    'BEGIN { printf "%.1f %.2f\n", 100 * ar / br, ap / bp }'
}

status=0
for api in "${apis[@]}"; do
  case "$api" in
    api) what="WebDemo.Api (logs at Warning)" ;;
    api-shipped) what="WebDemo.Api (logging as shipped: Information, one line per request, to a file)" ;;
  esac
  echo
  echo "POST /embeddings/async, ${latency_ms} ms wait: $what against bare Kestrel (load/WebDemo.Baseline), medians of ${rounds} rounds"
  echo "wrk -t${threads} -d${duration}, $(nproc) cores, load average after $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "B/req: bytes allocated per request; CPU/req: process CPU time per request (both read before and after the measured run)"
  printf '%-11s %10s %10s %8s %8s %10s %6s %7s %10s %10s %6s %9s %9s  %s\n' \
    connections "api req/s" "base req/s" "api p99" "base p99" throughput p99 "of C/L" "api B/req" "base B/req" alloc \
    "api CPU" "base CPU" targets
  for c in "${connections[@]}"; do
    api_rps=$(median "$api" "$c" 4); base_rps=$(median baseline "$c" 4)
    api_p99=$(median "$api" "$c" 6); base_p99=$(median baseline "$c" 6)
    api_bytes=$(median "$api" "$c" 7); base_bytes=$(median baseline "$c" 7)
    api_cpu=$(median "$api" "$c" 8); base_cpu=$(median baseline "$c" 8)
    read -r throughput p99_ratio of_ideal alloc_ratio verdict < <(awk -v ar="$api_rps" -v br="$base_rps" -v ap="$api_p99" \
        -v bp="$base_p99" -v ab="$api_bytes" -v bb="$base_bytes" -v c="$c" -v l="$latency_ms" 'BEGIN {
      # Rounded as printed, so that the verdict follows from the numbers a reader sees.
      t = sprintf("%.1f", 100 * ar / br) + 0; p = sprintf("%.2f", ap / bp) + 0; i = sprintf("%.1f", 100 * ar / (c * 1000 / l)) + 0
      a = sprintf("%.2f", ab / bb) + 0
      missed = ""
      if (t < 97) missed = missed "throughput<97%,"
      if (p > 1.05) missed = missed "p99>1.05x,"
      if (c <= 1000 && i < 95) missed = missed "C/L<95%,"
      if (a > 2) missed = missed "alloc>2x,"
      sub(/,$/, "", missed)
      printf "%.1f%% %.2fx %.1f%% %.2fx %s\n", t, p, i, a, (missed == "" ? "met" : "MISSED:" missed) }')
    [ "$verdict" = met ] || status=1
    printf '%-11s %10s %10s %8s %8s %10s %6s %7s %10s %10s %6s %9s %9s  %s\n' \
      "$c" "$api_rps" "$base_rps" "$api_p99" "$base_p99" "$throughput" "$p99_ratio" "$of_ideal" "$api_bytes" "$base_bytes" \
      "$alloc_ratio" "${api_cpu}µs" "${base_cpu}µs" "$verdict"
  done
done
if [ "${#apis[@]}" -gt 1 ]; then
  echo
  echo "Shipped logging against Warning (the same build, taking turns): throughput >= 97 %, p99 <= 1.05x"
  for c in "${connections[@]}"; do
    read -r throughput p99_ratio < <(compare "$c" api-shipped api)
    verdict=$(awk -v t="$throughput" -v p="$p99_ratio" 'BEGIN { print (t >= 97 && p <= 1.05) ? "met" : "MISSED" }')
    [ "$verdict" = met ] || status=1
    printf '  %s connections: %s%% throughput, %sx p99  %s\n' "$c" "$throughput" "$p99_ratio" "$verdict"
  done
fi
echo "wrk output: $out/{$(IFS=,; echo "${apps[*]}")}-c*-round*.txt; server output: $log"
exit "$status"
