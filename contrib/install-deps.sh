#!/bin/sh
# install-deps.sh - install what check_soa needs to build and test, from the Debian archive (run as root).
#
# Usage: contrib/install-deps.sh [--build-only | --demo]
#   (no option)   everything the whole test suite needs
#   --build-only  the compiler, autotools and libldns-dev
#   --demo        those and the DNS daemons of the lab (contrib/quickstart.sh)
# Daemons installed for the test lab (nsd, knot, unbound, bind9) are kept from
# starting: a policy-rc.d that denies starts is in place during the install.
set -eu

BUILD="build-essential autoconf automake pkg-config libldns-dev"
LAB="ldnsutils nsd knot knot-dnsutils unbound bind9 bind9-dnsutils iproute2 python3"
TOOLS="faketime icinga2 nagios4-core valgrind clang clang-format libclang-rt-14-dev strace jq groff-base"

case "${1:-}" in
--build-only) packages="$BUILD" ;;
--demo) packages="$BUILD $LAB" ;;
"") packages="$BUILD $LAB $TOOLS" ;;
*)
	echo "install-deps.sh: unknown option $1 (see the comment at the top)" >&2
	exit 2
	;;
esac

if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (apt-get install)" >&2
	exit 1
fi

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps.sh: all packages present"
	exit 0
fi

policy=/usr/sbin/policy-rc.d
made_policy=no
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# installed by check_soa contrib/install-deps.sh: no daemon starts\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	made_policy=yes
fi
cleanup() { [ "$made_policy" = no ] || rm -f "$policy"; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
echo "install-deps.sh: installing$missing"
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps.sh: done"
