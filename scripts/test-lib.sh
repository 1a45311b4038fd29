# shellcheck shell=bash
# What the scripts/test-*.sh share: one line per check, the count at the end, and matchers on a case's output
# ($out). Sourced (`. scripts/test-lib.sh` from the repository root); bash 3.2 portable.
passed=0 failed=0 out=""

check() { # name, then a command that must succeed
  name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
has() { case $out in *"$1"*) return 0 ;; *) echo "  expected '$1' in: $out"; return 1 ;; esac; }
lacks() { case $out in *"$1"*) echo "  unexpected '$1' in: $out"; return 1 ;; *) return 0 ;; esac; }
# The last line of a test script: the count, and its status.
summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
