#!/bin/sh
# format.sh - TAP: every C file of the tree is formatted as .clang-format says (make format fixes it).
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
if ! command -v clang-format >/dev/null 2>&1; then
	echo "1..0 # SKIP clang-format is not installed"
	exit 0
fi
n=0
for f in src/*.c src/*.h src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h; do
	n=$((n + 1))
	if clang-format --style=file "$f" | cmp -s - "$f"; then
		echo "ok $n - $f is formatted"
	else
		echo "not ok $n - $f is formatted (run make format)"
	fi
done
echo "1..$n"
