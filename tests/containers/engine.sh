# The container engine the tests run the compose stack on, sourced by test.sh: a dockerd of the suite's own (its own
# socket, data root and exec root, as root) and the stand-in base images (stand-ins.Dockerfile) no registry can serve
# here. The data root and the Debian root filesystem stay in $WEBDEMO_CACHE between runs, so images are built once.
WEBDEMO_CACHE=${WEBDEMO_CACHE:-/var/cache/webdemo}
engine_run=/run/webdemo-docker
engine_pid=""

# Starts dockerd and exports DOCKER_HOST; prints one line naming the cause and returns 1 if it does not come up.
engine_start() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "dockerd did not start: the suite runs its own engine as root (sudo ./test.sh)"
    return 1
  fi
  mkdir -p "$WEBDEMO_CACHE/docker" "$engine_run" artifacts
  if [ -f "$engine_run/dockerd.pid" ] && kill -0 "$(cat "$engine_run/dockerd.pid")" 2>/dev/null; then
    # Another run (or a developer) started the suite's engine and still uses it: share it, and leave it to its owner
    # to stop (engine_pid stays empty). Compose projects and ports are per test, so two runs do not meet.
    if DOCKER_HOST="unix://$engine_run/docker.sock" /usr/bin/docker version >/dev/null 2>&1; then
      export DOCKER_HOST="unix://$engine_run/docker.sock"
      echo "Using the running engine (PID $(cat "$engine_run/dockerd.pid")); its owner stops it"
      return 0
    fi
    echo "dockerd did not start: another one (PID $(cat "$engine_run/dockerd.pid")) holds $WEBDEMO_CACHE/docker but does not answer"
    return 1
  fi
  dockerd --data-root "$WEBDEMO_CACHE/docker" --exec-root "$engine_run" --pidfile "$engine_run/dockerd.pid" \
    --host "unix://$engine_run/docker.sock" >artifacts/dockerd.log 2>&1 &
  engine_pid=$!
  export DOCKER_HOST="unix://$engine_run/docker.sock"
  for _ in $(seq 1 120); do
    /usr/bin/docker version >/dev/null 2>&1 && return 0
    kill -0 "$engine_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "dockerd did not start: $(grep -m1 -iE 'level=(fatal|error)|failed' artifacts/dockerd.log || tail -1 artifacts/dockerd.log) (artifacts/dockerd.log)"
  return 1
}

# Stops the dockerd started above, by its PID, and waits for it (it stops its containers first). Images a rebuild
# replaced are removed first, so the cached data root does not grow from run to run.
engine_stop() {
  [ -n "$engine_pid" ] || return 0
  /usr/bin/docker image prune -f >/dev/null 2>&1
  kill "$engine_pid" 2>/dev/null && timeout 60 tail --pid="$engine_pid" -f /dev/null
  engine_pid=""
}

# Builds the stand-in images that are missing and exports the variables that select them:
# the Dockerfile's DOTNET_*_IMAGE build arguments and docker-compose.yml's PROMETHEUS_IMAGE.
stand_ins_build() {
  local docker=/usr/bin/docker # Debian's CLI builds with the daemon's BuildKit; the 28.x one first on PATH cannot
  local rootfs="$WEBDEMO_CACHE/debian-bookworm-minbase.tar" debian=webdemo-stand-in/debian:bookworm
  local dotnet_root version context
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  version=$(dotnet --version)
  if [ ! -f "$rootfs" ]; then
    local tree="$WEBDEMO_CACHE/debian-bookworm-minbase"
    rm -rf "$tree"
    debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata bookworm "$tree" http://deb.debian.org/debian \
      >artifacts/debootstrap.log 2>&1 \
      || { echo "debootstrap failed: $(tail -1 artifacts/debootstrap.log) (artifacts/debootstrap.log)"; return 1; }
    tar -C "$tree" -cf "$rootfs.partial" . && mv "$rootfs.partial" "$rootfs" && rm -rf "$tree"
  fi
  $docker image inspect "$debian" >/dev/null 2>&1 || $docker import "$rootfs" "$debian" >/dev/null \
    || { echo "docker import of the Debian root filesystem failed"; return 1; }

  export DOTNET_SDK_IMAGE="webdemo-stand-in/dotnet-sdk:$version"
  export DOTNET_ASPNET_IMAGE="webdemo-stand-in/dotnet-aspnet:$version"
  export DOTNET_RUNTIME_IMAGE="webdemo-stand-in/dotnet-runtime:$version"
  export PROMETHEUS_IMAGE=webdemo-stand-in/prometheus:bookworm
  context=$(mktemp -d)
  cp tests/containers/stand-ins.Dockerfile "$context/Dockerfile"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  local target image
  for target in sdk aspnet runtime prometheus; do
    case $target in
      sdk) image=$DOTNET_SDK_IMAGE ;; aspnet) image=$DOTNET_ASPNET_IMAGE ;;
      runtime) image=$DOTNET_RUNTIME_IMAGE ;; prometheus) image=$PROMETHEUS_IMAGE ;;
    esac
    $docker image inspect "$image" >/dev/null 2>&1 && continue
    # The context streamed as a tar: the Dockerfile, the CA bundle and the host's .NET as dotnet/.
    tar -cf - -C "$context" Dockerfile ca-certificates.crt -C "$(dirname "$dotnet_root")" \
        --transform "s,^$(basename "$dotnet_root"),dotnet," "$(basename "$dotnet_root")" \
      | DOCKER_BUILDKIT=1 $docker build -q --target "$target" -t "$image" - >>artifacts/stand-ins.log 2>&1 \
      || { echo "building the stand-in image $image failed (artifacts/stand-ins.log)"; rm -rf "$context"; return 1; }
  done
  rm -rf "$context"
}
