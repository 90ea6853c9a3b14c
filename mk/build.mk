# Compiling: the product to dist/, everything else (sandbox, tests, benchmarks) to .build/,
# and the generated files that are committed (the host script, the chart's derived files).

.PHONY: build
build: deps ## Compile TypeScript to dist/, check src/host/host.sh against its sources, copy the host-side assets
	@npx tsc -p tsconfig.build.json
	@node dist/build/main.js --check
	@scripts/copy-assets.sh

.PHONY: build-tools
build-tools: build ## Compile tests, emulators and benchmarks to .build/ (for make demo and bench)
	@npx tsc -p tsconfig.tools.json

# src/host/host.sh is built from src/host/sh/*.sh (docs/decisions/0200): edit those, then
# `make host-script`; `make build` refuses a host.sh that its sources do not build.
.PHONY: host-script
host-script: deps ## Rebuild src/host/host.sh (the script SSM sends) from src/host/sh/*.sh
	@npx tsc -p tsconfig.build.json
	@node dist/build/main.js

# The chart's derived files (docs/decisions/0101, 0172): review the diff and commit it.
.PHONY: generate
generate: build-tools tool-helm ## Rewrite values.schema.json, the golden renders, the plain manifests and the ChaosHub entry (faults/)
	@node .build/test/support/ship/generate-main.js
