/* test_drivers.c - key-driver analysis (lib/drivers.c).
 *
 * Oracles: GSL's batch functions for the streaming statistics
 * (gsl_stats_correlation, gsl_stats_spearman); a weighted run with integer
 * weights against the unweighted run on rows repeated that many times;
 * closed forms for the model (orthogonal drivers; two drivers, worked out
 * below); and R (R 4.2.2) for a small file, with the commands quoted.
 * tests/t/segment_oracle.sh checks the sample file against tests/oracle/. */
#define _GNU_SOURCE
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "drivers.h"
#include "tap.h"
#include "tmpfile.h"

/* A small deterministic generator (no rand(): the same numbers everywhere). */
static unsigned long long seed = 88172645463325252ULL;
static double unif(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) / 9007199254740992.0;
}

#define N 500
#define P 3

static void batch(void)
{
	static double y[N], x[P][N], xs[P][N], ys[N], work[2 * N];
	struct svy_drivers_result r;
	struct svy_drivers *d;
	struct svy_error e;
	double row[P];
	size_t i, j;

	/* ratings 1-5 driven by a common factor; outcome 0-10 */
	for (i = 0; i < N; i++) {
		double g = unif(), s = 0;
		for (j = 0; j < P; j++) {
			x[j][i] = 1 + floor(5 * (0.6 * g + 0.4 * unif()));
			s += (j + 1) * x[j][i];
		}
		y[i] = floor(s / 30.0 * 10 * (0.7 + 0.3 * unif()) + 0.5);
		if (y[i] > 10)
			y[i] = 10;
	}
	d = svy_drivers_new(P, &e);
	for (i = 0; i < N; i++) {
		for (j = 0; j < P; j++)
			row[j] = x[j][i];
		svy_drivers_add(d, y[i], row, 1, &e);
	}
	svy_drivers_result(d, &r, &e);
	ok(r.n == N && r.p == P, "n and p");
	for (j = 0; j < P; j++) {
		double want = gsl_stats_correlation(x[j], 1, y, 1, N);
		near(r.fig[j].pearson, want, 1e-12, "driver %zu: Pearson = gsl_stats_correlation "
		     "(%.6f)", j, want);
		memcpy(xs[j], x[j], sizeof x[j]);
		memcpy(ys, y, sizeof y);
		want = gsl_stats_spearman(xs[j], 1, ys, 1, N, work);
		near(r.fig[j].spearman, want, 1e-12, "driver %zu: Spearman with ties = "
		     "gsl_stats_spearman (%.6f)", j, want);
	}
	{
		double s = 0;
		for (j = 0; j < P; j++)
			s += r.fig[j].weight;
		near(s, r.r_squared, 1e-12, "relative weights sum to R^2 (%.6f)", r.r_squared);
	}
	svy_drivers_free(d);
}

/* Integer weights = rows repeated: the same correlations, coefficients and
 * weights. */
static void replicate(void)
{
	struct svy_drivers_result a, b;
	struct svy_drivers *dw, *dr;
	struct svy_error e;
	double row[P];
	size_t i, j, k;
	int good = 1;

	dw = svy_drivers_new(P, &e);
	dr = svy_drivers_new(P, &e);
	for (i = 0; i < 200; i++) {
		double g = unif(), y, w = 1 + floor(4 * unif());
		for (j = 0; j < P; j++)
			row[j] = 1 + floor(5 * (0.5 * g + 0.5 * unif()));
		y = floor(10 * (0.5 * g + 0.5 * unif()));
		svy_drivers_add(dw, y, row, w, &e);
		for (k = 0; k < (size_t)w; k++)
			svy_drivers_add(dr, y, row, 1, &e);
	}
	svy_drivers_result(dw, &a, &e);
	svy_drivers_result(dr, &b, &e);
	for (j = 0; j < P; j++) {
		if (fabs(a.fig[j].pearson - b.fig[j].pearson) > 1e-12 ||
		    fabs(a.fig[j].spearman - b.fig[j].spearman) > 1e-12 ||
		    fabs(a.fig[j].beta - b.fig[j].beta) > 1e-12 ||
		    fabs(a.fig[j].weight - b.fig[j].weight) > 1e-12)
			good = 0;
	}
	ok(good, "weights 1-4 = rows repeated 1-4 times: Pearson, Spearman, beta, weights");
	near(a.r_squared, b.r_squared, 1e-12, "and R^2");
	ok(a.n == 200 && b.n > 200, "n counts rows, not weights (%g, %g)", a.n, b.n);
	svy_drivers_free(dw);
	svy_drivers_free(dr);
}

/* Multiplying every weight by one constant changes no weighted correlation
 * (the constant cancels from every ratio), so weights k * 1e100 (k 1..4,
 * the largest usable) give the figures of weights k: the sums of squares
 * of the weighted midranks, up to 1e103 each, must not overflow. */
static void huge_weights(void)
{
	struct svy_drivers_result a, b;
	struct svy_drivers *dk, *dh;
	struct svy_error e;
	double row[P];
	size_t i, j;
	int good = 1;

	dk = svy_drivers_new(P, &e);
	dh = svy_drivers_new(P, &e);
	for (i = 0; i < 200; i++) {
		double g = unif(), y, k = 1 + floor(4 * unif());
		for (j = 0; j < P; j++)
			row[j] = 1 + floor(5 * (0.5 * g + 0.5 * unif()));
		y = floor(10 * (0.5 * g + 0.5 * unif()));
		svy_drivers_add(dk, y, row, k, &e);
		svy_drivers_add(dh, y, row, k * 1e100, &e);
	}
	svy_drivers_result(dk, &a, &e);
	svy_drivers_result(dh, &b, &e);
	for (j = 0; j < P; j++) {
		if (!(fabs(a.fig[j].pearson - b.fig[j].pearson) <= 1e-12) ||
		    !(fabs(a.fig[j].spearman - b.fig[j].spearman) <= 1e-12) ||
		    !(fabs(a.fig[j].beta - b.fig[j].beta) <= 1e-12) ||
		    !(fabs(a.fig[j].weight - b.fig[j].weight) <= 1e-12))
			good = 0;
		printf("# driver %zu: Spearman %.6f with weights k, %.6f with k * 1e100\n",
		       j, a.fig[j].spearman, b.fig[j].spearman);
	}
	ok(good, "weights k * 1e100 = weights k: Pearson, Spearman, beta, weights");
	near(a.r_squared, b.r_squared, 1e-12, "and R^2");
	svy_drivers_free(dk);
	svy_drivers_free(dh);
}

static void model(void)
{
	double rxx[9], rxy[3], beta[3], w[3], r2;
	int rc;

	/* orthogonal drivers: beta = r, weight = r^2, R^2 = sum r^2 */
	memset(rxx, 0, sizeof rxx);
	rxx[0] = rxx[4] = rxx[8] = 1;
	rxy[0] = 0.5, rxy[1] = -0.3, rxy[2] = 0.1;
	rc = svy_drivers_model(rxx, rxy, 3, beta, w, &r2);
	ok(rc == 0, "orthogonal: fitted");
	near(beta[0], 0.5, 1e-14, "orthogonal: beta 1 = r 1");
	near(beta[1], -0.3, 1e-14, "orthogonal: beta 2 = r 2");
	near(w[0], 0.25, 1e-14, "orthogonal: weight 1 = r1^2");
	near(w[1], 0.09, 1e-14, "orthogonal: weight 2 = r2^2");
	near(w[2], 0.01, 1e-14, "orthogonal: weight 3 = r3^2");
	near(r2, 0.35, 1e-14, "orthogonal: R^2 = .25 + .09 + .01");

	/* two drivers, r12 = .6, rxy = (.5, .3):
	 *   beta = ((.5 - .6*.3), (.3 - .6*.5)) / (1 - .36) = (.5, 0)
	 *   R^2 = (.25 + .09 - 2*.6*.15) / .64 = .25
	 *   Lambda = [[c, s], [s, c]], c = (sqrt 1.6 + sqrt .4)/2, s = (sqrt 1.6 - sqrt .4)/2,
	 *   c^2 = .9, s^2 = .1, c^2 - s^2 = .8;  beta* = Lambda^-1 rxy:
	 *   beta*1 = (.5c - .3s)/.8, beta*1^2 = .225;  beta*2 = (.3c - .5s)/.8, beta*2^2 = .025
	 *   weight 1 = .9*.225 + .1*.025 = .205, weight 2 = .1*.225 + .9*.025 = .045 */
	rxx[0] = 1, rxx[1] = 0.6, rxx[2] = 0.6, rxx[3] = 1;
	rxy[0] = 0.5, rxy[1] = 0.3;
	rc = svy_drivers_model(rxx, rxy, 2, beta, w, &r2);
	ok(rc == 0, "two drivers: fitted");
	near(beta[0], 0.5, 1e-14, "two drivers: beta 1 = .5");
	near(beta[1], 0, 1e-14, "two drivers: beta 2 = 0");
	near(r2, 0.25, 1e-14, "two drivers: R^2 = .25");
	near(w[0], 0.205, 1e-14, "two drivers: relative weight 1 = .205");
	near(w[1], 0.045, 1e-14, "two drivers: relative weight 2 = .045 (beta 0, weight not)");

	/* singular: two identical drivers */
	rxx[0] = rxx[1] = rxx[2] = rxx[3] = 1;
	rc = svy_drivers_model(rxx, rxy, 2, beta, w, &r2);
	ok(rc == 1 && isnan(beta[0]) && isnan(w[1]) && isnan(r2), "collinear: 1, all NaN");
}

static void degenerate(void)
{
	struct svy_drivers_result r;
	struct svy_drivers *d = svy_drivers_new(2, NULL);
	struct svy_error e;
	double x[2];
	int i;

	for (i = 0; i < 10; i++) {
		x[0] = 3;                    /* constant */
		x[1] = i % 5;
		svy_drivers_add(d, i, x, 1, &e);
	}
	svy_drivers_result(d, &r, &e);
	ok(isnan(r.fig[0].pearson) && isnan(r.fig[0].spearman), "a constant driver: no correlation");
	ok(!isnan(r.fig[1].pearson), "the other driver still has one");
	ok(r.collinear && isnan(r.r_squared) && isnan(r.fig[1].beta), "no model");
	svy_drivers_sort(&r);
	ok(r.fig[0].index == 0 && r.fig[1].index == 1, "NaN weights keep input order");
	svy_drivers_free(d);
	ok(svy_drivers_new(0, &e) == NULL && e.code == SVY_EUSAGE, "no drivers: usage error");
	d = svy_drivers_new(1, &e);
	svy_drivers_result(d, &r, &e);
	ok(r.n == 0 && isnan(r.fig[0].pearson) && !r.collinear, "no rows: empty, not collinear");
	svy_drivers_free(d);
}

static struct svy_common common(const char *out)
{
	struct svy_common c;

	memset(&c, 0, sizeof c);
	c.output = out;
	c.precision = 6;
	c.format = SVY_FMT_CSV;
	return c;
}

/* R:
 *   d <- read.csv(text = small); x <- d[complete.cases(d[, c("nps", "a", "b")]), ]
 *   cor(x$nps, x$a) 0.96032860068149939, cor(x$nps, x$b) 0.77632368119279815
 *   method = "spearman": 0.96600622682064119, 0.79827524209937228
 *   coef(lm(scale(nps) ~ scale(a) + scale(b), x))[-1]: 0.84368413296587208,
 *     0.15956059850602955; r.squared 0.93408467403382722
 *   relative weights (eigen, as in tests/oracle/segment.R): 0.62681861866998834,
 *     0.30726605536383889; percent of R^2 (sprintf %.6f): 67.105118, 32.894882
 *   weighted by w: cov.wt(x[, c("nps", "a", "b")], wt = w / sum(w), cor = TRUE):
 *     0.96512231110904734, 0.79740147810133510 */
static const char small[] =
	"id,nps,a,b,w\n"
	"1,10,5,4,1\n2,9,4,4,2\n3,7,4,3,1\n4,3,2,1,0.5\n5,0,1,2,1\n6,8,3,,1\n"
	"7,,5,5,1\n8,6,3,2,3\n9,9,5,3,1\n10,5,2,3,0.5\n11,8,4,5,1\n12,2,1,1,2\n";

static void run(void)
{
	const char *in = tmp_with(small), *out = tmp_with("");
	struct svy_nps_params np = { SVY_NPS_CI_NONE, 0, 0 };
	struct svy_drivers_opts o = { "a,b", NULL, 0 };
	struct svy_drivers_summary s;
	struct svy_common c = common(out);
	struct svy_metric m;
	struct svy_error e;
	int rc;

	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &np);
	svy_error_clear(&e);
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == 0, "run over a file");
	is_str(slurp(out), "driver,n,pearson,spearman,beta,rel_weight,rel_weight_pct,r_squared,n_used\n"
	       "a,10,0.960329,0.966006,0.843684,0.626819,67.105118,0.934085,10\n"
	       "b,10,0.776324,0.798275,0.159561,0.307266,32.894882,0.934085,10\n",
	       "the table (values from R), sorted by relative weight");
	ok(s.rows == 12 && s.used == 10 && s.skipped == 2 && s.missing[0] == 1 &&
	   s.missing[1] == 0 && s.missing[2] == 1 && strcmp(s.names[2], "b") == 0,
	   "listwise: 12 rows, 10 used, 2 skipped (nps 1, b 1)");

	o.weight = "w";
	c.precision = 15;
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == 0 && strstr(slurp(out), "a,10,0.96512231110") &&
	   strstr(slurp(out), "b,10,0.79740147810"), "weighted Pearson = cov.wt's");

	in = tmp_with("nps,a,w\n10,5,1\n9,4,\n8,3,x\n7,2,0\n6,1,-1\n5,x,1\n");
	o.skip_invalid = 1;
	o.columns = "a";
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == 0 && s.used == 1 && s.wd_missing == 1 && s.wd_invalid == 1 &&
	   s.wd_nonpos == 2 && s.invalid == 1, "weights dropped by kind; invalid skipped");
	o.skip_invalid = 0;
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == SVY_EDATA && e.line == 7 && strcmp(e.column, "a") == 0 &&
	   strstr(e.msg, "'x' is not a number"), "an invalid driver: data error at line 7");
	in = tmp_with("nps,a\n11,5\n");
	o.weight = NULL;
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == SVY_EDATA && e.line == 2 && strcmp(e.column, "nps") == 0 &&
	   strstr(e.msg, "'11' is not a score in 0-10"), "an invalid outcome: data error");
	o.columns = "a,zz";
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == SVY_EDATA && strstr(e.msg, "no column 'zz' (the header has: nps, a)"),
	   "an unknown driver: data error listing the header");
	o.columns = "a,nps";
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == SVY_EUSAGE && strstr(e.msg, "is the outcome"), "the outcome as a driver");
	o.columns = "a,a";
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == SVY_EUSAGE && strstr(e.msg, "listed twice"), "a driver twice");
	o.columns = "a";
	c = common("/dev/full");
	in = tmp_with(small);
	rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
	ok(rc == SVY_EIO, "-o /dev/full: I/O error");
}

static void nomem(void)
{
	const char *in = tmp_with(small), *out = tmp_with("");
	struct svy_nps_params np = { SVY_NPS_CI_NONE, 0, 0 };
	struct svy_drivers_opts o = { "a,b", "w", 0 };
	struct svy_common c = common(out);
	struct svy_metric m;
	unsigned long n;
	int bad = 0, ran = 0;

	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &np);
	for (n = 1; n < 200; n++) {
		struct svy_drivers_summary s;
		struct svy_error e;
		int rc;
		svy_error_clear(&e);
		svy_mem_fail_after(n);
		rc = svy_drivers_run(&o, &m, &c, &in, 1, &s, &e);
		svy_mem_fail_after(0);
		ran++;
		if (rc == 0)
			break;
		if (rc != SVY_ENOMEM)
			bad++;
	}
	ok(bad == 0 && ran > 5, "every allocation failure is reported (%d runs)", ran);
}

int main(void)
{

	batch();
	replicate();
	huge_weights();
	model();
	degenerate();
	run();
	nomem();
	tmp_cleanup();
	return done();
}
