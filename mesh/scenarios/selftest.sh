#!/usr/bin/env bash
# selftest: the library's own logic, offline (no cluster, no services): tolerance arithmetic, verdicts,
# backoff deadline, the object list that feature_off deletes (on real renders of the mesh overlays), and
# that a failing scenario restores its changes, prints its counters and exits non-zero.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export RESULTS_DIR=$tmp/results
failures=0
expect() { # NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS selftest.$name"; else echo "FAIL selftest.$name"; failures=$((failures + 1)); fi
}

# A scenario with known outcomes, run as a child process exactly like the real ones.
cat >"$tmp/sample.sh" <<SAMPLE
#!/usr/bin/env bash
. "$here/lib.sh"
TARGET=local
step arithmetic
[ "\$(binomial_tolerance 0.1 1000)" = 0.0379 ] && pass tolerance "0.0379" || fail tolerance "\$(binomial_tolerance 0.1 1000)"
check_share inside 97 1000 0.1
check_share outside 150 1000 0.1
check_at_least success 975 1000 0.97
start=\$EPOCHREALTIME
wait_until never 1 false || pass deadline "gave up"
awk -v a="\$start" -v b="\$EPOCHREALTIME" 'BEGIN { exit !(b - a < 5) }' && pass deadline-bounded || fail deadline-bounded
defer "restore marker" rm -f "$tmp/marker"
touch "$tmp/marker"
SAMPLE
chmod +x "$tmp/sample.sh"
out=$(SCENARIO=sample "$tmp/sample.sh" 2>&1); rc=$?
expect "failing-scenario-exits-non-zero" test "$rc" -ne 0
expect "counters-line" grep -qx '5 passed, 1 failed' <<<"$out"
expect "share-inside-passes" grep -q '^PASS inside ' <<<"$out"
expect "share-outside-fails" grep -q '^FAIL outside ' <<<"$out"
expect "cleanup-ran" test ! -e "$tmp/marker"
expect "json-results" jq -e '.passed == 5 and .failed == 1' "$RESULTS_DIR/sample-local.json"
expect "junit-results" grep -q '<testsuite name="scenario.sample-local" tests="6" failures="1"' "$RESULTS_DIR/sample-local.xml"

# An interrupted scenario still restores.
cat >"$tmp/slow.sh" <<SLOW
#!/usr/bin/env bash
. "$here/lib.sh"
defer "restore marker" rm -f "$tmp/marker2"
touch "$tmp/marker2"
pass started
while :; do sleep 0.2; done
SLOW
chmod +x "$tmp/slow.sh"
SCENARIO=slow "$tmp/slow.sh" >"$tmp/slow.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q '^PASS started' "$tmp/slow.out" && break; sleep 0.1; done
kill -TERM "$pid"; wait "$pid"; rc=$?
expect "interrupted-exit-code" test "$rc" -eq 143
expect "interrupted-cleanup-ran" test ! -e "$tmp/marker2"
expect "interrupted-recorded" grep -q '^FAIL interrupted' "$tmp/slow.out"

# object_refs on real renders: feature_off deletes what the component adds and nothing of the overlay.
if command -v kubectl >/dev/null && [ -d "$here/../overlays/linkerd" ]; then
  refs() { ( . "$here/lib.sh" >/dev/null; trap - EXIT; kubectl kustomize "$1" | object_refs ) 2>/dev/null; }
  # The same render feature_on applies: overlay + component through a temporary kustomization.
  added=$(cd "$here" && MESH=linkerd bash -c '. ./lib.sh >/dev/null; trap - EXIT
    comm -23 <(render_overlay "$1/with" linkerd-fault-abort | object_refs) <(kubectl kustomize ../overlays/linkerd | object_refs)' _ "$tmp")
  expect "feature-only-objects" grep -q '^deployment.apps meshdemo product-service-fault$' <<<"$added"
  expect "feature-keeps-overlay-objects" test "$(grep -c . <<<"$added")" -le 4
  expect "refs-qualified-by-group" grep -q '^httproute.policy.linkerd.io meshdemo product-service-get$' <(refs "$here/../overlays/linkerd")
fi

echo "selftest: $failures failed"
[ "$failures" -eq 0 ]
