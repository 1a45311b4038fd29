#!/usr/bin/env bash
# circuit-breaking: one product pod (a v1 pod) fails every request (its fault knob, restored at the end).
#   MESH=istio    outlier detection (istio-circuit-breaker: 5 consecutive 5xx -> ejected 30 s, at most 50 %)
#   MESH=linkerd  consecutive failure accrual (linkerd-circuit-breaker: 5 failures)
#                 Both run with the no-retries component, so retries do not hide the bad pod: the failing pod is
#                 seen failing first, then ejected, and the success rate recovers to >= 95 % (Linkerd keeps
#                 probing an ejected endpoint with growing back-off; each probe fails, hence not 100 %).
#   MESH=plain    no circuit breaking: the bad pod keeps its share of requests, success stays at
#                 1 - 1/<product pods> (0.75 with 4 pods) +- 4*sqrt(p(1-p)/n).
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "circuit breaking is a mesh feature: run with TARGET=cluster MESH=istio|linkerd|plain"

PRODUCT_URL="$(in_cluster_url product-service)/products/1"
CALLER="pod:$NS/scenario-breaker"

step "setup"
client_pod scenario-breaker "$NS" cart-service
on_mesh && check "client-meshed" "scenario-breaker carries the $MESH proxy" -- pod_has_proxy "$NS" scenario-breaker
on_mesh && feature_on "$MESH-circuit-breaker" "$MESH-no-retries"
bad_pod=$(kubectl get pods -n "$NS" -l app=product-service,version=v1 --field-selector=status.phase=Running \
  -o jsonpath='{.items[0].metadata.name}')
[ -n "$bad_pod" ] || die "no running product-service v1 pod"
pods=$(pods_of product-service | wc -l)
pod_url "$bad_pod" 3001
faults_set "$POD_URL" '{"errorRate":1,"delayMs":0,"delayRate":0,"paths":"/products.*"}'
log "failing pod: $bad_pod (of $pods product pods)"

if on_mesh; then
  step "the failing pod is ejected"
  lines=$(http_requests "$CALLER" 60 1 x-service "$PRODUCT_URL")
  failures=$(( 60 - $(count_2xx "$lines") ))
  check "before-ejection.failures-seen" "$failures of the first 60 requests failed (the bad pod was in rotation)" -- test "$failures" -ge 1
  clean_window() { [ "$(count_2xx "$(http_requests "$CALLER" 40 1 x-service "$PRODUCT_URL")")" -eq 40 ]; }
  check "ejected" "40 requests in a row succeed within 60 s" -- wait_until "ejection" 60 clean_window

  step "success rate after ejection"
  lines=$(http_requests "$CALLER" 200 5 x-service "$PRODUCT_URL")
  check_at_least "after-ejection.success" "$(count_2xx "$lines")" 200 0.95
else
  step "no circuit breaking"
  p_ok=$(awk -v n="$pods" 'BEGIN { printf "%.4f", 1 - 1 / n }')
  lines=$(http_requests "$CALLER" 400 10 x-service "$PRODUCT_URL")
  check_share "plain.success-share-stays" "$(count_2xx "$lines")" 400 "$p_ok"
fi
