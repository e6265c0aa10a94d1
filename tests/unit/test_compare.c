/* test_compare.c - two-group tests and p-value adjustment (lib/compare.c),
 * and the comparison tables through the aggregator driver.
 *
 * Expected values: the published Holm and BH examples of shared/STATS.md;
 * hand arithmetic (written out); and R (R 4.2.2, survey 4.1-1), whose
 * commands are quoted next to the numbers, so anyone can recompute them.
 * tests/t/segment_oracle.sh checks whole tables against tests/oracle/. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "compare.h"
#include "tap.h"
#include "tmpfile.h"

static void adjust(void)
{
	/* shared/STATS.md, published examples */
	static const double holm_p[5] = { .5, .003, .32, .054, .0003 };
	static const double holm_w[5] = { .64, .012, .64, .162, .0015 };
	static const double bh_p[5] = { .008, .03, .123, .6, .2 };
	static const double bh_w[5] = { .04, .075, .205, .6, .25 };
	static const double dec_p[7] = { .50, .01, .001, .69, .02, .05, .0025 };
	static const int dec_w[7] = { 0, 1, 1, 0, 1, 0, 1 };
	/* R: p.adjust(c(.01, NA, .04, .03), "holm") -> .03 NA .06 .06;
	 *    "BH" -> .03 NA .04 .04 (NA left out: m = 3) */
	static const double na_p[4] = { .01, NAN, .04, .03 };
	double adj[7];
	enum svy_adjust how;
	struct svy_error e;
	int i, good;

	ok(svy_adjust_parse("holm", &how, &e) == 0 && how == SVY_ADJUST_HOLM, "--adjust holm");
	ok(svy_adjust_parse("bh", &how, &e) == 0 && how == SVY_ADJUST_BH, "--adjust bh");
	ok(svy_adjust_parse("none", &how, &e) == 0 && how == SVY_ADJUST_NONE, "--adjust none");
	ok(svy_adjust_parse("BH", &how, &e) == SVY_EUSAGE &&
	   strstr(e.msg, "'BH' is not one of holm, bh, none"), "--adjust BH: usage error");

	svy_p_adjust(SVY_ADJUST_HOLM, holm_p, 5, adj);
	for (i = 0; i < 5; i++)
		near(adj[i], holm_w[i], 1e-12, "Holm (STATS.md) p %g -> %g", holm_p[i], holm_w[i]);
	svy_p_adjust(SVY_ADJUST_BH, bh_p, 5, adj);
	for (i = 0; i < 5; i++)
		near(adj[i], bh_w[i], 1e-12, "BH (STATS.md) p %g -> %g", bh_p[i], bh_w[i]);
	svy_p_adjust(SVY_ADJUST_BH, dec_p, 7, adj);
	for (good = 1, i = 0; i < 7; i++)
		if ((adj[i] <= 0.05) != dec_w[i])
			good = 0;
	ok(good, "BH decisions at 0.05 (STATS.md): 0 1 1 0 1 0 1");
	svy_p_adjust(SVY_ADJUST_HOLM, na_p, 4, adj);
	ok(fabs(adj[0] - .03) < 1e-15 && isnan(adj[1]) && fabs(adj[2] - .06) < 1e-15 &&
	   fabs(adj[3] - .06) < 1e-15, "Holm leaves NaN out of m (R: .03 NA .06 .06)");
	svy_p_adjust(SVY_ADJUST_BH, na_p, 4, adj);
	ok(fabs(adj[0] - .03) < 1e-15 && isnan(adj[1]) && fabs(adj[2] - .04) < 1e-15 &&
	   fabs(adj[3] - .04) < 1e-15, "BH leaves NaN out of m (R: .03 NA .04 .04)");
	svy_p_adjust(SVY_ADJUST_NONE, holm_p, 5, adj);
	ok(adj[0] == .5 && adj[4] == .0003, "none: the p-values themselves");
	ok(svy_p_adjust(SVY_ADJUST_HOLM, holm_p, 0, adj) == 0, "m = 0 is fine");
}

static void nps_tests(void)
{
	struct svy_twogroup t;

	/* P5 A3 D2 (n 10): NPS 30, p .5 d .2, v = .7 - .09 = .61,
	 *   SE = 100 sqrt(.061) = 24.698178070456940
	 * P2 A3 D5: NPS -30, the same v and SE
	 * diff 60, SE = sqrt(2) 24.69817807 = 34.928498393145965,
	 * z = 60 / 34.928498 = 1.7177950029416045, p = 2(1 - Phi(z)) =
	 * 0.085834013318437097 (R: 2*pnorm(-1.7177950029416045)) */
	svy_compare_nps_counts(5, 3, 2, 2, 3, 5, 0, &t);
	near(t.v1, 30, 1e-15, "NPS 5/3/2 = 30");
	near(t.v2, -30, 1e-15, "NPS 2/3/5 = -30");
	near(t.diff, 60, 1e-15, "diff = 60 (group 1 minus group 2)");
	near(t.se, 34.928498393145965, 1e-14, "SE = sqrt(SE1^2 + SE2^2)");
	near(t.z, 1.7177950029416045, 1e-14, "z");
	near(t.p, 0.085834013318437097, 1e-12, "p two-sided");
	ok(t.n1 == 10 && t.n2 == 10, "n of both groups");

	/* STATS.md: 341/342/341 of 1024: v = 682/1024, SE = 100 sqrt(682)/1024 =
	 * 2.5503056361719914; two such groups: sqrt(2) SE = 3.6066768188709748;
	 * diff 0, z 0, p 1 */
	svy_compare_nps_counts(341, 342, 341, 341, 342, 341, 0, &t);
	near(t.se, 3.6066768188709748, 1e-14, "n 1024, p = d = 1/3: SE of the difference");
	ok(t.diff == 0 && t.z == 0 && t.p == 1, "equal groups: diff 0, z 0, p 1");

	/* adjusted Wald (STATS.md): P+.75, D+.75, n+3 in both groups
	 * P5 A3 D2: n' 13, centre 100*3/13 = 23.076923, p' 5.75/13, d' 2.75/13,
	 *   SE' = 21.494037025977718 (R); mirrored for P2 A3 D5
	 * z = 46.153846 / sqrt(2*21.494037^2) = 1.5183605366354271,
	 * p = 0.12892353442115725 (R: 2*pnorm(-1.5183605366354271)) */
	svy_compare_nps_counts(5, 3, 2, 2, 3, 5, 1, &t);
	near(t.diff, 60, 1e-15, "adjusted: diff stays the raw 60");
	near(t.se, 30.397158672287155, 1e-14, "adjusted: SE from the adjusted counts");
	near(t.z, 1.5183605366354271, 1e-14, "adjusted: z of the adjusted centres");
	near(t.p, 0.12892353442115725, 1e-12, "adjusted: p");

	/* degenerate: an empty group; all promoters in both (SE 0) */
	svy_compare_nps_counts(3, 0, 0, 0, 0, 0, 0, &t);
	ok(t.n2 == 0 && isnan(t.v2) && isnan(t.diff) && isnan(t.se) && isnan(t.z) &&
	   isnan(t.p), "an empty group: everything undefined");
	svy_compare_nps_counts(3, 0, 0, 5, 0, 0, 0, &t);
	ok(t.diff == 0 && t.se == 0 && isnan(t.z) && isnan(t.p),
	   "all promoters in both groups: SE 0, z and p undefined");
}

static void prop_tests(void)
{
	struct svy_twogroup t;

	/* STATS.md counts: 74 of 107 (69.16 %) against 30 of 50 (60 %);
	 * pbar = 104/157, SE = 100 sqrt(pbar(1-pbar)(1/107 + 1/50)) = 8.1007995745634176
	 * R: prop.test(c(74, 30), c(107, 50), correct = FALSE): p = 0.25821753548037052,
	 *    sqrt(X-squared) = 1.1306141351073367 */
	svy_compare_props(74, 107, 30, 50, &t);
	near(t.v1, 100.0 * 74 / 107, 1e-15, "share 1 = 69.16 %%");
	near(t.v2, 60, 1e-15, "share 2 = 60 %%");
	near(t.diff, 9.1588785046728951, 1e-13, "diff in points");
	near(t.se, 8.1007995745634176, 1e-13, "pooled SE in points");
	near(t.z, 1.1306141351073367, 1e-13, "z = sqrt of prop.test's X-squared");
	near(t.p, 0.25821753548037052, 1e-12, "p = prop.test(correct = FALSE)$p.value");
	/* R: prop.test(c(1, 9), c(10, 10), correct = FALSE)$p.value = 0.0003466193511346668 */
	svy_compare_props(1, 10, 9, 10, &t);
	near(t.p, 0.0003466193511346668, 1e-12, "1/10 against 9/10");
	ok(t.z < 0 && t.diff == -80, "the sign follows group 1 minus group 2");
	svy_compare_props(10, 10, 5, 5, &t);
	ok(t.se == 0 && isnan(t.z) && isnan(t.p), "all in the top box: SE 0, no test");
	svy_compare_props(0, 0, 5, 5, &t);
	ok(isnan(t.v1) && isnan(t.diff), "an empty group: undefined");
}

/* States built answer by answer through the metric API. */
static void states(void)
{
	struct svy_nps_params np = { SVY_NPS_CI_NONE, 0, 0 };
	struct svy_csat_params cp;
	struct svy_metric m;
	struct svy_twogroup t;
	struct svy_error e;
	double a[64], b[64];
	static const int sa[4] = { 10, 9, 7, 3 }, sb[3] = { 0, 8, 9 };
	static const int ca[4] = { 5, 4, 2, 1 }, cb[3] = { 3, 4, 5 };
	static const double wa[4] = { 1, 2, .5, 1.5 }, wb[3] = { 2, 1, 1 };
	int i;

	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &np);
	m.conf = 0.95;
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	for (i = 0; i < 4; i++)
		svy_metric_add(&m, a, sa[i], wa[i], 0);
	for (i = 0; i < 3; i++)
		svy_metric_add(&m, b, sb[i], wb[i], 0);
	/* unweighted: a P2 A1 D1 (25), b P1 A1 D1 (0) */
	svy_compare_states(&m, a, b, 0, &t, &e);
	near(t.diff, 25, 1e-15, "states, unweighted: 25 - 0");
	/* weighted.  R:
	 *   f <- function(s, w) { d <- data.frame(y = ifelse(s >= 9, 1, ifelse(s >= 7, 0, -1)), w = w)
	 *     m <- svymean(~y, svydesign(ids = ~1, weights = ~w, data = d)); 100 * c(coef(m), SE(m)) }
	 *   f(c(10, 9, 7, 3), c(1, 2, .5, 1.5)) -> 30, 57.850381733111035
	 *   f(c(0, 8, 9), c(2, 1, 1))           -> -25, 60.272817256205968
	 *   SE of the difference 83.543277208083396, z 0.65834142300894039,
	 *   p 0.51031876626496941 */
	m.weighted = 1;
	svy_compare_states(&m, a, b, 0, &t, &e);
	near(t.v1, 30, 1e-13, "weighted NPS of group 1 (svymean)");
	near(t.v2, -25, 1e-13, "weighted NPS of group 2");
	near(t.se, 83.543277208083396, 1e-12, "weighted: SE from the linearisation SEs");
	near(t.z, 0.65834142300894039, 1e-12, "weighted: z");
	near(t.p, 0.51031876626496941, 1e-12, "weighted: p");
	ok(t.n1 == 4 && t.n2 == 3, "weighted: n are the counts of answers");
	ok(svy_compare_states(&m, a, b, 1, &t, &e) == SVY_EUSAGE,
	   "adjusted-Wald with weights: usage error");

	/* top box 4-5 of 1-5, weighted.  R (same f with y = as.numeric(s >= 4)):
	 *   (5, 4, 2, 1) w (1, 2, .5, 1.5) -> 60, 30.110906108363238
	 *   (3, 4, 5)    w (2, 1, 1)       -> 50, 37.499999999999993
	 *   SE 48.092792252755153, z 0.2079313662522293, p 0.83528255765707304 */
	memset(&cp, 0, sizeof cp);
	memset(&m, 0, sizeof m);
	cp.ci = SVY_CSAT_CI_NONE;
	if (svy_csat_init(&m, "csat", &cp, &e) < 0) {
		ok(0, "csat metric: %s", e.msg);
		return;
	}
	m.conf = 0.95;
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	for (i = 0; i < 4; i++)
		svy_metric_add(&m, a, ca[i], wa[i], 0);
	for (i = 0; i < 3; i++)
		svy_metric_add(&m, b, cb[i], wb[i], 0);
	svy_compare_states(&m, a, b, 0, &t, &e);
	near(t.v1, 50, 1e-15, "csat states, unweighted: 2 of 4 = 50 %%");
	near(t.v2, 100.0 * 2 / 3, 1e-15, "2 of 3");
	m.weighted = 1;
	svy_compare_states(&m, a, b, 0, &t, &e);
	near(t.v1, 60, 1e-13, "weighted share of group 1 (svymean)");
	near(t.v2, 50, 1e-13, "weighted share of group 2");
	near(t.se, 48.092792252755153, 1e-12, "weighted: SE of the difference");
	near(t.z, 0.2079313662522293, 1e-12, "weighted: z");
	near(t.p, 0.83528255765707304, 1e-12, "weighted: p");
	ok(svy_compare_states(&m, a, b, 1, &t, &e) == SVY_EUSAGE,
	   "adjusted-Wald for a share: usage error");
}

/* The tables, through the driver (svy_run_with and the finish hook).
 * R for the expected rows (rounded as printed: %.2f, p %.4f):
 *   d <- data.frame(g = c("a","a","a","a","b","b","b","c","c"),
 *                   s = c(10, 9, 7, 3, 0, 8, 9, 10, 10))
 *   each group against the others with the STATS.md formulas; p.adjust holm
 * Hand check of a: P2 A1 D1 -> 25, SE 41.4578; rest 0 8 9 10 10 -> P3 A1 D1
 * -> 40, v = .6 + .2 - .16 = .64, SE 35.7771; SE of diff sqrt(1718.75 + 1280)
 * = 54.76. */
static const char input[] = "g,nps\na,10\nb,0\nc,10\na,9\nb,8\na,7\nc,10\nb,9\na,3\n";

static const char want_rest[] =
	"g,n,value,rest_n,rest_value,diff,se,z,p,p_adj,significant,low_base\n"
	"a,4,25.00,5,40.00,-15.00,54.76,-0.27,0.7841,0.7841,0,0\n"
	"b,3,0.00,6,50.00,-50.00,56.52,-0.88,0.3763,0.7527,0,0\n"
	"c,2,100.00,7,14.29,85.71,31.48,2.72,0.0065,0.0194,1,1\n";

static const char want_pairs[] =
	"segment_a,segment_b,n_a,value_a,n_b,value_b,diff,se,z,p,p_adj,significant,low_base\n"
	"a,b,4,25.00,3,0.00,25.00,62.78,0.40,0.6905,0.6905,0,0\n"
	"a,c,4,25.00,2,100.00,-75.00,41.46,-1.81,0.0704,0.1057,0,1\n"
	"b,c,3,0.00,2,100.00,-100.00,47.14,-2.12,0.0339,0.1017,0,1\n";

static int run_compare(struct svy_compare_opts *o, const char *in, const char *out,
                       struct svy_error *e)
{
	struct svy_nps_params np = { SVY_NPS_CI_NONE, 0, 0 };
	struct svy_run_hooks h;
	struct svy_run_summary sum;
	struct svy_metric m;
	struct svy_common c;
	struct svy_agg a;

	memset(&h, 0, sizeof h);
	memset(&m, 0, sizeof m);
	memset(&c, 0, sizeof c);
	svy_agg_init(&a);
	a.by = "g";
	a.min_n = 3;
	c.output = out;
	c.precision = 2;
	svy_nps_init(&m, "nps", &np);
	h.finish = svy_compare_finish;
	h.ctx = o;
	svy_error_clear(e);
	return svy_run_with(&a, &m, &c, &in, 1, &h, &sum, e);
}

static void tables(void)
{
	struct svy_compare_opts o = { 0, SVY_ADJUST_HOLM, 0.05, 0 };
	const char *in = tmp_with(input), *out = tmp_with("");
	struct svy_error e;
	int rc;

	rc = run_compare(&o, in, out, &e);
	ok(rc == 0, "compare through the driver");
	is_str(slurp(out), want_rest, "each segment against the rest (values from R)");
	o.pairwise = 1;
	o.adjust = SVY_ADJUST_BH;
	rc = run_compare(&o, in, out, &e);
	ok(rc == 0, "pairwise through the driver");
	is_str(slurp(out), want_pairs, "every pair, a - b in sorted order, BH (values from R)");
	o.pairwise = 0;
	o.alpha = 0.01;
	o.adjust = SVY_ADJUST_HOLM;
	run_compare(&o, in, out, &e);
	ok(strstr(slurp(out), "c,2,100.00,7,14.29,85.71,31.48,2.72,0.0065,0.0194,0,1\n") != NULL,
	   "--alpha 0.01: c is no longer significant");
	o.adjust = SVY_ADJUST_NONE;
	run_compare(&o, in, out, &e);
	ok(strstr(slurp(out), "b,3,0.00,6,50.00,-50.00,56.52,-0.88,0.3763,0.3763,0,0\n") != NULL,
	   "--adjust none: p_adj = p");

	/* one segment: the rest is empty, nothing to test */
	in = tmp_with("g,nps\na,10\na,3\n");
	o.adjust = SVY_ADJUST_HOLM;
	run_compare(&o, in, out, &e);
	is_str(slurp(out), "g,n,value,rest_n,rest_value,diff,se,z,p,p_adj,significant,low_base\n"
	       "a,2,0.00,0,,,,,,,,1\n", "one segment: rest empty, statistics empty");
	in = tmp_with("g,nps\n");
	run_compare(&o, in, out, &e);
	is_str(slurp(out), "g,n,value,rest_n,rest_value,diff,se,z,p,p_adj,significant,low_base\n",
	       "header only: the header");
	o.adjusted = 1;
	in = tmp_with(input);
	rc = run_compare(&o, in, out, &e);
	ok(rc == 0, "adjusted-Wald table runs unweighted");
}

int main(void)
{

	adjust();
	nps_tests();
	prop_tests();
	states();
	tables();
	tmp_cleanup();
	return done();
}
