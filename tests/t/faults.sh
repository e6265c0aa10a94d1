#!/usr/bin/env bash
# faults.sh - I/O faults and limits, for every tool (TAP):
#   - a write error (-o /dev/full, also for --partial, --format json|table and
#     survey-ingest --rejects) ends with status 3 and one message naming it;
#   - output to a directory (-o DIR) is status 3 as well;
#   - a reader that goes away (`tool ... | head -1`) ends the tool quietly:
#     nothing on stderr, status 0 or death by SIGPIPE (141);
#   - a read error (a directory given as the input) and a missing input are
#     status 3 with a message naming the file;
#   - counts beyond 2^53 in --merge input (a sum that passes 2^53 - 1, or one
#     cell beyond it) are status 1 with a message, never a rounded result.
# (Allocation failures are swept in tests/unit/test_mem.c.)
. "$(dirname "$0")/../tap.sh"

# expect STATUS NAME PATTERN -- command...   (stderr must be one line matching
# PATTERN when STATUS is not 0; PATTERN is an ERE)
expect() {
	local want=$1 name=$2 pat=$3 rc lines
	shift 4
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(grep -c '' "$tmp/err")
	if [ $rc -ne "$want" ]; then
		fail "$name" "status $rc, expected $want" "$tmp/err"
	elif grep -qE 'Sanitizer|runtime error:|^==[0-9]+== ' "$tmp/err"; then
		fail "$name" "sanitizer or valgrind report" "$tmp/err"
	elif [ "$want" -ne 0 ] && [ "$lines" -ne 1 ]; then
		fail "$name" "$lines lines on stderr, expected one" "$tmp/err"
	elif [ "$want" -ne 0 ] && ! grep -qE "$pat" "$tmp/err"; then
		fail "$name" "message does not match /$pat/" "$tmp/err"
	else
		pass "$name"
	fi
}

S=samples/survey.csv
# one answer per box the overflow tests touch, so that a state cell set to
# 2^53 - 1 is the whole count of its group
printf 'respondent_id,date,region,nps,csat\nR1,2024-01-05,North,10,5\n' > "$tmp/in.csv"
printf 'respondent_id,date,region,nps,csat\nR1,2024-01-05,North,,\n' > "$tmp/in-missing.csv"

# ---- write errors ----------------------------------------------------------
W='/dev/full.*(write|space)'
for f in csv json table tsv; do
	expect 3 "nps --format $f -o /dev/full" "$W" -- "$BIN/nps" --by region --format "$f" -o /dev/full "$S"
done
expect 3 "nps --partial -o /dev/full" "$W" -- "$BIN/nps" --by region --partial -o /dev/full "$S"
expect 3 "csat -o /dev/full" "$W" -- "$BIN/csat" --by region -o /dev/full "$S"
expect 3 "csat --format table -o /dev/full" "$W" -- "$BIN/csat" --format table -o /dev/full "$S"
expect 3 "trend -o /dev/full" "$W" -- "$BIN/trend" -o /dev/full "$S"
expect 3 "trend --summary -o /dev/full" "$W" -- "$BIN/trend" --summary -o /dev/full "$S"
expect 3 "trend --plot /dev/full" "/dev/full" -- "$BIN/trend" -q -o /dev/null --plot /dev/full "$S"
expect 3 "segment (labelling) -o /dev/full" "$W" -- "$BIN/segment" --nps-category nps -o /dev/full "$S"
expect 3 "segment --compare -o /dev/full" "$W" -- "$BIN/segment" --compare --by region -o /dev/full "$S"
expect 3 "segment --drivers -o /dev/full" "$W" -- "$BIN/segment" --drivers csat --metric nps -o /dev/full "$S"
expect 3 "survey-ingest -o /dev/full" "$W" -- "$BIN/survey-ingest" -q -o /dev/full "$S"
printf 'respondent_id,nps\nR1,11\nR2,9\n' > "$tmp/rej.csv"
expect 3 "survey-ingest --rejects /dev/full" "/dev/full" -- \
	"$BIN/survey-ingest" -q --nps nps --rejects /dev/full -o /dev/null "$tmp/rej.csv"
# a stdout that is /dev/full (no -o)
expect 3 "nps > /dev/full" "write" -- sh -c '"$0" --by region "$1" > /dev/full' "$BIN/nps" "$S"
expect 3 "segment (labelling) > /dev/full" "write" -- \
	sh -c '"$0" --nps-category nps "$1" > /dev/full' "$BIN/segment" "$S"
# an output path that cannot be opened
expect 3 "nps -o DIRECTORY" "$tmp" -- "$BIN/nps" -o "$tmp" "$S"
expect 3 "survey-ingest -o DIRECTORY" "$tmp" -- "$BIN/survey-ingest" -q -o "$tmp" "$S"

# ---- a closed pipe ---------------------------------------------------------
# enough output to fill any pipe buffer: 400 groups x 200 copies
{ head -1 "$S"; for i in $(seq 200); do tail -n +2 "$S" | sed "s/^R/R$i-/"; done; } > "$tmp/big.csv"
pipe() {   # name, command...: the tool's stderr must stay empty
	local name=$1 rc
	shift
	"$@" 2> "$tmp/err" | head -1 > /dev/null
	rc=${PIPESTATUS[0]}
	if [ -s "$tmp/err" ]; then
		fail "$name | head -1" "wrote to stderr" "$tmp/err"
	elif [ $rc -ne 0 ] && [ $rc -ne 141 ]; then
		fail "$name | head -1" "status $rc (expected 0 or SIGPIPE)" "$tmp/err"
	else
		pass "$name | head -1 ends quietly"
	fi
}
pipe "nps --by respondent_id" "$BIN/nps" -q --by respondent_id "$tmp/big.csv"
pipe "nps --by respondent_id --format table" "$BIN/nps" -q --by respondent_id --format table "$tmp/big.csv"
pipe "nps --partial" "$BIN/nps" --partial --by respondent_id "$tmp/big.csv"
pipe "csat --by respondent_id --format json" "$BIN/csat" -q --by respondent_id --format json "$tmp/big.csv"
pipe "trend --period day --by region" "$BIN/trend" -q --period day --by region,respondent_id "$tmp/big.csv"
pipe "segment --nps-category" "$BIN/segment" -q --nps-category nps "$tmp/big.csv"
pipe "segment --compare --by respondent_id" "$BIN/segment" -q --compare --by respondent_id "$tmp/big.csv"
pipe "survey-ingest" "$BIN/survey-ingest" -q "$tmp/big.csv"

# ---- read errors -----------------------------------------------------------
mkdir "$tmp/dir.csv"
R="$tmp/dir.csv.*(read|directory)"
for t in "nps" "csat" "trend" "segment --nps-category nps" "segment --compare --by region" \
         "survey-ingest" "nps --merge" "nps -j 2"; do
	read -r -a w <<<"$t"
	expect 3 "$t DIRECTORY (read error)" "$R" -- "$BIN/${w[0]}" "${w[@]:1}" "$tmp/dir.csv"
done
for t in "nps" "csat" "trend" "segment --nps-category nps" "survey-ingest"; do
	read -r -a w <<<"$t"
	expect 3 "$t MISSING-FILE" "$tmp/missing.csv.*(open|No such)" -- \
		"$BIN/${w[0]}" "${w[@]:1}" "$tmp/missing.csv"
done
# a second file that is a directory: the first one's rows must not be output
expect 3 "nps FILE DIRECTORY" "$R" -- "$BIN/nps" "$S" "$tmp/dir.csv"
[ -s "$tmp/out" ] && fail "nps FILE DIRECTORY writes no result" "stdout not empty" "$tmp/err" ||
	pass "nps FILE DIRECTORY writes no result"

# ---- counts beyond 2^53 in --merge input -----------------------------------
# set_count FILE COLUMN VALUE...: the partial with its first state row
# repeated once per VALUE (same group), COLUMN set to each VALUE
set_count() {
	local file=$1 col=$2
	shift 2
	awk -F, -v OFS=, -v col="$col" -v vals="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; print; next }
		NR == 2 { n = split(vals, v, " "); for (j = 1; j <= n; j++) { $k = v[j]; print } }
	' "$file"
}
L53=9007199254740991   # 2^53 - 1
overflow() {   # name column input tool-args... (the partial writer and the merger share them)
	local name=$1 col=$2 input=$3 part
	shift 3
	part=$tmp/part-${name// /_}
	"$BIN/$@" --partial "$input" > "$part.csv" 2>/dev/null ||
		{ fail "$name: --partial for the overflow tests" "failed" "$tmp/err"; return; }
	set_count "$part.csv" "$col" "$L53" 1 > "$part-sum.csv"
	set_count "$part.csv" "$col" 9007199254740993 > "$part-cell.csv"
	set_count "$part.csv" "$col" 1e16 > "$part-1e16.csv"
	set_count "$part.csv" "$col" "$L53" > "$part-max.csv"
	expect 1 "$name --merge: 2^53 - 1 + 1 in '$col' overflows" "2\^53|overflow" -- \
		"$BIN/$1" --merge "${@:2}" "$part-sum.csv"
	expect 1 "$name --merge: a cell of 2^53 + 1 in '$col'" "2\^53|overflow" -- \
		"$BIN/$1" --merge "${@:2}" "$part-cell.csv"
	expect 1 "$name --merge: a cell of 1e16 in '$col'" "2\^53|overflow" -- \
		"$BIN/$1" --merge "${@:2}" "$part-1e16.csv"
	expect 0 "$name --merge: a cell of 2^53 - 1 in '$col' is fine" "" -- \
		"$BIN/$1" -q --merge "${@:2}" "$part-max.csv"
	if [ -s "$tmp/out" ] && grep -q "$L53" "$tmp/out"; then
		pass "$name --merge: 2^53 - 1 comes out exactly"
	else
		fail "$name --merge: 2^53 - 1 comes out exactly" "$(head -c 300 "$tmp/out")" "$tmp/err"
	fi
	# two partial files: the same sum across files
	set_count "$part.csv" "$col" "$L53" > "$part-a.csv"
	set_count "$part.csv" "$col" 1 > "$part-b.csv"
	expect 1 "$name --merge A B: 2^53 - 1 + 1 across files overflows" "2\^53|overflow" -- \
		"$BIN/$1" --merge "${@:2}" "$part-a.csv" "$part-b.csv"
}
# derived counts: n = n_9 + n_10 of one group, and the --total row over two groups
two_cols() {   # file col1 val1 col2 val2: the first state row with both set
	awk -F, -v OFS=, -v c1="$2" -v v1="$3" -v c2="$4" -v v2="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) { if ($i == c1) a = i; if ($i == c2) b = i }; print; next }
		NR == 2 { $a = v1; $b = v2; print }' "$1"
}
"$BIN/nps" --partial --by region "$tmp/in.csv" > "$tmp/p1.csv" 2>/dev/null
two_cols "$tmp/p1.csv" n_9 2 n_10 "$L53" > "$tmp/p-derived.csv"
expect 1 "nps --merge: derived n = n_9 + n_10 beyond 2^53 (R8-14)" "2\^53|overflow" -- \
	"$BIN/nps" --merge "$tmp/p-derived.csv"
set_count "$tmp/p1.csv" n_10 "$L53" > "$tmp/p-A.csv"
sed 's/,North,/,South,/; 1d' "$tmp/p1.csv" | awk -F, -v OFS=, '{ print }' > "$tmp/p-B.csv"
cat "$tmp/p-A.csv" "$tmp/p-B.csv" > "$tmp/p-total.csv"
expect 1 "nps --merge --total: the (all) row beyond 2^53 (R8-14)" "2\^53|overflow" -- \
	"$BIN/nps" --merge --total "$tmp/p-total.csv"

overflow "nps" n_10 "$tmp/in.csv" nps --by region
overflow "nps missing" missing "$tmp/in-missing.csv" nps --by region
overflow "csat" n_5 "$tmp/in.csv" csat --by region
overflow "segment --compare" n_10 "$tmp/in.csv" segment --compare --by region
overflow "trend" n_10 "$tmp/in.csv" trend

tap_done
