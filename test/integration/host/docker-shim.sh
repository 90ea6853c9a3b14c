#!/bin/sh
# `docker` for the host script in tests: logs each call to $EHC_SHIM_DIR/calls and runs the
# real client ($EHC_SHIM_DOCKER). EHC_SHIM_HOLD says where to stop: `before` the proxy's
# `docker run`; `after` it (the new proxy paused: started, not ready); `ready` in the
# `docker logs` that first shows the proxy's ready line, before the script sees it. A stop
# lasts until $EHC_SHIM_DIR/release exists (at most 60 s), so a test can SIGKILL the
# script's process group right there.
set -u
dir=${EHC_SHIM_DIR:?}
real=${EHC_SHIM_DOCKER:?}
printf '%s\n' "$*" >>"$dir/calls"
proxy=''
if [ "${1-}" = run ]; then
  for arg in "$@"; do
    [ "$arg" != io.ecs-http-chaos.role=proxy ] || proxy=1
  done
fi
hold() {
  : >"$dir/held-$1"
  i=0
  while [ ! -e "$dir/release" ] && [ $i -lt 600 ]; do
    sleep 0.1
    i=$((i + 1))
  done
}
case $proxy${EHC_SHIM_HOLD:-none} in
  1before)
    hold before
    exec "$real" "$@"
    ;;
  1after)
    out=$("$real" "$@")
    code=$?
    id=$(printf '%s\n' "$out" | tail -n 1)
    [ $code -ne 0 ] || "$real" pause "$id" >/dev/null
    printf '%s\n' "$id" >"$dir/proxy-id"
    hold after
    printf '%s\n' "$out"
    exit $code
    ;;
  ready)
    [ "${1-}" = logs ] || exec "$real" "$@"
    out=$("$real" "$@")
    code=$?
    case $out in *'{"event":"ready"'*) hold ready ;; esac
    printf '%s\n' "$out"
    exit $code
    ;;
  *) exec "$real" "$@" ;;
esac
