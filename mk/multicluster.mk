# Multi-cluster (issue 24): one mesh over two clusters, east and west. This part: one trust root for both
# (mesh/multicluster/certs/README.md), made with openssl and installed as Istio's plug-in CA or as
# Linkerd's trust anchor and issuer.
MC_CLUSTERS := east west
# The kube contexts of the two clusters (kind names them kind-<cluster name>; on EKS pass yours).
MC_CONTEXT_east ?= kind-meshdemo-east
MC_CONTEXT_west ?= kind-meshdemo-west
# The API server address the peer's control plane uses (Istio's remote secrets): kubeconfig's
# https://127.0.0.1:<port> is the laptop's, not reachable from the other cluster, so on kind the node's name on
# network `kind`; on EKS set them empty (the kubeconfig's endpoint is public).
MC_SERVER_east ?= https://meshdemo-east-control-plane:6443
MC_SERVER_west ?= https://meshdemo-west-control-plane:6443
# Where mc-certs writes (kept out of git: it holds private keys).
MC_CERTS_DIR ?= .multicluster/certs
MC_CERTS := mesh/multicluster/certs/certs.sh

.PHONY: mc-certs mc-certs-check mc-certs-istio mc-certs-linkerd-flags test-multicluster

mc-certs: ## One ECDSA root + an intermediate per cluster (east, west) in MC_CERTS_DIR; keeps an existing root
	$(MC_CERTS) create $(MC_CERTS_DIR) $(MC_CLUSTERS)
	$(MC_CERTS) check $(MC_CERTS_DIR) $(MC_CLUSTERS)

mc-certs-check: ## Verify MC_CERTS_DIR: each intermediate chains to the root, P-256, CA:true pathlen:0
	$(MC_CERTS) check $(MC_CERTS_DIR) $(MC_CLUSTERS)

mc-certs-istio: mc-certs-check ## Install each cluster's intermediate as Istio's plug-in CA (secret cacerts), before istioctl install
	@for c in $(MC_CLUSTERS); do \
	  case $$c in east) ctx='$(MC_CONTEXT_east)';; *) ctx='$(MC_CONTEXT_west)';; esac; \
	  kubectl --context "$$ctx" create namespace istio-system --dry-run=client -o yaml | kubectl --context "$$ctx" apply -f -; \
	  kubectl --context "$$ctx" -n istio-system create secret generic cacerts \
	    --from-file=$(MC_CERTS_DIR)/$$c/ca-cert.pem --from-file=$(MC_CERTS_DIR)/$$c/ca-key.pem \
	    --from-file=$(MC_CERTS_DIR)/$$c/root-cert.pem --from-file=$(MC_CERTS_DIR)/$$c/cert-chain.pem \
	    --dry-run=client -o yaml | kubectl --context "$$ctx" apply -f -; \
	done

mc-certs-linkerd-flags: mc-certs-check ## Print the linkerd install flags for CLUSTER=east|west (the shared trust anchor, that cluster's issuer)
	@case '$(CLUSTER)' in east|west) ;; *) echo "error: CLUSTER=east|west" >&2; exit 2;; esac
	@echo "--identity-trust-anchors-file $(MC_CERTS_DIR)/root-cert.pem" \
	  "--identity-issuer-certificate-file $(MC_CERTS_DIR)/$(CLUSTER)/ca-cert.pem" \
	  "--identity-issuer-key-file $(MC_CERTS_DIR)/$(CLUSTER)/ca-key.pem"

# --- Two clusters ---------------------------------------------------------------------------------------
# kind: LoadBalancer addresses from cloud-provider-kind (pinned; a host binary, run beside kind), not MetalLB:
# it needs no address pool carved from the Docker network by hand, and on macOS/Windows Docker Desktop (whose
# `kind` network the host cannot reach) it maps each load balancer's ports to the host, which MetalLB cannot.
# The gateways' peers are pods in the other cluster, on the same `kind` network, so they reach the
# load-balancer containers' addresses on every platform.
CLOUD_PROVIDER_KIND_VERSION := v0.11.1
MC_KIND_CLUSTERS := meshdemo-east meshdemo-west

.PHONY: clusters-up clusters-down

clusters-up: ## Two kind clusters, meshdemo-east and meshdemo-west (distinct CIDRs, one Docker network `kind`)
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@for c in $(MC_KIND_CLUSTERS); do \
	  if kind get clusters 2>/dev/null | grep -qx "$$c"; then echo "kind cluster $$c already exists"; \
	  else kind create cluster --config "mesh/multicluster/kind/$${c#meshdemo-}.yaml" --wait 120s; fi; \
	done
	@command -v cloud-provider-kind >/dev/null 2>&1 || echo "note: install cloud-provider-kind $(CLOUD_PROVIDER_KIND_VERSION):" \
	  "go install sigs.k8s.io/cloud-provider-kind@$(CLOUD_PROVIDER_KIND_VERSION)"
	@echo "next: run 'sudo cloud-provider-kind' in another terminal (it gives the gateways their LoadBalancer addresses), then make mc-certs"

clusters-down: ## Delete the two kind clusters meshdemo-east and meshdemo-west
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	@for c in $(MC_KIND_CLUSTERS); do kind delete cluster --name "$$c"; done

# --- One mesh over both: make multicluster MESH=istio|linkerd ----------------------------------------------
.PHONY: multicluster multicluster-istio multicluster-linkerd multicluster-deploy

multicluster: check-mesh-arg ## Install MESH (istio|linkerd) in east and west with one trust root, and link them
	@case '$(MESH)' in istio|linkerd) ;; *) echo "error: multicluster needs MESH=istio or MESH=linkerd" >&2; exit 2;; esac
	$(MAKE) mc-certs
	$(MAKE) multicluster-$(MESH)

# The pinned Gateway API CRDs in each cluster, as mesh-install does for one: istioctl ships none, and
# linkerd-crds' installGatewayAPI is false at edge-26.6.3, while Linkerd's policy controller and the failover
# scenario's HTTPRoute need them. One recipe line per cluster, through $(call): make sees no $(MAKE) in the line,
# so `make -n` prints it instead of running it.
mc_gateway_api = $(MAKE) --no-print-directory gateway-api GATEWAY_API_CONTEXT='$(MC_CONTEXT_$(1))'

# Istio 1.30.3 "Install Multi-Primary on different networks": per cluster the network label on istio-system,
# the plug-in CA, istiod with meshID/clusterName/network, the east-west gateway and *.local exposed on 15443;
# then each cluster gets the other's remote secret (its API server, read by the local istiod for endpoints).
multicluster-istio: mc-certs-istio
	$(call need,istioctl,istioctl $(ISTIO_VERSION): $(ISTIOCTL_HINT))
	$(call mc_gateway_api,east)
	$(call mc_gateway_api,west)
	@for c in $(MC_CLUSTERS); do \
	  case $$c in east) ctx='$(MC_CONTEXT_east)';; *) ctx='$(MC_CONTEXT_west)';; esac; \
	  set -x; \
	  kubectl --context "$$ctx" label namespace istio-system topology.istio.io/network=network-$$c --overwrite; \
	  istioctl install -y --context "$$ctx" -f mesh/install/istio-operator.yaml -f mesh/multicluster/istio/$$c/cluster.yaml; \
	  istioctl install -y --context "$$ctx" -f mesh/multicluster/istio/$$c/eastwest-gateway.yaml; \
	  kubectl --context "$$ctx" apply -f mesh/multicluster/istio/expose-services.yaml; \
	  set +x; \
	done
	istioctl create-remote-secret --context '$(MC_CONTEXT_west)' --name west $(if $(MC_SERVER_west),--server $(MC_SERVER_west)) | kubectl --context '$(MC_CONTEXT_east)' apply -f -
	istioctl create-remote-secret --context '$(MC_CONTEXT_east)' --name east $(if $(MC_SERVER_east),--server $(MC_SERVER_east)) | kubectl --context '$(MC_CONTEXT_west)' apply -f -
	@echo "next: make multicluster-deploy MESH=istio"

# Linkerd (edge-26.6.3): each control plane with the shared trust anchor and its own issuer, the multicluster
# extension (gateway mode: the clusters' pod networks are not routed to each other on kind or EKS), then each
# cluster linked to the other (the Link and its credentials, applied in the linking cluster). Services are
# mirrored when labelled mirror.linkerd.io/exported=true (link-gen's default selector). At edge-26.6.3 `link`
# is deprecated for `link-gen`, which writes only the Link and its credentials: the service-mirror controller
# of each Link (Deployment controller-<peer>) comes from `multicluster install`'s controllers list, so each
# cluster's install names its peer's Link. --api-server-address: kubeconfig's 127.0.0.1 is not reachable from
# the peer on kind.
multicluster-linkerd: mc-certs-check
	$(call need,linkerd,linkerd $(LINKERD_VERSION))
	$(call mc_gateway_api,east)
	$(call mc_gateway_api,west)
	@for c in $(MC_CLUSTERS); do \
	  case $$c in east) ctx='$(MC_CONTEXT_east)'; peer=west;; *) ctx='$(MC_CONTEXT_west)'; peer=east;; esac; \
	  set -x; \
	  linkerd --context "$$ctx" install --crds | kubectl --context "$$ctx" apply -f -; \
	  linkerd --context "$$ctx" install --identity-trust-anchors-file $(MC_CERTS_DIR)/root-cert.pem \
	    --identity-issuer-certificate-file $(MC_CERTS_DIR)/$$c/ca-cert.pem \
	    --identity-issuer-key-file $(MC_CERTS_DIR)/$$c/ca-key.pem | kubectl --context "$$ctx" apply -f -; \
	  linkerd --context "$$ctx" check; \
	  linkerd --context "$$ctx" multicluster install --set "controllers[0].link.ref.name=$$peer" \
	    | kubectl --context "$$ctx" apply -f -; \
	  set +x; \
	done
	linkerd --context '$(MC_CONTEXT_west)' multicluster link-gen --cluster-name west $(if $(MC_SERVER_west),--api-server-address $(MC_SERVER_west)) | kubectl --context '$(MC_CONTEXT_east)' apply -f -
	linkerd --context '$(MC_CONTEXT_east)' multicluster link-gen --cluster-name east $(if $(MC_SERVER_east),--api-server-address $(MC_SERVER_east)) | kubectl --context '$(MC_CONTEXT_west)' apply -f -
	@echo "next: make multicluster-deploy MESH=linkerd"

# Each cluster's placement rendered with the registry make recorded (mk/mesh.mk's mesh-record): EKS pulls the
# images from REGISTRY, kind runs the ones `make kind-load` put in each cluster.
MC_RENDER_DIR := $(MESH_RENDER_DIR)/multicluster
# The way back to the repository root from a cluster's directory $(MC_RENDER_DIR)/<mesh>-<cluster>.
MC_RENDER_UP := $(call mesh_up_from,$(MC_RENDER_DIR)/cluster)
multicluster-deploy: check-mesh-arg mesh-record ## Deploy the suite: all of it in east, product-service only in west (mesh/multicluster/placement; REGISTRY= for EKS)
	@for c in $(MC_CLUSTERS); do d=$(MC_RENDER_DIR)/$(MESH)-$$c; mkdir -p $$d; \
	  { echo "# Written by make (mk/multicluster.mk): placement/$(MESH)-$$c with the recorded REGISTRY, if any."; \
	    echo "apiVersion: kustomize.config.k8s.io/v1beta1"; echo "kind: Kustomization"; \
	    echo "resources: [$(MC_RENDER_UP)/mesh/multicluster/placement/$(MESH)-$$c]"; \
	    if [ -f $(MESH_REGISTRY_COMPONENT)/kustomization.yaml ]; then echo "components: [$(MC_RENDER_UP)/$(MESH_REGISTRY_COMPONENT)]"; fi; \
	  } > $$d/kustomization.yaml; done
	kubectl kustomize $(MC_RENDER_DIR)/$(MESH)-east | kubectl --context '$(MC_CONTEXT_east)' apply -f -
	kubectl kustomize $(MC_RENDER_DIR)/$(MESH)-west | kubectl --context '$(MC_CONTEXT_west)' apply -f -

# The check of workshop phase 7 (mesh/workshop/phase-7-multicluster.md): reads both clusters, changes nothing.
.PHONY: multicluster-status
multicluster-status: check-mesh-arg ## Is one MESH (istio|linkerd) over east and west up: control planes, gateways, product-service of both seen from east
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	$(if $(filter istio,$(MESH)),$(call need,istioctl,istioctl $(ISTIO_VERSION): $(ISTIOCTL_HINT)))
	$(if $(filter linkerd,$(MESH)),$(call need,linkerd,linkerd $(LINKERD_VERSION): $(LINKERD_HINT)))
	mesh/multicluster/status.sh '$(MESH)' '$(MC_CONTEXT_east)' '$(MC_CONTEXT_west)'

# The multi-cluster scenarios (mesh/scenarios, feature/Multicluster*Scenario): cross-cluster identity, failover and
# the latency of the hop, each with its control in the same run, through both contexts; they restore what they
# change. MESH is checked before the harness is built (mk/scenarios.mk's scenarios-build).
.PHONY: scenarios-multicluster
scenarios-multicluster: ## Multi-cluster scenarios, each against its control: identity across clusters, failover to west, the hop's latency: MESH=istio|linkerd
	@case '$(MESH)' in istio|linkerd) ;; *) echo "error: scenarios-multicluster needs MESH=istio or MESH=linkerd (got '$(MESH)')" >&2; exit 2;; esac
	@$(MAKE) --no-print-directory scenarios-build
	MESH=$(MESH) MC_CONTEXT_EAST='$(MC_CONTEXT_east)' MC_CONTEXT_WEST='$(MC_CONTEXT_west)' $(SCENARIOS) multicluster all

# Offline checks of the multi-cluster part, run by test-scripts (so by `make test`).
test-scripts: test-multicluster
TEST_TOOLS += openssl
test-multicluster: ## Offline tests of the multi-cluster tooling (certificates: openssl only; multicluster-status: fake CLIs; scenarios-multicluster's MESH check)
	shellcheck -x mesh/multicluster/certs/*.sh
	scripts/check-portable.sh mesh/multicluster/certs/*.sh mk/multicluster.mk
	mesh/multicluster/certs/test-certs.sh
	shellcheck -x mesh/multicluster/status.sh mesh/multicluster/test-status.sh
	scripts/check-portable.sh mesh/multicluster/status.sh mesh/multicluster/test-status.sh
	mesh/multicluster/test-status.sh
	shellcheck -x mesh/multicluster/test-scenarios-target.sh
	scripts/check-portable.sh mesh/multicluster/test-scenarios-target.sh
	mesh/multicluster/test-scenarios-target.sh
