# Removing what builds and killed test runs leave behind. Each removes only what this
# project started (names carry the starting process's pid), never anyone else's.

.PHONY: clean
clean: ## Remove build output (the machine-level tool cache stays)
	@rm -rf dist .build coverage .tmp

.PHONY: dockerd-stop
dockerd-stop: ## Stop the dockerd that make image started (never anyone else's)
	@scripts/dockerd.sh stop

.PHONY: registry-stop
registry-stop: ## Stop the loopback registry that image-multiarch started (never anyone else's)
	@scripts/image/registry.sh stop

.PHONY: test-hosts-gc
test-hosts-gc: ## Remove test daemons and registries left by a test run that was killed
	@scripts/dockerd-gc.sh

.PHONY: test-node-gc
test-node-gc: ## Remove test Kubernetes nodes left by a test run that was killed
	@scripts/node-gc.sh
