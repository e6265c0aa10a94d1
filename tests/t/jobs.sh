#!/usr/bin/env bash
# -j N: reading one file with several threads gives exactly what one thread
# gives: the same output, the same first error at the same line.
. "$(dirname "$0")/../tap.sh"

S=$ROOT/samples/survey.csv
# a larger file with quoted newlines and doubled quotes in every 7th row:
# 3000 rows, line numbers known (each quoted comment adds one line)
awk 'BEGIN { print "id,region,nps,comment";
	for (i = 1; i <= 3000; i++) {
		c = (i % 7 == 0) ? "\"two\nlines, \"\"quoted\"\"\"" : "plain";
		printf "%d,R%d,%d,%s\n", i, i % 5, i % 11, c } }' > "$tmp/big.csv"

for opts in "--by region" "--by region --weight weight --total" "--by region,plan" ""; do
	for j in 2 3 7; do
		nps $opts -q "$S" > "$tmp/one.csv"
		nps $opts -q -j $j "$S" > "$tmp/par.csv"
		t "samples, '$opts', -j $j equals -j 1" 'same_output "$tmp/one.csv" "$tmp/par.csv"'
	done
done
for j in 2 5 16; do
	nps --by region -j $j "$tmp/big.csv" > "$tmp/par.csv"
	nps --by region "$tmp/big.csv" > "$tmp/one.csv"
	t "quoted newlines, -j $j equals -j 1" 'same_output "$tmp/one.csv" "$tmp/par.csv"'
	csat -c nps --scale 0-10 --by region -j $j "$tmp/big.csv" > "$tmp/par.csv"
	csat -c nps --scale 0-10 --by region "$tmp/big.csv" > "$tmp/one.csv"
	t "csat, -j $j equals -j 1" 'same_output "$tmp/one.csv" "$tmp/par.csv"'
done

# an invalid answer late in the file: row id 2500 starts on line
# 1 (header) + 2499 (earlier rows) + floor(2499 / 7) (their second lines) + 1 = 2858
awk -F, 'NR > 1 && $1 == 2500 { $3 = "eleven" } { print }' OFS=, "$tmp/big.csv" > "$tmp/bad.csv"
for j in 1 2 4; do
	nps -j $j "$tmp/bad.csv" > /dev/null 2> "$tmp/err"
	rc=$?
	t "-j $j: invalid answer reported at line 2858 (status $rc)" \
		'[ $rc -eq 1 ] && grep -q "bad.csv:2858: column .nps.: .eleven. is not a score" "$tmp/err"'
done
# an unterminated quote near the end: the error names its line at any -j
{ cat "$tmp/big.csv"; printf '9999,R1,5,"open\n'; } > "$tmp/open.csv"
want=$(($(wc -l < "$tmp/big.csv") + 1))
for j in 1 3; do
	nps -j $j "$tmp/open.csv" > /dev/null 2> "$tmp/err"
	t "-j $j: unterminated quote at line $want" 'grep -q "open.csv:$want: unterminated" "$tmp/err"'
done
# standard input and several files: -j quietly reads with one thread
nps -q -j 2 < "$S" > "$tmp/par.csv"
nps -q "$S" > "$tmp/one.csv"
t "-j 2 on standard input equals -j 1" 'same_output "$tmp/one.csv" "$tmp/par.csv"'
t "-j 0 is a usage error" 'nps -j 0 "$S" > /dev/null 2>&1; [ $? -eq 2 ]'
tap_done
