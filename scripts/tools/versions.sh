# shellcheck shell=sh disable=SC2034 # the variables are read by the scripts that source this file
# Pinned versions of the third-party tools the tests build from their Go modules
# (docs/decisions/0030, 0181). Change a version here and nowhere else: the cache folder name
# carries it, so a bump builds the new version next to the old one.

HELM_VERSION=v4.3.1
KUBE_VERSION=v1.37.2
ETCD_VERSION=v3.7.3
TOXIPROXY_VERSION=v2.12.0

# The test node (docs/decisions/0181): kubelet, kube-controller-manager and kube-scheduler
# from the same k8s.io/kubernetes wrapper module as kube-apiserver, so they are the
# apiserver's version (no skew); containerd v2 and the CNI plugins from their own modules.
KUBE_NODE_VERSION=$KUBE_VERSION
CONTAINERD_VERSION=v2.4.2
CNI_PLUGINS_VERSION=v1.10.0

# The Litmus control plane, built from the snapshots in shared/third-party/litmuschaos
# (their SOURCE.md names these commits; the module proxy does not serve the two modules).
CHAOS_OPERATOR_VERSION=af8244e5
CHAOS_RUNNER_VERSION=173b5ff

# The Go release every module above accepts (their go.mod say go 1.26.0 at most 1.26.8).
TOOLS_GO_MINIMUM=1.26
