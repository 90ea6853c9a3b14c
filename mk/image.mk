# The container image, its arm64 build, and the images the sandbox and the tests run
# (docs/decisions/0040-0049).
EHC_IMAGE ?= ecs-http-chaos:dev
# The arm64 build of the same tree (docs/decisions/0170), and where image-multiarch puts the
# one tag naming both: by default the loopback registry that scripts/image/registry.sh keeps.
EHC_IMAGE_ARM64 ?= $(EHC_IMAGE)-arm64
EHC_IMAGE_REF ?=
IMAGE_DEBIAN_PACKAGES := docker.io debootstrap busybox-static docker-registry qemu-user-static

.PHONY: image
image: ## Build the image (starts a dockerd when none answers; local Node 24 base without a registry)
	@scripts/deps.sh node
	@scripts/deps.sh debian $(IMAGE_DEBIAN_PACKAGES)
	@scripts/image/build.sh $(EHC_IMAGE)

.PHONY: image-arm64
image-arm64: ## Build the linux/arm64 image as EHC_IMAGE-arm64 (qemu-user-static; cold: minutes, cached)
	@scripts/deps.sh node
	@scripts/deps.sh debian $(IMAGE_DEBIAN_PACKAGES)
	@scripts/image/build.sh $(EHC_IMAGE_ARM64) arm64

.PHONY: image-multiarch
image-multiarch: image image-arm64 ## Push both images and one manifest list (EHC_IMAGE_REF=registry/repo:tag; default: a loopback registry)
	@ref='$(EHC_IMAGE_REF)'; \
	if [ -z "$$ref" ]; then ref="$$(scripts/image/registry.sh ensure)/$(EHC_IMAGE)"; fi; \
	scripts/image/multiarch.sh "$$ref" $(EHC_IMAGE) $(EHC_IMAGE_ARM64)

.PHONY: test-images
test-images: image ## Build the fixture images of the integration tests (HTTP service, pause)
	@scripts/image/test-images.sh

# The Litmus chaos-operator and chaos-runner, built from source (docs/decisions/0182).
.PHONY: litmus-images
litmus-images: test-images tool-litmus ## Local images of the chaos-operator and chaos-runner (tags: their commits)
	@scripts/litmus-images.sh
