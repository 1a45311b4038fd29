# Multi-cluster (issue 24): one mesh over two clusters, east and west. This part: one trust root for both
# (mesh/multicluster/certs/README.md), made with openssl and installed as Istio's plug-in CA or as
# Linkerd's trust anchor and issuer.
MC_CLUSTERS := east west
# The kube contexts of the two clusters (kind names them kind-<cluster name>; on EKS pass yours).
MC_CONTEXT_east ?= kind-meshdemo-east
MC_CONTEXT_west ?= kind-meshdemo-west
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

# Offline checks of the multi-cluster part, run by test-scripts (so by `make test`).
test-scripts: test-multicluster
TEST_TOOLS += openssl
test-multicluster: ## Offline tests of the multi-cluster tooling (certificates: openssl only)
	shellcheck -x mesh/multicluster/certs/*.sh
	scripts/check-portable.sh mesh/multicluster/certs/*.sh mk/multicluster.mk
	mesh/multicluster/certs/test-certs.sh
