#!/usr/bin/env bash
# Fails on what breaks the given bash scripts or Makefiles on macOS: bash 4+ features (macOS ships bash
# 3.2) and GNU-only userland (macOS has BSD tools). shellcheck does not know the bash version, so this
# complements it. A line that has to keep a construct says why with "portable-ok: <reason>"; a script that
# only makes sense on Linux (e.g. it starts dockerd) says "# portable: linux-only (<reason>)" near its top
# and should check `uname -s` itself.
#   scripts/check-portable.sh file...
set -eu

# pattern (extended regex) [!! a pattern that makes the same line fine] | what to use instead
# shellcheck disable=SC2016  # the patterns are literal
rules='
declare -A|local -A|typeset -A  | associative arrays are bash 4: use a case statement or parallel lists
(^|[^[:alnum:]_])(mapfile|readarray)[[:space:]] | mapfile/readarray are bash 4: use a while-read loop
wait -n | wait -n is bash 4.3: poll the pids with kill -0
\$\{[a-zA-Z_][a-zA-Z0-9_]*(,,|\^\^) | case conversion is bash 4: use tr
\[\[ -v  | [[ -v is bash 4.2: use ${var+set}
\$\{[a-zA-Z_][a-zA-Z0-9_]*\[-[0-9] | negative array indexes are bash 4.3
\|&|&>> | the pipe-stderr and append-both operators are bash 4: use 2>&1
(^|[^[:alnum:]_])coproc[[:space:]] | coproc is bash 4
EPOCHREALTIME|EPOCHSECONDS | EPOCH* are bash 5: use date +%s
(^|[^[:alnum:]_-])setsid[[:space:]] | setsid is util-linux only: use set -m / a process group
readlink -f | readlink -f is GNU: resolve links in a loop
date [^|;]*\+[^ ]*%N | date +%N is GNU: use date +%s or a JVM/perl clock
sed -i[[:space:]]|sed -i$|sed --in-place | sed -i needs a suffix argument on BSD: sed -i.bak ... && rm ...bak, or write a temp file
(^|[^[:alnum:]_-])grep [^|;]*-[a-zA-Z]*P | grep -P is GNU only: use grep -E
(^|[^[:alnum:]_-])(nproc|timeout|stdbuf|tac)[[:space:]] | GNU coreutils only: use getconf _NPROCESSORS_ONLN / a background kill
stat -c|stat --format | stat -c is GNU: use wc -c / ls
xargs [^|;]*-r | xargs -r is GNU
sort [^|;]*-V | sort -V is not in every BSD sort
/proc/ | /proc is Linux only: use ps
(^|[^[:alnum:]_-])(ss|ip|free)[[:space:]]+- | Linux-only tools
(^|[^[:alnum:]_-])sha256sum([^[:alnum:]_-]|$) !! shasum -a 256 | sha256sum is GNU coreutils (macOS has shasum -a 256): use whichever exists, e.g. command -v sha256sum || shasum -a 256 on the same line
'

bad=0
for file in "$@"; do
  [ -f "$file" ] || continue
  [ "$file" -ef "$0" ] && continue # its rules name the constructs
  if head -5 "$file" | grep -q '^# portable: linux-only'; then echo "skip $file (linux-only)"; continue; fi
  while IFS= read -r rule; do
    [ -n "$rule" ] || continue
    pattern=${rule% | *}
    advice=${rule##* | }
    unless='portable-ok:'
    case $pattern in *' !! '*) unless="portable-ok:|${pattern##* !! }"; pattern=${pattern% !! *} ;; esac
    pattern=$(printf '%s' "$pattern" | sed 's/[[:space:]]*$//')
    hits=$(grep -nE -- "$pattern" "$file" | grep -vE -- "$unless" | grep -vE '^[0-9]+:[[:space:]]*#' || true)
    if [ -n "$hits" ]; then
      printf '%s\n' "$hits" | while IFS= read -r hit; do echo "$file:$hit"; echo "    -> $advice"; done
      bad=1
    fi
  done <<EOF
$rules
EOF
done
if [ $bad = 1 ]; then
  echo "error: not portable to bash 3.2 / BSD userland (macOS); see above" >&2
  exit 1
fi
echo "portable (bash 3.2, BSD userland): $# files"
