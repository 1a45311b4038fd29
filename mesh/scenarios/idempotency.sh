#!/usr/bin/env bash
# idempotency: repeats of one Idempotency-Key, sent at the same time, store one thing.
#   20 concurrent POST /orders with one key -> exactly one order stored, one first answer and 19 answers
#   with `Idempotent-Replayed: true`, all with the same status and body. The same for POST /exams/{id}/submit.
#   TARGET=local: straight to order-service (3003) and exam-service (3005). In a cluster: through the entry
#   (same expectations for every MESH: idempotency is the services' job, not the mesh's).
. "$(dirname "$0")/lib.sh"
require_target

N=${IDEMPOTENCY_REPEATS:-20}
JSON=(-H 'Content-Type: application/json')
api() { if is_local; then local_url "$1"; else printf '%s' "$ENTRY_URL"; fi; }

# concurrent_posts DIR URL KEY BODY: N parallel POSTs; DIR/result has "<file> <status> <replayed header>"
concurrent_posts() {
  local dir=$1 url=$2 key=$3 body=$4 i
  mkdir -p "$dir"
  for ((i = 0; i < N; i++)); do printf 'url = "%s"\noutput = "%s/body.%d"\n' "$url" "$dir" "$i"; done |
    curl -s --no-progress-meter --max-time 60 --parallel --parallel-immediate --parallel-max "$N" -X POST "${JSON[@]}" \
      -H "Idempotency-Key: $key" --data "$body" \
      -w '%{filename_effective} %{http_code} %header{idempotent-replayed}\n' --config - >"$dir/result" || true
}

# judge NAME DIR: the checks shared by orders and submissions
judge() {
  local name=$1 dir=$2
  local answered first replayed statuses bodies
  answered=$(count_lines "$(cat "$dir/result")")
  first=$(awk '$2 ~ /^2/ && tolower($3) != "true" { c++ } END { print c + 0 }' "$dir/result")
  replayed=$(awk '$2 ~ /^2/ && tolower($3) == "true" { c++ } END { print c + 0 }' "$dir/result")
  statuses=$(awk '{ print $2 }' "$dir/result" | sort -u | tr '\n' ' ')
  bodies=$(for f in "$dir"/body.*; do jq -cS . "$f" 2>/dev/null || cat "$f"; echo; done | sort -u | grep -c . || true)
  check_eq "$name.all-answered" "$N" "$answered"
  check_eq "$name.one-first-answer" 1 "$first" "statuses: $statuses"
  check_eq "$name.others-replayed" "$((N - 1))" "$replayed" "answers with Idempotent-Replayed: true"
  check_eq "$name.same-status" 1 "$(wc -w <<<"$statuses")" "distinct statuses: $statuses"
  check_eq "$name.same-body" 1 "$bodies" "distinct bodies"
}

step "POST /orders, $N at once with one key"
user=$(new_id idem)
http_json -X POST "${JSON[@]}" --data "{\"id\":\"$user\",\"name\":\"Idem\",\"email\":\"$user@example.com\"}" \
  "$(api user-service)/users" >/dev/null
http_json -X POST "${JSON[@]}" --data '{"productId":2,"quantity":1}' "$(api cart-service)/cart/$user" >/dev/null
concurrent_posts "$_WORK/orders" "$(api order-service)/orders" "$(new_id key)" "{\"userId\":\"$user\"}"
judge orders "$_WORK/orders"
stored=$(http_json "$(api order-service)/orders/$user" |
  jq 'if type == "array" then length else ((.orders // .items // []) | length) end')
check_eq "orders.stored-once" 1 "$stored" "orders of $user"

step "POST /exams/{id}/submit, $N at once with one key"
exam_id=$(http_json "$(api exam-service)/exams" | jq -r 'if type == "array" then .[0].id else (.exams // .items)[0].id end')
answers=$(http_json "$(api exam-service)/exams/$exam_id/questions" | jq -c '(if type == "array" then . else (.questions // .items) end)
  | map({key: (.id | tostring), value: ((.choices // .options // ["a"])[0] | if type == "object" then (.id // .key // .value) else . end | tostring)})
  | from_entries')
concurrent_posts "$_WORK/submit" "$(api exam-service)/exams/$exam_id/submit" "$(new_id key)" \
  "{\"userId\":\"$user\",\"answers\":$answers}"
judge submit "$_WORK/submit"
