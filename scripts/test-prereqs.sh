#!/usr/bin/env bash
# Tests of scripts/prereqs.sh (the first step of `make test`), with a PATH that holds only the basic
# userland plus stubs, so the machine's own tools do not leak in:
#   - nothing installed: every tool is named, with the apt-get line (Linux) or the brew lines (macOS);
#   - tools present or too old (kubectl 1.20) are told apart;
#   - as root with apt-get: installs exactly the missing packages, then passes; what apt cannot provide
#     is still reported;
#   - as a non-root user (really, through runuser/su when this runs as root): stops within 30 s naming
#     what to install, and never calls apt-get.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/test-lib.sh
. scripts/test-lib.sh


# A bin directory with the basic userland only (what a bare machine has) and the stubs of one case.
make_bin() {
  bin=$work/$1/bin
  mkdir -p "$bin"
  for tool in bash sh env dirname basename uname id sed grep awk tr cat printf head sort mkdir mktemp rm chmod touch sleep; do
    p=$(command -v "$tool" 2>/dev/null) && [ -x "$p" ] && ln -sf "$p" "$bin/$tool"
  done
  chmod 755 "$work" "$work/$1" "$bin"
  echo "$bin"
}
stub() { # bin, name, body (a shell snippet); replaces a link without writing through it
  rm -f "$1/$2"
  printf '#!/bin/sh\n%s\n' "$3" >"$1/$2"
  chmod 755 "$1/$2"
}
run_prereqs() { # bin, args...: runs with that PATH, output in $out, status in $rc
  bin=$1; shift
  rc=0
  out=$(env -i HOME="$work" PATH="$bin" PREREQS_INSTALL="${PREREQS_INSTALL:-yes}" bash "$root/scripts/prereqs.sh" "$@" 2>&1) || rc=$?
}

# 1. Nothing installed, Linux, check only.
bin=$(make_bin bare)
run_prereqs "$bin" --check kubectl shellcheck wrk curl jq
check "bare: fails" [ "$rc" = 1 ]
check "bare: names every tool" has "missing: kubectl shellcheck wrk curl jq"
check "bare: apt-get line" has "sudo apt-get install -y shellcheck wrk curl jq"
check "bare: kubectl hint (no Debian package)" has "kubectl >= 1.31 (https://kubernetes.io/docs/tasks/tools/)"

# 2. macOS: the brew lines, formulas and casks apart.
bin=$(make_bin mac)
stub "$bin" uname 'echo Darwin'
run_prereqs "$bin" docker kubectl wrk jq pyyaml
check "mac: fails without installing" [ "$rc" = 1 ]
check "mac: brew formulas" has "brew install kubernetes-cli wrk jq pyyaml"
check "mac: brew casks" has "brew install --cask docker"
check "mac: no apt-get" lacks "apt-get"

# 3. Present tools are not listed; a kubectl older than 1.31 is.
bin=$(make_bin some)
stub "$bin" wrk 'exit 0'
stub "$bin" jq 'exit 0'
stub "$bin" kubectl 'echo "Client Version: v1.20.2"'
run_prereqs "$bin" --check kubectl wrk jq curl
check "some: lists only what is missing or too old" has "missing: kubectl curl"
stub "$bin" kubectl 'echo "Client Version: v1.34.1"'
stub "$bin" curl 'exit 0'
run_prereqs "$bin" --check kubectl wrk jq curl
check "some: all present passes silently" [ "$rc" = 0 ] && [ -z "$out" ]

# 4. Root with apt-get (stubs that record the calls and "install" by creating the tool).
if [ "$(id -u)" = 0 ]; then
  bin=$(make_bin apt)
  stub "$bin" apt-get "echo \"apt-get \$*\" >>$work/apt.log
case \"\$*\" in *install*) for p in \"\$@\"; do case \$p in -*|install) ;; *) printf '#!/bin/sh\n' >$bin/\$p; chmod 755 $bin/\$p ;; esac; done ;; esac"
  # shellcheck disable=SC2016  # expanded by the stub
  stub "$bin" apt-cache 'case $2 in wrk|jq) echo "  Candidate: 1.0" ;; *) echo "  Candidate: (none)" ;; esac'
  run_prereqs "$bin" wrk jq
  check "root: installs the missing packages and passes" [ "$rc" = 0 ]
  check "root: one apt-get install of exactly those" grep -qx 'apt-get install -y -qq --no-install-recommends wrk jq' "$work/apt.log"
  run_prereqs "$bin" wrk notapackage
  check "root: what apt cannot provide is still reported" has "missing: notapackage"
  check "root: fails then" [ "$rc" = 1 ]
fi

# 5. A real non-root user: stops at once, names the tools, never calls apt-get.
user=""
if [ "$(id -u)" = 0 ]; then
  for u in nobody daemon; do id "$u" >/dev/null 2>&1 && { user=$u; break; }; done
fi
if [ -n "$user" ] && command -v runuser >/dev/null 2>&1; then
  bin=$(make_bin nonroot)
  stub "$bin" apt-get "touch $work/apt-called"
  # The user runs a copy in the work directory (made readable by make_bin): the checkout may sit under a
  # private home (/root is mode 700) that the unprivileged user cannot enter.
  mkdir -p "$work/nonroot/scripts"
  cp scripts/prereqs.sh scripts/find-jdk.sh "$work/nonroot/scripts/"
  chmod 755 "$work/nonroot/scripts" "$work/nonroot/scripts/prereqs.sh" "$work/nonroot/scripts/find-jdk.sh"
  start=$(date +%s)
  rc=0
  out=$(runuser -u "$user" -- env -i HOME=/ PATH="$bin" bash "$work/nonroot/scripts/prereqs.sh" shellcheck wrk curl jq 2>&1) || rc=$?
  took=$(($(date +%s) - start))
  check "non-root ($user): fails" [ "$rc" = 1 ]
  check "non-root: within 30 s (took ${took} s)" [ "$took" -lt 30 ]
  check "non-root: names what to install" has "sudo apt-get install -y shellcheck wrk curl jq"
  check "non-root: never calls apt-get" [ ! -e "$work/apt-called" ]
else
  echo "skip non-root case (needs root and runuser to switch to an unprivileged user)"
fi

summary
