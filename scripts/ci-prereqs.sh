#!/usr/bin/env bash
# Installs the Debian tools that `make test` uses when they are missing (CI machines start bare).
# Only runs apt-get as root; otherwise says what to install.
set -euo pipefail
declare -A pkg_of=([shellcheck]=shellcheck [wrk]=wrk [curl]=curl [jq]=jq)
missing=()
for tool in "${!pkg_of[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("${pkg_of[$tool]}"); done
# kubectl (with its built-in kustomize) renders and validates the manifests; it is not a Debian package.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "error: kubectl >= 1.27 is needed to render mesh/ (https://kubernetes.io/docs/tasks/tools/)" >&2
  exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "error: missing tools: ${missing[*]} (install them with your package manager)" >&2
  exit 1
fi
