#!/usr/bin/env bash
# The first step of `make test`: finds every tool the checks need that is missing, installs what it can
# (root + apt-get), and otherwise stops at once with the list and the command that installs them.
#   scripts/prereqs.sh [--check] tool...     tools: java kubectl shellcheck wrk curl jq docker pyyaml hey
# --check (or PREREQS_INSTALL=no) lists and fails without installing anything.
# Portable: bash 3.2 and BSD userland (macOS) as well as Linux.
set -eu

install=${PREREQS_INSTALL:-yes}
if [ "${1:-}" = --check ]; then install=no; shift; fi
kubectl_min=1.31

# One table: tool -> Debian package, Homebrew formula (cask: prefix), where else to get it.
debian_pkg() {
  case $1 in
    java) echo openjdk-21-jdk-headless ;; # Debian 13+; Debian 12 has only 17 (use Temurin's apt repo)
    kubectl) echo "" ;;                     # Debian's kubernetes-client is 1.20: too old
    pyyaml) echo python3-yaml ;;
    *) echo "$1" ;;
  esac
}
brew_pkg() {
  case $1 in
    java) echo cask:temurin@21 ;;
    kubectl) echo kubernetes-cli ;;
    docker) echo cask:docker ;;
    pyyaml) echo pyyaml ;;
    *) echo "$1" ;;
  esac
}
hint() {
  case $1 in
    java) echo "a JDK >= 21 (https://adoptium.net/installation/), or set JAVA_HOME" ;;
    kubectl) echo "kubectl >= $kubectl_min (https://kubernetes.io/docs/tasks/tools/)" ;;
    docker) echo "Docker (https://docs.docker.com/get-docker/)" ;;
    pyyaml) echo "PyYAML for python3 (pip3 install pyyaml)" ;;
    *) echo "$1" ;;
  esac
}

# Present, and new enough where the checks depend on the version.
have() {
  case $1 in
    java) "$(dirname "$0")/find-jdk.sh" >/dev/null 2>&1 ;;
    pyyaml) command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' >/dev/null 2>&1 ;;
    kubectl)
      command -v kubectl >/dev/null 2>&1 || return 1
      minor=$(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: v1\.\([0-9][0-9]*\).*/\1/p')
      [ -n "$minor" ] && [ "$minor" -ge "${kubectl_min#1.}" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=""
for tool in "$@"; do
  have "$tool" || missing="$missing $tool"
done
missing=${missing# }
[ -z "$missing" ] && exit 0

# Whether the package index offers <package> (true where there is no apt-cache to ask).
apt_has() {
  command -v apt-cache >/dev/null 2>&1 || return 0
  apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]'
}

# Prints the install command(s) of this platform for the tools given.
install_line() {
  if [ "$(uname -s)" = Darwin ]; then
    formulas="" casks=""
    for tool in "$@"; do
      p=$(brew_pkg "$tool")
      case $p in cask:*) casks="$casks ${p#cask:}" ;; *) formulas="$formulas $p" ;; esac
    done
    [ -z "$formulas" ] || echo "  brew install$formulas"
    [ -z "$casks" ] || echo "  brew install --cask$casks"
  else
    pkgs=""
    for tool in "$@"; do
      p=$(debian_pkg "$tool")
      if [ -n "$p" ] && apt_has "$p"; then pkgs="$pkgs $p"; fi
    done
    [ -z "$pkgs" ] || echo "  sudo apt-get install -y$pkgs   (Debian/Ubuntu; other distributions: the same names mostly)"
  fi
}

fail() {
  echo "error: make test needs these tools, which are missing: $*" >&2
  echo "Install them with:" >&2
  install_line "$@" >&2
  for tool in "$@"; do
    case $tool in
      java | kubectl | docker | pyyaml) echo "  $tool: $(hint "$tool")" >&2 ;;
      *) if [ "$(uname -s)" != Darwin ] && ! apt_has "$(debian_pkg "$tool")"; then
           echo "  $tool: not in this machine's package index; install it by hand" >&2
         fi ;;
    esac
  done
  exit 1
}

# shellcheck disable=SC2086  # $missing is a list of words
if [ "$install" != yes ] || [ "$(uname -s)" = Darwin ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  fail $missing
fi

# Root on a Debian-like system: install what the package index has, then report what is still missing.
echo "missing: $missing; installing what apt-get has"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "warning: apt-get update failed; trying the package lists as they are" >&2
pkgs=""
for tool in $missing; do
  p=$(debian_pkg "$tool")
  if [ -n "$p" ] && apt_has "$p"; then pkgs="$pkgs $p"; fi
done
# shellcheck disable=SC2086
if [ -n "$pkgs" ]; then
  log=$(mktemp "${TMPDIR:-/tmp}/meshdemo-apt.XXXXXX")
  apt-get install -y -qq --no-install-recommends $pkgs >"$log" 2>&1 || cat "$log" >&2
  rm -f "$log"
fi
still=""
for tool in $missing; do have "$tool" || still="$still $tool"; done
# shellcheck disable=SC2086
[ -z "$still" ] || fail $still
echo "installed:$pkgs"
