/* trendstats.c - Mann-Kendall, Kendall's tau-b, Sen's slope, WLS and control
 * limits on a series (see trendstats.h and shared/STATS.md, Trend). */
#include "trendstats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int sgn(double d)
{
	return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/* Sort a[0..n) (tmp has room for n) by a bottom-up merge and count the
 * pairs i < j with a[i] > a[j]: Knight's way to Kendall's S in n log n
 * (S = pairs - tied pairs - 2 inversions) instead of visiting every pair. */
static unsigned long long sort_count_inversions(double *a, double *tmp, size_t n)
{
	unsigned long long inv = 0;
	size_t w, lo;

	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo + w < n; lo += 2 * w) {
			size_t mid = lo + w, hi = n - mid > w ? mid + w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				if (a[j] < a[i]) {
					inv += mid - i;
					tmp[k++] = a[j++];
				} else {
					tmp[k++] = a[i++];
				}
			}
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
			memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
		}
	}
	return inv;
}

int svy_mk_test(const double *y, size_t n, struct svy_mk *o)
{
	double *s, n0, n2, ties = 0, S, dn = (double)n;
	unsigned long long pairs, tied = 0, inv;
	size_t i, j;

	o->n = dn;
	o->s = o->var_s = o->z = o->p = o->tau = NAN;
	if (n < 2)
		return 0;
	/* the sorted copy also gives the tie groups of y (exact equality) */
	if (!(s = svy_malloc(2 * n * sizeof *s)))
		return -1;
	memcpy(s, y, n * sizeof *s);
	inv = sort_count_inversions(s, s + n, n);
	for (i = 0; i < n; i = j) {
		double g;
		for (j = i + 1; j < n && s[j] == s[i]; j++)
			;
		g = (double)(j - i);
		ties += g * (g - 1) * (2 * g + 5);
		tied += (unsigned long long)(j - i) * (j - i - 1) / 2;
	}
	svy_free(s);
	pairs = (unsigned long long)n * (n - 1) / 2;
	n2 = (double)tied;                   /* tied pairs: sum of g(g-1)/2 */
	S = (double)(pairs - tied - inv) - (double)inv;
	o->s = S;
	o->var_s = (dn * (dn - 1) * (2 * dn + 5) - ties) / 18;
	n0 = dn * (dn - 1) / 2;
	if (n >= 3 && o->var_s > 0) {
		o->z = (S - sgn(S)) / sqrt(o->var_s);
		o->p = svy_p_normal(o->z);
		o->tau = S / sqrt(n0 * (n0 - n2));   /* n0 > n2: not all tied */
	}
	return 0;
}

static double median3(double a, double b, double c)
{
	if (a > b) {
		double x = a;
		a = b;
		b = x;
	}
	return c < a ? a : c > b ? b : c;
}

/* The k-th smallest of a[lo..hi] (inclusive, k within), leaving a[lo..k)
 * no larger and a(k..hi] no smaller: Hoare's partition around the median of
 * three until the range is one value; after 2 log2 n + 8 rounds (an
 * unlucky run of pivots) the rest is sorted, so it never takes more than
 * n log n.  The value is that of the sorted array at k, whatever the
 * pivots. */
static double select_rank(double *a, size_t lo, size_t hi, size_t k)
{
	int rounds = 8;
	size_t m;

	for (m = hi - lo + 1; m > 1; m /= 2)
		rounds += 2;
	while (lo < hi) {
		double p;
		size_t i = lo, j = hi;

		if (rounds-- == 0) {
			qsort(a + lo, hi - lo + 1, sizeof *a, cmp_double);
			return a[k];
		}
		p = median3(a[lo], a[lo + (hi - lo) / 2], a[hi]);
		/* a[lo..j] <= p <= a[j+1..hi] at the end, lo <= j < hi: p is the
		 * median of three values of the range, so each scan stops in it */
		for (;;) {
			double x;

			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i >= j)
				break;
			x = a[i];
			a[i++] = a[j];
			a[j--] = x;
		}
		if (k <= j)
			hi = j;
		else
			lo = j + 1;
	}
	return a[k];
}

/* The slope of 0-based rank r of d[0..nd) once d is split at mid (as
 * select_rank leaves it): ranks below mid are in d[0..mid), those above in
 * d(mid..nd). */
static double rank_of(double *d, size_t nd, size_t mid, size_t r)
{
	if (r < mid)
		return select_rank(d, 0, mid - 1, r);
	if (r > mid)
		return select_rank(d, mid + 1, nd - 1, r);
	return d[mid];
}

int svy_sen_slope(const double *t, const double *y, size_t n, double var_s,
                  double conf, struct svy_sen *o)
{
	double *d, N, C, rlo, rup;
	size_t i, j, k = 0, nd, mid;

	o->slope = o->lo = o->hi = NAN;
	if (n < 2 || n > SVY_SEN_MAX_N)
		return 0;
	nd = n * (n - 1) / 2;
	if (!(d = svy_malloc(nd * sizeof *d)))
		return -1;
	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n; j++)
			d[k++] = (y[j] - y[i]) / (t[j] - t[i]);
	/* three order statistics, not a sort: the median splits d, the lower
	 * bound's rank lies below it and the upper's above (or at it) */
	mid = nd / 2;
	o->slope = select_rank(d, 0, nd - 1, mid);
	if (nd % 2 == 0) {
		double below = d[0];          /* the largest of d[0..mid) */
		for (i = 1; i < mid; i++)
			below = d[i] > below ? d[i] : below;
		o->slope = (below + o->slope) / 2;
	}
	if (var_s > 0 && isfinite(var_s)) {
		N = (double)nd;
		C = svy_z_crit(conf) * sqrt(var_s);
		/* R's round(): half to even, as rint in the default rounding mode */
		rlo = rint((N - C) / 2);
		rup = rint((N + C) / 2 + 1);
		if (rlo >= 1 && rlo <= N)
			o->lo = rank_of(d, nd, mid, (size_t)rlo - 1);
		if (rup >= 1 && rup <= N)
			o->hi = rank_of(d, nd, mid, (size_t)rup - 1);
	}
	svy_free(d);
	return 0;
}

int svy_wls_fit(const double *x, const double *y, const double *se, size_t n,
                struct svy_wls *o)
{
	double *xs, *ys, *ws, c0, c1, cov00, cov01, cov11, chisq, df;
	size_t i, k = 0;

	o->k = o->dropped = 0;
	o->slope = o->intercept = o->se_known = o->chisq = o->se = o->t = o->p = NAN;
	xs = svy_malloc((n ? n : 1) * sizeof *xs);
	ys = svy_malloc((n ? n : 1) * sizeof *ys);
	ws = svy_malloc((n ? n : 1) * sizeof *ws);
	if (!xs || !ys || !ws) {
		svy_free(xs);
		svy_free(ys);
		svy_free(ws);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!(se[i] > 0 && isfinite(se[i])) || !isfinite(y[i])) {
			o->dropped += 1;
			continue;
		}
		xs[k] = x[i];
		ys[k] = y[i];
		ws[k] = 1 / (se[i] * se[i]);
		k++;
	}
	o->k = (double)k;
	gsl_set_error_handler_off();
	if (k >= 2 && xs[0] != xs[k - 1] &&
	    gsl_fit_wlinear(xs, 1, ws, 1, ys, 1, k, &c0, &c1, &cov00, &cov01, &cov11,
	                    &chisq) == GSL_SUCCESS && isfinite(c1)) {
		o->slope = c1;
		o->intercept = c0;
		o->se_known = sqrt(cov11);
		o->chisq = chisq;
		if (k >= 3) {
			df = (double)k - 2;
			o->se = sqrt(cov11 * chisq / df);
			if (o->se > 0) {
				o->t = c1 / o->se;
				o->p = 2 * gsl_cdf_tdist_Q(fabs(o->t), df);
			}
		}
	}
	svy_free(xs);
	svy_free(ys);
	svy_free(ws);
	return 0;
}

void svy_control_limits(double centre, double sigma, double nk, double lo,
                        double hi, double *lcl, double *ucl)
{
	double h;

	if (!(nk > 0) || isnan(centre) || isnan(sigma)) {
		*lcl = *ucl = NAN;
		return;
	}
	h = 3 * sigma / sqrt(nk);
	*lcl = svy_clip(centre - h, lo, hi);
	*ucl = svy_clip(centre + h, lo, hi);
}

void svy_pchart(double x, double n, double nk, double *centre, double *lcl,
                double *ucl)
{
	double p;

	if (!(n > 0)) {
		*centre = *lcl = *ucl = NAN;
		return;
	}
	p = x / n;
	*centre = p;
	svy_control_limits(p, sqrt(p * (1 - p)), nk, 0, 1, lcl, ucl);
}

void svy_npschart(double P, double D, double n, double nk, double *centre,
                  double *lcl, double *ucl)
{
	double p, d;

	if (!(n > 0)) {
		*centre = *lcl = *ucl = NAN;
		return;
	}
	p = P / n;
	d = D / n;
	*centre = 100.0 * (P - D) / n;
	svy_control_limits(*centre, 100.0 * sqrt(p + d - (p - d) * (p - d)), nk, -100,
	                   100, lcl, ucl);
}

int svy_control_out(double v, double lcl, double ucl)
{
	if (v > ucl)
		return 1;
	if (v < lcl)
		return -1;
	return 0;
}
