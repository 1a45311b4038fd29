#!/usr/bin/env bash
# Offline test of `make scenarios-multicluster` (mk/multicluster.mk): any MESH but istio or linkerd stops with
# exit 2 and says so before anything is built; for istio and linkerd, `make -n` shows the harness run with both
# kube contexts (MC_CONTEXT_east/west, defaults and overrides). Runs make only; no cluster, no build.
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/test-lib.sh
. scripts/test-lib.sh

exit_is() { [ "$status" = "$1" ] || { echo "  exit $status, expected $1: $out"; return 1; }; }

for mesh in plain istio-ambient nonsense ""; do
  status=0
  out=$(make -s --no-print-directory scenarios-multicluster MESH="$mesh" 2>&1) || status=$?
  check "MESH='$mesh' is refused with exit 2" exit_is 2
  check "MESH='$mesh' names the meshes it takes" has "scenarios-multicluster needs MESH=istio or MESH=linkerd (got '$mesh')"
  check "MESH='$mesh' builds nothing" lacks "mvn"
done

for mesh in istio linkerd; do
  status=0
  out=$(make -n --no-print-directory scenarios-multicluster MESH=$mesh 2>&1) || status=$?
  check "MESH=$mesh: the harness runs the multi-cluster scenarios" has "MESH=$mesh MC_CONTEXT_EAST='kind-meshdemo-east' MC_CONTEXT_WEST='kind-meshdemo-west'"
  check "MESH=$mesh: all of them" has "meshdemo-scenarios.jar multicluster all"
done
status=0
out=$(make -n --no-print-directory scenarios-multicluster MESH=istio MC_CONTEXT_east=eks-east MC_CONTEXT_west=eks-west 2>&1) || status=$?
check "the contexts given on the command line are passed on" has "MC_CONTEXT_EAST='eks-east' MC_CONTEXT_WEST='eks-west'"

summary
