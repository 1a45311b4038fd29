# meshdemo: five Quarkus services, plain / Istio / Linkerd. `make help` lists every target.
# Each area keeps its targets in mk/<area>.mk; this file holds what they share.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

# A JDK >= 21, found even where the default `java` is older (scripts/find-jdk.sh says what to install).
JAVA_HOME := $(shell scripts/find-jdk.sh)
ifeq ($(JAVA_HOME),)
  $(error no JDK >= 21 found: see the message above)
endif
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN ?= ./mvnw -B -ntp
SERVICES := product-service cart-service order-service user-service exam-service
# Extra Maven flags, e.g. MVN_ARGS="-pl product-service -am".
MVN_ARGS ?=

# The areas add their checks to TEST_TARGETS; `make test` runs them in order, Java first.
TEST_TARGETS := test-java
include $(sort $(wildcard mk/*.mk))

.PHONY: help test test-java build run

help: ## List the targets, one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_%-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' \
	  $(MAKEFILE_LIST) | sort -u

test: $(TEST_TARGETS) $(TEST_TARGETS_LAST) ## Run the whole test suite (what CI runs)
	@echo "make test: all checks passed ($(TEST_TARGETS) $(TEST_TARGETS_LAST))"

test-java: ## Build every module and run the Java tests (real PostgreSQL: embedded unless TEST_DB_URL)
	$(MVN) $(MVN_ARGS) install

build: ## Package every service without running tests
	$(MVN) $(MVN_ARGS) -DskipTests install

run: build ## Start PostgreSQL and the services locally (3001-3005); Ctrl-C stops everything
	scripts/run-local.sh

.PHONY: bench-product
bench-product: build ## Benchmark product-service alone: start time, RSS, p50/p99 at 1000 req/s, saturation
	scripts/bench-product.sh
