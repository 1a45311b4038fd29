#!/usr/bin/env bash
# The check of workshop phase 7 (`make multicluster-status MESH=istio|linkerd`): is one mesh over east and west
# up, end to end? One line per check ("ok   ..." or "FAIL ..." with what to look at), then a summary; exit 1 if
# any check failed, 2 on a usage error. It reads state only and changes nothing.
#   both contexts answer; the suite's Deployments of each placement are Available;
#   istio:   istiod and the east-west gateway ready in both, the gateway's LoadBalancer has an address, each
#            istiod has synced the peer cluster (`istioctl remote-clusters`), and east's entry gateway holds
#            product-service endpoints of both clusters: east's pods on 3001, west's through its gateway on 15443
#            (`istioctl proxy-config endpoints`);
#   linkerd: `linkerd check` and `linkerd multicluster check` pass in both, each cluster's gateway to the peer
#            is alive (`linkerd multicluster gateways`), and east has west's product-service as a mirrored
#            (product-service-west, with endpoints) or federated (product-service-federated) Service.
# Every subcommand and flag is from the sources at the pinned tags: istioctl 1.30.3 (istioctl/cmd/root.go,
# istioctl/pkg/proxyconfig), linkerd edge-26.6.3 (multicluster/cmd/check.go, gateways.go;
# multicluster/service-mirror/cluster_watcher.go for the mirrored names and labels).
# Usage: status.sh istio|linkerd EAST_CONTEXT WEST_CONTEXT
set -eu

mesh=${1:-} east=${2:-} west=${3:-}
case $mesh in istio | linkerd) ;; *) echo "error: multicluster-status needs MESH=istio or MESH=linkerd (got '$mesh')" >&2; exit 2 ;; esac
if [ -z "$east" ] || [ -z "$west" ]; then echo "usage: $0 istio|linkerd EAST_CONTEXT WEST_CONTEXT" >&2; exit 2; fi
wait_for=${MC_STATUS_TIMEOUT:-120s}
ns=meshdemo
product_cluster="outbound|3001||product-service.$ns.svc.cluster.local"
passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { # what failed, then what to look at
  failed=$((failed + 1)); echo "FAIL $1"; echo "     -> $2"
  if [ -s "$log" ]; then sed 's/^/     | /' "$log" | tail -15; fi
}
# check NAME HINT COMMAND...: the command's output goes to $log (shown on failure only)
check() {
  name=$1 hint=$2; shift 2
  if "$@" >"$log" 2>&1; then ok "$name"; else fail "$name" "$hint"; fi
}
context_of() { case $1 in east) echo "$east" ;; *) echo "$west" ;; esac; }
peer_of() { case $1 in east) echo west ;; *) echo east ;; esac; }

for c in east west; do
  ctx=$(context_of "$c")
  if ! kubectl --context "$ctx" --request-timeout=10s get --raw /readyz >"$log" 2>&1; then
    fail "$c: the API server of context $ctx answers" \
      "kind: make clusters-up (kind get clusters lists meshdemo-east and meshdemo-west); EKS: MC_CONTEXT_$c=<your context>"
    echo "$passed passed, $failed failed (the rest needs both clusters)"
    exit 1
  fi
  ok "$c: the API server of context $ctx answers"
done

for c in east west; do
  ctx=$(context_of "$c")
  check "$c: the suite's Deployments are Available" "make multicluster-deploy MESH=$mesh; kubectl --context $ctx -n $ns get pods" \
    kubectl --context "$ctx" -n "$ns" wait --for=condition=Available deployment --all --timeout="$wait_for"
done

# check_address CLUSTER CONTEXT NAMESPACE SERVICE WHAT: the gateway's LoadBalancer has an IP or host name (EKS)
check_address() {
  : >"$log"
  address=$(kubectl --context "$2" -n "$3" get service "$4" \
    -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}' 2>/dev/null || true)
  if [ -n "$address" ]; then ok "$1: the $5's LoadBalancer has an address ($address)"
  else fail "$1: the $5's LoadBalancer has an address" \
    "EXTERNAL-IP <pending>: kind: is 'cloud-provider-kind --gateway-channel disabled' (macOS/WSL2: with sudo) running in another terminal? EKS: the load balancer takes 1-3 min"; fi
}

istio_checks() {
  for c in east west; do
    ctx=$(context_of "$c") peer=$(peer_of "$c")
    check "$c: istiod is ready" "make multicluster MESH=istio; kubectl --context $ctx -n istio-system get pods" \
      kubectl --context "$ctx" -n istio-system rollout status deployment/istiod --timeout="$wait_for"
    check "$c: the east-west gateway is ready" "kubectl --context $ctx -n istio-system describe pod -l istio=eastwestgateway" \
      kubectl --context "$ctx" -n istio-system rollout status deployment/istio-eastwestgateway --timeout="$wait_for"
    check_address "$c" "$ctx" istio-system istio-eastwestgateway "east-west gateway"
    # NAME SECRET STATUS ISTIOD, one line per cluster this istiod reads (istioctl/pkg/proxyconfig/clusters.go)
    if istioctl --context "$ctx" remote-clusters >"$log" 2>&1 && grep -Eq "^${peer}[[:space:]].*[[:space:]]synced([[:space:]]|$)" "$log"; then
      ok "$c: istiod has synced cluster $peer (remote secret istio-remote-secret-$peer)"
    else
      fail "$c: istiod has synced cluster $peer (remote secret istio-remote-secret-$peer)" \
        "no line or not 'synced': the remote secret is missing, or its server is one this istiod cannot reach (kind: https://meshdemo-$peer-control-plane:6443, not 127.0.0.1)"
    fi
  done
  # The east entry gateway's Envoy: east's product pods (pod IP:3001) and west's, behind west's gateway (:15443).
  if istioctl --context "$east" proxy-config endpoints "deploy/meshdemo-ingress.$ns" --cluster "$product_cluster" >"$log" 2>&1; then
    local_eps=$(grep -Ec ':3001[[:space:]]+HEALTHY' "$log" || true)
    remote_eps=$(grep -Ec ':15443[[:space:]]+HEALTHY' "$log" || true)
  else
    local_eps=0 remote_eps=0
  fi
  if [ "$local_eps" -gt 0 ]; then ok "east: product-service endpoints of east seen from east's entry ($local_eps HEALTHY on :3001)"
  else fail "east: product-service endpoints of east seen from east's entry" \
    "kubectl --context $east -n $ns get pods -l app=product-service (scaled to 0 for the failover exercise? scale them back)"; fi
  if [ "$remote_eps" -gt 0 ]; then ok "east: product-service endpoints of west seen from east's entry ($remote_eps HEALTHY on :15443, west's east-west gateway)"
  else fail "east: product-service endpoints of west seen from east's entry" \
    "none on :15443: west's gateway has no address, east's istiod has not synced west, or west's product pods are not ready"; fi
}

linkerd_checks() {
  for c in east west; do
    ctx=$(context_of "$c") peer=$(peer_of "$c")
    check "$c: linkerd check passes (control plane)" "linkerd --context $ctx check" linkerd --context "$ctx" check
    check "$c: linkerd multicluster check passes (links, credentials, shared trust anchor, gateway probes)" \
      "linkerd --context $ctx multicluster check: its failing line names the cause" \
      linkerd --context "$ctx" multicluster check
    check_address "$c" "$ctx" linkerd-multicluster linkerd-gateway "multicluster gateway"
    # gatewayStatus{clusterName, alive, numberOfServices, latency} as JSON (multicluster/cmd/gateways.go)
    if linkerd --context "$ctx" multicluster gateways -o json >"$log" 2>&1 \
      && tr -d ' \n\t' <"$log" | grep -q "\"clusterName\":\"$peer\",\"alive\":true"; then
      ok "$c: the gateway of $peer is alive (linkerd multicluster gateways)"
    else
      fail "$c: the gateway of $peer is alive (linkerd multicluster gateways)" \
        "$peer's linkerd-gateway does not answer the probe on 4191: its address, or the Link's gateway address and port"
    fi
  done
  : >"$log"
  if kubectl --context "$east" -n "$ns" get service product-service-west -o name >"$log" 2>&1; then
    endpoints=$(kubectl --context "$east" -n "$ns" get endpoints product-service-west -o jsonpath='{.subsets[*].addresses[*].ip}' 2>/dev/null || true)
    if [ -n "$endpoints" ]; then ok "east: west's product-service mirrored as product-service-west, endpoints $endpoints (west's gateway)"
    else fail "east: west's product-service mirrored as product-service-west, with endpoints" "the mirror has no endpoints: west's gateway address (linkerd --context $east multicluster gateways)"; fi
  elif kubectl --context "$east" -n "$ns" get service product-service-federated -o name >"$log" 2>&1; then
    ok "east: product-service federated over both clusters (product-service-federated)"
  else
    fail "east: west's product-service mirrored (product-service-west) or federated (product-service-federated)" \
      "is west's product-service exported (label mirror.linkerd.io/exported or federated)? kubectl --context $west -n $ns get service product-service --show-labels"
  fi
}

case $mesh in istio) istio_checks ;; linkerd) linkerd_checks ;; esac

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
