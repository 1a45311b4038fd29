# The workshop's steps (mesh/workshop/<mesh>/phase-N-*, built from mesh/layers/<mesh>), which the phase pages
# apply with `make step`: the step's diff, then its apply, through the render path, so that the recorded
# COMPONENTS (e.g. workshop-small, entry-loadbalancer) and REGISTRY stay on at every step, on kind and EKS.
# `kubectl diff` exits 1 when it shows changes: read with `|| rc=$$?`, since .SHELLFLAGS' -e would end the
# recipe there (scripts/test-make-targets.sh). MESH, COMPONENTS, MESH_RENDER_DIR, `render-dir` and `need`
# come from mk/mesh.mk.

STEP ?=
# In the course's order (mesh/validation checks that it names exactly the steps on disk).
WORKSHOP_STEPS := phase-2-inject phase-3-entry phase-3-vip phase-3-canary phase-3-canary-50-50 \
  phase-4-permissive phase-4-strict phase-4-authorization phase-5-resilience phase-6-observability
WORKSHOP_RENDER = $(MESH_RENDER_DIR)/workshop-$(MESH)

.PHONY: steps step-dir step-diff step check-step-mesh

steps: check-step-mesh ## List the workshop steps of MESH=istio|linkerd, in the course's order
	@for s in $(WORKSHOP_STEPS); do echo "$$s"; done

# The steps belong to a mesh: without MESH=istio|linkerd (MESH defaults to plain) say so instead of a kustomize error.
check-step-mesh:
	@case "$(MESH)" in istio|linkerd) ;; \
	  *) echo "error: the workshop's steps are per mesh: add MESH=istio or MESH=linkerd (got MESH=$(MESH); make steps MESH=istio lists them)" >&2; exit 2;; esac

step-dir: check-step-mesh
	@case " $(WORKSHOP_STEPS) " in *" $(STEP) "*) ;; *) echo "error: STEP=$(STEP) is no step of mesh/workshop/$(MESH) (make steps MESH=$(MESH))" >&2; exit 2;; esac
	@$(MAKE) -s render-dir MESH=$(MESH) COMPONENTS="$(COMPONENTS)" MESH_RENDER=$(WORKSHOP_RENDER) \
	  MESH_RENDER_BASE=mesh/workshop/$(MESH)/$(STEP)

step-diff: check-step-mesh ## What a workshop step would change: STEP=phase-3-vip MESH=istio [COMPONENTS=workshop-small]
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@dir=$$($(MAKE) -s step-dir MESH=$(MESH) STEP=$(STEP) COMPONENTS="$(COMPONENTS)") || exit 2; \
	if ! kubectl get namespace meshdemo >/dev/null 2>&1; then \
	  echo "namespace meshdemo does not exist yet: everything is new (kubectl kustomize $$dir shows it)"; exit 0; fi; \
	rc=0; kubectl diff -k "$$dir" || rc=$$?; [ $$rc -le 1 ] || exit $$rc

step: step-diff ## Apply a workshop step after showing its diff: STEP=phase-3-vip MESH=istio [COMPONENTS=workshop-small]
	@dir=$$($(MAKE) -s step-dir MESH=$(MESH) STEP=$(STEP) COMPONENTS="$(COMPONENTS)"); set -x; kubectl apply -k "$$dir"
	@$(MAKE) -s status MESH=$(MESH)
