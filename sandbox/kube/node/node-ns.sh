#!/bin/sh
# Makes the test node's mount namespace (docs/decisions/0181), persistent as DIR/mntns:
#   node-ns.sh DIR
# containerd, its shims, runc and the kubelet all run in it (nsenter --mount=DIR/mntns), so
# the volumes the kubelet mounts are the ones runc binds into containers, and every mount
# they make (overlay roots, volumes, /dev/shm, pod network namespaces) stays in there, with
# private propagation: the machine never sees them, and they all vanish with the namespace
# when the harness unmounts DIR/mntns. Inside, only for these daemons:
# - the six kernel tunables the kubelet insists on setting machine-wide at start-up
#   (vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1, ...) read from files
#   under DIR that hold the values it expects, so the machine's settings never change;
# - /var/lib and /var/log are folders under DIR: the kubelet's fixed paths
#   (/var/lib/kubelet/device-plugins, /var/log/containers) and the CNI result cache
#   (/var/lib/cni) land there instead of on the machine.
set -eu
[ $# -eq 1 ] || [ $# -eq 2 ] || {
  echo "usage: node-ns.sh DIR" >&2
  exit 2
}
dir=$1

if [ "${2:-}" != --inside ]; then
  : >"$dir/mntns"
  exec unshare --mount="$dir/mntns" --propagation private -- "$0" "$dir" --inside
fi

mkdir -p "$dir/kernel-tunables" "$dir/host/var-lib" "$dir/host/var-log"
for tunable in vm/overcommit_memory=1 vm/panic_on_oom=0 kernel/panic=10 kernel/panic_on_oops=1 \
  kernel/keys/root_maxkeys=1000000 kernel/keys/root_maxbytes=25000000; do
  path=${tunable%%=*}
  file=$dir/kernel-tunables/$(echo "$path" | tr / .)
  echo "${tunable#*=}" >"$file"
  mount --bind "$file" "/proc/sys/$path"
done
mount --bind "$dir/host/var-lib" /var/lib
mount --bind "$dir/host/var-log" /var/log
