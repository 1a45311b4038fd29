#!/usr/bin/env bash
# Tests of scripts/check-portable.sh: each rule below must refuse its construct (the negative case) and let the
# portable way (or a line that says portable-ok) through.
# shellcheck disable=SC2016  # the fixtures are literal script text
set -eu
cd "$(dirname "$0")/.."
# The fixtures spell the refused constructs in two pieces ('sha256''sum'), so this file passes the check itself.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/test-lib.sh
. scripts/test-lib.sh

# file name, its lines: runs the check on it; output in $out, status in $rc
portable() {
  f=$work/$1; shift
  printf '%s\n' "$@" >"$f"
  rc=0
  out=$(scripts/check-portable.sh "$f" 2>&1) || rc=$?
}

portable sum.sh '#!/usr/bin/env bash' 'sum=$(sha256''sum < "$1" | cut -d" " -f1)'
check "unguarded sha256 sum: refused" [ "$rc" = 1 ]
check "unguarded sha256 sum: says what to use" has "macOS has shasum -a 256"
portable sum.mk 'x:' '	@[ "$$(sha256''sum < a)" = b ]'
check "unguarded sha256 sum in a Makefile recipe: refused" [ "$rc" = 1 ]
portable guarded.sh '#!/usr/bin/env bash' 'if command -v sha256''sum >/dev/null; then sha256''sum "$1"; else shasum -a 256 "$1"; fi'
check "sha256 sum with the shasum fallback on its line: passes" [ "$rc" = 0 ]
portable image.mk 'SUM := sha256''sum# portable-ok: runs inside the Linux image'
check "sha256 sum marked portable-ok: passes" [ "$rc" = 0 ]
portable name.sh '#!/usr/bin/env bash' 'echo my-sha256''sums.txt'
check "a longer name containing the word: passes" [ "$rc" = 0 ]
portable readlink.sh '#!/usr/bin/env bash' 'd=$(readlink'' -f "$0")'
check "readlink: refused" [ "$rc" = 1 ] && has "resolve links in a loop"
portable assoc.sh '#!/usr/bin/env bash' 'declare'' -A seen'
check "associative array: refused" [ "$rc" = 1 ] && has "bash 4"
portable fine.sh '#!/usr/bin/env bash' 'echo "$(date +%s)"'
check "portable script: passes" [ "$rc" = 0 ]

summary
