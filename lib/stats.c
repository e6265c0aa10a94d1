/* stats.c - normal and t quantiles, proportion intervals, p-value adjustment. */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>

#include "mem.h"

static void gsl_quiet(void)
{
	static int done;

	if (!done) {
		gsl_set_error_handler_off();
		done = 1;
	}
}

double svy_clip(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

double svy_z_crit(double conf)
{
	gsl_quiet();
	return gsl_cdf_ugaussian_Qinv((1 - conf) / 2);
}

double svy_t_crit(double conf, double df)
{
	gsl_quiet();
	if (!(df > 0))
		return NAN;
	return gsl_cdf_tdist_Qinv((1 - conf) / 2, df);
}

double svy_p_normal(double z)
{
	gsl_quiet();
	if (isnan(z))
		return NAN;
	return 2 * gsl_cdf_ugaussian_Q(fabs(z));
}

void svy_prop_wald(double x, double n, double conf, double *lo, double *hi)
{
	double p, h;

	if (!(n > 0)) {
		*lo = *hi = NAN;
		return;
	}
	p = x / n;
	h = svy_z_crit(conf) * sqrt(p * (1 - p) / n);
	*lo = svy_clip(p - h, 0, 1);
	*hi = svy_clip(p + h, 0, 1);
}

void svy_prop_wilson(double x, double n, double conf, double *lo, double *hi)
{
	svy_prop_wilson_z(x, n, svy_z_crit(conf), lo, hi);
}

/* z^2/2 pseudo-successes and pseudo-failures: n~ = n + z^2 exactly, as
 * halving and doubling are exact */
void svy_prop_agresti_coull(double x, double n, double conf, double *lo, double *hi)
{
	double z = svy_z_crit(conf);

	svy_prop_agresti_coull_add(x, n, z * z / 2, conf, lo, hi);
}

void svy_prop_clopper_pearson(double x, double n, double conf, double *lo, double *hi)
{
	double a = (1 - conf) / 2;

	gsl_quiet();
	if (!(n > 0)) {
		*lo = *hi = NAN;
		return;
	}
	*lo = x <= 0 ? 0 : gsl_cdf_beta_Pinv(a, x, n - x + 1);
	*hi = x >= n ? 1 : gsl_cdf_beta_Qinv(a, x + 1, n - x);
}

void svy_prop_wilson_z(double x, double n, double z, double *lo, double *hi)
{
	double z2 = z * z, p, c, h, d;

	if (!(n > 0)) {
		*lo = *hi = NAN;
		return;
	}
	p = x / n;
	d = 1 + z2 / n;
	c = p + z2 / (2 * n);
	h = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
	*lo = svy_clip((c - h) / d, 0, 1);
	*hi = svy_clip((c + h) / d, 0, 1);
}

void svy_prop_agresti_coull_add(double x, double n, double add, double conf,
                                double *lo, double *hi)
{
	double z, nt, pt, h;

	if (!(n > 0)) {
		*lo = *hi = NAN;
		return;
	}
	z = svy_z_crit(conf);
	nt = n + 2 * add;
	pt = (x + add) / nt;
	h = z * sqrt(pt * (1 - pt) / nt);
	*lo = svy_clip(pt - h, 0, 1);
	*hi = svy_clip(pt + h, 0, 1);
}

void svy_mean_t(double mean, double sd, double n, double conf, double *lo, double *hi)
{
	double h;

	if (!(n >= 2) || isnan(sd) || isnan(mean)) {
		*lo = *hi = NAN;
		return;
	}
	h = svy_t_crit(conf, n - 1) * sd / sqrt(n);
	*lo = mean - h;
	*hi = mean + h;
}

double svy_hist_median(const double *w, size_t k, double lo)
{
	double total = 0, half, cum = 0;
	size_t i, j;

	for (i = 0; i < k; i++)
		total += w[i];
	if (!(total > 0))
		return NAN;
	half = total / 2;
	for (i = 0; i < k; i++) {
		if (!(w[i] > 0))
			continue;
		/* the same additions in the same order as total, so that an
		 * even count lands exactly on the half */
		cum += w[i];
		if (cum > half)
			return lo + (double)i;
		if (cum == half) {
			for (j = i + 1; j < k; j++)
				if (w[j] > 0)
					return lo + ((double)i + (double)j) / 2;
			return lo + (double)i;
		}
	}
	return lo + (double)(k - 1);
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	const struct pidx *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The defined p-values sorted ascending; returns their count m, or -1. */
static long sorted_defined(const double *p, size_t n, struct pidx **out)
{
	struct pidx *s = svy_malloc((n ? n : 1) * sizeof *s);
	size_t i, m = 0;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (!isnan(p[i])) {
			s[m].p = p[i];
			s[m].i = i;
			m++;
		}
	qsort(s, m, sizeof *s, cmp_pidx);
	*out = s;
	return (long)m;
}

int svy_p_holm(const double *p, size_t n, double *adj)
{
	struct pidx *s;
	long m = sorted_defined(p, n, &s);
	double run = 0;
	long k;
	size_t i;

	if (m < 0)
		return -1;
	for (i = 0; i < n; i++)
		adj[i] = NAN;
	for (k = 0; k < m; k++) {
		double v = (double)(m - k) * s[k].p;
		if (v > run)
			run = v;
		adj[s[k].i] = run < 1 ? run : 1;
	}
	svy_free(s);
	return 0;
}

int svy_p_bh(const double *p, size_t n, double *adj)
{
	struct pidx *s;
	long m = sorted_defined(p, n, &s);
	double run = 1;
	long k;
	size_t i;

	if (m < 0)
		return -1;
	for (i = 0; i < n; i++)
		adj[i] = NAN;
	for (k = m - 1; k >= 0; k--) {
		double v = (double)m * s[k].p / (double)(k + 1);
		if (v < run)
			run = v;
		adj[s[k].i] = run;
	}
	svy_free(s);
	return 0;
}
