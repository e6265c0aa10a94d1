#!/usr/bin/env bash
# Properties of segment(1), TAP:
#  - the labelling filter passes every record through unchanged (quoted
#    fields, line breaks in fields) and only appends a column;
#  - --quantiles gives the same output from a file, from standard input
#    (spooled) and from a pipe;
#  - -d ';' input labels like the same data with commas;
#  - shuffled rows give identical comparison and driver tables;
#  - split input -> --partial per chunk -> --merge equals a direct run, byte
#    for byte (compare and pairwise, two --by columns);
#  - all-one weights give the unweighted estimates and driver figures.
. "$(dirname "$0")/../tap.sh"
SEG=$BIN/segment
S=samples/drivers.csv

same() {   # name file1 file2
	if same_output "$2" "$3"; then pass "$1"; else fail "$1"; diff "$2" "$3" | head -5 | sed 's/^/# /'; fi
}

# ---- the filter keeps every record ----------------------------------------------------
# survey.csv has quoted commas, doubled quotes and line breaks inside fields;
# it is written with minimal quoting, so the records come back byte for byte.
if command -v python3 >/dev/null 2>&1; then
	"$SEG" -q --nps-category nps --as cat samples/survey.csv > "$tmp/lab.csv"
	if python3 - samples/survey.csv "$tmp/lab.csv" <<'EOF'
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
b = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
ok = len(a) == len(b) and all(x == y[:-1] for x, y in zip(a, b)) and b[0][-1] == "cat"
cats = {"promoter", "passive", "detractor", ""}
ok = ok and all(r[-1] in cats for r in b[1:])
sys.exit(0 if ok else 1)
EOF
	then pass "filter: every record of survey.csv out unchanged, plus one column"
	else fail "filter: records changed"; fi
	# minimal quoting both ways: without the new column the bytes are the input's
	python3 - "$tmp/lab.csv" > "$tmp/back.csv" <<'EOF'
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.reader(open(sys.argv[1], newline="", encoding="utf-8")):
    w.writerow(r[:-1])
EOF
	same "filter: dropping the column gives survey.csv byte for byte" samples/survey.csv "$tmp/back.csv"
else
	skip "python3 not installed"; skip "python3 not installed"
fi
rows_in=$(tail -n +2 $S | wc -l)
rows_out=$("$SEG" -q --rule 'x: nps > 100' $S | tail -n +2 | wc -l)
[ "$rows_in" = "$rows_out" ] && pass "filter: $rows_in rows in, $rows_out out (no rule matched)" ||
	fail "filter: $rows_in rows in, $rows_out out"

# ---- quantiles from a file, standard input, a pipe ----------------------------------------
"$SEG" --quantiles tenure_months=5 $S > "$tmp/q1" 2> "$tmp/e1"
"$SEG" --quantiles tenure_months=5 < $S > "$tmp/q2" 2> "$tmp/e2"
cat $S | "$SEG" --quantiles tenure_months=5 - > "$tmp/q3" 2> "$tmp/e3"
same "--quantiles: file and standard input (spooled) agree" "$tmp/q1" "$tmp/q2"
same "--quantiles: file and pipe agree" "$tmp/q1" "$tmp/q3"
same "--quantiles: the same summary lines" "$tmp/e1" "$tmp/e3"
"$SEG" --quantiles tenure_months=5 <(cat $S) > "$tmp/q4" 2> /dev/null
same "--quantiles: a named pipe (process substitution) is spooled too" "$tmp/q1" "$tmp/q4"
if [ -n "${VALGRIND:-}" ]; then
	skip "--quantiles with TMPDIR=/nonexistent (valgrind needs TMPDIR itself)"
else
	TMPDIR=/nonexistent "$SEG" --quantiles tenure_months=5 < $S > /dev/null 2> "$tmp/e5"
	rc=$?
	[ $rc -eq 3 ] && grep -q "cannot create a temporary file" "$tmp/e5" &&
		pass "--quantiles: no temporary directory is an I/O error (status 3)" ||
		fail "--quantiles with TMPDIR=/nonexistent: status $rc"
fi

# ---- semicolons in, the same labels out -----------------------------------------------------
tr ',' ';' < $S > "$tmp/semi.csv"
"$SEG" -q -d ';' --bin tenure_months=0,12 --labels new,old "$tmp/semi.csv" | cut -d, -f13 > "$tmp/s1"
"$SEG" -q --bin tenure_months=0,12 --labels new,old $S | cut -d, -f13 > "$tmp/s2"
same "-d ';': the same labels as the comma file" "$tmp/s1" "$tmp/s2"

# ---- shuffled rows ------------------------------------------------------------------------------
(head -n 1 $S; tail -n +2 $S | awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' | sort -k1,1 |
	cut -f2-) > "$tmp/shuf.csv"
same_output $S "$tmp/shuf.csv" && fail "shuffle changed nothing"
for args in "--compare --by region" "--pairwise --by plan --metric csat" \
	"--compare --by region --weight weight" "--drivers sat_speed,sat_price,sat_support,sat_ease --precision 9" \
	"--drivers sat_speed,sat_price,sat_support,sat_ease --weight weight --metric csat --precision 9"; do
	"$SEG" -q $args $S > "$tmp/a"
	"$SEG" -q $args "$tmp/shuf.csv" > "$tmp/b"
	same "shuffled rows: $args" "$tmp/a" "$tmp/b"
done

# ---- partial + merge = direct ----------------------------------------------------------------------
awk -v dir="$tmp" 'NR == 1 { h = $0; next }
	{ f = dir "/part" (NR <= 100 ? 1 : NR <= 230 ? 2 : 3) ".csv"
	  if (!(f in seen)) { print h > f; seen[f] = 1 } print > f }' $S
for args in "--compare --by region,plan" "--pairwise --by region" \
	"--compare --by plan --metric csat --adjust bh" "--pairwise --by region --test adjusted-wald"; do
	"$SEG" -q $args $S > "$tmp/direct"
	for i in 1 2 3; do "$SEG" -q $args --partial "$tmp/part$i.csv" > "$tmp/st$i"; done
	cat "$tmp/st1" "$tmp/st2" "$tmp/st3" | "$SEG" -q $args --merge > "$tmp/merged"
	same "partial + merge = direct: $args" "$tmp/direct" "$tmp/merged"
done

# ---- all-one weights --------------------------------------------------------------------------------
awk -F, 'BEGIN { OFS = "," } NR > 1 { $12 = "1" } { print }' $S > "$tmp/ones.csv"
D=sat_speed,sat_price,sat_support,sat_ease
"$SEG" -q --drivers $D --precision 10 $S > "$tmp/u"
"$SEG" -q --drivers $D --precision 10 --weight weight "$tmp/ones.csv" > "$tmp/w"
same "drivers: all-one weights = unweighted" "$tmp/u" "$tmp/w"
"$SEG" -q --compare --by region --precision 10 $S | cut -d, -f1-6 > "$tmp/u"
"$SEG" -q --compare --by region --precision 10 --weight weight "$tmp/ones.csv" | cut -d, -f1-6 > "$tmp/w"
same "compare: all-one weights give the unweighted values and differences" "$tmp/u" "$tmp/w"
# and the SE grows by about sqrt(n/(n-1)) per group (STATS.md): between the
# two, never more than the larger group factor sqrt(70/69) apart
"$SEG" -q --compare --by region --precision 12 $S | cut -d, -f7 > "$tmp/u"
"$SEG" -q --compare --by region --precision 12 --weight weight "$tmp/ones.csv" | cut -d, -f7 > "$tmp/w"
if paste -d, "$tmp/u" "$tmp/w" | awk -F, 'NR > 1 { r = $2 / $1; if (!(r > 1 && r < sqrt(55 / 54) + 1e-12)) bad++ } END { exit bad > 0 || NR < 2 }'; then
	pass "compare: all-one weights: SE larger by at most sqrt(n/(n-1)) of the smallest group"
else
	fail "compare: all-one weights: SE ratio out of range"
fi

tap_done
