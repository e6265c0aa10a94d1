#!/usr/bin/env bash
# Man pages as tests (TAP).
#
#  (a) lint: every page under man/ is clean under `mandoc -Tlint -W warning`
#      (one test per page).
#  (b) options: for every binary in $BIN that has a page man/man1/<tool>.1,
#      every long option that `<tool> --help` shows appears in the page's
#      SYNOPSIS (with its short form, if it has one) and again in the rest
#      of the page (one test per option); and the SYNOPSIS names no long
#      option that --help does not show (one test per page).
#  (c) examples: every command in the EXAMPLES section of every page runs
#      (one test per command).
#
# The EXAMPLES convention (what (c) runs):
#  - Only the EXAMPLES section counts, and in it only text shown literally:
#    the argument of a .Dl line, and the text lines of a .Bd -literal block
#    (at any nesting).  roff escapes are decoded (\e \- \& \(aq \(dq ...);
#    an escape the test does not know is a failure, not a guess.
#  - Such a line is a command when it starts with "$ " (the prompt is
#    dropped) or when its first word is the name of a surveykit tool (a page
#    in man/man1 or a binary in $BIN).  Every other literal line is output
#    and is not checked.  A command whose text ends with a backslash goes on
#    on the next literal line.
#  - A command must exit 0, unless it ends with the shell comment
#    "# exit status N": then it must exit N.  Pipelines run with pipefail,
#    standard input is /dev/null, and each command has 60 seconds.
#  - The commands of one page run in order, with bash, in one scratch
#    directory per page that holds a symbolic link to every top-level entry
#    of the repository: paths such as samples/survey.csv work as from the
#    repository root, and files an example writes into the current directory
#    (part1.csv, state1.csv ...) stay in the scratch directory and are seen
#    by the later commands of the same page.  Examples must not write
#    anywhere else.
#  - A page of a tool that is not built yet (man1/<tool>.1 without
#    $BIN/<tool>) is skipped as a whole, and a command that calls a
#    surveykit tool that is not built is skipped: `ok N - # SKIP ...`.
#
# Environment: ROOT (the repository) and BIN (the built tools, first on
# PATH) as tests/run.sh sets them; run alone, they default to this checkout
# and its build/bin.
. "$(dirname "$0")/../tap.sh"
export PATH
scratch=$tmp

diag() { sed 's/^/# /'; }

pages=()
for p in man/man*/*.[1-9]; do
	[ -f "$p" ] && pages+=("$p")
done

if ! command -v mandoc >/dev/null 2>&1; then
	fail "mandoc is installed (scripts/deps installs it)"
	echo "1..$n"
	exit 0
fi

# Surveykit tool names: the man1 pages and the built binaries.
tools=()
for p in man/man1/*.1; do
	[ -f "$p" ] && { t=${p##*/}; tools+=("${t%.1}"); }
done
for b in "$BIN"/*; do
	[ -f "$b" ] && [ -x "$b" ] && tools+=("${b##*/}")
done
is_tool() {
	local t
	for t in "${tools[@]}"; do [ "$t" = "$1" ] && return 0; done
	return 1
}
built() { [ -x "$BIN/$1" ]; }

# ---- (a) lint --------------------------------------------------------------
for p in "${pages[@]}"; do
	out=$(mandoc -Tlint -W warning "$p" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$out" ]; then
		pass "mandoc -Tlint -W warning $p"
	else
		fail "mandoc -Tlint -W warning $p (status $rc)"
		printf '%s\n' "$out" | head -20 | diag
	fi
done

# ---- (b) every --help option in the page -------------------------------------
# The page as text, one paragraph per line (no wrapping inside an option).
render() { mandoc -Tascii -O width=1000 "$1" | sed 's/.\x08//g'; }
# Lines of the SYNOPSIS section, and of every other section.
section_synopsis() { awk '/^[A-Z]/ { s = ($0 == "SYNOPSIS") ; next } s'; }
section_rest() { awk '/^[A-Z]/ { s = ($0 != "SYNOPSIS" && $0 != "NAME"); next } s'; }
# Whole-word match of an option such as --by or -c.
has_opt() { grep -qE -- "(^|[^-[:alnum:]])$1([^-[:alnum:]]|\$)"; }

for b in "$BIN"/*; do
	[ -f "$b" ] && [ -x "$b" ] || continue
	tool=${b##*/}
	page=man/man1/$tool.1
	if [ ! -f "$page" ]; then
		skip "$tool has no man page ($page) yet"
		continue
	fi
	help=$("$tool" --help 2>&1)
	if [ $? -ne 0 ] || [ -z "$help" ]; then
		fail "$tool --help runs"
		continue
	fi
	text=$(render "$page")
	syn=$(printf '%s\n' "$text" | section_synopsis)
	rest=$(printf '%s\n' "$text" | section_rest)
	longs=()
	# option entries of the help: "  -c, --column NAME  ..." or "      --by COLS  ...",
	# and the packed common options, separated by ";"
	while IFS= read -r line; do
		short=$(printf '%s\n' "$line" | sed -nE 's/^[[:space:]]+(-[[:alnum:]]),[[:space:]]+--.*/\1/p')
		long=$(printf '%s\n' "$line" | sed -nE 's/^[[:space:]]+(-[[:alnum:]],[[:space:]]+)?(--[[:alnum:]][-[:alnum:]]*).*/\2/p')
		[ -n "$long" ] || continue
		longs+=("$long")
		why=""
		printf '%s\n' "$syn" | has_opt "$long" || why="$why, not in SYNOPSIS"
		if [ -n "$short" ] && ! printf '%s\n' "$syn" | has_opt "$short"; then
			why="$why, $short not in SYNOPSIS"
		fi
		printf '%s\n' "$rest" | has_opt "$long" || why="$why, not described outside SYNOPSIS"
		label="$page documents $long${short:+ ($short)}"
		if [ -z "$why" ]; then pass "$label"; else fail "$label${why}"; fi
	done < <(printf '%s\n' "$help" | tr ';' '\n' | grep -E '^[[:space:]]+(-[[:alnum:]],[[:space:]]+)?--[[:alnum:]]')
	stale=""
	for o in $(printf '%s\n' "$syn" | grep -oE -- '--[[:alnum:]][-[:alnum:]]*' | sort -u); do
		found=0
		for l in "${longs[@]}"; do [ "$l" = "$o" ] && found=1; done
		[ $found -eq 1 ] || stale="$stale $o"
	done
	if [ -z "$stale" ]; then
		pass "$page SYNOPSIS has no option that $tool --help lacks"
	else
		fail "$page SYNOPSIS has options that $tool --help lacks:$stale"
	fi
done

# ---- (c) EXAMPLES run ------------------------------------------------------------
# Print "LINE<TAB>CMD" for every literal line of the EXAMPLES section of a
# page (continuations joined), or "LINE<TAB>!message" when a line cannot be
# decoded.
extract() {
	awk '
	function decode(s,    out, c, i, nm, j) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c != "\\") { out = out c; continue }
			c = substr(s, ++i, 1)
			if (c == "e" || c == "\\") out = out "\\"
			else if (c == "-") out = out "-"
			else if (c == "&" || c == "%") out = out ""
			else if (c == " " || c == "~" || c == "0") out = out " "
			else if (c == "\"") return out          # comment
			else if (c == "(" || c == "[") {
				if (c == "(") { nm = substr(s, i + 1, 2); i += 2 }
				else {
					j = index(substr(s, i + 1), "]")
					if (j == 0) { bad = "unterminated \\[ escape"; return out }
					nm = substr(s, i + 1, j - 1); i += j
				}
				if (nm in glyph) out = out glyph[nm]
				else { bad = "unknown escape \\" c nm; return out }
			} else { bad = "unknown escape \\" c; return out }
		}
		return out
	}
	function emit(line, text) {
		if (bad != "") { print line "\t!" bad; bad = ""; pend = ""; return }
		if (pend != "") { text = pend text; line = pline; pend = "" }
		if (text ~ /\\$/) { pend = substr(text, 1, length(text) - 1); pline = line; return }
		print line "\t" text
	}
	BEGIN {
		glyph["aq"] = "\047"; glyph["dq"] = "\""; glyph["ga"] = "`"
		glyph["ti"] = "~"; glyph["ha"] = "^"; glyph["rs"] = "\\"
		glyph["ba"] = "|"; glyph["sl"] = "/"; glyph["at"] = "@"
		glyph["sh"] = "#"; glyph["Do"] = "$"; glyph["lB"] = "["
		glyph["rB"] = "]"; glyph["lC"] = "{"; glyph["rC"] = "}"
		glyph["la"] = "<"; glyph["ra"] = ">"; glyph["hy"] = "-"
		glyph["mi"] = "-"; glyph["pl"] = "+"; glyph["eq"] = "="
		glyph["em"] = "--"; glyph["en"] = "-"
		depth = 0
	}
	/^\.Sh[ \t]/ {
		name = $0; sub(/^\.Sh[ \t]+/, "", name); gsub(/"/, "", name)
		sub(/[ \t]+$/, "", name)
		ex = (name == "EXAMPLES"); depth = 0; pend = ""; next
	}
	!ex { next }
	/^\.[ \t]*\\"/ { next }
	/^\.Bd[ \t]/ { stack[++depth] = ($0 ~ /[ \t]-literal([ \t]|$)/); next }
	/^\.Ed([ \t]|$)/ { if (depth > 0) depth--; pend = ""; next }
	/^\.Dl[ \t]/ {
		t = $0; sub(/^\.Dl[ \t]+/, "", t)
		gsub(/"/, "", t)      # .Dl arguments: quotes only group words
		t = decode(t)
		pend = ""
		emit(NR, t); next
	}
	/^[.\047]/ { next }
	{
		lit = 0
		for (k = 1; k <= depth; k++) if (stack[k]) lit = 1
		if (!lit) next
		emit(NR, decode($0))
	}
	' "$1"
}

# The surveykit tools a command line calls (words in command position).
called_tools() {
	printf '%s\n' "$1" |
		grep -oE '(^|[|;&(]|\$\(|`)[[:space:]]*[[:alnum:]_.][-[:alnum:]_.]*' |
		sed -E 's/^(\$\(|[|;&(`])?[[:space:]]*//' |
		while IFS= read -r w; do is_tool "$w" && printf '%s\n' "$w"; done
}

for p in "${pages[@]}"; do
	base=${p##*/}
	sect=${base##*.}
	own=""
	[ "$sect" = 1 ] && own=${base%.1}
	dir=$scratch/${base}
	mkdir -p "$dir"
	for e in "$ROOT"/*; do
		ln -s "$e" "$dir/${e##*/}"
	done
	examples=$(extract "$p")
	if [ -z "$examples" ]; then
		continue
	fi
	while IFS=$'\t' read -r line text; do
		if [ "${text:0:1}" = "!" ]; then
			fail "$p:$line: example cannot be read: ${text:1}"
			continue
		fi
		case $text in
		'$ '*) cmd=${text#\$ } ;;
		*)
			first=${text%%[[:space:]]*}
			is_tool "$first" || continue
			cmd=$text ;;
		esac
		cmd=${cmd#"${cmd%%[![:space:]]*}"}
		[ -n "$cmd" ] || continue
		label="$p:$line: $cmd"
		if [ -n "$own" ] && ! built "$own"; then
			skip "$label ($own is not built)"
			continue
		fi
		missing=""
		for t in $(called_tools "$cmd"); do
			built "$t" || missing="$missing $t"
		done
		if [ -n "$missing" ]; then
			skip "$label (not built:$missing)"
			continue
		fi
		want=0
		if [[ $cmd =~ \#[[:space:]]*exit[[:space:]]+status[[:space:]]+([0-9]+)[[:space:]]*$ ]]; then
			want=${BASH_REMATCH[1]}
		fi
		(cd "$dir" && timeout 60 bash -o pipefail -c "$cmd") </dev/null >"$scratch/out" 2>"$scratch/err"
		got=$?
		if [ "$got" = "$want" ]; then
			pass "$label"
		else
			fail "$label: exit status $got, expected $want"
			head -5 "$scratch/err" | diag
		fi
	done <<<"$examples"
done

tap_done
