#!/bin/sh
# `make image`: builds the Dockerfile on this machine.
#   build.sh [TAG]                        (default ecs-http-chaos:dev)
# Environment: BASE_IMAGE (default node:24-bookworm-slim), LOCAL_BASE_IMAGE (default
# ecs-http-chaos:local-base), EXTRA_CA_CERTS_FILE (a PEM bundle for the npm stage;
# default the machine's bundle when present; empty to pass none).
# When BASE_IMAGE is neither present nor pullable (no registry), the base is made locally
# (local-base.sh) and the same Dockerfile is built on it.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"
. "$root/scripts/image/lib.sh"

tag=${1:-ecs-http-chaos:dev}
ca_file=${EXTRA_CA_CERTS_FILE-/etc/ssl/certs/ca-certificates.crt}

"$root/scripts/dockerd.sh" ensure
base=$(resolve_base)

# The bundle must sit inside the build context; .dockerignore lets only this folder in.
ca_dir=$root/.tmp/image/ca
rm -rf "$ca_dir"
ca_arg=""
if [ -n "$ca_file" ] && [ -f "$ca_file" ]; then
  mkdir -p "$ca_dir"
  cp "$ca_file" "$ca_dir/extra-ca.pem"
  ca_arg=.tmp/image/ca/extra-ca.pem
fi

say "building $tag on $base"
log=$root/.tmp/image/build.log
mkdir -p "$(dirname "$log")"
# --network host: the daemon we start gives containers no way out (no NAT rules), and
# the build stages need the Debian mirror and the npm registry.
if ! docker build --network host --force-rm --build-arg "BASE_IMAGE=$base" \
  --build-arg "EXTRA_CA_CERTS=$ca_arg" -t "$tag" "$root" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  die "docker build failed (full log: $log)"
fi
rm -rf "$ca_dir"
# The default build also carries the release tag, which is the run's default LIB_IMAGE
# (src/config/spec.ts), so a local `run` finds its proxy image without LIB_IMAGE set.
if [ "$tag" = ecs-http-chaos:dev ]; then
  version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/package.json")
  docker tag "$tag" "ecs-http-chaos:$version"
fi
size=$(docker image inspect --format '{{.Size}}' "$tag")
say "built $tag: $((size / 1000000)) MB ($size bytes) on $base"
