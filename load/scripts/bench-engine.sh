#!/usr/bin/env bash
# Engine benchmarks for WebDemo.Load (issue 4's performance targets), one command:
#   load/scripts/bench-engine.sh [seconds-per-run]        (default 10)
# Against the API's trivial GET /health/live (a fresh API process, per-request logging off) it measures:
#   1. open model at RATE req/s (default 5,000): does the engine sustain it (ok req/s, dropped)?
#   2. open model at 1,000 req/s: how late does each request start versus its schedule (start-delay p99)?
#   3. closed model vs wrk --latency at the same connection counts (CONNECTIONS, default "2 10 50"): p50 and max
#      throughput side by side; the tools take turns RUNS times (default 3) and the medians are compared.
# Exit status 0 when every closed-model comparison meets its target (p50 within 10 %, throughput >= 60 % of wrk's).
# Needs: a .NET SDK, wrk (apt-get install wrk), jq. Numbers are only meaningful on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
source load/scripts/wrk-latency.sh
seconds="${1:-10}"
rate="${RATE:-5000}"
connections="${CONNECTIONS:-2 10 50}"
for tool in wrk jq; do command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install $tool)"; exit 1; }; done

dotnet build WebDemo.sln -c Release -nologo -v:q >/dev/null
api_dll=src/WebDemo.Api/bin/Release/net10.0/WebDemo.Api.dll
load_dll=load/WebDemo.Load/bin/Release/net10.0/WebDemo.Load.dll
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 5791)
base="http://127.0.0.1:$port"
out=$(mktemp -d /tmp/webdemo-bench-XXXXXX)

ASPNETCORE_ENVIRONMENT=Production Serilog__MinimumLevel__Default=Warning \
  dotnet "$api_dll" --urls "$base" >"$out/api.log" 2>&1 &
api_pid=$!
trap 'kill -TERM $api_pid 2>/dev/null || true; wait $api_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

# Runs the load tool against /health/live; prints the results.json path.
load() {
  local name=$1; shift
  dotnet "$load_dll" run --target "$base" --strategy /health/live --method GET --bystander-rate 0 --no-server-samples \
    --format json --out "$out/$name" "$@" >"$out/$name.log" 2>&1 || true
  ls "$out/$name"/*/results.json
}
ms() { jq -r "$1" "$2"; }

echo "== 1. open model, inject($rate, 1s, ${seconds}s) against GET /health/live"
r1=$(load open --load "inject($rate, 1s, ${seconds}s)" --warm-up 2s)
jq -r '.scenarios[0] | "ok \(.requests.ok), failed \(.requests.failed), dropped \(.requests.dropped), ok req/s \((.requests.ok / .durationSeconds) | floor), p50 \(.latency.percentilesMs.p50) ms, p99 \(.latency.percentilesMs.p99) ms, start-delay p99 \(.startDelay.percentilesMs.p99) ms"' "$r1"

echo "== 2. open model, inject(1000, 1s, ${seconds}s): actual vs intended start"
r2=$(load open1000 --load "inject(1000, 1s, ${seconds}s)" --warm-up 2s)
jq -r '.scenarios[0] | "ok \(.requests.ok), dropped \(.requests.dropped), start-delay p50 \(.startDelay.percentilesMs.p50) ms, p99 \(.startDelay.percentilesMs.p99) ms, p99.9 \(.startDelay.percentilesMs["p99.9"]) ms, max \(.startDelay.max / 1000) ms"' "$r2"

# wrk and WebDemo.Load take turns, RUNS times each (default 3), and the medians are compared: on a shared 2-core machine
# one run of either tool moves by several per cent from the next.
runs="${RUNS:-3}"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
status=0
for c in $connections; do
  echo "== 3. closed model vs wrk --latency, $c connections, ${seconds}s each, $runs runs each (taking turns)"
  printf '%-16s %10s %10s %10s\n' "tool, run" "req/s" "p50 ms" "p99 ms"
  : >"$out/wrk-$c.tsv"; : >"$out/ours-$c.tsv"
  for run in $(seq "$runs"); do
    wrk -t2 -c"$c" -d"${seconds}s" --latency "$base/health/live" >"$out/wrk-$c-$run.txt"
    wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk-$c-$run.txt")
    wrk_p50=$(wrk_ms "$out/wrk-$c-$run.txt" 50%)
    wrk_p99=$(wrk_ms "$out/wrk-$c-$run.txt" 99%)
    printf '%s\t%s\t%s\n' "$wrk_rps" "$wrk_p50" "$wrk_p99" >>"$out/wrk-$c.tsv"
    printf '%-16s %10s %10s %10s\n' "wrk, $run" "$wrk_rps" "$wrk_p50" "$wrk_p99"
    r3=$(load "closed-$c-$run" --load "keep-constant($c, ${seconds}s)" --warm-up 2s --percentiles 50,75,90,99)
    jq -r '.scenarios[0] | "\((.requests.ok / .durationSeconds) | floor)\t\(.serviceTime.percentilesMs.p50)\t\(.serviceTime.percentilesMs.p99)"' "$r3" >>"$out/ours-$c.tsv"
    printf '%-16s %10s %10s %10s\n' "WebDemo.Load, $run" $(tail -1 "$out/ours-$c.tsv")
  done
  wrk_rps=$(cut -f1 "$out/wrk-$c.tsv" | median); wrk_p50=$(cut -f2 "$out/wrk-$c.tsv" | median)
  our_rps=$(cut -f1 "$out/ours-$c.tsv" | median); our_p50=$(cut -f2 "$out/ours-$c.tsv" | median)
  printf '%-16s %10s %10s\n' "median wrk" "$wrk_rps" "$wrk_p50"
  printf '%-16s %10s %10s\n' "median ours" "$our_rps" "$our_p50"
  awk -v wr="$wrk_rps" -v wp="$wrk_p50" -v r="$our_rps" -v p="$our_p50" 'BEGIN {
    dp = 100 * (p - wp) / wp; tr = 100 * r / wr
    printf "p50 %+.1f %% of wrk'"'"'s (target within 10 %%), throughput %.1f %% of wrk'"'"'s (target >= 60 %%): %s\n", dp, tr,
      (dp <= 10 && dp >= -10 && tr >= 60) ? "met" : "MISSED"
    exit !(dp <= 10 && dp >= -10 && tr >= 60) }' || status=1
done
echo "(raw outputs in $out)"
exit $status
