#!/usr/bin/env bash
# Offline test of mesh/multicluster/status.sh (`make multicluster-status`, workshop phase 7's check) with fake
# kubectl, istioctl and linkerd first on PATH (no cluster). The fakes answer as the pinned CLIs print (istioctl
# 1.30.3 remote-clusters and proxy-config endpoints tables, linkerd edge-26.6.3 `multicluster gateways -o json`);
# each FAKE_* variable breaks one thing. A healthy pair passes; each broken thing fails with its own line and hint.
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/test-lib.sh
. scripts/test-lib.sh
mkdir -p "$work/bin"
# What every fake starts with (sourced, with the fake's arguments): status.sh passes --context first; the
# cluster that context names, and its peer.
cat >"$work/fake-head.sh" <<'EOF'
# shellcheck shell=sh
[ "$1" = --context ] || { echo "fake $(basename "$0"): expected --context first: $*" >&2; exit 3; }
ctx=$2
cluster=${ctx#kind-meshdemo-}
case $cluster in east) peer=west ;; *) peer=east ;; esac
EOF

# kubectl: --context first (as status.sh calls it). FAKE_DOWN: a context that does not answer; FAKE_LB_<cluster>:
# the gateway's address (default one); FAKE_NOT_READY: a context whose Deployments are not Available;
# FAKE_MIRROR: mirror|federated|none; FAKE_MIRROR_EPS: the mirror's endpoint addresses.
cat >"$work/bin/kubectl" <<'EOF'
#!/bin/sh
. "$FAKE_HEAD"; shift 2
[ "$ctx" != "${FAKE_DOWN:-}" ] || { echo "Unable to connect to the server: dial tcp 127.0.0.1:51234: connect: connection refused" >&2; exit 1; }
case "$*" in
  *"get --raw /readyz"*) echo ok ;;
  *"wait --for=condition=Available deployment --all"*)
    [ "$ctx" != "${FAKE_NOT_READY:-}" ] || { echo "timed out waiting for the condition on deployments/product-service-v1" >&2; exit 1; } ;;
  *"rollout status"*) echo "deployment \"${*##*/}\" successfully rolled out" ;;
  *"get service istio-eastwestgateway"* | *"get service linkerd-gateway"*)
    eval "lb=\${FAKE_LB_$cluster-172.18.0.$([ "$cluster" = east ] && echo 4 || echo 5)}"
    # shellcheck disable=SC2154 # set by the eval
    printf '%s' "$lb" ;;
  *"get service product-service-west"*)
    [ "${FAKE_MIRROR:-mirror}" = mirror ] || { echo 'Error from server (NotFound): services "product-service-west" not found' >&2; exit 1; }
    echo service/product-service-west ;;
  *"get service product-service-federated"*)
    [ "${FAKE_MIRROR:-mirror}" = federated ] || { echo 'Error from server (NotFound): services "product-service-federated" not found' >&2; exit 1; }
    echo service/product-service-federated ;;
  *"get endpoints product-service-west"*) printf '%s' "${FAKE_MIRROR_EPS-172.18.0.5}" ;;
  *) echo "fake kubectl: unexpected: $*" >&2; exit 3 ;;
esac
EOF

# istioctl 1.30.3. FAKE_SYNC_<cluster>: the peer's status in remote-clusters (synced|timeout|absent);
# FAKE_EPS: both|local|remote|none, the product-service endpoints of east's entry gateway.
cat >"$work/bin/istioctl" <<'EOF'
#!/bin/sh
. "$FAKE_HEAD"; shift 2
case "$*" in
  remote-clusters)
    eval "sync=\${FAKE_SYNC_$cluster:-synced}"
    echo "NAME     SECRET                                    STATUS     ISTIOD"
    echo "$cluster                                               synced     istiod-7d4b9c8f5-x2x9k"
    # shellcheck disable=SC2154 # set by the eval
    [ "$sync" = absent ] || echo "$peer     istio-system/istio-remote-secret-$peer     $sync     istiod-7d4b9c8f5-x2x9k" ;;
  "proxy-config endpoints deploy/meshdemo-ingress.meshdemo --cluster outbound|3001||product-service.meshdemo.svc.cluster.local")
    [ "$cluster" = east ] || { echo "fake istioctl: endpoints asked of $cluster" >&2; exit 3; }
    echo "ENDPOINT                 STATUS      OUTLIER CHECK     CLUSTER"
    case ${FAKE_EPS:-both} in both | local) echo "10.10.0.14:3001          HEALTHY     OK                outbound|3001||product-service.meshdemo.svc.cluster.local" ;; esac
    case ${FAKE_EPS:-both} in both | local) echo "10.10.0.15:3001          HEALTHY     OK                outbound|3001||product-service.meshdemo.svc.cluster.local" ;; esac
    case ${FAKE_EPS:-both} in both | remote) echo "172.18.0.5:15443     HEALTHY     OK                outbound|3001||product-service.meshdemo.svc.cluster.local" ;; esac ;;
  *) echo "fake istioctl: unexpected: $*" >&2; exit 3 ;;
esac
EOF

# linkerd edge-26.6.3. FAKE_CHECK_FAIL: a context whose `multicluster check` fails; FAKE_ALIVE_<cluster>: the
# peer gateway's alive (true|false|absent) in `multicluster gateways -o json`.
cat >"$work/bin/linkerd" <<'EOF'
#!/bin/sh
. "$FAKE_HEAD"; shift 2
case "$*" in
  check) echo "Status check results are √" ;;
  "multicluster check")
    if [ "$ctx" = "${FAKE_CHECK_FAIL:-}" ]; then
      echo "× clusters share trust anchors"; echo "    Problematic clusters:"; echo "    * $peer: cannot find common trust anchors"
      echo "Status check results are ×"; exit 1
    fi
    echo "Status check results are √" ;;
  "multicluster gateways -o json")
    eval "alive=\${FAKE_ALIVE_$cluster:-true}"
    # shellcheck disable=SC2154 # set by the eval
    if [ "$alive" = absent ]; then echo null; exit 0; fi
    printf '[\n  {\n    "clusterName": "%s",\n    "alive": %s,\n    "numberOfServices": 1,\n    "latency": 2\n  }\n]\n' "$peer" "$alive" ;;
  *) echo "fake linkerd: unexpected: $*" >&2; exit 3 ;;
esac
EOF
chmod 755 "$work/bin/kubectl" "$work/bin/istioctl" "$work/bin/linkerd"

status() { # env assignments..., then -- and status.sh's arguments: output in $out, status in $rc
  envs=""
  while [ "$1" != -- ]; do envs="$envs $1"; shift; done
  shift
  rc=0
  # shellcheck disable=SC2086 # the assignments are words on purpose
  out=$(env $envs PATH="$work/bin:$PATH" FAKE_HEAD="$work/fake-head.sh" MC_STATUS_TIMEOUT=1s mesh/multicluster/status.sh "$@" 2>&1) || rc=$?
}
both="kind-meshdemo-east kind-meshdemo-west"

# shellcheck disable=SC2086
{
status -- istio $both
check "istio, healthy: passes" [ "$rc" = 0 ]
check "istio, healthy: 14 checks, none failed" has "14 passed, 0 failed"
check "istio, healthy: both clusters' endpoints counted" has "(2 HEALTHY on :3001)" && has "(1 HEALTHY on :15443"

status FAKE_LB_west= -- istio $both
check "istio, west's gateway without an address: fails" [ "$rc" = 1 ] && has "FAIL west: the east-west gateway's LoadBalancer has an address"
check "... and names cloud-provider-kind, as the page starts it" has "'cloud-provider-kind --gateway-channel disabled'"

status FAKE_SYNC_east=timeout -- istio $both # portable-ok: a sync status, not the command
check "istio, east's istiod timed out on west: fails" [ "$rc" = 1 ] && has "FAIL east: istiod has synced cluster west"
check "... and names the remote secret's server" has "not 127.0.0.1"
status FAKE_SYNC_west=absent -- istio $both
check "istio, no remote secret in west (only its own cluster synced): fails" [ "$rc" = 1 ] && has "FAIL west: istiod has synced cluster east"

status FAKE_EPS=local -- istio $both
check "istio, east sees only its own product pods: fails" [ "$rc" = 1 ] && has "FAIL east: product-service endpoints of west"
check "... and the local ones still pass" has "ok   east: product-service endpoints of east"
status FAKE_EPS=remote -- istio $both
check "istio, east's product pods gone (failover exercise): fails on east's" [ "$rc" = 1 ] && has "FAIL east: product-service endpoints of east"

status FAKE_NOT_READY=kind-meshdemo-west -- istio $both
check "istio, west's suite not Available: fails" [ "$rc" = 1 ] && has "FAIL west: the suite's Deployments are Available"
check "... and shows kubectl's message" has "timed out waiting for the condition"

status FAKE_DOWN=kind-meshdemo-west -- istio $both
check "a context that does not answer: fails at once" [ "$rc" = 1 ] && has "FAIL west: the API server" && lacks "istiod is ready"
check "... and says make clusters-up" has "make clusters-up"
check "... and counts east's check that passed" has "1 passed, 1 failed (the rest needs both clusters)"

status -- linkerd $both
check "linkerd, healthy: passes" [ "$rc" = 0 ]
check "linkerd, healthy: 13 checks, none failed" has "13 passed, 0 failed"
check "linkerd, healthy: the mirror's endpoints shown" has "product-service-west, endpoints 172.18.0.5"

status FAKE_ALIVE_east=false -- linkerd $both
check "linkerd, west's gateway not alive from east: fails" [ "$rc" = 1 ] && has "FAIL east: the gateway of west is alive"
status FAKE_ALIVE_west=absent -- linkerd $both
check "linkerd, no link in west (gateways prints null): fails" [ "$rc" = 1 ] && has "FAIL west: the gateway of east is alive"
status FAKE_CHECK_FAIL=kind-meshdemo-east -- linkerd $both
check "linkerd, multicluster check fails in east: fails, with check's own lines" [ "$rc" = 1 ] && has "cannot find common trust anchors"
status FAKE_MIRROR=none -- linkerd $both
check "linkerd, product-service not exported: fails" [ "$rc" = 1 ] && has "mirror.linkerd.io/exported"
status FAKE_MIRROR_EPS= -- linkerd $both
check "linkerd, a mirror without endpoints: fails" [ "$rc" = 1 ] && has "FAIL east: west's product-service mirrored as product-service-west, with endpoints"
status FAKE_MIRROR=federated -- linkerd $both
check "linkerd, the federated form: passes" [ "$rc" = 0 ] && has "product-service-federated"
status FAKE_LB_east= -- linkerd $both
check "linkerd, east's gateway pending: fails" [ "$rc" = 1 ] && has "FAIL east: the multicluster gateway's LoadBalancer has an address"

status -- plain $both
check "MESH=plain: refused (exit 2) with a sentence" [ "$rc" = 2 ] && has "needs MESH=istio or MESH=linkerd"
status -- istio kind-meshdemo-east
check "one context only: usage (exit 2)" [ "$rc" = 2 ]
}

summary
