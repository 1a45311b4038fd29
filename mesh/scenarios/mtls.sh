#!/usr/bin/env bash
# mtls: who a server sees as its peer, and who may connect at all.
#   TARGET=local   /whoami on every service answers with its own name and peer.identity null (no mesh).
#   MESH=istio     a meshed client (ServiceAccount scenario-mtls) sees, in each service's /whoami, its own
#                  SPIFFE identity spiffe://cluster.local/ns/meshdemo/sa/scenario-mtls (source istio); a client
#                  in an unmeshed namespace is refused (PeerAuthentication STRICT: no HTTP answer, or 403).
#   MESH=linkerd   the same with the Linkerd identity scenario-mtls.meshdemo.serviceaccount.identity.linkerd.
#                  cluster.local (source linkerd); the unmeshed client is refused by the all-authenticated
#                  default inbound policy (403 or no answer).
#   MESH=plain     both clients succeed and the identity is null.
# /whoami is in nobody's call graph, so on a mesh this script grants GET /whoami to scenario-mtls alone
# for its run (Istio: one AuthorizationPolicy per service; Linkerd: an HTTPRoute on each Server with an
# AuthorizationPolicy) and removes the grant at the end.
. "$(dirname "$0")/lib.sh"
require_target

CLIENT_SA=scenario-mtls

whoami_checks() { # SERVICE BODY EXPECTED_IDENTITY EXPECTED_SOURCE
  local svc=$1 body=$2
  check_eq "$svc.whoami.service" "$svc" "$(jq -r '.service // "missing"' <<<"$body" 2>/dev/null || echo unparsable)"
  check_eq "$svc.whoami.peer.identity" "$3" "$(jq -r 'if has("peer") then .peer.identity else "no peer field" end' <<<"$body" 2>/dev/null || echo unparsable)"
  check_eq "$svc.whoami.peer.source" "$4" "$(jq -r 'if has("peer") then .peer.source else "no peer field" end' <<<"$body" 2>/dev/null || echo unparsable)"
}

if is_local; then
  step "whoami without a mesh"
  for svc in "${SERVICES[@]}"; do
    body=$(http_json "$(local_url "$svc")/whoami" || echo '{}')
    check_eq "$svc.whoami.service" "$svc" "$(jq -r '.service // "missing"' <<<"$body")"
    check_eq "$svc.whoami.peer.identity" null "$(jq -r 'if has("peer") then .peer.identity else "no peer field" end' <<<"$body")"
  done
  exit 0
fi

grant_whoami() {
  local svc manifest=$_WORK/whoami-grant.yaml
  : >"$manifest"
  for svc in "${SERVICES[@]}"; do
    if [ "$MESH" = istio ]; then
      # A selector per service: a namespace-wide ALLOW policy would turn every other workload (the
      # entry, the observability stack) from allow-all into deny-unless-matched.
      cat >>"$manifest" <<YAML
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: scenario-whoami-$svc, namespace: $NS, labels: {app.kubernetes.io/part-of: meshdemo-scenarios}}
spec:
  selector: {matchLabels: {app: $svc}}
  action: ALLOW
  rules:
    - from: [{source: {principals: [cluster.local/ns/$NS/sa/$CLIENT_SA]}}]
      to: [{operation: {methods: [GET], paths: [/whoami]}}]
YAML
    else
      cat >>"$manifest" <<YAML
---
apiVersion: policy.linkerd.io/v1beta3
kind: HTTPRoute
metadata: {name: scenario-whoami-$svc, namespace: $NS, labels: {app.kubernetes.io/part-of: meshdemo-scenarios}}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: $svc}]
  rules: [{matches: [{method: GET, path: {type: Exact, value: /whoami}}]}]
---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: scenario-whoami-$svc, namespace: $NS, labels: {app.kubernetes.io/part-of: meshdemo-scenarios}}
spec:
  targetRef: {group: policy.linkerd.io, kind: HTTPRoute, name: scenario-whoami-$svc}
  requiredAuthenticationRefs: [{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: scenario-whoami}]
YAML
    fi
  done
  if [ "$MESH" = linkerd ]; then
    cat >>"$manifest" <<YAML
---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: scenario-whoami, namespace: $NS, labels: {app.kubernetes.io/part-of: meshdemo-scenarios}}
spec:
  identityRefs: [{kind: ServiceAccount, name: $CLIENT_SA}]
YAML
  fi
  kubectl apply -f "$manifest" >/dev/null
  defer "remove the /whoami grant" kubectl delete -f "$manifest" --ignore-not-found --timeout=60s
}

step "clients"
client_pod scenario-mtls "$NS" "$CLIENT_SA"
client_pod scenario-unmeshed "$OUTSIDE_NS" default
if on_mesh; then
  check "client-meshed" "scenario-mtls carries the $MESH proxy" -- pod_has_proxy "$NS" scenario-mtls
  grant_whoami
fi
MESH=plain check "client-unmeshed" "the client in $OUTSIDE_NS has no proxy" -- pod_has_proxy "$OUTSIDE_NS" scenario-unmeshed

step "peer identity seen by each service"
expected_identity=$(mesh_identity "$CLIENT_SA")
expected_source=$(mesh_source)
for svc in "${SERVICES[@]}"; do
  url="$(in_cluster_url "$svc")/whoami"
  # Policies reach the proxies a moment after they are applied: wait for the first 200.
  wait_until "GET $url from scenario-mtls" 60 \
    bash -c "[ \"\$(kubectl exec -n '$NS' scenario-mtls -c client -- curl -s -o /dev/null -w '%{http_code}' '$url')\" = 200 ]" || true
  body=$(kubectl exec -n "$NS" scenario-mtls -c client -- curl -s --max-time 10 "$url" || echo '{}')
  whoami_checks "$svc" "$body" "$expected_identity" "$expected_source"
done

step "unmeshed client"
for svc in "${SERVICES[@]}"; do
  status=$(http_get_status "pod:$OUTSIDE_NS/scenario-unmeshed" "$(in_cluster_url "$svc")/whoami")
  if on_mesh; then
    check_in "$svc.unmeshed-refused" "$status" 000 403
  else
    check_eq "$svc.unmeshed-allowed" 200 "$status"
  fi
done
