#!/usr/bin/env bash
# timeouts: product-service answers every GET /products... after 3 s (its fault knob on every product pod,
# restored at the end); the mesh's route timeout cuts the wait.
#   MESH=istio|linkerd  default overlay (10 s GET timeout): 200 after >= 3 s; with the <mesh>-timeout component
#                       (1 s) every request from a meshed caller answers 504 within 1.5 s.
#   MESH=plain          no mesh timeout: 200 after >= 3 s.
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "timeouts are a mesh feature: run with TARGET=cluster MESH=istio|linkerd|plain"

PRODUCT_URL="$(in_cluster_url product-service)/products/1"
CALLER="pod:$NS/scenario-timeouts"

step "setup"
client_pod scenario-timeouts "$NS" cart-service
on_mesh && check "client-meshed" "scenario-timeouts carries the $MESH proxy" -- pod_has_proxy "$NS" scenario-timeouts
set_faults_everywhere product-service '{"errorRate":0,"delayMs":3000,"delayRate":1,"paths":"/products.*"}'

step "3 s app delay, default routes"
lines=$(http_requests "$CALLER" 3 3 x-service "$PRODUCT_URL")
check_eq "default.all-200" 3 "$(count_field "$lines" 1 200)" "statuses $(histogram "$lines" 1)"
check_eq "default.all-waited-3s" 3 "$(count_slower "$lines" 3)" "times: $(awk '{ printf "%s ", $2 }' <<<"$lines")"

if on_mesh; then
  step "1 s route timeout ($MESH-timeout)"
  feature_on "$MESH-timeout"
  wait_until "the 1 s timeout reaches the client proxy" 90 \
    bash -c "[ \"\$(kubectl exec -n '$NS' scenario-timeouts -c client -- curl -s -o /dev/null -w '%{http_code}' --max-time 5 '$PRODUCT_URL')\" = 504 ]" || true
  lines=$(http_requests "$CALLER" 5 5 x-service "$PRODUCT_URL")
  check_eq "timeout.all-504" 5 "$(count_field "$lines" 1 504)" "statuses $(histogram "$lines" 1)"
  check_eq "timeout.within-1.5s" 0 "$(count_slower "$lines" 1.5)" "requests slower than 1.5 s; times: $(awk '{ printf "%s ", $2 }' <<<"$lines")"
fi
