#!/bin/sh
# Builds the pinned third-party tools from their Go modules into the machine-level cache,
# $ECS_HTTP_CHAOS_CACHE/tools/<name>-<version>/, with GOPATH, GOMODCACHE and GOCACHE under
# the same cache, so a fresh clone on a warm machine builds nothing (docs/decisions/0030,
# 0181).
#   scripts/tools/build.sh helm kube-apiserver etcd toxiproxy     # one after the other
#   scripts/tools/build.sh --parallel kube-apiserver,kube-node containerd,cni-plugins
# With --parallel each argument is a chain built in order (a later tool reuses what the
# earlier one compiled), and the chains run side by side: downloads and the single-threaded
# links of one chain overlap the compiles of another. A tool whose cached binaries report
# the pinned version is skipped. The throwaway modules live under $TOOLS_DIR/build/.
set -eu
# shellcheck source=scripts/tools/common.sh
. "$(dirname "$0")/common.sh"
# shellcheck source=scripts/tools/recipes.sh
. "$(dirname "$0")/recipes.sh"

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

build_tool() { # NAME
  name=$1
  version=$(tool_version "$name")
  dir=$(tool_dir "$name")
  if tool_reports_version "$name" "$dir"; then
    say "$name $version: cached ($dir)"
    return 0
  fi
  mkdir -p "$TOOLS_DIR/build"
  # One builder per tool at a time (CI and a developer may share the machine).
  exec 9>"$TOOLS_DIR/.lock-$name"
  flock 9
  if tool_reports_version "$name" "$dir"; then
    say "$name $version: built meanwhile by another process ($dir)"
    exec 9>&-
    return 0
  fi
  work=$TOOLS_DIR/build/$name-$version
  rm -rf "$work"
  mkdir -p "$work/out"
  say "building $name $version from its Go module (log: $work/build.log)"
  started=$(date +%s)
  if ! "build_$(echo "$name" | tr - _)" "$work" "$work/out" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "building $name $version failed; the full log is $work/build.log"
  fi
  seconds=$(($(date +%s) - started))
  bytes=$(du -cb "$work/out" | tail -n 1 | cut -f 1)
  printf 'name=%s\nversion=%s\ngo=%s\nseconds=%s\nbytes=%s\nbuilt=%s\n' \
    "$name" "$version" "$(go env GOVERSION)" "$seconds" "$bytes" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    >"$work/out/BUILD-INFO"
  tool_reports_version "$name" "$work/out" || die "the $name just built ($work/out) does not report version $version"
  rm -rf "$dir"
  mv "$work/out" "$dir"
  say "built $name $version in ${seconds}s ($((bytes / 1048576)) MiB): $dir"
  exec 9>&-
}

build_chain() { # TOOL[,TOOL...]
  for tool in $(echo "$1" | tr ',' ' '); do build_tool "$tool"; done
}

# Each chain in the background with its own status file; every failure is reported.
build_parallel() {
  status=$(mktemp -d)
  i=0
  for chain in "$@"; do
    i=$((i + 1))
    (
      set +e
      (build_chain "$chain")
      echo $? >"$status/$i"
    ) &
  done
  wait
  failed=""
  i=0
  for chain in "$@"; do
    i=$((i + 1))
    [ "$(cat "$status/$i" 2>/dev/null || echo 1)" = 0 ] || failed="$failed $chain"
  done
  rm -rf "$status"
  [ -z "$failed" ] || die "these tool builds failed:$failed (their logs are named above)"
}

parallel=false
if [ "${1:-}" = --parallel ]; then
  parallel=true
  shift
fi
[ $# -gt 0 ] || die "usage: build.sh [--parallel] TOOL[,TOOL...]... (tools: $TOOLS_KNOWN)"
for tool in $(echo "$@" | tr ',' ' '); do tool_version "$tool" >/dev/null; done
setup_go
if $parallel; then
  build_parallel "$@"
else
  for chain in "$@"; do build_chain "$chain"; done
fi
