# The fault in one network namespace: `ecs-http-chaos proxy` and `cleanup` (issue 2).

.PHONY: test-proxy
test-proxy: build ## Proxy and netfilter tests only: unit, then real-namespace integration (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/(proxy|netfilter)/'
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/proxy/'
	@scripts/leftovers.sh
