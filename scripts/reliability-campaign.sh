#!/usr/bin/env bash
# Reliability figures against the suite started by `make run` (in another terminal, same machine):
#   1. the malformed-input campaign (test-support's MalformedInputCampaign: every hostile variant of every
#      endpoint of the five services, ROUNDS times), counting 5xx answers and answers that are not a 4xx
#      problem+json;
#   2. a hung database: every process of the embedded PostgreSQL stopped (SIGSTOP) for HANG_S seconds while
#      each service gets requests that need its database and /ready is probed; then SIGCONT. (product-service's
#      catalog is served from memory: its reads are expected to stay 200 while its /ready goes DOWN.)
# Bounded: about 1,900 requests per round, 5 requests per service during the hang, probes every 0.25 s.
#
#   scripts/reliability-campaign.sh            # ROUNDS=1 HANG_S=20
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
ROUNDS=${ROUNDS:-1}
HANG_S=${HANG_S:-20}
LOCAL_DB_PORT=${LOCAL_DB_PORT:-15432}
DB_PATHS="3001=/products/1 3002=/cart/user1 3003=/orders/user1 3004=/users/user1 3005=/exams/1/questions"

echo "== malformed input ($ROUNDS round(s))"
"$JAVA_HOME/bin/java" -cp "test-support/target/classes:test-support/target/lib/*" \
  dev.meshdemo.testing.MalformedInputCampaign "$ROUNDS" | tail -25

echo "== hung database (${HANG_S} s)"
postmaster=$(pgrep -f "postgres.*-p $LOCAL_DB_PORT" | head -1 || true)
if [ -z "$postmaster" ]; then
  echo "no embedded PostgreSQL on port $LOCAL_DB_PORT (is make run up, without DB_URL?)" >&2
  exit 1
fi
pg_pids="$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
tmp=$(mktemp -d)
# shellcheck disable=SC2086 # one word per process id
resume() { kill -CONT $pg_pids 2>/dev/null || true; }
trap 'resume; rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086
kill -STOP $pg_pids
stopped=$(date +%s)
for entry in $DB_PATHS; do
  port=${entry%%=*} path=${entry#*=}
  for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -m 30 -w "$port %{http_code} %{time_total}\n" "http://127.0.0.1:$port$path" \
      >>"$tmp/requests" &
  done
  (
    down=""
    while [ $(($(date +%s) - stopped)) -lt "$HANG_S" ]; do
      out=$(curl -s -o /dev/null -m 30 -w "%{http_code} %{time_total}" "http://127.0.0.1:$port/ready")
      echo "$port $out" >>"$tmp/probes"
      if [ -z "$down" ] && [ "${out%% *}" = 503 ]; then
        down=1; echo "$port down-after $(($(date +%s) - stopped))" >>"$tmp/down"
      fi
      sleep 0.25
    done
  ) &
done
wait
resume
resumed=$(date +%s)
for entry in $DB_PATHS; do
  port=${entry%%=*}
  until [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ]; do
    sleep 0.2
    [ $(($(date +%s) - resumed)) -lt 60 ] || break
  done
  echo "$port up-after $(($(date +%s) - resumed)) s"
done

echo "requests during the hang, per port (3001 answers from memory, the others need their database):"
sort "$tmp/requests" | awk '{k = $1 " status " $2; n[k]++; if ($3 > max[$1]) max[$1] = $3}
  END {for (k in n) { split(k, f, " "); printf "  %s: %d, slowest of the port %.2f s\n", k, n[k], max[f[1]] } }' | sort
awk '{if ($3 > max) max = $3; n++} END {printf "readiness probes: %d, slowest %.2f s\n", n, max}' "$tmp/probes"
awk '{printf "  %s /ready DOWN after %s s\n", $1, $3}' "$tmp/down" 2>/dev/null || true
