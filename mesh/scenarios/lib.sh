# shellcheck shell=bash
# Shared library of the scenario scripts (mesh/scenarios/*.sh). Source it first thing:
#   . "$(dirname "$0")/lib.sh"
# It gives every script the same shape: named steps, one line per check (PASS/FAIL name detail), waits with
# exponential backoff and a deadline, a clean-up stack that restores every change (also on failure and on
# Ctrl-C), the closing line `N passed, N failed`, a non-zero exit on failure, and JUnit XML + JSON results
# under mesh/scenarios/results/.
#
# Target selection (environment):
#   TARGET=cluster (default)  MESH=istio|linkerd|plain selects the expectations; the suite runs in namespace
#                             NS (meshdemo), the entry is ENTRY_URL (http://localhost:8080, kind's NodePort).
#   TARGET=local              the local suite from `make run`: http://LOCAL_HOST:3001..3005. Only the
#                             mesh-independent checks run; MESH is ignored.
#
# Statistics: a share k/n of n independent requests is checked against its expected probability p with the
# binomial tolerance  |k/n - p| <= 4 * sqrt(p(1-p)/n)  (normal approximation, valid for n*p*(1-p) >~ 10).
# A correct system then fails such a check with probability ~6.3e-5 (two-sided 4 sigma).
set -Eeuo pipefail
export LC_ALL=C  # awk and sort behave the same everywhere (decimal point, collation for comm)

SCENARIO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCENARIO_DIR/../.." && pwd)
SCENARIO=${SCENARIO:-$(basename "$0" .sh)}
TARGET=${TARGET:-cluster}
MESH=${MESH:-}
NS=${NS:-meshdemo}
ENTRY_URL=${ENTRY_URL:-http://localhost:8080}
LOCAL_HOST=${LOCAL_HOST:-127.0.0.1}
RESULTS_DIR=${RESULTS_DIR:-$SCENARIO_DIR/results}
# A small public image with curl and a POSIX shell; pinned so runs are repeatable.
CLIENT_IMAGE=${CLIENT_IMAGE:-curlimages/curl:8.11.1}
# Namespace without any mesh injection, for the "unmeshed client" checks.
OUTSIDE_NS=${OUTSIDE_NS:-meshdemo-scenario-outside}
# Where the mesh manifests live (the mesh area's contract, /tmp/mesh-contract.md in the project notes).
MESH_DIR=${MESH_DIR:-$REPO_ROOT/mesh}

declare -A SERVICE_PORT=([product-service]=3001 [cart-service]=3002 [order-service]=3003
                         [user-service]=3004 [exam-service]=3005)
# shellcheck disable=SC2034  # used by the scripts that source this file
SERVICES=(product-service cart-service order-service user-service exam-service)

# Check lines go to fd 3, a copy of the script's stdout taken now: a check recorded while a command's output
# is redirected (the ERR trap of `cmd >/dev/null`) or captured (`x=$(...)`) still reaches the terminal.
exec 3>&1
_WORK=$(mktemp -d "${TMPDIR:-/tmp}/scenario-$SCENARIO.XXXXXX")
_CHECKS=$_WORK/checks.jsonl       # one JSON object per check (a file, so subshells can record too)
: >"$_CHECKS"
_STEP=setup
_STARTED=$EPOCHREALTIME
_LAST_MARK=$EPOCHREALTIME
_CLEANUP=()                       # "description<US>quoted command", run last-in first-out
_FINISHED=0

# ---------------------------------------------------------------------------------------------- output
_now() { printf '%s' "$EPOCHREALTIME"; }
_elapsed_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
log() { printf '   %s\n' "$*" >&2; }
# die MESSAGE: a precondition failed (recorded as a FAIL line, so the results say why), then exit.
die() { record FAIL precondition "$*"; exit 2; }

# step NAME: starts a named group of checks (shown as "== NAME", recorded as the JUnit classname).
step() {
  _STEP=$1
  _LAST_MARK=$EPOCHREALTIME
  printf '== %s: %s\n' "$SCENARIO" "$_STEP"
}

# record STATUS NAME DETAIL: the one place a check result is printed and stored.
record() {
  local status=$1 name=$2 detail=${3:-} took
  took=$(_elapsed_since "$_LAST_MARK")
  _LAST_MARK=$EPOCHREALTIME
  printf '%s %s %s\n' "$status" "$name" "$detail" >&3
  jq -cn --arg step "$_STEP" --arg name "$name" --arg status "$status" --arg detail "$detail" \
    --argjson time "$took" '{step:$step,name:$name,status:$status,detail:$detail,time_s:$time}' >>"$_CHECKS"
}
pass() { record PASS "$1" "${2:-}"; }
fail() { record FAIL "$1" "${2:-}"; }

# check NAME DETAIL -- COMMAND...: PASS when the command succeeds.
check() {
  local name=$1 detail=$2
  shift 2
  [ "${1:-}" = -- ] && shift
  if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}

# check_eq NAME EXPECTED ACTUAL [CONTEXT]
check_eq() {
  if [ "$2" = "$3" ]; then pass "$1" "got '$3'${4:+ ($4)}"
  else fail "$1" "expected '$2', got '$3'${4:+ ($4)}"; fi
}

# check_in NAME ACTUAL ALLOWED... (space separated alternatives)
check_in() {
  local name=$1 actual=$2 allowed
  shift 2
  for allowed in "$@"; do
    if [ "$actual" = "$allowed" ]; then pass "$name" "got '$actual'"; return 0; fi
  done
  fail "$name" "expected one of [$*], got '$actual'"
}

# ------------------------------------------------------------------------------------------ statistics
# ratio K N -> K/N with 4 decimals
ratio() { awk -v k="$1" -v n="$2" 'BEGIN { if (n == 0) print "nan"; else printf "%.4f", k / n }'; }

# binomial_tolerance P N -> half-width 4*sqrt(p(1-p)/n) of the acceptance band around P.
binomial_tolerance() { awk -v p="$1" -v n="$2" 'BEGIN { printf "%.4f", 4 * sqrt(p * (1 - p) / n) }'; }

# check_share NAME K N P: the observed share K/N lies within P +- binomial_tolerance(P, N).
check_share() {
  local name=$1 k=$2 n=$3 p=$4 tol observed
  tol=$(binomial_tolerance "$p" "$n")
  observed=$(ratio "$k" "$n")
  local detail="observed $observed ($k/$n), expected $p +- $tol (4 sigma binomial, false-failure ~6e-5)"
  if awk -v o="$observed" -v p="$p" -v t="$tol" 'BEGIN { d = o - p; if (d < 0) d = -d; exit !(d <= t + 1e-9) }'
  then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}

# check_at_least NAME K N MIN: K/N >= MIN (a one-sided threshold, e.g. a success rate).
check_at_least() {
  local name=$1 k=$2 n=$3 min=$4 observed
  observed=$(ratio "$k" "$n")
  if awk -v o="$observed" -v m="$min" 'BEGIN { exit !(o >= m) }'
  then pass "$name" "observed $observed ($k/$n) >= $min"; else fail "$name" "observed $observed ($k/$n), expected >= $min"; fi
}

# check_at_most NAME K N MAX
check_at_most() {
  local name=$1 k=$2 n=$3 max=$4 observed
  observed=$(ratio "$k" "$n")
  if awk -v o="$observed" -v m="$max" 'BEGIN { exit !(o <= m) }'
  then pass "$name" "observed $observed ($k/$n) <= $max"; else fail "$name" "observed $observed ($k/$n), expected <= $max"; fi
}

# ------------------------------------------------------------------------------------ waits with backoff
# wait_until DESCRIPTION TIMEOUT_S COMMAND...: retries COMMAND with exponential backoff (0.25 s doubling,
# at most 8 s between tries) until it succeeds or the deadline passes. Returns 1 at the deadline.
wait_until() {
  local desc=$1 timeout=$2 delay=0.25 deadline
  shift 2
  deadline=$(awk -v s="$EPOCHREALTIME" -v t="$timeout" 'BEGIN { printf "%.3f", s + t }')
  while :; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if awk -v now="$EPOCHREALTIME" -v d="$deadline" 'BEGIN { exit !(now >= d) }'; then
      log "gave up waiting for: $desc (after ${timeout}s)"
      return 1
    fi
    sleep "$delay"
    delay=$(awk -v d="$delay" 'BEGIN { d *= 2; if (d > 8) d = 8; print d }')
  done
}

# -------------------------------------------------------------------------------------- clean-up stack
# defer DESCRIPTION COMMAND...: registers COMMAND to run when the script ends (exit, failure, Ctrl-C),
# in reverse order of registration. A failing clean-up command is a FAIL line (the cluster was not restored).
defer() {
  local desc=$1 cmd
  shift
  printf -v cmd '%q ' "$@"
  _CLEANUP+=("$desc"$'\x1f'"$cmd")
}

# restore_now DESCRIPTION: runs the registered clean-up with exactly that description now (and not again at
# the end), e.g. to switch one feature off before testing the next.
restore_now() {
  local i entry
  for ((i = ${#_CLEANUP[@]} - 1; i >= 0; i--)); do
    entry=${_CLEANUP[$i]}
    if [ "${entry%%$'\x1f'*}" = "$1" ]; then
      printf -- '-- restore: %s\n' "$1"
      eval "${entry#*$'\x1f'}"
      _CLEANUP=("${_CLEANUP[@]:0:i}" "${_CLEANUP[@]:i+1}")
      return 0
    fi
  done
  die "restore_now: nothing registered as '$1'"
}

# forget_restore DESCRIPTION: drops a registered clean-up without running it (a change meant to stay, as
# when `make feature-on` switches a component on for a workshop phase).
forget_restore() {
  local i keep=()
  for ((i = 0; i < ${#_CLEANUP[@]}; i++)); do
    [ "${_CLEANUP[$i]%%$'\x1f'*}" = "$1" ] || keep+=("${_CLEANUP[$i]}")
  done
  _CLEANUP=("${keep[@]}")
}

_run_cleanup() {
  local i entry desc cmd
  for ((i = ${#_CLEANUP[@]} - 1; i >= 0; i--)); do
    entry=${_CLEANUP[$i]}
    desc=${entry%%$'\x1f'*}
    cmd=${entry#*$'\x1f'}
    printf -- '-- restore: %s\n' "$desc"
    if ! (eval "$cmd") >"$_WORK/cleanup.log" 2>&1; then
      sed 's/^/   /' "$_WORK/cleanup.log" >&2
      _STEP=cleanup
      fail "cleanup" "could not restore: $desc"
    fi
  done
  _CLEANUP=()
}

_xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

_write_results() {
  mkdir -p "$RESULTS_DIR"
  local label=$SCENARIO-${TARGET}${MESH:+-$MESH} took
  [ "$TARGET" = local ] && label=$SCENARIO-local
  took=$(_elapsed_since "$_STARTED")
  jq -s --arg scenario "$SCENARIO" --arg target "$TARGET" --arg mesh "${MESH:-}" --argjson took "$took" \
    '{scenario:$scenario, target:$target, mesh:$mesh, duration_s:$took,
      passed: map(select(.status=="PASS")) | length, failed: map(select(.status=="FAIL")) | length,
      checks: .}' "$_CHECKS" >"$RESULTS_DIR/$label.json"
  {
    jq -r --arg suite "scenario.$label" --argjson took "$took" -s \
      '"<testsuite name=\"\($suite)\" tests=\"\(length)\" failures=\"\(map(select(.status=="FAIL"))|length)\" errors=\"0\" time=\"\($took)\">"' \
      "$_CHECKS"
    local line step name status detail time
    while IFS= read -r line; do
      step=$(jq -r .step <<<"$line" | _xml_escape)
      name=$(jq -r .name <<<"$line" | _xml_escape)
      status=$(jq -r .status <<<"$line")
      detail=$(jq -r .detail <<<"$line" | _xml_escape)
      time=$(jq -r .time_s <<<"$line")
      printf '  <testcase classname="%s.%s" name="%s" time="%s">' "$SCENARIO" "$step" "$name" "$time"
      if [ "$status" = FAIL ]; then printf '<failure message="%s"/>' "$detail"
      else printf '<system-out>%s</system-out>' "$detail"; fi
      printf '</testcase>\n'
    done <"$_CHECKS"
    printf '</testsuite>\n'
  } >"$RESULTS_DIR/$label.xml"
}

_finish() {
  local rc=$?
  [ "$_FINISHED" = 1 ] && return
  _FINISHED=1
  # Restoring must not be cut short by a second Ctrl-C; every clean-up command has its own time limit.
  trap '' INT TERM
  set +e
  _run_cleanup
  _write_results
  local passed failed
  passed=$(jq -s 'map(select(.status=="PASS")) | length' "$_CHECKS")
  failed=$(jq -s 'map(select(.status=="FAIL")) | length' "$_CHECKS")
  rm -rf "$_WORK"
  printf '%s passed, %s failed\n' "$passed" "$failed"
  if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
    [ "$rc" -eq 0 ] && rc=1
  else
    rc=0
  fi
  exit "$rc"
}

_on_signal() {
  trap '' INT TERM
  fail "interrupted" "received SIG$1; restoring"
  [ "$1" = INT ] && exit 130
  exit 143
}

_on_error() {
  # Only the main shell records: a failing command substitution also fails its caller.
  [ "$BASHPID" = "$$" ] || return 0
  fail "unexpected-error" "line $1: '$2' exited with $3"
}

trap _finish EXIT
trap '_on_signal INT' INT
trap '_on_signal TERM' TERM
trap '_on_error "$LINENO" "$BASH_COMMAND" "$?"' ERR

# ---------------------------------------------------------------------------------------- target helpers
is_local() { [ "$TARGET" = local ]; }

# require_target: validates TARGET/MESH and, in a cluster, that kubectl reaches the suite's namespace.
require_target() {
  case $TARGET in
    local) MESH=; return 0 ;;
    cluster) ;;
    *) die "TARGET must be cluster or local (got '$TARGET')" ;;
  esac
  case $MESH in
    istio | linkerd | plain) ;;
    *) die "MESH must be istio, linkerd or plain (got '${MESH}'); for the local suite use TARGET=local" ;;
  esac
  command -v kubectl >/dev/null || die "kubectl not found"
  kubectl get namespace "$NS" >/dev/null 2>&1 ||
    die "namespace $NS not found: deploy the suite first (make deploy MESH=$MESH)"
}

# local_url SERVICE -> http://127.0.0.1:<port> of a service of the local suite.
local_url() { printf 'http://%s:%s' "$LOCAL_HOST" "${SERVICE_PORT[$1]}"; }

# in_cluster_url SERVICE -> the Service's URL inside the cluster.
in_cluster_url() { printf 'http://%s.%s:%s' "$1" "$NS" "${SERVICE_PORT[$1]}"; }

# --------------------------------------------------------------------------------------- HTTP helpers
# http_requests WHERE N PARALLEL HEADER URL [CURL OPTION...]
#   Sends N requests to URL and prints one line per request: "<status> <seconds> <value of HEADER or ->".
#   WHERE is "host" (this machine: the local suite or the entry) or "pod:<namespace>/<pod>" (curl inside a
#   client pod, so the request leaves through that pod's proxy). Every request asks for `Connection: close`
#   so that plain Kubernetes (which balances connections, not requests) spreads them over the endpoints too.
#   Status 000 means no HTTP response (refused, reset, timed out).
http_requests() {
  local where=$1 n=$2 parallel=$3 header=$4 url=$5 i
  shift 5
  local -a opts=(--silent --show-error --header 'Connection: close' --max-time "${HTTP_MAX_TIME:-20}"
                 --write-out "%{http_code} %{time_total} %header{$header}\n")
  [ "$parallel" -gt 1 ] && opts+=(--parallel --parallel-immediate --parallel-max "$parallel")
  local config
  config=$(for ((i = 0; i < n; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done)
  local out
  case $where in
    host) out=$(curl "${opts[@]}" "$@" --config - <<<"$config" 2>/dev/null || true) ;;
    pod:*)
      local ref=${where#pod:}
      out=$(kubectl exec -i -n "${ref%%/*}" "${ref#*/}" -c client -- \
              curl "${opts[@]}" "$@" --config - <<<"$config" 2>/dev/null || true) ;;
    *) die "http_requests: unknown WHERE '$where'" ;;
  esac
  # An empty header value leaves a trailing blank: print "-" instead so every line has three fields.
  awk 'NF == 2 { print $1, $2, "-"; next } NF >= 3 { print $1, $2, $3 }' <<<"$out"
}

# count_field LINES FIELD VALUE -> how many request lines have VALUE in FIELD (1 status, 2 time, 3 header).
count_field() { awk -v f="$2" -v v="$3" '$f == v { c++ } END { print c + 0 }' <<<"$1"; }
# count_2xx LINES
count_2xx() { awk '$1 ~ /^2/ { c++ } END { print c + 0 }' <<<"$1"; }
# count_slower LINES SECONDS -> requests that took at least SECONDS
count_slower() { awk -v s="$2" '$2 >= s { c++ } END { print c + 0 }' <<<"$1"; }
# count_lines LINES
count_lines() { awk 'NF { c++ } END { print c + 0 }' <<<"$1"; }
# histogram LINES FIELD -> "value:count value:count ..." for the details of a check line
histogram() { awk -v f="$2" 'NF { c[$f]++ } END { for (k in c) printf "%s:%d ", k, c[k] }' <<<"$1" | sed 's/ $//'; }

# http_get_status WHERE URL [CURL OPTION...] -> the status of one GET (000 when nothing answered).
http_get_status() {
  local where=$1 url=$2
  shift 2
  http_requests "$where" 1 1 x-service "$url" "$@" | awk '{ print $1 }'
}

# http_json URL [CURL OPTION...] -> body of a request from this machine (fails on a non-2xx answer).
http_json() { curl --silent --show-error --fail --max-time "${HTTP_MAX_TIME:-20}" "$@"; }

# header_of URL HEADER [CURL OPTION...] -> value of one response header of a GET from this machine.
header_of() {
  local url=$1 header=$2
  shift 2
  curl --silent --max-time "${HTTP_MAX_TIME:-20}" -o /dev/null -w "%header{$header}" "$@" "$url" || true
}

# new_id PREFIX -> a short unique id (user ids, idempotency keys) so repeated runs never collide.
new_id() { printf '%s-%s%04x' "$1" "$(date +%s)" "$((RANDOM))"; }

# ------------------------------------------------------------------------------------- port-forwards
# A product pod's fault knob is per process, so it is reached pod by pod through `kubectl port-forward`
# (which also bypasses the pod's proxy, so mTLS and authorization do not get in the way of the admin call).
declare -A _PF_URL=()
# pod_url POD PORT: sets POD_URL to a local URL forwarded to POD:PORT (started once, stopped at the end).
# Runs in the main shell (it keeps a cache); call it, then read $POD_URL.
pod_url() {
  local pod=$1 port=$2 key="$1:$2"
  if [ -n "${_PF_URL[$key]:-}" ]; then POD_URL=${_PF_URL[$key]}; return 0; fi
  local logf="$_WORK/pf.$pod.$port"
  # setsid: a Ctrl-C on the terminal must not kill the forward before the clean-up has used it.
  setsid kubectl port-forward -n "$NS" "pod/$pod" ":$port" >"$logf" 2>&1 &
  local pid=$!
  defer "stop port-forward to $pod:$port" kill "$pid"
  wait_until "port-forward to $pod:$port" 30 grep -q 'Forwarding from 127.0.0.1:' "$logf" ||
    die "port-forward to $pod:$port failed: $(cat "$logf")"
  local lport
  lport=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$logf" | head -n1)
  _PF_URL[$key]="http://127.0.0.1:$lport"
  POD_URL=${_PF_URL[$key]}
}

# pods_of APP -> names of the running pods with label app=APP (one per line)
pods_of() {
  kubectl get pods -n "$NS" -l "app=$1" --field-selector=status.phase=Running \
    -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}'
}

# ------------------------------------------------------------------------------------------ fault knobs
# The services' run-time fault knob: GET/PUT /admin/faults (see docs/CONFIGURATION.md).
# faults_set BASE_URL JSON: saves the current knob, registers its restoration, then applies JSON.
faults_set() {
  local base=$1 json=$2 before
  before=$(http_json "$base/admin/faults") || die "cannot read $base/admin/faults"
  before=$(jq -c '{errorRate, delayMs, delayRate, paths}' <<<"$before")
  defer "fault knob at $base back to $before" faults_put "$base" "$before"
  faults_put "$base" "$json"
}
faults_put() {
  http_json -X PUT -H 'Content-Type: application/json' --data "$2" "$1/admin/faults" >/dev/null
}

# product_bases: sets PRODUCT_BASES to the base URL of every product-service process (locally the one on
# 3001; in a cluster each product pod, v1 and v2, through a port-forward).
product_bases() {
  PRODUCT_BASES=()
  if is_local; then PRODUCT_BASES=("$(local_url product-service)"); return 0; fi
  local pod
  for pod in $(pods_of product-service); do
    pod_url "$pod" 3001
    PRODUCT_BASES+=("$POD_URL")
  done
  [ ${#PRODUCT_BASES[@]} -gt 0 ] || die "no running product-service pods in $NS"
}

# set_faults_everywhere APP JSON: applies the knob to every process of APP (restored at the end).
set_faults_everywhere() {
  local app=$1 json=$2 pod
  if is_local; then faults_set "$(local_url "$app")" "$json"; return 0; fi
  for pod in $(pods_of "$app"); do
    pod_url "$pod" "${SERVICE_PORT[$app]}"
    faults_set "$POD_URL" "$json"
  done
}

# --------------------------------------------------------------------------------------------- metrics
# request_count BASE_URL METHOD URI_REGEX -> sum of http_server_requests_seconds_count over every status for
# the routes whose uri label matches URI_REGEX (anchored), from one process' /q/metrics. A regex, because a
# request answered by the fault knob (before JAX-RS) is labelled with its raw path, not the route template.
request_count() {
  local body
  body=$(http_json "$1/q/metrics") || { echo 0; return 0; }
  awk -v m="$2" -v u="^($3)\$" '
    /^http_server_requests_seconds_count\{/ {
      if (!match($0, /method="[^"]*"/)) next
      method = substr($0, RSTART + 8, RLENGTH - 9)
      if (!match($0, /uri="[^"]*"/)) next
      uri = substr($0, RSTART + 5, RLENGTH - 6)
      if (method == m && uri ~ u) s += $NF
    }
    END { printf "%d\n", s }' <<<"$body"
}

# requests_served APP METHOD URI_REGEX -> request_count summed over every process of APP.
requests_served() {
  local app=$1 total=0 pod c
  if is_local; then request_count "$(local_url "$app")" "$2" "$3"; return 0; fi
  for pod in $(pods_of "$app"); do
    pod_url "$pod" "${SERVICE_PORT[$app]}"
    c=$(request_count "$POD_URL" "$2" "$3")
    total=$((total + c))
  done
  echo "$total"
}

# --------------------------------------------------------------------------------------------- clients
# client_pod NAME NAMESPACE SERVICEACCOUNT: a curl pod (container "client") that a script execs requests
# from. In $NS it is meshed (the overlays label the namespace for injection; the pod asks for it too), in
# $OUTSIDE_NS it is not. Everything created here is deleted at the end; existing ServiceAccounts (the
# services' own, used to act as an allowed caller) are left alone.
client_pod() {
  local name=$1 ns=$2 sa=$3 inject=enabled
  [ "$ns" = "$OUTSIDE_NS" ] && inject=disabled
  ensure_namespace "$ns"
  if ! kubectl get serviceaccount -n "$ns" "$sa" >/dev/null 2>&1; then
    kubectl create serviceaccount -n "$ns" "$sa" >/dev/null
    kubectl label serviceaccount -n "$ns" "$sa" "$SCENARIO_LABEL" >/dev/null
    defer "delete serviceaccount $ns/$sa" kubectl delete serviceaccount -n "$ns" "$sa" --ignore-not-found --timeout=60s
  fi
  local istio_inject=true
  [ "$inject" = disabled ] && istio_inject=false
  kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $name
  namespace: $ns
  labels: {app: $name, app.kubernetes.io/part-of: meshdemo-scenarios, sidecar.istio.io/inject: "$istio_inject"}
  annotations: {linkerd.io/inject: $inject}
spec:
  serviceAccountName: $sa
  terminationGracePeriodSeconds: 2
  securityContext: {runAsNonRoot: true, runAsUser: 100, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: client
      image: $CLIENT_IMAGE
      command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait; done"]
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
EOF
  defer "delete client pod $ns/$name" kubectl delete pod -n "$ns" "$name" --ignore-not-found --timeout=90s
  if ! kubectl wait -n "$ns" --for=condition=Ready "pod/$name" --timeout=180s >/dev/null; then
    kubectl describe pod -n "$ns" "$name" | tail -n 15 >&2
    die "client pod $ns/$name did not become ready"
  fi
}

# ensure_namespace NS: creates NS when missing (deleted again at the end); the outside one opts out of
# injection for both meshes explicitly.
ensure_namespace() {
  local ns=$1
  kubectl get namespace "$ns" >/dev/null 2>&1 && return 0
  kubectl create namespace "$ns" >/dev/null
  defer "delete namespace $ns" kubectl delete namespace "$ns" --ignore-not-found --timeout=120s
  if [ "$ns" = "$OUTSIDE_NS" ]; then
    kubectl label namespace "$ns" istio-injection=disabled --overwrite >/dev/null
    kubectl annotate namespace "$ns" linkerd.io/inject=disabled --overwrite >/dev/null
  fi
}

# pod_has_proxy NAMESPACE POD -> succeeds when the pod carries the mesh's proxy (sidecar or native sidecar).
pod_has_proxy() {
  local names
  names=$(kubectl get pod -n "$1" "$2" -o jsonpath='{.spec.containers[*].name} {.spec.initContainers[*].name}')
  case $MESH in
    istio) [[ " $names " == *" istio-proxy "* ]] ;;
    linkerd) [[ " $names " == *" linkerd-proxy "* ]] ;;
    *) [[ " $names " != *" istio-proxy "* && " $names " != *" linkerd-proxy "* ]] ;;
  esac
}

# ------------------------------------------------------------------------------- feature components
# Feature components (mesh/components/<name>, Kustomize `kind: Component`) are switched on by rendering the
# overlay together with the components and applying it; off by re-applying the overlay with the remaining
# components and deleting the objects that only the feature render had. The set of components that are on
# is kept in the ConfigMap scenario-features in $NS, so that a feature switched on by hand (a workshop
# phase turning on observability) survives a scenario switching another one on and off.
FEATURES_CM=scenario-features
# Every object a scenario creates carries this label, so a workshop reset can remove leftovers of a run
# that was killed hard (SIGKILL, a lost laptop lid) before its clean-up ran.
SCENARIO_LABEL=app.kubernetes.io/part-of=meshdemo-scenarios

features_active() {
  kubectl get configmap -n "$NS" "$FEATURES_CM" -o jsonpath='{.data.components}' 2>/dev/null || true
}

_features_store() {
  kubectl create configmap -n "$NS" "$FEATURES_CM" --from-literal=components="$*" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
}

# render_overlay DIR COMPONENT...: prints the overlay of $MESH rendered with the given components, through a
# kustomization written to DIR. Kustomize refuses absolute paths for bases ("new root cannot be
# absolute"), so the overlay and components are named relative to DIR.
render_overlay() {
  local dir=$1 c
  shift
  mkdir -p "$dir"
  {
    printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - %s\n' \
      "$(realpath --relative-to="$dir" "$MESH_DIR/overlays/$MESH")"
    if [ $# -gt 0 ]; then
      printf 'components:\n'
      for c in "$@"; do printf '  - %s\n' "$(realpath --relative-to="$dir" "$MESH_DIR/components/$c")"; done
    fi
  } >"$dir/kustomization.yaml"
  kubectl kustomize "$dir"
}

# object_refs < RENDER -> "resource.group namespace name" per object of a kustomize render (kustomize
# writes canonical YAML: top-level apiVersion/kind, metadata.name/namespace at two spaces).
object_refs() {
  awk '
    function flush() {
      if (kind != "") {
        group = (api ~ /\//) ? substr(api, 1, index(api, "/") - 1) : ""
        printf "%s%s %s %s\n", tolower(kind), (group == "" ? "" : "." group), (ns == "" ? "-" : ns), name
      }
      kind = ""; api = ""; name = ""; ns = ""; inmeta = 0
    }
    /^---/ { flush(); next }
    /^apiVersion:/ { api = $2; next }
    /^kind:/ { kind = $2; next }
    /^metadata:/ { inmeta = 1; next }
    /^[^ ]/ { inmeta = 0 }
    inmeta && /^  name:/ { name = $2 }
    inmeta && /^  namespace:/ { ns = $2 }
    END { flush() }' | tr -d '"' | sort -u
}

# feature_on COMPONENT...: switches the components on for $MESH (kept on if they already were) and
# registers switching them off again.
feature_on() {
  local wanted=() c new=()
  read -ra wanted <<<"$(features_active)"
  for c in "$@"; do
    [ -d "$MESH_DIR/components/$c" ] || die "no component $MESH_DIR/components/$c"
    if [[ " ${wanted[*]} " == *" $c "* ]]; then log "$c is already on; leaving it on"; continue; fi
    wanted+=("$c"); new+=("$c")
  done
  [ ${#new[@]} -gt 0 ] || return 0
  defer "switch off ${new[*]}" feature_off "${new[@]}"
  render_overlay "$_WORK/render-on" "${wanted[@]}" >"$_WORK/on.yaml"
  kubectl apply -f "$_WORK/on.yaml" >/dev/null
  _features_store "${wanted[@]}"
  log "switched on: ${new[*]} (on now: ${wanted[*]})"
}

# feature_off COMPONENT...: re-applies the overlay with the other active components and deletes what
# only the components added.
feature_off() {
  local active=() keep=() with=() c kind ns name
  read -ra active <<<"$(features_active)"
  for c in "${active[@]}"; do [[ " $* " == *" $c "* ]] || keep+=("$c"); done
  with=("${keep[@]}" "$@")
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/feature-off.XXXXXX")
  render_overlay "$work/with" "${with[@]}" | object_refs >"$work/with.refs"
  render_overlay "$work/without" "${keep[@]}" >"$work/without.yaml"
  object_refs <"$work/without.yaml" >"$work/without.refs"
  kubectl apply -f "$work/without.yaml" >/dev/null
  comm -23 "$work/with.refs" "$work/without.refs" | while read -r kind ns name; do
    if [ "$ns" = - ]; then kubectl delete "$kind" "$name" --ignore-not-found --timeout=120s >/dev/null
    else kubectl delete "$kind" -n "$ns" "$name" --ignore-not-found --timeout=120s >/dev/null; fi
  done
  if [ ${#keep[@]} -gt 0 ]; then _features_store "${keep[@]}"
  else kubectl delete configmap -n "$NS" "$FEATURES_CM" --ignore-not-found >/dev/null; fi
  rm -rf "$work"
}

# wait_rollout: waits until every Deployment of the suite has finished rolling out (components that
# patch Deployments restart pods).
wait_rollout() {
  local d
  for d in $(kubectl get deployments -n "$NS" -o jsonpath='{.items[*].metadata.name}'); do
    kubectl rollout status -n "$NS" "deployment/$d" --timeout=300s >/dev/null ||
      { log "deployment/$d did not finish rolling out"; return 1; }
  done
}

# ------------------------------------------------------------------------------------------ expectations
# mesh_identity SERVICEACCOUNT -> the peer identity a server sees for a client running as SERVICEACCOUNT in
# $NS: Istio's SPIFFE URI (from x-forwarded-client-cert) or Linkerd's identity (l5d-client-id).
mesh_identity() {
  case $MESH in
    istio) printf 'spiffe://cluster.local/ns/%s/sa/%s' "$NS" "$1" ;;
    linkerd) printf '%s.%s.serviceaccount.identity.linkerd.cluster.local' "$1" "$NS" ;;
    *) printf 'null' ;;
  esac
}
mesh_source() { case $MESH in istio | linkerd) printf '%s' "$MESH" ;; *) printf 'null' ;; esac; }

# on_mesh: true for istio and linkerd
on_mesh() { [ "$MESH" = istio ] || [ "$MESH" = linkerd ]; }

printf '== %s (target %s%s)\n' "$SCENARIO" "$TARGET" "${MESH:+, mesh $MESH}"
