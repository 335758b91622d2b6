#!/usr/bin/env bash
# Measures what one stack capture costs under blocking load (docs/stack-capture.md, "Cost"): starts the built API
# (Release) with the admin lever and automatic captures off, puts 64 blocked requests with 1 s calls on it with wrk, then
# alternates 1 s of baseline (process CPU without a capture, from /proc) with one on-demand capture, seven times.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-5741}
key=cost-measurement-key-0123456789
dll=src/WebDemo.Api/bin/Release/net10.0/WebDemo.Api.dll
[ -f "$dll" ] || { echo "Build first: dotnet build WebDemo.sln -c Release"; exit 1; }

env ASPNETCORE_ENVIRONMENT=Production Admin__Enabled=true Admin__ApiKey=$key StackCapture__Automatic=false \
  "Serilog__MinimumLevel__Override__WebDemo.Api.StackCapture=Debug" \
  dotnet "$dll" --urls "http://127.0.0.1:$port" > artifacts/stack-capture-cost.log 2>&1 &
api=$!
trap 'kill $api ${load:-} 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null; do sleep 0.2; done

wrk -t1 -c64 -d60s --timeout 30s -s load/scripts/post-embedding.lua "http://127.0.0.1:$port/embeddings/blocking?latencyMs=1000" > /dev/null &
load=$!
sleep 8 # let the pool grow into the load: the captures measure a starved, not a starting, process
cpu() { awk '{print $14 + $15}' "/proc/$api/stat"; }
tick=$(getconf CLK_TCK)
echo "$(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in 1 2 3 4 5 6 7; do
  before=$(cpu); sleep 1; after=$(cpu)
  echo "baseline: $(( (after - before) * 1000 / tick )) ms process CPU in 1 s without a capture"
  curl -s -m 60 -H "X-Api-Key: $key" "http://127.0.0.1:$port/diagnostics/stacks" | python3 -c '
import json, sys
c = json.load(sys.stdin)
top = c["chains"][0] if c["chains"] else {"threads": 0, "name": "-"}
print(f"capture {c[\"id\"]}: {c[\"wallMs\"]} ms wall, {c[\"cpuMs\"]} ms process CPU, {c[\"threadPoolThreads\"]} pool threads; top: {top[\"threads\"]} x {top[\"name\"]}")'
done
echo "$(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
grep "Stack sample" artifacts/stack-capture-cost.log || true
