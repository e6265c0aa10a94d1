#!/usr/bin/env bash
# csat properties, TAP:
#   split + --partial per chunk + --merge == the direct run, byte for byte
#   (several chunk counts and option sets, CSV and JSON), and to 1e-9 when
#   weighted (sums of weights round differently in another order);
#   the top box 9-10 of the 0-10 nps column is nps's pct_promoters;
#   shuffled rows give identical output;
#   all-one weights give the unweighted share, mean, SD and median.
. "$(dirname "$0")/../tap.sh"
CSAT=$BIN/csat
S=samples/survey.csv

# One record per line: a record starts with a respondent id; the two comments
# with a line break inside are joined with \x01 so records can be moved.
awk 'NR == 1 { next } /^R[0-9][0-9][0-9][0-9],/ { if (r != "") print r; r = $0; next }
     { r = r "\001" $0 } END { print r }' "$S" > "$tmp/records"
head -n 1 "$S" > "$tmp/header"
nrec=$(wc -l < "$tmp/records")

# split_into K: chunk files $tmp/chunk.1..K, each with the header
split_into() {
	rm -f "$tmp"/chunk.*
	awk -v k="$1" -v n="$nrec" -v dir="$tmp" '
		{ i = int((NR - 1) * k / n) + 1; f = dir "/chunk." i
		  if (!(f in seen)) { seen[f] = 1; while ((getline h < (dir "/header")) > 0) print h > f; close(dir "/header") }
		  gsub(/\001/, "\n"); print > f }' "$tmp/records"
}

# merge_equals_direct NAME OPTION...: OUT (a variable) holds output options
# that only the direct and --merge runs get (--partial always writes CSV).
OUT=""
merge_equals_direct() {
	local name=$1 k i opts out
	shift
	opts=("$@")
	read -r -a out <<<"$OUT"
	"$CSAT" -q "${opts[@]}" "${out[@]}" "$S" > "$tmp/direct" 2>&1
	for k in 2 3 7; do
		split_into "$k"
		: > "$tmp/states"
		for i in $(seq 1 "$k"); do
			"$CSAT" -q --partial "${opts[@]}" "$tmp/chunk.$i" >> "$tmp/states" 2>&1
		done
		# the merge gets the options that shape the result, not the input ones
		"$CSAT" -q --merge "${opts[@]}" "${out[@]}" "$tmp/states" > "$tmp/merged" 2>&1
		same_output "$tmp/direct" "$tmp/merged"
		result $? "partial x$k + merge == direct: $name" "$tmp/merged"
	done
}

merge_equals_direct "--by region --total" --by region --total
merge_equals_direct "--by region,plan, bottom, distribution, benchmark" \
	--by region,plan --bottom 2 --distribution --benchmark 70
merge_equals_direct "-c nps --scale 0-10 --top 9 --ci clopper-pearson" \
	-c nps --scale 0-10 --top 9 --ci clopper-pearson --total --by plan
OUT="--format json --precision 6"
merge_equals_direct "no --by, --format json --precision 6" --yes-no -c nps --skip-invalid
OUT=""

# weighted states merge into weighted results: equal to the direct run up to
# the rounding of the weight sums (compared to 1e-9 at 12 decimals)
split_into 3
"$CSAT" -q --by region --total --weight weight --precision 12 "$S" > "$tmp/a"
for i in 1 2 3; do "$CSAT" --partial --by region --weight weight "$tmp/chunk.$i"; done > "$tmp/states"
"$CSAT" -q --merge --total --precision 12 "$tmp/states" > "$tmp/b"
awk -F, 'function abs(x) { return x < 0 ? -x : x }
	NR == FNR { a[FNR] = $0; next }
	{ if (FNR == 1) { if ($0 != a[1]) bad++; next }
	  split(a[FNR], x, ",")
	  for (i = 1; i <= NF; i++) if ($i != x[i] && abs($i - x[i]) > 1e-9 * (abs(x[i]) > 1 ? abs(x[i]) : 1)) { print "# row " FNR " col " i ": " x[i] " vs " $i; bad++ } }
	END { exit bad > 0 || FNR != 7 }' "$tmp/a" "$tmp/b" > "$tmp/diag"
result $? "weighted: partial x3 + merge == direct (to 1e-9)" "$tmp/diag"

# the share of 9-10 on the 0-10 nps column is nps's pct_promoters, exactly
for w in "" "--weight weight"; do
	# shellcheck disable=SC2086
	"$CSAT" -q -c nps --scale 0-10 --top 9 --by region --total --precision 15 $w "$S" |
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "share") c = i; next } { print $1 "," $c }' > "$tmp/a"
	# shellcheck disable=SC2086
	"$BIN/nps" -q --by region --total --precision 15 $w "$S" |
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pct_promoters") c = i; next } { print $1 "," $c }' > "$tmp/b"
	same_output "$tmp/a" "$tmp/b" && [ -s "$tmp/a" ]
	result $? "csat -c nps --scale 0-10 --top 9 ${w:+$w }share == nps pct_promoters" "$tmp/b"
done

# the direct run over the split files given together equals the whole file
split_into 3
"$CSAT" -q --by region "$S" > "$tmp/a"
"$CSAT" -q --by region "$tmp"/chunk.1 "$tmp"/chunk.2 "$tmp"/chunk.3 > "$tmp/b"
same_output "$tmp/a" "$tmp/b"
result $? "three files read as one stream == the whole file" "$tmp/b"

# shuffled rows: the same output, for two seeds, weighted and not
for seed in 1 2; do
	shuf --random-source=<(yes "$seed") "$tmp/records" | tr '\001' '\n' |
		cat "$tmp/header" - > "$tmp/shuffled.csv"
	same_output "$tmp/shuffled.csv" "$S" && { result 1 "shuffle $seed changed the order"; continue; }
	for opts in "--by region --total --distribution --bottom 2" \
	            "--by plan,region --weight weight --benchmark 70 --precision 10"; do
		# shellcheck disable=SC2086
		"$CSAT" -q $opts "$S" > "$tmp/a"
		# shellcheck disable=SC2086
		"$CSAT" -q $opts "$tmp/shuffled.csv" > "$tmp/b"
		same_output "$tmp/a" "$tmp/b"
		result $? "shuffled rows (seed $seed), $opts: identical output" "$tmp/b"
	done
done

# all-one weights: the weight column set to 1 in every record
sed -E 's/^(R[0-9]{4},[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*,/\11,/' "$S" > "$tmp/ones.csv"
"$CSAT" -q --by region --total --precision 15 "$S" > "$tmp/u"
"$CSAT" -q --by region --total --precision 15 --weight weight "$tmp/ones.csv" > "$tmp/w"
awk -F, '
	function abs(x) { return x < 0 ? -x : x }
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; f[++nf] = FILENAME; next }
	{ row[FILENAME, $1] = $0 }
	END {
		split("n top share mean median", exact, " ")
		split("sd", close_, " ")
		for (k in row) {
			split(k, kk, SUBSEP); if (kk[1] != f[1]) continue; g = kk[2]
			split(row[f[1], g], u, ","); split(row[f[2], g], w, ",")
			for (j in exact) { c = exact[j]
				if (u[col[f[1], c]] != w[col[f[2], c]]) { print "# " g " " c ": " u[col[f[1], c]] " vs " w[col[f[2], c]]; bad++ } }
			if (abs(u[col[f[1], "sd"]] - w[col[f[2], "sd"]]) > 1e-12) { print "# " g " sd differs"; bad++ }
			if (w[col[f[2], "weight_sum"]] + 0 != u[col[f[1], "n"]] + 0) { print "# " g " weight_sum != n"; bad++ }
			if (abs(w[col[f[2], "n_eff"]] - u[col[f[1], "n"]]) > 1e-9) { print "# " g " n_eff != n"; bad++ }
			rows++
		}
		exit bad > 0 || rows != 6
	}' "$tmp/u" "$tmp/w" > "$tmp/diag"
result $? "all-one weights: share, top, mean, median identical, sd to 1e-12, n_eff = n" "$tmp/diag"

tap_done
