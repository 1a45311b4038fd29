#!/usr/bin/env bash
# Starts the suite on this machine: one PostgreSQL (embedded, or the server DB_URL names) with a database
# and role per service, then every packaged service on its port (3001-3005), waits until each is ready,
# prints the URLs, and stops everything on Ctrl-C / SIGTERM (no orphans).
#
#   scripts/run-local.sh                 # all five services (those that are built)
#   SERVICES="product-service" scripts/run-local.sh
#   DB_URL='jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret' scripts/run-local.sh
#   APP_RESILIENCE=off FAULT_ERROR_RATE=0.3 FAULT_PATHS='/products.*' scripts/run-local.sh   # env reaches every service
#
# Logs go to .run/logs/<service>.log. LOCAL_DB_PORT (default 15432) is the embedded server's port.
# Portable: bash 3.2 and BSD userland (macOS); arrays are guarded because empty ones trip set -u there.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
JAVA="$JAVA_HOME/bin/java"
LOCAL_DB_PORT=${LOCAL_DB_PORT:-15432}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-90}
RUN_DIR=.run
LOG_DIR=$RUN_DIR/logs
ALL_SERVICES="product-service cart-service order-service user-service exam-service"
port_of() {
  case $1 in
    product-service) echo 3001 ;; cart-service) echo 3002 ;; order-service) echo 3003 ;;
    user-service) echo 3004 ;; exam-service) echo 3005 ;; *) echo "" ;;
  esac
}

services=()
for s in ${SERVICES:-$ALL_SERVICES}; do
  [ -n "$(port_of "$s")" ] || { echo "error: unknown service '$s' (known: $ALL_SERVICES)" >&2; exit 2; }
  if [ -f "$s/target/quarkus-app/quarkus-run.jar" ]; then
    services+=("$s")
  elif [ -n "${SERVICES:-}" ]; then
    echo "error: $s is not built; run 'make build' first" >&2; exit 2
  fi
done
[ ${#services[@]} -gt 0 ] || { echo "error: no service is built; run 'make build' first" >&2; exit 2; }
[ -d test-support/target/lib ] || { echo "error: test-support is not built; run 'make build' first" >&2; exit 2; }

mkdir -p "$LOG_DIR"
pids=()
stopping=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  echo
  echo "stopping: ${services[*]} and PostgreSQL"
  # Services first (graceful: readiness goes down, in-flight requests finish), the database last.
  [ ${#pids[@]} -gt 0 ] || return 0
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for s in "${services[@]}"; do
  if port_busy "$(port_of "$s")"; then
    echo "error: port $(port_of "$s") ($s) is already in use; is the suite already running?" >&2; exit 1
  fi
done

# 1. PostgreSQL: the last service's process must not outlive us, so every child is tracked in pids.
db_log=$LOG_DIR/postgres.log
if [ -z "${DB_URL:-}" ] && port_busy "$LOCAL_DB_PORT"; then
  echo "error: port $LOCAL_DB_PORT (embedded PostgreSQL) is in use; set LOCAL_DB_PORT" >&2; exit 1
fi
"$JAVA" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "test-support/target/classes:test-support/target/lib/*" dev.meshdemo.testing.LocalPostgres \
  --port "$LOCAL_DB_PORT" "${services[@]}" >"$db_log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 60))
# A whole line "READY host:port (kind)": the line may be read while it is still being written.
ready_line() { grep -E '^READY [^ ]+:[0-9]+ \((embedded|external)\)$' "$db_log" | head -1; }
until [ -n "$(ready_line)" ]; do
  if ! kill -0 "${pids[0]}" 2>/dev/null && [ -z "$(ready_line)" ]; then
    echo "error: PostgreSQL did not start:" >&2; tail -20 "$db_log" >&2; exit 1
  fi
  [ $SECONDS -lt $deadline ] || { echo "error: PostgreSQL not ready after 60 s (see $db_log)" >&2; exit 1; }
  sleep 0.2
done
read -r _ db_hostport db_kind <<<"$(ready_line)"
echo "PostgreSQL ready on $db_hostport $db_kind"

# 2. The services, each with its own database and role. JAVA_OPTS (default: a 256 MB heap) goes to each.
read -r -a java_opts <<<"${JAVA_OPTS:--Xmx256m}"
for s in "${services[@]}"; do
  prefix=${s%-service}
  DB_URL="jdbc:postgresql://$db_hostport/${prefix}_db" DB_USER="${prefix}_svc" DB_PASSWORD="${prefix}_svc" \
  POD_NAME="$s-local" POD_NAMESPACE=local \
    "$JAVA" ${java_opts[@]+"${java_opts[@]}"} -jar "$s/target/quarkus-app/quarkus-run.jar" >"$LOG_DIR/$s.log" 2>&1 &
  pids+=($!)
done

# 3. Wait for readiness, with backoff, and fail fast when a service dies.
for idx in "${!services[@]}"; do
  s=${services[$idx]} pid=${pids[$((idx + 1))]}
  delay=0.1 deadline=$((SECONDS + READY_TIMEOUT_S))
  until curl -fsS -o /dev/null "http://127.0.0.1:$(port_of "$s")/ready" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $s exited during start-up:" >&2; tail -30 "$LOG_DIR/$s.log" >&2; exit 1
    fi
    [ $SECONDS -lt $deadline ] || { echo "error: $s not ready after ${READY_TIMEOUT_S}s (see $LOG_DIR/$s.log)" >&2; exit 1; }
    sleep "$delay"
    delay=$(awk -v d="$delay" 'BEGIN { d *= 2; print (d > 2 ? 2 : d) }')
  done
  printf '  %-16s http://localhost:%s   (log: %s)\n' "$s" "$(port_of "$s")" "$LOG_DIR/$s.log"
done

cat <<TXT

The suite is ready. Try:
  curl -s localhost:3001/products/1
  curl -s localhost:3004/users/user1
  curl -s -X POST localhost:3002/cart/user1 -H 'Content-Type: application/json' -d '{"productId":1,"quantity":2}'
  curl -s -X POST localhost:3003/orders -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' -d '{"userId":"user1"}'
  curl -s localhost:3005/exams
Press Ctrl-C to stop everything.
TXT
# Returns as soon as any child exits: one dead service stops the whole suite rather than leave it half-up
# (a poll, as bash 3.2 has no `wait -n`; the sleep runs in the background so Ctrl-C is handled at once).
while :; do
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || break 2; done
  sleep 1 &
  wait $! || true
done
echo "a process exited; see $LOG_DIR" >&2
exit 1
