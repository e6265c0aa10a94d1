#!/usr/bin/env python3
"""Generate samples/drivers.csv: a made-up, tidy survey with attribute ratings.

For segment(1): labelling (tenure bins, quantiles, NPS categories, rules),
segment comparison, and key-driver analysis of NPS and CSAT on four
attribute ratings (speed, price, support, ease of use, each 1-5).

Deterministic: a fixed seed and only the standard library, so running

    python3 scripts/make-drivers.py            # writes samples/drivers.csv
    python3 scripts/make-drivers.py -o -       # writes to stdout

always produces the same bytes (LF line endings, no quoting needed).
No real respondents: every value is drawn from the model below.

The model: a general satisfaction factor g ~ N(0, 1) drives all four
ratings (so they correlate with each other, as real attribute ratings do),
and NPS and CSAT depend on the ratings' latent values with weights
support > ease > speed > price, plus noise.  Each rating is missing for a
few percent of the rows, NPS for 4 rows, CSAT for 6, tenure for 8.
"""

import argparse
import io
import math
import os
import random
import sys

SEED = 20250301
N_ROWS = 320

REGIONS = [("North", 0.32), ("South", 0.27), ("East", 0.24), ("West", 0.17)]
PLANS = [("Basic", 0.45), ("Pro", 0.38), ("Enterprise", 0.17)]

# loading of each attribute on the general factor, its mean on a 1-5 scale,
# its missing rate, and its weight in the NPS / CSAT model
ATTRS = [
    # name          load  mean  miss  nps_w  csat_w
    ("sat_speed",   0.60, 3.6,  0.03, 0.35,  0.30),
    ("sat_price",   0.45, 3.0,  0.05, 0.15,  0.10),
    ("sat_support", 0.70, 3.7,  0.06, 0.80,  0.55),
    ("sat_ease",    0.65, 3.9,  0.03, 0.50,  0.45),
]

REGION_SHIFT = {"North": 0.35, "South": -0.10, "East": 0.00, "West": -0.30}
PLAN_SHIFT = {"Basic": -0.15, "Pro": 0.05, "Enterprise": 0.25}


def pick(rng, table):
    u = rng.random()
    acc = 0.0
    for name, p in table:
        acc += p
        if u < acc:
            return name
    return table[-1][0]


def clip(v, lo, hi):
    return lo if v < lo else hi if v > hi else v


def make(rng):
    rows = []
    # dates: 2025-01-01 .. 2025-06-30, sorted
    days = sorted(rng.randrange(181) for _ in range(N_ROWS))
    month_len = [31, 28, 31, 30, 31, 30]
    for i, d in enumerate(days):
        m = 0
        while d >= month_len[m]:
            d -= month_len[m]
            m += 1
        date = "2025-%02d-%02d" % (m + 1, d + 1)
        region = pick(rng, REGIONS)
        plan = pick(rng, PLANS)
        tenure = int(rng.expovariate(1 / 16.0))
        tenure = clip(tenure, 0, 96)
        g = rng.gauss(0, 1) + REGION_SHIFT[region] + PLAN_SHIFT[plan]
        lat = {}
        vals = {}
        for name, load, mean, miss, _, _ in ATTRS:
            z = load * g + math.sqrt(1 - load * load) * rng.gauss(0, 1)
            lat[name] = z
            v = clip(int(round(mean + 0.95 * z)), 1, 5)
            vals[name] = "" if rng.random() < miss else str(v)
        s_nps = sum(w * lat[a[0]] for a, w in zip(ATTRS, [a[4] for a in ATTRS]))
        s_csat = sum(w * lat[a[0]] for a, w in zip(ATTRS, [a[5] for a in ATTRS]))
        nps = clip(int(round(7.7 + 1.25 * s_nps + rng.gauss(0, 1.3))), 0, 10)
        csat = clip(int(round(3.7 + 0.75 * s_csat + rng.gauss(0, 0.6))), 1, 5)
        weight = round(rng.uniform(0.5, 2.0), 2)
        rows.append({
            "respondent_id": "D%04d" % (i + 1),
            "date": date,
            "region": region,
            "plan": plan,
            "tenure_months": str(tenure),
            "nps": str(nps),
            "csat": str(csat),
            "sat_speed": vals["sat_speed"],
            "sat_price": vals["sat_price"],
            "sat_support": vals["sat_support"],
            "sat_ease": vals["sat_ease"],
            "weight": "%.2f" % weight,
        })
    # a few missing answers in fixed, spread-out rows
    for k in range(4):
        rows[37 + 71 * k]["nps"] = ""
    for k in range(6):
        rows[11 + 53 * k]["csat"] = ""
    for k in range(8):
        rows[5 + 39 * k]["tenure_months"] = ""
    return rows


COLS = ["respondent_id", "date", "region", "plan", "tenure_months", "nps", "csat",
        "sat_speed", "sat_price", "sat_support", "sat_ease", "weight"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("-o", "--output",
                    default=os.path.join(here, "..", "samples", "drivers.csv"),
                    help="output file, - for stdout")
    args = ap.parse_args()
    rows = make(random.Random(SEED))
    buf = io.StringIO()
    buf.write(",".join(COLS) + "\n")
    for r in rows:
        buf.write(",".join(r[c] for c in COLS) + "\n")
    if args.output == "-":
        sys.stdout.write(buf.getvalue())
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())


if __name__ == "__main__":
    main()
