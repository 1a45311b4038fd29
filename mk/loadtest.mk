# loadtest/: open-model load harness on Hyperfoil (embedded) and the mesh benchmark comparison.
# docs/benchmarking.md explains the method; the harness's own proofs run in `make test` (module tests).
.PHONY: loadtest loadtest-build bench-compare loadtest-report loadtest-image loadtest-k8s bench-meshes

# Benchmark (loadtest/benchmarks/<BENCH>.hf.yaml) and its parameters; empty means the file's default.
BENCH ?= catalog
RATE ?=
DURATION ?=
WARMUP ?=
CONNECTIONS ?=
# Base URL of product-service for the catalog benchmarks (default: the file's, http://localhost:3001).
TARGET ?=
SWEEP ?=
# bench-compare: rounds, and the meshes as label=base-URL of product-service (interleaved in each round).
RUNS ?= 5
COMPARE_TARGETS ?= plain=http://localhost:3001
RESULTS ?=

LOADTEST_STAMP := $(shell date +%Y%m%d-%H%M%S)
# Netty 4.1 (Hyperfoil's) loads native epoll and, on JDK 24+, would warn about sun.misc.Unsafe.
LOADTEST_JVM = $(JAVA_HOME)/bin/java --enable-native-access=ALL-UNNAMED \
  $(shell $(JAVA_HOME)/bin/java --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1 && echo --sun-misc-unsafe-memory-access=allow) \
  -cp loadtest/target/classes:$$(cat loadtest/target/runtime-classpath.txt) dev.meshdemo.loadtest.Main
LOADTEST_PARAMS = $(if $(RATE),-P RATE=$(RATE)) $(if $(DURATION),-P DURATION=$(DURATION)) \
  $(if $(WARMUP),-P WARMUP=$(WARMUP)) $(if $(CONNECTIONS),-P CONNECTIONS=$(CONNECTIONS)) $(if $(TARGET),-P TARGET=$(TARGET))

loadtest-build: ## Build the load harness (loadtest/) without running its tests
	$(MVN) -f loadtest/pom.xml -DskipTests package

loadtest: loadtest-build ## Load test the suite of `make run`: BENCH=catalog|shopping|exam RATE= DURATION= WARMUP= SWEEP=100,200,..
	$(LOADTEST_JVM) run --bench loadtest/benchmarks/$(BENCH).hf.yaml $(LOADTEST_PARAMS) \
	  $(if $(SWEEP),--sweep $(SWEEP)) --mesh plain --out loadtest/results/$(LOADTEST_STAMP)-$(BENCH)

bench-compare: loadtest-build ## RUNS rounds over COMPARE_TARGETS (label=url ..., interleaved), then compare; RESULTS=dir only compares
	@set -eu; out=$${RESULTS:-loadtest/results/$(LOADTEST_STAMP)-compare}; \
	if [ -z "$(RESULTS)" ]; then \
	  [ "$(RUNS)" -ge 5 ] || echo "warning: RUNS=$(RUNS): the comparison wants at least 5 runs per mesh"; \
	  for round in $$(seq 1 $(RUNS)); do for target in $(COMPARE_TARGETS); do \
	    echo "== round $$round: $${target%%=*}"; \
	    $(LOADTEST_JVM) run --bench loadtest/benchmarks/$(BENCH).hf.yaml $(LOADTEST_PARAMS) \
	      -P TARGET=$${target#*=} --mesh $${target%%=*} --out $$out; \
	  done; done; \
	fi; \
	$(LOADTEST_JVM) compare --results $$out --baseline plain --min-runs $(RUNS)

loadtest-report: loadtest-build ## Rebuild the HTML report of a results directory: RESULTS=loadtest/results/<dir>
	@[ -n "$(RESULTS)" ] || { echo "usage: make loadtest-report RESULTS=loadtest/results/<dir>" >&2; exit 2; }
	$(LOADTEST_JVM) report --results $(RESULTS)

loadtest-image: ## Build the in-cluster harness image (Jib) into the local Docker daemon: meshdemo/loadtest:1.0.0
	$(MVN) -f loadtest/pom.xml -DskipTests package jib:dockerBuild

loadtest-k8s: ## Print the in-cluster load test manifests of MESH=plain|istio|istio-ambient|istio-waypoint|linkerd (loadtest/k8s/overlays)
	@[ -n "$(MESH)" ] || { echo "usage: make loadtest-k8s MESH=plain|istio|istio-ambient|istio-waypoint|linkerd" >&2; exit 2; }
	kubectl kustomize loadtest/k8s/overlays/$(MESH)

# bench-meshes: the five data planes on one cluster (loadtest/k8s/bench-in-cluster.sh, docs/benchmarking.md).
# RUNS rounds; catalog at BENCH_RATES req/s, shopping at BENCH_SHOP_RATES sessions/s (empty: none); DURATION and
# WARMUP per run (the script's 60s and 30s when empty); SETUPS a subset (plain must be in it); KUBE_CONTEXT and
# REGISTRY for EKS.
BENCH_RATES ?= 200,1000,2000
BENCH_SHOP_RATES ?= 100
SETUPS ?=
KUBE_CONTEXT ?=
BENCH_MESHES_ARGS = -r $(RUNS) -R "$(BENCH_RATES)" -S "$(BENCH_SHOP_RATES)" $(if $(DURATION),-d $(DURATION)) \
  $(if $(WARMUP),-w $(WARMUP)) $(if $(KUBE_CONTEXT),-c $(KUBE_CONTEXT)) $(if $(REGISTRY),-i $(REGISTRY))

bench-meshes: loadtest-build ## The five data planes on one cluster: deploy the set-ups, RUNS interleaved rounds at BENCH_RATES, compare and report
	loadtest/k8s/bench-in-cluster.sh $(BENCH_MESHES_ARGS) deploy $(SETUPS)
	loadtest/k8s/bench-in-cluster.sh $(BENCH_MESHES_ARGS) $(if $(RESULTS),-o $(RESULTS)) run $(SETUPS)
