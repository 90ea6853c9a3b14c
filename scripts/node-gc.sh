#!/bin/sh
# Removes test Kubernetes nodes (sandbox/kube/node, docs/decisions/0181):
#   node-gc.sh DIR   the node in DIR, whatever state it is in (the harness's own teardown)
#   node-gc.sh       every node whose test process is gone (a run killed before teardown)
# A node is a folder $TMPDIR/ehc-node-<owner pid>-…, holding `index` N; its network
# namespace is ehc-node<N> (with the veth ehc-node<N> on the machine's side) and its
# cgroups are /ehc-node<N> in every cgroup hierarchy. The kubelet stops first: only then are
# its volumes unmounted; the containers (every process in the node's cgroups) are killed
# before their mounts go.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/scripts/lib.sh"

tmp=${TMPDIR:-/tmp}

owner_alive() {
  owner=$(basename "$1" | sed -n 's/^ehc-node-\([0-9]*\)-.*/\1/p')
  case $owner in '' | *[!0-9]*) return 0 ;; esac
  [ -d "/proc/$owner" ]
}

# Processes whose command line names the folder: the daemons, containerd's shims. The
# bracket keeps grep's own command line from matching.
processes_under() { # DIR [PATTERN]
  grep -lsa "$1[/]" /proc/[0-9]*/cmdline 2>/dev/null | while read -r file; do
    [ -z "${2:-}" ] || grep -qsaF "$2" "$file" || continue
    pid=${file#/proc/}
    echo "${pid%/cmdline}"
  done
}

stop_processes() { # DIR [PATTERN]
  pids=$(processes_under "$@")
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086 # one pid per word
  kill -TERM $pids 2>/dev/null || true
  i=0
  while [ "$i" -lt 50 ] && [ -n "$(processes_under "$@")" ]; do
    sleep 0.2
    i=$((i + 1))
  done
  pids=$(processes_under "$@")
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}

# Every process of the node's containers, found through its cgroups, then the cgroups.
remove_cgroups() { # N
  for group in /sys/fs/cgroup/"ehc-node$1" /sys/fs/cgroup/*/"ehc-node$1"; do
    [ -d "$group" ] || continue
    find "$group" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r pid; do
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
  sleep 0.5
  for group in /sys/fs/cgroup/"ehc-node$1" /sys/fs/cgroup/*/"ehc-node$1"; do
    [ -d "$group" ] || continue
    find "$group" -depth -type d -exec rmdir {} + 2>/dev/null || say "could not remove every cgroup under $group"
  done
}

unmount_under() { # DIR
  awk -v dir="$1" '$2 == dir || index($2, dir "/") == 1 {print $2}' /proc/mounts | sort -r | while read -r point; do
    umount "$point" 2>/dev/null || umount -l "$point" 2>/dev/null || say "could not unmount $point"
  done
}

remove_node() { # DIR
  dir=$1
  index=$(cat "$dir/index" 2>/dev/null || true)
  stop_processes "$dir" kubelet
  stop_processes "$dir"
  case $index in '' | *[!0-9]*) ;; *) remove_cgroups "$index" ;; esac
  stop_processes "$dir"
  unmount_under "$dir"
  case $index in
    '' | *[!0-9]*) ;;
    *)
      ip netns del "ehc-node$index" 2>/dev/null || true
      ip link del "ehc-node$index" 2>/dev/null || true
      ;;
  esac
  rm -rf "$dir"
}

if [ $# -eq 1 ]; then
  case $(basename "$1") in ehc-node-*) ;; *) die "not a test node folder: $1 (expected …/ehc-node-<pid>-…)" ;; esac
  remove_node "${1%/}"
  exit 0
fi
found=0
for dir in "$tmp"/ehc-node-*; do
  [ -d "$dir" ] || continue
  owner_alive "$dir" && continue
  say "removing the test node in $dir (its test process is gone)"
  remove_node "$dir"
  found=$((found + 1))
done
say "removed $found abandoned test node(s)"
