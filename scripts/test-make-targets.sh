#!/usr/bin/env bash
# Tests of make targets under this machine's make, with fake tools first on PATH (no cluster, no Docker engine).
# `make step` (mk/workshop.mk), with a fake kubectl that records its calls and answers `kubectl diff` with the
# status of the case:
#   - diff 0 (no change) and diff 1 (changes shown): the step is applied, once, from the rendered directory;
#   - diff 2 (kubectl diff itself failed): make fails and nothing is applied;
#   - no namespace yet: applied without a diff;
#   - without MESH: refused with a sentence, kubectl never called;
#   - COMPONENTS given once is recorded: the next step without it still renders workshop-small; COMPONENTS=
#     forgets it.
# `make entry-url` (mk/mesh.mk, scripts/entry-url.sh), with a fake kubectl: ENTRY_URL wins; a LoadBalancer entry
# with an address gives http://<address>; one without an address, a NodePort or no cluster: kind's localhost:8080.
# `make images` (mk/images.mk), with a fake docker and uname: how the AOT training containers reach the test's
# servers (IMAGES_NETWORK): host networking on a Linux engine, host.docker.internal on Docker Desktop and macOS,
# an override wins, and the choice reaches Maven; AOT=on|off only.
# GNU make >= 3.82 runs the recipes with the Makefile's .SHELLFLAGS (-eu -o pipefail -c); make 3.81 ignores
# them. Both must give the same results. The renders go to target/test-make-step, never target/mesh-render.
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work" target/test-make-step' EXIT
render=target/test-make-step
# shellcheck source=scripts/test-lib.sh
. scripts/test-lib.sh
make_cmd=${TEST_MAKE:-make}


mkdir -p "$work/bin"
# The fake kubectl: logs every call; `diff` exits FAKE_DIFF_RC; `get namespace` exits FAKE_NS_RC; the rest 0.
cat >"$work/bin/kubectl" <<EOF
#!/bin/sh
echo "kubectl \$*" >>"$work/kubectl.log"
case "\$*" in
  diff*) echo "(fake diff)"; exit \${FAKE_DIFF_RC:-0} ;;
  "get namespace meshdemo") exit \${FAKE_NS_RC:-0} ;;
esac
exit 0
EOF
chmod 755 "$work/bin/kubectl"

run_step() { # diff-rc, ns-rc, make arguments...: output in $out, status in $rc, kubectl's calls in $work/kubectl.log
  diff_rc=$1 ns_rc=$2; shift 2
  : >"$work/kubectl.log"
  rc=0
  out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u REGISTRY -u COMPONENTS -u MESH -u STEP \
    PATH="$work/bin:$PATH" FAKE_DIFF_RC="$diff_rc" FAKE_NS_RC="$ns_rc" \
    "$make_cmd" -s --no-print-directory step MESH_RENDER_DIR="$render" "$@" 2>&1) || rc=$?
}
applied() { grep -c "^kubectl apply -k $render/workshop-istio\$" "$work/kubectl.log" || true; }
diffed() { grep -c "^kubectl diff -k $render/workshop-istio\$" "$work/kubectl.log" || true; }

echo "make: $("$make_cmd" --version | head -1)"
for diff_rc in 0 1; do
  run_step "$diff_rc" 0 STEP=phase-3-vip MESH=istio
  check "diff exits $diff_rc: make step succeeds" [ "$rc" = 0 ]
  check "diff exits $diff_rc: diffed once" [ "$(diffed)" = 1 ]
  check "diff exits $diff_rc: applied once, from the rendered step" [ "$(applied)" = 1 ]
done

run_step 2 0 STEP=phase-3-vip MESH=istio
check "diff exits 2: make step fails" [ "$rc" != 0 ]
check "diff exits 2: nothing applied" [ "$(applied)" = 0 ]

run_step 2 1 STEP=phase-3-vip MESH=istio
check "no namespace yet: applied without a diff" [ "$rc" = 0 ] && [ "$(diffed)" = 0 ] && [ "$(applied)" = 1 ]

run_step 0 0 STEP=phase-3-vip
check "without MESH: refused (exit 2)" [ "$rc" = 2 ]
check "without MESH: says which MESH to add" has "add MESH=istio or MESH=linkerd"
check "without MESH: kubectl never called" [ ! -s "$work/kubectl.log" ]

run_step 1 0 STEP=phase-2-inject MESH=istio COMPONENTS=workshop-small
check "COMPONENTS=workshop-small: in the step's render" grep -q 'mesh/components/workshop-small$' "$render/workshop-istio/kustomization.yaml"
run_step 1 0 STEP=phase-3-vip MESH=istio
check "the next step without COMPONENTS keeps workshop-small" grep -q 'mesh/components/workshop-small$' "$render/workshop-istio/kustomization.yaml"
check "... and is applied" [ "$rc" = 0 ] && [ "$(applied)" = 1 ]
run_step 1 0 STEP=phase-3-vip MESH=istio COMPONENTS=
check "COMPONENTS= forgets it" [ "$rc" = 0 ] && ! grep -q 'workshop-small' "$render/workshop-istio/kustomization.yaml"

# make entry-url: the one ENTRY_URL.
mkdir -p "$work/entry/bin"
cat >"$work/entry/bin/kubectl" <<'EOF2'
#!/bin/sh
case "$*" in *"get service meshdemo-ingress"*) [ -n "${FAKE_SVC:-}" ] || exit 1; printf '%s' "$FAKE_SVC" ;; esac
exit 0
EOF2
chmod 755 "$work/entry/bin/kubectl"
entry_url() { # the fake Service's "type address" (empty: no cluster), ENTRY_URL: output in $out
  rc=0
  out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES PATH="$work/entry/bin:$PATH" FAKE_SVC="$1" ENTRY_URL="$2" \
    "$make_cmd" -s --no-print-directory entry-url 2>/dev/null) || rc=$?
}
entry_url "LoadBalancer a1b2-123.eu-west-1.elb.amazonaws.com" ""
check "entry-url: the load balancer's name" [ "$out" = http://a1b2-123.eu-west-1.elb.amazonaws.com ]
entry_url "LoadBalancer 203.0.113.7" ""
check "entry-url: the load balancer's IP" [ "$out" = http://203.0.113.7 ]
entry_url "LoadBalancer " ""
check "entry-url: a load balancer without an address yet: localhost:8080" [ "$out" = http://localhost:8080 ]
entry_url "NodePort " ""
check "entry-url: kind's NodePort: localhost:8080" [ "$out" = http://localhost:8080 ]
entry_url "" ""
check "entry-url: no cluster: localhost:8080" [ "$out" = http://localhost:8080 ]
entry_url "LoadBalancer a1b2.elb.amazonaws.com" "http://localhost:18080/"
check "entry-url: ENTRY_URL wins (trailing slash dropped)" [ "$out" = http://localhost:18080 ]

# make images: the network of the training containers.
mkdir -p "$work/images/bin"
cat >"$work/images/bin/docker" <<'EOF2'
#!/bin/sh
case "$*" in info*) [ -n "${FAKE_DOCKER_OS:-}" ] || exit 1; echo "$FAKE_DOCKER_OS" ;; esac
exit 0
EOF2
cat >"$work/images/bin/uname" <<'EOF2'
#!/bin/sh
case "$1" in -s) echo "${FAKE_UNAME_S:-Linux}" ;; -m) echo x86_64 ;; *) echo "${FAKE_UNAME_S:-Linux}" ;; esac
EOF2
chmod 755 "$work/images/bin/docker" "$work/images/bin/uname"
images_make() { # docker's OperatingSystem (empty: no engine), uname -s, make arguments...: output in $out, status in $rc
  os=$1 kernel=$2; shift 2
  rc=0
  out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u IMAGES_NETWORK -u AOT \
    PATH="$work/images/bin:$PATH" FAKE_DOCKER_OS="$os" FAKE_UNAME_S="$kernel" \
    "$make_cmd" -s --no-print-directory "$@" 2>&1) || rc=$?
}
images_make "Docker Desktop" Darwin images-network
check "Docker Desktop on macOS: desktop" [ "$out" = desktop ]
images_make "Docker Desktop" Linux images-network
check "Docker Desktop on Linux: desktop" [ "$out" = desktop ]
images_make "Ubuntu 24.04.1 LTS" Darwin images-network
check "another engine on macOS (a VM, e.g. colima): desktop" [ "$out" = desktop ]
images_make "Debian GNU/Linux 12 (bookworm)" Linux images-network
check "a Linux engine: host" [ "$out" = host ]
images_make "" Linux images-network
check "no engine answering, Linux: host (docker-up says what is missing)" [ "$out" = host ]
images_make "Docker Desktop" Darwin images-network IMAGES_NETWORK=host
check "IMAGES_NETWORK=host overrides" [ "$out" = host ]
images_make "Docker Desktop" Darwin images-network IMAGES_NETWORK=bridge
check "IMAGES_NETWORK=bridge: refused" [ "$rc" = 2 ] && has "IMAGES_NETWORK must be host or desktop"
images_make "Docker Desktop" Darwin -n images-aot JDK25_HOME=/opt/jdk25
check "desktop reaches Maven: the default bridge and host.docker.internal" \
  has "-Dimages.container-network=bridge -Dimages.service-host=host.docker.internal"
images_make "Debian GNU/Linux 12 (bookworm)" Linux -n images-aot JDK25_HOME=/opt/jdk25
check "host reaches Maven: host networking and 127.0.0.1" has "-Dimages.container-network=host -Dimages.service-host=127.0.0.1"
images_make "Docker Desktop" Darwin -n images-aot JDK25_HOME=
check "no JDK 25: says so and names AOT=off" has "make images AOT=off"
images_make "Docker Desktop" Darwin images AOT=maybe
check "AOT=maybe: refused" [ "$rc" = 2 ] && has "AOT must be on or off"
images_make "Docker Desktop" Darwin -n images-jib
check "AOT=off: Jib only, no failsafe run" has "package -DskipTests -Dquarkus.container-image.build=true" && lacks "-Pimages"

summary
