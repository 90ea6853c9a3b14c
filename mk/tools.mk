# Third-party tools for the tests, built from their Go modules into the machine-level cache
# ($(ECS_HTTP_CHAOS_CACHE)/tools); a warm machine builds nothing (docs/decisions/0030, 0181).
TOOLS_BUILD := scripts/tools/build.sh

.PHONY: tools tool-helm tool-kube tool-etcd tool-toxiproxy tool-node tool-litmus
# Four chains side by side: within a chain a tool reuses what the one before compiled
# (the node's binaries share most packages with kube-apiserver).
tools: ## Build helm, kube-apiserver, etcd, toxiproxy, the test node and Litmus into the tool cache (cold: long)
	@$(TOOLS_BUILD) --parallel kube-apiserver,kube-node,etcd containerd,cni-plugins \
		chaos-operator,chaos-runner helm,toxiproxy

tool-helm: ## Build helm into the tool cache
	@$(TOOLS_BUILD) helm

tool-kube: ## Build kube-apiserver and etcd (a test Kubernetes API needs both)
	@$(TOOLS_BUILD) kube-apiserver etcd

tool-etcd: ## Build etcd into the tool cache
	@$(TOOLS_BUILD) etcd

tool-toxiproxy: ## Build the toxiproxy server into the tool cache
	@$(TOOLS_BUILD) toxiproxy

tool-node: ## Build the test node: kubelet, kube-controller-manager, kube-scheduler, containerd, CNI plugins
	@$(TOOLS_BUILD) --parallel kube-apiserver,kube-node,etcd containerd,cni-plugins

tool-litmus: ## Build the Litmus chaos-operator and chaos-runner from shared/third-party/litmuschaos
	@$(TOOLS_BUILD) --parallel chaos-operator chaos-runner

.PHONY: ship-deps
ship-deps: ## Install yamllint (Debian) for the chart and manifest tests
	@scripts/deps.sh debian yamllint
