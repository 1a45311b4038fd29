#!/usr/bin/env bash
# Prints the home of a JDK >= 21, preferring JAVA_HOME, then `java` on the PATH, then the usual install
# places (Homebrew's openjdk and openjdk@N kegs included). Exits 1 with a message naming what to install when
# there is none: the default `java` on many machines is still 17, and the suite targets Java 21.
# `find-jdk.sh --exact 25`: a JDK 25 exactly (what trains the images' AOT cache, mk/images.mk).
# Portable: bash 3.2 and BSD userland (macOS).
set -euo pipefail
min=21 exact=""
if [ "${1:-}" = --exact ]; then exact=${2:?usage: find-jdk.sh [--exact N]}; min=$exact; fi

# Follows symbolic links to the file itself (readlink -f is GNU only).
resolve() {
  f=$1
  while [ -L "$f" ]; do
    target=$(readlink "$f")
    case $target in /*) f=$target ;; *) f=$(dirname "$f")/$target ;; esac
  done
  echo "$f"
}

major_of() { # $1 = java home; prints the feature version of its `java`
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version =/ {print $2; exit}'
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(resolve "$(command -v java)")")")")
fi
# macOS: /usr/bin/java is a stub; java_home knows the installed JDKs (Temurin, Homebrew's openjdk@21 ...).
if [ -x /usr/libexec/java_home ]; then
  if [ -n "$exact" ]; then v=$exact; else v="$min+"; fi
  home=$(/usr/libexec/java_home -v "$v" 2>/dev/null || true)
  [ -z "$home" ] || candidates+=("$home")
fi
for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
  /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
  /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
  [ -d "$dir" ] && candidates+=("$dir")
done

best="" best_major=0
for home in ${candidates[@]+"${candidates[@]}"}; do # (empty arrays trip set -u in bash < 4.4)
  if [ ! -x "$home/bin/java" ] || [ ! -x "$home/bin/javac" ]; then continue; fi
  major=$(major_of "$home" || true)
  [[ "$major" =~ ^[0-9]+$ ]] || continue
  if [ -n "$exact" ]; then [ "$major" = "$exact" ] && { best=$home; break; }; continue; fi
  # JAVA_HOME wins when it is new enough; otherwise take the newest JDK found.
  if [ "$home" = "${JAVA_HOME:-}" ] && [ "$major" -ge "$min" ]; then best=$home; break; fi
  if [ "$major" -gt "$best_major" ]; then best=$home best_major=$major; fi
done

if [ -n "$exact" ] && [ -z "$best" ]; then
  echo "error: no JDK $exact found (JAVA_HOME='${JAVA_HOME:-}'). Install one (macOS: 'brew install openjdk@$exact';" >&2
  echo "       Linux: Temurin $exact from https://adoptium.net/installation/linux/), or set JDK${exact}_HOME." >&2
  exit 1
fi
if [ -z "$best" ] || [ "$(major_of "$best")" -lt "$min" ]; then
  echo "error: no JDK >= $min found (JAVA_HOME='${JAVA_HOME:-}', java on PATH: $(java -version 2>&1 | head -1 || echo none))." >&2
  echo "       Install one (macOS: 'brew install --cask temurin@21'; Debian 13/Ubuntu 24.04: 'apt-get install openjdk-21-jdk-headless';" >&2
  echo "       Debian 12: Temurin 21 from https://adoptium.net/installation/linux/), or set JAVA_HOME." >&2
  exit 1
fi
echo "$best"
