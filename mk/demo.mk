# `make demo` (issue 7; docs/decisions/0110-0113): the fault end to end on a local sandbox.
# The target itself is in the Makefile: it prepares what the demo needs (Node and npm
# packages, Debian packages, the build, the images on a local dockerd), stamping when each
# step ends, then runs the driver (test/demo/main.ts), which prints every stage's time.
# Tunables are environment variables (README, "make demo"), e.g. make demo RESET_TIMEOUT=500.
DEMO_STAMPS := .tmp/demo/stamps

.PHONY: test-demo
test-demo: build-tools test-images ## The demo as an end-to-end test: a full run and a Ctrl-C (test/e2e/demo; root)
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/demo/'

# The e2e suite runs the compiled demo driver.
test: build-tools
