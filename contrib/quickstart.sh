#!/bin/sh
# quickstart.sh - from a fresh Debian 12 checkout to check_soa running against the bundled demo lab.
#
# Usage (as root, from the source tree): sh contrib/quickstart.sh
# Installs the build and lab dependencies, builds check_soa (out of tree, in
# _build/quickstart), then starts a few real nameservers (NSD, Knot, BIND,
# Unbound) in a private network namespace, one of them lagging and one
# unreachable, runs check_soa against them and stops them again.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
build=$top/_build/quickstart

sh contrib/install-deps.sh --demo
[ -f configure ] || autoreconf -fi
if [ -f config.status ]; then
	echo "quickstart.sh: using the tree's own build (./configure was run here)"
	make -j"$(nproc)"
	exec bash tests/lab/demo.sh "$top/check_soa"
fi
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || "$top/configure" -q
make -j"$(nproc)"
exec bash "$top/tests/lab/demo.sh" "$build/check_soa"
