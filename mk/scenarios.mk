# Scenarios (mesh/scenarios) and the workshop (mesh/workshop): what each mesh does, checked end to end.
# Every scenario prints one line per check, ends with `N passed, N failed` and writes JUnit XML + JSON to
# mesh/scenarios/results/. MESH comes from mk/mesh.mk (default plain).

SCENARIOS_DIR := mesh/scenarios
WORKSHOP_DIR := mesh/workshop
LOCAL_SCENARIOS := routing mtls retries idempotency
SCENARIO_SCRIPTS := $(wildcard $(SCENARIOS_DIR)/*.sh) $(wildcard $(WORKSHOP_DIR)/*.sh)

.PHONY: scenarios scenarios-local feature-on feature-off test-scenarios \
        phase-1-check phase-2-check phase-3-check phase-4-check phase-5-check phase-6-check \
        phase-1-reset phase-2-reset phase-3-reset phase-4-reset phase-5-reset phase-6-reset

scenarios: check-mesh-arg ## Run every scenario against the cluster, then a summary table: MESH=istio|linkerd|plain
	MESH=$(MESH) TARGET=cluster $(SCENARIOS_DIR)/run-all.sh

scenario-%: check-mesh-arg ## Run one scenario, e.g. make scenario-canary MESH=istio (see mesh/scenarios/)
	MESH=$(MESH) TARGET=cluster $(SCENARIOS_DIR)/$*.sh

scenarios-local: ## Mesh-independent scenarios against a suite already started by `make run` (3001-3005)
	TARGET=local $(SCENARIOS_DIR)/run-all.sh $(LOCAL_SCENARIOS)

feature-on: check-mesh-arg ## Switch a feature component on and keep it: FEATURE=observability MESH=istio
	@test -n "$(FEATURE)" || { echo "error: set FEATURE=<component of mesh/components>" >&2; exit 1; }
	MESH=$(MESH) $(SCENARIOS_DIR)/feature.sh on $(FEATURE)

feature-off: check-mesh-arg ## Switch a feature component off again: FEATURE=observability MESH=istio
	@test -n "$(FEATURE)" || { echo "error: set FEATURE=<component of mesh/components>" >&2; exit 1; }
	MESH=$(MESH) $(SCENARIOS_DIR)/feature.sh off $(FEATURE)

phase-1-check: ## Workshop phase 1 checkpoint: the suite runs without a mesh
	$(WORKSHOP_DIR)/phase.sh check 1
phase-2-check: ## Workshop phase 2 checkpoint: every pod meshed, identities seen: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh check 2
phase-3-check: ## Workshop phase 3 checkpoint: gateway routing and the canary: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh check 3
phase-4-check: ## Workshop phase 4 checkpoint: strict mTLS and authorization: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh check 4
phase-5-check: ## Workshop phase 5 checkpoint: retries, timeouts, circuit breaking, faults: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh check 5
phase-6-check: ## Workshop phase 6 checkpoint: traces, metrics, dashboards: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh check 6
phase-1-reset: ## Back to the start of workshop phase 1 (nothing deployed)
	$(WORKSHOP_DIR)/phase.sh reset 1
phase-2-reset: ## Back to the start of workshop phase 2 (the suite without a mesh)
	$(WORKSHOP_DIR)/phase.sh reset 2
phase-3-reset: ## Back to the start of workshop phase 3 (suite on MESH, defaults, no features)
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh reset 3
phase-4-reset: ## Back to the start of workshop phase 4: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh reset 4
phase-5-reset: ## Back to the start of workshop phase 5: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh reset 5
phase-6-reset: ## Back to the start of workshop phase 6: MESH=istio|linkerd
	MESH=$(MESH) $(WORKSHOP_DIR)/phase.sh reset 6

TEST_TARGETS += test-scenarios
test-scenarios: ## shellcheck the scenario/workshop scripts, self-test, docs check, local-suite scenarios
	$(call need,shellcheck,shellcheck (Debian package shellcheck; scripts/ci-prereqs.sh installs it))
	shellcheck -x -P SCRIPTDIR $(SCENARIO_SCRIPTS)
	$(SCENARIOS_DIR)/test-local-suite.sh
