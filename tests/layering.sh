#!/bin/sh
# layering.sh - TAP: every source file includes only the headers of the stages it may know.
#
# src/ has one folder per stage of the pipeline (doc/layout.md). A stage may use the stages
# before it, never one after it; judge/ and report/ see only data (core/, query/'s RRset table),
# never the network, discovery, the state file or the command line; the options header
# (cli/options.h) is read by the orchestration only (src/*.c), which fills each stage's config.
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top/src" || exit 1

# allowed STAGE: the folders a file of STAGE may include from
allowed() {
	case $1 in
	mp) echo "mp" ;;
	core) echo "core mp" ;;
	net) echo "core mp net" ;;
	servers) echo "core mp net servers" ;;
	query) echo "core mp net servers query" ;;
	judge) echo "core mp query judge" ;;
	state) echo "core mp net judge state" ;;
	report) echo "core mp query judge report" ;;
	cli) echo "core mp query judge cli" ;;
	top) echo "core mp net servers query judge state report cli" ;;
	*) echo "" ;;
	esac
}

n=0
for f in *.[ch] */*.[ch]; do
	case $f in
	*/*) stage=${f%%/*} ;;
	*) stage=top ;;
	esac
	ok=$(allowed "$stage")
	bad=""
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		config.h) continue ;;
		*/*) dir=${inc%%/*} ;;
		*) # a bare name is a header of the file's own folder only
			if [ "$stage" = top ]; then
				[ -f "$inc" ] && continue
			elif [ -f "$stage/$inc" ]; then
				continue
			fi
			bad="$bad $inc"
			continue
			;;
		esac
		case " $ok " in
		*" $dir "*) ;;
		*) bad="$bad $inc" ;;
		esac
		if [ "$inc" = cli/options.h ] && [ "$stage" != top ] && [ "$stage" != cli ]; then
			bad="$bad $inc"
		fi
	done
	n=$((n + 1))
	if [ -z "$bad" ]; then
		echo "ok $n - $f includes only what stage '$stage' may know"
	else
		echo "not ok $n - $f (stage '$stage') includes$bad"
	fi
done
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - no source file found under $top/src"
	n=1
fi
echo "1..$n"
