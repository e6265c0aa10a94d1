#!/usr/bin/env bash
# trend properties, TAP:
#   split + --partial per chunk + --merge == the direct run, byte for byte
#   (per-period table with --window and --total, --summary, csat by quarter,
#   weeks; chunk files merged as files and as one concatenated stream);
#   weighted states merge to the direct weighted run within 1e-9;
#   shuffled rows give identical output;
#   all-one weights give the unweighted values, and SEs larger by sqrt(n/(n-1));
#   --from/--to on month boundaries: a --merge run equals the direct run;
#   --window 3 (12) at quarter (year) ends is the quarter (year);
#   alerts: the output is written in full, exit status 4, one stderr line per
#   alert, also with -q and -o; --spark only on a terminal unless asked.
. "$(dirname "$0")/../tap.sh"
TREND=$BIN/trend
S=samples/monthly.csv

head -n 1 "$S" > "$tmp/header"
tail -n +2 "$S" > "$tmp/records"    # monthly.csv has no line breaks in fields
nrec=$(wc -l < "$tmp/records")

split_into() {   # K: $tmp/chunk.1..K, each with the header
	rm -f "$tmp"/chunk.* "$tmp"/state.*
	awk -v k="$1" -v n="$nrec" -v dir="$tmp" '
		{ i = int((NR - 1) * k / n) + 1; f = dir "/chunk." i
		  if (!(f in seen)) { seen[f] = 1; while ((getline h < (dir "/header")) > 0) print h > f; close(dir "/header") }
		  print > f }' "$tmp/records"
}

# merge_equals_direct NAME PARTIAL-OPTIONS -- FINISH-OPTIONS
merge_equals_direct() {
	local name=$1 k i popts=() fopts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do popts+=("$1"); shift; done
	shift
	fopts=("$@")
	"$TREND" -q "${popts[@]}" "${fopts[@]}" "$S" > "$tmp/direct" 2> "$tmp/err"
	for k in 2 3 7; do
		split_into $k
		for i in $(seq 1 $k); do
			"$TREND" -q --partial "${popts[@]}" "$tmp/chunk.$i" > "$tmp/state.$i" || true
		done
		"$TREND" -q --merge "${fopts[@]}" "$tmp"/state.* > "$tmp/merged" 2> "$tmp/err"
		same_output "$tmp/direct" "$tmp/merged"
		result $? "$name: $k chunks, --merge of the files equals the direct run" "$tmp/err"
		cat "$tmp"/state.* | "$TREND" -q --merge "${fopts[@]}" > "$tmp/merged" 2> "$tmp/err"
		same_output "$tmp/direct" "$tmp/merged"
		result $? "$name: $k chunks, --merge of one concatenated stream" "$tmp/err"
	done
}

merge_equals_direct "per period, --window 3, --total" --by region -- --by region --window 3 --total
merge_equals_direct "summary" --by region -- --by region --summary --total
merge_equals_direct "csat by quarter" --by region --metric csat --period quarter -- \
	--by region --metric csat --period quarter
merge_equals_direct "weeks, no --by" --period week -- --period week
merge_equals_direct "by region and plan, --format json" --by region,plan -- --by region,plan --format json

# -j: one file read by several threads gives the same bytes
for j in 2 3; do
	"$TREND" -q --by region --window 3 --total "$S" > "$tmp/a"
	"$TREND" -q -j $j --by region --window 3 --total "$S" > "$tmp/b"
	same_output "$tmp/a" "$tmp/b"
	result $? "-j $j: the same output as one thread"
done
"$TREND" --by region --from 2024-07-01 --to 2025-03-31 --skip-invalid "$S" > "$tmp/a" 2> "$tmp/ea"
"$TREND" -j 3 --by region --from 2024-07-01 --to 2025-03-31 --skip-invalid "$S" > "$tmp/b" 2> "$tmp/eb"
same_output "$tmp/a" "$tmp/b" && same_output "$tmp/ea" "$tmp/eb" && grep -q 'dated outside' "$tmp/eb"
result $? "-j 3 with --from/--to: the same output and the same count of rows left out" "$tmp/eb"

# weighted: sums of weights add in another order, so compare numbers to 1e-9
numeq() {   # file file: every field equal, numbers within a relative 1e-9
	awk -F, 'FNR == NR { a[FNR] = $0; next }
	{ if (!(FNR in a)) exit 1; m = split(a[FNR], x, ","); if (m != NF) exit 1
	  for (i = 1; i <= NF; i++) {
	    if ($i == x[i]) continue
	    if ($i !~ /^-?[0-9.]+$/) exit 1
	    d = $i - x[i]; d = d < 0 ? -d : d; s = x[i] < 0 ? -x[i] : x[i]
	    if (d > 1e-9 * (s > 1 ? s : 1)) exit 1 } }
	END { if (FNR != length(a) || FNR == 0) exit 1 }' "$1" "$2"
}
"$TREND" -q --by region --weight weight --precision 12 "$S" > "$tmp/direct"
split_into 3
for i in 1 2 3; do "$TREND" -q --partial --by region --weight weight "$tmp/chunk.$i" > "$tmp/state.$i"; done
"$TREND" -q --merge --by region --precision 12 "$tmp"/state.* > "$tmp/merged"
numeq "$tmp/direct" "$tmp/merged"
result $? "weighted: 3 chunks merge to the direct run within 1e-9"

# shuffled rows (a fixed permutation) give the same bytes
shuf --random-source=<(yes) "$tmp/records" | cat "$tmp/header" - > "$tmp/shuffled.csv"
for opts in "--by region --window 2 --total" "--by region --summary" "--period week --metric csat"; do
	# shellcheck disable=SC2086
	"$TREND" -q $opts "$S" > "$tmp/a"
	# shellcheck disable=SC2086
	"$TREND" -q $opts "$tmp/shuffled.csv" > "$tmp/b"
	same_output "$tmp/a" "$tmp/b"
	result $? "shuffled rows, same output ($opts)"
done

# all-one weights: the same values; SEs are the plug-in SEs times sqrt(n/(n-1))
awk -F, 'BEGIN { OFS = "," } NR == 1 { $7 = "one" } NR > 1 { $7 = "1" } { print }' "$S" > "$tmp/ones.csv"
"$TREND" -q --by region --precision 12 "$S" > "$tmp/u"
"$TREND" -q --by region --precision 12 --weight one --ci wald "$tmp/ones.csv" > "$tmp/w"
awk -F, 'FNR == NR { if (FNR > 1) { v[$1 $2] = $5; se[$1 $2] = $6; nn[$1 $2] = $4 }; next }
	FNR > 1 { k = $1 $2; d = $5 - v[k]; if (d < 0) d = -d; if (d > 1e-9) bad++
	          want = se[k] * sqrt(nn[k] / (nn[k] - 1)); d = $6 - want; if (d < 0) d = -d
	          if (d > 1e-9 * want + 1e-12) bad++; rows++ }
	END { exit bad > 0 || rows != 96 }' "$tmp/u" "$tmp/w"
result $? "all-one weights: unweighted values, SE times sqrt(n/(n-1)) (96 periods)"

# --from/--to on month boundaries: merged states equal the direct run
"$TREND" -q --by region --from 2024-01-01 --to 2024-12-31 --summary "$S" > "$tmp/direct"
"$TREND" -q --partial --by region "$S" > "$tmp/state"
"$TREND" -q --merge --by region --from 2024-01-01 --to 2024-12-31 --summary "$tmp/state" > "$tmp/merged"
same_output "$tmp/direct" "$tmp/merged"
result $? "--from/--to on month boundaries: --merge equals direct"
grep -q '^North,12,2024-01,2024-12,' "$tmp/direct"
result $? "--from/--to keep 12 months of 2024"

# --window K over months is the quarter (K 3) or the year (K 12) it ends:
# the same answers pooled.  Unweighted the states are whole numbers, summed
# as a running window, and the values agree to the last bit; weighted they
# are summed afresh per period, in another order than the quarter's rows,
# so to 1e-9.
col() {   # FILE COLUMN: "period value" lines, the period and that column
	awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
	                    { print $1, $k }' "$1"
}
window_is_period() {   # NAME K PERIOD MONTHS-REGEX OPTION...
	local name=$1 k=$2 per=$3 months=$4
	shift 4
	"$TREND" -q --precision 17 --window "$k" "$@" "$S" > "$tmp/win"
	"$TREND" -q --precision 17 --period "$per" "$@" "$S" > "$tmp/per"
	col "$tmp/win" rolling_value | grep -E "^($months) " | awk '{ print $2 }' > "$tmp/a"
	col "$tmp/per" value | awk 'NR > 0 { print $2 }' | tail -n "$(wc -l < "$tmp/a")" > "$tmp/b"
	col "$tmp/win" rolling_n | grep -E "^($months) " | awk '{ print $2 }' > "$tmp/an"
	col "$tmp/per" n | awk '{ print $2 }' | tail -n "$(wc -l < "$tmp/an")" > "$tmp/bn"
	[ -s "$tmp/a" ] && paste -d' ' "$tmp/a" "$tmp/b" |
		awk -v w="${WEIGHTED:-}" '{ d = $1 - $2; if (d < 0) d = -d
		    if ((w == "" && $1 != $2) || d > 1e-9) bad = 1 } END { exit bad }' &&
		cmp -s "$tmp/an" "$tmp/bn"
	result $? "$name" "$tmp/win"
}
window_is_period "--window 3 at quarter ends = --period quarter" 3 quarter \
	'2023-09|2023-12|2024-03|2024-06|2024-09|2024-12|2025-03|2025-06'
window_is_period "--window 12 at 2024-12 = --period year 2024" 12 year '2024-12' \
	--from 2024-01-01 --to 2024-12-31
window_is_period "csat --window 3 at quarter ends = --period quarter" 3 quarter \
	'2023-09|2023-12|2024-03|2024-06|2024-09|2024-12|2025-03|2025-06' --metric csat
WEIGHTED=1 window_is_period "weighted --window 3 at quarter ends = --period quarter (1e-9)" \
	3 quarter '2023-09|2023-12|2024-03|2024-06|2024-09|2024-12|2025-03|2025-06' --weight weight

# alerts: full output, status 4, one line per alert, with -q and -o too
"$TREND" --by region --alert-drop 10 --alert-out --alert-trend down "$S" > "$tmp/out" 2> "$tmp/err"
st=$?
"$TREND" --by region "$S" > "$tmp/plain" 2> /dev/null
[ $st = 4 ] && same_output "$tmp/out" "$tmp/plain"
result $? "alerts: status 4 and the output written in full"
[ "$(grep -c '^trend: alert ' "$tmp/err")" = 3 ]
result $? "alerts: one stderr line per alert (drop, out, trend of South)" "$tmp/err"
"$TREND" -q -o "$tmp/file" --by region --alert-drop 10 "$S" 2> "$tmp/err"
st=$?
[ $st = 4 ] && same_output "$tmp/file" "$tmp/plain" && [ "$(wc -l < "$tmp/err")" = 1 ] &&
	grep -q "^trend: alert drop: region 'South', 2025-06: " "$tmp/err"
result $? "alerts with -q and -o: the file in full, only the alert line, status 4" "$tmp/err"
"$TREND" -q --by region --alert-drop 5 --alert-out --to 2024-06-30 "$S" \
	> /dev/null 2> "$tmp/err"
st=$?
[ $st = 0 ] && [ ! -s "$tmp/err" ]
result $? "no alert: status 0 and nothing on stderr" "$tmp/err"

# sparklines: nothing when stderr is not a terminal, unless asked
"$TREND" -q --by region --spark "$S" > "$tmp/out" 2> "$tmp/err"
[ ! -s "$tmp/err" ] && same_output "$tmp/out" "$tmp/plain"
result $? "--spark: nothing when stderr is not a terminal"
"$TREND" -q --by region --spark=stderr "$S" > /dev/null 2> "$tmp/err"
[ "$(wc -l < "$tmp/err")" = 4 ] && grep -q '^South  .* 2023-07 37.50 → 2025-06 -34.38$' "$tmp/err"
result $? "--spark=stderr: one line per region on stderr" "$tmp/err"
if command -v script > /dev/null 2>&1; then
	script -qec "$TREND -q --by region --spark $S > $tmp/out" /dev/null > "$tmp/tty" 2>&1
	grep -q 'South  ' "$tmp/tty" && same_output "$tmp/out" "$tmp/plain"
	result $? "--spark: sparklines on stderr when it is a terminal" "$tmp/tty"
fi

tap_done
