#!/bin/sh
# Prints the path of a tool built into the machine-level cache and exits 0, or says what
# is missing on stderr and exits 1. It never builds: callers such as the demo use a tool
# only when `make tools` has already built it.
#   scripts/tools/path.sh kube-apiserver   # /var/cache/ecs-http-chaos/tools/kube-apiserver-v1.37.2/kube-apiserver
set -eu
# shellcheck source=scripts/tools/common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] || die "usage: path.sh TOOL (one of helm, kube-apiserver, etcd, toxiproxy)"
binary=$(tool_binary "$1")
if tool_reports_version "$1" "$binary"; then
  echo "$binary"
  exit 0
fi
say "$1 $(tool_version "$1") is not built in $TOOLS_DIR (run: make tools)"
exit 1
