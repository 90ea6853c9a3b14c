# The host script (issue 3): src/host/host.sh on real dockerd test hosts
# (docs/decisions/0070-0072). The image under test is EHC_IMAGE: the reaper runs the
# image's copy of the script, so the image is rebuilt from this tree first.
# src/host/host.sh is built from src/host/sh/*.sh (docs/decisions/0200): edit those, then
# `make host-script`; `make build` refuses a host.sh that its sources do not build.

.PHONY: host-script
host-script: deps ## Rebuild src/host/host.sh (the script SSM sends) from src/host/sh/*.sh
	@npx tsc -p tsconfig.build.json
	@node dist/host/build/main.js

.PHONY: test-host
test-host: build test-images ## Host script tests: field rules (unit), then inject/revert/SIGKILL/refusals on test dockerds (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/host/'
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/host/'
	@scripts/leftovers.sh
