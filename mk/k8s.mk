# The Kubernetes side of the executor (issue 5): unit tests, and the integration tests
# against the real kube-apiserver + etcd that `make tool-kube` builds.

.PHONY: test-k8s test-k8s-unit
test-k8s-unit: build ## Unit tests of results, events, probes and health checks
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/(result|probes|health|k8s)/'

test-k8s: build tool-kube ## ChaosResult, Events, probes and RBAC against a real kube-apiserver
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/k8s/'
