# Every test target. Unit tests need no root; the rest use the real kernel (netns,
# iptables), test dockerds, a real kube-apiserver, helm and the Litmus operator, and end
# with scripts/leftovers.sh, which fails when a test left anything of ours behind.

# `make test` needs, before any suite starts: the image of this checkout and the fixture
# images (and the arm64 build, for the multi-arch test), the compiled demo driver (the
# demo's e2e test), the Litmus images, yamllint, and the third-party tools (helm,
# kube-apiserver, etcd, the test node, toxiproxy; nothing to do on a warm machine).
.PHONY: test
test: build lint build-tools test-images image-arm64 litmus-images ship-deps tools ## Everything CI runs: lint, unit, integration, e2e, leftover check
	@$(JEST) --selectProjects unit
	@$(JEST) --selectProjects integration e2e --runInBand
	@scripts/leftovers.sh

.PHONY: test-unit
test-unit: build ## Unit tests only (no root, milliseconds each)
	@$(JEST) --selectProjects unit

.PHONY: test-integration
test-integration: build test-images image-arm64 ship-deps tools ## Real-kernel and real-daemon tests (root)
	@$(JEST) --selectProjects integration --runInBand
	@scripts/leftovers.sh

# The fault in one network namespace: `ecs-http-chaos proxy` and `cleanup`.
.PHONY: test-proxy
test-proxy: build ## Proxy and netfilter tests only: unit, then real-namespace integration (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/(proxy|netfilter)/'
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/proxy/'
	@scripts/leftovers.sh

# The host script on real dockerd test hosts (docs/decisions/0070-0072): the reaper runs
# the image's copy of the script, so the image is rebuilt from this tree first.
.PHONY: test-host
test-host: build test-images ## Host script tests: field rules (unit), then inject/revert/SIGKILL/refusals on test dockerds (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/host/'
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/host/'
	@scripts/leftovers.sh

# The executor `run`, AWS side (docs/decisions/0080-0089); the end-to-end suite runs the
# image of this checkout on its test hosts.
.PHONY: test-executor
test-executor: build test-images ## Executor tests: unit (fakes), AWS adapters against the emulator, then end to end on dockerd hosts (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/(run|dispatch|aws)/'
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/aws/'
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/executor/'
	@scripts/leftovers.sh

.PHONY: test-emulator
test-emulator: deps ## Unit and integration tests of the AWS emulator, with the real SDK clients
	@$(JEST) --selectProjects unit --testPathPatterns test/unit/emulators
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns test/integration/emulators

# The Kubernetes side of the executor, against the real kube-apiserver + etcd.
.PHONY: test-k8s-unit
test-k8s-unit: build ## Unit tests of results, events, probes and health checks
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/(result|probes|health|k8s)/'

.PHONY: test-k8s
test-k8s: build tool-kube ## ChaosResult, Events, probes and RBAC against a real kube-apiserver
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/k8s/'

# The real `run` against the real kube-apiserver (the chart's Role), the AWS emulator and
# dockerd test hosts (docs/decisions/0122).
.PHONY: test-k8s-e2e
test-k8s-e2e: build tool-kube tool-helm test-images ## Pass/Fail/Error/Stopped runs, health checks, file sink and RBAC end to end (root)
	@$(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/kubernetes/'
	@scripts/leftovers.sh

# Under the real Litmus control plane on a real single-node Kubernetes
# (docs/decisions/0180-0184).
.PHONY: test-litmus-e2e
test-litmus-e2e: build tools litmus-images ## Pass/Fail/stop/bad-tunable runs and the Role proven by removal, under the real operator and runner (root)
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/litmus/'
	@scripts/leftovers.sh

# The Helm chart, the plain manifests, the IAM policies (docs/decisions/0100-0104).
SHIP_TESTS := test/(unit|integration)/ship/

.PHONY: test-ship
test-ship: build tool-helm tool-kube ship-deps ## Chart, manifests, IAM policy and README checks (real helm, kube-apiserver, yamllint)
	@$(JEST) --selectProjects unit --testPathPatterns '$(SHIP_TESTS)'
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns '$(SHIP_TESTS)'

# The demo as a test: it runs the compiled driver (sandbox/demo).
.PHONY: test-demo
test-demo: build-tools test-images ## The demo as an end-to-end test: a full run and a Ctrl-C (test/e2e/demo; root)
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/demo/'
