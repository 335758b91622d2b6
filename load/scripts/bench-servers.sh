# Sourced by bench-async.sh and allocation-profile.sh: the servers they measure, started the same way, and wrk.
# The caller sets $latency_ms (the backend's fixed wait) and $log (where the servers' output goes), and runs from the
# repository's root.

# ensure_wrk — installs wrk (Debian package) when it is missing.
ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  echo "Installing wrk (Debian package)..."
  local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
}

# start_server APP LABEL — a fresh process of APP on a free port, started from its own folder; sets $base and $server_pid.
#   api          WebDemo.Api, logs at Warning (the baseline writes none)
#   api-shipped  WebDemo.Api, its appsettings.json as is (Information, one line per request)
#   baseline     load/WebDemo.Baseline: bare Kestrel, the same route, wait and answer size
# The API's settings are its defaults except what the workload needs: an in-flight limit above any connection count
# (the default 512 would answer most requests 429) and a backend wait of exactly $latency_ms, like the baseline's.
start_server() {
  local port dll levels=()
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:${port}"
  case "$1" in
    api) dll=src/WebDemo.Api/bin/Release/net10.0/WebDemo.Api.dll; levels=(Serilog__MinimumLevel__Default=Warning) ;;
    api-shipped) dll=src/WebDemo.Api/bin/Release/net10.0/WebDemo.Api.dll ;;
    baseline) dll=load/WebDemo.Baseline/bin/Release/net10.0/WebDemo.Baseline.dll ;;
    *) echo "start_server: unknown app $1"; exit 2 ;;
  esac
  echo "== $1 for $2" >>"$log"
  (cd "$(dirname "$dll")" && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      Embeddings__MaxInFlightInputs=1000000 \
      Backend__Simulated__BaseLatencyMs="$latency_ms" \
      Backend__Simulated__PerInputLatencyMs=0 \
      Backend__Simulated__JitterMs=0 \
      "${levels[@]}" \
      LATENCY_MS="$latency_ms" \
      dotnet "$(basename "$dll")" --urls "$base") >>"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$base/health/ready" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "$1 exited while starting; see $log"; exit 2; }
    sleep 0.1
  done
  curl -fs -o /dev/null "$base/health/ready" || { echo "$1 did not become ready at $base"; exit 2; }
}

# stop_server — stops the server start_server started, by its PID, and waits for it.
server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# allocated_bytes — the running server's managed-heap allocation counter (the runtime's GC.GetTotalAllocatedBytes, as
# dotnet_gc_heap_total_allocated_bytes_total at /metrics: the API's OpenTelemetry runtime meter, a one-line route in
# the baseline).
allocated_bytes() {
  local allocated
  allocated=$(curl -fs "$base/metrics" | awk '$1 ~ /^dotnet_gc_heap_total_allocated_bytes_total/ { print $2; exit }')
  [ -n "$allocated" ] || { echo "no dotnet_gc_heap_total_allocated_bytes_total at $base/metrics" >&2; exit 2; }
  echo "$allocated"
}
