#!/usr/bin/env bash
# `make bench BASELINE=<git ref>`: the images of the build to measure this checkout against. Built by that ref's
# own `make images`, in a detached git worktree of it (target/bench-baseline/<short>, removed afterwards), and
# tagged meshdemo/<service>:<tag>-<short> beside the checkout's meshdemo/<service>:<tag>. A set that is already
# in the Docker daemon is reused: the tag names the commit, and training the AOT caches costs minutes of every core.
# Prints the baseline's tag on stdout (everything else goes to stderr).
# Usage: scripts/bench-baseline-images.sh REF TAG IMAGES_BASE
set -euo pipefail
cd "$(dirname "$0")/.."

ref=${1:?usage: bench-baseline-images.sh REF TAG IMAGES_BASE}
tag=${2:?usage: bench-baseline-images.sh REF TAG IMAGES_BASE}
images_base=${3:?usage: bench-baseline-images.sh REF TAG IMAGES_BASE}
short=$(git rev-parse --short=7 "$ref^{commit}") || { echo "error: BASELINE=$ref is not a commit of this repository" >&2; exit 2; }
baseline_tag=$tag-$short
services="product-service cart-service order-service user-service exam-service"

have_all() {
  local s
  for s in $services; do docker image inspect "meshdemo/$s:$baseline_tag" >/dev/null 2>&1 || return 1; done
}

if have_all; then
  echo "bench: the baseline images meshdemo/<service>:$baseline_tag are in the Docker daemon; reusing them" >&2
else
  dir=target/bench-baseline/$short
  [ ! -e "$dir" ] || git worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
  git worktree prune
  mkdir -p target/bench-baseline
  git worktree add --detach "$dir" "$short" >&2
  echo "bench: building the baseline images meshdemo/<service>:$baseline_tag in $dir (log: $dir.log)" >&2
  # The ref's own Makefile and poms build its images; the variables of the `make bench` that called this stay out.
  if ! env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$dir" images IMAGE_TAG="$baseline_tag" IMAGES_BASE="$images_base" >"$dir.log" 2>&1; then
    tail -30 "$dir.log" >&2
    echo "error: building the images of $ref failed (worktree kept: $dir; log: $dir.log)" >&2
    exit 1
  fi
  git worktree remove --force "$dir"
  have_all || { echo "error: $ref's make images did not tag meshdemo/<service>:$baseline_tag" >&2; exit 1; }
fi
echo "$baseline_tag"
