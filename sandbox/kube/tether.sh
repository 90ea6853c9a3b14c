#!/bin/sh
# Runs a test daemon (etcd, kube-apiserver) only for as long as the test process lives:
#   tether.sh PARENT_PID COMMAND [ARG...]
# If the test runner dies without its teardown (SIGKILL, a crash), the daemon is stopped
# within about a second instead of lingering on the shared machine. SIGTERM/SIGINT are
# passed on; the exit status is the daemon's.
set -u
[ $# -ge 2 ] || {
  echo "usage: tether.sh PARENT_PID COMMAND [ARG...]" >&2
  exit 2
}
parent=$1
shift
"$@" &
child=$!

stop_child() {
  kill -TERM "$child" 2>/dev/null
  # Bounded: a daemon that ignores SIGTERM for 10 s is killed.
  i=0
  while kill -0 "$child" 2>/dev/null && [ "$i" -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -KILL "$child" 2>/dev/null
  wait "$child"
  exit 143
}
trap stop_child TERM INT HUP

while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do
  sleep 1 &
  wait $!
done
kill -0 "$child" 2>/dev/null && stop_child
wait "$child"
