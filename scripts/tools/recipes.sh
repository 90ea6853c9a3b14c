# shellcheck shell=sh disable=SC2154 # tools_root comes from common.sh, sourced first
# How each tool is built (sourced by build.sh, never executed). Every function takes
# WORKDIR (a fresh folder for throwaway modules and sources) and OUT (the folder that
# becomes $TOOLS_DIR/<name>-<version> once the binaries report the pinned version).

# Builds run at low priority: the machine has 2 cores and tests may be running.
gobuild() { nice -n 15 go "$@"; }

build_helm() { # WORKDIR OUT
  major=${HELM_VERSION%%.*}
  GOBIN=$2 gobuild install \
    -ldflags "-s -w -X helm.sh/helm/$major/internal/version.version=$HELM_VERSION -X helm.sh/helm/$major/internal/version.gitTreeState=clean" \
    "helm.sh/helm/$major/cmd/helm@$HELM_VERSION"
}

build_toxiproxy() { # WORKDIR OUT
  GOBIN=$1/bin gobuild install \
    -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION#v}" \
    "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION"
  mv "$1/bin/server" "$2/toxiproxy-server"
}

# etcd's server module is itself the main package, but its go.mod replaces its sibling
# modules with local folders, so `go install` refuses it: build it from a module that
# only requires it.
build_etcd() { # WORKDIR OUT
  printf 'module ehc.invalid/build/etcd\n\ngo %s.0\n' "$TOOLS_GO_MINIMUM" >"$1/go.mod"
  (cd "$1" && gobuild get "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  (cd "$1" && gobuild build -ldflags '-s -w' -o "$2/etcd" go.etcd.io/etcd/server/v3)
}

# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/apiserver, ...) with
# local folders; the published v0.<minor>.<patch> of each stands in for them. Writes the
# throwaway module into WORKDIR.
kube_wrapper_module() { # WORKDIR NAME
  kube_gomod=$(cd "$1" && go list -m -f '{{.GoMod}}' "k8s.io/kubernetes@$KUBE_VERSION")
  staging=$(awk '/=> \.\/staging\/src\/k8s\.io\// { for (i = 2; i <= NF; i++) if ($i == "=>") print $(i - 1) }' "$kube_gomod")
  [ -n "$staging" ] || die "found no staging replace in $kube_gomod: the Kubernetes recipe needs updating"
  staging_version=v0.${KUBE_VERSION#v1.}
  {
    printf 'module ehc.invalid/build/%s\n\ngo %s.0\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$2" "$TOOLS_GO_MINIMUM" "$KUBE_VERSION"
    for module in $staging; do printf '\t%s => %s %s\n' "$module" "$module" "$staging_version"; done
    printf ')\n'
  } >"$1/go.mod"
}

# The version every Kubernetes binary reports (--version), made exact at link time.
kube_ldflags() {
  minor=${KUBE_VERSION#v1.}
  minor=${minor%%.*}
  echo "-s -w \
    -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION \
    -X k8s.io/component-base/version.gitMajor=1 \
    -X k8s.io/component-base/version.gitMinor=$minor \
    -X k8s.io/component-base/version.gitTreeState=clean \
    -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION \
    -X k8s.io/client-go/pkg/version.gitMajor=1 \
    -X k8s.io/client-go/pkg/version.gitMinor=$minor"
}

build_kube_apiserver() { # WORKDIR OUT
  kube_wrapper_module "$1" kube-apiserver
  (cd "$1" && gobuild get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_VERSION")
  (cd "$1" && gobuild build -o "$2/kube-apiserver" -ldflags "$(kube_ldflags)" k8s.io/kubernetes/cmd/kube-apiserver)
}

# The node's three binaries in one `go build`: their shared packages compile once (and
# most of them are already in the build cache from kube-apiserver).
build_kube_node() { # WORKDIR OUT
  kube_wrapper_module "$1" kube-node
  (cd "$1" && gobuild get "k8s.io/kubernetes/cmd/kubelet@$KUBE_NODE_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@$KUBE_NODE_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@$KUBE_NODE_VERSION")
  (cd "$1" && gobuild build -o "$2/" -ldflags "$(kube_ldflags)" k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
}

# containerd's go.mod has no replace directives: `go install` works. Without cgo the
# btrfs snapshotter drops out by its build constraint; the node uses overlayfs.
build_containerd() { # WORKDIR OUT
  module=github.com/containerd/containerd/v2
  GOBIN=$2 gobuild install \
    -ldflags "-s -w -X $module/version.Version=$CONTAINERD_VERSION -X $module/version.Revision=module-proxy" \
    "$module/cmd/containerd@$CONTAINERD_VERSION" \
    "$module/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION" \
    "$module/cmd/ctr@$CONTAINERD_VERSION"
}

build_cni_plugins() { # WORKDIR OUT
  module=github.com/containernetworking/plugins
  GOBIN=$2 gobuild install \
    -ldflags "-s -w -X $module/pkg/utils/buildversion.BuildVersion=$CNI_PLUGINS_VERSION" \
    "$module/plugins/main/bridge@$CNI_PLUGINS_VERSION" \
    "$module/plugins/ipam/host-local@$CNI_PLUGINS_VERSION" \
    "$module/plugins/main/loopback@$CNI_PLUGINS_VERSION"
}

# The Litmus snapshots are shared data beside the clone (never copied into it):
# EHC_LITMUS_SOURCES_DIR, else shared/third-party/litmuschaos beside the clone or beside
# the worktrees' parent. SOURCE.md there must name the pinned commit.
litmus_source() { # FOLDER COMMIT
  for dir in "${EHC_LITMUS_SOURCES_DIR:-}" "$tools_root/../shared/third-party/litmuschaos" \
    "$tools_root/../../shared/third-party/litmuschaos"; do
    if [ -z "$dir" ] || [ ! -f "$dir/$1/go.mod" ]; then continue; fi
    grep -q "| $2 " "$dir/SOURCE.md" || die "$dir/SOURCE.md does not name $1 at $2: update scripts/tools/versions.sh with the snapshot"
    echo "$dir/$1"
    return 0
  done
  die "the Litmus sources ($1) were not found: set EHC_LITMUS_SOURCES_DIR to the folder holding SOURCE.md"
}

# Each snapshot is its own main module whose dependencies the proxy serves at the pinned
# versions; it is built from a writable copy (go may complete go.sum).
build_litmus() { # WORKDIR OUT FOLDER COMMIT PACKAGE BINARY
  source=$(litmus_source "$3" "$4")
  cp -R "$source" "$1/src"
  (cd "$1/src" && GOFLAGS="$GOFLAGS -mod=mod" gobuild build -ldflags '-s -w' -o "$2/$6" "$5")
}

build_chaos_operator() { # WORKDIR OUT
  build_litmus "$1" "$2" chaos-operator "$CHAOS_OPERATOR_VERSION" . chaos-operator
}

build_chaos_runner() { # WORKDIR OUT
  build_litmus "$1" "$2" chaos-runner "$CHAOS_RUNNER_VERSION" ./bin chaos-runner
}
