#!/bin/sh
# The Docker daemon that `make image` builds with, on the default socket.
#   dockerd.sh ensure   use the dockerd answering on the socket, else start one
#   dockerd.sh stop     stop the dockerd that `ensure` started (never anyone else's)
#   dockerd.sh status   say which daemon answers and whether make started it
# A daemon we start leaves the machine's iptables as they were: --iptables=false,
# --ip-masq=false, --ip-forward=false, on its own pre-created bridge (docs/reference/docker.md). Its
# containers have no way out, so image builds use --network host.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/scripts/lib.sh"

socket=/var/run/docker.sock
state=$ECS_HTTP_CHAOS_CACHE/dockerd
bridge=ehc-docker0
# 10.213.0.0/16 belongs to the project's test daemons (sandbox/docker); the last /24
# is this daemon's.
bridge_cidr=10.213.255.1/24

answers() { DOCKER_HOST=unix://$socket docker version >/dev/null 2>&1; }

our_pid() {
  [ -f "$state/pid" ] || return 1
  pid=$(cat "$state/pid")
  case $pid in '' | *[!0-9]*) return 1 ;; esac
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  printf '%s\n' "$pid"
}

make_bridge() {
  ip link show "$bridge" >/dev/null 2>&1 && return 0
  if ip -4 route show | grep -q '^10\.213\.255\.'; then
    die "10.213.255.0/24 is already routed on this machine; cannot give $bridge its subnet"
  fi
  ip link add "$bridge" type bridge
  ip addr add "$bridge_cidr" dev "$bridge"
  ip link set "$bridge" up
}

# dockerd refuses to start while its pidfile names a process that exists. After a SIGKILL
# the old daemon may linger a moment as a zombie; a pid reused by another program is not
# a dockerd at all.
clear_stale_pidfile() {
  pidfile=/var/run/docker.pid
  [ -f "$pidfile" ] || return 0
  old=$(cat "$pidfile")
  case $old in '' | *[!0-9]*) return 0 ;; esac
  tries=0
  while [ "$(awk '{print $3}' "/proc/$old/stat" 2>/dev/null)" = Z ] && [ "$tries" -lt 20 ]; do
    tries=$((tries + 1))
    sleep 0.5
  done
  if [ "$(cat "/proc/$old/comm" 2>/dev/null)" != dockerd ]; then
    rm -f "$pidfile"
  fi
}

start() {
  command -v dockerd >/dev/null 2>&1 || "$root/scripts/deps.sh" debian docker.io
  command -v docker >/dev/null 2>&1 || die "no docker client on PATH after installing docker.io"
  mkdir -p "$state"
  make_bridge
  clear_stale_pidfile
  say "starting dockerd on $socket (bridge $bridge, log $state/dockerd.log)"
  # The default pidfile (/var/run/docker.pid) makes a second dockerd on the same data
  # root refuse to start; a stale socket file is replaced by dockerd itself.
  setsid dockerd -H "unix://$socket" --bridge "$bridge" --iptables=false --ip-masq=false \
    --ip-forward=false >"$state/dockerd.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  tries=0
  until answers; do
    tries=$((tries + 1))
    if ! our_pid >/dev/null; then
      # Lost a race with another dockerd starting at the same time: use that one.
      sleep 2
      answers && { rm -f "$state/pid"; return 0; }
      tail -n 20 "$state/dockerd.log" >&2 || true
      die "dockerd exited before answering on $socket (log: $state/dockerd.log)"
    fi
    if [ "$tries" -gt 120 ]; then
      tail -n 20 "$state/dockerd.log" >&2 || true
      die "dockerd did not answer on $socket within 60 s (log: $state/dockerd.log)"
    fi
    sleep 0.5
  done
}

stop() {
  if ! pid=$(our_pid); then
    say "no dockerd started by make is running; nothing to stop"
    rm -f "$state/pid"
    return 0
  fi
  say "stopping dockerd $pid"
  kill -TERM "$pid"
  tries=0
  while [ -d "/proc/$pid" ]; do
    tries=$((tries + 1))
    [ "$tries" -gt 60 ] && die "dockerd $pid still runs 30 s after SIGTERM (log: $state/dockerd.log)"
    sleep 0.5
  done
  rm -f "$state/pid"
  ip link del "$bridge" 2>/dev/null || true
}

case ${1:-} in
  ensure)
    if [ -n "${DOCKER_HOST:-}" ]; then
      docker version >/dev/null 2>&1 || die "DOCKER_HOST=$DOCKER_HOST does not answer; unset it to use (or start) the daemon on $socket"
      exit 0
    fi
    answers || start
    ;;
  stop) stop ;;
  status)
    if answers; then
      if pid=$(our_pid); then echo "dockerd $pid on $socket (started by make)"; else echo "a dockerd answers on $socket (not started by make)"; fi
    else
      echo "no dockerd answers on $socket"
    fi
    ;;
  *) die "usage: dockerd.sh ensure|stop|status" ;;
esac
