#!/usr/bin/env bash
# doctor: is the mesh under meshdemo healthy? One line per check (OK / WARN / FAIL), then a verdict; exits 1
# when a check failed. `make doctor MESH=istio|linkerd`. Portable to macOS' bash 3.2 and BSD date.
#   Istio:   istioctl analyze, proxy status, workload certificate expiry per pod, root CA expiry
#   Linkerd: linkerd check, linkerd check --proxy, proxy identity expiry per pod, trust anchor and issuer expiry
set -u
NS=${NS:-meshdemo}
# Certificates closer to expiry than this are a WARN (workload certificates live 24 h and are renewed at
# about half-life; CA certificates live months to years).
WORKLOAD_WARN_HOURS=${WORKLOAD_WARN_HOURS:-6}
CA_WARN_DAYS=${CA_WARN_DAYS:-60}
failed=0
warned=0

ok() { printf 'OK    %s\n' "$*"; }
warn() { printf 'WARN  %s\n' "$*"; warned=$((warned + 1)); }
fail() { printf 'FAIL  %s\n' "$*"; failed=$((failed + 1)); }
need() { command -v "$1" >/dev/null 2>&1 || { fail "$1 not found: $2"; finish; }; }

finish() {
  printf '\n%s: %d failed, %d warnings\n' "${MESH:-?}" "$failed" "$warned"
  [ "$failed" -eq 0 ] || exit 1
  exit 0
}

# seconds_until TIMESTAMP: seconds from now until an openssl or certinfo date ("Jan  2 15:04:05 2027 GMT",
# "Jan 2 15:04:05 2027 UTC") or an ISO-8601 UTC time ("2027-01-02T15:04:05Z"); GNU date or BSD date.
seconds_until() {
  local when=$1 at now
  now=$(date -u +%s)
  if at=$(date -u -d "$when" +%s 2>/dev/null); then :
  elif at=$(date -j -u -f '%b %e %T %Y %Z' "$when" +%s 2>/dev/null); then :
  elif at=$(date -j -u -f '%Y-%m-%dT%H:%M:%SZ' "$when" +%s 2>/dev/null); then :
  else echo ""; return; fi
  echo $((at - now))
}

# check_expiry LABEL NOT_AFTER WARN_SECONDS
check_expiry() {
  local label=$1 not_after=$2 warn_s=$3 left
  left=$(seconds_until "$not_after")
  if [ -z "$left" ]; then warn "$label: cannot read the expiry '$not_after'"
  elif [ "$left" -le 0 ]; then fail "$label: EXPIRED at $not_after"
  elif [ "$left" -lt "$warn_s" ]; then warn "$label: expires in $((left / 3600)) h ($not_after)"
  else ok "$label: valid for $((left / 3600)) h more (until $not_after)"; fi
}

# pem_not_after: the notAfter date of the first certificate on stdin.
pem_not_after() { openssl x509 -noout -enddate 2>/dev/null | sed 's/^notAfter=//'; }

meshed_pods() {
  kubectl -n "$NS" get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[*].name} {.spec.initContainers[*].name}{"\n"}{end}' |
    awk -v c="$1" '{ for (i = 2; i <= NF; i++) if ($i == c) { print $1; break } }'
}

istio() {
  need istioctl "install istioctl (make mesh-install says how)"
  if out=$(istioctl analyze -n "$NS" 2>&1); then ok "istioctl analyze -n $NS: $(printf '%s' "$out" | tail -n 1)"
  else fail "istioctl analyze -n $NS:"; printf '%s\n' "$out" | sed 's/^/      /'; fi

  # Istio 1.30's default table only lists each proxy's subscribed types; --verbosity 1 prints one status per
  # xDS type (SYNCED, STALE, ERROR, NOT SENT, IGNORED). NOT SENT is normal for a type with no resources.
  if out=$(istioctl proxy-status --verbosity 1 2>&1); then
    stale=$(printf '%s\n' "$out" | grep -E '(^|[[:space:]])(STALE|ERROR)([[:space:]]|$)' || true)
    if [ -n "$stale" ]; then fail "istioctl proxy-status: proxies not in sync with istiod:"; printf '%s\n' "$stale" | sed 's/^/      /'
    else ok "istioctl proxy-status: $(($(printf '%s\n' "$out" | wc -l) - 1)) proxies, none stale"; fi
  else fail "istioctl proxy-status: $out"; fi

  local pods pod not_after
  pods=$(meshed_pods istio-proxy)
  [ -n "$pods" ] || fail "no pod in $NS has an istio-proxy (is the suite deployed with MESH=istio?)"
  for pod in $pods; do
    # The certificate the sidecar presents (secret "default"): its NOT AFTER column.
    not_after=$(istioctl proxy-config secret "$pod" -n "$NS" 2>/dev/null |
      awk '$1 == "default" { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]{4}-[0-9]{2}-[0-9]{2}T/) { print $i; exit } }')
    if [ -z "$not_after" ]; then fail "$pod: no workload certificate (istioctl proxy-config secret $pod -n $NS)"
    else check_expiry "$pod workload certificate" "$not_after" $((WORKLOAD_WARN_HOURS * 3600)); fi
  done

  local root
  root=$(kubectl -n istio-system get secret cacerts -o jsonpath='{.data.root-cert\.pem}' 2>/dev/null)
  [ -n "$root" ] || root=$(kubectl -n istio-system get secret istio-ca-secret -o jsonpath='{.data.ca-cert\.pem}' 2>/dev/null)
  if [ -z "$root" ]; then warn "root CA: neither secret cacerts nor istio-ca-secret in istio-system"
  else check_expiry "Istio root CA" "$(printf '%s' "$root" | openssl base64 -d -A | pem_not_after)" $((CA_WARN_DAYS * 86400)); fi
}

linkerd_mesh() {
  need linkerd "install the linkerd CLI (make mesh-install says how)"
  if out=$(linkerd check 2>&1); then ok "linkerd check"
  else fail "linkerd check:"; printf '%s\n' "$out" | grep -E '×|‼' | sed 's/^/      /'; fi
  if out=$(linkerd check --proxy -n "$NS" 2>&1); then ok "linkerd check --proxy -n $NS"
  else fail "linkerd check --proxy -n $NS:"; printf '%s\n' "$out" | grep -E '×|‼' | sed 's/^/      /'; fi

  local pods pod not_after
  pods=$(meshed_pods linkerd-proxy)
  [ -n "$pods" ] || fail "no pod in $NS has a linkerd-proxy (is the suite deployed with MESH=linkerd?)"
  for pod in $pods; do
    # linkerd identity takes bare pod names and prints the proxy's leaf certificate in certinfo's text form:
    # a line "            Not After : Dec 2 05:12:40 2026 UTC" (note the space before the colon).
    not_after=$(linkerd identity -n "$NS" "$pod" 2>/dev/null | sed -n 's/^[[:space:]]*Not After[[:space:]]*:[[:space:]]*//p' | head -n 1)
    if [ -z "$not_after" ]; then fail "$pod: no identity certificate (linkerd identity -n $NS $pod)"
    else check_expiry "$pod proxy identity" "$not_after" $((WORKLOAD_WARN_HOURS * 3600)); fi
  done

  local anchors issuer
  anchors=$(kubectl -n linkerd get configmap linkerd-identity-trust-roots -o jsonpath='{.data.ca-bundle\.crt}' 2>/dev/null)
  if [ -z "$anchors" ]; then fail "trust anchor: configmap linkerd/linkerd-identity-trust-roots not found"
  else check_expiry "Linkerd trust anchor" "$(printf '%s\n' "$anchors" | pem_not_after)" $((CA_WARN_DAYS * 86400)); fi
  issuer=$(kubectl -n linkerd get secret linkerd-identity-issuer -o jsonpath='{.data.crt\.pem}' 2>/dev/null)
  if [ -z "$issuer" ]; then warn "issuer: secret linkerd/linkerd-identity-issuer not readable (managed by cert-manager?)"
  else check_expiry "Linkerd identity issuer" "$(printf '%s' "$issuer" | openssl base64 -d -A | pem_not_after)" $((CA_WARN_DAYS * 86400)); fi
}

need kubectl "install kubectl >= 1.31"
case "${MESH:-}" in
  istio) istio ;;
  linkerd) linkerd_mesh ;;
  plain) echo "MESH=plain: no mesh to check"; exit 0 ;;
  *) echo "usage: MESH=istio|linkerd $0" >&2; exit 2 ;;
esac
finish
