# Issue 11: the experiment under the real Litmus control plane on a real single-node
# Kubernetes (docs/decisions/0180-0184): kube-apiserver, controller manager, scheduler,
# kubelet, containerd + runc and the CNI bridge in a network namespace of their own, the
# chaos-operator installed as Litmus installs it, the chart by helm, the sample engine.

.PHONY: litmus-images test-litmus-e2e test-node-gc
litmus-images: test-images tool-litmus ## Local images of the chaos-operator and chaos-runner (tags: their commits)
	@scripts/litmus-images.sh

test-litmus-e2e: build tools litmus-images ## Pass/Fail/stop/bad-tunable runs and the Role proven by removal, under the real operator and runner (root)
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/litmus/'
	@scripts/leftovers.sh

test-node-gc: ## Remove test Kubernetes nodes left by a test run that was killed
	@scripts/node-gc.sh

# The e2e suite starts the node with these images.
test: litmus-images

# `make demo LITMUS=1` runs this: the tools and images it needs, then the driver.
.PHONY: demo-litmus
demo-litmus: build-tools tools litmus-images ## The demo's fault through the real operator and runner on a real node (make demo LITMUS=1)
	@EHC_IMAGE=$(EHC_IMAGE) node .build/test/demo/litmus/main.js
