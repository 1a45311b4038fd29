#!/usr/bin/env bash
# Builds the JDK 25 runtime base image that tests use on machines that cannot reach a container registry:
# a minimal Debian 12 (debootstrap, from Debian's own package mirror) plus this machine's JDK 25 under
# /opt/java/openjdk, the layout of eclipse-temurin:25-jre (the base users get, see docs/CONFIGURATION.md),
# imported into the local Docker daemon. Jib takes it from there (docker://<image>).
# Usage: scripts/build-test-base-image.sh <image> <jdk home>   (root; skips the work when <image> exists)
set -euo pipefail

image=${1:?usage: build-test-base-image.sh <image> <jdk home>}
jdk=${2:?usage: build-test-base-image.sh <image> <jdk home>}
work=target/base-image
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image is already in the Docker daemon"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "error: building $image needs root (debootstrap). On a machine that reaches a registry, use the upstream base instead." >&2
  exit 1
fi
version=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "$version" != 25 ]; then
  echo "error: $jdk is Java '$version', the images need a JDK 25 runtime" >&2
  exit 1
fi
command -v debootstrap >/dev/null 2>&1 || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}

rootfs=$work/rootfs
if [ ! -x "$rootfs/bin/bash" ]; then
  rm -rf "$rootfs"
  mkdir -p "$work"
  echo "debootstrap $suite (minbase) into $rootfs (log: $work/debootstrap.log)"
  debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
fi

# The runtime: the JDK without what only development needs (headers, man pages, sources).
rm -rf "$rootfs/opt/java/openjdk"
mkdir -p "$rootfs/opt/java/openjdk"
tar -C "$jdk" --exclude=./include --exclude=./man --exclude=./lib/src.zip --exclude=./jmods -cf - . \
  | tar -C "$rootfs/opt/java/openjdk" -xf -
# Nothing the image does at run time needs apt's lists or caches.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb

echo "importing $rootfs as $image"
tar -C "$rootfs" --numeric-owner -cf - . | docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["jshell"]' \
  - "$image" >/dev/null
docker run --rm --network host "$image" java -version
