#!/bin/sh
# `make image-multiarch`: one tag for linux/amd64 and linux/arm64 (docs/decisions/0170).
#   multiarch.sh REF AMD64_IMAGE ARM64_IMAGE
# Pushes each local image as REF-<arch>, then the manifest list REF naming both, to REF's
# registry (a loopback one is spoken to over plain HTTP). Prints each architecture's size.
# The local REF-<arch> tags are removed again; the images themselves stay.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"

ref=${1:?usage: multiarch.sh REF AMD64_IMAGE ARM64_IMAGE}
amd64=${2:?usage: multiarch.sh REF AMD64_IMAGE ARM64_IMAGE}
arm64=${3:?usage: multiarch.sh REF AMD64_IMAGE ARM64_IMAGE}
case $ref in
  127.* | localhost[:/]* | \[::1\]*) insecure=--insecure ;;
  *) insecure="" ;;
esac

# The manifest list is assembled in the client's store: a private one, with the caller's
# registry credentials, so concurrent runs never see each other's half-made lists.
config=$(mktemp -d "${TMPDIR:-/tmp}/ehc-manifest-XXXXXX")
trap 'rm -rf "$config"' EXIT
[ ! -f "${DOCKER_CONFIG:-$HOME/.docker}/config.json" ] || cp "${DOCKER_CONFIG:-$HOME/.docker}/config.json" "$config/"

push_one() {
  arch=$1
  image=$2
  found=$(docker image inspect --format '{{.Os}}/{{.Architecture}}' "$image" 2>/dev/null) ||
    die "$image is not on this daemon (make image${arch#amd64} builds it)"
  [ "$found" = "linux/$arch" ] || die "$image is $found, not linux/$arch"
  docker tag "$image" "$ref-$arch"
  say "pushing $ref-$arch"
  pushed=0
  docker push "$ref-$arch" >/dev/null || pushed=$?
  docker rmi "$ref-$arch" >/dev/null
  [ "$pushed" -eq 0 ] || die "pushing $ref-$arch failed"
}

push_one amd64 "$amd64"
push_one arm64 "$arm64"
say "pushing the manifest list $ref"
# shellcheck disable=SC2086 # insecure: one flag or nothing
DOCKER_CONFIG=$config docker manifest create $insecure "$ref" "$ref-amd64" "$ref-arm64" >/dev/null
# shellcheck disable=SC2086
digest=$(DOCKER_CONFIG=$config docker manifest push $insecure --purge "$ref")
say "$ref is $digest"
# shellcheck disable=SC2086,SC2016 # the JavaScript's template literals are not shell
DOCKER_CONFIG=$config docker manifest inspect $insecure --verbose "$ref" | node -e '
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => {
    for (const one of JSON.parse(text)) {
      const layers = one.SchemaV2Manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
      const { os, architecture } = one.Descriptor.platform;
      console.log(`${os}/${architecture}: ${one.Descriptor.digest}, ${(layers / 1e6).toFixed(1)} MB compressed`);
    }
  });'
for pair in "amd64 $amd64" "arm64 $arm64"; do
  size=$(docker image inspect --format '{{.Size}}' "${pair#* }")
  echo "linux/${pair%% *}: $((size / 1000000)) MB ($size bytes) unpacked (${pair#* })"
done
