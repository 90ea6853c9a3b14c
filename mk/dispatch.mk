# The executor `run`, AWS side: adapters, phases, SSM dispatch (issue 4; ADRs 0080-0089).

.PHONY: test-executor
test-executor: build ## Executor tests: unit (fakes), AWS adapters against the emulator, then end to end on dockerd hosts (root)
	@$(JEST) --selectProjects unit --testPathPatterns 'test/unit/(run|dispatch|aws)/'
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns 'test/integration/aws/'
	@EHC_IMAGE=$(EHC_IMAGE) $(JEST) --selectProjects e2e --runInBand --testPathPatterns 'test/e2e/executor/'
	@scripts/leftovers.sh

# The end-to-end suite runs the image of this checkout on its test hosts.
test-executor: test-images
