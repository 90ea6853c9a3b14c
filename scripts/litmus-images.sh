#!/bin/sh
# `make litmus-images`: the Litmus chaos-operator and chaos-runner as local images
# (docs/decisions/0182), from the binaries `make tools` built, on the base the product
# image uses (scripts/image/lib.sh: the official Node image when present, else the local
# stand-in). Tags carry the pinned commits:
#   ehc-test/chaos-operator:<CHAOS_OPERATOR_VERSION>  ehc-test/chaos-runner:<CHAOS_RUNNER_VERSION>
# Warm runs cost one `docker image inspect` each: the image carries a hash of its inputs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/scripts/lib.sh"
. "$root/scripts/image/lib.sh"
. "$root/scripts/tools/versions.sh"

"$root/scripts/dockerd.sh" ensure
base=$(resolve_base)
base_id=$(docker image inspect --format '{{.Id}}' "$base")

build() { # NAME VERSION
  tag=ehc-test/$1:$2
  binary=$("$root/scripts/tools/path.sh" "$1") || die "$1 is not built: run make tool-litmus"
  context=$root/sandbox/images/$1
  inputs=$( (cat "$binary" "$context/Dockerfile" && echo "$base_id") | sha256sum | cut -c1-16)
  current=$(docker image inspect --format '{{index .Config.Labels "io.ecs-http-chaos.inputs"}}' "$tag" 2>/dev/null || true)
  if [ "$current" = "$inputs" ]; then
    say "$tag is up to date (inputs $inputs)"
    return 0
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/ehc-litmus-image-XXXXXX")
  cp "$context/Dockerfile" "$binary" "$work/"
  log=$root/.tmp/image/$1.log
  mkdir -p "$(dirname "$log")"
  if ! docker build --force-rm --build-arg "BASE_IMAGE=$base" --label "io.ecs-http-chaos.inputs=$inputs" \
    -t "$tag" "$work" >"$log" 2>&1; then
    rm -rf "$work"
    tail -n 20 "$log" >&2
    die "building $tag failed (log: $log)"
  fi
  rm -rf "$work"
  say "built $tag on $base"
}

build chaos-operator "$CHAOS_OPERATOR_VERSION"
build chaos-runner "$CHAOS_RUNNER_VERSION"
