#!/usr/bin/env python3
"""Generate samples/survey.csv: a made-up, tidy NPS/CSAT survey file.

Deterministic: a fixed seed and only the standard library, so running

    python3 scripts/make-sample.py            # writes samples/survey.csv
    python3 scripts/make-sample.py -o -       # writes to stdout

always produces the same bytes (LF line endings, RFC 4180 quoting).
No real respondents: every value is drawn from the distributions below.
"""

import argparse
import csv
import io
import os
import random
import sys

SEED = 20240601
N_ROWS = 400

# Region sizes are deliberately unequal; Central is small (below the default
# --min-n of 30) so that the low_base flag shows.
REGION_SIZES = [("North", 118), ("South", 102), ("East", 91), ("West", 69), ("Central", 20)]

# Region effect on the promoter / detractor propensity (mild differences).
REGION_SHIFT = {"North": 0.06, "South": -0.05, "East": 0.02, "West": -0.10, "Central": 0.00}

PLANS = [("Free", 0.35), ("Basic", 0.30), ("Pro", 0.25), ("Enterprise", 0.10)]
PLAN_SHIFT = {"Free": -0.04, "Basic": 0.00, "Pro": 0.03, "Enterprise": 0.05}

# 18 months: 2024-01 .. 2025-06
MONTHS = [(2024 + (m // 12), m % 12 + 1) for m in range(18)]

DAYS_IN_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30,
                 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}

PROMOTER_COMMENTS = [
    "Great product, would recommend",
    "Love the new dashboard",
    "Support answered within minutes",
    "Does exactly what we need",
    "Très bien, merci !",
    "Super Service, schnell und zuverlässig",
    "Fast, reliable, and cheap",
    "Export to CSV is a life saver \U0001F44D",
    "Onboarding was painless",
    'The "smart filters" feature is brilliant',
    "Best tool we've used this year",
    "Everything just works",
]
PASSIVE_COMMENTS = [
    "OK overall",
    "Fine, but the mobile app is slow",
    "Good value, though reports could be better",
    "Does the job",
    "Pricing is a bit high for what you get",
    "Would like more integrations, e.g. Slack, Teams",
    'Setup was "easy enough"',
    "Décent, rien de spécial",
    "Works; documentation is thin",
]
DETRACTOR_COMMENTS = [
    "Too expensive",
    "Billing errors, twice",
    "Support never called back",
    "App crashes on login",
    'Your "unlimited" plan is not unlimited',
    "Slow, buggy, and the UI is confusing",
    "Moved to a competitor",
    "Frühere Version war besser",
    "Data sync lost a week of entries \U0001F620",
    "Cancelled; nobody answered my ticket",
]
NEUTRAL_COMMENTS = [
    "n/a",
    "-",
    "No comment",
]

# Exactly two multi-line comments (embedded LF inside a quoted field), placed
# on the first suitable row at or after a fixed position so that they do not
# show up in `head` output.
MULTILINE_COMMENTS = [
    (40, lambda nps: nps is not None and nps <= 6,
     "Export broke after the update.\nPlease fix it!"),
    (200, lambda nps: nps is not None and 7 <= nps <= 8,
     "Two wishes:\n1) faster reports, 2) a \"dark mode\""),
]


def pick_weighted(rng, pairs):
    r = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]


def draw_nps(rng, region, plan, month_index):
    # Mild upward trend: promoter propensity rises, detractor propensity falls.
    trend = 0.007 * month_index
    shift = REGION_SHIFT[region] + PLAN_SHIFT[plan]
    p_prom = min(0.80, max(0.05, 0.34 + shift + trend))
    p_det = min(0.80, max(0.05, 0.30 - shift - trend))
    u = rng.random()
    if u < p_prom:
        return rng.choice([9, 9, 10, 10, 10])
    if u < p_prom + p_det:
        # detractors cluster at 5-6, with a long tail down to 0
        return pick_weighted(rng, [(0, 0.06), (1, 0.03), (2, 0.05), (3, 0.08),
                                   (4, 0.10), (5, 0.26), (6, 0.42)])
    return rng.choice([7, 8, 8])


def draw_csat(rng, nps):
    # Skewed high, loosely tied to the NPS answer.
    if nps is None:
        base = [(1, 0.05), (2, 0.08), (3, 0.17), (4, 0.38), (5, 0.32)]
    elif nps >= 9:
        base = [(1, 0.01), (2, 0.02), (3, 0.07), (4, 0.35), (5, 0.55)]
    elif nps >= 7:
        base = [(1, 0.02), (2, 0.05), (3, 0.18), (4, 0.50), (5, 0.25)]
    else:
        base = [(1, 0.12), (2, 0.20), (3, 0.28), (4, 0.28), (5, 0.12)]
    return pick_weighted(rng, base)


def draw_comment(rng, nps):
    if rng.random() < 0.62:
        return ""
    if rng.random() < 0.06:
        return rng.choice(NEUTRAL_COMMENTS)
    if nps is None:
        return rng.choice(NEUTRAL_COMMENTS + PASSIVE_COMMENTS)
    if nps >= 9:
        return rng.choice(PROMOTER_COMMENTS)
    if nps >= 7:
        return rng.choice(PASSIVE_COMMENTS)
    return rng.choice(DETRACTOR_COMMENTS)


def draw_weight(rng, region):
    # Post-stratification-like weights: small regions weighted up a little.
    centre = {"North": 0.85, "South": 1.0, "East": 1.05, "West": 1.2, "Central": 1.5}[region]
    w = rng.gauss(centre, 0.25)
    return min(2.0, max(0.5, w))


def build_rows(rng):
    regions = [r for r, k in REGION_SIZES for _ in range(k)]
    assert len(regions) == N_ROWS
    rng.shuffle(regions)

    # Every month gets at least 12 rows; the rest are spread with more
    # responses in later months (growing customer base).
    month_of = [i % len(MONTHS) for i in range(12 * len(MONTHS))]
    extra = N_ROWS - len(month_of)
    month_of += [pick_weighted(rng, [(i, 1.0 + i / 8.0) for i in range(len(MONTHS))])
                 for _ in range(extra)]

    stamps = []
    for mi in month_of:
        y, m = MONTHS[mi]
        dim = DAYS_IN_MONTH[m] if not (m == 2 and y % 4) else 28
        stamps.append((mi, "%04d-%02d-%02dT%02d:%02d:%02d" % (
            y, m, rng.randint(1, dim), rng.randint(6, 22),
            rng.randint(0, 59), rng.randint(0, 59))))
    stamps.sort(key=lambda s: s[1])

    rows = []
    for i, ((mi, stamp), region) in enumerate(zip(stamps, regions), start=1):
        plan = pick_weighted(rng, PLANS)
        nps = draw_nps(rng, region, plan, mi)
        csat = draw_csat(rng, nps)
        if rng.random() < 0.02:
            nps = None
        if rng.random() < 0.02:
            csat = None
        rows.append([
            "R%04d" % i,
            stamp,
            region,
            plan,
            "" if nps is None else str(nps),
            "" if csat is None else str(csat),
            "%.2f" % draw_weight(rng, region),
            draw_comment(rng, nps),
        ])
    for start, fits, text in MULTILINE_COMMENTS:
        i = next(i for i in range(start, len(rows)) if fits(None if rows[i][4] == "" else int(rows[i][4])))
        rows[i][7] = text
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "samples", "survey.csv")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default=default_out,
                    help="output file ('-' for stdout; default samples/survey.csv)")
    args = ap.parse_args()

    rng = random.Random(SEED)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["respondent_id", "date", "region", "plan", "nps", "csat", "weight", "comment"])
    w.writerows(build_rows(rng))
    data = buf.getvalue().encode("utf-8")

    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(args.output, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
