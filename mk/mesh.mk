# Kubernetes and the meshes: kind/EKS clusters, mesh installs, images, deploy, offline validation.
# Walkthrough: docs/cluster.md. Layout: mesh/README.md.

MESH ?= plain
KIND_CLUSTER ?= meshdemo
KIND_VERSION := v0.30.0
KUBECTL_MIN := 1.31
ISTIO_VERSION := 1.30.3
LINKERD_VERSION := edge-26.6.3
LINKERD_RELEASE := 2.20
# The one Gateway API version, for the cluster install and the validation: Istio 1.30.3 is built against
# v1.5.1 and Linkerd 2.20 lists 1.2.1 to 1.5.1 as supported. Caveat: Linkerd's policy controller at
# edge-26.6.3 is built on the 1.2.1 types (crate gateway-api 0.16.0 in its Cargo.lock; the 1.5.1 types
# arrive in edge-26.8.2, an edge release after 2.20, not adopted here), so under Linkerd it reads
# v1.5.1 objects through the 1.2.1 schema: fields added since are not acted on (this suite's routes use none).
# And v1.5.1 installs the ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io, which
# refuses any later install of Gateway API CRDs older than 1.5 (and experimental CRDs over standard
# ones): going back means deleting that policy first. docs/cluster.md, mesh/README.md.
GATEWAY_API_VERSION := v1.5.1
EKSCTL_VERSION := 0.210.0
IMAGE_TAG := 1.0.0
MESH_RENDER_DIR := target/mesh-render
# The image registry: empty for kind (images loaded from the local Docker daemon), a registry host for EKS.
# Given on the command line or in the environment (REGISTRY= clears it), it is recorded in the kustomize
# Component $(MESH_REGISTRY_COMPONENT), which every render includes, so that feature toggles and resets
# keep the images the suite was deployed with; otherwise the recorded one applies.
MESH_REGISTRY_COMPONENT := $(MESH_RENDER_DIR)/registry
ifeq ($(origin REGISTRY),undefined)
  REGISTRY := $(shell sed -n 's/^\# registry: //p' $(MESH_REGISTRY_COMPONENT)/kustomization.yaml 2>/dev/null)
  REGISTRY_RECORDED := 1
endif
# COMPONENTS (the deploy's profile, e.g. workshop-small) is recorded the same way, as the component names in
# $(MESH_COMPONENTS_RECORD): every later render (make's, the feature toggles', the resets' in mesh/scenarios)
# includes them until COMPONENTS= is given. Features switched on and off go through `make feature-on/off`.
MESH_COMPONENTS_RECORD := $(MESH_RENDER_DIR)/components
ifeq ($(origin COMPONENTS),undefined)
  COMPONENTS := $(shell grep -v '^\#' $(MESH_COMPONENTS_RECORD) 2>/dev/null)
  COMPONENTS_RECORDED := 1
endif
MESH_CRDS_CACHE := target/mesh-crds
# Where this machine reaches the entry, the one value the pages ($ENTRY_URL), `make status` and the scenarios use:
# ENTRY_URL when set, else the entry's load balancer (mesh/components/entry-loadbalancer, EKS), else kind's
# http://localhost:8080 (scripts/entry-url.sh). Looked up only where it is used.
ifeq ($(strip $(ENTRY_URL)),)
  ENTRY_URL = $(shell scripts/entry-url.sh)
endif

# CRD schemas for the offline validation: MESH_CRDS_DIR when set; else ../shared/crds beside the checkout
# when it exists (as on CI); else the cache target/mesh-crds, which `make crds` fills on first use. In every
# case `make crds` checks them against the checksums committed in mesh/crds.sha256.
ifeq ($(MESH_CRDS_DIR),)
  ifneq ($(wildcard ../shared/crds/*.yaml),)
    MESH_CRDS_DIR := $(abspath ../shared/crds)
  else
    MESH_CRDS_DIR := $(abspath $(MESH_CRDS_CACHE))
  endif
endif
# Fetching the cache needs curl and PyYAML (for Linkerd's CRDs), so the prerequisite step asks for them.
ifeq ($(MESH_CRDS_DIR),$(abspath $(MESH_CRDS_CACHE)))
  TEST_TOOLS += curl pyyaml
endif
export MESH_CRDS_DIR

MESH_OVERLAYS := plain istio istio-ambient linkerd
MESH_COMPONENTS := $(notdir $(wildcard mesh/components/*))

# $(call need,<tool>,<how to install>): stop with a clear message when a tool is missing.
need = @command -v $(1) >/dev/null 2>&1 || { echo "error: '$(1)' not found. Install $(2)." >&2; exit 1; }

.PHONY: cluster-up cluster-down mesh-install gateway-api kind-load deploy undeploy status crds render \
        render-dir mesh-record entry-url ecr-repos ecr-login test-mesh check-mesh-arg

check-mesh-arg:
	@case "$(MESH)" in plain|istio|istio-ambient|linkerd) ;; \
	  *) echo "error: MESH must be plain, istio, istio-ambient or linkerd (got '$(MESH)')" >&2; exit 1;; esac

cluster-up: ## Create the kind cluster 'meshdemo' (localhost:8080 -> NodePort 30080)
	$(call need,docker,Docker (https://docs.docker.com/get-docker/))
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@if kind get clusters 2>/dev/null | grep -qx '$(KIND_CLUSTER)'; then \
	  echo "kind cluster $(KIND_CLUSTER) already exists"; \
	else kind create cluster --config mesh/kind/cluster.yaml --name $(KIND_CLUSTER) --wait 120s; fi
	kubectl config use-context kind-$(KIND_CLUSTER)
	@if [ -f $(MESH_REGISTRY_COMPONENT)/kustomization.yaml ]; then rm -rf $(MESH_REGISTRY_COMPONENT); \
	  echo "kind loads the images locally: forgot the recorded REGISTRY"; fi

cluster-down: ## Delete the kind cluster 'meshdemo'
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	kind delete cluster --name $(KIND_CLUSTER)

# Install hints: each tool's own installer, then the directory it unpacks to on PATH.
# (Printed inside double quotes, hence the escapes: the user sees export PATH="$PWD/...:$PATH".)
ISTIOCTL_HINT = curl -L https://istio.io/downloadIstio | ISTIO_VERSION=$(ISTIO_VERSION) sh - && export PATH=\"\$$PWD/istio-$(ISTIO_VERSION)/bin:\$$PATH\"
# istioctl on PATH and at ISTIO_VERSION (another one would install another Istio), as two recipe lines. `|| true`:
# under .SHELLFLAGS' -e and pipefail a failing istioctl or grep would end the recipe before the message.
define need_istioctl
$(call need,istioctl,istioctl $(ISTIO_VERSION): $(ISTIOCTL_HINT))
@v=$$(istioctl version --remote=false 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true); \
if [ "$$v" != "$(ISTIO_VERSION)" ]; then \
  echo "error: istioctl $$v found, $(ISTIO_VERSION) needed: $(ISTIOCTL_HINT)" >&2; exit 1; fi
endef
LINKERD_HINT = curl -sSfL https://run.linkerd.io/install-edge | LINKERD2_VERSION=$(LINKERD_VERSION) sh && export PATH=\"\$$HOME/.linkerd2/bin:\$$PATH\"
# The linkerd CLI on PATH and at LINKERD_VERSION, as need_istioctl.
define need_linkerd
$(call need,linkerd,the linkerd CLI $(LINKERD_VERSION) (Linkerd $(LINKERD_RELEASE)): $(LINKERD_HINT))
@v=$$(linkerd version --client --short 2>/dev/null || true); \
if [ "$$v" != "$(LINKERD_VERSION)" ]; then \
  echo "error: linkerd CLI '$$v' found, $(LINKERD_VERSION) needed: $(LINKERD_HINT)" >&2; exit 1; fi
endef

# Linkerd 2.20's proxy tracing (chart values proxy.tracing.*, charts/linkerd-control-plane at edge-26.6.3):
# every injected proxy exports the spans of the sampled requests it carries (OTLP gRPC) to the
# observability component's collector, over mTLS to the collector's identity. Requests nobody sampled
# give no spans, so without that component the proxies export nothing. Read at injection: pods restart.
LINKERD_TRACING := --set proxy.tracing.enabled=true \
  --set proxy.tracing.collector.endpoint=otel-collector.meshdemo.svc.cluster.local:4317 \
  --set proxy.tracing.collector.meshIdentity.serviceAccountName=otel-collector \
  --set proxy.tracing.collector.meshIdentity.namespace=meshdemo
# Both meshes inject the proxy at pod creation: after an install or upgrade the running pods keep the
# proxy (version, tracing settings) they started with until they restart. The upgrade follows Linkerd's
# (upgrade --crds, upgrade, then `linkerd prune`, which renders from the stored values, its output deleted).
#
# Linkerd's control plane installed, or upgraded in place when it runs (linkerd-destination exists): `linkerd
# install` over an installed one exits with "Can't install the Linkerd control plane ... Run the command `linkerd
# upgrade`" (cli/cmd/install.go at edge-26.6.3). Shared by mesh-install (the current context) and
# multicluster-linkerd (each cluster, mk/multicluster.mk). $(1): the kube context as shell text, empty for the
# current one; $(2): the flags of both install and upgrade; $(3): a directory for what the CLI renders. One shell
# with `set -e`, and each rendering goes to a file before kubectl applies it: in `linkerd ... | kubectl apply -f -`
# only kubectl's status counts (POSIX sh has no pipefail), so a failing linkerd would pass unnoticed. The control
# plane's file holds the identity issuer's key: private (umask 077) and removed once applied.
linkerd_cli = linkerd$(if $(1), --context $(1))
linkerd_kubectl = kubectl$(if $(1), --context $(1))
linkerd_install_or_upgrade = set -e; umask 077; mkdir -p $(3); \
  if $(call linkerd_kubectl,$(1)) -n linkerd get deploy linkerd-destination >/dev/null 2>&1; then \
    echo "Linkerd is installed: upgrading it to $(LINKERD_VERSION) (re-applied unchanged when it runs that version)"; \
    set -x; $(call linkerd_cli,$(1)) upgrade --crds > $(3)/crds.yaml; $(call linkerd_kubectl,$(1)) apply -f $(3)/crds.yaml; \
    $(call linkerd_cli,$(1)) upgrade $(2) > $(3)/control-plane.yaml; $(call linkerd_kubectl,$(1)) apply -f $(3)/control-plane.yaml; \
    rm -f $(3)/control-plane.yaml; $(call linkerd_cli,$(1)) prune > $(3)/prune.yaml; set +x; \
    if [ -s $(3)/prune.yaml ]; then $(call linkerd_kubectl,$(1)) delete -f $(3)/prune.yaml; else echo "linkerd prune: nothing left over"; fi; \
  else \
    set -x; $(call linkerd_cli,$(1)) check --pre; \
    $(call linkerd_cli,$(1)) install --crds > $(3)/crds.yaml; $(call linkerd_kubectl,$(1)) apply -f $(3)/crds.yaml; \
    $(call linkerd_cli,$(1)) install $(2) > $(3)/control-plane.yaml; $(call linkerd_kubectl,$(1)) apply -f $(3)/control-plane.yaml; \
    rm -f $(3)/control-plane.yaml; set +x; \
  fi
MESH_RESTART_HINT = echo "Pods started before this install/upgrade keep their old proxy until restarted: kubectl -n meshdemo rollout restart deploy && kubectl -n meshdemo rollout restart statefulset postgres"

mesh-install: check-mesh-arg ## Install (or upgrade to) the mesh: MESH=istio (1.30.3, sidecars), MESH=istio-ambient (1.30.3, ztunnel) or MESH=linkerd (2.20 = edge-26.6.3); safe to rerun
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
ifeq ($(MESH),istio)
	$(need_istioctl)
	@installed=$$(kubectl -n istio-system get deploy istiod -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || true); \
	case "$$installed" in \
	  "") echo "installing Istio $(ISTIO_VERSION)";; \
	  *:$(ISTIO_VERSION)) echo "Istio $(ISTIO_VERSION) is installed; re-applying mesh/install/istio-operator.yaml (no change when identical)";; \
	  *) echo "istiod runs $${installed##*/}: upgrading it in place to $(ISTIO_VERSION)";; esac
	# istioctl ships no gateway.networking.k8s.io CRDs; the gamma component's HTTPRoutes need them.
	@$(MAKE) gateway-api
	# istiod only (the overlay brings its own ingress gateway) with an OpenTelemetry tracing provider.
	# `istioctl install` converges: rerunning it is safe.
	istioctl install -y -f mesh/install/istio-operator.yaml
	kubectl -n istio-system rollout status deploy/istiod --timeout=180s
	@$(MESH_RESTART_HINT)
else ifeq ($(MESH),istio-ambient)
	$(need_istioctl)
	# Waypoints and the entry are Gateway API Gateways: the CRDs come first.
	@$(MAKE) gateway-api
	# Profile ambient: istiod, istio-cni (a DaemonSet that redirects each ambient pod's traffic on its node)
	# and ztunnel (a DaemonSet, the L4 proxy of every node). Over a sidecar install this converges to the
	# ambient profile; sidecar-injected pods keep their sidecars until restarted.
	istioctl install -y --set profile=ambient -f mesh/install/istio-ambient-operator.yaml
	kubectl -n istio-system rollout status deploy/istiod --timeout=180s
	kubectl -n istio-system rollout status daemonset/istio-cni-node --timeout=180s
	kubectl -n istio-system rollout status daemonset/ztunnel --timeout=180s
else ifeq ($(MESH),linkerd)
	$(need_linkerd)
	@$(MAKE) gateway-api
	@$(call linkerd_install_or_upgrade,,$(LINKERD_TRACING),$(MESH_RENDER_DIR)/linkerd-install)
	linkerd check
	@$(MESH_RESTART_HINT)
else
	@echo "MESH=plain needs no mesh"
endif

# Gateway API: the CRDs carry their release in the gateway.networking.k8s.io/bundle-version annotation.
# Installed when absent; left alone when it is $(GATEWAY_API_VERSION); any other version stops here, since
# this suite and its validation pin one version. GATEWAY_API_CONTEXT: a kube context other than the current one
# (the multi-cluster installs call it once per cluster).
GATEWAY_API_URL := https://github.com/kubernetes-sigs/gateway-api/releases/download/$(GATEWAY_API_VERSION)/standard-install.yaml
GATEWAY_API_CONTEXT ?=
gateway_kubectl = kubectl$(if $(GATEWAY_API_CONTEXT), --context '$(GATEWAY_API_CONTEXT)')
gateway-api: ## Install the pinned Gateway API CRDs (standard channel) unless present; stop on another bundle-version
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@v=$$($(gateway_kubectl) get crd httproutes.gateway.networking.k8s.io \
	  -o jsonpath='{.metadata.annotations.gateway\.networking\.k8s\.io/bundle-version}' 2>/dev/null || true); \
	if [ -z "$$v" ] && $(gateway_kubectl) get crd httproutes.gateway.networking.k8s.io >/dev/null 2>&1; then v=unknown; fi; \
	case "$$v" in \
	  "") echo "installing Gateway API $(GATEWAY_API_VERSION)$(if $(GATEWAY_API_CONTEXT), in $(GATEWAY_API_CONTEXT))"; \
	      $(gateway_kubectl) apply --server-side -f $(GATEWAY_API_URL);; \
	  $(GATEWAY_API_VERSION)) echo "Gateway API $(GATEWAY_API_VERSION) is installed$(if $(GATEWAY_API_CONTEXT), in $(GATEWAY_API_CONTEXT))";; \
	  *) echo "error: Gateway API $$v is installed$(if $(GATEWAY_API_CONTEXT), in $(GATEWAY_API_CONTEXT)); this suite pins $(GATEWAY_API_VERSION). Upgrade the CRDs with" >&2; \
	     echo "  $(gateway_kubectl) apply --server-side -f $(GATEWAY_API_URL)" >&2; exit 1;; esac

# `images` and `push` are in mk/images.mk (JDK 25 AOT images).

# ECR (EKS): REGISTRY=<account>.dkr.ecr.<region>.amazonaws.com; the region is read from it.
AWS_REGION ?= $(word 4,$(subst ., ,$(REGISTRY)))
ecr_check = @case "$(REGISTRY)" in *.dkr.ecr.*.amazonaws.com) ;; \
  *) echo "error: set REGISTRY=<account>.dkr.ecr.<region>.amazonaws.com (got '$(REGISTRY)')" >&2; exit 1;; esac

ecr-repos: ## Create the ECR repositories meshdemo/<service> in REGISTRY's account and region (skips existing ones)
	$(call need,aws,the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html))
	$(ecr_check)
	@for s in $(SERVICES); do \
	  if aws ecr describe-repositories --region $(AWS_REGION) --repository-names meshdemo/$$s >/dev/null 2>&1; then \
	    echo "meshdemo/$$s exists"; \
	  else aws ecr create-repository --region $(AWS_REGION) --repository-name meshdemo/$$s \
	    --image-scanning-configuration scanOnPush=true >/dev/null && echo "created meshdemo/$$s"; fi; done

ecr-login: ## Log Docker in to REGISTRY (ECR tokens last 12 h), which `make push` (docker push) needs
	$(call need,aws,the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html))
	$(call need,docker,Docker (https://docs.docker.com/get-docker/))
	$(ecr_check)
	aws ecr get-login-password --region $(AWS_REGION) | docker login --username AWS --password-stdin $(REGISTRY)

kind-load: ## Load the locally built images into the kind cluster
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	@for s in $(SERVICES); do \
	  echo "kind load docker-image meshdemo/$$s:$(IMAGE_TAG)"; \
	  kind load docker-image meshdemo/$$s:$(IMAGE_TAG) --name $(KIND_CLUSTER); done

# The one render path of the cluster: the overlay of MESH, the components in COMPONENTS (names of
# mesh/components) and, when a registry is set, the Component $(MESH_REGISTRY_COMPONENT) that points the
# images at it. `make deploy`, the feature toggles and the workshop resets all render through it.
MESH_RENDER := $(MESH_RENDER_DIR)/$(MESH)
# What the render starts from: the overlay, or a workshop step (mk/workshop.mk passes mesh/workshop/MESH/STEP).
MESH_RENDER_BASE := mesh/overlays/$(MESH)
# The way back from a directory of the repository to its root, e.g. target/mesh-render/istio -> ../../..
# (kustomize takes relative paths only); MESH_RENDER_UP is the way back from $(MESH_RENDER).
mesh_empty :=
mesh_space := $(mesh_empty) $(mesh_empty)
mesh_up_from = $(subst $(mesh_space),/,$(patsubst %,..,$(subst /, ,$(1))))
MESH_RENDER_UP := $(call mesh_up_from,$(MESH_RENDER))

# Records what REGISTRY and COMPONENTS say when they are given (see above); the render and the scenario
# targets start with it, so that the harness's renders (mesh/scenarios Kustomize.java) read the same record.
mesh-record:
ifneq ($(REGISTRY_RECORDED),1)
ifneq ($(REGISTRY),)
	@mkdir -p $(MESH_REGISTRY_COMPONENT)
	@{ echo "# registry: $(REGISTRY)"; \
	  echo "# Written by make (mk/mesh.mk) from REGISTRY; every render includes it. Remove it with REGISTRY= on the command line."; \
	  echo "apiVersion: kustomize.config.k8s.io/v1alpha1"; echo "kind: Component"; echo "images:"; \
	  for s in $(SERVICES); do echo "  - {name: meshdemo/$$s, newName: $(REGISTRY)/meshdemo/$$s, newTag: \"$(IMAGE_TAG)\"}"; done; \
	} > $(MESH_REGISTRY_COMPONENT)/kustomization.yaml
else
	@rm -rf $(MESH_REGISTRY_COMPONENT)
endif
endif
ifneq ($(COMPONENTS_RECORDED),1)
	@for c in $(COMPONENTS); do [ -d mesh/components/$$c ] || { echo "error: no component mesh/components/$$c" >&2; exit 1; }; done
ifneq ($(strip $(COMPONENTS)),)
	@mkdir -p $(MESH_RENDER_DIR)
	@{ echo "# Written by make (mk/mesh.mk) from COMPONENTS; every render includes them. Remove them with COMPONENTS= on the command line."; \
	  for c in $(COMPONENTS); do echo "$$c"; done; } > $(MESH_COMPONENTS_RECORD)
else
	@rm -f $(MESH_COMPONENTS_RECORD)
endif
endif

render-dir: check-mesh-arg mesh-record ## Write the kustomization of MESH (+ COMPONENTS, REGISTRY) and print its directory
	@for c in $(COMPONENTS); do [ -d mesh/components/$$c ] || { echo "error: no component mesh/components/$$c" >&2; exit 1; }; done
	@mkdir -p $(MESH_RENDER)
	@{ echo "# Written by make render (mk/mesh.mk): MESH=$(MESH) COMPONENTS=$(COMPONENTS)"; \
	  echo "apiVersion: kustomize.config.k8s.io/v1beta1"; echo "kind: Kustomization"; \
	  echo "resources: [$(MESH_RENDER_UP)/$(MESH_RENDER_BASE)]"; echo "components:"; \
	  for c in $(COMPONENTS); do echo "  - $(MESH_RENDER_UP)/mesh/components/$$c"; done; \
	  if [ -f $(MESH_REGISTRY_COMPONENT)/kustomization.yaml ]; then echo "  - ../registry"; fi; \
	} > $(MESH_RENDER)/kustomization.yaml
	@echo $(MESH_RENDER)

render: check-mesh-arg ## Print the manifests of MESH=plain|istio|istio-ambient|linkerd, with COMPONENTS="a b" and REGISTRY=... if set
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@dir=$$($(MAKE) -s render-dir MESH=$(MESH) COMPONENTS="$(COMPONENTS)"); kubectl kustomize "$$dir"

deploy: check-mesh-arg ## Deploy the suite: MESH=plain|istio|istio-ambient|linkerd [COMPONENTS=...] [REGISTRY=...] (mesh installed first)
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@dir=$$($(MAKE) -s render-dir MESH=$(MESH) COMPONENTS="$(COMPONENTS)"); set -x; kubectl kustomize "$$dir" | kubectl apply -f -
	@$(MAKE) status MESH=$(MESH)

undeploy: ## Delete the suite (the namespace meshdemo and everything in it)
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	kubectl delete namespace meshdemo --ignore-not-found --wait=true

status: check-mesh-arg ## Wait until every pod is ready and meshed (2/2 under Istio/Linkerd, ztunnel-redirected under ambient); MESH=...
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	kubectl -n meshdemo rollout status statefulset/postgres --timeout=300s
	@# Gateway API Gateways (ambient: the entry and the waypoint): istiod creates their Deployments.
	@if kubectl get crd gateways.gateway.networking.k8s.io >/dev/null 2>&1; then \
	  for g in $$(kubectl -n meshdemo get gateways.gateway.networking.k8s.io -o name 2>/dev/null); do \
	    kubectl -n meshdemo wait "$$g" --for=condition=Programmed --timeout=300s; done; fi
	@for d in $$(kubectl -n meshdemo get deploy -o name); do \
	  kubectl -n meshdemo rollout status $$d --timeout=300s; done
	kubectl -n meshdemo wait pod --all --for=condition=Ready --timeout=300s
	@unmeshed=0; \
	if [ "$(MESH)" = istio ]; then sidecar=istio-proxy; elif [ "$(MESH)" = linkerd ]; then sidecar=linkerd-proxy; else sidecar=; fi; \
	if [ -n "$$sidecar" ]; then \
	  for p in $$(kubectl -n meshdemo get pod -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}'); do \
	    if ! kubectl -n meshdemo get pod "$$p" -o jsonpath='{.spec.containers[*].name} {.spec.initContainers[*].name}' | tr ' ' '\n' | grep -qx "$$sidecar"; then \
	      echo "not meshed: $$p (no $$sidecar)"; unmeshed=1; fi; done; fi; \
	if [ "$(MESH)" = istio-ambient ]; then \
	  for p in $$(kubectl -n meshdemo get pod -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.labels.gateway\.networking\.k8s\.io/gateway-name}{"\n"}{end}' | awk 'NF == 1'); do \
	    if [ "$$(kubectl -n meshdemo get pod "$$p" -o jsonpath='{.metadata.annotations.ambient\.istio\.io/redirection}')" != enabled ]; then \
	      echo "not meshed: $$p (istio-cni has not redirected it to ztunnel: ambient.istio.io/redirection is not 'enabled')"; unmeshed=1; fi; done; fi; \
	kubectl -n meshdemo get pods -o wide; \
	if [ "$$unmeshed" = 1 ]; then exit 1; fi
ifeq ($(MESH),linkerd)
	linkerd check --proxy -n meshdemo
endif
	@url="$(ENTRY_URL)"; echo "meshdemo is up ($(MESH)): try curl -s $$url/products/1 (the pages' \$$ENTRY_URL: export ENTRY_URL=$$url)"

entry-url: ## Print where this machine reaches the entry, the pages' ENTRY_URL (kind: localhost:8080; EKS: the load balancer)
	@echo "$(patsubst %/,%,$(ENTRY_URL))"

CRDS_ENV = ISTIO_VERSION=$(ISTIO_VERSION) LINKERD_VERSION=$(LINKERD_VERSION) LINKERD_RELEASE=$(LINKERD_RELEASE) \
  GATEWAY_API_VERSION=$(GATEWAY_API_VERSION)
crds: ## The pinned Istio/Linkerd/Gateway API CRD schemas: fetched once into target/mesh-crds, sha256-checked
ifeq ($(MESH_CRDS_DIR),$(abspath $(MESH_CRDS_CACHE)))
	@$(CRDS_ENV) mesh/fetch-crds.sh fetch "$(MESH_CRDS_DIR)"
else
	@$(CRDS_ENV) mesh/fetch-crds.sh verify "$(MESH_CRDS_DIR)"
endif

# The validation module runs inside `make test`'s reactor build (test-java); this adds a quick render
# of every overlay so a kustomize error is reported by name even when the Java build is skipped.
TEST_TARGETS += test-mesh
test-mesh: ## Render every overlay with kubectl kustomize (the full validation runs in mesh/validation)
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@for o in $(MESH_OVERLAYS); do \
	  n=$$(kubectl kustomize mesh/overlays/$$o | grep -c '^kind:'); echo "mesh/overlays/$$o: $$n objects"; done
