# The host script (issue 3): src/host/host.sh on real dockerd test hosts
# (docs/decisions/0070-0072). The image under test is EHC_IMAGE: the reaper runs the
# image's copy of the script, so the image is rebuilt from this tree first.

.PHONY: test-host
test-host: build test-images ## Host script tests: field rules (unit), then inject/revert/SIGKILL/refusals on test dockerds (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/host/'
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/host/'
	@scripts/leftovers.sh
