#!/bin/sh
# Runs foreign-architecture binaries through Debian's qemu-user-static, for the arm64 build
# and its tests (docs/decisions/0170).
#   qemu.sh register NAME ARCH    registers /usr/bin/qemu-ARCH-static for ARCH's ELF files
#   qemu.sh unregister NAME       removes that registration (nothing else)
#   qemu.sh list                  prints this project's registrations (ehc-qemu-*)
# Each user registers under its own NAME (`ehc-qemu-<arch>-<pid>`), so two builds or a build
# and a test never remove each other's; the kernel uses the newest matching entry. The
# flag F opens the interpreter now, so containers, whose root has no qemu, run it too.
# The magic and mask come from the package's own binfmt.d file: nothing is copied here.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$root/scripts/lib.sh"

binfmt=/proc/sys/fs/binfmt_misc

mounted() {
  [ -e "$binfmt/register" ]
}

ensure_mounted() {
  mounted && return 0
  # The machine's binfmt_misc is not mounted until someone asks for it (systemd would).
  mount -t binfmt_misc binfmt_misc "$binfmt" || die "cannot mount binfmt_misc on $binfmt: this kernel or sandbox refuses foreign binaries"
}

register() {
  name=${1:?NAME}
  arch=${2:?ARCH}
  case $name in ehc-qemu-*) ;; *) die "registration names start with ehc-qemu- (got $name)" ;; esac
  interpreter=/usr/bin/qemu-$arch-static
  conf=/usr/lib/binfmt.d/qemu-$arch.conf
  if [ ! -x "$interpreter" ] || [ ! -f "$conf" ]; then "$root/scripts/deps.sh" debian qemu-user-static; fi
  [ -f "$conf" ] || die "$conf is missing (qemu-user-static has no $arch emulator)"
  ensure_mounted
  [ -e "$binfmt/$name" ] && return 0
  magic=$(cut -d: -f5 "$conf")
  mask=$(cut -d: -f6 "$conf")
  printf ':%s:M::%s:%s:%s:F' "$name" "$magic" "$mask" "$interpreter" >"$binfmt/register" ||
    die "the kernel refused the binfmt_misc registration $name"
}

unregister() {
  name=${1:?NAME}
  case $name in ehc-qemu-*) ;; *) die "only ehc-qemu-* registrations are removed (got $name)" ;; esac
  if [ -e "$binfmt/$name" ]; then echo -1 >"$binfmt/$name"; fi
}

list() {
  mounted || return 0
  for entry in "$binfmt"/ehc-qemu-*; do
    [ -e "$entry" ] && basename "$entry"
  done
  return 0
}

case ${1:-} in
  register) register "${2:-}" "${3:-}" ;;
  unregister) unregister "${2:-}" ;;
  list) list ;;
  *) die "usage: qemu.sh register NAME ARCH | unregister NAME | list" ;;
esac
