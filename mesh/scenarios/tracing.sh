#!/usr/bin/env bash
# tracing (and the rest of observability): with the observability component on (switched on for the run
# unless it already is, then left as found), one order placed through the entry produces one trace in Jaeger
# with spans of order-service, user-service, cart-service and product-service; Prometheus scrapes the five
# services; Grafana serves the dashboard of the mesh.
#   Entry: the request carries a sampled W3C traceparent (so the trace id is known and sampling is decided).
#     MESH=istio           the entry gateway meshdemo-ingress adds its own span to the trace;
#     MESH=linkerd|plain   the nginx entry adds no span; it must pass the context on unchanged, so
#                          order-service's server span is a child of the span id the client sent.
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "tracing needs the observability stack of the cluster (TARGET=cluster)"

JSON=(-H 'Content-Type: application/json')

step "observability on"
feature_on observability
check "rollout" "every Deployment rolled out with OTEL_EXPORTER_OTLP_ENDPOINT set" -- wait_rollout
wait_until "routing works again after the rollout" 120 curl -sf -o /dev/null "$ENTRY_URL/products/1" || true

step "one order, one trace"
user=$(new_id trace)
http_json -X POST "${JSON[@]}" --data "{\"id\":\"$user\",\"name\":\"Trace\",\"email\":\"$user@example.com\"}" "$ENTRY_URL/users" >/dev/null
http_json -X POST "${JSON[@]}" --data '{"productId":1,"quantity":1}' "$ENTRY_URL/cart/$user" >/dev/null
trace_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
client_span=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "${JSON[@]}" \
  -H "traceparent: 00-$trace_id-$client_span-01" -H "Idempotency-Key: $(new_id key)" \
  --data "{\"userId\":\"$user\"}" "$ENTRY_URL/orders")
check_in "order.placed" "$status" 200 201
log "trace id $trace_id"

jaeger_pod=$(pods_of jaeger | head -n1)
[ -n "$jaeger_pod" ] || die "no running jaeger pod"
pod_url "$jaeger_pod" 16686
JAEGER=$POD_URL
services_in_trace() {
  curl -sf "$JAEGER/api/traces/$trace_id" | jq -r '.data[0].processes[].serviceName' | sort -u
}
has_all_services() {
  local found s
  found=$(services_in_trace)
  for s in order-service user-service cart-service product-service; do grep -q "$s" <<<"$found" || return 1; done
}
wait_until "the trace reaches Jaeger with all four services" 120 has_all_services || true
found=$(services_in_trace 2>/dev/null | tr '\n' ' ' || true)
for svc in order-service user-service cart-service product-service; do
  check "trace.$svc" "services in trace $trace_id: ${found:-none}" -- grep -q "$svc" <<<"$found"
done
if [ "$MESH" = istio ]; then
  check "trace.entry" "a span of the entry gateway meshdemo-ingress (services: ${found:-none})" -- grep -q meshdemo-ingress <<<"$found"
else
  parent=$(curl -sf "$JAEGER/api/traces/$trace_id" | jq -r '
    .data[0] as $t | $t.spans[] | select($t.processes[.processID].serviceName | test("order-service"))
    | select(.tags[]? | .key == "span.kind" and .value == "server") | .references[]? | select(.refType == "CHILD_OF") | .spanID' |
    head -n1 || true)
  check_eq "trace.entry-passes-context" "$client_span" "${parent:-none}" "parent of order-service's server span"
fi

step "metrics and dashboards"
prom_pod=$(pods_of prometheus | head -n1)
[ -n "$prom_pod" ] || die "no running prometheus pod"
pod_url "$prom_pod" 9090
PROM=$POD_URL
apps_with() { # METRIC -> apps (label app) that report it
  curl -sf --get "$PROM/api/v1/query" --data-urlencode "query=count by (app) ($1)" | jq -r '.data.result[].metric.app' | sort -u
}
all_apps_report() { local a; a=$(apps_with "$1"); for s in "${SERVICES[@]}"; do grep -qx "$s" <<<"$a" || return 1; done; }
wait_until "Prometheus scrapes the five services" 120 all_apps_report http_server_requests_seconds_count || true
check "prometheus.app-metrics" "apps with http_server_requests_seconds_count: $(apps_with http_server_requests_seconds_count | tr '\n' ' ')" -- \
  all_apps_report http_server_requests_seconds_count
case $MESH in
  istio) mesh_metric=istio_requests_total ;;
  linkerd) mesh_metric=response_total ;;
  *) mesh_metric= ;;
esac
if [ -n "$mesh_metric" ]; then
  wait_until "Prometheus has $mesh_metric" 120 all_apps_report "$mesh_metric" || true
  check "prometheus.mesh-metrics" "apps with $mesh_metric: $(apps_with "$mesh_metric" | tr '\n' ' ')" -- all_apps_report "$mesh_metric"
fi
grafana_pod=$(pods_of grafana | head -n1)
[ -n "$grafana_pod" ] || die "no running grafana pod"
pod_url "$grafana_pod" 3000
dashboards=$(curl -sf "$POD_URL/api/search?type=dash-db" | jq -r '.[].uid' | tr '\n' ' ' || true)
check "grafana.app-dashboard" "dashboards: ${dashboards:-none}" -- grep -q meshdemo-app <<<"$dashboards"
if on_mesh; then
  check "grafana.$MESH-dashboard" "dashboards: ${dashboards:-none}" -- grep -q "meshdemo-$MESH" <<<"$dashboards"
fi
