#!/usr/bin/env bash
# csat against the R oracle (tests/oracle/csat.R and its CSV files), TAP.
#
# Part 1 runs csat at --precision 15 and compares every cell with the oracle
# by column name: counts exactly, estimates to a relative 1e-9, interval
# ends, z and p to 1e-7 (STATS.md; issue 4).  Part 2 checks that every
# number in the golden CLI outputs (tests/cli/csat/*/expout) is the oracle
# value rounded to the decimals printed.  Every column csat prints must be
# in the oracle: a column nobody checked is a failure.
. "$(dirname "$0")/../tap.sh"
CSAT=$BIN/csat
O=tests/oracle
S=samples/survey.csv

# compare ORACLE TOOL KEY MAP: KEY names the group column ("" for one row);
# MAP renames tool columns to oracle columns ("ci_low=cp_low,ci_high=cp_high").
# Prints diagnostics; exit status 0 when every cell agrees.
compare() {
	awk -F, -v key="$3" -v map="$4" '
	function abs(x) { return x < 0 ? -x : x }
	function decimals(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
	BEGIN { nm = split(map, pairs, ","); for (i = 1; i <= nm; i++) { split(pairs[i], kv, "="); ren[kv[1]] = kv[2] } }
	FNR == 1 { file++ }
	file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) ocol[$i] = i; next }
	file == 1 { k = key == "" ? FNR : $ocol[key]; orow[k] = $0; next }
	file == 2 && FNR == 1 {
		for (i = 1; i <= NF; i++) {
			tname[i] = $i
			oname[i] = ($i in ren) ? ren[$i] : $i
			if (!(oname[i] in ocol)) { print "# column " $i " is not in the oracle"; bad++ }
		}
		next
	}
	file == 2 {
		k = key == "" ? FNR : $(index_of_key())
		if (!(k in orow)) { print "# row " k " is not in the oracle"; bad++; next }
		split(orow[k], o, ",")
		for (i = 1; i <= NF; i++) {
			if (!(oname[i] in ocol)) continue
			t = $i; w = o[ocol[oname[i]]]; cells++
			if (tname[i] == key) { if (t != w) { print "# " k ": key " t " != " w; bad++ } ; continue }
			if (t == "" || w == "") {
				if (t != w) { print "# " k " " tname[i] ": got \"" t "\", oracle \"" w "\""; bad++ }
				continue
			}
			d = decimals(t)
			if (d == 0) { ok = (t + 0 == w + 0) }
			else {
				rel = tname[i] ~ /ci_|^p$|^z$/ ? 1e-7 : 1e-9
				scale = abs(w) > 1 ? abs(w) : 1
				ok = abs(t - w) <= 0.5 * 10 ^ -d * (1 + 1e-9) + rel * scale
			}
			if (!ok) { printf "# %s %s: got %s, oracle %s (%s)\n", k, tname[i], t, w, oname[i]; bad++ }
		}
		rows++
	}
	function index_of_key(   i) { for (i = 1; i in tname; i++) if (tname[i] == key) return i; return 0 }
	END { printf "# %d rows, %d cells compared\n", rows, cells; exit bad > 0 || rows == 0 }
	' "$1" "$2"
}

check() {   # name oracle key map -- csat arguments...
	local name=$1 oracle=$2 key=$3 map=$4 out
	shift 5
	n=$((n + 1))
	if ! "$CSAT" -q "$@" > "$tmp/out" 2> "$tmp/err"; then
		echo "not ok $n - $name: csat failed: $(head -1 "$tmp/err")"
		failed=$((failed + 1))
		return
	fi
	if out=$(compare "$O/$oracle" "$tmp/out" "$key" "$map"); then
		echo "ok $n - $name ($(tail -1 <<<"$out" | sed 's/^# //'))"
	else
		echo "not ok $n - $name"
		sed -n '1,15p' <<<"$out"
		failed=$((failed + 1))
	fi
}

golden() {   # case oracle key map: the expout of a golden case against the oracle
	local name=$1 oracle=$2 key=$3 map=$4 out
	n=$((n + 1))
	if out=$(compare "$O/$oracle" "tests/cli/csat/$name/expout" "$key" "$map"); then
		echo "ok $n - golden $name ($(tail -1 <<<"$out" | sed 's/^# //'))"
	else
		echo "not ok $n - golden $name"
		sed -n '1,15p' <<<"$out"
		failed=$((failed + 1))
	fi
}

U=csat_sample_unweighted.csv
W=csat_sample_weighted.csv
ALL=(--by region --total --bottom 2 --distribution --benchmark 70)
check "unweighted, wilson" $U region "" -- --precision 15 "${ALL[@]}" $S
check "unweighted, clopper-pearson" $U region "ci_low=cp_low,ci_high=cp_high" -- \
	--precision 15 --ci clopper-pearson "${ALL[@]}" $S
check "unweighted, agresti-coull" $U region "ci_low=ac_low,ci_high=ac_high" -- \
	--precision 15 --ci agresti-coull "${ALL[@]}" $S
check "unweighted, wald" $U region "ci_low=wald_low,ci_high=wald_high" -- \
	--precision 15 --ci wald "${ALL[@]}" $S
check "weighted (svymean, svyvar, svyquantile hf2)" $W region "" -- \
	--precision 15 --by region --total --weight weight --bottom 2 --benchmark 70 $S
check "yes-no" csat_yes_no.csv channel "" -- --precision 15 --yes-no -c resolved \
	--by channel --total --distribution tests/cli/csat/yes-no/input.csv
check "metric ces" csat_ces.csv "" "" -- --precision 15 --metric ces --distribution \
	tests/cli/csat/metric-ces/input.csv

golden by-region $U region ""
golden weight $W region ""
golden distribution $U region ""
golden bottom $U region ""
golden benchmark $U region ""
golden partial-merge $U region ""
golden ci-clopper-pearson $U region "ci_low=cp_low,ci_high=cp_high"
golden ci-agresti-coull $U region "ci_low=ac_low,ci_high=ac_high"
golden ci-wald $U region "ci_low=wald_low,ci_high=wald_high"
golden yes-no csat_yes_no.csv channel ""
golden metric-ces csat_ces.csv "" ""

# the merged golden output is the direct one, byte for byte
n=$((n + 1))
if cmp -s tests/cli/csat/by-region/expout tests/cli/csat/partial-merge/expout; then
	echo "ok $n - golden partial-merge expout == by-region expout"
else
	echo "not ok $n - golden partial-merge expout == by-region expout"
	failed=$((failed + 1))
fi

tap_done
