#!/usr/bin/env bash
# faults: the mesh injects delays and errors into GET /products... of product-service (the services' own
# knobs stay off); the observed shares must match the configured ones within the binomial tolerance.
#   MESH=istio    VirtualService fault: delay 2 s for 50 %, abort 503 for 20 %.
#   MESH=linkerd  the product GET route sends 50 % (delay) or 20 % (abort) to the fault backend
#                 product-service-fault, which delays every request 2 s or answers 503.
#   MESH=plain    nothing injects faults: no request is delayed or fails.
# Delay: n=200, share 0.5 +- 4*sqrt(0.25/200) = 0.5 +- 0.141. Abort: n=500, 0.2 +- 4*sqrt(0.16/500) = 0.2 +- 0.072.
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "fault injection is a mesh feature: run with TARGET=cluster MESH=istio|linkerd|plain"

PRODUCT_URL="$(in_cluster_url product-service)/products/1"
CALLER="pod:$NS/scenario-faults"
N_DELAY=${FAULTS_DELAY_REQUESTS:-200}
N_ABORT=${FAULTS_ABORT_REQUESTS:-500}

step "setup"
client_pod scenario-faults "$NS" cart-service
on_mesh && check "client-meshed" "scenario-faults carries the $MESH proxy" -- pod_has_proxy "$NS" scenario-faults

# sample_has FIELD-TEST: a quick sample of 20 requests shows the fault (the route change has arrived)
sample_slow() { [ "$(count_slower "$(http_requests "$CALLER" 20 20 x-service "$PRODUCT_URL")" 1.5)" -ge 3 ]; }
sample_503() { [ "$(count_field "$(http_requests "$CALLER" 40 10 x-service "$PRODUCT_URL")" 1 503)" -ge 2 ]; }

if ! on_mesh; then
  step "no mesh, no injected faults"
  lines=$(http_requests "$CALLER" "$N_DELAY" 20 x-service "$PRODUCT_URL")
  check_eq "plain.all-200" "$N_DELAY" "$(count_field "$lines" 1 200)" "statuses $(histogram "$lines" 1)"
  check_eq "plain.none-delayed" 0 "$(count_slower "$lines" 1.5)" "requests slower than 1.5 s"
  exit 0
fi

step "delay 2 s for 50 % ($MESH-fault-delay)"
feature_on "$MESH-fault-delay"
[ "$MESH" = linkerd ] && kubectl rollout status -n "$NS" deployment/product-service-fault --timeout=300s >/dev/null
wait_until "the delay reaches the client proxy" 120 sample_slow || true
lines=$(http_requests "$CALLER" "$N_DELAY" 25 x-service "$PRODUCT_URL")
check_eq "delay.all-200" "$N_DELAY" "$(count_field "$lines" 1 200)" "a delay is not an error; statuses $(histogram "$lines" 1)"
check_share "delay.delayed-share" "$(count_slower "$lines" 1.9)" "$N_DELAY" 0.5
restore_now "switch off $MESH-fault-delay"

step "abort 503 for 20 % ($MESH-fault-abort)"
feature_on "$MESH-fault-abort"
[ "$MESH" = linkerd ] && kubectl rollout status -n "$NS" deployment/product-service-fault --timeout=300s >/dev/null
wait_until "the abort reaches the client proxy" 120 sample_503 || true
lines=$(http_requests "$CALLER" "$N_ABORT" 10 x-service "$PRODUCT_URL")
check_share "abort.503-share" "$(count_field "$lines" 1 503)" "$N_ABORT" 0.2
check_eq "abort.only-200-or-503" "$N_ABORT" "$(( $(count_field "$lines" 1 200) + $(count_field "$lines" 1 503) ))" "statuses $(histogram "$lines" 1)"
