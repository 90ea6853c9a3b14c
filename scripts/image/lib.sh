# shellcheck shell=sh
# Shared by the image scripts (sourced after scripts/lib.sh).

# The classic builder: the docker client first on PATH may be newer than Debian's daemon
# and default to BuildKit, which that daemon lacks.
DOCKER_BUILDKIT=0
export DOCKER_BUILDKIT

# Prints the base image to build on: BASE_IMAGE when present or pullable, else the local
# stand-in (made or refreshed by local-base.sh).
resolve_base() {
  base=${BASE_IMAGE:-node:24-bookworm-slim}
  local_base=${LOCAL_BASE_IMAGE:-ecs-http-chaos:local-base}
  if docker image inspect "$base" >/dev/null 2>&1; then
    say "base image $base is present"
  elif timeout 300 docker pull "$base" >/dev/null 2>&1; then
    say "pulled base image $base"
  else
    say "cannot pull $base (no registry reachable): using $local_base"
    # shellcheck disable=SC2154 # root: set by the script that sources this file
    "$root/scripts/image/local-base.sh" "$local_base" || return 1
    base=$local_base
  fi
  printf '%s\n' "$base"
}

# qemu's name of a Debian architecture (qemu-user-static: /usr/bin/qemu-NAME-static).
qemu_arch() {
  case $1 in
    arm64) echo aarch64 ;;
    amd64) echo x86_64 ;;
    *) echo "$1" ;;
  esac
}

# package.json is the one source of the version, the published image and the source URL
# (docs/decisions/0171); node is on PATH under make (the pinned one).
package_field() {
  # shellcheck disable=SC2154 # root: set by the script that sources this file
  node -p "const p = require('$root/package.json'); String($1)"
}
package_version() { package_field p.version; }
source_url() { package_field p.repository.url; }
# The fully qualified reference that LIB_IMAGE defaults to: image:version.
release_image() { package_field "p.config.image + ':' + p.version"; }

# The commit the image is built from, `-dirty` when the work tree differs from it.
source_revision() {
  rev=$(git -C "$root" rev-parse HEAD 2>/dev/null) || {
    echo unknown
    return 0
  }
  if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    rev=$rev-dirty
  fi
  echo "$rev"
}

# The commit's time (RFC 3339): reproducible, unlike the build's clock.
source_time() {
  git -C "$root" log -1 --format=%cI 2>/dev/null || true
}
