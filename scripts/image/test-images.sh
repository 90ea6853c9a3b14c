#!/bin/sh
# `make test-images`: the fixture images of the integration tests, on the daemon that
# `make image` used (the test harness loads them into its own daemons from there).
#   ehc-test/http-service:dev   the tasks' application (sandbox/images/http-service)
#   ehc-test/ecs-pause:dev      the awsvpc pause container: busybox-static, a few MB
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"
. "$root/scripts/image/lib.sh"

fixtures=$root/sandbox/images
"$root/scripts/dockerd.sh" ensure
base=$(resolve_base)

log=$root/.tmp/image/test-images.log
mkdir -p "$(dirname "$log")"
if ! docker build --force-rm --build-arg "BASE_IMAGE=$base" -t ehc-test/http-service:dev \
  "$fixtures/http-service" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  die "building ehc-test/http-service:dev failed (log: $log)"
fi

# The pause image is imported, not built: a root with busybox-static and the script.
inputs=$(cat /bin/busybox "$fixtures/ecs-pause/pause.sh" | sha256sum | cut -c1-16)
current=$(docker image inspect --format '{{index .Config.Labels "io.ecs-http-chaos.inputs"}}' \
  ehc-test/ecs-pause:dev 2>/dev/null || true)
if [ "$current" != "$inputs" ]; then
  [ -x /bin/busybox ] || "$root/scripts/deps.sh" debian busybox-static
  work=$(mktemp -d "${TMPDIR:-/tmp}/ehc-pause-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/bin"
  cp /bin/busybox "$work/bin/busybox"
  for applet in sh sleep; do ln -s busybox "$work/bin/$applet"; done
  install -m 0755 "$fixtures/ecs-pause/pause.sh" "$work/pause"
  tar --numeric-owner -C "$work" -cf - . | docker import \
    -c "LABEL io.ecs-http-chaos.inputs=$inputs" -c 'ENTRYPOINT ["/pause"]' - \
    ehc-test/ecs-pause:dev >/dev/null
fi
say "test images ready: ehc-test/http-service:dev ehc-test/ecs-pause:dev (base $base)"
