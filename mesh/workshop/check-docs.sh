#!/usr/bin/env bash
# check-docs: the workshop pages must not drift from the project. Fails when
#   - a `make <target>` quoted in code (fenced blocks or inline code) is not a target `make help` lists,
#   - a path under mesh/ or scripts/ quoted anywhere does not exist,
#   - a phase page lacks its `make phase-N-check` / `make phase-N-reset`, or its "The check runs:" line does
#     not name exactly the scenarios phase.sh runs for that phase.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
failed=0 passed=0
ok() { echo "PASS $1 $2"; passed=$((passed + 1)); }
ko() { echo "FAIL $1 $2"; failed=$((failed + 1)); }

targets=$(make -C "$repo" --no-print-directory -s help | sed 's/\x1b\[[0-9;]*m//g' | awk '{ print $1 }' | sort -u)
[ -n "$targets" ] || { echo "FAIL make-help no targets listed"; echo "0 passed, 1 failed"; exit 1; }

# listed TARGET: a target of make help, or an instance of a pattern target (scenario-% -> scenario-canary,
# whose script mesh/scenarios/canary.sh must then exist)
listed() {
  local t pattern
  grep -qx -- "$1" <<<"$targets" && return 0
  while read -r t; do
    [[ $t == *%* ]] || continue
    pattern=${t//%/*}
    # shellcheck disable=SC2053  # the pattern is meant to glob
    if [[ $1 == $pattern ]]; then
      [ "$t" != scenario-% ] || [ -x "$repo/mesh/scenarios/${1#scenario-}.sh" ] || return 1
      return 0
    fi
  done <<<"$targets"
  return 1
}

# code_of FILE: the text of fenced blocks and inline code spans, one piece per line
code_of() {
  awk '/^```/ { fenced = !fenced; next } fenced { print; next } { while (match($0, /`[^`]+`/)) { print substr($0, RSTART + 1, RLENGTH - 2); $0 = substr($0, RSTART + RLENGTH) } }' "$1"
}

pages=("$here"/*.md)
for page in "${pages[@]}"; do
  name=${page#"$repo"/}
  while read -r target; do
    [ -n "$target" ] || continue
    if listed "$target"; then ok "$name:make-$target" "listed by make help"
    else ko "$name:make-$target" "not a target of make help"; fi
  # "make phase-N-check" in prose stands for phases 1..6: checked as phase-1-check.
  done < <(code_of "$page" | grep -oE '(^|[;&| ])make [a-zA-Z0-9][a-zA-Z0-9-]*' | awk '{ print $2 }' |
           sed 's/-N-/-1-/' | sort -u)
  while read -r path; do
    [ -n "$path" ] || continue
    if [ -e "$repo/$path" ]; then ok "$name:$path" "exists"
    # Output folders the tools create (results, logs) are named in .gitignore rather than committed.
    elif git -C "$repo" check-ignore -q "${path%/}/" 2>/dev/null; then ok "$name:$path" "an output location (gitignored)"
    else ko "$name:$path" "does not exist"; fi
  done < <(grep -oE '(^|[^A-Za-z0-9_./-])(mesh|scripts|docs)/[A-Za-z0-9_./-]*[A-Za-z0-9_-]' "$page" |
           sed -E 's/^[^msd]*//' | sort -u)
done

for n in 1 2 3 4 5 6; do
  matches=("$here"/phase-"$n"-*.md)
  page=${matches[0]}
  [ -e "$page" ] || { ko "phase-$n" "no page mesh/workshop/phase-$n-*.md"; continue; }
  name=${page#"$repo"/}
  for t in check reset; do
    if code_of "$page" | grep -q "make phase-$n-$t"; then ok "$name:phase-$n-$t" "quoted"
    else ko "$name:phase-$n-$t" "the page does not quote make phase-$n-$t"; fi
  done
  # The paragraph that starts with "The check runs:" (it may wrap over several lines).
  documented=$(awk '/^The check runs:/ { on = 1 } on && /^$/ { exit } on' "$page" | grep -oE 'mesh/scenarios/[a-z-]+\.sh' | sed -E 's|mesh/scenarios/||; s|\.sh$||' | sort | tr '\n' ' ')
  actual=$("$here/phase.sh" scripts "$n" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
  if [ "$documented" = "$actual" ]; then ok "$name:check-runs" "$actual"
  else ko "$name:check-runs" "page says [$documented], phase.sh runs [$actual]"; fi
done
printf '%s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
