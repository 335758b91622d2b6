#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need (Chromium, Prometheus, wrk, a Docker engine,
# docker-compose, debootstrap) when missing, starts a Docker engine of its own with the stand-in base images
# (tests/containers/engine.sh; cached in /var/cache/webdemo), builds with warnings as errors, runs every test project,
# and ends with "N passed, N failed, N skipped" counted from the real test results (TRX files).
# Test artifacts (screenshots, load reports) land in artifacts/tests/.
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v dockerd >/dev/null 2>&1 && [ -x /usr/bin/docker ] || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages: ${need[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "Could not install ${need[*]}"; exit 1; }
  # Debian starts the Prometheus service on install; the tests run their own servers on free ports.
  $sudo_cmd systemctl stop prometheus 2>/dev/null || $sudo_cmd service prometheus stop 2>/dev/null || true
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

# The compose stack's tests (tests/WebDemo.Containers.Tests) get the engine through DOCKER_HOST and the stand-ins
# through the Dockerfile's and docker-compose.yml's own variables, exported here.
echo "Starting a Docker engine and the stand-in base images..."
source tests/containers/engine.sh
trap engine_stop EXIT
engine_started=$SECONDS
if ! engine_start || ! stand_ins_build; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "Engine and stand-ins ready in $((SECONDS - engine_started)) s"

echo "Building (Release, warnings as errors)..."
if ! dotnet build WebDemo.sln -c Release -nologo -v:q; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "(the build failed)"
  exit 1
fi

# One test project at a time: several of them measure real thread-pool behaviour of real processes,
# and running them side by side on a small machine would make them measure each other instead.
status=0
for project in tests/*/*.Tests.csproj; do
  echo "Testing $(basename "$project" .csproj)..."
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 10m --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a test host crashed before writing results
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
