#!/usr/bin/env bash
# Benchmark of product-service alone on this machine (a benchmark, not a test: it prints figures).
#   1. start to /ready UP, with the heap capped as in a 256 MiB container (-XX:MaxRAM=256m, 70 %);
#   2. RSS at ready;
#   3. GET /products/{id} at a fixed 1,000 requests/s, open model (the Hyperfoil harness of loadtest/, so
#      coordinated omission is accounted for) -> p50/p99/p99.9;
#   4. throughput at saturation (wrk, 2 threads, 32 connections) -> requests/s, p50/p99;
#   5. RSS after the load.
# Uses the embedded PostgreSQL on LOCAL_DB_PORT (default 15499). DURATION (default 30 s) per load phase.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
DURATION=${DURATION:-30}
DB_PORT=${LOCAL_DB_PORT:-15499}
PORT=3001
scripts/prereqs.sh --check wrk curl
[ -f product-service/target/quarkus-app/quarkus-run.jar ] || { echo "error: run 'make build' first" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "error: port $PORT busy (stop 'make run' first)" >&2; exit 1; fi

work=$(mktemp -d)
pids=()
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$JAVA_HOME/bin/java" -cp "test-support/target/classes:test-support/target/lib/*" dev.meshdemo.testing.LocalPostgres \
  --port "$DB_PORT" product-service >"$work/pg.log" 2>&1 &
pids+=($!)
until grep -q '^READY' "$work/pg.log"; do sleep 0.2; done

# Portable (macOS too): RSS from ps, a millisecond clock from perl (date +%N is GNU only).
rss_mb() { ps -o rss= -p "$1" | awk '{printf "%.0f", $1 / 1024}'; }
now_ms() { perl -MTime::HiRes=time -e 'printf "%d\n", time * 1000' 2>/dev/null || echo $(($(date +%s) * 1000)); }
mem_gib() {
  if [ -r /proc/meminfo ]; then awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo # portable-ok: guarded
  else sysctl -n hw.memsize | awk '{printf "%.0f", $1/1073741824}'; fi
}

start_ms=$(now_ms)
DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/product_db" DB_USER=product_svc DB_PASSWORD=product_svc \
  "$JAVA_HOME/bin/java" -XX:MaxRAM=256m -XX:MaxRAMPercentage=70 -XX:ActiveProcessorCount=2 \
  -jar product-service/target/quarkus-app/quarkus-run.jar >"$work/app.log" 2>&1 &
app=$!
pids+=("$app")
until curl -fs -o /dev/null "http://127.0.0.1:$PORT/ready"; do sleep 0.01; done
ready_ms=$(($(now_ms) - start_ms))
rss_ready=$(rss_mb "$app")

# Warm-up (JIT), not measured.
wrk -t2 -c16 -d10s "http://127.0.0.1:$PORT/products/7" >/dev/null

make -s loadtest BENCH=catalog RATE=1000 WARMUP=10s DURATION="${DURATION}s" TARGET="http://127.0.0.1:$PORT" \
  >"$work/hf.txt" 2>&1 || { cat "$work/hf.txt" >&2; exit 1; }
summary=$(grep '^catalog ' "$work/hf.txt")
field() { sed -E "s/.*[ ,]$1 ([0-9.]+) ?(ms|req\/s).*/\1/" <<<"$summary"; }
fixed_rps=$(field achieved) fixed_p50=$(field p50) fixed_p99=$(field p99) fixed_p999=$(field p99.9)
fixed_errors=$(sed -E 's/.*errors ([0-9]+).*/\1/' <<<"$summary")

wrk -t2 -c32 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/products/7" >"$work/wrk.txt"
sat_rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/wrk.txt")
sat_p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
sat_p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
rss_after=$(rss_mb "$app")

cat <<TXT
product-service benchmark ($(date -u +%Y-%m-%d), $(getconf _NPROCESSORS_ONLN) cores, $(mem_gib) GiB, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))
  start to /ready UP        : ${ready_ms} ms
  RSS at ready              : ${rss_ready} MB   (heap cap: 70 % of 256 MiB)
  fixed 1000 req/s (open)   : achieved ${fixed_rps} req/s, p50 ${fixed_p50} ms, p99 ${fixed_p99} ms, p99.9 ${fixed_p999} ms, errors ${fixed_errors}
  saturation (wrk -c32)     : ${sat_rps} req/s, p50 ${sat_p50}, p99 ${sat_p99}
  RSS after load            : ${rss_after} MB
TXT
