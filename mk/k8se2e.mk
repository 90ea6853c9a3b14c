# Issue 5's acceptance end to end: the real `run` against the real kube-apiserver (the
# chart's Role), the AWS emulator and dockerd test hosts (docs/decisions/0122).

.PHONY: test-k8s-e2e
test-k8s-e2e: build tool-kube tool-helm test-images ## Pass/Fail/Error/Stopped runs, health checks, file sink and RBAC end to end (root)
	@$(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/kubernetes/'
	@scripts/leftovers.sh
