#!/usr/bin/env bash
# Prints where this machine reaches the suite's entry, the one value behind the pages' $ENTRY_URL, `make status`
# and the scenarios (mk/mesh.mk's ENTRY_URL): ENTRY_URL when set; else, when the entry Service meshdemo-ingress
# is a LoadBalancer (mesh/components/entry-loadbalancer, EKS), http://<its address>; else http://localhost:8080
# (kind maps host port 8080 to the NodePort 30080). A load balancer without an address yet: says so on stderr.
set -euo pipefail
if [ -n "${ENTRY_URL:-}" ]; then echo "${ENTRY_URL%/}"; exit 0; fi
kind_url=http://localhost:8080
svc=""
if command -v kubectl >/dev/null 2>&1; then
  svc=$(kubectl -n "${NS:-meshdemo}" get service meshdemo-ingress --request-timeout=5s \
    -o jsonpath='{.spec.type} {.status.loadBalancer.ingress[0].hostname}{.status.loadBalancer.ingress[0].ip}' 2>/dev/null || true)
fi
case $svc in
  "LoadBalancer "?*) echo "http://${svc#LoadBalancer }" ;;
  LoadBalancer*)
    echo "entry-url: the entry's load balancer has no address yet (kubectl -n ${NS:-meshdemo} get service meshdemo-ingress -w); using $kind_url" >&2
    echo "$kind_url" ;;
  *) echo "$kind_url" ;;
esac
