#!/usr/bin/env bash
# `make dev SERVICE=<service>`: Quarkus dev mode of one service on its usual port (live reload on every
# request after an edit, the Dev UI at /q/dev-ui, continuous testing: press r), with
#   - the database of `make run` when it is up (LOCAL_DB_PORT, default 15432), else an embedded PostgreSQL
#     started here for this service alone (stopped with dev mode);
#   - the other services at their usual ports (3001-3005): those of `make run` answer when they are up.
# Run `make run` without this service to have the rest of the suite beside it:
#   SERVICES="cart-service order-service user-service exam-service" make run     # terminal 1
#   make dev SERVICE=product-service                                             # terminal 2
# Portable: bash 3.2 and BSD userland.
set -euo pipefail
cd "$(dirname "$0")/.."

service=${1:-}
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
export JAVA_HOME
LOCAL_DB_PORT=${LOCAL_DB_PORT:-15432}
MVN=${MVN:-./mvnw -B -ntp}
all="product-service cart-service order-service user-service exam-service"

port_of() {
  case $1 in
    product-service) echo 3001 ;; cart-service) echo 3002 ;; order-service) echo 3003 ;;
    user-service) echo 3004 ;; exam-service) echo 3005 ;; *) echo "" ;;
  esac
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=$(port_of "$service")
[ -n "$port" ] || { echo "usage: make dev SERVICE=<one of: $all>" >&2; exit 2; }
if port_busy "$port"; then
  others=$(for s in $all; do [ "$s" = "$service" ] || printf '%s ' "$s"; done)
  echo "error: port $port ($service) is in use; is it running in 'make run'? Start the suite without it:" >&2
  echo "       SERVICES=\"${others% }\" make run" >&2
  exit 1
fi

db_pid=""
# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_db() { [ -z "$db_pid" ] || { kill -TERM "$db_pid" 2>/dev/null || true; wait "$db_pid" 2>/dev/null || true; }; }
trap stop_db EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

prefix=${service%-service}
if port_busy "$LOCAL_DB_PORT"; then
  echo "using the PostgreSQL on 127.0.0.1:$LOCAL_DB_PORT (make run's) for ${prefix}_db"
else
  [ -d test-support/target/lib ] || $MVN -q -pl test-support -am -DskipTests package
  mkdir -p .run/logs
  db_log=.run/logs/postgres-dev.log
  "$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "test-support/target/classes:test-support/target/lib/*" dev.meshdemo.testing.LocalPostgres \
    --port "$LOCAL_DB_PORT" "$service" >"$db_log" 2>&1 &
  db_pid=$!
  deadline=$((SECONDS + 60))
  until grep -qE '^READY [^ ]+:[0-9]+ \((embedded|external)\)$' "$db_log"; do
    kill -0 "$db_pid" 2>/dev/null || { echo "error: PostgreSQL did not start:" >&2; tail -20 "$db_log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "error: PostgreSQL not ready after 60 s (see $db_log)" >&2; exit 1; }
    sleep 0.2
  done
  echo "embedded PostgreSQL for $service on 127.0.0.1:$LOCAL_DB_PORT (log: $db_log)"
fi

up="" down=""
for s in $all; do
  [ "$s" = "$service" ] && continue
  if port_busy "$(port_of "$s")"; then up="$up $s"; else down="$down $s"; fi
done
echo "other services up:${up:- none}${down:+ (not running:$down)}"
echo "$service in dev mode on http://localhost:$port  (Dev UI: http://localhost:$port/q/dev-ui; r = run tests, q = quit)"

# -am builds core, client, idempotency and test-support from the reactor, so edits there reload too.
export DB_URL="jdbc:postgresql://127.0.0.1:$LOCAL_DB_PORT/${prefix}_db" DB_USER="${prefix}_svc" DB_PASSWORD="${prefix}_svc"
export POD_NAME="$service-dev" POD_NAMESPACE=local
# shellcheck disable=SC2086  # MVN and DEV_ARGS are lists of words
$MVN -pl "$service" -am quarkus:dev ${DEV_ARGS:-}
