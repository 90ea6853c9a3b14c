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
