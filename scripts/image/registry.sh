#!/bin/sh
# The registry that holds `make image-multiarch`'s manifest list on this machine: Debian's
# docker-registry on loopback (docs/decisions/0170). The classic daemon stores one image per
# tag; only a registry can hold one tag that names two architectures.
#   registry.sh ensure    use the registry answering on 127.0.0.1:PORT, else start one; prints
#                         its address
#   registry.sh stop      stop the registry that `ensure` started (never anyone else's)
# PORT: EHC_REGISTRY_PORT (default 5000). Storage and log under $ECS_HTTP_CHAOS_CACHE/registry,
# so the pushed images outlive the clone; Docker treats 127.0.0.0/8 as plain HTTP.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"

address=127.0.0.1:${EHC_REGISTRY_PORT:-5000}
state=$ECS_HTTP_CHAOS_CACHE/registry

answers() { curl -fsS -o /dev/null --max-time 2 "http://$address/v2/" 2>/dev/null; }

our_pid() {
  [ -f "$state/pid" ] || return 1
  pid=$(cat "$state/pid")
  case $pid in '' | *[!0-9]*) return 1 ;; esac
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = docker-registry ] || return 1
  printf '%s\n' "$pid"
}

start() {
  command -v docker-registry >/dev/null 2>&1 || "$root/scripts/deps.sh" debian docker-registry
  mkdir -p "$state/data"
  cat >"$state/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/data
  delete:
    enabled: true
http:
  addr: $address
CONFIG
  say "starting docker-registry on $address (storage $state/data, log $state/registry.log)"
  setsid docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  tries=0
  until answers; do
    tries=$((tries + 1))
    if ! our_pid >/dev/null || [ "$tries" -gt 60 ]; then
      tail -n 20 "$state/registry.log" >&2 || true
      die "docker-registry did not answer on $address (log: $state/registry.log)"
    fi
    sleep 0.5
  done
}

case ${1:-} in
  ensure)
    answers || start
    printf '%s\n' "$address"
    ;;
  stop)
    if pid=$(our_pid); then
      say "stopping docker-registry $pid"
      kill -TERM "$pid"
    else
      say "no docker-registry started by make is running; nothing to stop"
    fi
    rm -f "$state/pid"
    ;;
  *) die "usage: registry.sh ensure|stop" ;;
esac
