#!/usr/bin/env bash
# nps properties on samples/survey.csv (TAP):
#  - split into 1, 2, 3 and 7 chunks (by CSV record: two comments hold line
#    breaks), `nps --partial` per chunk, `nps --merge` of the partials -- as
#    several files and as one concatenated stream with repeated headers --
#    equals the direct run byte for byte (stdout and the summary lines on
#    stderr), with and without --total, for --by region, --by region,plan,
#    --by region --weight weight, no --by, and --by plan with --ci wald
#    --benchmark 30 --conf 0.9 --min-n 100 --precision 6 given to the
#    finishing step; a header-only chunk merges as nothing;
#  - shuffled rows give identical output;
#  - all-one weights give the unweighted NPS and shares, and an SE larger by
#    exactly sqrt(n/(n-1)) (compared at --precision 12, relative 1e-9).
# Uses nps from PATH and $ROOT (tests/run.sh sets both).
. "$(dirname "$0")/../tap.sh"
SAMPLE=$ROOT/samples/survey.csv

same_err() {   # same_err FILE-EXPECTED FILE-GOT NAME (stderr: may be empty)
	if cmp -s "$1" "$2"; then result 0 "$3"; else result 1 "$3"; diff "$1" "$2" | head -8 | sed 's/^/# /'; fi
}

same() {   # same FILE-EXPECTED FILE-GOT NAME (both not empty)
	if same_output "$1" "$2"; then
		result 0 "$3"
	else
		result 1 "$3"
		diff "$1" "$2" | head -8 | sed 's/^/# /'
	fi
}

# Split the sample into K chunks of whole records, each with the header;
# a record ends at a line end outside quotes (an even number of quotes so
# far).  The bytes of every record are kept as they are.
python3 - "$SAMPLE" "$tmp" <<'EOF'
import random, sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read().decode('utf-8')
records, cur = [], ''
for line in data.splitlines(keepends=True):
    cur += line
    if cur.count('"') % 2 == 0:
        records.append(cur)
        cur = ''
assert cur == '', 'unterminated record at the end'
header, rows = records[0], records[1:]
assert len(rows) == 400, len(rows)
assert sum(1 for r in rows if '\n' in r.rstrip('\n')) == 2, 'expected 2 multi-line records'
for k in (1, 2, 3, 7):
    size = -(-len(rows) // k)
    for i in range(k):
        with open(f'{out}/chunk{k}_{i}.csv', 'w', encoding='utf-8', newline='') as f:
            f.write(header + ''.join(rows[i * size:(i + 1) * size]))
shuffled = rows[:]
random.Random(20240101).shuffle(shuffled)
assert shuffled != rows
with open(f'{out}/shuffled.csv', 'w', encoding='utf-8', newline='') as f:
    f.write(header + ''.join(shuffled))
# all weights 1: rewrite the weight field only
import csv, io
rd = csv.reader(io.StringIO(data))
hdr = next(rd)
wi = hdr.index('weight')
with open(f'{out}/ones.csv', 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(hdr)
    for r in rd:
        r[wi] = '1'
        w.writerow(r)
EOF
result $? "split the sample into 1, 2, 3 and 7 chunks by record, shuffle it, set weights to 1"

for k in 1 2 3 7; do
	lines=$(cat "$tmp"/chunk${k}_*.csv | grep -c .)
	rows=$(for f in "$tmp"/chunk${k}_*.csv; do tail -n +2 "$f"; done | cmp -s - <(tail -n +2 "$SAMPLE"); echo $?)
	result "$rows" "$k chunks hold exactly the sample's rows, in order ($lines lines)"
done

# each configuration: the options of the --partial runs | the options of
# the finishing step (given to the direct run and to --merge alike)
configs=("--by region|" "--by region,plan|" "--by region --weight weight|" "|"
	"--by plan|--ci wald --benchmark 30 --conf 0.9 --min-n 100 --precision 6")
for c in "${configs[@]}"; do
	popt=${c%%|*}
	mopt=${c#*|}
	cfg="$popt${mopt:+ }$mopt"
	cfg=${cfg:-(no options)}
	# shellcheck disable=SC2086
	nps $popt $mopt "$SAMPLE" > "$tmp/direct.csv" 2> "$tmp/direct.err"
	result $? "direct: nps $cfg"
	# shellcheck disable=SC2086
	nps $popt $mopt --total "$SAMPLE" > "$tmp/direct_total.csv" 2>/dev/null
	result $? "direct: nps $cfg --total"
	for k in 1 2 3 7; do
		parts=()
		status=0
		for f in "$tmp"/chunk${k}_*.csv; do
			# shellcheck disable=SC2086
			nps $popt --partial "$f" > "$f.part" || status=1
			parts+=("$f.part")
		done
		result $status "nps $popt --partial on each of $k chunks"
		cat "${parts[@]}" > "$tmp/all.part"
		# shellcheck disable=SC2086
		nps --merge $mopt "${parts[@]}" > "$tmp/merged.csv" 2> "$tmp/merged.err"
		same "$tmp/direct.csv" "$tmp/merged.csv" "$cfg, $k chunks: --merge of $k files = direct"
		same_err "$tmp/direct.err" "$tmp/merged.err" "$cfg, $k chunks: --merge gives the same summary lines"
		# shellcheck disable=SC2086
		nps --merge $mopt --total "${parts[@]}" > "$tmp/merged.csv" 2>/dev/null
		same "$tmp/direct_total.csv" "$tmp/merged.csv" "$cfg, $k chunks: --merge --total of $k files = direct --total"
		# shellcheck disable=SC2086
		nps --merge $mopt < "$tmp/all.part" > "$tmp/merged.csv" 2>/dev/null
		same "$tmp/direct.csv" "$tmp/merged.csv" "$cfg, $k chunks: --merge of one concatenated stream (stdin) = direct"
		# shellcheck disable=SC2086
		nps --merge $mopt --total "$tmp/all.part" > "$tmp/merged.csv" 2>/dev/null
		same "$tmp/direct_total.csv" "$tmp/merged.csv" "$cfg, $k chunks: --merge --total of one concatenated file = direct --total"
	done
	# a chunk without data rows adds nothing
	head -1 "$SAMPLE" > "$tmp/empty.csv"
	# shellcheck disable=SC2086
	nps $popt --partial "$tmp/empty.csv" > "$tmp/empty.part"
	# shellcheck disable=SC2086
	nps --merge $mopt --total "$tmp/empty.part" "$tmp"/chunk3_*.csv.part > "$tmp/merged.csv" 2>/dev/null
	same "$tmp/direct_total.csv" "$tmp/merged.csv" "$cfg: a header-only chunk's partial merges as nothing"
	# shellcheck disable=SC2086
	nps $popt $mopt --total "$tmp/shuffled.csv" > "$tmp/shuffled.out" 2>/dev/null
	same "$tmp/direct_total.csv" "$tmp/shuffled.out" "$cfg --total: shuffled rows give identical output"
done

# all-one weights against the unweighted run
nps --by region --total --ci wald --precision 12 "$SAMPLE" > "$tmp/unw.csv" 2>/dev/null
result $? "unweighted run at --precision 12"
nps --by region --total --ci wald --precision 12 --weight weight "$tmp/ones.csv" > "$tmp/ones.out" 2>/dev/null
result $? "all-one weights run at --precision 12"
python3 - "$tmp/unw.csv" "$tmp/ones.out" "$n" "$tmp/count" <<'EOF'
import csv, math, sys
u = {r['region']: r for r in csv.DictReader(open(sys.argv[1]))}
w = {r['region']: r for r in csv.DictReader(open(sys.argv[2]))}
t = int(sys.argv[3])
def rep(cond, name, detail=''):
    global t
    t += 1
    print(('ok' if cond else 'not ok') + f' {t} - {name}' + (f' # {detail}' if detail and not cond else ''))
def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300) or a == b
rep(sorted(u) == sorted(w) and len(u) == 6, 'same groups (5 regions and (all))')
for g in sorted(u):
    a, b = u[g], w[g]
    n = int(a['n'])
    rep(b['n'] == a['n'] and b['promoters'] == a['promoters'] and b['detractors'] == a['detractors'],
        f'{g}: raw counts equal')
    rep(float(b['weight_sum']) == n and close(float(b['n_eff']), n), f'{g}: weight_sum = n_eff = n = {n}')
    for c in ('pct_promoters', 'pct_passives', 'pct_detractors', 'nps'):
        rep(close(float(b[c]), float(a[c])), f'{g}: weighted {c} = unweighted', f'{b[c]} vs {a[c]}')
    want = float(a['se']) * math.sqrt(n / (n - 1))
    rep(close(float(b['se']), want), f'{g}: SE = plug-in SE * sqrt(n/(n-1))', f"{b['se']} vs {want!r}")
open(sys.argv[4], 'w').write(str(t))
EOF
[ -s "$tmp/count" ] || fail "all-one weights comparison did not run"
[ -s "$tmp/count" ] && n=$(cat "$tmp/count")
tap_done
