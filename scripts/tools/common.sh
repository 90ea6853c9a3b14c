# shellcheck shell=sh
# Shared by build.sh and path.sh (sourced, never executed): where each tool lives in the
# machine-level cache and how to tell that a cached binary is the pinned version.
tools_root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$tools_root/scripts/lib.sh"
. "$tools_root/scripts/tools/versions.sh"

TOOLS_DIR=$ECS_HTTP_CHAOS_CACHE/tools

# tool_version NAME: the pinned version of a tool, or an error naming the known tools.
tool_version() {
  case $1 in
    helm) echo "$HELM_VERSION" ;;
    kube-apiserver) echo "$KUBE_VERSION" ;;
    etcd) echo "$ETCD_VERSION" ;;
    toxiproxy) echo "$TOXIPROXY_VERSION" ;;
    *) die "unknown tool '$1': expected one of helm, kube-apiserver, etcd, toxiproxy (e.g. path.sh kube-apiserver)" ;;
  esac
}

# tool_binary NAME: the absolute path the binary of the pinned version has in the cache.
tool_binary() {
  version=$(tool_version "$1") || return 1
  case $1 in
    toxiproxy) file=toxiproxy-server ;;
    *) file=$1 ;;
  esac
  echo "$TOOLS_DIR/$1-$version/$file"
}

# tool_reports_version NAME BINARY: true when BINARY runs and prints the pinned version
# (each tool has its own flag and wording; none of them needs a server to answer).
tool_reports_version() {
  version=$(tool_version "$1") || return 1
  [ -x "$2" ] || return 1
  case $1 in
    helm) reported=$("$2" version --template '{{.Version}}' 2>/dev/null) ;;
    kube-apiserver) reported=$("$2" --version 2>/dev/null | sed -n 's/^Kubernetes //p') ;;
    etcd) reported=v$("$2" --version 2>/dev/null | sed -n 's/^etcd Version: //p') ;;
    toxiproxy) reported=v$("$2" -version 2>/dev/null | sed -n 's/.* version //p') ;;
  esac
  [ "$reported" = "$version" ]
}
