#!/usr/bin/env bash
# malformed.sh - every tool over every file of the malformed-input corpus.
#
# tests/malformed/MANIFEST says, per file, the line at fault and the exit
# status each invocation must give.  Each (file, invocation) pair is one TAP
# test, which checks:
#   - the tool ends within the time limit, by itself (no signal, status < 128),
#     with the expected status, and no sanitizer or valgrind report;
#   - status 1 comes with exactly one line on stderr, "TOOL: FILE:LINE: ...",
#     naming the file and the line at fault;
#   - filters lose nothing: survey-ingest's summary says read = written +
#     rejected + dropped, its output has `written` rows and its --rejects file
#     `rejected + dropped`; segment's labelling writes every row it read.
# The big inputs (a 10 MB field, 100 000 columns, 30 000 equal names) are generated here into a
# temporary directory.  Row counts use python3 when it is there.
#   BIN=dir             the tools (default build/bin)
#   MALFORMED_TIMEOUT   seconds per run (default 10; 60 under VALGRIND=1)
. "$(dirname "$0")/../tap.sh"
T=${MALFORMED_TIMEOUT:-$([ -n "${VALGRIND:-}" ] && echo 60 || echo 10)}
PY=$(command -v python3 || true)

# ---- the big files -------------------------------------------------------
H="respondent_id,date,region,nps,csat,w,comment"
gen() {
	local big
	big=$(head -c 10485760 /dev/zero | tr '\0' 'x')
	{ echo "$H"; echo "R1,2024-01-01,North,9,4,1,\"$big\""; echo "R2,2024-01-02,South,7,5,1,"; } \
		> "$tmp/gen-field-10mb.csv"
	{ echo "$H"; echo "R1,2024-01-01,North,9,4,1,\"$big"; echo "R2,2024-01-02,South,7,5,1,"; } \
		> "$tmp/gen-field-10mb-unterminated.csv"
	{ echo "$H"; echo "R1,2024-01-01,North,9,4,1,$big"; } > "$tmp/gen-field-10mb-unquoted.csv"
	unset big
	# 100 000 columns: the 7 the tools read, then c8 .. c100000
	seq 8 100000 | sed 's/^/c/' | paste -sd, - > "$tmp/extra-names"
	seq 8 100000 | sed 's/.*/1/' | paste -sd, - > "$tmp/extra-cells"
	{ printf '%s,' "$H"; cat "$tmp/extra-names"
	  printf 'R1,2024-01-01,North,9,4,1,,'; cat "$tmp/extra-cells"
	  printf 'R2,2024-01-02,South,6,2,1,,'; cat "$tmp/extra-cells"; } > "$tmp/gen-columns-100000.csv"
	{ printf '%s,' "$H"; cat "$tmp/extra-names"
	  printf 'R1,2024-01-01,North,9,4,1,,'; cat "$tmp/extra-cells"
	  printf 'R2,2024-01-02,South,6,2,1,'; cat "$tmp/extra-cells"; } > "$tmp/gen-columns-100000-ragged.csv"
	# 30 000 more columns all called q (survey-ingest names them q .. q_30000)
	yes q | head -n 30000 | paste -sd, - > "$tmp/equal-names"
	yes 1 | head -n 30000 | paste -sd, - > "$tmp/equal-cells"
	{ printf '%s,' "$H"; cat "$tmp/equal-names"
	  printf 'R1,2024-01-01,North,9,4,1,,'; cat "$tmp/equal-cells"; } > "$tmp/gen-names-30000-equal.csv"
}
gen

# ---- invocations -----------------------------------------------------------
# name -> command words (FILE is appended); the tool is the first word
declare -A CMD=(
	[nps]="nps"
	[nps-j]="nps -j 2 --by region --weight w"
	[csat]="csat"
	[trend]="trend"
	[segment]="segment --nps-category nps"
	[compare]="segment --compare --by region"
	[ingest]="survey-ingest --rejects $tmp/rejects.csv"
	[nps-merge]="nps --merge"
	[csat-merge]="csat --merge"
	[compare-merge]="segment --compare --by region --merge"
	[trend-merge]="trend --merge"
)
ALL="nps nps-j csat trend segment compare ingest"
MERGE="nps-merge csat-merge compare-merge trend-merge"
declare -A GROUP=(
	[all]="$ALL" [csv]="nps nps-j csat trend segment compare"
	[npsreaders]="nps nps-j trend segment compare" [merge]="$MERGE"
)

# Data rows of CSV files as our reader sees them (BOM dropped, blank lines
# skipped): one python3 run over every file listed in $tmp/tocount, which
# prints "COUNT PATH" lines (python3 starts slowly, so it runs once).
count_all() {
	"$PY" - "$tmp/tocount" <<'PYEOF'
import csv, io, sys
csv.field_size_limit(sys.maxsize)
for path in open(sys.argv[1]).read().split("\n"):
    if not path:
        continue
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    rows = [r for r in csv.reader(io.StringIO(data.decode("latin-1"), newline="")) if r]
    print(max(len(rows) - 1, 0), path)
PYEOF
}

declare -a result=() pending=()
mkdir -p "$tmp/keep"
: > "$tmp/tocount"
check() {   # file path invocation want_status want_line
	local file=$1 path=$2 inv=$3 want=$4 line=$5
	local words tool rc why="" err nlines
	read -r -a words <<<"${CMD[$inv]}"
	tool=${words[0]}
	n=$((n + 1))
	if [ ! -x "$BIN/$tool" ]; then
		result[$n]="ok $n - $file: $inv # SKIP $tool is not built"
		return
	fi
	rm -f "$tmp/rejects.csv"
	timeout -k 5 "$T" "$BIN/$tool" "${words[@]:1}" "$path" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	err=$(cat "$tmp/err")
	nlines=$(grep -c '' "$tmp/err")
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		why="no answer within ${T}s"
	elif [ $rc -ge 128 ]; then
		why="killed by signal $((rc - 128))"
	elif grep -qE 'Sanitizer|runtime error:|^==[0-9]+== ' "$tmp/err"; then
		why="sanitizer or valgrind report"
	elif [ $rc -ne "$want" ]; then
		why="status $rc, expected $want"
	elif [ $rc -eq 1 ]; then
		if [ "$nlines" -ne 1 ]; then
			why="$nlines lines on stderr, expected one"
		elif [ "${err#"$tool: "}" = "$err" ]; then
			why="message does not start with '$tool: '"
		elif [ "${err#*"$path:"}" = "$err" ]; then
			why="message does not name the file"
		elif [ "$line" = "?" ] && ! grep -qE "$(printf '%s' "$path" | sed 's/[][\.*^$]/\\&/g'):[0-9]+:" "$tmp/err"; then
			why="message names no line"
		elif [ "$line" != "-" ] && [ "$line" != "?" ] && [ "${err#*"$path:$line:"}" = "$err" ]; then
			why="message does not name line $line"
		fi
	elif [ "$inv" = ingest ]; then
		why=$(check_ingest)
	elif [ "$inv" = segment ] && [ -n "$PY" ]; then
		# rows out must equal rows in: counted later, in one python3 run
		cp "$tmp/out" "$tmp/keep/$n.out"
		printf '%s\n%s\n' "$path" "$tmp/keep/$n.out" >> "$tmp/tocount"
		pending[$n]="same $path $tmp/keep/$n.out"
	fi
	if [ -z "$why" ]; then
		result[$n]="ok $n - $file: $inv"
	else
		result[$n]="not ok $n - $file: $inv: $why"$'\n'"$(head -c 600 "$tmp/err" | head -3 | sed 's/^/#   /')"
	fi
}

# survey-ingest's summary: "N rows read, W written, R rejected (...), D dropped";
# the output must have W rows and the --rejects file R + D (counted later).
check_ingest() {
	local s r w j d
	s=$(grep -E 'rows? read, ' "$tmp/err" | tail -1)
	[ -n "$s" ] || { echo "no summary line"; return; }
	r=$(sed -E 's/.* ([0-9]+) rows? read.*/\1/' <<<"$s")
	w=$(sed -E 's/.* ([0-9]+) written.*/\1/' <<<"$s")
	j=$(sed -E 's/.* ([0-9]+) rejected.*/\1/' <<<"$s")
	d=$(sed -E 's/.* ([0-9]+) dropped.*/\1/' <<<"$s")
	[ $((w + j + d)) -eq "$r" ] || { echo "read $r != written $w + rejected $j + dropped $d"; return; }
	[ -n "$PY" ] || return
	cp "$tmp/out" "$tmp/keep/$n.out"
	echo "$tmp/keep/$n.out" >> "$tmp/tocount"
	if [ $((j + d)) -gt 0 ]; then
		[ -f "$tmp/rejects.csv" ] && cp "$tmp/rejects.csv" "$tmp/keep/$n.rej" || : > "$tmp/keep/$n.rej"
		echo "$tmp/keep/$n.rej" >> "$tmp/tocount"
	fi
	pending[$n]="ingest $w $((j + d)) $tmp/keep/$n.out $tmp/keep/$n.rej"
}

files=0
while read -r file line rest; do
	case $file in ''|'#'*) continue ;; esac
	rest=${rest%%#*}
	declare -A want=()
	declare -A wline=()
	invs=$ALL
	case $file in partial-*) invs="$ALL $MERGE" ;; esac
	for inv in $invs; do want[$inv]=0; wline[$inv]=$line; done
	for word in $rest; do
		key=${word%%=*} val=${word#*=}
		st=${val%%@*}
		ln=$line
		[ "$val" != "${val#*@}" ] && ln=${val#*@}
		for inv in ${GROUP[$key]:-$key}; do
			want[$inv]=$st
			wline[$inv]=$ln
		done
	done
	path=tests/malformed/$file
	case $file in gen-*) path=$tmp/$file ;; esac
	if [ ! -f "$path" ]; then
		n=$((n + 1))
		result[$n]="not ok $n - $file: missing from tests/malformed"
		continue
	fi
	files=$((files + 1))
	for inv in $invs; do
		check "$file" "$path" "$inv" "${want[$inv]}" "${wline[$inv]}"
	done
	unset want wline
done < tests/malformed/MANIFEST

# the deferred row counts
if [ -n "$PY" ] && [ -s "$tmp/tocount" ]; then
	declare -A rows=()
	while read -r c p; do rows[$p]=$c; done < <(count_all)
	for k in "${!pending[@]}"; do
		read -r kind a b c d <<<"${pending[$k]}"
		why=""
		if [ "$kind" = same ]; then
			[ "${rows[$a]:-?}" = "${rows[$b]:-!}" ] ||
				why="read ${rows[$a]:-?} rows, wrote ${rows[$b]:-?}"
		else
			[ "${rows[$c]:-?}" = "$a" ] || why="summary says $a written, output has ${rows[$c]:-?} rows"
			[ -z "$why" ] && [ "$b" -gt 0 ] && [ "${rows[$d]:-?}" != "$b" ] &&
				why="rejects file has ${rows[$d]:-?} rows, summary says $b"
		fi
		[ -n "$why" ] && result[$k]="not ok ${result[$k]#ok }: $why"
	done
	echo "# row counts checked for ${#pending[@]} filter runs"
fi
for k in "${!result[@]}"; do
	printf '%s\n' "${result[$k]}"
	case ${result[$k]} in "not ok"*) failed=$((failed + 1)) ;; esac
done

# every corpus file is in the manifest
for f in tests/malformed/*.csv; do
	grep -q "^${f##*/} " tests/malformed/MANIFEST && continue
	fail "${f##*/}: not in tests/malformed/MANIFEST"
done
if [ "$files" -ge 60 ]; then pass "$files malformed inputs"; else fail "only $files malformed inputs"; fi
[ -n "$PY" ] || echo "# python3 missing: row counts of filters not checked"
tap_done
