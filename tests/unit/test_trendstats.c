/* test_trendstats.c - Mann-Kendall, tau-b, Sen's slope, WLS and control limits
 * (lib/trendstats.h) against STATS.md's published examples, R, and hand
 * arithmetic written out in the comments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "trendstats.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Long series against the definitions written out here: S as the sum of
 * sgn(y_j - y_i) over every pair, Sen's slope and bounds from the fully
 * sorted slopes (the rule of STATS.md, ranks as trend::sens.slope).  The
 * library counts S by merge-sort inversions and selects three ranks; the
 * doubles must be the same, bit for bit.  Series: many ties (0-2), a
 * trend with ties, distinct values; lengths up to 1500, gaps in t. */
static void long_series_by_definition(void)
{
	static double t[1500], y[1500], d[1500 * 1499 / 2];
	static const size_t lens[] = { 2, 3, 4, 5, 17, 64, 65, 700, 1500 };
	unsigned long seed = 20261207;
	size_t li, kind, i, j;
	int all_s = 1, all_sen = 1;

	for (li = 0; li < sizeof lens / sizeof *lens; li++)
		for (kind = 0; kind < 3; kind++) {
			const size_t n = lens[li];
			size_t nd = n * (n - 1) / 2, k = 0;
			double S = 0, tt = 0, C, rlo, rup, want_mid, want_lo = NAN, want_hi = NAN;
			struct svy_mk mk;
			struct svy_sen sen;

			for (i = 0; i < n; i++) {
				seed = seed * 6364136223846793005UL + 1442695040888963407UL;
				tt += 1 + (double)(seed >> 62);              /* gaps of 0-3 */
				t[i] = tt;
				y[i] = kind == 0 ? (double)(seed >> 33 & 3) - 1   /* -1..2 */
				     : kind == 1 ? (double)i / 4 + (double)(seed >> 40 & 7)
				     : (double)(seed >> 11) / 9007199254740992.0;
			}
			for (i = 0; i + 1 < n; i++)
				for (j = i + 1; j < n; j++) {
					S += y[j] > y[i] ? 1 : y[j] < y[i] ? -1 : 0;
					d[k++] = (y[j] - y[i]) / (t[j] - t[i]);
				}
			svy_mk_test(y, n, &mk);
			all_s &= mk.s == S;
			qsort(d, nd, sizeof *d, cmp);
			want_mid = nd % 2 ? d[nd / 2] : (d[nd / 2 - 1] + d[nd / 2]) / 2;
			if (mk.var_s > 0) {
				C = 1.959963984540054 * sqrt(mk.var_s);   /* qnorm(0.975) */
				rlo = rint((nd - C) / 2);
				rup = rint((nd + C) / 2 + 1);
				if (rlo >= 1 && rlo <= nd)
					want_lo = d[(size_t)rlo - 1];
				if (rup >= 1 && rup <= nd)
					want_hi = d[(size_t)rup - 1];
			}
			svy_sen_slope(t, y, n, mk.var_s, 0.95, &sen);
			all_sen &= memcmp(&sen.slope, &want_mid, sizeof want_mid) == 0 &&
			           (isnan(want_lo) ? isnan(sen.lo) : sen.lo == want_lo) &&
			           (isnan(want_hi) ? isnan(sen.hi) : sen.hi == want_hi);
		}
	ok(all_s, "S of 27 long series = the sum over every pair");
	ok(all_sen, "Sen's slope and bounds of 27 long series = those of the sorted slopes");
	{
		/* y = 0..n-1 rising: every pair concordant, S = n(n-1)/2; falling:
		 * the negative; n = 100000 would be 5e9 pairs by the definition */
		static double up[100000];
		struct svy_mk mk;
		for (i = 0; i < 100000; i++)
			up[i] = (double)i;
		svy_mk_test(up, 100000, &mk);
		ok(mk.s == 4999950000.0, "S of 100000 rising values = 100000*99999/2 = 4999950000");
		for (i = 0; i < 100000; i++)
			up[i] = -(double)i;
		svy_mk_test(up, 100000, &mk);
		ok(mk.s == -4999950000.0, "S of 100000 falling values = -4999950000");
	}
}

int main(void)
{
	/* STATS.md, Trend, published Mann-Kendall example */
	static const double y14[] = { 12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3,
	                              15.9, 19.0, 18.3, 20.1, 21.7 };
	double t14[14];
	struct svy_mk mk;
	struct svy_sen sen;
	struct svy_wls w;
	double c, lo, hi;
	size_t i;

	for (i = 0; i < 14; i++)
		t14[i] = (double)i + 1;
	ok(svy_mk_test(y14, 14, &mk) == 0, "mk on the published series");
	/* published: S = 54, Var S = 332.667, Z = 2.9058, p = 0.00366 */
	ok(mk.s == 54, "published S = 54");
	near(mk.var_s, 332.667, 0.0005 / 332.667, "published Var S = 332.667");
	/* hand: one tie group of two (12.9): (14*13*33 - 2*1*9)/18 = 5988/18 */
	near(mk.var_s, 5988.0 / 18, 1e-15, "Var S = 5988/18 exactly");
	ok(fabs(mk.z - 2.9058) < 0.00005, "published Z = 2.9058");
	ok(fabs(mk.p - 0.00366) < 0.000005, "published two-sided p = 0.00366");
	ok(fabs(mk.p / 2 - 0.0018) < 0.00005, "published one-sided p = 0.0018");
	/* R: cor.test(1:14, y, method = "kendall", exact = FALSE, continuity = TRUE)
	 * (tests/oracle/trend_published.txt) */
	near(mk.z, 2.9058368459965367, 1e-13, "z as R's cor.test");
	near(mk.p, 0.0036627237628824405, 1e-12, "p as R's cor.test");
	near(mk.tau, 0.59669418971861621, 1e-13, "tau-b as R's cor.test");
	/* Sen's slope by trend::sens.slope's rule, written out in trend.R */
	ok(svy_sen_slope(t14, y14, 14, mk.var_s, 0.95, &sen) == 0, "sen on the published series");
	near(sen.slope, 0.56666666666666698, 1e-13, "sen slope as R");
	near(sen.lo, 0.32500000000000018, 1e-13, "sen lower limit as R");
	near(sen.hi, 0.86666666666666659, 1e-13, "sen upper limit as R");

	/* hand: 1 2 3 -> S = 3, Var S = 3*2*11/18 = 11/3, Z = 2/sqrt(11/3),
	 * tau = 3/sqrt(3*3) = 1 */
	{
		static const double y[] = { 1, 2, 3 };
		svy_mk_test(y, 3, &mk);
		ok(mk.s == 3, "1 2 3: S = 3");
		near(mk.var_s, 11.0 / 3, 1e-15, "1 2 3: Var S = 11/3");
		near(mk.z, 2 / sqrt(11.0 / 3), 1e-15, "1 2 3: Z = (3 - 1)/sqrt(11/3)");
		near(mk.tau, 1, 1e-15, "1 2 3: tau 1");
		/* R: 2*pnorm(-2/sqrt(11/3)) */
		near(mk.p, 0.29626987148428635, 1e-13, "1 2 3: p = 2(1 - Phi(1.04447)) = 0.29627");
	}
	/* hand: 5 3 3 1 -> pairs (i<j): 3-5 -, 3-5 -, 1-5 -, 3-3 0, 1-3 -, 1-3 - : S = -5;
	 * ties: one group of 2: Var S = (4*3*13 - 2*1*9)/18 = 138/18;
	 * Z = (-5 + 1)/sqrt(138/18); tau-b = -5/sqrt(6 * (6 - 1)) */
	{
		static const double y[] = { 5, 3, 3, 1 };
		svy_mk_test(y, 4, &mk);
		ok(mk.s == -5, "5 3 3 1: S = -5");
		near(mk.var_s, 138.0 / 18, 1e-15, "5 3 3 1: Var S = 138/18");
		near(mk.z, -4 / sqrt(138.0 / 18), 1e-15, "5 3 3 1: continuity-corrected Z");
		near(mk.tau, -5 / sqrt(30.0), 1e-15, "5 3 3 1: tau-b = -5/sqrt(30)");
	}
	/* all equal: one tie group of 3, Var S = (66 - 66)/18 = 0: no test */
	{
		static const double y[] = { 7, 7, 7 };
		svy_mk_test(y, 3, &mk);
		ok(mk.s == 0 && mk.var_s == 0, "7 7 7: S = 0, Var S = 0");
		ok(isnan(mk.z) && isnan(mk.p) && isnan(mk.tau), "7 7 7: z, p, tau empty");
	}
	/* n = 2: S and Var S exist, no test; n = 1 and 0: nothing */
	{
		static const double y[] = { 1, 2 };
		svy_mk_test(y, 2, &mk);
		ok(mk.s == 1 && mk.var_s == 1 && isnan(mk.z) && isnan(mk.p),
		   "n = 2: S = 1, Var S = 2*1*9/18 = 1, no z");
		svy_mk_test(y, 1, &mk);
		ok(isnan(mk.s) && isnan(mk.var_s) && isnan(mk.z), "n = 1: all empty");
		svy_mk_test(y, 0, &mk);
		ok(isnan(mk.s), "n = 0: all empty");
	}

	/* Sen with gaps: t 0 1 3, y 1 2 4: slopes 1/1, 3/3, 2/2 -> median 1 */
	{
		static const double t[] = { 0, 1, 3 }, y[] = { 1, 2, 4 };
		svy_mk_test(y, 3, &mk);
		svy_sen_slope(t, y, 3, mk.var_s, 0.95, &sen);
		near(sen.slope, 1, 0, "gaps: slopes over whole periods, median 1");
		/* N = 3, C = 1.959964 * sqrt(11/3) = 3.7530: ranks round(-0.3765) = 0
		 * and round(4.3765) = 4 fall outside 1..3: both limits empty */
		ok(isnan(sen.lo) && isnan(sen.hi), "n = 3: interval ranks outside 1..N");
	}
	/* t 0 1 2, y 1 3 2: slopes 2, 0.5, -1 -> median 0.5 (odd N) */
	{
		static const double t[] = { 0, 1, 2 }, y[] = { 1, 3, 2 };
		svy_sen_slope(t, y, 3, 11.0 / 3, 0.95, &sen);
		near(sen.slope, 0.5, 0, "median of 2, 0.5, -1 is 0.5");
	}
	/* even N: t 0..3, y 0 1 3 2: slopes 1, 1.5, 0.667, 2, 0.5, -1 -> sorted
	 * -1 .5 .667 1 1.5 2: median (0.667 + 1)/2 = 5/6.  Var S (S = 4, no ties)
	 * = 4*3*13/18 = 26/3; C = z(0.5) sqrt(26/3) = 0.67449 * 2.94392 = 1.98565;
	 * ranks round((6 - 1.98565)/2) = round(2.0072) = 2 -> 0.5 and
	 * round((6 + 1.98565)/2 + 1) = round(4.9928) = 5 -> 1.5 */
	{
		static const double t[] = { 0, 1, 2, 3 }, y[] = { 0, 1, 3, 2 };
		svy_mk_test(y, 4, &mk);
		svy_sen_slope(t, y, 4, mk.var_s, 0.5, &sen);
		near(sen.slope, 5.0 / 6, 1e-15, "even N: mean of the middle two slopes");
		near(sen.lo, 0.5, 0, "50%% interval: rank 2 of 6");
		near(sen.hi, 1.5, 0, "50%% interval: rank 5 of 6");
	}
	{
		static const double t[] = { 0 }, y[] = { 1 };
		svy_sen_slope(t, y, 1, NAN, 0.95, &sen);
		ok(isnan(sen.slope) && isnan(sen.lo), "n = 1: no slope");
	}

	/* WLS against R:
	 *   x <- 0:4; y <- c(1,3,2,5,4); se <- c(1,2,1,2,1)
	 *   summary(lm(y ~ x, weights = 1/se^2))$coefficients
	 * slope 0.7647058823529409 (= 13/17), SE 0.23318381387414472,
	 * p 0.046446393009928352; known-variance SE 0.34299717028501769;
	 * weighted residual sum of squares 1.3865546218487399 */
	{
		static const double x[] = { 0, 1, 2, 3, 4 }, y[] = { 1, 3, 2, 5, 4 },
		                    se[] = { 1, 2, 1, 2, 1 };
		ok(svy_wls_fit(x, y, se, 5, &w) == 0, "wls runs");
		near(w.slope, 0.7647058823529409, 1e-13, "wls slope as lm");
		near(w.intercept, 1.0420168067226903, 1e-13, "wls intercept as lm");
		near(w.se, 0.23318381387414472, 1e-12, "wls SE as summary(lm)");
		near(w.p, 0.046446393009928352, 1e-11, "wls p as summary(lm), t on 3 df");
		near(w.se_known, 0.34299717028501769, 1e-12, "SE with the se known");
		near(w.chisq, 1.3865546218487399, 1e-12, "weighted residual sum of squares");
		ok(w.k == 5 && w.dropped == 0, "k = 5, none dropped");
	}
	/* the same with two extra periods whose se is 0 or NaN: dropped, counted */
	{
		static const double x[] = { 0, 1, 2, 3, 4, 5, 6 }, y[] = { 1, 3, 2, 5, 4, 100, 100 },
		                    se[] = { 1, 2, 1, 2, 1, 0, NAN };
		svy_wls_fit(x, y, se, 7, &w);
		ok(w.k == 5 && w.dropped == 2, "se 0 and NaN: 2 periods dropped");
		near(w.slope, 0.7647058823529409, 1e-13, "and the fit is that of the rest");
	}
	/* two points: a slope, no SE (0 df) */
	{
		static const double x[] = { 0, 2 }, y[] = { 1, 5 }, se[] = { 1, 1 };
		svy_wls_fit(x, y, se, 2, &w);
		near(w.slope, 2, 1e-15, "two points: slope (5 - 1)/2");
		ok(isnan(w.se) && isnan(w.p), "two points: no SE, no p");
	}
	{
		static const double x[] = { 0 }, y[] = { 1 }, se[] = { 1 };
		svy_wls_fit(x, y, se, 1, &w);
		ok(isnan(w.slope), "one point: no slope");
		svy_wls_fit(x, y, se, 0, &w);
		ok(isnan(w.slope) && w.k == 0, "no point: no slope");
	}

	/* STATS.md published p-chart: 20 samples of 100, 117 defectives:
	 * p = 0.0585, UCL = 0.1289, LCL = 0 (clipped) */
	svy_pchart(117, 2000, 100, &c, &lo, &hi);
	near(c, 0.0585, 1e-15, "p-chart: p = 117/2000 = 0.0585");
	ok(fabs(hi - 0.1289) < 0.00005, "p-chart: UCL = 0.1289");
	ok(lo == 0, "p-chart: LCL clipped to 0");
	/* R: pbar + 3*sqrt(pbar*(1-pbar)/100) (tests/oracle/trend_published.txt) */
	near(hi, 0.12890594790214815, 1e-14, "p-chart: UCL as R");

	/* NPS chart, hand: P 50, D 20, n 100 -> centre 30; v = .5 + .2 - .3^2 = .61;
	 * n_k = 25: h = 300 sqrt(.61/25) = 300 * 0.15620499351813308 = 46.861498055439924 */
	svy_npschart(50, 20, 100, 25, &c, &lo, &hi);
	near(c, 30, 1e-15, "NPS chart: centre 100(P - D)/n = 30");
	near(lo, 30 - 46.861498055439924, 1e-13, "NPS chart: LCL -16.8615");
	near(hi, 30 + 46.861498055439924, 1e-13, "NPS chart: UCL 76.8615");
	/* n_k = 1: h = 300 sqrt(.61) = 234.3 -> clipped to the scale */
	svy_npschart(50, 20, 100, 1, &c, &lo, &hi);
	ok(lo == -100 && hi == 100, "NPS chart: limits clipped to -100..100");
	svy_npschart(0, 0, 0, 10, &c, &lo, &hi);
	ok(isnan(c) && isnan(lo) && isnan(hi), "NPS chart: no answers, no limits");
	svy_control_limits(10, 2, 0, -100, 100, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "a period without answers has no limits");

	/* out: strictly outside */
	ok(svy_control_out(5, 1, 5) == 0, "on the UCL is inside");
	ok(svy_control_out(1, 1, 5) == 0, "on the LCL is inside");
	ok(svy_control_out(5.000001, 1, 5) == 1, "above the UCL");
	ok(svy_control_out(0.5, 1, 5) == -1, "below the LCL");
	ok(svy_control_out(NAN, 1, 5) == 0, "no value: not out");
	long_series_by_definition();
	return done();
}
