#!/usr/bin/env bash
# The data planes compared on one cluster: plain, Istio sidecars, Istio ambient with ztunnel only, ambient
# with the waypoint, and Linkerd, each set-up in its own namespace on the same nodes, so rounds interleave
# without reinstalling anything. Each run is the harness Job (open model) at a fixed rate; the proxies' CPU
# and memory come from the kubelet's resource metrics sampled during the run; then the comparison (added
# latency per hop over plain with bootstrap 95 % intervals, proxies per 1000 req/s, variance over rounds).
#
#   loadtest/k8s/bench-in-cluster.sh [options] [plan|render|render-job|deploy|run] [SETUP...]
#     plan      print the runs in order (round, benchmark, rate, set-up) and stop
#     render    print the manifests of each SETUP (its namespace, the suite and its mesh layers)
#     render-job  print the harness Job of each SETUP's first catalog run (its policies, settings)
#     deploy    apply each SETUP and wait for it (the meshes installed first, see docs/benchmarking.md)
#     run       (default) every round: catalog at each -R rate, shopping at each -S rate, each SETUP
#   SETUP: plain istio-sidecar istio-ztunnel istio-waypoint linkerd (default: all five)
#   -r RUNS      rounds (default 5)       -R RATES  catalog req/s, comma-separated (default 200,1000,2000)
#   -d DURATION  steady phase (60s)       -S RATES  shopping sessions/s (default 100; -S "" skips it)
#   -w WARMUP    warm-up (30s)            -o DIR    results (default loadtest/results/meshes-<UTC stamp>)
#   -c CONTEXT   kubectl context          -i REG    image registry for EKS (REG/meshdemo/<service>)
#
# Needs kubectl and jq; the images in the cluster (make kind-load, make loadtest-image) and the harness
# built locally for the comparison (make loadtest-build).
set -euo pipefail
cd "$(dirname "$0")/../.."

ALL_SETUPS="plain istio-sidecar istio-ztunnel istio-waypoint linkerd"
LOADTEST_NS=meshdemo-loadtest

usage() {
  sed -n '2,21p' "$0" >&2
  exit 2
}

# The namespace each set-up lives in (loadtest/k8s/setups/<setup> sets the same).
setup_namespace() {
  case $1 in
    plain) echo meshdemo-plain ;;
    istio-sidecar) echo meshdemo-sidecar ;;
    istio-ztunnel) echo meshdemo-ztunnel ;;
    istio-waypoint) echo meshdemo-waypoint ;;
    linkerd) echo meshdemo-linkerd ;;
    *) echo "error: unknown set-up '$1' (one of: $ALL_SETUPS)" >&2; return 2 ;;
  esac
}

# How the load generator joins the set-up's data plane: the loadtest/k8s/overlays/<name> its Job uses.
setup_loadtest_overlay() {
  case $1 in
    plain) echo plain ;;
    istio-sidecar) echo istio ;;
    istio-ztunnel) echo istio-ambient ;;
    istio-waypoint) echo istio-waypoint ;;
    linkerd) echo linkerd ;;
    *) setup_namespace "$1" ;;
  esac
}

# The proxies whose kubelet lines a run keeps: an extended regex over `container="..",namespace="..",pod="..`
# (the kubelet writes labels sorted). The load generator's own proxy counts: it carries every request too.
setup_proxies() {
  local ns
  ns=$(setup_namespace "$1")
  case $1 in
    plain) echo 'container="(istio-proxy|linkerd-proxy)",namespace="meshdemo-plain"' ;;
    istio-sidecar) echo "container=\"istio-proxy\",namespace=\"($ns|$LOADTEST_NS)\"" ;;
    istio-ztunnel) echo 'container="istio-proxy",namespace="istio-system",pod="ztunnel-' ;;
    istio-waypoint) echo "container=\"istio-proxy\",namespace=\"(istio-system\",pod=\"ztunnel-|$ns\",pod=\"waypoint-)" ;;
    linkerd) echo "container=\"linkerd-proxy\",namespace=\"($ns|$LOADTEST_NS)\"" ;;
  esac
}

# The manifests of mesh/ name the namespace meshdemo in a few strings kustomize's namespace does not reach:
# Service hosts (<svc>.meshdemo.svc.cluster.local), SPIFFE principals (cluster.local/ns/meshdemo/sa/<sa>) and
# namespace lists of policies (- meshdemo), and the load generator's policies are written for namespace meshdemo. Rewrite those for the set-up's
# namespace, and point the images at a registry when one is given.
retarget() {
  local ns=$1 registry=${2:-}
  local edits=(-e "s#\\.meshdemo\\.svc\\.cluster\\.local#.$ns.svc.cluster.local#g"
    -e "s#/ns/meshdemo/sa/#/ns/$ns/sa/#g"
    -e "s#^\\(  *namespace: \\)meshdemo\$#\\1$ns#"
    -e "s#^\\(  *- \\)meshdemo\$#\\1$ns#")
  [ -z "$registry" ] || edits+=(-e "s#image: \\(localhost/\\)\\{0,1\\}meshdemo/#image: $registry/meshdemo/#")
  sed "${edits[@]}"
}

render_setup() {
  local setup=$1 ns
  ns=$(setup_namespace "$setup")
  kubectl kustomize "loadtest/k8s/setups/$setup" | retarget "$ns" "$registry"
}

# The runs in order: every round runs each benchmark and rate for every set-up, always in the same order
# (plain, istio-sidecar, ...), so that between two runs of a set-up at one rate every other set-up ran once:
# the interleaving the comparison checks, and what lets drift of the cluster hit every set-up alike.
plan() {
  local round bench rates rate i n list
  # shellcheck disable=SC2206 # the set-up names are words
  list=($setups_arg)
  n=${#list[@]}
  for round in $(seq 1 "$runs"); do
    for bench in catalog shopping; do
      rates=$catalog_rates
      [ "$bench" = catalog ] || rates=$shopping_rates
      for rate in $(echo "$rates" | tr ',' ' '); do
        for i in $(seq 0 $((n - 1))); do
          printf '%s\t%s\t%s\t%s\n' "$round" "$bench" "$rate" "${list[$i]}"
        done
      done
    done
  done
}

deploy() {
  local setup ns
  for setup in $setups_arg; do
    ns=$(setup_namespace "$setup")
    case $setup in
      istio-*) "${k[@]}" get crd peerauthentications.security.istio.io >/dev/null 2>&1 \
        || { echo "error: Istio is not installed (make mesh-install MESH=istio-ambient: one istiod serves sidecars and ambient)" >&2; return 1; } ;;
      linkerd) "${k[@]}" get crd servers.policy.linkerd.io >/dev/null 2>&1 \
        || { echo "error: Linkerd is not installed (make mesh-install MESH=linkerd)" >&2; return 1; } ;;
    esac
    case $setup in
      istio-ztunnel|istio-waypoint) "${k[@]}" get daemonset -n istio-system ztunnel >/dev/null 2>&1 \
        || { echo "error: no ztunnel: install Istio with the ambient profile (make mesh-install MESH=istio-ambient)" >&2; return 1; } ;;
    esac
    echo "== deploy $setup into $ns"
    render_setup "$setup" | "${k[@]}" apply -f - >/dev/null
    [ "$setup" != istio-waypoint ] || "${k[@]}" wait --namespace "$ns" --for=condition=Programmed gateway/waypoint --timeout=300s
    "${k[@]}" get deploy -n "$ns" -o name | while read -r d; do "${k[@]}" rollout status -n "$ns" "$d" --timeout=600s; done
    "${k[@]}" rollout status -n "$ns" statefulset/postgres --timeout=600s
  done
}

# The kubelet's resource metrics of every node, the set-up's proxy lines only, every 10 s until stopped.
sample_data_plane() {
  local file=$1 pattern=$2 node
  while :; do
    for node in $nodes; do
      printf '# node=%s\n' "$node"
      "${k[@]}" get --raw "/api/v1/nodes/$node/proxy/metrics/resource" 2>/dev/null \
        | grep -E '^container_(cpu_usage_seconds_total|memory_working_set_bytes)\{' | grep -E "$pattern" || true
    done >>"$file"
    sleep 10
  done
}

# What the set-up is, as found in the cluster, added to the result: versions, proxies, nodes.
setup_facts() {
  local setup=$1 ns=$2 control=none proxies k8s_version node_info placement
  k8s_version=$("${k[@]}" version -o json 2>/dev/null | jq -r '.serverVersion.gitVersion // "unknown"')
  node_info=$("${k[@]}" get nodes -o json | jq -c '[.items[] | {name: .metadata.name, type: (.metadata.labels["node.kubernetes.io/instance-type"] // "unknown"), cores: .status.capacity.cpu, mem: .status.capacity.memory, kernel: .status.nodeInfo.kernelVersion}]')
  placement=$("${k[@]}" get pod -n "$ns" -o json | jq -c '[.items[] | {pod: .metadata.name, node: .spec.nodeName}]')
  proxies=$("${k[@]}" get pod -n "$ns" -l app.kubernetes.io/name=product-service -o json | jq -c '[.items[0].spec | ((.containers // []) + (.initContainers // []))[] | select(.name == "istio-proxy" or .name == "linkerd-proxy") | {name, image, resources}]')
  case $setup in
    istio-*) control=$("${k[@]}" get deploy -n istio-system istiod -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || echo unknown) ;;
    linkerd) control=$("${k[@]}" get deploy -n linkerd linkerd-destination -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null || echo unknown) ;;
  esac
  jq -n --arg setup "$setup" --arg ns "$ns" --arg control "$control" --argjson proxies "$proxies" --arg k8s "$k8s_version" \
    --argjson nodes "$node_info" --argjson placement "$placement" \
    '{mesh: {setup: $setup, namespace: $ns, control_plane_image: $control, service_proxies: $proxies}, env: {kubernetes_version: $k8s, node: $nodes, placement: $placement}}'
}

# The harness Job of one run: the set-up's loadtest overlay with what to run, its policies in the set-up's
# namespace. kustomize takes relative paths only, so the wrapper lives in the repository (gitignored).
render_job() {
  local setup=$1 bench=$2 rate=$3 ns wrap
  ns=$(setup_namespace "$setup")
  wrap=loadtest/k8s/.run/job
  mkdir -p "$wrap"
  cat >"$wrap/kustomization.yaml" <<YAML
# Written by loadtest/k8s/bench-in-cluster.sh for one run; overwritten by the next.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../overlays/$(setup_loadtest_overlay "$setup")
configMapGenerator:
  - name: loadtest-settings
    namespace: $LOADTEST_NS
    behavior: merge
    literals:
      - MESH=$setup
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
  kubectl kustomize "$wrap" | retarget "$ns" "$registry"
}

run_one() {
  local round=$1 bench=$2 rate=$3 setup=$4 ns result log facts sampler samples id
  ns=$(setup_namespace "$setup")
  echo "== round $round: $bench at $rate/s against $setup ($ns)"
  "${k[@]}" delete job -n "$LOADTEST_NS" loadtest --ignore-not-found --wait=true >/dev/null
  render_job "$setup" "$bench" "$rate" | "${k[@]}" apply -f - >/dev/null
  samples=$(mktemp)
  sample_data_plane "$samples" "$(setup_proxies "$setup")" &
  sampler=$!
  local deadline=$((SECONDS + 1800))
  until "${k[@]}" get job -n "$LOADTEST_NS" loadtest -o jsonpath='{.status.conditions[*].type}' | grep -qE 'Complete|Failed'; do
    [ $SECONDS -lt $deadline ] || { kill "$sampler"; echo "error: job did not finish in 30 min" >&2; return 1; }
    sleep 5
  done
  kill "$sampler"
  wait "$sampler" 2>/dev/null || true
  log=$("${k[@]}" logs -n "$LOADTEST_NS" job/loadtest -c loadtest)
  result=$(sed -n '/=== meshdemo-loadtest result begin ===/,/=== meshdemo-loadtest result end ===/p' <<<"$log" | sed '1d;$d')
  [ -n "$result" ] || { echo "error: no result in the job's log:" >&2; tail -20 <<<"$log" >&2; return 1; }
  facts=$(setup_facts "$setup" "$ns")
  id=$(jq -r .id <<<"$result")
  jq --argjson f "$facts" '.mesh_config += $f.mesh | .environment += $f.env' <<<"$result" >"$out/$id.json"
  mv "$samples" "$out/$id.data-plane.prom"
  grep -E '^(catalog|shopping)' <<<"$log" || true
}

runs=5 catalog_rates=200,1000,2000 shopping_rates=100 duration=60s warmup=30s context="" registry=""
out="loadtest/results/meshes-$(date -u +%Y%m%dT%H%M%SZ)"
while getopts "r:R:S:d:w:o:c:i:h" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    R) catalog_rates=$OPTARG ;;
    S) shopping_rates=$OPTARG ;;
    d) duration=$OPTARG ;;
    w) warmup=$OPTARG ;;
    o) out=$OPTARG ;;
    c) context=$OPTARG ;;
    i) registry=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
command=run
case ${1:-} in
  plan|render|render-job|deploy|run) command=$1; shift ;;
esac
case $runs in ''|*[!0-9]*) echo "error: -r wants a number of rounds, got '$runs'" >&2; exit 2 ;; esac
for rates in "$catalog_rates" "$shopping_rates"; do
  case $rates in *[!0-9,]*|,*|*,|*,,*) echo "error: rates are numbers separated by commas, got '$rates'" >&2; exit 2 ;; esac
done
setups_arg=${*:-$ALL_SETUPS}
for setup in $setups_arg; do setup_namespace "$setup" >/dev/null || exit 2; done
k=(kubectl)
[ -z "$context" ] || k+=(--context "$context")

case $command in
  plan) plan; exit 0 ;;
  render) for setup in $setups_arg; do render_setup "$setup"; echo "---"; done; exit 0 ;;
  render-job) for setup in $setups_arg; do render_job "$setup" catalog "${catalog_rates%%,*}"; echo "---"; done; exit 0 ;;
  deploy) deploy; exit 0 ;;
esac

command -v jq >/dev/null || { echo "error: jq is required" >&2; exit 2; }
case " $setups_arg " in *" plain "*) ;; *) echo "error: the baseline 'plain' must be one of the set-ups" >&2; exit 2 ;; esac
[ "$runs" -ge 5 ] || echo "warning: -r $runs: the comparison wants at least 5 rounds per set-up" >&2
mkdir -p "$out"
nodes=$("${k[@]}" get nodes -o jsonpath='{.items[*].metadata.name}')
plan >"$out/plan.tsv"
# The plan on its own descriptor, so nothing a run starts can read it from stdin.
while IFS="$(printf '\t')" read -r round bench rate setup <&3; do
  run_one "$round" "$bench" "$rate" "$setup"
done 3<"$out/plan.tsv"

cp="loadtest/target/classes:$(cat loadtest/target/runtime-classpath.txt)"
"${JAVA_HOME:-$(scripts/find-jdk.sh)}/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.meshdemo.loadtest.Main \
  compare --results "$out" --baseline plain --min-runs "$runs"
