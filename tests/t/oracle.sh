#!/usr/bin/env bash
# nps against the R oracle (tests/oracle/, computed with R from
# samples/survey.csv; R itself is not needed here).  TAP.
#
# nps runs at --precision 15 on the sample: unweighted with --ci wald and
# with --ci adjusted-wald (both --benchmark 30 --total), without --by, and
# weighted.  Every column is compared with the oracle: counts exactly,
# estimates and SEs at relative 1e-9, interval ends at 1e-7 (plus an
# absolute 1e-12 for values at 0).
. "$(dirname "$0")/../tap.sh"
SAMPLE=$ROOT/samples/survey.csv
ORACLE=$ROOT/tests/oracle

nps --by region --total --benchmark 30 --ci wald --precision 15 "$SAMPLE" \
	> "$tmp/wald.csv" 2>/dev/null
echo $? > "$tmp/wald.rc"
nps --by region --total --benchmark 30 --ci adjusted-wald --precision 15 "$SAMPLE" \
	> "$tmp/adj.csv" 2>/dev/null
echo $? > "$tmp/adj.rc"
nps --precision 15 "$SAMPLE" > "$tmp/all.csv" 2>/dev/null
echo $? > "$tmp/all.rc"
nps --by region --total --weight weight --ci wald --precision 15 "$SAMPLE" \
	> "$tmp/weighted.csv" 2>/dev/null
echo $? > "$tmp/weighted.rc"

python3 - "$tmp" "$ORACLE" <<'EOF'
import csv, sys

tmp, oracle = sys.argv[1], sys.argv[2]
t = bad = 0

def rep(cond, name, detail=''):
    global t, bad
    t += 1
    bad += not cond
    print(('ok' if cond else 'not ok') + f' {t} - {name}')
    if not cond and detail:
        print(f'#   {detail}')

def load(path, key='region'):
    with open(path, newline='') as f:
        return {r[key]: r for r in csv.DictReader(f)}

def close(got, want, rel):
    if want == '' or got == '':
        return got == want
    g, w = float(got), float(want)
    return abs(g - w) <= rel * abs(w) + 1e-12

def compare(run, got, want, pairs, rel):
    for g in want:
        if g not in got:
            rep(False, f'{run}: group {g} present')
            continue
        for gc, wc in pairs:
            a, b = got[g][gc], want[g][wc]
            rep(close(a, b, rel), f'{run}: {g} {gc} = oracle {wc} (rel {rel:g})',
                f'got {a}, want {b}')

def exact(run, got, want, cols):
    for g in want:
        if g in got:
            same = all(got[g][c] == want[g][c] for c in cols)
            rep(same, f'{run}: {g} counts {",".join(cols)} exact',
                f'got {[got[g][c] for c in cols]}, want {[want[g][c] for c in cols]}')

for run in ('wald', 'adj', 'all', 'weighted'):
    rep(open(f'{tmp}/{run}.rc').read().strip() == '0', f'nps run "{run}" exits 0')

un = load(f'{oracle}/nps_sample_unweighted.csv')
wt = load(f'{oracle}/nps_sample_weighted.csv')
counts = ['n', 'missing', 'promoters', 'passives', 'detractors']
est = [(c, c) for c in ('pct_promoters', 'pct_passives', 'pct_detractors', 'nps', 'se')]

wald = load(f'{tmp}/wald.csv')
rep(list(wald) == list(un), 'wald: groups in the oracle order (C byte order, (all) last)',
    f'{list(wald)}')
exact('wald', wald, un, counts)
compare('wald', wald, un, est + [('z', 'z30'), ('p', 'p30')], 1e-9)
compare('wald', wald, un, [('ci_low', 'wald_low'), ('ci_high', 'wald_high')], 1e-7)

adj = load(f'{tmp}/adj.csv')
exact('adjusted-wald', adj, un, counts)
compare('adjusted-wald', adj, un, est + [('z', 'z30'), ('p', 'p30')], 1e-9)
compare('adjusted-wald', adj, un, [('ci_low', 'adj_low'), ('ci_high', 'adj_high')], 1e-7)

# without --by: one row, equal to the oracle's (all)
with open(f'{tmp}/all.csv', newline='') as f:
    rows = list(csv.DictReader(f))
rep(len(rows) == 1, 'no --by: one row')
if rows:
    one = {'(all)': rows[0]}
    allo = {'(all)': un['(all)']}
    exact('no --by', one, allo, counts)
    compare('no --by', one, allo, est, 1e-9)
    compare('no --by', one, allo, [('ci_low', 'adj_low'), ('ci_high', 'adj_high')], 1e-7)

w = load(f'{tmp}/weighted.csv')
rep(list(w) == list(wt), 'weighted: groups in the oracle order')
exact('weighted', w, wt, ['n'])
exact('weighted raw counts', w, un, counts)
compare('weighted', w, wt, [(c, c) for c in ('weight_sum', 'n_eff', 'pct_promoters',
        'pct_passives', 'pct_detractors', 'nps', 'se')], 1e-9)
compare('weighted', w, wt, [('ci_low', 'ci_low'), ('ci_high', 'ci_high')], 1e-7)
print(f'1..{t}')
sys.exit(1 if bad else 0)
EOF
