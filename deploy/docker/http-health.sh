#!/usr/bin/env bash
# Container health probe for images without curl or wget: GET http://127.0.0.1:$ASPNETCORE_HTTP_PORTS$1 with bash's
# /dev/tcp and exit 0 on a 2xx status. Usage: http-health /health/ready
set -euo pipefail
path="${1:-/health/ready}"
port="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${port%%[;,]*}" # the first port when several are listed
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
read -r -t 5 _ status _ <&3
[[ "$status" == 2?? ]]
