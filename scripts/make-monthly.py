#!/usr/bin/env python3
"""Generate samples/monthly.csv: two years of a made-up monthly NPS/CSAT survey.

Deterministic: a fixed seed and only the standard library, so running

    python3 scripts/make-monthly.py            # writes samples/monthly.csv
    python3 scripts/make-monthly.py -o -       # writes to stdout

always produces the same bytes (LF line endings, RFC 4180 quoting).
No real respondents: every value is drawn from the distributions below.

The story the file tells (what `trend` should find in it):
  - North is steady and high, East steady and lower, West improves.
  - South slides slowly for 21 months, then dips hard in 2025-04..2025-06:
    the last month is far below the one before, below its control limit,
    and the slide makes a significant downward trend.
Each region-month gets a chosen number of answers and chosen shares of
promoters and detractors (with a little seeded noise); the scores are then
drawn inside each category, so the monthly NPS is what the plan says.
"""

import argparse
import csv
import io
import os
import random
import sys

SEED = 20250701

# 24 months: 2023-07 .. 2025-06
MONTHS = [(2023 + (6 + i) // 12, (6 + i) % 12 + 1) for i in range(24)]
REGIONS = ["North", "South", "East", "West"]
PLANS = [("Free", 0.35), ("Basic", 0.30), ("Pro", 0.25), ("Enterprise", 0.10)]


def plan_shares(region, i):
    """(promoter share, detractor share) of region in month i (0..23)."""
    if region == "North":
        return 0.52 + 0.002 * i, 0.17 - 0.001 * i
    if region == "East":
        return 0.45, 0.22
    if region == "West":
        return 0.36 + 0.006 * i, 0.30 - 0.005 * i
    # South: a slow slide, then the dip of the last three months
    dip = {21: (0.40, 0.25), 22: (0.36, 0.30), 23: (0.22, 0.50)}
    if i in dip:
        return dip[i]
    return 0.56 - 0.004 * i, 0.15 + 0.003 * i


def answers(rng, region, i):
    """How many answers region gets in month i (more in later months)."""
    n = rng.randint(38, 52) + i // 4
    if region == "South" and i >= 21:
        n += 8          # unhappy customers answer more
    return n


def pick_weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    u = rng.random() * total
    for v, w in pairs:
        u -= w
        if u < 0:
            return v
    return pairs[-1][0]


def category_scores(rng, n, p, d):
    """n NPS answers with round(p n) promoters and round(d n) detractors."""
    p = min(0.95, max(0.02, p + rng.gauss(0, 0.025)))
    d = min(0.95, max(0.02, d + rng.gauss(0, 0.02)))
    P = round(p * n)
    D = min(n - P, round(d * n))
    scores = [rng.choice([9, 10, 10]) for _ in range(P)]
    scores += [pick_weighted(rng, [(0, 0.05), (1, 0.03), (2, 0.05), (3, 0.08),
                                   (4, 0.11), (5, 0.26), (6, 0.42)]) for _ in range(D)]
    scores += [rng.choice([7, 8, 8]) for _ in range(n - P - D)]
    rng.shuffle(scores)
    return scores


def draw_csat(rng, nps):
    if nps >= 9:
        base = [(1, 0.01), (2, 0.02), (3, 0.07), (4, 0.35), (5, 0.55)]
    elif nps >= 7:
        base = [(1, 0.02), (2, 0.05), (3, 0.18), (4, 0.50), (5, 0.25)]
    else:
        base = [(1, 0.12), (2, 0.20), (3, 0.28), (4, 0.28), (5, 0.12)]
    return pick_weighted(rng, base)


COMMENTS = {
    "promoter": ["Great product", "Support answered within minutes",
                 "Fast, reliable, and cheap", "Everything just works",
                 'The "smart filters" are brilliant'],
    "passive": ["OK overall", "Does the job", "Pricing is a bit high",
                "Would like more integrations, e.g. Slack"],
    "detractor": ["Too expensive", "Support never called back",
                  "Outage last week, again", "Billing errors, twice",
                  'Your "unlimited" plan is not unlimited'],
}


def draw_comment(rng, nps):
    if rng.random() < 0.8:
        return ""
    kind = "promoter" if nps >= 9 else "passive" if nps >= 7 else "detractor"
    return rng.choice(COMMENTS[kind])


def days_in(y, m):
    if m == 2:
        return 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def build_rows(rng):
    rows = []
    for i, (y, m) in enumerate(MONTHS):
        for region in REGIONS:
            p, d = plan_shares(region, i)
            for nps in category_scores(rng, answers(rng, region, i), p, d):
                stamp = "%04d-%02d-%02dT%02d:%02d:%02d" % (
                    y, m, rng.randint(1, days_in(y, m)), rng.randint(6, 22),
                    rng.randint(0, 59), rng.randint(0, 59))
                rows.append([stamp, region, nps])
    rows.sort(key=lambda r: (r[0], r[1]))
    out = []
    for k, (stamp, region, nps) in enumerate(rows, start=1):
        plan = pick_weighted(rng, PLANS)
        csat = draw_csat(rng, nps)
        comment = draw_comment(rng, nps)
        weight = min(2.0, max(0.5, rng.gauss(1.0, 0.25)))
        nps_cell = str(nps)
        csat_cell = str(csat)
        # a few blank answers, as real exports have
        if rng.random() < 0.004:
            nps_cell = ""
        if rng.random() < 0.006:
            csat_cell = ""
        out.append(["M%05d" % k, stamp, region, plan, nps_cell, csat_cell,
                    "%.2f" % weight, comment])
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "samples", "monthly.csv")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default=default_out,
                    help="output file ('-' for stdout; default samples/monthly.csv)")
    args = ap.parse_args()

    rng = random.Random(SEED)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["respondent_id", "date", "region", "plan", "nps", "csat", "weight",
                "comment"])
    w.writerows(build_rows(rng))
    data = buf.getvalue().encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(args.output, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
