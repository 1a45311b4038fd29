#!/usr/bin/env bash
# One trust root for both clusters (issue 24): an ECDSA P-256 root and one intermediate per cluster, made
# with openssl (OpenSSL 3 or macOS LibreSSL: only options both have, no -addext / -copy_extensions).
# The same files serve both meshes, so east and west trust each other whichever mesh runs:
#   Istio plug-in CA ("Plug in CA certificates", tools/certs at 1.30.3): secret cacerts in istio-system with
#     ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem (intermediate, then root).
#   Linkerd 2.20 (edge-26.6.3): --identity-trust-anchors-file root-cert.pem,
#     --identity-issuer-certificate-file ca-cert.pem, --identity-issuer-key-file ca-key.pem; Linkerd wants
#     ECDSA P-256 and an issuer with CA:true, pathlen:0 (hence P-256 for Istio too: istiod takes EC keys).
# Usage: certs.sh create DIR CLUSTER...   (keeps an existing root: rotating an intermediate keeps trust)
#        certs.sh check DIR CLUSTER...    (what mc-certs and its test verify; exit 1 on the first defect)
set -eu
days_root=${CERT_DAYS_ROOT:-3650}
days_ca=${CERT_DAYS_CA:-365}

die() { echo "error: $*" >&2; exit 1; }

serial() { echo "0x$(openssl rand -hex 12)"; }

write_conf() { # file, cluster (empty: the root)
  {
    echo "[ req ]"
    echo "distinguished_name = dn"
    echo "prompt = no"
    echo "[ dn ]"
    echo "O = meshdemo"
    echo "[ root_ext ]"
    echo "basicConstraints = critical, CA:true"
    echo "keyUsage = critical, keyCertSign, cRLSign, digitalSignature"
    echo "subjectKeyIdentifier = hash"
    echo "[ ca_ext ]"
    echo "basicConstraints = critical, CA:true, pathlen:0"
    echo "keyUsage = critical, keyCertSign, cRLSign, digitalSignature"
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = keyid, issuer"
    # Istio's intermediate names istiod (tools/certs/common.mk); Linkerd ignores it.
    echo "subjectAltName = DNS:istiod.istio-system.svc"
  } >"$1"
}

create() {
  dir=$1; shift
  [ $# -gt 0 ] || die "name at least one cluster"
  mkdir -p "$dir"
  write_conf "$dir/openssl.cnf" ""
  if [ ! -f "$dir/root-key.pem" ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$dir/root-key.pem"
    # The root's CN is Linkerd's trust-anchor name (its docs' root.linkerd.cluster.local).
    openssl req -new -x509 -sha256 -days "$days_root" -key "$dir/root-key.pem" -set_serial "$(serial)" \
      -subj "/O=meshdemo/CN=root.linkerd.cluster.local" -config "$dir/openssl.cnf" -extensions root_ext \
      -out "$dir/root-cert.pem"
    echo "created $dir/root-cert.pem"
  fi
  for cluster in "$@"; do
    out="$dir/$cluster"
    mkdir -p "$out"
    openssl ecparam -name prime256v1 -genkey -noout -out "$out/ca-key.pem"
    # CN identity.linkerd.cluster.local: the issuer name Linkerd's docs give; L names the cluster.
    openssl req -new -sha256 -key "$out/ca-key.pem" -subj "/O=meshdemo/L=$cluster/CN=identity.linkerd.cluster.local" \
      -config "$dir/openssl.cnf" -out "$out/ca.csr"
    openssl x509 -req -sha256 -days "$days_ca" -in "$out/ca.csr" -CA "$dir/root-cert.pem" -CAkey "$dir/root-key.pem" \
      -set_serial "$(serial)" -extfile "$dir/openssl.cnf" -extensions ca_ext -out "$out/ca-cert.pem" 2>/dev/null
    rm -f "$out/ca.csr"
    cp "$dir/root-cert.pem" "$out/root-cert.pem"
    cat "$out/ca-cert.pem" "$dir/root-cert.pem" >"$out/cert-chain.pem"
    chmod 600 "$out/ca-key.pem"
    echo "created $out/{ca-cert,ca-key,root-cert,cert-chain}.pem"
  done
  chmod 600 "$dir/root-key.pem"
}

text() { openssl x509 -noout -text -in "$1"; }

check_one() { # dir, cluster
  root="$1/root-cert.pem" out="$1/$2"
  for f in ca-cert.pem ca-key.pem root-cert.pem cert-chain.pem; do [ -s "$out/$f" ] || die "$2: $f missing"; done
  cmp -s "$root" "$out/root-cert.pem" || die "$2: root-cert.pem is not the shared root"
  openssl verify -CAfile "$root" "$out/ca-cert.pem" >/dev/null 2>&1 || die "$2: ca-cert.pem does not chain to the root"
  [ "$(cat "$out/ca-cert.pem" "$root")" = "$(cat "$out/cert-chain.pem")" ] || die "$2: cert-chain.pem is not ca-cert then root"
  t=$(text "$root")
  case $t in *"CA:TRUE"*) ;; *) die "root is not a CA" ;; esac
  t=$(text "$out/ca-cert.pem")
  case $t in *"prime256v1"*|*"P-256"*) ;; *) die "$2: ca-cert.pem is not ECDSA P-256 (Linkerd needs it)" ;; esac
  case $t in *"CA:TRUE, pathlen:0"*) ;; *) die "$2: ca-cert.pem is not CA:true, pathlen:0 (Linkerd's issuer)" ;; esac
  case $t in *"Certificate Sign"*) ;; *) die "$2: ca-cert.pem lacks keyCertSign" ;; esac
  case $t in *"CRL Sign"*) ;; *) die "$2: ca-cert.pem lacks cRLSign" ;; esac
  # The key is the certificate's: compare the public keys.
  [ "$(openssl pkey -in "$out/ca-key.pem" -pubout 2>/dev/null)" = "$(openssl x509 -in "$out/ca-cert.pem" -noout -pubkey)" ] ||
    die "$2: ca-key.pem does not belong to ca-cert.pem"
  openssl x509 -in "$out/ca-cert.pem" -noout -checkend 86400 >/dev/null || die "$2: ca-cert.pem expires within a day"
  echo "ok $2: intermediate chains to the shared root; ECDSA P-256, CA:true pathlen:0, keyCertSign+cRLSign"
}

cmd=${1:-}; [ $# -ge 2 ] || die "usage: $0 create|check DIR CLUSTER..."
shift
case $cmd in
  create) create "$@" ;;
  check) dir=$1; shift; [ $# -gt 0 ] || die "name at least one cluster"; for c in "$@"; do check_one "$dir" "$c"; done ;;
  *) die "usage: $0 create|check DIR CLUSTER..." ;;
esac
