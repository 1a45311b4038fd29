#!/usr/bin/env bash
# reset: brings the cluster to the starting point of workshop phase PHASE (called by phase.sh reset N).
#   1  nothing of the suite deployed (make undeploy); the cluster and any installed mesh stay
#   2  the suite running without a mesh (make undeploy; make deploy MESH=plain)
#   3-6 the suite running on MESH with the overlay's defaults: no feature component on, no fault knob set,
#      no scenario leftovers (client pods, namespaces, grants). When the namespace is not on MESH yet
#      (phase 2 skipped), the suite is redeployed: a Deployment's selector cannot change in place and
#      running pods are only injected when they start.
. "$(dirname "$0")/../scenarios/lib.sh"
repo=$REPO_ROOT
mk() { make -C "$repo" --no-print-directory "$@" >"$_WORK/make.log" 2>&1 || { tail -n 20 "$_WORK/make.log" >&2; return 1; }; }

case $PHASE in
  1)
    step "nothing deployed"
    check "undeploy" "make undeploy" -- mk undeploy
    exit 0 ;;
  2)
    step "the suite without a mesh"
    check "undeploy" "make undeploy" -- mk undeploy
    check "deploy-plain" "make deploy MESH=plain" -- mk deploy MESH=plain
    exit 0 ;;
esac
require_target

step "remove leftovers of scenario runs"
kubectl delete pod,serviceaccount -n "$NS" -l "$SCENARIO_LABEL" --ignore-not-found --timeout=120s >/dev/null || true
for kind in authorizationpolicies.security.istio.io httproutes.policy.linkerd.io authorizationpolicies.policy.linkerd.io \
            meshtlsauthentications.policy.linkerd.io; do
  kubectl get crd "${kind}" >/dev/null 2>&1 &&
    kubectl delete "$kind" -n "$NS" -l "$SCENARIO_LABEL" --ignore-not-found --timeout=60s >/dev/null
done
kubectl delete namespace "$OUTSIDE_NS" --ignore-not-found --timeout=180s >/dev/null || true
check "no-scenario-pods" "pods labelled $SCENARIO_LABEL" -- test -z "$(kubectl get pods -n "$NS" -l "$SCENARIO_LABEL" -o name)"

step "feature components off"
# Every component that fits MESH, each rendered alone (two Linkerd fault components add the same backend):
# whatever they add beyond the overlay goes, whether or not scenario-features remembers it.
refs_of_overlay=$(render_overlay "$_WORK/overlay" | object_refs)
for dir in "$MESH_DIR"/components/*/; do
  c=$(basename "$dir")
  case $c in "$MESH"-* | observability) ;; *) continue ;; esac
  comm -23 <(render_overlay "$_WORK/c-$c" "$c" | object_refs) <(printf '%s\n' "$refs_of_overlay")
done | sort -u | while read -r kind ns name; do
  if [ "$ns" = - ]; then kubectl delete "$kind" "$name" --ignore-not-found --timeout=120s >/dev/null
  else kubectl delete "$kind" -n "$ns" "$name" --ignore-not-found --timeout=120s >/dev/null; fi
done
kubectl delete configmap -n "$NS" "$FEATURES_CM" --ignore-not-found >/dev/null
check "features-cleared" "no component recorded as on" -- test -z "$(features_active)"

step "the overlay of $MESH"
on_mesh_now() {
  case $MESH in
    istio) [ "$(kubectl get namespace "$NS" -o jsonpath='{.metadata.labels.istio-injection}')" = enabled ] ;;
    linkerd) [ "$(kubectl get namespace "$NS" -o jsonpath='{.metadata.annotations.linkerd\.io/inject}')" = enabled ] ;;
  esac
}
if ! on_mesh_now; then check "undeploy" "the namespace was not on $MESH: make undeploy" -- mk undeploy; fi
check "deploy" "make deploy MESH=$MESH (the overlay alone restores every patched object)" -- mk deploy MESH="$MESH"

step "fault knobs off"
for svc in "${SERVICES[@]}"; do
  for pod in $(pods_of "$svc"); do
    pod_url "$pod" "${SERVICE_PORT[$svc]}"
    check "$pod.faults-off" "PUT /admin/faults all off" -- \
      faults_put "$POD_URL" '{"errorRate":0,"delayMs":0,"delayRate":0,"paths":""}'
  done
done
