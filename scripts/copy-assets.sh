#!/bin/sh
# Copies the non-TypeScript assets the CLI reads at run time (the host script) next to
# the compiled code, so dist/ is self-contained for the image.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$root/src"
find . -name '*.sh' | while read -r asset; do
  mkdir -p "$root/dist/$(dirname "$asset")"
  cp "$asset" "$root/dist/$asset"
done
