#!/bin/sh
# need.sh build|bench|test: makes sure the Debian packages a make target needs are installed.
# Missing ones are installed with apt-get when we are root (what `make deps` does, for just the
# missing packages); otherwise the one command to run is printed and the exit status is 2.
# SB_NO_INSTALL=1 never installs (it only names what is missing, exit 2).
# need.sh --list build|bench|test prints the packages of that level (the Makefile's DEB_PKGS).
# The Makefile calls it while it reads itself, before it asks pkg-config for flags, so a target
# that installed its packages builds with them in the same `make`.
set -u
build="build-essential pkg-config liburcu-dev libbenchmark-dev libhwloc-dev"
list=0
if [ "${1:-}" = --list ]; then list=1; shift; fi
case "${1:-}" in
build) want="$build" ;;
bench) want="$build gnuplot-nox python3" ;;
test)  want="$build libcriterion-dev gnuplot-nox python3 file chromium chromium-driver hwloc parallel rsync openssh-server openssh-client" ;;
*) echo "usage: need.sh [--list] build|bench|test" >&2; exit 2 ;;
esac
if [ "$list" = 1 ]; then echo $want; exit 0; fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $want; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
    done
else
    # not a Debian system: check the commands and pkg-config modules instead
    command -v cc >/dev/null 2>&1 || missing="$missing build-essential"
    command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
    for m in liburcu-memb:liburcu-dev benchmark:libbenchmark-dev hwloc:libhwloc-dev; do
        pkg-config --exists "${m%%:*}" 2>/dev/null || missing="$missing ${m#*:}"
    done
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || [ "${SB_NO_INSTALL:-0}" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "syncbench: missing Debian packages:$missing; install them with: sudo apt-get install -y$missing" >&2
    exit 2
fi
echo "syncbench: installing the missing Debian packages:$missing" >&2
# apt's output goes to stderr: make reads this script's standard output
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } 1>&2 || {
    echo "syncbench: apt-get could not install:$missing" >&2
    exit 2
}
exit 0
