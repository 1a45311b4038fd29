#!/usr/bin/env bash
# Makes sure a Docker engine answers: on a user's machine Docker is already there and this only checks it;
# on a bare Debian CI machine (root, no engine) it installs Debian's docker.io and starts dockerd itself.
# The daemon started here has no bridge network and leaves iptables alone: the project's containers use
# --network host only, so every connection stays on 127.0.0.1.
# Exit 0 when `docker info` answers; 1 when there is no engine and this script may not install one (not root,
# not Debian: a user machine without Docker); 2 when it installed or started one and that failed.
set -euo pipefail

log_dir=${DOCKERD_LOG_DIR:-target/docker}

engine_answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no Docker engine answers. Start Docker Desktop / the docker service (https://docs.docker.com/get-docker/)." >&2
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "installing Debian's docker.io (dockerd, containerd, runc)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; } \
    || { echo "error: installing docker.io failed" >&2; exit 2; }
fi

if ! pidof dockerd >/dev/null 2>&1; then
  mkdir -p "$log_dir"
  echo "starting dockerd (log: $log_dir/dockerd.log)"
  # setsid: the daemon outlives this script and the make that called it, as a system service would.
  flags=(--bridge=none --iptables=false --ip-masq=false)
  setsid dockerd "${flags[@]}" >"$log_dir/dockerd.log" 2>&1 </dev/null & # portable-ok: root on Debian only (apt-get above)
fi

for _ in $(seq 1 60); do
  engine_answers && { docker version --format 'Docker engine {{.Server.Version}} is up'; exit 0; }
  sleep 1
done
echo "error: dockerd did not answer within 60 s; see $log_dir/dockerd.log" >&2
exit 2
