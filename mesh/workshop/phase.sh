#!/usr/bin/env bash
# phase: the workshop's checkpoints and resets (mesh/workshop/README.md), one place for what each phase runs.
#   MESH=istio|linkerd mesh/workshop/phase.sh check N   verify that phase N reached its end state
#   MESH=istio|linkerd mesh/workshop/phase.sh reset N   bring the cluster to the start of phase N
#   mesh/workshop/phase.sh scripts N                    the scenarios the check of phase N runs
# The pages quote these exact scenario lists; mesh/workshop/check-docs.sh fails when they drift apart.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scenarios=$repo/mesh/scenarios

declare -A PHASE_SCRIPTS=(
  [1]="routing mtls"
  [2]="routing mtls"
  [3]="routing canary"
  [4]="mtls authz"
  [5]="retries timeouts circuit-breaking faults"
  [6]="tracing"
)

usage() { echo "usage: MESH=istio|linkerd $0 check|reset|scripts 1..6" >&2; exit 2; }
action=${1:-}; phase=${2:-}
[ -n "${PHASE_SCRIPTS[$phase]:-}" ] || usage

if [ "$action" = scripts ]; then echo "${PHASE_SCRIPTS[$phase]}"; exit 0; fi

# Phase 1 is the suite without a mesh whatever MESH says; the others need the mesh being learnt.
if [ "$phase" = 1 ]; then MESH=plain
else
  case ${MESH:-} in istio | linkerd) ;; *) echo "error: phase $phase needs MESH=istio or MESH=linkerd" >&2; exit 2 ;; esac
fi
export MESH TARGET=cluster

case $action in
  check)
    echo "== phase $phase check ($MESH): make status MESH=$MESH, then ${PHASE_SCRIPTS[$phase]}"
    make -C "$repo" --no-print-directory status MESH="$MESH" || { echo "0 passed, 1 failed"; exit 1; }
    # shellcheck disable=SC2086  # the list is words on purpose
    exec "$scenarios/run-all.sh" ${PHASE_SCRIPTS[$phase]}
    ;;
  reset) exec env PHASE="$phase" SCENARIO="phase-$phase-reset" "$here/reset.sh" ;;
  *) usage ;;
esac
