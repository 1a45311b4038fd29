#!/usr/bin/env bash
# authz: least privilege along the call graph (docs/CONFIGURATION.md, mesh/call-graph.yaml).
#   MESH=istio|linkerd  a meshed pod whose ServiceAccount is outside the call graph (scenario-outsider) is
#                       denied (403) on every service; pods running as an allowed caller's ServiceAccount
#                       succeed on exactly the calls of the graph and are denied elsewhere.
#   MESH=plain          no authorization: every call succeeds.
# Not part of the local suite: without a mesh there is no caller identity to authorize.
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "authz needs a cluster (TARGET=cluster MESH=istio|linkerd|plain)"

# caller -> callee path: in the graph (allowed) or not (denied on a mesh)
ALLOWED=(
  "cart-service product-service /products/1"
  "order-service user-service /users/user1"
  "order-service cart-service /cart/user1"
  "order-service product-service /products/1"
  "exam-service user-service /users/user1"
)
NOT_IN_GRAPH=(
  "cart-service user-service /users/user1"
  "cart-service order-service /orders/user1"
  "exam-service product-service /products/1"
  "exam-service cart-service /cart/user1"
  "order-service exam-service /exams"
)
declare -A BUSINESS_PATH=([product-service]=/products/1 [cart-service]=/cart/user1 [order-service]=/orders/user1
                          [user-service]=/users/user1 [exam-service]=/exams)

step "clients"
client_pod scenario-outsider "$NS" scenario-outsider
for caller in cart-service order-service exam-service; do
  # The pod runs as the service's own ServiceAccount, so the mesh gives it that service's identity.
  client_pod "scenario-as-$caller" "$NS" "$caller"
done
if on_mesh; then
  for pod in scenario-outsider scenario-as-cart-service scenario-as-order-service scenario-as-exam-service; do
    check "$pod.meshed" "carries the $MESH proxy" -- pod_has_proxy "$NS" "$pod"
  done
fi

# status_from POD SERVICE PATH
status_from() { http_get_status "pod:$NS/$1" "$(in_cluster_url "$2")$3"; }

step "caller outside the call graph"
for svc in "${SERVICES[@]}"; do
  status=$(status_from scenario-outsider "$svc" "${BUSINESS_PATH[$svc]}")
  if on_mesh; then check_eq "outsider->$svc.denied" 403 "$status" "GET ${BUSINESS_PATH[$svc]}"
  else check_eq "outsider->$svc.allowed" 200 "$status" "GET ${BUSINESS_PATH[$svc]} (plain: no authorization)"; fi
done

step "allowed callers"
for entry in "${ALLOWED[@]}"; do
  read -r caller callee path <<<"$entry"
  check_eq "$caller->$callee.allowed" 200 "$(status_from "scenario-as-$caller" "$callee" "$path")" "GET $path"
done

step "allowed callers outside their edges"
for entry in "${NOT_IN_GRAPH[@]}"; do
  read -r caller callee path <<<"$entry"
  status=$(status_from "scenario-as-$caller" "$callee" "$path")
  if on_mesh; then check_eq "$caller->$callee.denied" 403 "$status" "GET $path"
  else check_eq "$caller->$callee.allowed" 200 "$status" "GET $path (plain: no authorization)"; fi
done
