#!/usr/bin/env bash
# bench/run.sh: time one job, "NPS by region", with surveykit's nps and with peer
# tools (DuckDB, R data.table, Miller, GNU datamash, pandas, Python's csv module,
# awk) on generated survey CSV; check that they agree.
#
#   BENCH_ROWS="1000000 10000000" BENCH_RUNS=5 NPS=bin/nps bash bench/run.sh
#
# A tool whose first run takes over BENCH_SLOW_SECONDS (10) gets BENCH_SLOW_RUNS
# (3) runs instead of BENCH_RUNS: the slow peers on 10M rows would otherwise take
# most of the time for little gain in a median of runs that long.
#
# Data lives in a temporary directory under ${TMPDIR:-/tmp}, removed on exit. A
# missing peer or a missing nps is reported as skipped, never an error: this is a
# report, not a test.
# shellcheck disable=SC2016  # single quotes hold programs for mlr, awk and bash
set -euo pipefail
export LC_ALL=C   # the same number formatting and sort order for every tool

ROWS=${BENCH_ROWS:-"1000000 10000000"}
RUNS=${BENCH_RUNS:-5}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
SLOW_S=${BENCH_SLOW_SECONDS:-10}
NPS=${NPS:-bin/nps}
SEED=${BENCH_SEED:-20240101}
CC=${CC:-cc}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for n in $ROWS $RUNS $SLOW_RUNS; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: '$n' is not a positive integer" >&2; exit 2; }
done
[[ $SLOW_S =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "bench: '$SLOW_S' is not a number of seconds" >&2; exit 2; }
read -r -a sizes <<<"$ROWS"
read -r -a sizes <<<"$(printf '%s\n' "${sizes[@]}" | sort -n | tr '\n' ' ')"

work=$(mktemp -d "${TMPDIR:-/tmp}/surveykit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$CC" -O2 -o "$work/gen" "$here/gen.c"
"$CC" -O2 -o "$work/runstat" "$here/runstat.c"
# The ceiling and the fused job use the instructions the reader's scan runs
# on this CPU: lib/reader.c runs its AVX2 copy where the CPU has AVX2,
# PCLMUL, popcnt and BMI, its popcnt copy where it has popcnt.
cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
if [[ $cpu_flags == *" avx2 "* && $cpu_flags == *" pclmulqdq "* && $cpu_flags == *" popcnt "* &&
      $cpu_flags == *" bmi1 "* ]]; then
	scan_isa=(-mavx2 -mpclmul -mpopcnt -mbmi)
elif [[ $cpu_flags == *" popcnt "* ]]; then
	scan_isa=(-mpopcnt)
else
	scan_isa=()
fi
"$CC" -O2 "${scan_isa[@]}" -o "$work/ceiling" "$here/ceiling.c"
"$CC" -O2 "${scan_isa[@]}" -o "$work/fused" "$here/fused.c"
"$CC" -O2 -o "$work/piperead" "$here/piperead.c"

# DuckDB, the strongest peer, comes from the npm registry (its package ships
# the engine): installed once into a cache directory, never into the project.
# BENCH_DUCKDB=0 skips it.
duck_dir=${XDG_CACHE_HOME:-$HOME/.cache}/surveykit-bench
have_duckdb() {
	[[ ${BENCH_DUCKDB:-1} != 0 ]] && command -v node >/dev/null 2>&1 || return 1
	[[ -d $duck_dir/node_modules/@duckdb/node-api ]] && return 0
	command -v npm >/dev/null 2>&1 || return 1
	mkdir -p "$duck_dir" &&
		(cd "$duck_dir" && npm install --no-audit --no-fund --silent @duckdb/node-api >/dev/null 2>&1)
}
if have_duckdb; then
	cp "$here/duckdb.mjs" "$duck_dir/duckdb.mjs"
	duck=1
else
	duck=0
fi

have() { command -v "$1" >/dev/null 2>&1; }
have_nps() { if [[ $NPS == */* ]]; then [[ -x $NPS ]]; else have "$NPS"; fi; }
version() { local v; v=$("$@" 2>/dev/null | head -n 1) || true; echo "${v:-unknown version}"; }

# Python: BENCH_PYTHON if set, then Debian's /usr/bin/python3 (Debian's
# python3-pandas installs for it; a python3 earlier on PATH, pyenv's say, may
# lack pandas), then python3 on PATH. The csv-module peer runs with the first
# that exists, pandas with the first that imports it. BENCH_PANDAS=0 and
# BENCH_PYCSV=0 skip them.
py="" pandas_py=""
for p in ${BENCH_PYTHON:+"$BENCH_PYTHON"} /usr/bin/python3 python3; do
	have "$p" || continue
	[[ -n $py ]] || py=$p
	[[ -z $pandas_py ]] && "$p" -c 'import pandas' >/dev/null 2>&1 && pandas_py=$p
done
pycsv_why="no python3" pandas_why="no python3 with pandas"
[[ ${BENCH_PYCSV:-1} != 0 ]] || { py="" pycsv_why="BENCH_PYCSV=0"; }
[[ ${BENCH_PANDAS:-1} != 0 ]] || { pandas_py="" pandas_why="BENCH_PANDAS=0"; }
# R's data.table (Debian's r-cran-data.table) through Rscript; BENCH_DATATABLE=0
# skips it.
datatable=0 datatable_why="no Rscript with data.table"
if [[ ${BENCH_DATATABLE:-1} == 0 ]]; then
	datatable_why="BENCH_DATATABLE=0"
elif have Rscript && Rscript -e 'library(data.table)' >/dev/null 2>&1; then
	datatable=1
fi

# The same NPS-by-region job written for each peer, each printing region,n,nps.
MLR_VERBS=(filter 'is_not_empty($nps)'
	'then' put '$p = $nps >= 9 ? 1 : 0; $d = $nps <= 6 ? 1 : 0'
	'then' stats1 -a 'sum,count' -f 'p,d' -g region
	'then' put '$n = $p_count; $nps = fmtnum(100 * ($p_sum - $d_sum) / $p_count, "%.2f")'
	'then' cut -o -f 'region,n,nps')
# Counts per (region, score) pair; this awk turns them into NPS.
NPS_FROM_COUNTS='$2 != "" { n[$1] += $3; if ($2 >= 9) p[$1] += $3; else if ($2 <= 6) d[$1] += $3 }
END { print "region,n,nps"; for (r in n) printf "%s,%d,%.2f\n", r, n[r], 100 * (p[r] - d[r]) / n[r] }'
AWK_NPS='NR > 1 && $5 != "" { n[$3]++; if ($5 >= 9) p[$3]++; else if ($5 <= 6) d[$3]++ }
END { print "region,n,nps"; for (r in n) printf "%s,%d,%.2f\n", r, n[r], 100 * (p[r] - d[r]) / n[r] }'
DATAMASH_JOB='datamash -t, --header-in -s -g 3,5 count 5 <"$1" | awk -F, "$2"'

awk_name=$(basename "$(readlink -f "$(command -v awk)")")
fmt='%-9s  %-13s  %8s  %6s  %7s  %7s  %7s  %s\n'
declare -A wall rss

# row SIZE TOOL WALL RATIO MBS CPU RSS NOTE
# shellcheck disable=SC2059  # one format string for the header and every row
row() { printf "$fmt" "$@" | sed 's/ *$//'; }
skip() { row "$1" "$2" - - - - - "$3"; }

median() {
	sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# measure SIZE KEY TOOL INPUT NOTE CMD...: run CMD $RUNS times ($SLOW_RUNS if
# the first run takes over $SLOW_S seconds), print one row. The last run's
# output stays in $work/KEY.out for the cross-check.
measure() {
	local size=$1 key=$2 tool=$3 input=$4 note=$5 line w c r i runs=$RUNS
	shift 5
	: >"$work/t" && : >"$work/c"
	local peak=0
	for ((i = 0; i < runs; i++)); do
		if ! line=$("$work/runstat" -o "$work/$key.out" -e "$work/$key.err" "$@"); then
			skip "$size" "$tool" "failed (status ${line##* }): $(head -c 80 "$work/$key.err" | head -n 1)"
			rm -f "$work/$key.out"
			return 0
		fi
		read -r w c r _ <<<"$line"
		echo "$w" >>"$work/t"
		echo "$c" >>"$work/c"
		if ((r > peak)); then peak=$r; fi
		if ((i == 0 && SLOW_RUNS < RUNS)) && awk -v w="$w" -v s="$SLOW_S" 'BEGIN { exit !(w > s) }'; then
			runs=$SLOW_RUNS
			note="${note:+$note; }$runs runs (slow)"
		fi
	done
	w=$(median <"$work/t")
	c=$(median <"$work/c")
	wall[$size,$key]=$w
	rss[$size,$key]=$peak
	local ratio=-
	[[ -n ${wall[$size,nps]:-} ]] && ratio=$(awk -v a="$w" -v b="${wall[$size,nps]}" 'BEGIN { printf "%.2f", a / b }')
	local bytes
	bytes=$(wc -c <"$input")
	row "$size" "$tool" "$(printf %.3f "$w")" "$ratio" \
		"$(awk -v b="$bytes" -v t="$w" 'BEGIN { printf "%.1f", b / 1e6 / t }')" \
		"$(printf %.3f "$c")" "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')" "$note"
}

# interleaved FILE: RUNS rounds of one run each of the ceiling, nps, nps
# through a pipe, the pipe alone, csat, trend and the fused job on FILE; their fastest wall
# times into turn[], their medians into turnmed[].  The ratios take the
# fastest: these programs do the same work every run, and what the VM adds
# (a slow spell within a round still hit one tool's runs and not another's:
# 1.30 to 1.55 for the fused job over the ceiling) only ever adds time.
declare -A turn turnmed
interleaved() {
	local full=$1 bindir key line w i
	local -a keys=(ceiling nps npspipe pipe csat trend fused)
	bindir=$(dirname "$NPS")
	for key in "${keys[@]}"; do : >"$work/turn.$key"; done
	for ((i = 0; i < RUNS; i++)); do
		for key in "${keys[@]}"; do
			case $key in
			ceiling) set -- "$work/ceiling" "$full" ;;
			fused) set -- "$work/fused" "$full" ;;
			nps) set -- "$NPS" --by region "$full" ;;
			npspipe) set -- bash -c 'cat "$1" | "$2" --by region' _ "$full" "$NPS" ;;
			pipe) set -- bash -c 'cat "$1" | "$2"' _ "$full" "$work/piperead" ;;
			csat) set -- "$bindir/csat" --by region "$full" ;;
			trend) set -- "$bindir/trend" --period month "$full" ;;
			esac
			[[ -x $1 || $1 == bash ]] || continue
			line=$("$work/runstat" -o /dev/null -e /dev/null "$@") || continue
			read -r w _ <<<"$line"
			echo "$w" >>"$work/turn.$key"
		done
	done
	for key in "${keys[@]}"; do
		if [[ -s $work/turn.$key ]]; then
			turn[$key]=$(sort -g "$work/turn.$key" | head -n 1)
			turnmed[$key]=$(median <"$work/turn.$key")
		fi
	done
}

# region,nps pairs by header name, 2 decimals, sorted: comparable across tools.
normalize() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
	                   if (!("region" in col) || !("nps" in col)) { print "(no region/nps columns: " $0 ")"; exit } ; next }
	         { printf "%s,%.2f\n", $col["region"], $col["nps"] }' "$1" | sort
}

# compare NAME OUTPUT REFERENCE [WHY]: "agree" or the differing lines; WHY says
# why a difference is expected.
compare() {
	if [[ ! -s $2 ]]; then
		echo "  $1: no output to compare"
	elif diff <(normalize "$3") <(normalize "$2") >"$work/diff"; then
		echo "  $1: agree"
	elif [[ -n ${4:-} ]]; then
		echo "  $1: differs as expected ($4): $(grep -c '^>' "$work/diff") lines only in $1," \
			"$(grep -c '^<' "$work/diff") only in the reference"
	else
		echo "  $1: DIFFERS from the reference (< reference, > $1):"
		sed 's/^/      /' "$work/diff" | head -n 30
	fi
}

echo "surveykit bench: NPS by region"
echo "rows: ${sizes[*]}; runs per tool: $RUNS (median wall time); seed: $SEED"
((SLOW_RUNS < RUNS)) && echo "runs for a tool whose first run takes over $SLOW_S s: $SLOW_RUNS"
echo "machine: $(nproc) cores, $(uname -sm); ceiling built with: ${scan_isa[*]:-baseline}"
# Timings mean little on a busy machine; with the scheduler's autogroups
# (on by default on desktop kernels) even niced work in another session
# takes a fair share of the cores from the tools measured here.
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
autogroup=$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo "?")
echo "load:     $load (1-minute average before the run); sched_autogroup_enabled: $autogroup"
if awk -v l="$load" 'BEGIN { exit !(l + 0 > 0.5) }'; then
	echo "warning:  the machine is busy: rerun when it is quiet (see bench/README.md)"
fi
have_nps && echo "nps:      $NPS ($(version "$NPS" --version))" || echo "nps:      $NPS not found"
have mlr && echo "mlr:      $(version mlr --version)" || echo "mlr:      not installed"
have datamash && echo "datamash: $(version datamash --version)" || echo "datamash: not installed"
if [[ -n $pandas_py ]]; then
	echo "pandas:   $(version "$pandas_py" -c 'import pandas, platform; print("pandas", pandas.__version__, "on Python", platform.python_version())') ($pandas_py)"
else
	echo "pandas:   skipped ($pandas_why)"
fi
if [[ -n $py ]]; then
	echo "python:   $(version "$py" -c 'import platform; print("Python", platform.python_version())') ($py), csv module"
else
	echo "python:   skipped ($pycsv_why)"
fi
if ((datatable)); then
	echo "R:        $(version Rscript -e 'cat("data.table", format(packageVersion("data.table")), "on", R.version.string); cat("\n")')"
else
	echo "R:        skipped ($datatable_why)"
fi
echo "awk:      $awk_name"
echo
row rows tool "median s" "x nps" "MB/s" "cpu s" "RSS MiB" note

for size in "${sizes[@]}"; do
	full=$work/survey.csv
	bare=$work/survey-no-comment.csv
	"$work/gen" "$size" "$SEED" >"$full"
	"$work/gen" "$size" "$SEED" --no-comment >"$bare"
	# the kernel writes the new files back to disk for seconds after; done
	# during the first tool's runs, that slowed them by up to half
	sync
	cat "$full" "$bare" >/dev/null

	if have_nps; then
		measure "$size" nps nps "$full" "" "$NPS" --by region "$full"
		measure "$size" npspipe "nps (pipe)" "$full" "cat FILE | nps" \
			bash -c 'cat "$1" | "$2" --by region' _ "$full" "$NPS"
		measure "$size" npsj2 "nps -j 2" "$full" "two threads" "$NPS" -j 2 --by region "$full"
		bindir=$(dirname "$NPS")
		if [[ -x $bindir/csat ]]; then
			measure "$size" csat "csat" "$full" "csat --by region (other job)" \
				"$bindir/csat" --by region "$full"
			measure "$size" csatj2 "csat -j 2" "$full" "two threads (other job)" \
				"$bindir/csat" -j 2 --by region "$full"
		fi
		if [[ -x $bindir/trend ]]; then
			measure "$size" trend "trend" "$full" "trend --period month (other job)" \
				"$bindir/trend" --period month "$full"
			measure "$size" trendj2 "trend -j 2" "$full" "two threads (other job)" \
				"$bindir/trend" -j 2 --period month "$full"
		fi
	else
		skip "$size" nps "skipped (not found: $NPS)"
	fi
	measure "$size" ceiling "ceiling" "$full" "bare quote-aware field scan, no job" "$work/ceiling" "$full"
	measure "$size" fused "fused job" "$full" "the job in the ceiling's loop, no checks" "$work/fused" "$full"
	if ((duck)); then
		measure "$size" duckdb1 "duckdb 1 thr" "$full" "node + @duckdb/node-api" node "$duck_dir/duckdb.mjs" "$full" 1
		measure "$size" duckdb2 "duckdb 2 thr" "$full" "node + @duckdb/node-api" node "$duck_dir/duckdb.mjs" "$full" 2
	else
		skip "$size" duckdb "skipped (node/npm or the package unavailable)"
	fi
	if ((datatable)); then
		measure "$size" datatable "data.table" "$full" "Rscript + fread, 2 threads" \
			Rscript "$here/datatable_nps.R" "$full" 2
	else
		skip "$size" data.table "skipped ($datatable_why)"
	fi
	if have mlr; then
		measure "$size" mlr mlr "$full" "" mlr --icsv --ocsv "${MLR_VERBS[@]}" "$full"
	else
		skip "$size" mlr "skipped (not installed)"
	fi
	if have datamash; then
		measure "$size" datamash datamash "$bare" "no-comment copy; -s sort + awk" \
			bash -c "$DATAMASH_JOB" _ "$bare" "$NPS_FROM_COUNTS"
	else
		skip "$size" datamash "skipped (not installed)"
	fi
	if [[ -n $pandas_py ]]; then
		measure "$size" pandas pandas "$full" "python3 + read_csv, C engine" \
			"$pandas_py" "$here/pandas_nps.py" "$full"
	else
		skip "$size" pandas "skipped ($pandas_why)"
	fi
	if [[ -n $py ]]; then
		measure "$size" pycsv "python csv" "$full" "stdlib csv.reader, a loop" \
			"$py" "$here/pycsv_nps.py" "$full"
	else
		skip "$size" "python csv" "skipped ($pycsv_why)"
	fi
	measure "$size" awk "awk ($awk_name)" "$full" "-F, not CSV-aware" awk -F, "$AWK_NPS" "$full"

	# one group per respondent: the group table and the writer, not the scan
	if [[ $size == "${sizes[0]}" ]] && have_nps; then
		measure "$size" npsids "nps by id" "$full" "--by respondent_id: a group per row" \
			"$NPS" --by respondent_id "$full"
	fi

	# survey-ingest on a Qualtrics-style export of the same responses
	if [[ $size == "${sizes[0]}" ]] && have_nps && [[ -x $(dirname "$NPS")/survey-ingest ]]; then
		awk -f "$here/qualtrics.awk" "$bare" >"$work/qualtrics.csv"
		sync    # as for the data files: no writeback of it while it is timed
		cat "$work/qualtrics.csv" >/dev/null
		measure "$size" ingest "survey-ingest" "$work/qualtrics.csv" "Qualtrics-style export -> tidy CSV" \
			"$(dirname "$NPS")/survey-ingest" -q "$work/qualtrics.csv" -o /dev/null
		ingest_line=$(awk -v r="$size" -v t="${wall[$size,ingest]:-0}" -v n="${wall[$size,nps]:-0}" \
			'BEGIN { if (t > 0) printf "survey-ingest: %.0f rows/s on a %d-row Qualtrics-style export, %.2f x the time of nps on the same responses", r / t, r, t / n }')
		rm -f "$work/qualtrics.csv"
	fi
	if [[ $size == "${sizes[0]}" ]]; then
		{
			echo "cross-check at $size rows (NPS by region, 2 decimals):"
			if have mlr && [[ -s $work/mlr.out ]]; then
				ref=$work/mlr.out
				echo "  reference: mlr on the full file"
			else
				ref=$work/ref.out
				awk -F, "$AWK_NPS" "$bare" >"$ref"
				echo "  reference: awk on the no-comment copy (mlr unavailable)"
			fi
			if have_nps; then
				compare nps "$work/nps.out" "$ref"
				compare "nps (pipe)" "$work/npspipe.out" "$ref"
			else
				echo "  nps: skipped (not found: $NPS)"
			fi
			have datamash && compare datamash "$work/datamash.out" "$ref"
			((duck)) && compare duckdb "$work/duckdb2.out" "$ref"
			((datatable)) && compare data.table "$work/datatable.out" "$ref"
			[[ -n $pandas_py ]] && compare pandas "$work/pandas.out" "$ref"
			[[ -n $py ]] && compare "python csv" "$work/pycsv.out" "$ref"
			have_nps && compare "nps -j 2" "$work/npsj2.out" "$ref"
			compare "fused job" "$work/fused.out" "$ref"
			compare awk "$work/awk.out" "$ref" "-F, turns quoted newlines into bogus rows"
		} >"$work/check.txt"
	fi
	# The ceiling goals compare times of tools run a minute apart, and this
	# VM has slow spells of tens of seconds (right after the data is
	# written, nps's runs took 0.67 to 0.91 s, later 0.68 to 0.72).  At the
	# largest size the tools they compare run again in turn, one run of
	# each per round, so that a slow spell falls on all of them alike; the
	# goals take their ratios from these rounds.
	if [[ $size == "${sizes[${#sizes[@]} - 1]}" ]]; then
		interleaved "$full"
	fi
	rm -f "$full" "$bare"
done

echo
[[ -n ${ingest_line:-} ]] && echo "$ingest_line" && echo
cat "$work/check.txt"
if grep -Eq '^  nps.*(DIFFERS|no output)' "$work/check.txt"; then
	echo
	echo "!!! nps DISAGREES with the reference or gave no output: see above !!!"
fi

echo
small=${sizes[0]} large=${sizes[${#sizes[@]} - 1]}
if [[ -z ${rss[$small,nps]:-} || -z ${rss[$large,nps]:-} ]]; then
	echo "nps peak RSS: not measured"
elif ((small == large)); then
	echo "nps peak RSS: $(awk -v k="${rss[$small,nps]}" 'BEGIN { printf "%.1f", k / 1024 }') MiB (one size only: flatness not checked)"
else
	awk -v a="${rss[$small,nps]}" -v b="${rss[$large,nps]}" -v s="$small" -v l="$large" 'BEGIN {
		printf "nps peak RSS: %.1f MiB at %s rows, %.1f MiB at %s rows: ", a / 1024, s, b / 1024, l
		# streaming memory use stays put; allow allocator noise of 10% + 2 MiB
		print (b <= a * 1.1 + 2048) ? "flat" : "NOT flat (grows with input)" }'
fi

# The goals of the performance issue, judged on the largest size: each line
# gives the measured ratio and the bound.
goal() {   # goal TEXT VALUE BOUND: VALUE at most BOUND is met
	awk -v t="$1" -v v="$2" -v b="$3" 'BEGIN {
		printf "  %-50s %6.2f (goal <= %s): %s\n", t, v, b, (v <= b) ? "met" : "NOT met" }'
}
echo
echo "goals at $large rows:"
if [[ -n ${wall[$large,nps]:-} && -n ${wall[$large,ceiling]:-} ]]; then
	for t in nps csat trend; do
		[[ -n ${wall[$large,$t]:-} ]] || continue
		if [[ -n ${turn[$t]:-} && -n ${turn[ceiling]:-} ]]; then
			goal "$t: time / ceiling's (run in turn)" "$(awk -v a="${turn[$t]}" -v b="${turn[ceiling]}" 'BEGIN { print a / b }')" 1.3
		else
			goal "$t: time / ceiling's" "$(awk -v a="${wall[$large,$t]}" -v b="${wall[$large,ceiling]}" 'BEGIN { print a / b }')" 1.3
		fi
		if [[ -n ${wall[$large,duckdb2]:-} ]]; then
			goal "$t, one thread: time / DuckDB's on 2 threads" \
				"$(awk -v a="${wall[$large,$t]}" -v b="${wall[$large,duckdb2]}" 'BEGIN { print a / b }')" 1
			[[ -n ${wall[$large,${t}j2]:-} ]] &&
				goal "$t -j 2: time / DuckDB's on 2 threads" \
					"$(awk -v a="${wall[$large,${t}j2]}" -v b="${wall[$large,duckdb2]}" 'BEGIN { print a / b }')" 0.5
		fi
		goal "$t: peak RSS, MiB" "$(awk -v k="${rss[$large,$t]}" 'BEGIN { print k / 1024 }')" 16
	done
	if [[ -n ${turn[npspipe]:-} && -n ${turn[nps]:-} ]]; then
		goal "nps through a pipe / reading the file (in turn)" \
			"$(awk -v a="${turn[npspipe]}" -v b="${turn[nps]}" 'BEGIN { print a / b }')" 1.3
		# not a goal: the pipe alone, which no reader of it can beat
		[[ -n ${turn[pipe]:-} ]] &&
			awk -v a="${turn[pipe]}" -v b="${turn[nps]}" 'BEGIN {
				printf "  %-50s %6.2f (for reference: no tool can beat it)\n", "cat FILE | a bare read loop / nps reading the file", a / b }'
	elif [[ -n ${wall[$large,npspipe]:-} ]]; then
		goal "nps through a pipe: time / reading the file" \
			"$(awk -v a="${wall[$large,npspipe]}" -v b="${wall[$large,nps]}" 'BEGIN { print a / b }')" 1.3
	fi
	# not a goal: how much of the ceiling's 1.3 the job itself takes
	if [[ -n ${turn[fused]:-} && -n ${turn[ceiling]:-} && -n ${turn[nps]:-} ]]; then
		awk -v a="${turn[fused]}" -v b="${turn[ceiling]}" -v n="${turn[nps]}" 'BEGIN {
			printf "  %-50s %6.2f (for reference: nps is %.2f of it)\n", "fused job: time / ceiling\047s (run in turn)", a / b, n / a }'
	elif [[ -n ${wall[$large,fused]:-} ]]; then
		awk -v a="${wall[$large,fused]}" -v b="${wall[$large,ceiling]}" -v n="${wall[$large,nps]}" 'BEGIN {
			printf "  %-50s %6.2f (for reference: nps is %.2f of it)\n", "fused job: time / ceiling\047s", a / b, n / a }'
	fi
	if [[ -n ${turn[ceiling]:-} ]]; then
		printf '  run in turn, fastest s:'
		for t in ceiling nps npspipe pipe csat trend fused; do
			[[ -n ${turn[$t]:-} ]] && printf ' %s %.3f' "$t" "${turn[$t]}"
		done
		echo
		printf '  run in turn, median s: '
		for t in ceiling nps npspipe pipe csat trend fused; do
			[[ -n ${turnmed[$t]:-} ]] && printf ' %s %.3f' "$t" "${turnmed[$t]}"
		done
		echo
	fi
else
	echo "  not judged (nps or the ceiling not measured)"
fi

cat <<EOF

How to read: "median s" is the median wall time of $RUNS runs on a warm page
cache; "x nps" is that time divided by nps's (above 1: slower than nps); MB/s is
the input file's size (10^6 bytes) over the median time; "cpu s" is user+system
time (above "median s": more than one core worked; far below it: other work held
the cores, so rerun); "RSS MiB" is the peak resident set over all runs, for a
pipeline that of its largest process. datamash cannot parse quoted fields, so it
reads a copy generated without the comment column (identical other columns, hence
a smaller input), and its time includes its own -s sort and the awk step that
turns counts into NPS. awk -F, is the naive baseline: it splits quoted commas and
newlines, so rows whose comment holds a newline (about 1%) become bogus records.
The times of data.table, pandas and python csv include starting R or Python and
loading the library: about 0.5 s with data.table or pandas, 0.05 s for Python.
EOF
if ((SLOW_RUNS < RUNS)); then
	echo "A tool whose first run took over $SLOW_S s ran $SLOW_RUNS times, not $RUNS; its"
	echo "note says so (BENCH_SLOW_SECONDS, BENCH_SLOW_RUNS)."
fi
