#!/usr/bin/env bash
# Tests of mesh/fetch-crds.sh against the real pinned files (in MESH_CRDS_DIR, which `make` resolves),
# without network:
#   - verify passes on them, fails on a copy with one changed byte or a missing file, naming the file;
#   - fetch into a cache that already holds them downloads nothing and passes;
#   - fetch of Linkerd's file from a `linkerd install --crds --ignore-cluster` render (a stub CLI printing
#     the pinned CRDs as the CLI would: rendered labels/annotations, Gateway API CRDs included, another
#     order and YAML style) reproduces the pinned file byte for byte.
set -eu
cd "$(dirname "$0")/.."
src=${MESH_CRDS_DIR:?set MESH_CRDS_DIR to the pinned CRDs (make test does)}
export ISTIO_VERSION=${ISTIO_VERSION:-1.30.3} LINKERD_VERSION=${LINKERD_VERSION:-edge-26.6.3}
export LINKERD_RELEASE=${LINKERD_RELEASE:-2.20} GATEWAY_API_VERSION=${GATEWAY_API_VERSION:-v1.5.1}
istio=istio-$ISTIO_VERSION-crds.yaml gwapi=gateway-api-$GATEWAY_API_VERSION-standard-crds.yaml
linkerd=linkerd-$LINKERD_RELEASE-crds.yaml
work=$(mktemp -d "${TMPDIR:-/tmp}/meshdemo-crds-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {
  name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
copy() { mkdir -p "$1"; cp "$src/$istio" "$src/$gwapi" "$src/$linkerd" "$1/"; chmod u+w "$1"/*; }
run() { rc=0; out=$("$@" 2>&1) || rc=$?; }
has() { case $out in *"$1"*) return 0 ;; *) echo "  expected '$1' in: $out"; return 1 ;; esac; }

run mesh/fetch-crds.sh verify "$src"
check "verify: the pinned files pass" [ "$rc" = 0 ]

copy "$work/tampered"
# One byte changed in a schema of the Istio file (as a bad download or an edited copy would).
awk '!done && NR > 500 && sub(/type: string/, "type: strinG") { done = 1 } { print }' "$src/$istio" >"$work/tampered/$istio"
check "tampered copy differs by one line" [ "$(diff "$src/$istio" "$work/tampered/$istio" | grep -c '^>')" = 1 ]
run mesh/fetch-crds.sh verify "$work/tampered"
check "verify: a changed file fails" [ "$rc" = 1 ]
check "verify: names it" has "checksum mismatch: $work/tampered/$istio"

copy "$work/missing"
rm "$work/missing/$gwapi"
run mesh/fetch-crds.sh verify "$work/missing"
check "verify: a missing file fails, named" has "missing: $work/missing/$gwapi"

copy "$work/cache"
mkdir -p "$work/no-network"
printf '#!/bin/sh\ntouch "%s"\nexit 7\n' "$work/curl-called" >"$work/no-network/curl"
chmod +x "$work/no-network/curl"
run env PATH="$work/no-network:$PATH" mesh/fetch-crds.sh fetch "$work/cache"
check "fetch: a complete cache passes" [ "$rc" = 0 ]
check "fetch: ... without a download" [ ! -e "$work/curl-called" ]

if python3 -c 'import yaml' 2>/dev/null; then
  mkdir -p "$work/bin" "$work/l5d"
  cp "$src/$istio" "$src/$gwapi" "$work/l5d/"
  # What the CLI prints: the chart rendered with its Helm values, the Gateway API CRDs, in another order.
  python3 - "$src/$linkerd" "$src/$gwapi" "$work/cli.yaml" <<'PY'
import sys, yaml
crds = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in crds:
    d["metadata"]["annotations"] = {"linkerd.io/created-by": "linkerd/cli edge-26.6.3"}
    d["metadata"]["labels"] = {"helm.sh/chart": "linkerd-crds-0.0.0-undefined", "linkerd.io/control-plane-ns": "linkerd"}
gateway = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d][:2]
with open(sys.argv[3], "w") as f:
    f.write("# Source: linkerd-crds/templates/gateway.networking.k8s.io_grpcroutes.yaml\n")
    yaml.safe_dump_all(gateway + crds[::-1], f, sort_keys=False, width=200, indent=4, explicit_start=True)
PY
  cat >"$work/bin/linkerd" <<SH
#!/bin/sh
case "\$*" in
  "version --client --short") echo "$LINKERD_VERSION" ;;
  "install --crds --ignore-cluster"*) cat "$work/cli.yaml" ;;
  *) exit 1 ;;
esac
SH
  chmod +x "$work/bin/linkerd"
  run env PATH="$work/bin:$PATH" mesh/fetch-crds.sh fetch "$work/l5d"
  check "fetch: Linkerd's CRDs from the CLI render are the pinned bytes" [ "$rc" = 0 ]
  check "fetch: says so" has "fetched $work/l5d/$linkerd"
  # The contrast: the same render with one schema field changed must not be accepted.
  sed 's/maxLength: 253/maxLength: 254/' "$work/cli.yaml" >"$work/cli2.yaml" && mv "$work/cli2.yaml" "$work/cli.yaml"
  rm -f "$work/l5d/$linkerd"
  run env PATH="$work/bin:$PATH" mesh/fetch-crds.sh fetch "$work/l5d"
  check "fetch: a render with another schema is refused, not cached" [ "$rc" = 1 ] && [ ! -e "$work/l5d/$linkerd" ]
else
  echo "skip the Linkerd render cases (python3 with PyYAML missing)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
