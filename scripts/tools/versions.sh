# shellcheck shell=sh disable=SC2034 # the variables are read by the scripts that source this file
# Pinned versions of the third-party tools the tests build from their Go modules
# (docs/decisions/0030). Change a version here and nowhere else: the cache folder name
# carries it, so a bump builds the new version next to the old one.

HELM_VERSION=v4.3.1
KUBE_VERSION=v1.37.2
ETCD_VERSION=v3.7.3
TOXIPROXY_VERSION=v2.12.0

# The Go release every module above accepts (their go.mod say go 1.26.0).
TOOLS_GO_MINIMUM=1.26
