#!/bin/sh
# Fails when the test suite left anything of ours on the machine: network namespaces,
# iptables lines tagged by this tool, processes of the CLI or of test daemons, qemu
# registrations in binfmt_misc.
set -eu
found=""
ns=$(ip netns list 2>/dev/null | awk '$1 ~ /^ehc-/ {print $1}' | tr '\n' ' ')
[ -n "$ns" ] && found="$found\n  network namespaces: $ns"
for save in iptables-save ip6tables-save iptables-legacy-save ip6tables-legacy-save; do
  command -v "$save" >/dev/null 2>&1 || continue
  n=$("$save" 2>/dev/null | grep -c 'ecs-http-chaos\|EHC-' || true)
  [ "${n:-0}" -gt 0 ] && found="$found\n  $n lines in $save of the root namespace"
done
# binfmt_misc registrations of ours (scripts/image/qemu.sh) whose process is gone.
for entry in /proc/sys/fs/binfmt_misc/ehc-qemu-*; do
  [ -e "$entry" ] || continue
  pid=${entry##*-}
  [ -d "/proc/$pid" ] || found="$found\n  binfmt_misc registration ${entry##*/} (process $pid is gone)"
done
procs=$(pgrep -f 'dist/cli/entry.js|ehc-dockerd|ehc-test' 2>/dev/null | tr '\n' ' ' || true)
[ -n "$procs" ] && found="$found\n  processes: $procs"
if [ -n "$found" ]; then
  printf 'leftovers after the tests:%b\n' "$found" >&2
  exit 1
fi
echo "leftovers: none"
