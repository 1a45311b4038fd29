#!/usr/bin/env bash
# Fetch the pinned upstream CRDs that mesh/validation checks the manifests against (the same files CI
# keeps in ../shared/crds). Usage: mesh/fetch-crds.sh <dir> <istio-version> <linkerd-release> <gateway-api-version>
# Needs curl and, for Linkerd's CRDs, the linkerd CLI of that release (`linkerd install --crds`).
set -euo pipefail
dir=$1 istio=$2 linkerd_release=$3 gwapi=$4
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "Istio $istio CRDs"
curl -fsSL "https://raw.githubusercontent.com/istio/istio/$istio/manifests/charts/base/files/crd-all.gen.yaml" \
  -o "$tmp/istio.yaml"
mv "$tmp/istio.yaml" "$dir/istio-$istio-crds.yaml"

echo "Gateway API $gwapi standard CRDs"
curl -fsSL "https://github.com/kubernetes-sigs/gateway-api/releases/download/$gwapi/standard-install.yaml" \
  -o "$tmp/gwapi.yaml"
mv "$tmp/gwapi.yaml" "$dir/gateway-api-$gwapi-standard-crds.yaml"

echo "Linkerd $linkerd_release CRDs"
if ! command -v linkerd >/dev/null 2>&1; then
  echo "error: the linkerd CLI is needed to render Linkerd's CRDs (see 'make mesh-install MESH=linkerd')," >&2
  echo "       or set MESH_CRDS_DIR to a directory holding linkerd-$linkerd_release-crds.yaml" >&2
  exit 1
fi
linkerd install --crds > "$tmp/linkerd.yaml"
mv "$tmp/linkerd.yaml" "$dir/linkerd-$linkerd_release-crds.yaml"
echo "CRDs in $dir"
