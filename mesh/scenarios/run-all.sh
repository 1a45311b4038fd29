#!/usr/bin/env bash
# run-all: runs scenario scripts one after the other and prints a summary table from their JSON results.
#   mesh/scenarios/run-all.sh [SCENARIO...]     default: every feature scenario
# Environment as for the scripts (TARGET, MESH, ...). Ends with the total `N passed, N failed` line and
# exits non-zero when any scenario failed. A scenario that fails does not stop the next one.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results=${RESULTS_DIR:-$here/results}
ALL=(routing canary mtls authz retries timeouts faults circuit-breaking tracing idempotency)
[ $# -gt 0 ] && ALL=("$@")
TARGET=${TARGET:-cluster}

label_of() { if [ "$TARGET" = local ]; then echo "$1-local"; else echo "$1-$TARGET-${MESH:-}"; fi; }

for s in "${ALL[@]}"; do
  [ -x "$here/$s.sh" ] || { echo "error: no scenario $here/$s.sh" >&2; exit 2; }
  rm -f "$results/$(label_of "$s").json"
done
rcs=()
for s in "${ALL[@]}"; do
  "$here/$s.sh"
  rcs+=("$?")
  echo
done

total_passed=0 total_failed=0
printf '%-18s %7s %7s %9s  %s\n' scenario passed failed seconds result
for i in "${!ALL[@]}"; do
  s=${ALL[$i]}
  f="$results/$(label_of "$s").json"
  if [ -f "$f" ]; then
    read -r p fl t <<<"$(jq -r '"\(.passed) \(.failed) \(.duration_s)"' "$f")"
  else
    p=0 fl=1 t=-   # the script died before writing results: count it as one failure
  fi
  verdict=ok
  { [ "$fl" -gt 0 ] || [ "${rcs[$i]}" -ne 0 ]; } && verdict=FAILED
  [ "$verdict" = FAILED ] && [ "$fl" -eq 0 ] && fl=1
  printf '%-18s %7s %7s %9s  %s\n' "$s" "$p" "$fl" "$t" "$verdict"
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + fl))
done
printf '%s passed, %s failed\n' "$total_passed" "$total_failed"
[ "$total_failed" -eq 0 ]
