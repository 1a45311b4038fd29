# Container images: JDK 25 runtime, Quarkus aot-jar packaging and a JDK 25 AOT cache trained by each service's
# *ImageIT against its own image (docs/CONFIGURATION.md#images), and the container test of those images.
# IMAGE_TAG and REGISTRY come from mk/mesh.mk.

# Where the images' JDK 25 runtime comes from: `upstream` (eclipse-temurin:25-jre-noble, what users get) or
# `local` (built here from Debian packages and this machine's JDK 25, for machines without a registry).
IMAGES_BASE ?= upstream
UPSTREAM_BASE_IMAGE := docker.io/library/eclipse-temurin:25-jre-noble
# The JDK 25 that builds the images (and goes into the local base): JAVA_HOME when it is 25, else a JDK 25 where
# scripts/find-jdk.sh looks (/usr/lib/jvm, /Library/Java/JavaVirtualMachines, Homebrew's openjdk@25, java_home).
JDK25_HOME ?= $(or $(_jdk25_home),$(eval _jdk25_home := $(shell JAVA_HOME='$(env_java_home)' scripts/find-jdk.sh --exact 25 2>/dev/null))$(_jdk25_home))
LOCAL_BASE_IMAGE = meshdemo/jdk25-base:$(shell "$(JDK25_HOME)/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = \([0-9.]*\).*/\1/p')-local
base_image = $(if $(filter local,$(IMAGES_BASE)),docker://$(LOCAL_BASE_IMAGE),$(UPSTREAM_BASE_IMAGE))
space := $(subst ,, )
comma := ,
IMAGE_MODULES := $(subst $(space),$(comma),$(SERVICES))
# The platform of this machine: the AOT cache is trained here, so an image is built for the architecture it runs on.
host_arch := $(shell uname -m | sed -e 's/^x86_64$$/amd64/' -e 's/^aarch64$$/arm64/')
host_platform := $(if $(filter amd64 arm64,$(host_arch)),linux/$(host_arch))

# sha256sum is GNU coreutils; macOS has shasum -a 256 (the image's own sha256sum runs inside the Linux image).
SHA256SUM := $(if $(shell command -v sha256sum 2>/dev/null),sha256sum,shasum -a 256)
IMAGE_SHA256SUM := sha256sum# portable-ok: runs inside the image (Linux), never on the host

# AOT=off: Jib only (no container run, no AOT cache): the fallback that builds wherever Maven and a Docker engine
# run. Their services start in about 3 s instead of 1.3 s (README.md, measured); everything else is the same.
AOT ?= on
# How each *ImageIT training container reaches the test's PostgreSQL and stubs, which listen on 127.0.0.1:
#   host     --network host and 127.0.0.1: Linux Docker engines (CI, Debian, CloudShell);
#   desktop  the default bridge, the test's port published, the host as host.docker.internal: Docker Desktop
#            (no host networking by default) and any engine on macOS (it runs in a VM: its host network is not the Mac's).
# Chosen from `docker info` and `uname -s`; set IMAGES_NETWORK=host|desktop to override.
IMAGES_NETWORK ?= $(if $(or $(findstring Docker Desktop,$(shell docker info --format '{{.OperatingSystem}}' 2>/dev/null)),$(filter Darwin,$(shell uname -s))),desktop,host)
images_network_args = $(if $(filter desktop,$(IMAGES_NETWORK)),-Dimages.container-network=bridge -Dimages.service-host=host.docker.internal,-Dimages.container-network=host -Dimages.service-host=127.0.0.1)
jib_args = -Dquarkus.jib.base-jvm-image=$(base_image) -Dquarkus.jib.platforms=$(host_platform) -Dquarkus.container-image.tag=$(IMAGE_TAG)

.PHONY: images images-aot images-jib images-network docker-up base-image push push-manifest test-containers

# What `make images` would choose here (scripts/test-make-targets.sh checks the choice against a fake docker).
images-network:
	@case "$(IMAGES_NETWORK)" in host|desktop) echo "$(IMAGES_NETWORK)";; \
	  *) echo "error: IMAGES_NETWORK must be host or desktop (got '$(IMAGES_NETWORK)')" >&2; exit 2;; esac

docker-up: ## Make sure a Docker engine answers (on a bare Debian CI machine: install docker.io, start dockerd)
	scripts/docker-up.sh

base-image: docker-up ## Build the local JDK 25 base image (debootstrap + this machine's JDK 25; root, Debian)
	@[ -n "$(JDK25_HOME)" ] || { echo "error: no JDK 25 found (set JDK25_HOME)" >&2; exit 1; }
	scripts/build-test-base-image.sh $(LOCAL_BASE_IMAGE) $(JDK25_HOME)

images: docker-up $(if $(filter local,$(IMAGES_BASE)),base-image) ## Build the five images meshdemo/<service>:1.0.0 (AOT=on|off, IMAGES_BASE=upstream|local)
	@[ -n "$(host_platform)" ] || { echo "error: unsupported architecture $$(uname -m)" >&2; exit 1; }
	@case "$(AOT)" in on) $(MAKE) images-aot;; off) $(MAKE) images-jib;; \
	  *) echo "error: AOT must be on or off (got '$(AOT)')" >&2; exit 2;; esac

# AOT=off: Jib alone, into the local Docker daemon, nothing run.
images-jib:
	$(MVN) -pl $(IMAGE_MODULES) -am package -DskipTests -Dquarkus.container-image.build=true $(jib_args)
	@for s in $(SERVICES); do docker image inspect meshdemo/$$s:$(IMAGE_TAG) >/dev/null \
	  || { echo "error: Jib built no meshdemo/$$s:$(IMAGE_TAG)" >&2; exit 1; }; echo "meshdemo/$$s:$(IMAGE_TAG): no AOT cache (AOT=off)"; done

images-aot:
	@[ -n "$(JDK25_HOME)" ] || { echo "error: the images' AOT cache is trained by JDK 25: install a JDK 25 (macOS: brew install openjdk@25; or set JDK25_HOME), or build without the cache: make images AOT=off" >&2; exit 1; }
	@net=$(IMAGES_NETWORK); case "$$net" in host|desktop) ;; *) echo "error: IMAGES_NETWORK must be host or desktop (got '$$net')" >&2; exit 2;; esac; \
	echo "images: the training containers reach the test's PostgreSQL and stubs by $$net networking (IMAGES_NETWORK=host|desktop overrides; AOT=off skips the training)"
	@# -Dtest=NoUnitTestsHere: the unit tests are test-java's; here only the *ImageIT (failsafe) run.
	JAVA_HOME=$(JDK25_HOME) $(MVN) -Pimages -pl $(IMAGE_MODULES) -am verify \
	  -Dtest=NoUnitTestsHere -Dsurefire.failIfNoSpecifiedTests=false $(images_network_args) $(jib_args) \
	  || { echo "error: the AOT training of an image failed (see <service>/target/quarkus.log). Without host networking set IMAGES_NETWORK=desktop; or build without the cache: make images AOT=off" >&2; exit 1; }
	@# Quarkus waits 20 s for the JVM that writes app.aot, then builds the image with whatever is there: on a busy
	@# machine that can be a file still being written. Once the writers are done, an image whose app.aot differs
	@# from the finished file gets it again (the same Quarkus goal, then the tag it would have used).
	@for _ in $$(seq 1 120); do [ -z "$$(docker ps -q --filter name=quarkus-integration-test-)" ] && break; sleep 1; done
	@for s in $(SERVICES); do i=meshdemo/$$s:$(IMAGE_TAG); \
	  [ -s $$s/target/aot/app.aot ] || { echo "error: $$s: no AOT cache was trained (see $$s/target/quarkus.log)" >&2; exit 1; }; \
	  if [ "$$($(SHA256SUM) < $$s/target/aot/app.aot | cut -d" " -f1)" != "$$(docker run --rm --entrypoint $(IMAGE_SHA256SUM) $$i /home/jboss/app.aot 2>/dev/null | cut -d" " -f1)" ]; then \
	    echo "$$i: its app.aot was taken before the JVM had finished writing it; adding the finished one"; \
	    JAVA_HOME=$(JDK25_HOME) $(MVN) -q -Pimages -pl $$s -am quarkus:build-aot-enhanced-container-image $(jib_args) \
	      && docker tag $$i-aot $$i && docker rmi $$i-aot >/dev/null || exit 1; \
	  fi; \
	  docker image inspect $$i --format '{{join .Config.Env " "}}' | grep -q 'JAVA_TOOL_OPTIONS=-XX:AOTCache=app.aot' \
	    || { echo "error: $$i is not the AOT image" >&2; exit 1; }; \
	  [ "$$($(SHA256SUM) < $$s/target/aot/app.aot | cut -d" " -f1)" = "$$(docker run --rm --entrypoint $(IMAGE_SHA256SUM) $$i /home/jboss/app.aot | cut -d" " -f1)" ] \
	    || { echo "error: $$i does not hold the trained app.aot" >&2; exit 1; }; \
	  echo "$$i: AOT cache $$(du -h $$s/target/aot/app.aot | cut -f1)"; done

# The AOT cache belongs to one architecture, so each architecture's images are built (and trained) on a machine
# of that architecture. `make push` alone: this machine's images as :1.0.0-<arch> and as :1.0.0, which the
# manifests deploy (the EKS nodes must then be of this architecture: mesh/eks/cluster.yaml). Both architectures:
# `make push` on an amd64 and on an arm64 machine, then `make push-manifest` once, which makes :1.0.0 the
# multi-arch image of the two (docs/cluster.md#eks).
push: images ## Push this machine's images as <REGISTRY>/meshdemo/<service>:1.0.0 and :1.0.0-<arch> (docker push)
	@[ -n "$(REGISTRY)" ] || { echo "error: set REGISTRY, e.g. make push REGISTRY=123456789012.dkr.ecr.eu-west-1.amazonaws.com" >&2; exit 1; }
	@arch=$(host_arch); for s in $(SERVICES); do r=$(REGISTRY)/meshdemo/$$s:$(IMAGE_TAG); \
	  docker tag meshdemo/$$s:$(IMAGE_TAG) $$r-$$arch && docker push $$r-$$arch; \
	  docker tag meshdemo/$$s:$(IMAGE_TAG) $$r && docker push $$r; done
	@echo "pushed $(host_arch) images as :$(IMAGE_TAG) and :$(IMAGE_TAG)-$(host_arch): the cluster's nodes must be $(host_arch)" \
	  "(mesh/eks/cluster.yaml), or push the other architecture from a machine of it and run make push-manifest"

push-manifest: ## After `make push` on an amd64 and an arm64 machine: <REGISTRY>/meshdemo/<service>:1.0.0 becomes the multi-arch image of both
	@[ -n "$(REGISTRY)" ] || { echo "error: set REGISTRY" >&2; exit 1; }
	@for s in $(SERVICES); do i=$(REGISTRY)/meshdemo/$$s:$(IMAGE_TAG); for a in amd64 arm64; do \
	  docker manifest inspect $$i-$$a >/dev/null 2>&1 || { echo "error: $$i-$$a is not in the registry: run make push REGISTRY=$(REGISTRY) on an $$a machine first" >&2; exit 1; }; done; \
	  docker manifest rm $$i >/dev/null 2>&1 || true; \
	  docker manifest create $$i $$i-amd64 $$i-arm64 && docker manifest push $$i; done

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
