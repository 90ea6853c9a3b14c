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
  # Packages such as docker.io and docker-registry start their service on install where
  # nothing forbids it; the tests start their own daemons (a stock dockerd would rewrite
  # the machine's iptables), so forbid it for the install when the machine does not.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy"
    # shellcheck disable=SC2064 # the path is fixed now, on purpose
    trap "rm -f '$policy'" EXIT
  fi
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null; then
    apt-get update >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null
  fi
  [ -n "$policy" ] && rm -f "$policy"
  return 0
}
