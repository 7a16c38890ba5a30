#!/bin/bash
# manpage.sh - doc/check_soa.1 matches `check_soa --help`: the same options (short and long), the same version; groff-clean.
set -u
. "$(dirname "$0")/lib.sh"
MAN=$top_srcdir/doc/check_soa.1
need_check_soa
[[ -r $MAN ]] || skip_all "$MAN is missing"

# The options of --help: lines " -x, --long[=ARG]" or " --long[=ARG]", as "-x --long" / "--long".
help_options() {
	"$CHECK_SOA" --help | sed -nE 's/^ (-([A-Za-z0-9]), )?--([a-z0-9-]+).*/\2 \3/p' |
		sed -E 's/^([^ ]+) /-\1 --/; s/^ /--/' | sort
}

# The options of the man page: the tag line after each .TP of the OPTIONS section, de-roffed.
man_options() {
	awk '/^\.SH /{ in_opts = ($2 == "OPTIONS") } in_opts && tp { print; tp = 0 } /^\.TP/{ tp = 1 }' "$MAN" |
		sed -E 's/\\f[BIRP]//g; s/\\-/-/g' |
		sed -nE 's/^(-([A-Za-z0-9]), )?--([a-z0-9-]+).*/\2 \3/p' |
		sed -E 's/^([^ ]+) /-\1 --/; s/^ /--/' | sort
}

help=$(help_options)
man=$(man_options)
count=$(wc -l <<<"$help")
ok $(((count >= 20) ? 0 : 1)) "--help lists the options ($count found)" "$help"
diff=$(diff <(echo "$help") <(echo "$man"))
ok $? "the man page documents exactly the options of --help" "< only in --help, > only in the man page"$'\n'"$diff"

for opt in --output-format --extra-opts --nsid --ns-mismatch; do
	grep -qx -- "$opt" <<<"$man"
	ok $? "the man page documents $opt"
done

version=$("$CHECK_SOA" --version | awk '{ print $2 }')
grep -q "^\.TH CHECK_SOA 1 \"[^\"]*\" \"check_soa $version\"" "$MAN"
ok $? "the man page is for version $version"

if command -v groff >/dev/null; then
	warnings=$(groff -man -ww -z "$MAN" 2>&1)
	[[ -z $warnings ]]
	ok $? "groff formats the man page without warnings" "$warnings"
	text=$(groff -man -Tutf8 "$MAN" 2>/dev/null | col -b 2>/dev/null || groff -man -Tascii "$MAN")
	for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" "JSON OUTPUT" "EXTRA OPTIONS" FILES EXAMPLES; do
		grep -q "^$section\$" <<<"$text"
		ok $? "the formatted page has a $section section"
	done
else
	echo "# groff is not installed: formatting not checked"
fi

done_testing
