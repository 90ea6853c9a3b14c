# What a person runs from sandbox/: the demo and the AWS emulator (sandbox/README.md).

# `make demo` (docs/decisions/0110-0113): the fault end to end on a local sandbox. It
# prepares what the demo needs (Node and npm packages, Debian packages, the build, the
# images on a local dockerd), stamping when each step ends, then runs the driver
# (sandbox/demo/main.ts), which prints every stage's time. Tunables are environment
# variables (README, "make demo"), e.g. make demo RESET_TIMEOUT=500.
DEMO_STAMPS := .tmp/demo/stamps

.PHONY: demo
ifeq ($(LITMUS),1)
# make demo LITMUS=1: the same fault through the real Litmus control plane (demo-litmus).
demo: demo-litmus
else
demo: ## The fault end to end on a local sandbox: 2 dockerd hosts, 4 tasks, AWS emulator, real clients
	@scripts/demo/stamp.sh $(DEMO_STAMPS) begin
	@$(MAKE) --no-print-directory deps
	@scripts/demo/stamp.sh $(DEMO_STAMPS) deps
	@$(MAKE) --no-print-directory build-tools
	@scripts/demo/stamp.sh $(DEMO_STAMPS) build
	@$(MAKE) --no-print-directory test-images
	@scripts/demo/stamp.sh $(DEMO_STAMPS) images
	@EHC_IMAGE=$(EHC_IMAGE) DEMO_STAMPS=$(DEMO_STAMPS) node .build/sandbox/demo/main.js
endif

# `make demo LITMUS=1` runs this (docs/decisions/0184): the tools and images it needs,
# then the driver.
.PHONY: demo-litmus
demo-litmus: build-tools tools litmus-images ## The demo's fault through the real operator and runner on a real node (make demo LITMUS=1)
	@EHC_IMAGE=$(EHC_IMAGE) node .build/sandbox/demo/litmus/main.js

# The wire-level AWS emulator (ECS, SSM, STS) that the real SDK clients talk to.
EMULATOR_FIXTURE ?= sandbox/emulator/fixtures/example.json
EMULATOR_PORT ?= 0

.PHONY: emulator
emulator: build-tools ## Run the AWS emulator on loopback (EMULATOR_FIXTURE=file.json EMULATOR_PORT=n; Ctrl-C stops it)
	@node .build/sandbox/emulator/main.js --fixture $(EMULATOR_FIXTURE) --port $(EMULATOR_PORT)
