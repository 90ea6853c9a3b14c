# The container image and the Docker daemons it is built and tested with
# (docs/decisions/0040..0049).
EHC_IMAGE ?= ecs-http-chaos:dev
IMAGE_DEBIAN_PACKAGES := docker.io debootstrap busybox-static docker-registry

.PHONY: image
image: ## Build the image (starts a dockerd when none answers; local Node 24 base without a registry)
	@scripts/deps.sh node
	@scripts/deps.sh debian $(IMAGE_DEBIAN_PACKAGES)
	@scripts/image/build.sh $(EHC_IMAGE)

.PHONY: test-images
test-images: image ## Build the fixture images of the integration tests (HTTP service, pause)
	@scripts/image/test-images.sh

.PHONY: dockerd-stop
dockerd-stop: ## Stop the dockerd that make image started (never anyone else's)
	@scripts/dockerd.sh stop

# The integration suites run task containers and the image on test daemons.
test-integration test: test-images

.PHONY: test-hosts-gc
test-hosts-gc: ## Remove test daemons and registries left by a test run that was killed
	@scripts/dockerd-gc.sh
