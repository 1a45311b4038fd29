#!/usr/bin/env bash
# The pinned upstream CRD schemas that mesh/validation checks the manifests against, verified by the
# checksums committed in mesh/crds.sha256 (the same files as ../shared/crds on CI).
#   mesh/fetch-crds.sh verify <dir>   every pinned file is in <dir> with its checksum, or exit 1
#   mesh/fetch-crds.sh fetch <dir>    download what is missing or wrong in <dir> (a cache), then verify
# Versions come from the environment (mk/mesh.mk passes them): ISTIO_VERSION, LINKERD_VERSION (the CLI,
# edge-26.6.3), LINKERD_RELEASE (2.20), GATEWAY_API_VERSION. How each file is made (byte for byte):
#   istio-<v>-crds.yaml        manifests/charts/base/files/crd-all.gen.yaml of istio/istio at tag <v>
#   gateway-api-<v>-standard-crds.yaml
#                              "---" + each config/crd/standard/gateway.networking.k8s.io_*.yaml of
#                              kubernetes-sigs/gateway-api at <v> (the safe-upgrades policy left out)
#   linkerd-<r>-crds.yaml      `linkerd install --crds --ignore-cluster` of CLI LINKERD_VERSION, without
#                              the Gateway API CRDs, the rendered labels/annotations set to null, in the
#                              chart's file order, dumped by PyYAML (so the CLI's formatting does not matter)
# Portable: bash 3.2 and BSD userland. Needs curl; for Linkerd python3 with PyYAML, and the linkerd CLI
# (downloaded to target/linkerd-cli/ when the one on PATH is not LINKERD_VERSION).
set -eu
cd "$(dirname "$0")/.."
sums_file=mesh/crds.sha256
mode=${1:-} dir=${2:-}
case "$mode:$dir" in verify:?* | fetch:?*) ;; *) echo "usage: $0 verify|fetch <dir>" >&2; exit 2 ;; esac
: "${ISTIO_VERSION:?}" "${LINKERD_VERSION:?}" "${LINKERD_RELEASE:?}" "${GATEWAY_API_VERSION:?}"
istio_file=istio-$ISTIO_VERSION-crds.yaml
gwapi_file=gateway-api-$GATEWAY_API_VERSION-standard-crds.yaml
linkerd_file=linkerd-$LINKERD_RELEASE-crds.yaml

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
expected_sum() { # file name -> its committed checksum, empty when the version has none
  awk -v f="$1" '$2 == f {print $1}' "$sums_file"
}
# 0 when <dir>/<file> is there with the committed checksum; otherwise says why (quiet with -q).
file_ok() {
  quiet=no; [ "$1" = -q ] && { quiet=yes; shift; }
  want=$(expected_sum "$2")
  if [ -z "$want" ]; then
    echo "error: $sums_file has no checksum for $2 (a version changed in mk/mesh.mk: add its sha256)" >&2; return 1
  fi
  if [ ! -f "$1/$2" ]; then [ $quiet = yes ] || echo "missing: $1/$2" >&2; return 1; fi
  got=$(sha256 "$1/$2")
  if [ "$got" != "$want" ]; then
    [ $quiet = yes ] || echo "checksum mismatch: $1/$2 is sha256 $got, $sums_file pins $want" >&2; return 1
  fi
}
verify() {
  bad=0
  for f in "$istio_file" "$gwapi_file" "$linkerd_file"; do file_ok "$1" "$f" || bad=1; done
  if [ $bad = 1 ]; then
    echo "error: the CRD schemas in $1 are not the pinned ones; run 'make crds' to fetch them into target/mesh-crds, or point MESH_CRDS_DIR at a directory holding the files of $sums_file." >&2
    return 1
  fi
  echo "CRD schemas verified in $1 (sha256 of $sums_file)"
}

if [ "$mode" = verify ]; then verify "$dir"; exit; fi

mkdir -p "$dir"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/meshdemo-crds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
offline() {
  echo "error: cannot download the CRD schemas ($1): run 'make crds' once with internet access (it caches them in target/mesh-crds), or set MESH_CRDS_DIR to a directory holding the files listed in $sums_file." >&2
  exit 1
}
# 0 when <file> must be (re)fetched into the cache: missing, or there with another checksum (said so).
needs_fetch() {
  file_ok -q "$dir" "$1" && return 1
  [ ! -f "$dir/$1" ] || { file_ok "$dir" "$1" 2>&1 | sed 's/$/; fetching it again/' >&2 || true; }
}
get() { # url, output file
  curl -fsSL --retry 2 --connect-timeout 10 -o "$2" "$1" 2>"$tmp/curl.err" || offline "$1: $(head -1 "$tmp/curl.err")"
}
# Moves a downloaded file into the cache only when its checksum is the pinned one.
accept() {
  if ! file_ok "$tmp" "$1"; then echo "error: the downloaded $1 differs from the pinned schema; not cached." >&2; exit 1; fi
  mv "$tmp/$1" "$dir/$1"
  echo "fetched $dir/$1"
}
command -v curl >/dev/null 2>&1 || { echo "error: curl is needed to fetch the CRD schemas (scripts/prereqs.sh curl)" >&2; exit 1; }

if needs_fetch "$istio_file"; then
  get "https://raw.githubusercontent.com/istio/istio/$ISTIO_VERSION/manifests/charts/base/files/crd-all.gen.yaml" "$tmp/$istio_file"
  accept "$istio_file"
fi

if needs_fetch "$gwapi_file"; then
  : >"$tmp/$gwapi_file"
  for crd in backendtlspolicies gatewayclasses gateways grpcroutes httproutes listenersets referencegrants tlsroutes; do
    get "https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/$GATEWAY_API_VERSION/config/crd/standard/gateway.networking.k8s.io_$crd.yaml" "$tmp/$crd.yaml"
    { echo ---; cat "$tmp/$crd.yaml"; } >>"$tmp/$gwapi_file"
  done
  accept "$gwapi_file"
fi

if needs_fetch "$linkerd_file"; then
  python3 -c 'import yaml' 2>/dev/null || { echo "error: python3 with PyYAML is needed to normalise Linkerd's CRDs (scripts/prereqs.sh pyyaml)" >&2; exit 1; }
  linkerd=""
  if command -v linkerd >/dev/null 2>&1 && [ "$(linkerd version --client --short 2>/dev/null)" = "$LINKERD_VERSION" ]; then
    linkerd=$(command -v linkerd)
  else
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64 | Linux-amd64) asset=linux-amd64 ;;
      Linux-aarch64 | Linux-arm64) asset=linux-arm64 ;;
      Darwin-x86_64) asset=darwin ;;
      Darwin-arm64) asset=darwin-arm64 ;;
      *) echo "error: no linkerd CLI build for $(uname -s) $(uname -m); install linkerd $LINKERD_VERSION on PATH" >&2; exit 1 ;;
    esac
    linkerd=target/linkerd-cli/linkerd-$LINKERD_VERSION
    if [ ! -x "$linkerd" ]; then
      mkdir -p target/linkerd-cli
      get "https://github.com/linkerd/linkerd2/releases/download/$LINKERD_VERSION/linkerd2-cli-$LINKERD_VERSION-$asset" "$tmp/linkerd"
      chmod +x "$tmp/linkerd"
      mv "$tmp/linkerd" "$linkerd"
    fi
    v=$("$linkerd" version --client --short 2>/dev/null || true)
    [ "$v" = "$LINKERD_VERSION" ] || { echo "error: $linkerd reports version '$v', $LINKERD_VERSION expected" >&2; rm -f "$linkerd"; exit 1; }
  fi
  "$linkerd" install --crds --ignore-cluster --set installGatewayAPI=false >"$tmp/linkerd-cli.yaml"
  python3 - "$tmp/linkerd-cli.yaml" "$tmp/$linkerd_file" <<'PY'
import sys, yaml
# The chart's file order (charts/linkerd-crds/templates/**), which is the order of the pinned file.
order = ["authorizationpolicies.policy.linkerd.io", "egressnetworks.policy.linkerd.io",
         "httplocalratelimitpolicies.policy.linkerd.io", "httproutes.policy.linkerd.io",
         "meshtlsauthentications.policy.linkerd.io", "networkauthentications.policy.linkerd.io",
         "serverauthorizations.policy.linkerd.io", "servers.policy.linkerd.io",
         "serviceprofiles.linkerd.io", "externalworkloads.workload.linkerd.io"]
with open(sys.argv[1]) as f:
    docs = [d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition"
            and d["spec"]["group"] != "gateway.networking.k8s.io"]
by_name = {d["metadata"]["name"]: d for d in docs}
if sorted(by_name) != sorted(order):
    sys.exit("unexpected Linkerd CRDs: %s" % sorted(by_name))
for d in docs:  # the chart fills these from Helm values (CLI version, namespace): not part of the schema
    d["metadata"]["annotations"] = None
    d["metadata"]["labels"] = None
with open(sys.argv[2], "w") as f:
    yaml.safe_dump_all([by_name[n] for n in order], f, sort_keys=False)
PY
  accept "$linkerd_file"
fi
verify "$dir"
