#!/usr/bin/env bash
# canary: product-service v1/v2 split, counted by the response header x-service-version.
#   MESH=istio|linkerd  through the entry and inside the mesh (a pod running as cart-service, a real
#                       caller of product-service): 1,000 GET /products/1 give a v2 share within
#                       0.10 +- 4*sqrt(0.1*0.9/1000) = 0.10 +- 0.038 (false failure ~6e-5); with the header
#                       `user-type: vip` every request reaches v2 (and v2's products carry "badge":"SALE").
#   MESH=plain          no weighted routing: the Service balances connections over all product pods, so with a
#                       fresh connection per request the v2 share is the share of v2 pods (2 of 4: 0.5), and
#                       the vip header changes nothing (still the pod share). Counted from inside the cluster;
#                       the entry's pooled connections make its split meaningless without a mesh.
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "canary needs a cluster (product v1 and v2 run side by side only there)"

N=${CANARY_REQUESTS:-1000}
N_VIP=${CANARY_VIP_REQUESTS:-100}
PARALLEL=${CANARY_PARALLEL:-10}

# split LINES -> "v2-count total"
v2_of() { printf '%s %s' "$(count_field "$1" 3 v2)" "$(count_lines "$1")"; }

step "preconditions"
v1_pods=$(kubectl get pods -n "$NS" -l app=product-service,version=v1 --field-selector=status.phase=Running -o name | wc -l)
v2_pods=$(kubectl get pods -n "$NS" -l app=product-service,version=v2 --field-selector=status.phase=Running -o name | wc -l)
check "product-versions-running" "v1 pods: $v1_pods, v2 pods: $v2_pods" -- test "$v1_pods" -gt 0 -a "$v2_pods" -gt 0
client_pod scenario-canary "$NS" cart-service
on_mesh && check "client-meshed" "scenario-canary carries the $MESH proxy" -- pod_has_proxy "$NS" scenario-canary

if on_mesh; then
  step "through the entry"
  lines=$(http_requests host "$N" "$PARALLEL" x-service-version "$ENTRY_URL/products/1")
  read -r k n <<<"$(v2_of "$lines")"
  check_eq "entry.all-answered" "$N" "$(count_2xx "$lines")" "2xx of $N; statuses $(histogram "$lines" 1)"
  check_share "entry.v2-share" "$k" "$n" 0.1
  lines=$(http_requests host "$N_VIP" "$PARALLEL" x-service-version "$ENTRY_URL/products/1" -H 'user-type: vip')
  read -r k n <<<"$(v2_of "$lines")"
  check_eq "entry.vip-always-v2" "$N_VIP/$N_VIP" "$k/$n" "versions $(histogram "$lines" 3)"
  badge=$(curl -s --max-time 10 -H 'user-type: vip' "$ENTRY_URL/products/1" | jq -r '.badge // "none"' 2>/dev/null || echo unparsable)
  check_eq "entry.vip-badge" SALE "$badge" "v2 adds badge SALE"

  step "inside the mesh (as cart-service)"
  lines=$(http_requests pod:"$NS"/scenario-canary "$N" "$PARALLEL" x-service-version "$(in_cluster_url product-service)/products/1")
  read -r k n <<<"$(v2_of "$lines")"
  check_eq "mesh.all-answered" "$N" "$(count_2xx "$lines")" "2xx of $N; statuses $(histogram "$lines" 1)"
  check_share "mesh.v2-share" "$k" "$n" 0.1
  lines=$(http_requests pod:"$NS"/scenario-canary "$N_VIP" "$PARALLEL" x-service-version "$(in_cluster_url product-service)/products/1" -H 'user-type: vip')
  read -r k n <<<"$(v2_of "$lines")"
  check_eq "mesh.vip-always-v2" "$N_VIP/$N_VIP" "$k/$n" "versions $(histogram "$lines" 3)"
else
  p_v2=$(awk -v a="$v1_pods" -v b="$v2_pods" 'BEGIN { printf "%.4f", b / (a + b) }')
  step "inside the cluster, no mesh"
  lines=$(http_requests pod:"$NS"/scenario-canary "$N" "$PARALLEL" x-service-version "$(in_cluster_url product-service)/products/1")
  read -r k n <<<"$(v2_of "$lines")"
  check_eq "plain.all-answered" "$N" "$(count_2xx "$lines")" "2xx of $N; statuses $(histogram "$lines" 1)"
  check_share "plain.v2-share-is-pod-share" "$k" "$n" "$p_v2"
  lines=$(http_requests pod:"$NS"/scenario-canary "$N" "$PARALLEL" x-service-version "$(in_cluster_url product-service)/products/1" -H 'user-type: vip')
  read -r k n <<<"$(v2_of "$lines")"
  check_share "plain.vip-ignored" "$k" "$n" "$p_v2"
  lines=$(http_requests host 20 1 x-service-version "$ENTRY_URL/products/1")
  check_eq "plain.entry-answers" 20 "$(count_2xx "$lines")" "versions through the entry: $(histogram "$lines" 3)"
fi
