#!/bin/sh
# Builds the pinned third-party tools from their Go modules into the machine-level cache,
# $ECS_HTTP_CHAOS_CACHE/tools/<name>-<version>/, with GOPATH, GOMODCACHE and GOCACHE under
# the same cache, so a fresh clone on a warm machine builds nothing (docs/decisions/0030).
#   scripts/tools/build.sh helm kube-apiserver etcd toxiproxy
# A tool whose cached binary reports the pinned version is skipped. The throwaway modules
# that kube-apiserver and etcd need are generated under $ECS_HTTP_CHAOS_CACHE/tools/build/.
set -eu
# shellcheck source=scripts/tools/common.sh
. "$(dirname "$0")/common.sh"

setup_go() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH: building the test tools needs Go >= $TOOLS_GO_MINIMUM (Debian: /usr/local/go/bin)"
  have=$(go env GOVERSION | sed 's/^go//')
  lowest=$(printf '%s\n%s\n' "$TOOLS_GO_MINIMUM" "$have" | sort -V | head -n 1)
  [ "$lowest" = "$TOOLS_GO_MINIMUM" ] || die "go $have is too old: the pinned tools need Go >= $TOOLS_GO_MINIMUM"
  GOPATH=$ECS_HTTP_CHAOS_CACHE/go
  GOMODCACHE=$GOPATH/mod
  GOCACHE=$GOPATH/build-cache
  # Local toolchain only: every pinned module accepts the machine's Go, and a toolchain
  # switch would be a silent 76 MB download in the middle of a test run.
  GOTOOLCHAIN=local
  CGO_ENABLED=0
  GOFLAGS='-trimpath -buildvcs=false'
  export GOPATH GOMODCACHE GOCACHE GOTOOLCHAIN CGO_ENABLED GOFLAGS
  unset GOBIN GOWORK
}

# Builds run at low priority: the machine has 2 cores and tests may be running.
gobuild() { nice -n 15 go "$@"; }

build_helm() { # WORKDIR OUTPUT
  major=${HELM_VERSION%%.*}
  GOBIN=$1/bin gobuild install \
    -ldflags "-s -w -X helm.sh/helm/$major/internal/version.version=$HELM_VERSION -X helm.sh/helm/$major/internal/version.gitTreeState=clean" \
    "helm.sh/helm/$major/cmd/helm@$HELM_VERSION"
  mv "$1/bin/helm" "$2"
}

build_toxiproxy() { # WORKDIR OUTPUT
  GOBIN=$1/bin gobuild install \
    -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION#v}" \
    "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION"
  mv "$1/bin/server" "$2"
}

# etcd's server module is itself the main package, but its go.mod replaces its sibling
# modules with local folders, so `go install` refuses it: build it from a module that
# only requires it.
build_etcd() { # WORKDIR OUTPUT
  printf 'module ehc.invalid/build/etcd\n\ngo %s.0\n' "$TOOLS_GO_MINIMUM" >"$1/go.mod"
  (cd "$1" && gobuild get "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  (cd "$1" && gobuild build -ldflags '-s -w' -o "$2" go.etcd.io/etcd/server/v3)
}

# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/apiserver, ...) with
# local folders; the published v0.<minor>.<patch> of each stands in for them.
build_kube_apiserver() { # WORKDIR OUTPUT
  kube_gomod=$(cd "$1" && go list -m -f '{{.GoMod}}' "k8s.io/kubernetes@$KUBE_VERSION")
  staging=$(awk '/=> \.\/staging\/src\/k8s\.io\// { for (i = 2; i <= NF; i++) if ($i == "=>") print $(i - 1) }' "$kube_gomod")
  [ -n "$staging" ] || die "found no staging replace in $kube_gomod: the kube-apiserver recipe needs updating"
  staging_version=v0.${KUBE_VERSION#v1.}
  {
    printf 'module ehc.invalid/build/kube-apiserver\n\ngo %s.0\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$TOOLS_GO_MINIMUM" "$KUBE_VERSION"
    for module in $staging; do printf '\t%s => %s %s\n' "$module" "$module" "$staging_version"; done
    printf ')\n'
  } >"$1/go.mod"
  minor=${KUBE_VERSION#v1.}
  minor=${minor%%.*}
  (cd "$1" && gobuild get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_VERSION")
  (cd "$1" && gobuild build -o "$2" -ldflags "-s -w \
    -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION \
    -X k8s.io/component-base/version.gitMajor=1 \
    -X k8s.io/component-base/version.gitMinor=$minor \
    -X k8s.io/component-base/version.gitTreeState=clean \
    -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION \
    -X k8s.io/client-go/pkg/version.gitMajor=1 \
    -X k8s.io/client-go/pkg/version.gitMinor=$minor" \
    k8s.io/kubernetes/cmd/kube-apiserver)
}

build_tool() { # NAME
  name=$1
  version=$(tool_version "$name")
  binary=$(tool_binary "$name")
  if tool_reports_version "$name" "$binary"; then
    say "$name $version: cached ($binary)"
    return 0
  fi
  mkdir -p "$TOOLS_DIR/build"
  # One builder per tool at a time (CI and a developer may share the machine).
  exec 9>"$TOOLS_DIR/.lock-$name"
  flock 9
  if tool_reports_version "$name" "$binary"; then
    say "$name $version: built meanwhile by another process ($binary)"
    return 0
  fi
  work=$TOOLS_DIR/build/$name-$version
  rm -rf "$work"
  mkdir -p "$work"
  fresh=$work/out/$(basename "$binary")
  mkdir -p "$work/out"
  say "building $name $version from its Go module (log: $work/build.log)"
  started=$(date +%s)
  if ! "build_$(echo "$name" | tr - _)" "$work" "$fresh" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "building $name $version failed; the full log is $work/build.log"
  fi
  tool_reports_version "$name" "$fresh" || die "the $name just built ($fresh) does not report version $version"
  seconds=$(($(date +%s) - started))
  bytes=$(wc -c <"$fresh" | tr -d ' ')
  rm -rf "$(dirname "$binary")"
  mkdir -p "$(dirname "$binary")"
  mv "$fresh" "$binary"
  printf 'name=%s\nversion=%s\ngo=%s\nseconds=%s\nbytes=%s\nbuilt=%s\n' \
    "$name" "$version" "$(go env GOVERSION)" "$seconds" "$bytes" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    >"$(dirname "$binary")/BUILD-INFO"
  say "built $name $version in ${seconds}s ($((bytes / 1048576)) MiB): $binary"
  exec 9>&-
}

[ $# -gt 0 ] || die "usage: build.sh TOOL... (helm, kube-apiserver, etcd, toxiproxy)"
for tool in "$@"; do tool_version "$tool" >/dev/null; done
setup_go
for tool in "$@"; do build_tool "$tool"; done
