#!/bin/sh
# Prints the path of a tool built into the machine-level cache and exits 0, or says what
# is missing on stderr and exits 1. It never builds: callers such as the demo use a tool
# only when `make tools` has already built it. A binary of a tool is named by itself:
#   scripts/tools/path.sh kube-apiserver   # /var/cache/ecs-http-chaos/tools/kube-apiserver-v1.37.2/kube-apiserver
#   scripts/tools/path.sh kubelet          # /var/cache/ecs-http-chaos/tools/kube-node-v1.37.2/kubelet
set -eu
# shellcheck source=scripts/tools/common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: path.sh TOOL|BINARY (tools: $TOOLS_KNOWN)"
tool=$(tool_of "$1")
dir=$(tool_dir "$tool")
if tool_reports_version "$tool" "$dir"; then
  if [ "$tool" = "$1" ]; then tool_binary "$tool"; else echo "$dir/$1"; fi
  exit 0
fi
say "$tool $(tool_version "$tool") is not built in $TOOLS_DIR (run: make tools)"
exit 1
