#!/bin/sh
# Copies the non-TypeScript assets the CLI reads at run time (the host script) next to
# the compiled code, so dist/ is self-contained for the image. The host script's sources
# (src/host/sh) are not read at run time: only the script built from them travels.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$root/src"
find . -name '*.sh' ! -path './host/sh/*' | while read -r asset; do
  mkdir -p "$root/dist/$(dirname "$asset")"
  cp "$asset" "$root/dist/$asset"
done
