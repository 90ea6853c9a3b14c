# shellcheck shell=sh
# Shared helpers for the project's developer scripts (sourced, never executed).

ECS_HTTP_CHAOS_CACHE=${ECS_HTTP_CHAOS_CACHE:-/var/cache/ecs-http-chaos}
export ECS_HTTP_CHAOS_CACHE

say() { printf '%s\n' "[$(basename "$0")] $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# Installs the Debian packages that are missing; refreshes the package lists only when an
# install fails (a fresh machine may have stale lists).
ensure_debian_packages() {
  missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  say "installing Debian packages:$missing"
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null; then
    apt-get update >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null
  fi
}
