#!/usr/bin/env bash
# Runs a benchmark in the cluster against several meshes, interleaved (plain, istio, linkerd, plain, ...),
# collects one result JSON per run (cut out of the Job's log) with the mesh configuration found in the
# cluster added, then compares the runs (histograms merged, added latency over plain with a bootstrap 95 %
# interval, baseline stability).
#
#   loadtest/k8s/bench-in-cluster.sh [-r RUNS] [-b BENCH] [-R RATE] [-d DURATION] [-w WARMUP] [-o DIR] MESH[:CONTEXT[:NAMESPACE]]...
#   loadtest/k8s/bench-in-cluster.sh -r 5 -R 500 plain:kind-plain istio:kind-istio linkerd:kind-linkerd
#
# MESH is plain, istio or linkerd (the overlay under loadtest/k8s/overlays); CONTEXT is the kubectl context of
# the cluster where the suite runs with that mesh (default: the current one); NAMESPACE is the suite's
# namespace there (default meshdemo). Interleaving needs every mesh deployed at the same time: identical
# clusters (one per mesh) or one cluster with the suite in a namespace per mesh.
# Needs kubectl and jq, the image localhost/meshdemo/loadtest:1.0.0 in the cluster (make loadtest-image), and
# the harness built locally for the comparison (make loadtest-build).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=5 bench=catalog rate=200 duration=120s warmup=30s
out="loadtest/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)"
while getopts "r:b:R:d:w:o:h" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    b) bench=$OPTARG ;;
    R) rate=$OPTARG ;;
    d) duration=$OPTARG ;;
    w) warmup=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { sed -n '2,17p' "$0"; exit 2; }
command -v jq >/dev/null || { echo "error: jq is required" >&2; exit 2; }
mkdir -p "$out"

# What the mesh is, as found in the cluster: versions, mTLS mode, proxy images and resources of a service pod.
mesh_facts() {
  local mesh=$1 ns=$2; shift 2
  local k=(kubectl "$@")
  local pod_json k8s_version nodes proxies control mtls=null
  k8s_version=$("${k[@]}" version -o json 2>/dev/null | jq -r '.serverVersion.gitVersion // "unknown"')
  nodes=$("${k[@]}" get nodes -o json | jq -c '[.items[] | {type: (.metadata.labels["node.kubernetes.io/instance-type"] // "unknown"), cores: .status.capacity.cpu, mem: .status.capacity.memory, kernel: .status.nodeInfo.kernelVersion}]')
  pod_json=$("${k[@]}" get pod -n "$ns" -l app=product-service -o json)
  proxies=$(jq -c '[.items[0].spec | ((.containers // []) + (.initContainers // []))[] | select(.name == "istio-proxy" or .name == "linkerd-proxy") | {name, image, resources}]' <<<"$pod_json")
  case $mesh in
    istio)
      control=$("${k[@]}" get deploy -n istio-system istiod -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || echo unknown)
      mtls=$("${k[@]}" get peerauthentication -n "$ns" default -o jsonpath='{.spec.mtls.mode}' 2>/dev/null || echo unknown) ;;
    linkerd)
      control=$("${k[@]}" get deploy -n linkerd linkerd-destination -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || echo unknown)
      mtls=$("${k[@]}" get ns "$ns" -o jsonpath='{.metadata.annotations.config\.linkerd\.io/default-inbound-policy}' 2>/dev/null || echo unknown) ;;
    *) control=none ;;
  esac
  jq -n --arg control "$control" --arg mtls "$mtls" --argjson proxies "$proxies" --arg k8s "$k8s_version" --argjson nodes "$nodes" \
    '{mesh: {control_plane_image: $control, mtls_observed: $mtls, service_proxies: $proxies}, env: {kubernetes_version: $k8s, node: $nodes}}'
}

run_one() {
  local spec=$1 round=$2 mesh context ns k tmp log result facts
  IFS=: read -r mesh context ns <<<"$spec"
  ns=${ns:-meshdemo}
  k=(kubectl)
  [ -n "$context" ] && k+=(--context "$context")
  tmp=$(mktemp -d)
  # A throw-away kustomization on top of the mesh's overlay sets what to run.
  cat >"$tmp/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $PWD/loadtest/k8s/overlays/$mesh
configMapGenerator:
  - name: loadtest-settings
    namespace: meshdemo-loadtest
    behavior: merge
    literals:
      - BENCH=$bench
      - RATE=$rate
      - DURATION=$duration
      - WARMUP=$warmup
      - PRODUCT_URL=http://product-service.$ns:3001
      - CART_URL=http://cart-service.$ns:3002
      - ORDER_URL=http://order-service.$ns:3003
      - USER_URL=http://user-service.$ns:3004
      - EXAM_URL=http://exam-service.$ns:3005
YAML
  echo "== round $round: $bench at $rate/s against $mesh (${context:-current context}, namespace $ns)"
  "${k[@]}" delete job -n meshdemo-loadtest loadtest --ignore-not-found --wait=true >/dev/null
  "${k[@]}" apply -k "$tmp" >/dev/null
  rm -rf "$tmp"
  # complete or failed, whichever comes first
  local deadline=$((SECONDS + 1800))
  until "${k[@]}" get job -n meshdemo-loadtest loadtest -o jsonpath='{.status.conditions[*].type}' | grep -qE 'Complete|Failed'; do
    [ $SECONDS -lt $deadline ] || { echo "error: job did not finish in 30 min" >&2; return 1; }
    sleep 5
  done
  log=$("${k[@]}" logs -n meshdemo-loadtest job/loadtest -c loadtest)
  result=$(sed -n '/=== meshdemo-loadtest result begin ===/,/=== meshdemo-loadtest result end ===/p' <<<"$log" | sed '1d;$d')
  [ -n "$result" ] || { echo "error: no result in the job's log:" >&2; tail -20 <<<"$log" >&2; return 1; }
  facts=$(mesh_facts "$mesh" "$ns" "${k[@]:1}")
  jq --argjson f "$facts" '.mesh_config += $f.mesh | .environment += $f.env' <<<"$result" >"$out/$(jq -r .id <<<"$result").json"
  grep -E '^(catalog|shopping|exam)' <<<"$log" || true
}

for round in $(seq 1 "$runs"); do
  for spec in "$@"; do
    run_one "$spec" "$round"
  done
done

cp="loadtest/target/classes:$(cat loadtest/target/runtime-classpath.txt)"
"${JAVA_HOME:-$(scripts/find-jdk.sh)}/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.meshdemo.loadtest.Main \
  compare --results "$out" --baseline plain --min-runs "$runs"
