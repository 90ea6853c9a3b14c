# The wire-level AWS emulator (ECS, SSM, STS) that the real SDK clients talk to in tests.
EMULATOR_FIXTURE ?= test/emulators/aws/fixtures/example.json
EMULATOR_PORT ?= 0

.PHONY: test-emulator
test-emulator: deps ## Unit and integration tests of the AWS emulator, with the real SDK clients
	@$(JEST) --selectProjects unit --testPathPatterns test/unit/emulators
	@$(JEST) --selectProjects integration --runInBand --testPathPatterns test/integration/emulators

.PHONY: emulator
emulator: build-tools ## Run the AWS emulator on loopback (EMULATOR_FIXTURE=file.json EMULATOR_PORT=n; Ctrl-C stops it)
	@node .build/test/emulators/aws/main.js --fixture $(EMULATOR_FIXTURE) --port $(EMULATOR_PORT)
