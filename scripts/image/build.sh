#!/bin/sh
# `make image` / `make image-arm64`: builds the Dockerfile on this machine.
#   build.sh [TAG [ARCH]]                 (default ecs-http-chaos:dev, this machine's arch)
# Environment: BASE_IMAGE (default node:24-bookworm-slim), LOCAL_BASE_IMAGE (default
# ecs-http-chaos:local-base), EXTRA_CA_CERTS_FILE (a PEM bundle for the npm stage;
# default the machine's bundle when present; empty to pass none).
# When BASE_IMAGE is neither present nor pullable (no registry), the base is made locally
# (local-base.sh) and the same Dockerfile is built on it.
# A foreign ARCH (arm64 here; docs/decisions/0170) runs only the runtime stage on that
# architecture, under qemu-user-static, on the local base of that architecture
# (LOCAL_BASE_IMAGE-ARCH); every other stage runs natively on the native base.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"
. "$root/scripts/image/lib.sh"

tag=${1:-ecs-http-chaos:dev}
native=$(dpkg --print-architecture)
arch=${2:-$native}
ca_file=${EXTRA_CA_CERTS_FILE-/etc/ssl/certs/ca-certificates.crt}

"$root/scripts/dockerd.sh" ensure
base=$(resolve_base)
target_base=$base
if [ "$arch" != "$native" ]; then
  target_base=${LOCAL_BASE_IMAGE:-ecs-http-chaos:local-base}-$arch
  "$root/scripts/image/local-base.sh" "$target_base" "$arch"
fi

# The bundle must sit inside the build context; .dockerignore lets only this folder in.
ca_dir=$root/.tmp/image/ca
rm -rf "$ca_dir"
ca_arg=""
if [ -n "$ca_file" ] && [ -f "$ca_file" ]; then
  mkdir -p "$ca_dir"
  cp "$ca_file" "$ca_dir/extra-ca.pem"
  ca_arg=.tmp/image/ca/extra-ca.pem
fi

binfmt_name=""
cleanup() {
  rm -rf "$ca_dir"
  [ -z "$binfmt_name" ] || "$root/scripts/image/qemu.sh" unregister "$binfmt_name"
}
trap cleanup EXIT
if [ "$arch" != "$native" ]; then
  binfmt_name=ehc-qemu-$arch-$$
  "$root/scripts/image/qemu.sh" register "$binfmt_name" "$(qemu_arch "$arch")"
fi

say "building $tag ($arch) on $target_base"
log=$root/.tmp/image/build${2:+-$arch}.log
mkdir -p "$(dirname "$log")"
# --network host: the daemon we start gives containers no way out (no NAT rules), and
# the build stages need the Debian mirror and the npm registry.
# No --platform, even for a foreign ARCH: the classic builder then refuses every COPY into
# a stage whose base is of another platform (the native stages). Without it, each stage
# keeps its base's platform, so the image is ARCH because its runtime base is.
if ! docker build --network host --force-rm \
  --build-arg "BASE_IMAGE=$target_base" --build-arg "BUILD_BASE_IMAGE=$base" \
  --build-arg "TARGETARCH=$arch" --build-arg "EXTRA_CA_CERTS=$ca_arg" \
  --build-arg "VERSION=$(package_version)" --build-arg "REVISION=$(source_revision)" \
  --build-arg "CREATED=$(source_time)" --build-arg "SOURCE=$(source_url)" \
  -t "$tag" "$root" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  die "docker build failed (full log: $log)"
fi
# The default build also carries the release reference, which is the run's default
# LIB_IMAGE (src/config/spec.ts), so a local `run` finds its proxy image without LIB_IMAGE.
if [ "$tag" = ecs-http-chaos:dev ]; then
  docker tag "$tag" "$(release_image)"
fi
size=$(docker image inspect --format '{{.Size}}' "$tag")
say "built $tag ($arch): $((size / 1000000)) MB ($size bytes) on $target_base"
