#!/usr/bin/env bash
# Tests of certs.sh (run by `make test-scripts`): a created root and intermediates pass `check`, and each
# defect the meshes would reject (a foreign root, an RSA or pathlen-less issuer, a swapped key, a wrong chain
# order) makes `check` fail with its reason. Runs openssl only, in a temporary directory.
set -u
cd "$(dirname "$0")/../../.." || exit 1
. scripts/test-lib.sh
certs=mesh/multicluster/certs/certs.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mc-certs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

run() { out=$("$@" 2>&1); }
fails_with() { ! run "$certs" check "$1" east && has "$2"; }

run "$certs" create "$tmp/good" east west
check "create makes a root and two intermediates" test -s "$tmp/good/east/cert-chain.pem" -a -s "$tmp/good/west/ca-key.pem"
check "check passes both clusters" run "$certs" check "$tmp/good" east west
check "openssl verify: each intermediate chains to the root" \
  openssl verify -CAfile "$tmp/good/root-cert.pem" "$tmp/good/east/ca-cert.pem" "$tmp/good/west/ca-cert.pem"
check "the clusters' intermediates differ" bash -c "! cmp -s '$tmp/good/east/ca-cert.pem' '$tmp/good/west/ca-cert.pem'"
root_before=$(cat "$tmp/good/root-cert.pem")
run "$certs" create "$tmp/good" east
check "re-running create keeps the root (rotation of an intermediate keeps trust)" \
  test "$root_before" = "$(cat "$tmp/good/root-cert.pem")"
check "the rotated intermediate still checks" run "$certs" check "$tmp/good" east west

# Negative cases: copy the good set, break one thing.
breaks() { rm -rf "$tmp/bad"; cp -R "$tmp/good" "$tmp/bad"; }
breaks; run "$certs" create "$tmp/other" east
cp "$tmp/other/east/ca-cert.pem" "$tmp/other/east/ca-key.pem" "$tmp/bad/east/"
cat "$tmp/bad/east/ca-cert.pem" "$tmp/bad/root-cert.pem" >"$tmp/bad/east/cert-chain.pem"
check "an intermediate from another root is refused" fails_with "$tmp/bad" "does not chain to the root"

breaks; cp "$tmp/good/west/ca-key.pem" "$tmp/bad/east/ca-key.pem"
check "a key that is not the certificate's is refused" fails_with "$tmp/bad" "does not belong"

breaks; cat "$tmp/bad/root-cert.pem" "$tmp/bad/east/ca-cert.pem" >"$tmp/bad/east/cert-chain.pem"
check "cert-chain.pem in the wrong order is refused" fails_with "$tmp/bad" "cert-chain.pem"

# An issuer without pathlen:0, and an RSA issuer, both signed by the good root.
sign() { # key-file, extension section, out dir
  printf '%s\n' "[ req ]" "distinguished_name = dn" "[ dn ]" "[ nolen ]" "basicConstraints = critical, CA:true" \
    "keyUsage = critical, keyCertSign, cRLSign" "[ full ]" "basicConstraints = critical, CA:true, pathlen:0" \
    "keyUsage = critical, keyCertSign, cRLSign" >"$tmp/x.cnf"
  openssl req -new -key "$1" -subj "/CN=identity.linkerd.cluster.local" -config "$tmp/x.cnf" -out "$tmp/x.csr" &&
    openssl x509 -req -days 30 -in "$tmp/x.csr" -CA "$tmp/good/root-cert.pem" -CAkey "$tmp/good/root-key.pem" \
      -set_serial 7 -extfile "$tmp/x.cnf" -extensions "$2" -out "$3/ca-cert.pem" 2>/dev/null &&
    cp "$1" "$3/ca-key.pem" && cat "$3/ca-cert.pem" "$tmp/good/root-cert.pem" >"$3/cert-chain.pem"
}
breaks; sign "$tmp/good/east/ca-key.pem" nolen "$tmp/bad/east"
check "an issuer without pathlen:0 is refused" fails_with "$tmp/bad" "pathlen:0"
breaks; openssl genrsa -out "$tmp/rsa.pem" 2048 2>/dev/null; sign "$tmp/rsa.pem" full "$tmp/bad/east"
check "an RSA issuer is refused (Linkerd needs P-256)" fails_with "$tmp/bad" "P-256"
check "the un-broken cluster still checks" run "$certs" check "$tmp/bad" west
breaks; rm "$tmp/bad/east/ca-key.pem"
check "a missing file is named" fails_with "$tmp/bad" "ca-key.pem missing"
summary
