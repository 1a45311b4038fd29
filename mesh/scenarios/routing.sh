#!/usr/bin/env bash
# routing: every public route reaches the service that owns it (response header x-service).
#   TARGET=local     each service on its own port (3001..3005) of the `make run` suite
#   MESH=<any>       each public prefix through the entry (ENTRY_URL, kind: http://localhost:8080); the
#                    entry exposes only the public prefixes, never /admin. Same expectations for every MESH:
#                    routing by prefix is the gateway's job with or without a mesh.
. "$(dirname "$0")/lib.sh"
require_target

# One readable route per service (seeded data: products 1..N, users user1..user5).
declare -A PUBLIC_PATH=([product-service]=/products/1 [cart-service]=/cart/user1 [order-service]=/orders/user1
                        [user-service]=/users/user1 [exam-service]=/exams)

# probe URL -> "status x-service x-service-version" of one GET from this machine
probe() {
  curl --silent --max-time 20 -o /dev/null \
    -w '%{http_code} %header{x-service} %header{x-service-version}' "$1" | awk '{ print $1, ($2 == "" ? "-" : $2), ($3 == "" ? "-" : $3) }'
}

check_route() {
  local svc=$1 url=$2 status service version
  read -r status service version <<<"$(probe "$url")"
  check_eq "$svc.status" 200 "$status" "GET $url"
  check_eq "$svc.x-service" "$svc" "$service" "GET $url"
  check_in "$svc.x-service-version" "$version" v1 v2
}

if is_local; then
  step "by port"
  for svc in "${SERVICES[@]}"; do check_route "$svc" "$(local_url "$svc")${PUBLIC_PATH[$svc]}"; done
  step "collection routes"
  check_route product-service "$(local_url product-service)/products"
else
  step "through the entry $ENTRY_URL"
  wait_until "entry answers" 60 curl --silent --fail -o /dev/null "$ENTRY_URL/products" ||
    die "the entry $ENTRY_URL does not answer GET /products (is the cluster up and the suite deployed?)"
  for svc in "${SERVICES[@]}"; do check_route "$svc" "$ENTRY_URL${PUBLIC_PATH[$svc]}"; done
  check_route product-service "$ENTRY_URL/products"

  step "entry exposes only the public prefixes"
  read -r status _ <<<"$(probe "$ENTRY_URL/admin/faults")"
  check_in "admin-not-exposed" "$status" 404 403
  read -r status _ <<<"$(probe "$ENTRY_URL/no-such-prefix")"
  check_eq "unknown-prefix" 404 "$status"
fi
