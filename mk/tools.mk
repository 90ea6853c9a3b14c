# Third-party tools for the tests, built from their Go modules into the machine-level cache
# ($(ECS_HTTP_CHAOS_CACHE)/tools); a warm machine builds nothing (docs/decisions/0030).
TOOLS_BUILD := scripts/tools/build.sh

.PHONY: tools tool-helm tool-kube tool-etcd tool-toxiproxy
tools: ## Build helm, kube-apiserver, etcd and toxiproxy into the tool cache (cold: long)
	@$(TOOLS_BUILD) kube-apiserver etcd helm toxiproxy

tool-helm: ## Build helm into the tool cache
	@$(TOOLS_BUILD) helm

tool-kube: ## Build kube-apiserver and etcd (a test Kubernetes API needs both)
	@$(TOOLS_BUILD) kube-apiserver etcd

tool-etcd: ## Build etcd into the tool cache
	@$(TOOLS_BUILD) etcd

tool-toxiproxy: ## Build the toxiproxy server into the tool cache
	@$(TOOLS_BUILD) toxiproxy

# The integration tests start the real kube-apiserver and etcd, and the chart tests run
# the real helm: build them first (nothing to do on a warm machine).
test test-integration: tools
