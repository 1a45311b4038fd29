# meshdemo: five Quarkus services, plain / Istio / Linkerd. `make help` lists every target.
# Each area keeps its targets in mk/<area>.mk; this file holds what they share.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

# A JDK >= 21, found only when a Java target runs (scripts/find-jdk.sh prefers the JAVA_HOME you set, and
# says what to install), so the cluster targets work without one: $(JDK_HOME), $(JAVA_HOME) and $(MVN) look
# it up on first use, once.
env_java_home := $(JAVA_HOME)
JDK_HOME = $(or $(_jdk_home),$(eval _jdk_home := $(shell JAVA_HOME='$(env_java_home)' scripts/find-jdk.sh))$(or $(_jdk_home),$(error no JDK >= 21 found: see the message above)))
JAVA_HOME = $(JDK_HOME)
JAVA = $(JDK_HOME)/bin/java
# Only the Java targets' recipes get it in their environment (JAVA_HOME, first on PATH), for the scripts.
unexport JAVA_HOME
JAVA_TARGETS := test-java build run dev bench-product images push loadtest loadtest-build bench-compare \
  loadtest-report loadtest-image test-scenarios scenarios scenarios-local feature-on feature-off jwt jwks
env_path := $(PATH)
$(JAVA_TARGETS): export JAVA_HOME = $(JDK_HOME)
$(JAVA_TARGETS): export PATH = $(JDK_HOME)/bin:$(env_path)
scenario-% phase-%: export JAVA_HOME = $(JDK_HOME)
scenario-% phase-%: export PATH = $(JDK_HOME)/bin:$(env_path)

MVN ?= JAVA_HOME=$(JDK_HOME) PATH="$(JDK_HOME)/bin:$$PATH" ./mvnw -B -ntp
SERVICES := product-service cart-service order-service user-service exam-service
# Extra Maven flags, e.g. MVN_ARGS="-pl product-service -am".
MVN_ARGS ?=

# What the checks of `make test` run (scripts/prereqs.sh knows the packages): java for the build, kubectl
# to render mesh/, shellcheck for the scripts, wrk for the load harness's proof, curl and jq for the
# local-suite scenarios. Areas add theirs with +=.
TEST_TOOLS := java kubectl shellcheck wrk curl jq

# The areas add their checks to TEST_TARGETS; `make test` runs them in order: the prerequisites first
# (a missing tool stops it at once), then the CRD schemas (mk/mesh.mk), the scripts, Java.
TEST_TARGETS := prereqs crds test-scripts test-java
include $(sort $(wildcard mk/*.mk))

.PHONY: help test prereqs test-scripts test-java build run dev

help: ## List the targets, one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_%-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' \
	  $(MAKEFILE_LIST) | sort -u

test: $(TEST_TARGETS) $(TEST_TARGETS_LAST) ## Run the whole test suite (what CI runs)
	@echo "make test: all checks passed ($(TEST_TARGETS) $(TEST_TARGETS_LAST))"

prereqs: ## Install (root + apt-get) or name every missing tool that `make test` needs, then stop
	@scripts/prereqs.sh $(sort $(TEST_TOOLS))

# The bash that remains outside mesh/scenarios and mesh/workshop: clean for shellcheck, portable to bash 3.2
# and BSD userland (scripts/check-portable.sh), and the prerequisite step's own tests.
SHELL_SCRIPTS := $(wildcard scripts/*.sh loadtest/k8s/*.sh mesh/*.sh) .ci/run
test-scripts: ## shellcheck + portability check of scripts/, mesh/fetch-crds.sh, .ci/run; tests of prereqs, check-portable, make step/images, crds
	shellcheck -x $(SHELL_SCRIPTS)
	scripts/check-portable.sh $(SHELL_SCRIPTS) $(MAKEFILE_LIST)
	scripts/test-prereqs.sh
	scripts/test-check-portable.sh
	TEST_MAKE=$(MAKE) scripts/test-make-targets.sh
	$(CRDS_ENV) mesh/test-fetch-crds.sh

test-java: ## Build every module and run the Java tests (real PostgreSQL: embedded unless TEST_DB_URL)
	$(MVN) $(MVN_ARGS) install

build: ## Package every service without running tests
	$(MVN) $(MVN_ARGS) -DskipTests install

run: build ## Start PostgreSQL and the services locally (3001-3005); Ctrl-C stops everything
	scripts/run-local.sh

dev: ## Quarkus dev mode of one service (live reload, Dev UI, continuous testing): make dev SERVICE=product-service
	@[ -n "$(SERVICE)" ] || { echo "usage: make dev SERVICE=<one of: $(SERVICES)>" >&2; exit 2; }
	scripts/dev.sh $(SERVICE)

.PHONY: bench-product
bench-product: build ## Benchmark product-service alone: start time, RSS, p50/p99 at 1000 req/s, saturation
	scripts/bench-product.sh
