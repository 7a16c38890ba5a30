#!/bin/sh
# quickstart.sh - from a fresh Debian 12 checkout to check_soa running against the bundled demo lab.
#
# Usage (as root, from the source tree): sh contrib/quickstart.sh
# Installs the build and lab dependencies, builds check_soa, then starts a few
# real nameservers (NSD, Knot, BIND, Unbound) in a private network namespace,
# one of them lagging and one unreachable, and runs check_soa against them.
set -eu
cd "$(dirname "$0")/.."

sh contrib/install-deps.sh
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"
exec bash tests/lab/demo.sh "$PWD/check_soa"
