# Shipping (issue 6): the Helm chart, the plain manifests, the IAM policies and their tests
# (docs/decisions/0100-0104).
SHIP_TESTS := test/(unit|integration)/ship/

.PHONY: ship-deps generate lint-chart test-ship
ship-deps: ## Install yamllint (Debian) for the chart and manifest tests
	@scripts/deps.sh debian yamllint

generate: build-tools tool-helm ## Rewrite values.schema.json, the golden renders, the plain manifests and the ChaosHub entry (faults/)
	@node .build/test/support/ship/generate-main.js

lint-chart: tool-helm ship-deps ## helm lint --strict and yamllint on the chart and the manifests
	@"$$(scripts/tools/path.sh helm)" lint --strict charts/ecs-http-chaos
	@yamllint --strict charts experiments faults test/fixtures/golden test/fixtures/chart

test-ship: build tool-helm tool-kube ship-deps ## Chart, manifests, IAM policy and README checks (real helm, kube-apiserver, yamllint)
	@$(JEST) --selectProjects unit --testPathPatterns '$(SHIP_TESTS)'
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns '$(SHIP_TESTS)'

# The chart tests in `make test` need yamllint too.
test test-integration: ship-deps
