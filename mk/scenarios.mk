# Scenarios (mesh/scenarios, a Java module) and the workshop's checkpoints and resets: what each mesh does,
# proven against a control measured in the same run. Every run prints one line per check, a summary table and
# `N passed, N failed`, and writes JUnit XML + JSON to mesh/scenarios/results/. MESH comes from mk/mesh.mk.
# The harness needs only a JDK and kubectl: `java -jar mesh/scenarios/target/meshdemo-scenarios.jar` is what
# these targets run (mesh/scenarios/README.md).

SCENARIOS_JAR := mesh/scenarios/target/meshdemo-scenarios.jar
# Rebuilt when the harness or the DTO records it compiles against change; the services' Quarkus build is not needed.
SCENARIOS_INPUTS := $(shell find mesh/scenarios/src core/src/main idempotency/src/main $(addsuffix /src/main,$(SERVICES)) -name '*.java' 2>/dev/null) \
  mesh/scenarios/pom.xml pom.xml
SCENARIOS = $(JAVA_HOME)/bin/java -jar $(SCENARIOS_JAR)
# STEP=phase-3-canary: feature switches, checks and scenarios render from that step of mesh/workshop/MESH
# instead of the full overlay (so a phase-3 feature does not bring phase 4's policies along).
STEP ?=
# The renders of the harness include what make recorded from REGISTRY and COMPONENTS (mk/mesh.mk's mesh-record,
# which these targets run first); ENTRY_URL is where this machine reaches the entry (mk/mesh.mk).
SCENARIOS_ENV = MESH=$(MESH) REGISTRY=$(REGISTRY) STEP=$(STEP) ENTRY_URL=$(ENTRY_URL)
SCENARIO_NAMES := routing canary mtls authz retries timeouts faults circuit-breaking tracing idempotency mirroring gamma end-user-auth egress rate-limit connection-pool status identity

.PHONY: scenarios scenarios-build scenarios-local feature-on feature-off test-scenarios \
        phase-1-check phase-2-check phase-3-check phase-4-check phase-5-check phase-6-check \
        knob phase-1-reset phase-2-reset phase-3-reset phase-4-reset phase-5-reset phase-6-reset

$(SCENARIOS_JAR): $(SCENARIOS_INPUTS)
	$(MVN) -q -pl mesh/scenarios -am -DskipTests -Dquarkus.build.skip=true package
	@touch $@

scenarios-build: $(SCENARIOS_JAR) ## Build the scenario harness (mesh/scenarios) without running anything

scenarios: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Run every scenario against the cluster, then a summary table: MESH=istio|istio-ambient|linkerd|plain
	$(SCENARIOS_ENV) $(SCENARIOS) run all

scenario-%: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Run one scenario, e.g. make scenario-canary MESH=istio (names: mesh/scenarios/README.md)
	@case " $(SCENARIO_NAMES) " in *" $* "*) ;; *) echo "error: no scenario '$*' (one of: $(SCENARIO_NAMES))" >&2; exit 2;; esac
	$(SCENARIOS_ENV) $(SCENARIOS) run $*

scenarios-local: $(SCENARIOS_JAR) ## Mesh-independent scenarios against a suite already started by `make run` (3001-3005)
	TARGET=local $(SCENARIOS) local

feature-on: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Switch a feature component on and keep it: FEATURE=observability MESH=istio
	@test -n "$(FEATURE)" || { echo "error: set FEATURE=<component of mesh/components>" >&2; exit 1; }
	$(SCENARIOS_ENV) $(SCENARIOS) feature on $(FEATURE)

feature-off: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Switch a feature component off again: FEATURE=observability MESH=istio
	@test -n "$(FEATURE)" || { echo "error: set FEATURE=<component of mesh/components>" >&2; exit 1; }
	$(SCENARIOS_ENV) $(SCENARIOS) feature off $(FEATURE)

knob: $(SCENARIOS_JAR) ## A fault knob on EVERY pod of a service: SERVICE=product-service ERROR_RATE=0.3 [DELAY_MS= DELAY_RATE= PATHS=]
	@test -n "$(SERVICE)" || { echo "error: set SERVICE=<one of $(SERVICES)>" >&2; exit 2; }
	ERROR_RATE='$(ERROR_RATE)' DELAY_MS='$(DELAY_MS)' DELAY_RATE='$(DELAY_RATE)' PATHS='$(PATHS)' $(SCENARIOS) knob '$(SERVICE)'

phase-1-check: $(SCENARIOS_JAR) ## Workshop phase 1 checkpoint: the suite runs without a mesh
	ENTRY_URL=$(ENTRY_URL) $(SCENARIOS) phase check 1
phase-2-check: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Workshop phase 2 checkpoint: every pod meshed, identities seen: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase check 2
phase-3-check: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Workshop phase 3 checkpoint: gateway routing and the canary: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase check 3
phase-4-check: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Workshop phase 4 checkpoint: strict mTLS and authorization: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase check 4
phase-5-check: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Workshop phase 5 checkpoint: retries, timeouts, circuit breaking, faults: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase check 5
phase-6-check: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Workshop phase 6 checkpoint: traces, metrics, dashboards: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase check 6
phase-1-reset: $(SCENARIOS_JAR) ## Back to the start of workshop phase 1 (nothing deployed; nothing to do without a cluster)
	$(SCENARIOS) phase reset 1
phase-2-reset: mesh-record $(SCENARIOS_JAR) ## Back to the start of workshop phase 2 (the suite without a mesh; no MESH needed)
	REGISTRY=$(REGISTRY) ENTRY_URL=$(ENTRY_URL) $(SCENARIOS) phase reset 2
phase-3-reset: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Back to the start of workshop phase 3 (suite on MESH, defaults, no features)
	$(SCENARIOS_ENV) $(SCENARIOS) phase reset 3
phase-4-reset: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Back to the start of workshop phase 4: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase reset 4
phase-5-reset: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Back to the start of workshop phase 5: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase reset 5
phase-6-reset: check-mesh-arg mesh-record $(SCENARIOS_JAR) ## Back to the start of workshop phase 6: MESH=istio|linkerd
	$(SCENARIOS_ENV) $(SCENARIOS) phase reset 6

# The harness's own tests (bands, contrast verdicts, results, clean-up order, the workshop pages) run in
# test-java's reactor build; this starts the local suite and runs the mesh-independent scenarios against it.
TEST_TARGETS += test-scenarios
test-scenarios: $(SCENARIOS_JAR) ## The local suite (scripts/run-local.sh) started, `make scenarios-local` run against it, stopped
	$(SCENARIOS) local-suite
