#!/usr/bin/env bash
# portable: linux-only (RSS from /proc, and --network host reaching the host's 127.0.0.1 as only Linux does)
# `make bench`: the suite's own cost, measured on this machine with the images `make images` builds, run as
# the pods run them (docker, host network, the pods' memory and CPU limits). Prints one Markdown table, the
# rows of issue 13 with the goal beside each, and the machine. A benchmark, not a test: it never fails on a
# missed goal, it says so. The method (open model, coordinated omission) is in docs/benchmarking.md.
#
# Rows: start to /ready and RSS at ready (with and without the AOT cache, RUNS starts each); GET /products/{id}
# under wrk -t1 -c16 against a bare Vert.x JSON server started here under the same limits (RUNS rounds,
# interleaved); GET /products/{id} at a fixed 2,000 req/s open model (RUNS runs, Hyperfoil harness); the shopping
# flow swept over SWEEP sessions/s after WARM_S s of warm-up (knee, POST /orders p99, container memory under
# load); and the first minute after a cold start at 100 sessions/s (RUNS cold starts).
#
# Knobs: RUNS (3), SWEEP (50,100,150,200,300,400,500,600), WRK_S (10), FIXED_S (30), STEP_S (20), WARM_S (60),
# BENCH_DB_PORT (15497), BENCH_NOTE (said beside the machine, e.g. "busy with other work"). Uses ports 3001-3005 and 13999: run it
# through `make bench`, which takes the ports' lock.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname -s)" = Linux ] || { echo "error: make bench runs on Linux (it reads /proc and uses host networking)" >&2; exit 1; }

RUNS=${RUNS:-3}
SWEEP=${SWEEP:-50,100,150,200,300,400,500,600}
WRK_S=${WRK_S:-10}
FIXED_S=${FIXED_S:-30}
STEP_S=${STEP_S:-20}
WARM_S=${WARM_S:-60}
DB_PORT=${BENCH_DB_PORT:-15497}
BARE_PORT=13999
TAG=${IMAGE_TAG:-1.0.0}
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
SERVICES=(product-service cart-service order-service user-service exam-service)
declare -A PORT=([product-service]=3001 [cart-service]=3002 [order-service]=3003 [user-service]=3004 [exam-service]=3005)

for tool in docker wrk jq curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool missing (scripts/ci-prereqs.sh installs wrk, jq, curl)" >&2; exit 1; }
done
for s in "${SERVICES[@]}"; do
  docker image inspect "meshdemo/$s:$TAG" --format '{{join .Config.Env " "}}' 2>/dev/null | grep -q 'XX:AOTCache=' \
    || { echo "error: meshdemo/$s:$TAG is not an AOT image: run 'make images' first" >&2; exit 1; }
done
[ -f loadtest/target/runtime-classpath.txt ] || { echo "error: run 'make loadtest-build' first" >&2; exit 1; }
for p in "${PORT[@]}" "$BARE_PORT" "$DB_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "error: port $p is busy (is 'make run' up?)" >&2; exit 1; fi
done

work=target/bench/$(date -u +%Y%m%d-%H%M%S)
load_before=$(cut -d' ' -f1-3 /proc/loadavg) # the heading's "load average before": read now, not when it prints
mkdir -p "$work"
run_id=$$
pids=()
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  docker ps -aq --filter "label=meshdemo-bench=$run_id" | xargs -r docker rm -f >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 143' TERM INT
log() { echo "bench: $*" >&2; }

# --- the database: the embedded PostgreSQL of test-support, one database per service ---
"$JAVA_HOME/bin/java" -cp "test-support/target/classes:test-support/target/lib/*" dev.meshdemo.testing.LocalPostgres \
  --port "$DB_PORT" "${SERVICES[@]}" >"$work/postgres.log" 2>&1 &
pids+=($!)
until grep -q '^READY' "$work/postgres.log"; do sleep 0.2; done

limit_mib() { sed -nE 's/.*limits: \{(cpu: "?[0-9.m]+"?, )?memory: ([0-9]+)Mi\}.*/\2/p' "mesh/base/services/$1.yaml" | head -1; }
# The pods' CPU limit, if they have one (mesh/base sets none: docs/CONFIGURATION.md#cpu), as docker's --cpus.
cpu_args() { sed -nE 's/.*limits: \{cpu: "?([0-9.]+)(m?)"?, memory: .*/\1 \2/p' "mesh/base/services/$1.yaml" | head -1 \
  | awk '{ printf "--cpus %s", ($2 == "m") ? $1 / 1000 : $1 }'; }

# run_service NAME SERVICE [docker args...]: the container as its pod runs it, on the service's port.
# shellcheck disable=SC2046  # cpu_args prints nothing or "--cpus N": split on purpose
run_service() {
  local name=$1 s=$2; shift 2
  local prefix=${s%-service} mem
  mem=$(limit_mib "$s")
  docker run -d --name "bench-$run_id-$name" --label "meshdemo-bench=$run_id" --network host --read-only \
    --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges --user 185:185 \
    --memory "${mem}m" --memory-swap "${mem}m" $(cpu_args "$s") \
    -e QUARKUS_HTTP_PORT="${PORT[$s]}" -e DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/${prefix}_db" \
    -e DB_USER="${prefix}_svc" -e DB_PASSWORD="${prefix}_svc" -e POD_NAME="$s-bench" -e POD_NAMESPACE=bench \
    -e PRODUCT_SERVICE_URL=http://127.0.0.1:3001 -e CART_SERVICE_URL=http://127.0.0.1:3002 \
    -e USER_SERVICE_URL=http://127.0.0.1:3004 "$@" "meshdemo/$s:$TAG" >/dev/null
}
await_answer() { # await_answer URL -> milliseconds until it answered 2xx (180 s at most)
  local t0 now
  t0=$(date +%s%N)
  until curl -fs -o /dev/null "$1"; do
    sleep 0.02
    now=$(date +%s%N)
    [ $(((now - t0) / 1000000000)) -lt 180 ] || { echo "error: no answer from $1 after 180 s" >&2; return 1; }
  done
  echo $((($(date +%s%N) - t0) / 1000000))
}
await_ready() { await_answer "http://127.0.0.1:$1/ready"; } # await_ready PORT
rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$(docker inspect -f '{{.State.Pid}}' "bench-$run_id-$1")/status"; }
# Container memory as the kernel charges it to the cgroup (what the OOM killer compares with the limit).
cgroup_mib() { docker stats --no-stream --format '{{.MemUsage}}' "bench-$run_id-$1" | awk '{ v = $1;
  if (v ~ /GiB/) { sub("GiB", "", v); v *= 1024 } else if (v ~ /MiB/) { sub("MiB", "", v) } else if (v ~ /KiB/) { sub("KiB", "", v); v /= 1024 }
  printf "%.0f", v }'; }
stop() { docker rm -f "bench-$run_id-$1" >/dev/null; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR == 0) print "-"; else if (lo == hi) print lo; else print lo " - " hi }'; }
unsafe_flag=
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  unsafe_flag=--sun-misc-unsafe-memory-access=allow
fi
harness() {
  # shellcheck disable=SC2086  # the flag is absent on JDKs before 24
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $unsafe_flag \
    -cp "loadtest/target/classes:$(cat loadtest/target/runtime-classpath.txt)" dev.meshdemo.loadtest.Main "$@"
}

# --- the control: a bare Vert.x JSON server (loadtest: BareJsonServer), the floor of every row it is beside ---
# It needs Vert.x and Netty only; copied so that user 185 in the container can read them.
mkdir -p "$work/bare/lib" && cp -r loadtest/target/classes "$work/bare/classes"
tr ':' '\n' <loadtest/target/runtime-classpath.txt | grep -E '/(vertx-core|netty-[a-z0-9-]+|jackson-core)-[0-9][^/]*\.jar$' \
  | grep -v -E 'tcnative|macos' | xargs -I{} cp {} "$work/bare/lib/"
chmod -R a+rX "$work/bare"
# run_bare NAME: the same image (so the same JDK), limits, heap share and GC as product-service, no AOT cache.
# shellcheck disable=SC2046  # as in run_service
run_bare() {
  docker run -d --name "bench-$run_id-$1" --label "meshdemo-bench=$run_id" --network host --read-only \
    --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges --user 185:185 \
    --memory "$(limit_mib product-service)m" --memory-swap "$(limit_mib product-service)m" $(cpu_args product-service) \
    -v "$PWD/$work/bare:/bench:ro" -e JAVA_TOOL_OPTIONS= --entrypoint java "meshdemo/product-service:$TAG" \
    -XX:MaxRAMPercentage=40 -XX:ActiveProcessorCount=2 -XX:+UseSerialGC -cp "/bench/classes:/bench/lib/*" \
    dev.meshdemo.loadtest.BareJsonServer "$BARE_PORT" >/dev/null
}
await_bare() { await_answer "http://127.0.0.1:$BARE_PORT/products/7"; }

# --- 1. start to /ready and RSS at ready: product-service, with its AOT cache and without (the control) ---
log "start-up: $RUNS starts with the AOT cache, $RUNS without, $RUNS of the bare server"
for i in $(seq 1 "$RUNS"); do
  run_bare "start-bare-$i"
  waited=$(await_bare)
  awk '{ printf "%.2f\n", $1 / 1000 }' <<<"$waited" >>"$work/start-bare"
  stop "start-bare-$i"
  for mode in aot plain; do
    if [ "$mode" = aot ]; then run_service "start-$mode-$i" product-service
    else run_service "start-$mode-$i" product-service -e JAVA_TOOL_OPTIONS=; fi
    waited=$(await_ready 3001)
    awk '{ printf "%.2f\n", $1 / 1000 }' <<<"$waited" >>"$work/start-$mode"
    sleep 1 # let the first request's work settle before RSS is read
    rss_mib "start-$mode-$i" >>"$work/rss-$mode"; echo >>"$work/rss-$mode"
    docker logs "bench-$run_id-start-$mode-$i" >"$work/start-$mode-$i.log" 2>&1
    stop "start-$mode-$i"
  done
done

# --- the suite, five containers ---
start_suite() {
  for s in "${SERVICES[@]}"; do run_service "$s" "$s"; done
  for s in "${SERVICES[@]}"; do await_ready "${PORT[$s]}" >/dev/null; done
}
log "starting the five containers"
start_suite

# --- 2. wrk -t1 -c16: product-service vs a bare Vert.x JSON server under the same limits, interleaved ---
log "throughput vs bare Vert.x: $RUNS rounds of ${WRK_S} s each"
run_bare bare
await_bare >/dev/null
wrk -t1 -c16 -d10s "http://127.0.0.1:3001/products/7" >/dev/null   # warm-up of both, not measured
wrk -t1 -c16 -d10s "http://127.0.0.1:$BARE_PORT/products/7" >/dev/null
for i in $(seq 1 "$RUNS"); do
  app=$(wrk -t1 -c16 -d"${WRK_S}s" "http://127.0.0.1:3001/products/7" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  bare=$(wrk -t1 -c16 -d"${WRK_S}s" "http://127.0.0.1:$BARE_PORT/products/7" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  echo "$app" >>"$work/wrk-app"; echo "$bare" >>"$work/wrk-bare"
  awk -v a="$app" -v b="$bare" 'BEGIN { printf "%.0f\n", 100 * a / b }' >>"$work/wrk-ratio"
done

# --- 3. GET /products/{id} at a fixed 2,000 req/s, open model ---
# The bare server at the same rate, interleaved: the latency floor of this machine and load generator.
log "catalog at 2,000 req/s: $RUNS runs of ${FIXED_S} s, each followed by one against the bare server"
for i in $(seq 1 "$RUNS"); do
  harness run --bench loadtest/benchmarks/catalog.hf.yaml -P RATE=2000 -P WARMUP=10s -P DURATION="${FIXED_S}s" \
    -P TARGET=http://127.0.0.1:3001 --out "$work/catalog" >>"$work/catalog.txt" 2>&1
  harness run --bench loadtest/benchmarks/catalog.hf.yaml -P RATE=2000 -P WARMUP=10s -P DURATION="${FIXED_S}s" \
    -P TARGET="http://127.0.0.1:$BARE_PORT" --out "$work/catalog-bare" >>"$work/catalog-bare.txt" 2>&1
done
stop bare

# --- 4. the shopping flow swept over SWEEP sessions/s, container memory sampled throughout ---
# The sweep measures warm services (the cold first minute is row 5's): WARM_S of the flow at 100 sessions/s
# first, not measured, so that the JIT has compiled the order path before the first step.
log "shopping warm-up: ${WARM_S} s at 100 sessions/s (not measured)"
harness run --bench loadtest/benchmarks/shopping.hf.yaml -P RATE=100 -P WARMUP=1s -P DURATION="${WARM_S}s" \
  -P USER_URL=http://127.0.0.1:3004 -P CART_URL=http://127.0.0.1:3002 -P ORDER_URL=http://127.0.0.1:3003 --cpu-of "postgresql=$DB_PORT" \
  --out "$work/shopping-warmup" >"$work/shopping-warmup.txt" 2>&1
log "shopping sweep $SWEEP sessions/s, ${STEP_S} s each after a 10 s warm-up"
: >"$work/memory"
# The sampler stops itself when the flag goes, so that no docker stats call of it outlives the sweep's containers.
touch "$work/sampling"
( while [ -e "$work/sampling" ]; do for s in "${SERVICES[@]}"; do echo "$s $(cgroup_mib "$s") $(rss_mib "$s")"; done >>"$work/memory"; sleep 2; done ) &
sampler=$!
pids+=("$sampler")
harness run --bench loadtest/benchmarks/shopping.hf.yaml --sweep "$SWEEP" -P WARMUP=10s -P DURATION="${STEP_S}s" \
  -P USER_URL=http://127.0.0.1:3004 -P CART_URL=http://127.0.0.1:3002 -P ORDER_URL=http://127.0.0.1:3003 --cpu-of "postgresql=$DB_PORT" \
  --out "$work/shopping" >"$work/shopping.txt" 2>&1
rm -f "$work/sampling"
wait "$sampler" || true
# One line per rate: offered achieved_sessions p99_all p99_orders errors valid
for f in "$work"/shopping/*.json; do
  jq -r '[.rates.requested_sessions_per_s, .rates.achieved_sessions_per_s, .performance_test_result.latencies_ms.p99,
          (.metrics.placeOrder.p99_ms // "NaN"), .errors.total, .valid.ok] | @tsv' "$f"
done | sort -n >"$work/sweep.tsv"
# The knee: the highest rate up to which every step was served as offered (>= 99 %), without errors, all
# requests' p99 under 100 ms (a step that passes above a failed one does not count).
knee=$(awk -F'\t' '!failed && $2 >= 0.99 * $1 && $5 == 0 && $3 < 100 { k = $1; next } { failed = 1 }
  END { print (k == "" ? "below " '"${SWEEP%%,*}"' : k) }' "$work/sweep.tsv")
# Capacity, the issue's older "saturation": the same, whatever the p99 (arrivals not held back, so valid).
served=$(awk -F'\t' '!failed && $2 >= 0.99 * $1 && $5 == 0 && $6 == "true" { k = $1; next } { failed = 1 }
  END { print (k == "" ? "below " '"${SWEEP%%,*}"' : k) }' "$work/sweep.tsv")
orders_p99_400=$(awk -F'\t' '$1 == 400 { printf "%.1f ms (achieved %.0f/s)", $4, $2 }' "$work/sweep.tsv")
# Where a session's CPU goes (session_cpu SECONDS RUN.json...): the harness's CPU of each local process over a
# run (warm-up, steady and the drain of what is still queued; PostgreSQL with its backends) over its sessions
# (3 requests each), as ranges over the runs given, and how many of the machine's cores that kept busy over the
# run's wall_ms (SECONDS where a document has none). With every core busy, the cost of a session is what bounds
# the rate: N cores serve at most N s of CPU per second.
session_cpu() {
  local seconds=$1; shift
  jq -rs --argjson cores "$(nproc)" --argjson seconds "$seconds" '
    def r2: . * 100 | round / 100;
    def span: (min | r2 | tostring) as $lo | (max | r2 | tostring) as $hi | if $lo == $hi then $lo else "\($lo) - \($hi)" end;
    [.[] | select(.cpu.requests > 0) | .cpu | (.requests / 3) as $sessions | .components | map_values(.cpu_ms / $sessions)] as $runs
    | [.[] | select(.cpu.requests > 0) | (.cpu.wall_ms // ($seconds * 1000)) as $wall | [.cpu.components[].cpu_ms] | add / $wall] as $busy
    | if ($runs | length) == 0 then "not measured" else
      ([$runs[] | keys_unsorted[]] | unique) as $names
      | [$names[] as $name | {$name, ms: [$runs[] | .[$name] // 0]} | select(.ms | max >= 0.005)] as $parts
      | [$runs[] | [.[]] | add] as $totals
      | "\($parts | map("\(.name) \(.ms | span)") | join(", ")); in all \($totals | span) ms a session, with \($busy | span) of the \($cores) cores busy"
      end' "$@" || echo "not measured"
}
# ... at the highest sweep step served as offered (or the first step), and at the step that served the most.
step_file() { # step_file RATE -> the sweep's run document of that offered rate
  for f in "$work"/shopping/*.json; do
    if [ "$(jq -r --argjson rate "$1" '.rates.requested_sessions_per_s == $rate' "$f")" = true ]; then echo "$f"; fi
  done | head -1
}
cpu_step=$([[ $served =~ ^[0-9]+$ ]] && echo "$served" || echo "${SWEEP%%,*}")
most_step=$(sort -t$'\t' -k2,2 -g "$work/sweep.tsv" | tail -1 | cut -f1)
most_served=$(sort -t$'\t' -k2,2 -g "$work/sweep.tsv" | tail -1 | awk -F'\t' '{ printf "%.0f", $2 }')
step_s=$((10 + STEP_S))
cpu_row="at $cpu_step/s, served as offered: $(session_cpu "$step_s" "$(step_file "$cpu_step")"). At $most_step/s offered, the step that served the most ($most_served/s): $(session_cpu "$step_s" "$(step_file "$most_step")")"

# --- 5. the first minute after a cold start, 100 sessions/s, RUNS times ---
# The containers start afresh; the database keeps what the earlier runs wrote.
log "cold start: $RUNS times the five containers afresh, then 100 sessions/s for 60 s"
for i in $(seq 1 "$RUNS"); do
  for s in "${SERVICES[@]}"; do stop "$s"; done
  start_suite
  harness run --bench loadtest/benchmarks/shopping.hf.yaml -P RATE=100 -P WARMUP=1s -P DURATION=60s \
    -P USER_URL=http://127.0.0.1:3004 -P CART_URL=http://127.0.0.1:3002 -P ORDER_URL=http://127.0.0.1:3003 --cpu-of "postgresql=$DB_PORT" \
    --out "$work/cold" >>"$work/cold.txt" 2>&1
done
cold_figure() { jq -r "$1 // empty" "$work"/cold/*.json | range; }
cold="p99 $(cold_figure '.performance_test_result.latencies_ms.p99 | round') ms (POST /orders $(cold_figure '.metrics.placeOrder.p99_ms | round') ms), achieved $(cold_figure '.rates.achieved_sessions_per_s * 10 | round / 10')/s, errors $(cold_figure '.errors.total'), arrivals held back $(cold_figure '.coordinated_omission.dropped_requests')"
cold_cpu=$(session_cpu 61 "$work"/cold/*.json)

# --- the table ---
mem_rows=$(for s in "${SERVICES[@]}"; do
  awk -v s="$s" -v lim="$(limit_mib "$s")" '$1 == s && $2 > max { max = $2 } $1 == s && $3 > rss { rss = $3 }
    END { printf "%s %s/%s MiB (%.0f %%), RSS %s MiB; ", s, max, lim, 100 * max / lim, rss }' "$work/memory"; done)
machine="$(nproc) vCPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), Docker $(docker version --format '{{.Server.Version}}'), $(docker run --rm -e JAVA_TOOL_OPTIONS= --entrypoint java "meshdemo/product-service:$TAG" -version 2>&1 | sed -n 2p)"
cat <<TABLE | tee "$work/table.md"
Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $machine; load average before $load_before${BENCH_NOTE:+; $BENCH_NOTE}.
Containers as the pods run them (mesh/base limits: product-service $(limit_mib product-service) MiB, CPU $(cpu_args product-service | sed 's/--cpus //' | grep . || echo "not limited")); load generator on the same cores. Ranges are over $RUNS runs.

| figure | measured | goal |
| --- | --- | --- |
| product-service start to \`/ready\` (container, AOT cache) | $(range <"$work/start-aot") s; without the cache $(range <"$work/start-plain") s; the bare server's container to its first answer $(range <"$work/start-bare") s | <= 1.0 s |
| RSS at ready | $(range <"$work/rss-aot") MiB; without the cache $(range <"$work/rss-plain") MiB | <= 128 MB |
| container memory under the shopping sweep (max, cgroup) | ${mem_rows%; } | <= 80 % of the container limit, never OOM-killed |
| GET /products/{id}, wrk -t1 -c16, vs a bare Vert.x JSON server (same limits, same run) | $(range <"$work/wrk-app") vs $(range <"$work/wrk-bare") req/s = $(range <"$work/wrk-ratio") % | >= 30 % |
| GET /products/{id} at 2,000 req/s open model | p99 $(jq -r '.performance_test_result.latencies_ms.p99 * 100 | round / 100' "$work"/catalog/*.json | range) ms, p99.9 $(jq -r '.latency_tail_ms.p99_9 * 100 | round / 100' "$work"/catalog/*.json | range) ms, achieved $(jq -r '.rates.achieved_requests_per_s | round' "$work"/catalog/*.json | range) req/s, errors $(jq -r '.errors.total' "$work"/catalog/*.json | range); the bare server, interleaved: p99 $(jq -r '.performance_test_result.latencies_ms.p99 * 100 | round / 100' "$work"/catalog-bare/*.json | range) ms, p99.9 $(jq -r '.latency_tail_ms.p99_9 * 100 | round / 100' "$work"/catalog-bare/*.json | range) ms | p99 <= 1 ms, p99.9 <= 3 ms |
| shopping flow (user, cart, order), saturation knee | $knee sessions/s (sweep $SWEEP; knee = highest rate up to which every step was served >= 99 % as offered, 0 errors, p99 < 100 ms); served as offered, whatever the p99, up to $served sessions/s | >= 500 sessions/s |
| CPU per shopping session (ms, each step whole), warm | $cpu_row | 500 sessions/s on $(nproc) cores: <= $(awk -v c="$(nproc)" 'BEGIN { printf "%.1f", c * 1000 / 500 }') ms a session in all |
| \`POST /orders\` p99 at 400 sessions/s | ${orders_p99_400:-not reached} | <= 30 ms at 400/s |
| the first 60 s after a cold start, 100 sessions/s | $cold; CPU per session (ms, the minute): $cold_cpu | p99 <= 250 ms in the first 60 s |

Sweep (offered, achieved sessions/s, p99 all requests ms, p99 POST /orders ms, errors, valid):
$(awk -F'\t' '{ printf "- %s/s: achieved %.1f/s, p99 %.1f ms, orders p99 %.1f ms, errors %s, valid %s\n", $1, $2, $3, $4, $5, $6 }' "$work/sweep.tsv")
TABLE
echo "bench: raw results in $work" >&2
