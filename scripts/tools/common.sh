# shellcheck shell=sh
# Shared by build.sh and path.sh (sourced, never executed): where each tool lives in the
# machine-level cache and how to tell that a cached binary is the pinned version.
tools_root=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$tools_root/scripts/lib.sh"
. "$tools_root/scripts/tools/versions.sh"

TOOLS_DIR=$ECS_HTTP_CHAOS_CACHE/tools
TOOLS_KNOWN='helm, kube-apiserver, etcd, toxiproxy, kube-node, containerd, cni-plugins, chaos-operator, chaos-runner'

# tool_version NAME: the pinned version of a tool, or an error naming the known tools.
tool_version() {
  case $1 in
    helm) echo "$HELM_VERSION" ;;
    kube-apiserver) echo "$KUBE_VERSION" ;;
    etcd) echo "$ETCD_VERSION" ;;
    toxiproxy) echo "$TOXIPROXY_VERSION" ;;
    kube-node) echo "$KUBE_NODE_VERSION" ;;
    containerd) echo "$CONTAINERD_VERSION" ;;
    cni-plugins) echo "$CNI_PLUGINS_VERSION" ;;
    chaos-operator) echo "$CHAOS_OPERATOR_VERSION" ;;
    chaos-runner) echo "$CHAOS_RUNNER_VERSION" ;;
    *) die "unknown tool '$1': expected one of $TOOLS_KNOWN (e.g. path.sh kube-apiserver)" ;;
  esac
}

# tool_files NAME: the binaries a tool consists of (one folder per tool and version).
tool_files() {
  case $1 in
    toxiproxy) echo toxiproxy-server ;;
    kube-node) echo kubelet kube-controller-manager kube-scheduler ;;
    containerd) echo containerd containerd-shim-runc-v2 ctr ;;
    cni-plugins) echo bridge host-local loopback ;;
    *) echo "$1" ;;
  esac
}

# tool_of BINARY: the tool a binary belongs to (kubelet -> kube-node), else the name itself.
tool_of() {
  case $1 in
    kubelet | kube-controller-manager | kube-scheduler) echo kube-node ;;
    containerd-shim-runc-v2 | ctr) echo containerd ;;
    bridge | host-local | loopback) echo cni-plugins ;;
    *) echo "$1" ;;
  esac
}

tool_dir() {
  version=$(tool_version "$1") || return 1
  echo "$TOOLS_DIR/$1-$version"
}

# tool_binary NAME: the absolute path of the tool's first binary in the cache.
tool_binary() {
  dir=$(tool_dir "$1") || return 1
  first=$(tool_files "$1")
  echo "$dir/${first%% *}"
}

# reported_version TOOL BINARY: what the binary says its version is (each tool has its own
# flag and wording; none needs a server to answer). The Litmus binaries print no version:
# their BUILD-INFO, written after a successful build, says which snapshot they came from.
reported_version() {
  case $1 in
    helm) "$2" version --template '{{.Version}}' 2>/dev/null ;;
    kube-apiserver | kube-node) "$2" --version 2>/dev/null | sed -n 's/^Kubernetes //p' ;;
    etcd) echo "v$("$2" --version 2>/dev/null | sed -n 's/^etcd Version: //p')" ;;
    toxiproxy) echo "v$("$2" -version 2>/dev/null | sed -n 's/.* version //p')" ;;
    containerd) "$2" --version 2>/dev/null | awk '{print $3}' ;;
    cni-plugins) "$2" 2>&1 </dev/null | sed -n 's/^CNI .* plugin //p' ;;
    chaos-operator | chaos-runner) sed -n 's/^version=//p' "$(dirname "$2")/BUILD-INFO" 2>/dev/null ;;
  esac
}

# tool_reports_version NAME DIR: true when every binary of the tool in DIR runs and prints
# the pinned version.
tool_reports_version() {
  version=$(tool_version "$1") || return 1
  for file in $(tool_files "$1"); do
    [ -x "$2/$file" ] || return 1
    case $file in containerd-shim-runc-v2 | ctr | host-local | loopback) continue ;; esac
    [ "$(reported_version "$1" "$2/$file")" = "$version" ] || return 1
  done
}
