#!/bin/sh
# Removes the test daemons (sandbox/docker) and registries whose test process is
# gone: a run killed before its teardown leaves them, and scripts/leftovers.sh then fails.
# A daemon's folder is $TMPDIR/ehc-dockerd-<owner pid>-…; a live owner's are never touched.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/scripts/lib.sh"

tmp=${TMPDIR:-/tmp}

owner_alive() {
  owner=$(basename "$1" | sed -n 's/^ehc-dockerd-\([0-9]*\)-.*/\1/p; s/^ehc-test-registry-\([0-9]*\)-.*/\1/p')
  case $owner in '' | *[!0-9]*) return 0 ;; esac
  [ -d "/proc/$owner" ]
}

# Processes whose command line names the folder: the daemon, its containerd and shims.
processes_under() {
  for proc in /proc/[0-9]*; do
    if tr '\0' ' ' <"$proc/cmdline" 2>/dev/null | grep -qF "$1/"; then basename "$proc"; fi
  done
}

remove_dir() {
  dir=$1
  say "removing $dir (its test process is gone)"
  for pid in $(processes_under "$dir"); do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in $(processes_under "$dir"); do kill -KILL "$pid" 2>/dev/null || true; done
  awk -v dir="$dir/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r | while read -r point; do
    umount "$point" 2>/dev/null || umount -l "$point"
  done
  if [ -f "$dir/bridge" ]; then
    bridge=$(cat "$dir/bridge")
    case $bridge in ehc-br[0-9]*) ip link del "$bridge" 2>/dev/null || true ;; esac
  fi
  rm -rf "$dir"
}

found=0
for dir in "$tmp"/ehc-dockerd-* "$tmp"/ehc-test-registry-*; do
  [ -d "$dir" ] || continue
  owner_alive "$dir" && continue
  remove_dir "$dir"
  found=$((found + 1))
done
# qemu registrations (scripts/image/qemu.sh) named after a process that is gone.
for entry in /proc/sys/fs/binfmt_misc/ehc-qemu-*; do
  [ -e "$entry" ] || continue
  [ -d "/proc/${entry##*-}" ] && continue
  say "removing the binfmt_misc registration ${entry##*/} (its process is gone)"
  "$root/scripts/image/qemu.sh" unregister "${entry##*/}"
  found=$((found + 1))
done
say "removed $found abandoned test daemon(s)/registries/qemu registrations"
