# Add-ons for a cluster with a mesh: the mesh UIs (Kiali for Istio, linkerd viz for Linkerd), `make doctor`,
# and the test-token tools of components/istio-end-user-auth. Walkthrough: docs/mesh-operations.md.
# ISTIO_VERSION, LINKERD_VERSION, MESH and `need` come from mk/mesh.mk.

# Kiali and the Prometheus it reads, as Istio's release ships them (samples/addons of the same tag): the
# Kiali version that tag pins is the one Istio tested with this release (1.30.3: Kiali v2.26.0, Prometheus v3.10.0).
# Recursive (=): mk/addons.mk is included before mk/mesh.mk, which sets ISTIO_VERSION.
ISTIO_ADDONS_URL = https://raw.githubusercontent.com/istio/istio/$(ISTIO_VERSION)/samples/addons
JWT_TOOL := mesh/components/istio-end-user-auth/jwt/MintJwt.java
SUB ?= alice
TTL ?= 3600

.PHONY: mesh-ui mesh-ui-remove doctor jwt jwks test-addons

mesh-ui: check-mesh-arg ## Install the mesh UI: MESH=istio or istio-ambient (Kiali of Istio 1.30.3's addons) or MESH=linkerd (linkerd viz)
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
ifneq ($(filter istio istio-ambient,$(MESH)),)
	kubectl apply -f $(ISTIO_ADDONS_URL)/prometheus.yaml
	kubectl apply -f $(ISTIO_ADDONS_URL)/kiali.yaml
	kubectl -n istio-system rollout status deploy/prometheus --timeout=180s
	kubectl -n istio-system rollout status deploy/kiali --timeout=180s
	@echo "Kiali: istioctl dashboard kiali   (or kubectl -n istio-system port-forward svc/kiali 20001, http://localhost:20001/kiali)"
else ifeq ($(MESH),linkerd)
	$(call need,linkerd,the linkerd CLI $(LINKERD_VERSION) (see make mesh-install))
	linkerd viz install | kubectl apply -f -
	linkerd viz check
	@# tap needs the tap injector's annotations, which only pods created after viz was installed carry.
	@if kubectl get namespace meshdemo >/dev/null 2>&1; then \
	  echo "kubectl -n meshdemo rollout restart deploy (so that linkerd viz tap works on the suite)"; \
	  kubectl -n meshdemo rollout restart deploy; \
	  for d in $$(kubectl -n meshdemo get deploy -o name); do kubectl -n meshdemo rollout status $$d --timeout=300s; done; fi
	@echo "linkerd viz dashboard   (or: linkerd viz stat -n meshdemo deploy, top, edges, tap, authz)"
else
	@echo "MESH=plain has no mesh UI"
endif

mesh-ui-remove: check-mesh-arg ## Remove the mesh UI again: MESH=istio|istio-ambient|linkerd
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
ifneq ($(filter istio istio-ambient,$(MESH)),)
	kubectl delete --ignore-not-found -f $(ISTIO_ADDONS_URL)/kiali.yaml
	kubectl delete --ignore-not-found -f $(ISTIO_ADDONS_URL)/prometheus.yaml
else ifeq ($(MESH),linkerd)
	linkerd viz uninstall | kubectl delete --ignore-not-found -f -
endif

doctor: check-mesh-arg ## Is the mesh healthy? MESH=istio (analyze, proxy status, cert expiry) or MESH=linkerd (check, --proxy, identity expiry)
	$(call need,kubectl,kubectl >= $(KUBECTL_MIN) (https://kubernetes.io/docs/tasks/tools/))
	$(call need,openssl,openssl (macOS and Linux ship it))
	MESH=$(MESH) mesh/doctor.sh

jwt: ## Print a test JWT for components/istio-end-user-auth: SUB=alice TTL=3600 (seconds)
	@"$(JAVA_HOME)/bin/java" $(JWT_TOOL) --sub "$(SUB)" --ttl "$(TTL)"

jwks: ## Print the public JWKS of the test issuer key (the jwks of components/istio-end-user-auth)
	@"$(JAVA_HOME)/bin/java" $(JWT_TOOL) --jwks

TEST_TARGETS += test-addons
test-addons: ## shellcheck mesh/doctor.sh (its checks need a cluster; the JWT tool is tested by mesh/validation)
	$(call need,shellcheck,shellcheck (Debian package shellcheck; `make prereqs` installs it))
	shellcheck -x mesh/doctor.sh
	MESH=plain mesh/doctor.sh
