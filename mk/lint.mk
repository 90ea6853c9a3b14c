# Static checks: types, eslint budgets and import boundaries, formatting, shell, the chart.

.PHONY: lint
lint: deps ## Type-check, eslint, prettier and shellcheck
	@npx tsc -p tsconfig.json --noEmit
	@npx eslint .
	@npx prettier --check . >/dev/null || (npx prettier --check .; exit 1)
	@shellcheck -s sh $(filter-out src/host/host-revert.sh,$(SHELL_SOURCES))
	@# The revert's build reads whole target lines and leaves most fields to the inject (ADR 0223).
	@shellcheck -s sh -e SC2034 src/host/host-revert.sh

.PHONY: format
format: deps ## Rewrite sources with prettier
	@npx prettier --write . >/dev/null

.PHONY: lint-chart
lint-chart: tool-helm ship-deps ## helm lint --strict and yamllint on the chart and the manifests
	@"$$(scripts/tools/path.sh helm)" lint --strict charts/ecs-http-chaos
	@yamllint --strict charts experiments faults test/fixtures/golden test/fixtures/chart
