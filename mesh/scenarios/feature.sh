#!/usr/bin/env bash
# feature: switch a feature component on or off and leave it so (for the workshop; scenarios switch their
# own features and restore them). Tracks what is on in the ConfigMap scenario-features (see lib.sh).
#   MESH=istio mesh/scenarios/feature.sh on observability
#   MESH=istio mesh/scenarios/feature.sh off observability
#   MESH=istio mesh/scenarios/feature.sh list
. "$(dirname "$0")/lib.sh"
require_target
is_local && die "features are switched in a cluster"
is_off() { [[ " $(features_active) " != *" $1 "* ]]; }
action=${1:-}
shift || true
case $action in
  on)
    [ $# -gt 0 ] || die "usage: feature.sh on COMPONENT..."
    step "switch on $*"
    feature_on "$@"
    forget_restore "switch off $*"
    check "rollout" "Deployments rolled out" -- wait_rollout
    check "recorded" "on now: $(features_active)" -- test -n "$(features_active)"
    ;;
  off)
    [ $# -gt 0 ] || die "usage: feature.sh off COMPONENT..."
    step "switch off $*"
    feature_off "$@"
    check "rollout" "Deployments rolled out" -- wait_rollout
    for c in "$@"; do
      check "$c.off" "on now: $(features_active)" -- is_off "$c"
    done
    ;;
  list)
    step "features on"
    pass "features" "${MESH}: $(features_active)"
    ;;
  *) die "usage: feature.sh on|off|list COMPONENT..." ;;
esac
