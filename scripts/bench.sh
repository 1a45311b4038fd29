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
# A/B mode (BASELINE_TAG set; `make bench BASELINE=<git ref>` builds that ref's images and sets it): the images
# meshdemo/<service>:BASELINE_TAG (A, the baseline) and meshdemo/<service>:IMAGE_TAG (B, the checkout) measured
# in one run, interleaved round by round (A B, then B A, ...), each build with its own PostgreSQL. Per round and
# build: each service started alone (start to /ready, RSS at ready; the bare server's start beside them), then
# the five afresh, their cold minute, WARM_S of warm-up and the sweep (knee, container peak, CPU per session at
# the highest rate every round of both served as offered). Prints A, B, B/A and B - A per round as ranges, with
# the targets of issue 21 beside them. The catalog rows (wrk, 2,000 req/s) stay the single build's.
#
# Knobs: RUNS (3), SWEEP (50,100,150,200,300,400,500,600), WRK_S (10), FIXED_S (30), STEP_S (20), WARM_S (60),
# BENCH_DB_PORT (15497; the A/B's baseline uses BENCH_DB_PORT_B, default the next port), BENCH_NOTE (said beside
# the machine, e.g. "busy with other work"). Uses ports 3001-3005 and 13999, so nothing else (make run, another
# bench) may hold them; run it through `make bench`, which builds what it needs first.
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
BASELINE_TAG=${BASELINE_TAG:-}
DB_PORT_B=${BENCH_DB_PORT_B:-$((DB_PORT + 1))}
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
SERVICES=(product-service cart-service order-service user-service exam-service)
declare -A PORT=([product-service]=3001 [cart-service]=3002 [order-service]=3003 [user-service]=3004 [exam-service]=3005)

for tool in docker wrk jq curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool missing (scripts/ci-prereqs.sh installs wrk, jq, curl)" >&2; exit 1; }
done
for t in "$TAG" ${BASELINE_TAG:+"$BASELINE_TAG"}; do for s in "${SERVICES[@]}"; do
  docker image inspect "meshdemo/$s:$t" --format '{{join .Config.Env " "}}' 2>/dev/null | grep -q 'XX:AOTCache=' \
    || { echo "error: meshdemo/$s:$t is not an AOT image: run 'make images' first" >&2; exit 1; }
done; done
[ -f loadtest/target/runtime-classpath.txt ] || { echo "error: run 'make loadtest-build' first" >&2; exit 1; }
for p in "${PORT[@]}" "$BARE_PORT" "$DB_PORT" ${BASELINE_TAG:+"$DB_PORT_B"}; do
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

# --- the database: the embedded PostgreSQL of test-support, one database per service (and per build in A/B) ---
start_postgres() { # start_postgres PORT LOG
  "$JAVA_HOME/bin/java" -cp "test-support/target/classes:test-support/target/lib/*" dev.meshdemo.testing.LocalPostgres \
    --port "$1" "${SERVICES[@]}" >"$2" 2>&1 &
  pids+=($!)
  until grep -q '^READY' "$2"; do sleep 0.2; done
}
start_postgres "$DB_PORT" "$work/postgres.log"
if [ -n "$BASELINE_TAG" ]; then start_postgres "$DB_PORT_B" "$work/postgres-baseline.log"; fi
# The build the suite's containers come from: its images and its database (the A/B switches both).
suite_tag=$TAG
suite_db=$DB_PORT

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
    -e QUARKUS_HTTP_PORT="${PORT[$s]}" -e DB_URL="jdbc:postgresql://127.0.0.1:$suite_db/${prefix}_db" \
    -e DB_USER="${prefix}_svc" -e DB_PASSWORD="${prefix}_svc" -e POD_NAME="$s-bench" -e POD_NAMESPACE=bench \
    -e PRODUCT_SERVICE_URL=http://127.0.0.1:3001 -e CART_SERVICE_URL=http://127.0.0.1:3002 \
    -e USER_SERVICE_URL=http://127.0.0.1:3004 "$@" "meshdemo/$s:$suite_tag" >/dev/null
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
seconds() { awk '{ printf "%.2f\n", $1 / 1000 }'; } # milliseconds on stdin -> seconds

# --- the shopping flow's parts, for one build or both ---
start_suite() { # a container that never gets ready leaves its log and state behind (the EXIT trap removes it)
  for s in "${SERVICES[@]}"; do run_service "$s" "$s"; done
  for s in "${SERVICES[@]}"; do
    await_ready "${PORT[$s]}" >/dev/null || {
      docker logs "bench-$run_id-$s" >"$work/$s-not-ready.log" 2>&1
      echo "error: $s ($suite_tag) not ready: $(docker inspect -f '{{.State.Status}}, exit code {{.State.ExitCode}}, OOM-killed {{.State.OOMKilled}}' "bench-$run_id-$s"); log: $work/$s-not-ready.log" >&2
      return 1
    }
  done
}
stop_suite() { for s in "${SERVICES[@]}"; do stop "$s"; done; }
shopping() { # shopping OUT [harness -P args...]: the flow against the suite on 3002-3004, PostgreSQL's CPU counted
  local out=$1; shift
  harness run --bench loadtest/benchmarks/shopping.hf.yaml "$@" -P USER_URL=http://127.0.0.1:3004 \
    -P CART_URL=http://127.0.0.1:3002 -P ORDER_URL=http://127.0.0.1:3003 --cpu-of "postgresql=$suite_db" --out "$out"
}
cold_minute() { shopping "$1" -P RATE=100 -P WARMUP=1s -P DURATION=60s; } # cold_minute OUT
# sweep OUT MEMORY: the SWEEP, container memory (cgroup, RSS) sampled every 2 s into MEMORY meanwhile.
sweep() {
  local sampler
  : >"$2"
  # The sampler stops itself when the flag goes, so that no docker stats call of it outlives the sweep's containers.
  touch "$work/sampling"
  ( while [ -e "$work/sampling" ]; do for s in "${SERVICES[@]}"; do echo "$s $(cgroup_mib "$s") $(rss_mib "$s")"; done >>"$2"; sleep 2; done ) &
  sampler=$!
  pids+=("$sampler")
  shopping "$1" --sweep "$SWEEP" -P WARMUP=10s -P DURATION="${STEP_S}s"
  rm -f "$work/sampling"
  wait "$sampler" || true
}
# sweep_tsv DIR: one line per rate: offered achieved_sessions p99_all p99_orders errors valid
sweep_tsv() {
  for f in "$1"/*.json; do
    jq -r '[.rates.requested_sessions_per_s, .rates.achieved_sessions_per_s, .performance_test_result.latencies_ms.p99,
            (.metrics.placeOrder.p99_ms // "NaN"), .errors.total, .valid.ok] | @tsv' "$f"
  done | sort -n
}
# The knee: the highest rate up to which every step was served as offered (>= 99 %), without errors, all
# requests' p99 under 100 ms (a step that passes above a failed one does not count).
knee_of() { # knee_of SWEEP.tsv
  awk -F'\t' '!failed && $2 >= 0.99 * $1 && $5 == 0 && $3 < 100 { k = $1; next } { failed = 1 }
    END { print (k == "" ? "below " '"${SWEEP%%,*}"' : k) }' "$1"
}
# Capacity, the issue's older "saturation": the same, whatever the p99 (arrivals not held back, so valid).
served_of() { # served_of SWEEP.tsv
  awk -F'\t' '!failed && $2 >= 0.99 * $1 && $5 == 0 && $6 == "true" { k = $1; next } { failed = 1 }
    END { print (k == "" ? "below " '"${SWEEP%%,*}"' : k) }' "$1"
}
step_file() { # step_file DIR RATE -> the sweep's run document of that offered rate
  for f in "$1"/*.json; do
    if [ "$(jq -r --argjson rate "$2" '.rates.requested_sessions_per_s == $rate' "$f")" = true ]; then echo "$f"; fi
  done | head -1
}
machine() {
  echo "$(nproc) vCPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), Docker $(docker version --format '{{.Server.Version}}'), $(docker run --rm -e JAVA_TOOL_OPTIONS= --entrypoint java "meshdemo/product-service:$TAG" -version 2>&1 | sed -n 2p)"
}

# --- A/B: the baseline's images (A) and the checkout's (B), interleaved round by round ---
use_build() { # use_build A|B: the suite's containers come from that build, with its own database
  if [ "$1" = A ]; then suite_tag=$BASELINE_TAG suite_db=$DB_PORT_B; else suite_tag=$TAG suite_db=$DB_PORT; fi
}
ab_order() { if [ $(($1 % 2)) = 1 ]; then echo "A B"; else echo "B A"; fi; } # ab_order ROUND: A B, B A, A B, ...
# cpu_tsv RUN.json: each local process's CPU a session (ms; 3 requests a session) over the run, then "all".
cpu_tsv() {
  jq -r 'select(.cpu.requests > 0) | .cpu | (.requests / 3) as $n | [.components | to_entries[] | [.key, .value.cpu_ms / $n]]
    | (.[] | @tsv), (["all", (map(.[1]) | add)] | @tsv)' "$1"
}
# ab_figures METRIC DECIMALS: from $work/A/METRIC and $work/B/METRIC ("round value" lines), tab-separated: the
# range of A, of B, of B/A and of B - A per round (the rounds pair A and B measured next to each other), the
# medians of B/A and B - A, and "min max" of each. A value that is not a number (a knee below the sweep) leaves
# the ratios out.
ab_figures() {
  awk -v d="$2" -v OFS='\t' '
    function num(v, digits,   t) { t = sprintf("%." digits "f", v); if (t ~ /^-0(\.0+)?$/) t = substr(t, 2); return t }
    function fmt(v) { return num(v, d) }
    function span(list, n, digits,   i, lo, hi) { if (n == 0) return "-"; lo = hi = list[1]
      for (i = 2; i <= n; i++) { if (list[i] < lo) lo = list[i]; if (list[i] > hi) hi = list[i] }
      lo = num(lo, digits); hi = num(hi, digits); return lo == hi ? lo : lo " - " hi }
    function median(list, n,   i, j, t) { if (n == 0) return "-"
      for (i = 2; i <= n; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
      return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2 }
    function words(list, n,   i, out) { out = list[1]; for (i = 2; i <= n; i++) out = out ", " list[i]; return out }
    FNR == 1 { file++ }
    file == 1 { a[$1] = $2; for (i = 3; i <= NF; i++) a[$1] = a[$1] " " $i; rounds[$1] = 1 }
    file == 2 { b[$1] = $2; for (i = 3; i <= NF; i++) b[$1] = b[$1] " " $i; rounds[$1] = 1 }
    END { numeric = 1
      for (r in rounds) if (!(r in a) || !(r in b) || a[r] !~ /^[0-9.]+$/ || b[r] !~ /^[0-9.]+$/) numeric = 0
      na = nb = nr = 0
      for (r = 1; r <= 100; r++) if (r in rounds) {
        if (r in a) av[++na] = a[r]; if (r in b) bv[++nb] = b[r]
        if (numeric) { nr++; ratio[nr] = a[r] > 0 ? b[r] / a[r] : 0; diff[nr] = b[r] - a[r]; ratio2[nr] = ratio[nr]; diff2[nr] = diff[nr] } }
      if (!numeric) { print words(av, na), words(bv, nb), "-", "-", "-", "-", "-", "-"; exit }
      mr = median(ratio2, nr); md = median(diff2, nr) # (sorts ratio2 and diff2)
      print span(av, na, d), span(bv, nb, d), span(ratio, nr, 2), span(diff, nr, d), num(mr, 2), fmt(md),
        num(ratio2[1], 4) " " num(ratio2[nr], 4), num(diff2[1], 4) " " num(diff2[nr], 4) }' \
    "$work/A/$1" "$work/B/$1"
}
# ab_row LABEL METRIC DECIMALS [TARGET]: a table row; TARGET "ratio<=X" or "diff<=X": met when every round meets
# it, missed when none does, else the rounds disagree (the machine's noise is larger than the difference).
ab_row() {
  local label=$1 figures verdict='' fa fb fr fd mr md rr dr
  figures=$(ab_figures "$2" "$3")
  IFS=$'\t' read -r fa fb fr fd mr md rr dr <<<"$figures"
  judge() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "-") { print "not measured"; exit }; split(r, m, " ")
    print (m[2] <= t ? "met" : m[1] > t ? "missed" : "the rounds disagree") }'; }
  case ${4:-} in
    ratio\<=*) verdict="B/A <= ${4#ratio<=}: $(judge "$rr" "${4#ratio<=}") (median $mr)" ;;
    diff\<=*) verdict="B - A <= ${4#diff<=}: $(judge "$dr" "${4#diff<=}") (median $md)" ;;
  esac
  echo "| $label | $fa | $fb | $fr | $fd | $verdict |"
}
bench_ab() {
  local i b s f t rate waited
  mkdir -p "$work/A" "$work/B"
  log "A/B: A = meshdemo/<service>:$BASELINE_TAG, B = meshdemo/<service>:$TAG, $RUNS rounds (A B, B A, ...)"
  # Start-up: each service alone, A and B next to each other, the bare server first in each round.
  for i in $(seq 1 "$RUNS"); do
    log "round $i: starts (bare server, then each service: $(ab_order "$i"))"
    run_bare "start-bare-$i"
    await_bare | seconds >>"$work/start-bare"
    stop "start-bare-$i"
    for s in "${SERVICES[@]}"; do for b in $(ab_order "$i"); do
      use_build "$b"
      run_service "start-$b-$s-$i" "$s"
      waited=$(await_ready "${PORT[$s]}")
      echo "$i $(seconds <<<"$waited")" >>"$work/$b/start-$s"
      sleep 1 # let the first request's work settle before RSS is read
      echo "$i $(rss_mib "start-$b-$s-$i")" >>"$work/$b/rss-$s"
      docker logs "bench-$run_id-start-$b-$s-$i" >"$work/$b/start-$s-$i.log" 2>&1
      stop "start-$b-$s-$i"
    done; done
  done
  # The suite: per round and build, the five afresh, the cold minute, WARM_S at 100/s (not measured), the sweep.
  for i in $(seq 1 "$RUNS"); do for b in $(ab_order "$i"); do
    use_build "$b"
    log "round $i, $b ($suite_tag): cold minute, ${WARM_S} s warm-up, sweep $SWEEP"
    start_suite
    cold_minute "$work/$b/r$i/cold" >>"$work/$b/cold.txt" 2>&1
    shopping "$work/$b/r$i/warmup" -P RATE=100 -P WARMUP=1s -P DURATION="${WARM_S}s" >>"$work/$b/warmup.txt" 2>&1
    sweep "$work/$b/r$i/shopping" "$work/$b/r$i/memory" >>"$work/$b/shopping.txt" 2>&1
    stop_suite
  done; done
  # The figures, one "round value" line per round and build.
  for b in A B; do for i in $(seq 1 "$RUNS"); do
    sweep_tsv "$work/$b/r$i/shopping" >"$work/$b/r$i/sweep.tsv"
    echo "$i $(knee_of "$work/$b/r$i/sweep.tsv")" >>"$work/$b/knee"
    echo "$i $(served_of "$work/$b/r$i/sweep.tsv")" >>"$work/$b/capacity"
    for s in "${SERVICES[@]}"; do
      awk -v s="$s" -v r="$i" '$1 == s && $2 > max { max = $2 } END { print r, max }' "$work/$b/r$i/memory" >>"$work/$b/peak-$s"
    done
    f=$(ls "$work/$b/r$i/cold"/*.json)
    echo "$i $(jq -r '.performance_test_result.latencies_ms.p99' "$f")" >>"$work/$b/cold-p99"
    echo "$i $(jq -r '.metrics.placeOrder.p99_ms // "NaN"' "$f")" >>"$work/$b/cold-orders-p99"
    echo "$i $(jq -r '.coordinated_omission.dropped_requests + .errors.total' "$f")" >>"$work/$b/cold-failed"
    cpu_tsv "$f" | while IFS=$'\t' read -r t v; do echo "$i $v" >>"$work/$b/cold-cpu-$t"; done
  done; done
  # CPU a session at one rate for every round of both: the highest step all of them served as offered.
  rate=$(cat "$work"/A/capacity "$work"/B/capacity | awk '$2 !~ /^[0-9]+$/ { below = 1 } min == "" || $2 < min { min = $2 }
    END { print (below ? '"${SWEEP%%,*}"' : min) }')
  for b in A B; do for i in $(seq 1 "$RUNS"); do
    f=$(step_file "$work/$b/r$i/shopping" "$rate")
    cpu_tsv "$f" | while IFS=$'\t' read -r t v; do echo "$i $v" >>"$work/$b/cpu-$t"; done
  done; done

  cat <<TABLE | tee "$work/table.md"
A/B measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(machine); load average before $load_before${BENCH_NOTE:+; $BENCH_NOTE}.
A = meshdemo/<service>:$BASELINE_TAG (the baseline, product-service image $(docker image inspect -f '{{.Id}}' "meshdemo/product-service:$BASELINE_TAG" | cut -c8-19)), B = meshdemo/<service>:$TAG (the checkout, $(docker image inspect -f '{{.Id}}' "meshdemo/product-service:$TAG" | cut -c8-19)); rounds: $RUNS, A and B next to each other in each (A B, B A, ...), each build with its own PostgreSQL; containers as the pods run them (mesh/base limits of this checkout, for both); load generator on the same cores. Ranges over the rounds; B/A and B - A are per round: a target is met when every round meets it. Control: the bare server's container to its first answer, $(range <"$work/start-bare") s.

| figure | A | B | B/A | B - A | target |
| --- | --- | --- | --- | --- | --- |
$(for s in "${SERVICES[@]}"; do ab_row "$s start to \`/ready\` (s, alone, AOT cache)" "start-$s" 2 "diff<=0.1"; done)
$(for s in "${SERVICES[@]}"; do ab_row "$s RSS at ready (MiB)" "rss-$s" 0 "diff<=32"; done)
$(for s in "${SERVICES[@]}"; do ab_row "$s container peak under the sweep (MiB, cgroup; limit $(limit_mib "$s"))" "peak-$s" 0 "diff<=32"; done)
$(ab_row "CPU per shopping session at $rate/s, warm (ms, all processes)" cpu-all 2 "ratio<=1.10")
$(for f in "$work"/B/cpu-*; do t=${f##*/cpu-}; [ "$t" = all ] || ab_row "... $t" "cpu-$t" 2; done)
$(ab_row "shopping knee (sessions/s; sweep $SWEEP)" knee 0)
$(ab_row "shopping capacity, served as offered whatever the p99 (sessions/s)" capacity 0)
$(ab_row "cold minute at 100 sessions/s: p99 (ms)" cold-p99 0)
$(ab_row "cold minute: POST /orders p99 (ms)" cold-orders-p99 0)
$(ab_row "cold minute: arrivals held back + errors" cold-failed 0)
$(ab_row "cold minute: CPU per session (ms, all processes)" cold-cpu-all 2)

Sweeps (offered: achieved sessions/s, p99 ms), per round:
$(for b in A B; do for i in $(seq 1 "$RUNS"); do echo "- $b round $i: $(awk -F'\t' '{ printf "%s%s: %.0f, %.0f ms", (NR > 1 ? "; " : ""), $1, $2, $3 }' "$work/$b/r$i/sweep.tsv")"; done; done)
TABLE
}
if [ -n "$BASELINE_TAG" ]; then
  bench_ab
  echo "bench: raw results in $work" >&2
  exit 0
fi

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
shopping "$work/shopping-warmup" -P RATE=100 -P WARMUP=1s -P DURATION="${WARM_S}s" >"$work/shopping-warmup.txt" 2>&1
log "shopping sweep $SWEEP sessions/s, ${STEP_S} s each after a 10 s warm-up"
sweep "$work/shopping" "$work/memory" >"$work/shopping.txt" 2>&1
sweep_tsv "$work/shopping" >"$work/sweep.tsv"
knee=$(knee_of "$work/sweep.tsv")
served=$(served_of "$work/sweep.tsv")
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
cpu_step=$([[ $served =~ ^[0-9]+$ ]] && echo "$served" || echo "${SWEEP%%,*}")
most_step=$(sort -t$'\t' -k2,2 -g "$work/sweep.tsv" | tail -1 | cut -f1)
most_served=$(sort -t$'\t' -k2,2 -g "$work/sweep.tsv" | tail -1 | awk -F'\t' '{ printf "%.0f", $2 }')
step_s=$((10 + STEP_S))
cpu_row="at $cpu_step/s, served as offered: $(session_cpu "$step_s" "$(step_file "$work/shopping" "$cpu_step")"). At $most_step/s offered, the step that served the most ($most_served/s): $(session_cpu "$step_s" "$(step_file "$work/shopping" "$most_step")")"

# --- 5. the first minute after a cold start, 100 sessions/s, RUNS times ---
# The containers start afresh; the database keeps what the earlier runs wrote.
log "cold start: $RUNS times the five containers afresh, then 100 sessions/s for 60 s"
for i in $(seq 1 "$RUNS"); do
  stop_suite
  start_suite
  cold_minute "$work/cold" >>"$work/cold.txt" 2>&1
done
cold_figure() { jq -r "$1 // empty" "$work"/cold/*.json | range; }
cold="p99 $(cold_figure '.performance_test_result.latencies_ms.p99 | round') ms (POST /orders $(cold_figure '.metrics.placeOrder.p99_ms | round') ms), achieved $(cold_figure '.rates.achieved_sessions_per_s * 10 | round / 10')/s, errors $(cold_figure '.errors.total'), arrivals held back $(cold_figure '.coordinated_omission.dropped_requests')"
cold_cpu=$(session_cpu 61 "$work"/cold/*.json)

# --- the table ---
mem_rows=$(for s in "${SERVICES[@]}"; do
  awk -v s="$s" -v lim="$(limit_mib "$s")" '$1 == s && $2 > max { max = $2 } $1 == s && $3 > rss { rss = $3 }
    END { printf "%s %s/%s MiB (%.0f %%), RSS %s MiB; ", s, max, lim, 100 * max / lim, rss }' "$work/memory"; done)
machine=$(machine)
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
