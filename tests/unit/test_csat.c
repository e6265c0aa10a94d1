/* test_csat.c - the top-box metric (lib/m_csat.c) and the interval, t and
 * median helpers it adds to lib/stats.c.
 *
 * Published examples are from shared/STATS.md ("CSAT and other top-box
 * shares"); R values were computed with R 4.2.2 / survey 4.1-1 and are
 * recorded in tests/oracle/csat_published.txt (tests/oracle/csat.R) or in
 * the comment above the test.  Hand-worked cases show their arithmetic. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "svy.h"
#include "tap.h"

/* A metric with zeroed state; counts added by value. */
struct fix {
	struct svy_metric m;
	struct svy_csat_params p;
	double st[SVY_ST_HEAD + 3 * SVY_CSAT_MAX_VALUES];
};

static int fix_init(struct fix *f, const char *metric, int weighted)
{
	struct svy_error e;
	int rc;

	memset(&f->m, 0, sizeof f->m);
	memset(f->st, 0, sizeof f->st);
	f->p.metric = metric;
	rc = svy_csat_init(&f->m, NULL, &f->p, &e);
	f->m.weighted = weighted;
	f->m.conf = 0.95;
	f->m.min_n = 30;
	return rc;
}

static void add_n(struct fix *f, int value, double count, double w)
{
	double i;

	for (i = 0; i < count; i++)
		svy_metric_add(&f->m, f->st, value, w, 0);
}

static void est(struct fix *f, struct svy_csat_est *o)
{
	svy_csat_estimate(&f->m, f->st, o);
}

static const char *fixed(double v, int prec)
{
	static char buf[64];
	return svy_num_fixed(v, prec, buf, sizeof buf);
}

static void published(void)
{
	struct fix f = { 0 };
	struct svy_csat_est o;
	double lo, hi, conf196 = 2 * gsl_cdf_ugaussian_P(1.96) - 1;

	/* 5/4/3/2/1 = 42/32/10/9/14: top box 4-5 = 74 of 107 = 69.16 % */
	fix_init(&f, NULL, 0);
	add_n(&f, 5, 42, 1);
	add_n(&f, 4, 32, 1);
	add_n(&f, 3, 10, 1);
	add_n(&f, 2, 9, 1);
	add_n(&f, 1, 14, 1);
	est(&f, &o);
	ok(o.n == 107 && o.top == 74, "42/32/10/9/14: n 107, top 74");
	ok(o.share == 100.0 * 74 / 107, "42/32/10/9/14: share is one division 100*74/107");
	is_str(fixed(o.share, 2), "69.16", "42/32/10/9/14: 69.16 %%");

	/* 10/20/10/5/5 -> 30 of 50 = 60 % */
	fix_init(&f, NULL, 0);
	add_n(&f, 5, 10, 1);
	add_n(&f, 4, 20, 1);
	add_n(&f, 3, 10, 1);
	add_n(&f, 2, 5, 1);
	add_n(&f, 1, 5, 1);
	est(&f, &o);
	ok(o.share == 60, "10/20/10/5/5: exactly 60 %%");

	/* Wilson with z exactly 1.96 (STATS.md, 16 digits) */
	svy_prop_wilson_z(10, 100, 1.96, &lo, &hi);
	near(lo, 0.05522854161313612, 1e-13, "wilson z=1.96 10/100 low");
	near(hi, 0.1743673043676654, 1e-13, "wilson z=1.96 10/100 high");
	svy_prop_wilson_z(25, 100, 1.96, &lo, &hi);
	near(lo, 0.17545094003724265, 1e-13, "wilson z=1.96 25/100 low");
	near(hi, 0.3430464637007583, 1e-13, "wilson z=1.96 25/100 high");
	svy_prop_wilson_z(1, 11, 1.96, &lo, &hi);
	near(lo, 0.016231752262825982, 1e-13, "wilson z=1.96 1/11 low");
	near(hi, 0.3773646254862038, 1e-13, "wilson z=1.96 1/11 high");
	svy_prop_wilson_z(0, 1, 1.96, &lo, &hi);
	ok(lo == 0, "wilson z=1.96 0/1 low is 0");
	near(hi, 0.7934567085261071, 1e-13, "wilson z=1.96 0/1 high");
	/* the level-taking function at conf = 2 Phi(1.96) - 1 gives the same */
	svy_prop_wilson(10, 100, conf196, &lo, &hi);
	near(lo, 0.05522854161313612, 1e-12, "wilson at conf 2*Phi(1.96)-1, 10/100 low");
	near(hi, 0.1743673043676654, 1e-12, "wilson at conf 2*Phi(1.96)-1, 10/100 high");
	/* and at 95 % with the exact z, R prop.test(10, 100, correct = FALSE) */
	svy_prop_wilson(10, 100, 0.95, &lo, &hi);
	near(lo, 0.055229137060675094, 1e-12, "wilson 95%% 10/100 low = prop.test");
	near(hi, 0.17436566150491345, 1e-12, "wilson 95%% 10/100 high = prop.test");

	/* Clopper-Pearson (STATS.md: GSL's values; R binom.test agrees to 1e-11:
	 * 0.058191700340372111, 0.26739600249700846) */
	svy_prop_clopper_pearson(7, 50, 0.95, &lo, &hi);
	near(lo, 0.05819170033997342, 1e-10, "clopper-pearson 7/50 low");
	near(hi, 0.26739600249700846, 1e-10, "clopper-pearson 7/50 high");
	near(lo, 0.058191700340372111, 1e-10, "clopper-pearson 7/50 low = binom.test");
	svy_prop_clopper_pearson(2, 12, 0.95, &lo, &hi);
	near(lo, 0.02086253, 1e-8, "clopper-pearson 2/12 low");
	near(hi, 0.48413775, 1e-8, "clopper-pearson 2/12 high");
	near(lo, 0.020862525460092388, 1e-10, "clopper-pearson 2/12 low = binom.test");
	near(hi, 0.48413774868596704, 1e-10, "clopper-pearson 2/12 high = binom.test");
	/* binom.test(0, 5): (0, 0.52182375010498139); x = n: the upper end is 1 */
	svy_prop_clopper_pearson(0, 5, 0.95, &lo, &hi);
	ok(lo == 0, "clopper-pearson 0/5 low is 0");
	near(hi, 0.52182375010498139, 1e-10, "clopper-pearson 0/5 high = binom.test");
	svy_prop_clopper_pearson(5, 5, 0.95, &lo, &hi);
	ok(hi == 1, "clopper-pearson 5/5 high is 1");

	/* Agresti-Coull "add 2 and 2": p~ = 17/54, half-width with the exact z */
	svy_prop_agresti_coull_add(15, 50, 2, 0.95, &lo, &hi);
	near(lo, 0.1909401, 1e-7, "agresti-coull add 2 and 2, 15/50 low");
	near(hi, 0.4386896, 1e-7, "agresti-coull add 2 and 2, 15/50 high");
	/* the standard form adds z^2/2 = 1.92: the same as _add with z^2/2 */
	{
		double z = svy_z_crit(0.95), lo2, hi2;
		svy_prop_agresti_coull(15, 50, 0.95, &lo, &hi);
		svy_prop_agresti_coull_add(15, 50, z * z / 2, 0.95, &lo2, &hi2);
		ok(lo == lo2 && hi == hi2, "agresti-coull = adding z^2/2 and z^2/2");
		/* R: n~ = 50 + z^2, p~ = (15 + z^2/2)/n~ -> 0.19027070342347036 */
		near(lo, 0.19027070342347036, 1e-12, "agresti-coull 15/50 low (formula in R)");
		near(hi, 0.43826833622987310, 1e-12, "agresti-coull 15/50 high (formula in R)");
	}

	/* t interval: x 18.4, s 4.8, n 34 -> (16.73, 20.07); R:
	 * 18.4 -/+ qt(0.975, 33) * 4.8 / sqrt(34) = 16.725200824175907, 20.07479917582409 */
	svy_mean_t(18.4, 4.8, 34, 0.95, &lo, &hi);
	is_str(fixed(lo, 2), "16.73", "t interval 18.4, 4.8, 34: low 16.73");
	is_str(fixed(hi, 2), "20.07", "t interval 18.4, 4.8, 34: high 20.07");
	near(lo, 16.725200824175907, 1e-12, "t interval low = R");
	near(hi, 20.07479917582409, 1e-12, "t interval high = R");
	svy_mean_t(3, 1, 1, 0.95, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "t interval undefined at n = 1");
}

static void median(void)
{
	double a[] = { 1, 1, 1, 1 };            /* 1,2,3,4: R median 2.5 */
	double b[] = { 0, 0, 0, 2, 3 };         /* 4,4,5,5,5 on 1-5: 5 */
	double c[] = { 1, 0, 0, 2, 1 };         /* 1,4,4,5: 4 (middle two equal) */
	double d[] = { 0, 2, 0, 0, 2 };         /* 2,2,5,5: (2 + 5)/2 = 3.5, skipping zeros */
	double z[] = { 0, 0, 0 };
	double one[] = { 0, 0, 7 };
	/* weights: values 1,2,3 with w 1.5, 0.5, 2: W = 4, cumulative 1.5, 2 = W/2
	 * exactly at 2 -> (2 + 3)/2; R svyquantile(qrule = "hf2") gives 2.5 */
	double w1[] = { 1.5, 0.5, 2 };
	/* w 1, 0.5, 2: W = 3.5, cumulative 1, 1.5, 3.5 -> first above 1.75 is 3 (R: 3) */
	double w2[] = { 1, 0.5, 2 };

	ok(svy_hist_median(a, 4, 1) == 2.5, "median 1,2,3,4 = 2.5 (R averages)");
	ok(svy_hist_median(b, 5, 1) == 5, "median 4,4,5,5,5 = 5");
	ok(svy_hist_median(c, 5, 1) == 4, "median 1,4,4,5 = 4");
	ok(svy_hist_median(d, 5, 1) == 3.5, "median 2,2,5,5 = 3.5 (next value with answers)");
	ok(isnan(svy_hist_median(z, 3, 1)), "median of nothing is NaN");
	ok(svy_hist_median(one, 3, 0) == 2, "median of one value on 0-2");
	ok(svy_hist_median(w1, 3, 1) == 2.5, "weighted median, exact half -> 2.5 (svyquantile hf2)");
	ok(svy_hist_median(w2, 3, 1) == 3, "weighted median 3 (svyquantile hf2)");
	ok(svy_hist_median(a, 4, -2) == -0.5, "median -2,-1,0,1 = -0.5 (scale from -2)");
}

static void yes_no(void)
{
	static const char *const yes[] = { "yes", "Yes", "YES", "y", "Y", "true",
		"TRUE", "True", "1", "good", "Good", " yes ", "\tGOOD" };
	static const char *const no[] = { "no", "NO", "n", "N", "false", "False",
		"0", "bad", "BAD", " n " };
	static const char *const bad[] = { "maybe", "yes!", "ye", "2", "01", "na",
		"n/a", "oui", "y e s", "-1", "1.0", "T" };
	size_t i;
	int v, all;

	for (i = 0, all = 1; i < sizeof yes / sizeof yes[0]; i++)
		all &= svy_csat_yes_no(yes[i], strlen(yes[i]), &v) == 0 && v == 1;
	ok(all, "yes, y, true, 1, good in any case, spaces trimmed -> 1");
	for (i = 0, all = 1; i < sizeof no / sizeof no[0]; i++)
		all &= svy_csat_yes_no(no[i], strlen(no[i]), &v) == 0 && v == 0;
	ok(all, "no, n, false, 0, bad in any case -> 0");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(svy_csat_yes_no(bad[i], strlen(bad[i]), &v) == SVY_EINVALID,
		   "'%s' is not a yes/no answer", bad[i]);
	ok(svy_csat_yes_no("", 0, &v) == SVY_EMISSING, "blank is missing");
	ok(svy_csat_yes_no("  ", 2, &v) == SVY_EMISSING, "spaces are missing");
	ok(svy_csat_yes_no("NA", 2, &v) == SVY_EMISSING, "NA is missing");
	ok(svy_csat_yes_no("yesterday", 3, &v) == 0 && v == 1, "only len bytes are read");
}

static void options(void)
{
	struct svy_error e;
	enum svy_csat_ci ci;
	int lo, hi;

	ok(svy_csat_scale_parse("1-5", &lo, &hi, &e) == 0 && lo == 1 && hi == 5, "--scale 1-5");
	ok(svy_csat_scale_parse("0-10", &lo, &hi, &e) == 0 && lo == 0 && hi == 10, "--scale 0-10");
	ok(svy_csat_scale_parse("-3-3", &lo, &hi, &e) == 0 && lo == -3 && hi == 3, "--scale -3-3");
	ok(svy_csat_scale_parse("-5--1", &lo, &hi, &e) == 0 && lo == -5 && hi == -1, "--scale -5--1");
	ok(svy_csat_scale_parse("0-100", &lo, &hi, &e) == 0, "--scale 0-100 (101 values)");
	ok(svy_csat_scale_parse("0-101", &lo, &hi, &e) == SVY_EUSAGE, "--scale 0-101: too many values");
	ok(svy_csat_scale_parse("5-1", &lo, &hi, &e) == SVY_EUSAGE, "--scale 5-1 refused");
	is_str(e.msg, "--scale: '5-1': LO must be below HI", "--scale 5-1 message");
	ok(svy_csat_scale_parse("3-3", &lo, &hi, &e) == SVY_EUSAGE, "--scale 3-3 refused");
	ok(svy_csat_scale_parse("1_5", &lo, &hi, &e) == SVY_EUSAGE, "--scale 1_5 refused");
	ok(svy_csat_scale_parse("1-", &lo, &hi, &e) == SVY_EUSAGE, "--scale 1- refused");
	ok(svy_csat_scale_parse("1-5x", &lo, &hi, &e) == SVY_EUSAGE, "--scale 1-5x refused");
	ok(svy_csat_scale_parse("", &lo, &hi, &e) == SVY_EUSAGE, "--scale '' refused");
	ok(svy_csat_scale_parse("999999998-999999999", &lo, &hi, &e) == 0 &&
	   lo == 999999998 && hi == 999999999, "--scale with 9-digit ends");
	ok(svy_csat_scale_parse("999999999-1000000000", &lo, &hi, &e) == SVY_EUSAGE,
	   "--scale with a 10-digit end refused (svy_num_range: within +-999999999)");
	ok(svy_csat_scale_parse(" 1 - 5 ", &lo, &hi, &e) == 0 && lo == 1 && hi == 5,
	   "--scale: spaces around the bounds");

	ok(svy_csat_ci_parse("wilson", &ci, &e) == 0 && ci == SVY_CSAT_CI_WILSON, "--ci wilson");
	ok(svy_csat_ci_parse("clopper-pearson", &ci, &e) == 0 && ci == SVY_CSAT_CI_CLOPPER_PEARSON,
	   "--ci clopper-pearson");
	ok(svy_csat_ci_parse("agresti-coull", &ci, &e) == 0 && ci == SVY_CSAT_CI_AGRESTI_COULL,
	   "--ci agresti-coull");
	ok(svy_csat_ci_parse("wald", &ci, &e) == 0 && ci == SVY_CSAT_CI_WALD, "--ci wald");
	ok(svy_csat_ci_parse("none", &ci, &e) == 0 && ci == SVY_CSAT_CI_NONE, "--ci none");
	ok(svy_csat_ci_parse("Wilson", &ci, &e) == SVY_EUSAGE, "--ci Wilson refused (names are exact)");
	ok(svy_csat_metric_parse("nps", &e) == SVY_EUSAGE, "--metric nps refused");
}

static void presets(void)
{
	struct fix f;
	struct svy_error e;

	memset(&f, 0, sizeof f);
	ok(fix_init(&f, NULL, 0) == 0 && f.m.lo == 1 && f.m.hi == 5 && f.p.top == 4,
	   "default: csat, 1-5, top box 4-5");
	is_str(f.m.id, "csat:1-5", "default state identity");
	is_str(f.m.column, "csat", "default column csat");

	memset(&f, 0, sizeof f);
	ok(fix_init(&f, "ces", 0) == 0 && f.m.lo == 1 && f.m.hi == 7 && f.p.top == 5,
	   "--metric ces: 1-7, top box 5-7");
	is_str(f.m.id, "ces:1-7", "ces state identity");
	is_str(f.m.column, "ces", "ces column");

	memset(&f, 0, sizeof f);
	ok(fix_init(&f, "fcr", 0) == 0 && f.p.yes_no && f.m.lo == 0 && f.m.hi == 1 &&
	   f.p.top == 1, "--metric fcr: yes/no, top box yes");
	is_str(f.m.id, "fcr:yes-no", "fcr state identity");

	memset(&f, 0, sizeof f);
	f.p.yes_no = 1;
	ok(fix_init(&f, NULL, 0) == 0, "--yes-no");
	is_str(f.m.id, "csat:yes-no", "--yes-no state identity differs from a 0-1 scale");

	memset(&f, 0, sizeof f);
	f.p.has_scale = 1, f.p.lo = 0, f.p.hi = 1;
	ok(fix_init(&f, NULL, 0) == 0 && f.p.top == 1, "--scale 0-1: top box 1, not all");
	is_str(f.m.id, "csat:0-1", "--scale 0-1 state identity");

	memset(&f, 0, sizeof f);
	f.p.has_scale = 1, f.p.lo = 0, f.p.hi = 10;
	ok(fix_init(&f, NULL, 0) == 0 && f.p.top == 9, "--scale 0-10: top two, 9-10");

	memset(&f, 0, sizeof f);
	f.p.has_scale = 1, f.p.lo = 1, f.p.hi = 5;
	ok(fix_init(&f, "ces", 0) == 0 && f.p.top == 4, "--metric ces --scale 1-5: top two");

	memset(&f, 0, sizeof f);
	f.p.has_top = 1, f.p.top = 5;
	ok(fix_init(&f, NULL, 0) == 0 && f.p.top == 5, "--top 5: top-1-box");

	memset(&f, 0, sizeof f);
	f.p.has_top = 1, f.p.top = 1;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--top 1 on 1-5 refused (all answers)");
	memset(&f, 0, sizeof f);
	f.p.has_top = 1, f.p.top = 6;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--top 6 on 1-5 refused");
	memset(&f, 0, sizeof f);
	f.p.has_bottom = 1, f.p.bottom = 4;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--bottom 4 overlaps the top box");
	memset(&f, 0, sizeof f);
	f.p.has_bottom = 1, f.p.bottom = 0;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--bottom 0 below the scale");
	memset(&f, 0, sizeof f);
	f.p.yes_no = 1, f.p.has_scale = 1, f.p.lo = 1, f.p.hi = 5;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--yes-no with --scale refused");
	memset(&f, 0, sizeof f);
	f.p.metric = "fcr", f.p.has_top = 1, f.p.top = 1;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--metric fcr with --top refused");
	memset(&f, 0, sizeof f);
	f.p.has_benchmark = 1, f.p.benchmark = 100;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE, "--benchmark 100 refused");
	memset(&f, 0, sizeof f);
	f.p.has_scale = 1, f.p.lo = 0, f.p.hi = 100, f.p.distribution = 1;
	ok(svy_csat_init(&f.m, NULL, &f.p, &e) == SVY_EUSAGE,
	   "--distribution on 0-100 refused (too many columns)");
	memset(&f, 0, sizeof f);
	f.p.has_scale = 1, f.p.lo = 0, f.p.hi = 100;
	ok(svy_csat_init(&f.m, "slider", &f.p, &e) == 0 && f.p.top == 99,
	   "--scale 0-100 without --distribution");
	is_str(f.m.column, "slider", "-c overrides the preset's column");
}

static void columns(void)
{
	struct fix f;
	const char *names[128];
	char got[1024];
	size_t n, i;

	memset(&f, 0, sizeof f);
	fix_init(&f, NULL, 0);
	n = f.m.columns(&f.m, names);
	for (got[0] = '\0', i = 0; i < n; i++)
		strcat(strcat(got, i ? "," : ""), names[i]);
	is_str(got, "n,missing,invalid,top,share,ci_low,ci_high,mean,sd,mean_ci_low,"
	       "mean_ci_high,median,low_base", "columns");

	memset(&f, 0, sizeof f);
	f.p.has_bottom = 1, f.p.bottom = 2, f.p.distribution = 1;
	f.p.has_benchmark = 1, f.p.benchmark = 70;
	fix_init(&f, NULL, 1);
	n = f.m.columns(&f.m, names);
	for (got[0] = '\0', i = 0; i < n; i++)
		strcat(strcat(got, i ? "," : ""), names[i]);
	is_str(got, "n,weight_sum,n_eff,weight_dropped,missing,invalid,top,share,ci_low,"
	       "ci_high,mean,sd,mean_ci_low,mean_ci_high,median,low_base,bottom,"
	       "bottom_share,count_1,count_2,count_3,count_4,count_5,z,p",
	       "columns with --weight --bottom --distribution --benchmark");

	memset(&f, 0, sizeof f);
	f.p.yes_no = 1, f.p.distribution = 1;
	fix_init(&f, NULL, 0);
	n = f.m.columns(&f.m, names);
	is_str(names[n - 2], "count_0", "yes/no distribution: count_0 is no");
	is_str(names[n - 1], "count_1", "yes/no distribution: count_1 is yes");
}

static void degenerate(void)
{
	struct fix f;
	struct svy_csat_est o;
	struct svy_cell out[64];

	memset(&f, 0, sizeof f);
	fix_init(&f, NULL, 0);
	est(&f, &o);
	ok(o.n == 0 && o.top == 0, "n = 0: counts 0");
	ok(isnan(o.share) && isnan(o.ci_low) && isnan(o.mean) && isnan(o.sd) &&
	   isnan(o.median) && isnan(o.mean_ci_low), "n = 0: every statistic undefined");
	f.m.result(&f.m, f.st, out);
	ok(out[3].kind == SVY_CELL_INT && out[3].v == 0 && out[4].kind == SVY_CELL_EMPTY &&
	   out[11].kind == SVY_CELL_EMPTY && out[12].kind == SVY_CELL_INT && out[12].v == 1,
	   "n = 0: top 0, share and median empty (never 0), low_base 1");

	/* one answer: share and mean defined, SD and the t interval not */
	add_n(&f, 5, 1, 1);
	est(&f, &o);
	ok(o.share == 100 && o.mean == 5 && o.median == 5, "n = 1: share 100, mean 5, median 5");
	ok(isnan(o.sd) && isnan(o.mean_ci_low) && isnan(o.mean_ci_high), "n = 1: no SD, no t interval");
	/* Wilson 1 of 1: centre 1 + z^2/2, half-width z sqrt(z^2/4) = z^2/2, so
	 * low = 1/(1 + z^2) = 0.2065493143772375 (R prop.test(1, 1)), high 1 */
	near(o.ci_low, 100 / (1 + svy_z_crit(0.95) * svy_z_crit(0.95)), 1e-12, "n = 1: Wilson low");
	near(o.ci_low, 20.65493143772375, 1e-9, "n = 1: Wilson low = prop.test");
	ok(o.ci_high == 100, "n = 1: Wilson high 100");

	/* all answers equal: SD 0, the t interval is the point */
	add_n(&f, 5, 3, 1);
	est(&f, &o);
	ok(o.sd == 0 && o.mean_ci_low == 5 && o.mean_ci_high == 5, "constant answers: SD 0, interval [5, 5]");

	f.p.ci = SVY_CSAT_CI_NONE;
	est(&f, &o);
	ok(isnan(o.ci_low) && isnan(o.mean_ci_low), "--ci none: no interval for share or mean");
}

static void benchmark(void)
{
	struct fix f;
	struct svy_csat_est o;

	/* Central region of the sample: 12 of 20 against 70 %.  R
	 * prop.test(12, 20, p = 0.7, correct = FALSE): X-squared = z^2,
	 * z = -0.97590007294853276, p = 0.32911398597860836 (tests/oracle/csat_sample_unweighted.csv) */
	memset(&f, 0, sizeof f);
	f.p.has_benchmark = 1, f.p.benchmark = 70;
	fix_init(&f, NULL, 0);
	add_n(&f, 5, 12, 1);
	add_n(&f, 3, 8, 1);
	est(&f, &o);
	near(o.z, -0.97590007294853276, 1e-12, "benchmark z (score test)");
	near(o.p, 0.32911398597860836, 1e-12, "benchmark p = prop.test");
}

static void weighted(void)
{
	struct fix f, u;
	struct svy_csat_est o, ou;
	int v;

	/* answers 5 (w 2), 4 (w 1), 2 (w 1): W = 4, nw = 3.
	 *   share = 3/4 = 75 %; y = 0.75, sum w^2 (y_i - y)^2 = 4*.0625 + 1*.0625 + 1*.5625
	 *   = 0.875; Var = 3/2 * 0.875 / 16 = 0.08203125, SE = 0.28641098093474
	 *   (R svymean: 0.28641098093473999); Wald 75 -/+ 1.96*28.64 -> (18.86, 100 clipped)
	 *   mean = (10 + 4 + 2)/4 = 4; sum w^2 (v - 4)^2 = 4 + 0 + 4 = 8; Var = 1.5*8/16
	 *   = 0.75, SE = 0.8660254037844386 (svymean)
	 *   SD: svyvar = 1.5 * (2*1 + 0 + 1*4)/4 = 2.25, SD 1.5
	 *   median: cumulative weight 1 (at 2), 2 = W/2 (at 4) -> (4 + 5)/2 = 4.5
	 *   (svyquantile qrule "hf2": 4.5)
	 *   benchmark 50: z = 0.25/0.28641098 = 0.87287156094396956, p = 0.38273308888522606 */
	memset(&f, 0, sizeof f);
	f.p.has_benchmark = 1, f.p.benchmark = 50;
	fix_init(&f, NULL, 1);
	add_n(&f, 5, 1, 2);
	add_n(&f, 4, 1, 1);
	add_n(&f, 2, 1, 1);
	est(&f, &o);
	ok(o.share == 75, "weighted share 75");
	ok(o.ci_high == 100, "weighted Wald upper end clipped to 100");
	near(o.ci_low, 75 - svy_z_crit(0.95) * 28.641098093473999, 1e-12, "weighted Wald low = svymean");
	ok(o.mean == 4, "weighted mean 4");
	near(o.mean_ci_low, 4 - svy_z_crit(0.95) * 0.8660254037844386, 1e-12, "weighted mean interval = svymean");
	near(o.sd, 1.5, 1e-14, "weighted SD = sqrt(svyvar) = 1.5");
	ok(o.median == 4.5, "weighted median 4.5 (svyquantile hf2)");
	near(o.z, 0.87287156094396956, 1e-12, "weighted benchmark z");
	near(o.p, 0.38273308888522606, 1e-12, "weighted benchmark p");

	/* all-one weights give the unweighted share, mean, SD and median */
	memset(&f, 0, sizeof f);
	memset(&u, 0, sizeof u);
	fix_init(&f, NULL, 1);
	fix_init(&u, NULL, 0);
	for (v = 1; v <= 5; v++) {
		add_n(&f, v, 3 * v + 1, 1);
		add_n(&u, v, 3 * v + 1, 1);
	}
	est(&f, &o);
	est(&u, &ou);
	ok(o.share == ou.share, "unit weights: the same share, exactly");
	near(o.mean, ou.mean, 1e-15, "unit weights: the same mean");
	near(o.sd, ou.sd, 1e-14, "unit weights: the same SD");
	ok(o.median == ou.median, "unit weights: the same median");

	/* a weight dropped: its answer counts in n, not in the weighted figures */
	memset(&f, 0, sizeof f);
	fix_init(&f, NULL, 1);
	add_n(&f, 5, 1, 1);
	svy_metric_add(&f.m, f.st, 1, 0, SVY_ST_WD_NONPOS);
	est(&f, &o);
	ok(o.n == 2 && o.share == 100 && isnan(o.sd) && isnan(o.ci_low),
	   "dropped weight: n 2, share of the one weighted answer, no SE at nw = 1");
}

/* svy_metric_parse answers one-byte and empty cells from a table filled
 * at set-up: it must agree with the metric's own parser on every such
 * cell, and leave the message of an invalid one to that parser. */
static void one_byte_answers(void)
{
	static const char *const metrics[] = { "csat", "ces", "fcr", "nps" };
	struct svy_nps_params np = { 0 };
	size_t j;

	for (j = 0; j < sizeof metrics / sizeof metrics[0]; j++) {
		struct fix f = { 0 };
		struct svy_error e1, e2;
		char s[2] = "";
		int i, same = 1, v1, v2, rc1, rc2;

		if (strcmp(metrics[j], "nps") == 0) {
			memset(&f.m, 0, sizeof f.m);
			svy_nps_init(&f.m, "nps", &np);
		} else if (fix_init(&f, metrics[j], 0) < 0) {
			ok(0, "%s: set up", metrics[j]);
			continue;
		}
		ok(f.m.one_ready, "%s: the one-byte table is filled at set-up", metrics[j]);
		for (i = 0; i <= 256; i++) {
			s[0] = (char)i;
			v1 = v2 = -99;
			e1.msg[0] = e2.msg[0] = '\0';
			rc1 = svy_metric_parse(&f.m, s, i < 256, &v1, &e1);
			rc2 = f.m.parse(&f.m, s, i < 256, &v2, &e2);
			same &= rc1 == rc2 && (rc1 != 0 || v1 == v2) &&
			        (rc1 != SVY_EINVALID || strcmp(e1.msg, e2.msg) == 0);
		}
		ok(same, "%s: every one-byte and the empty answer as its parser has it",
		   metrics[j]);
	}
	/* and what they are, by the scales: '5' is 5 on 1-5, '6' is not; the
	 * empty cell is missing; 'y' is 1 for a yes/no item */
	{
		struct fix f = { 0 };
		struct svy_error e;
		int v = 0;

		fix_init(&f, "csat", 0);
		ok(svy_metric_parse(&f.m, "5", 1, &v, &e) == 0 && v == 5, "csat: '5' is 5");
		ok(svy_metric_parse(&f.m, "6", 1, &v, &e) == SVY_EINVALID &&
		   strstr(e.msg, "'6'") != NULL, "csat: '6' is invalid, named: %s", e.msg);
		ok(svy_metric_parse(&f.m, "", 0, &v, &e) == SVY_EMISSING, "csat: empty is missing");
		fix_init(&f, "fcr", 0);
		ok(svy_metric_parse(&f.m, "y", 1, &v, &e) == 0 && v == 1, "fcr: 'y' is 1");
		ok(svy_metric_parse(&f.m, "0", 1, &v, &e) == 0 && v == 0, "fcr: '0' is 0");
	}
}

/* svy_metric_parse answers two digits from a second table filled at set-up
 * ("10" is a promoter): on every two-byte cell, all 65536 pairs of bytes
 * (digits, which the table holds, and anything else, which goes to the
 * parser), it must agree with the metric's own parser: the same code, the
 * same value when valid, the same message when invalid.  The metrics of
 * one_byte_answers, and CSAT on scales where two digits are valid
 * answers: 0-10 and 1-10 (10 is the top), 0-100 (all of them), -5-5
 * (the sign is not a digit).  How many pairs are valid is worked out by
 * hand: on a numeric scale, the two-digit values on it ("00" to "10" on
 * 0-10), a one-digit value with a space or tab before or after it (4 per
 * value: the parser trims those two), and "+d" per digit value d, "-d" per
 * value -d (and "-0"); a yes/no item takes "no" in 4 cases and y, Y, n, N,
 * 1, 0 with a space or tab (24). */
static void two_byte_answers(void)
{
	static const struct {
		const char *name, *metric;
		int lo, hi;              /* hi > lo: --scale lo-hi */
		int valid;               /* pairs of bytes that are an answer */
	} metrics[] = {
		{ "csat", "csat", 0, 0, 5 + 5 * 4 + 5 },           /* 01-05, ws, +1..+5 */
		{ "ces", "ces", 0, 0, 7 + 7 * 4 + 7 },
		{ "fcr", "fcr", 0, 0, 4 + 24 },
		{ "nps", NULL, 0, 0, 11 + 10 * 4 + 10 + 1 },       /* 00-10, ws, +0..+9, -0 */
		{ "csat 0-10", "csat", 0, 10, 11 + 10 * 4 + 10 + 1 },
		{ "csat 1-10", "csat", 1, 10, 10 + 9 * 4 + 9 },    /* 01-10, ws, +1..+9 */
		{ "csat 0-100", "csat", 0, 100, 100 + 10 * 4 + 10 + 1 },
		{ "csat -5-5", "csat", -5, 5, 6 + 6 * 4 + 6 + 6 }, /* 00-05, ws, +0..+5, -0..-5 */
	};
	struct svy_nps_params np = { 0 };
	size_t j;

	for (j = 0; j < sizeof metrics / sizeof metrics[0]; j++) {
		struct fix f = { 0 };
		struct svy_error e1, e2;
		char s[2], bad[160] = "";
		int i, same = 1, valid = 0, v1, v2, rc1, rc2;

		if (!metrics[j].metric) {
			memset(&f.m, 0, sizeof f.m);
			svy_nps_init(&f.m, "nps", &np);
		} else {
			if (metrics[j].hi > metrics[j].lo) {
				f.p.has_scale = 1;
				f.p.lo = metrics[j].lo;
				f.p.hi = metrics[j].hi;
			}
			if (fix_init(&f, metrics[j].metric, 0) < 0) {
				ok(0, "%s: set up", metrics[j].name);
				continue;
			}
		}
		ok(f.m.one_ready && (metrics[j].hi <= metrics[j].lo ||
		   (f.m.lo == metrics[j].lo && f.m.hi == metrics[j].hi)),
		   "%s: set up, tables filled (scale %d-%d)", metrics[j].name, f.m.lo, f.m.hi);
		for (i = 0; i < 65536; i++) {
			s[0] = (char)(i >> 8);
			s[1] = (char)(i & 0xff);
			v1 = v2 = -99;
			strcpy(e1.msg, "(not set)");
			strcpy(e2.msg, "(not set)");
			rc1 = svy_metric_parse(&f.m, s, 2, &v1, &e1);
			rc2 = f.m.parse(&f.m, s, 2, &v2, &e2);
			valid += rc2 == 0;
			if (!(rc1 == rc2 && (rc1 != 0 || v1 == v2) &&
			      (rc1 != SVY_EINVALID || strcmp(e1.msg, e2.msg) == 0))) {
				if (same)
					snprintf(bad, sizeof bad, ": bytes 0x%02x 0x%02x: %d (%d), "
					         "parser %d (%d)", i >> 8, i & 0xff, rc1, v1, rc2, v2);
				same = 0;
			}
		}
		ok(same, "%s: every two-byte answer (65536) as its parser has it%s",
		   metrics[j].name, bad);
		ok(valid == metrics[j].valid, "%s: %d two-byte answers are valid (got %d)",
		   metrics[j].name, metrics[j].valid, valid);
	}
	/* and what some are, by the scales: "10" is on 0-10 and 1-10, not on
	 * 1-5; "07" is 7 (svy_num_int reads two digits as they are) */
	{
		struct fix f = { 0 };
		struct svy_error e;
		int v = 0;

		fix_init(&f, "csat", 0);
		ok(svy_metric_parse(&f.m, "10", 2, &v, &e) == SVY_EINVALID &&
		   strcmp(e.msg, "'10' is not a score in 1-5") == 0,
		   "csat 1-5: '10' is invalid: %s", e.msg);
		ok(svy_metric_parse(&f.m, "05", 2, &v, &e) == 0 && v == 5, "csat 1-5: '05' is 5");
		ok(svy_metric_parse(&f.m, "00", 2, &v, &e) == SVY_EINVALID,
		   "csat 1-5: '00' is invalid");
		ok(svy_metric_parse(&f.m, "NA", 2, &v, &e) == SVY_EMISSING,
		   "csat 1-5: 'NA' (two bytes, not digits) is missing");
		ok(svy_metric_parse(&f.m, " 4", 2, &v, &e) == 0 && v == 4,
		   "csat 1-5: ' 4' (not two digits: the parser trims) is 4");
		memset(&f, 0, sizeof f);
		f.p.has_scale = 1;
		f.p.lo = 1;
		f.p.hi = 10;
		fix_init(&f, "csat", 0);
		ok(svy_metric_parse(&f.m, "10", 2, &v, &e) == 0 && v == 10, "csat 1-10: '10' is 10");
		ok(svy_metric_parse(&f.m, "11", 2, &v, &e) == SVY_EINVALID &&
		   strcmp(e.msg, "'11' is not a score in 1-10") == 0,
		   "csat 1-10: '11' is invalid: %s", e.msg);
		memset(&f, 0, sizeof f);
		fix_init(&f, "fcr", 0);
		ok(svy_metric_parse(&f.m, "no", 2, &v, &e) == 0 && v == 0, "fcr: 'no' is 0");
		ok(svy_metric_parse(&f.m, "10", 2, &v, &e) == SVY_EINVALID &&
		   strstr(e.msg, "'10' is not a yes/no answer") != NULL,
		   "fcr: '10' is invalid: %s", e.msg);
		memset(&f, 0, sizeof f);
		svy_nps_init(&f.m, "nps", &(struct svy_nps_params){ 0 });
		ok(svy_metric_parse(&f.m, "10", 2, &v, &e) == 0 && v == 10, "nps: '10' is 10");
		ok(svy_metric_parse(&f.m, "11", 2, &v, &e) == SVY_EINVALID &&
		   strcmp(e.msg, "'11' is not a score in 0-10") == 0, "nps: '11' is invalid: %s",
		   e.msg);
		ok(svy_metric_parse(&f.m, "07", 2, &v, &e) == 0 && v == 7, "nps: '07' is 7");
	}
}

int main(void)
{
	published();
	one_byte_answers();
	two_byte_answers();
	median();
	yes_no();
	options();
	presets();
	columns();
	degenerate();
	benchmark();
	weighted();
	return done();
}
