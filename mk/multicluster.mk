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
	@set -e; for c in $(MC_CLUSTERS); do \
	  case $$c in east) ctx='$(MC_CONTEXT_east)';; *) ctx='$(MC_CONTEXT_west)';; esac; \
	  ns=$$(kubectl --context "$$ctx" create namespace istio-system --dry-run=client -o yaml); \
	  printf '%s\n' "$$ns" | kubectl --context "$$ctx" apply -f -; \
	  secret=$$(kubectl --context "$$ctx" -n istio-system create secret generic cacerts \
	    --from-file=$(MC_CERTS_DIR)/$$c/ca-cert.pem --from-file=$(MC_CERTS_DIR)/$$c/ca-key.pem \
	    --from-file=$(MC_CERTS_DIR)/$$c/root-cert.pem --from-file=$(MC_CERTS_DIR)/$$c/cert-chain.pem \
	    --dry-run=client -o yaml); \
	  printf '%s\n' "$$secret" | kubectl --context "$$ctx" apply -f -; \
	done

mc-certs-linkerd-flags: mc-certs-check ## Print the linkerd install flags for CLUSTER=east|west (the shared trust anchor, that cluster's issuer)
	@case '$(CLUSTER)' in east|west) ;; *) echo "error: CLUSTER=east|west" >&2; exit 2;; esac
	@echo "--identity-trust-anchors-file $(MC_CERTS_DIR)/root-cert.pem" \
	  "--identity-issuer-certificate-file $(MC_CERTS_DIR)/$(CLUSTER)/ca-cert.pem" \
	  "--identity-issuer-key-file $(MC_CERTS_DIR)/$(CLUSTER)/ca-key.pem"

# Every loop recipe below runs in one shell with `set -e`, so the first failing command stops it (without, make
# sees only the status of the loop's last command). What a CLI renders is applied only once the CLI has
# succeeded: in `cli | kubectl apply -f -` only kubectl's status counts, and POSIX sh has no pipefail. So either
# `out=$$(cli)` under `set -e` (or with &&) and then printf to kubectl, where the output holds credentials and
# the shell echoes no command (set -x would print the value), or a file under the render directory.

# --- Two clusters ---------------------------------------------------------------------------------------
# kind: LoadBalancer addresses from cloud-provider-kind (pinned; a host binary, run beside kind), not MetalLB:
# it needs no address pool carved from the Docker network by hand, and on macOS/Windows Docker Desktop (whose
# `kind` network the host cannot reach) it maps each load balancer's ports to the host, which MetalLB cannot.
# The gateways' peers are pods in the other cluster, on the same `kind` network, so they reach the
# load-balancer containers' addresses on every platform.
# At this pin cloud-provider-kind also puts the CRDs of its own release's bundle (an older bundle-version than
# GATEWAY_API_VERSION; create-only: it skips CRDs that exist) into every kind cluster it finds, unless it runs
# with --gateway-channel disabled (pkg/controller/controller.go, cmd/app.go); the suite does not use its
# controller for them. So clusters-up installs the pinned CRDs first, and the command it suggests disables the
# channel. sudo: macOS (enforced, cmd/app.go) and WSL2 need it; on Linux it only needs the Docker socket, and
# sudo's secure_path would not find ~/go/bin.
CLOUD_PROVIDER_KIND_VERSION := v0.11.1
CLOUD_PROVIDER_KIND_RUN := cloud-provider-kind --gateway-channel disabled
MC_KIND_CLUSTERS := meshdemo-east meshdemo-west

.PHONY: clusters-up clusters-down

clusters-up: ## Two kind clusters, meshdemo-east and meshdemo-west (distinct CIDRs, one Docker network `kind`)
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	@set -e; for c in $(MC_KIND_CLUSTERS); do \
	  if kind get clusters 2>/dev/null | grep -qx "$$c"; then echo "kind cluster $$c already exists"; \
	  else kind create cluster --config "mesh/multicluster/kind/$${c#meshdemo-}.yaml" --wait 120s; fi; \
	done
	$(call mc_gateway_api,east)
	$(call mc_gateway_api,west)
	@command -v cloud-provider-kind >/dev/null 2>&1 || echo "note: install cloud-provider-kind $(CLOUD_PROVIDER_KIND_VERSION) (Go >= 1.26):" \
	  "go install sigs.k8s.io/cloud-provider-kind@$(CLOUD_PROVIDER_KIND_VERSION), then on macOS/WSL2 sudo install ~/go/bin/cloud-provider-kind /usr/local/bin"
	@echo "next: run '$(CLOUD_PROVIDER_KIND_RUN)' in another terminal (macOS/WSL2: with sudo; it gives the gateways their LoadBalancer addresses), then make mc-certs"

clusters-down: ## Delete the two kind clusters meshdemo-east and meshdemo-west
	$(call need,kind,kind $(KIND_VERSION) (https://kind.sigs.k8s.io/docs/user/quick-start/#installation))
	@set -e; for c in $(MC_KIND_CLUSTERS); do kind delete cluster --name "$$c"; done

# --- One mesh over both: make multicluster MESH=istio|linkerd ----------------------------------------------
.PHONY: multicluster multicluster-istio multicluster-linkerd multicluster-deploy

multicluster: check-mesh-arg ## Install MESH (istio|linkerd) in east and west with one trust root, and link them
	@case '$(MESH)' in istio|linkerd) ;; *) echo "error: multicluster needs MESH=istio or MESH=linkerd" >&2; exit 2;; esac
	$(MAKE) mc-certs
	$(MAKE) multicluster-$(MESH)

# The pinned Gateway API CRDs in each cluster, as mesh-install does for one: istioctl ships none, and
# linkerd-crds' installGatewayAPI is false at edge-26.6.3, while Linkerd's policy controller and the failover
# scenario's HTTPRoute need them. clusters-up installs them too, before cloud-provider-kind can put its own
# (another bundle-version, which `gateway-api` refuses). One recipe line per cluster, through $(call): make sees
# no $(MAKE) in the line, so `make -n` prints it instead of running it.
mc_gateway_api = $(MAKE) --no-print-directory gateway-api GATEWAY_API_CONTEXT='$(MC_CONTEXT_$(1))'

# Istio 1.30.3 "Install Multi-Primary on different networks": per cluster the network label on istio-system,
# the plug-in CA, istiod with meshID/clusterName/network, the east-west gateway and *.local exposed on 15443;
# then each cluster gets the other's remote secret (its API server, read by the local istiod for endpoints).
multicluster-istio: mc-certs-istio
	$(need_istioctl)
	$(call mc_gateway_api,east)
	$(call mc_gateway_api,west)
	@set -e; for c in $(MC_CLUSTERS); do \
	  case $$c in east) ctx='$(MC_CONTEXT_east)';; *) ctx='$(MC_CONTEXT_west)';; esac; \
	  set -x; \
	  kubectl --context "$$ctx" label namespace istio-system topology.istio.io/network=network-$$c --overwrite; \
	  istioctl install -y --context "$$ctx" -f mesh/install/istio-operator.yaml -f mesh/multicluster/istio/$$c/cluster.yaml; \
	  istioctl install -y --context "$$ctx" -f mesh/multicluster/istio/$$c/eastwest-gateway.yaml; \
	  kubectl --context "$$ctx" apply -f mesh/multicluster/istio/expose-services.yaml; \
	  set +x; \
	done
	s=$$(istioctl create-remote-secret --context '$(MC_CONTEXT_west)' --name west $(if $(MC_SERVER_west),--server $(MC_SERVER_west))) && printf '%s\n' "$$s" | kubectl --context '$(MC_CONTEXT_east)' apply -f -
	s=$$(istioctl create-remote-secret --context '$(MC_CONTEXT_east)' --name east $(if $(MC_SERVER_east),--server $(MC_SERVER_east))) && printf '%s\n' "$$s" | kubectl --context '$(MC_CONTEXT_west)' apply -f -
	@echo "next: make multicluster-deploy MESH=istio"

# Linkerd (edge-26.6.3): each control plane with the shared trust anchor and its own issuer, the multicluster
# extension (gateway mode: the clusters' pod networks are not routed to each other on kind or EKS), then each
# cluster linked to the other (the Link and its credentials, applied in the linking cluster). Services are
# mirrored when labelled mirror.linkerd.io/exported=true (link-gen's default selector). At edge-26.6.3 `link`
# is deprecated for `link-gen`, which writes only the Link and its credentials: the service-mirror controller
# of each Link (Deployment controller-<peer>) comes from `multicluster install`'s controllers list, so each
# cluster's install names its peer's Link. --api-server-address: kubeconfig's 127.0.0.1 is not reachable from
# the peer on kind. The control plane goes through mk/mesh.mk's linkerd_install_or_upgrade, as mesh-install's
# does: installed the first time, upgraded on a re-run (`linkerd install` refuses an installed control plane),
# which also takes the intermediates mc-certs has just made (they chain to the kept root, which `linkerd
# upgrade` checks against the running proxies). link-gen writes the Link from the gateway's LoadBalancer
# address and stops with "gateway linkerd-gateway.linkerd-multicluster has no ingress addresses" while it has
# none (multicluster/cmd/link-gen.go): cloud-provider-kind may still be pulling its Envoy image, an AWS load
# balancer takes a while, so the recipe waits up to MC_LB_TIMEOUT seconds for both first.
MC_LB_TIMEOUT ?= 180
mc_linkerd_identity = --identity-trust-anchors-file $(MC_CERTS_DIR)/root-cert.pem \
  --identity-issuer-certificate-file $(MC_CERTS_DIR)/$(1)/ca-cert.pem --identity-issuer-key-file $(MC_CERTS_DIR)/$(1)/ca-key.pem
multicluster-linkerd: mc-certs-check
	$(need_linkerd)
	$(call mc_gateway_api,east)
	$(call mc_gateway_api,west)
	@set -e; for c in $(MC_CLUSTERS); do \
	  case $$c in east) ctx='$(MC_CONTEXT_east)'; peer=west;; *) ctx='$(MC_CONTEXT_west)'; peer=east;; esac; \
	  d=$(MC_RENDER_DIR)/linkerd-$$c-install; \
	  $(call linkerd_install_or_upgrade,"$$ctx",$(call mc_linkerd_identity,$$c),$$d); \
	  set -x; \
	  linkerd --context "$$ctx" check; \
	  linkerd --context "$$ctx" multicluster install --set "controllers[0].link.ref.name=$$peer" > $$d/multicluster.yaml; \
	  kubectl --context "$$ctx" apply -f $$d/multicluster.yaml; \
	  set +x; \
	done
	@set -e; for ctx in '$(MC_CONTEXT_west)' '$(MC_CONTEXT_east)'; do \
	  printf 'waiting for the LoadBalancer address of linkerd-gateway in %s ' "$$ctx"; waited=0; \
	  until [ -n "$$(kubectl --context "$$ctx" -n linkerd-multicluster get svc linkerd-gateway \
	      -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}' 2>/dev/null)" ]; do \
	    if [ "$$waited" -ge $(MC_LB_TIMEOUT) ]; then echo; \
	      echo "error: linkerd-gateway in $$ctx has no LoadBalancer address after $(MC_LB_TIMEOUT) s: on kind start '$(CLOUD_PROVIDER_KIND_RUN)' (macOS/WSL2: with sudo), on EKS see kubectl --context $$ctx -n linkerd-multicluster describe svc linkerd-gateway; then make multicluster MESH=linkerd again" >&2; \
	      exit 1; fi; \
	    printf .; sleep 5; waited=$$((waited + 5)); \
	  done; echo " ok"; \
	done
	l=$$(linkerd --context '$(MC_CONTEXT_west)' multicluster link-gen --cluster-name west $(if $(MC_SERVER_west),--api-server-address $(MC_SERVER_west))) && printf '%s\n' "$$l" | kubectl --context '$(MC_CONTEXT_east)' apply -f -
	l=$$(linkerd --context '$(MC_CONTEXT_east)' multicluster link-gen --cluster-name east $(if $(MC_SERVER_east),--api-server-address $(MC_SERVER_east))) && printf '%s\n' "$$l" | kubectl --context '$(MC_CONTEXT_west)' apply -f -
	@echo "next: make multicluster-deploy MESH=linkerd"

# Each cluster's placement rendered with the registry make recorded (mk/mesh.mk's mesh-record): EKS pulls the
# images from REGISTRY, kind runs the ones `make kind-load` put in each cluster.
MC_RENDER_DIR := $(MESH_RENDER_DIR)/multicluster
# The way back to the repository root from a cluster's directory $(MC_RENDER_DIR)/<mesh>-<cluster>.
MC_RENDER_UP := $(call mesh_up_from,$(MC_RENDER_DIR)/cluster)
multicluster-deploy: check-mesh-arg mesh-record ## Deploy the suite: all of it in east, product-service only in west (mesh/multicluster/placement; REGISTRY= for EKS)
	@set -e; for c in $(MC_CLUSTERS); do d=$(MC_RENDER_DIR)/$(MESH)-$$c; mkdir -p $$d; \
	  { echo "# Written by make (mk/multicluster.mk): placement/$(MESH)-$$c with the recorded REGISTRY, if any."; \
	    echo "apiVersion: kustomize.config.k8s.io/v1beta1"; echo "kind: Kustomization"; \
	    echo "resources: [$(MC_RENDER_UP)/mesh/multicluster/placement/$(MESH)-$$c]"; \
	    if [ -f $(MESH_REGISTRY_COMPONENT)/kustomization.yaml ]; then echo "components: [$(MC_RENDER_UP)/$(MESH_REGISTRY_COMPONENT)]"; fi; \
	  } > $$d/kustomization.yaml; done
	kubectl kustomize $(MC_RENDER_DIR)/$(MESH)-east > $(MC_RENDER_DIR)/$(MESH)-east.yaml && kubectl --context '$(MC_CONTEXT_east)' apply -f $(MC_RENDER_DIR)/$(MESH)-east.yaml
	kubectl kustomize $(MC_RENDER_DIR)/$(MESH)-west > $(MC_RENDER_DIR)/$(MESH)-west.yaml && kubectl --context '$(MC_CONTEXT_west)' apply -f $(MC_RENDER_DIR)/$(MESH)-west.yaml

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
