#!/usr/bin/env bash
# test-local-suite: what `make test-scenarios` runs after shellcheck: the library self-test, the workshop
# docs check, then the local suite started in the background with scripts/run-local.sh (PostgreSQL and the
# services on 3001-3005), the mesh-independent scenarios against it (make scenarios-local), and the suite
# stopped again whatever happens (SIGTERM to run-local.sh, which stops what it started; its whole process
# group is killed only if it has not exited after 60 s, so nothing is left behind).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo" || exit 2

"$here/selftest.sh" || exit 1
mesh/workshop/check-docs.sh || exit 1

for port in 3001 3002 3003 3004 3005; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/health"; then
    echo "error: port $port already answers; stop the running suite (make run) first" >&2
    exit 1
  fi
done
[ -x scripts/run-local.sh ] || { echo "error: scripts/run-local.sh missing" >&2; exit 1; }

log=$(mktemp "${TMPDIR:-/tmp}/run-local.XXXXXX.log")
# Its own session and process group, so that the stop below can reach everything it started.
setsid scripts/run-local.sh >"$log" 2>&1 &
suite=$!
stop_suite() {
  kill -TERM "$suite" 2>/dev/null || return 0
  for _ in $(seq 60); do kill -0 "$suite" 2>/dev/null || return 0; sleep 1; done
  echo "run-local.sh still running after 60 s: killing its process group" >&2
  kill -KILL -- "-$suite" 2>/dev/null || true
}
trap 'stop_suite; rm -f "$log"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "waiting for the local suite (log: $log)"
deadline=$((SECONDS + ${LOCAL_SUITE_TIMEOUT:-420}))
delay=1
# run-local.sh starts the services that are built; wait for those (a missing one fails its checks later).
ports=()
for s in product-service:3001 cart-service:3002 order-service:3003 user-service:3004 exam-service:3005; do
  if [ -f "${s%%:*}/target/quarkus-app/quarkus-run.jar" ]; then ports+=("${s##*:}")
  else echo "warning: ${s%%:*} is not built (make build); its checks will fail" >&2; fi
done
for port in "${ports[@]}"; do
  until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/ready"; do
    if ! kill -0 "$suite" 2>/dev/null; then
      echo "error: run-local.sh exited before port $port was ready:" >&2; tail -n 40 "$log" >&2; exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "error: port $port not ready in time:" >&2; tail -n 40 "$log" >&2; exit 1
    fi
    sleep "$delay"; [ "$delay" -lt 8 ] && delay=$((delay * 2))
  done
done
make --no-print-directory scenarios-local
