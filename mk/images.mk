# Container images: JDK 25 runtime, Quarkus aot-jar packaging and a JDK 25 AOT cache trained by each service's
# *ImageIT against its own image (docs/CONFIGURATION.md#images), and the container test of those images.
# IMAGE_TAG and REGISTRY come from mk/mesh.mk.

# Where the images' JDK 25 runtime comes from: `upstream` (eclipse-temurin:25-jre-noble, what users get) or
# `local` (built here from Debian packages and this machine's JDK 25, for machines without a registry).
IMAGES_BASE ?= upstream
UPSTREAM_BASE_IMAGE := docker.io/library/eclipse-temurin:25-jre-noble
# The JDK 25 that builds the images (and goes into the local base): JAVA_HOME when it is 25, else a JDK 25 beside it.
JDK25_HOME ?= $(shell for j in "$(JAVA_HOME)" /usr/lib/jvm/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do \
  [ -x "$$j/bin/java" ] && "$$j/bin/java" -XshowSettings:properties -version 2>&1 | grep -q 'java.specification.version = 25$$' \
  && { echo "$$j"; break; }; done)
LOCAL_BASE_IMAGE = meshdemo/jdk25-base:$(shell "$(JDK25_HOME)/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = \([0-9.]*\).*/\1/p')-local
base_image = $(if $(filter local,$(IMAGES_BASE)),docker://$(LOCAL_BASE_IMAGE),$(UPSTREAM_BASE_IMAGE))
space := $(subst ,, )
comma := ,
IMAGE_MODULES := $(subst $(space),$(comma),$(SERVICES))
# The platform of this machine: the AOT cache is trained here, so an image is built for the architecture it runs on.
host_arch := $(shell uname -m | sed -e 's/^x86_64$$/amd64/' -e 's/^aarch64$$/arm64/')
host_platform := $(if $(filter amd64 arm64,$(host_arch)),linux/$(host_arch))

.PHONY: images docker-up base-image push push-manifest test-containers

docker-up: ## Make sure a Docker engine answers (on a bare Debian CI machine: install docker.io, start dockerd)
	scripts/docker-up.sh

base-image: docker-up ## Build the local JDK 25 base image (debootstrap + this machine's JDK 25; root, Debian)
	@[ -n "$(JDK25_HOME)" ] || { echo "error: no JDK 25 found (set JDK25_HOME)" >&2; exit 1; }
	scripts/build-test-base-image.sh $(LOCAL_BASE_IMAGE) $(JDK25_HOME)

images: docker-up $(if $(filter local,$(IMAGES_BASE)),base-image) ## Build the five AOT images meshdemo/<service>:1.0.0 (IMAGES_BASE=upstream|local)
	@[ -n "$(JDK25_HOME)" ] || { echo "error: the images' AOT cache is trained by JDK 25: install a JDK 25 (or set JDK25_HOME)" >&2; exit 1; }
	@[ -n "$(host_platform)" ] || { echo "error: unsupported architecture $$(uname -m)" >&2; exit 1; }
	@# -Dtest=NoUnitTestsHere: the unit tests are test-java's; here only the *ImageIT (failsafe) run.
	JAVA_HOME=$(JDK25_HOME) $(MVN) -Pimages -pl $(IMAGE_MODULES) -am verify \
	  -Dtest=NoUnitTestsHere -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dquarkus.jib.base-jvm-image=$(base_image) -Dquarkus.jib.platforms=$(host_platform) \
	  -Dquarkus.container-image.tag=$(IMAGE_TAG)
	@# Quarkus waits 20 s for the JVM that writes app.aot, then builds the image with whatever is there: on a busy
	@# machine that can be a file still being written. Once the writers are done, an image whose app.aot differs
	@# from the finished file gets it again (the same Quarkus goal, then the tag it would have used).
	@for _ in $$(seq 1 120); do [ -z "$$(docker ps -q --filter name=quarkus-integration-test-)" ] && break; sleep 1; done
	@for s in $(SERVICES); do i=meshdemo/$$s:$(IMAGE_TAG); \
	  [ -s $$s/target/aot/app.aot ] || { echo "error: $$s: no AOT cache was trained (see $$s/target/quarkus.log)" >&2; exit 1; }; \
	  if [ "$$(sha256sum < $$s/target/aot/app.aot | cut -d" " -f1)" != "$$(docker run --rm --entrypoint sha256sum $$i /home/jboss/app.aot 2>/dev/null | cut -d" " -f1)" ]; then \
	    echo "$$i: its app.aot was taken before the JVM had finished writing it; adding the finished one"; \
	    JAVA_HOME=$(JDK25_HOME) $(MVN) -q -Pimages -pl $$s -am quarkus:build-aot-enhanced-container-image \
	      -Dquarkus.jib.base-jvm-image=$(base_image) -Dquarkus.jib.platforms=$(host_platform) -Dquarkus.container-image.tag=$(IMAGE_TAG) \
	      && docker tag $$i-aot $$i && docker rmi $$i-aot >/dev/null || exit 1; \
	  fi; \
	  docker image inspect $$i --format '{{join .Config.Env " "}}' | grep -q 'JAVA_TOOL_OPTIONS=-XX:AOTCache=app.aot' \
	    || { echo "error: $$i is not the AOT image" >&2; exit 1; }; \
	  [ "$$(sha256sum < $$s/target/aot/app.aot | cut -d" " -f1)" = "$$(docker run --rm --entrypoint sha256sum $$i /home/jboss/app.aot | cut -d" " -f1)" ] \
	    || { echo "error: $$i does not hold the trained app.aot" >&2; exit 1; }; \
	  echo "$$i: AOT cache $$(du -h $$s/target/aot/app.aot | cut -f1)"; done

# The AOT cache belongs to one architecture, so each architecture's images are built (and trained) on a machine
# of that architecture: `make push` on an amd64 and on an arm64 machine, then `make push-manifest` once.
push: images ## Push this machine's AOT images as <REGISTRY>/meshdemo/<service>:1.0.0-<arch>
	@[ -n "$(REGISTRY)" ] || { echo "error: set REGISTRY, e.g. make push REGISTRY=123456789012.dkr.ecr.eu-west-1.amazonaws.com" >&2; exit 1; }
	@arch=$(host_arch); for s in $(SERVICES); do \
	  docker tag meshdemo/$$s:$(IMAGE_TAG) $(REGISTRY)/meshdemo/$$s:$(IMAGE_TAG)-$$arch; \
	  docker push $(REGISTRY)/meshdemo/$$s:$(IMAGE_TAG)-$$arch; done

push-manifest: ## Join the pushed -amd64 and -arm64 images into the multi-arch <REGISTRY>/meshdemo/<service>:1.0.0
	@[ -n "$(REGISTRY)" ] || { echo "error: set REGISTRY" >&2; exit 1; }
	@for s in $(SERVICES); do i=$(REGISTRY)/meshdemo/$$s:$(IMAGE_TAG); \
	  docker manifest create --amend $$i $$i-amd64 $$i-arm64 && docker manifest push $$i; done

# The container test: each AOT image as its pod runs it (system-tests ContainerImagesTest). `make test` runs it
# when a Docker engine answers or can be started (root on Debian: scripts/docker-up.sh installs docker.io, and
# a failure there fails the test); on a machine without Docker that may not install it, it says SKIPPED. Without a registry (CI), the base is built locally.
CONTAINER_TEST_BASE ?= $(if $(filter 0,$(shell id -u)),local,upstream)
# Last in `make test`: it repackages the services as aot-jar, which the other checks need not start.
TEST_TARGETS_LAST += test-containers
test-containers: ## Build the AOT images and run them as the pods do (needs Docker; see docs/CONFIGURATION.md#images)
	@rc=0; scripts/docker-up.sh || rc=$$?; \
	if [ $$rc = 1 ]; then echo "test-containers: SKIPPED (no Docker engine on this machine)"; exit 0; fi; \
	[ $$rc = 0 ] || exit $$rc; \
	$(MAKE) images IMAGES_BASE=$(CONTAINER_TEST_BASE) && \
	$(MVN) -pl system-tests -am verify -Dtest=ContainerImagesTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dmeshdemo.images.tag=$(IMAGE_TAG)

# BASELINE=<git ref>: the A/B, this checkout's images against that ref's, built once from a git worktree of it
# (meshdemo/<service>:$(IMAGE_TAG)-<short ref>, scripts/bench-baseline-images.sh) and measured interleaved.
BASELINE ?=
.PHONY: bench
bench: loadtest-build ## Benchmark the AOT images as the pods run them; prints the README's table (ports 3001-3005). BASELINE=<git ref>: A/B against it
	@[ -n "$$(docker images -q meshdemo/product-service:$(IMAGE_TAG) 2>/dev/null)" ] || $(MAKE) images IMAGES_BASE=$(CONTAINER_TEST_BASE)
	@[ -d test-support/target/lib ] || $(MVN) -q -pl test-support -am -DskipTests package
	$(if $(BASELINE),baseline_tag=$$(scripts/bench-baseline-images.sh $(BASELINE) $(IMAGE_TAG) $(CONTAINER_TEST_BASE)) && BASELINE_TAG=$$baseline_tag) \
	  IMAGE_TAG=$(IMAGE_TAG) scripts/bench.sh
