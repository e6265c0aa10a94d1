/* stats.h - quantiles, intervals and tests on GSL, as shared/STATS.md defines them.
 *
 * Quantiles are exact (gsl_cdf_*_Pinv), never 1.96 written down.  GSL's
 * abort-on-error handler is switched off on first use; a result GSL cannot
 * give is NaN, which the writer shows as an empty cell. */
#ifndef SVY_STATS_H
#define SVY_STATS_H

#include <stddef.h>

/* z such that P(|Z| <= z) = conf (e.g. 1.959963984540054 at 0.95). */
double svy_z_crit(double conf);

/* t quantile with df degrees of freedom for a two-sided conf interval. */
double svy_t_crit(double conf, double df);

/* Two-sided p-value of a standard normal statistic; NaN for NaN. */
double svy_p_normal(double z);

/* Intervals for a proportion: x successes of n, level conf; lo, hi in [0, 1].
 * NaN limits when n == 0. */
void svy_prop_wald(double x, double n, double conf, double *lo, double *hi);
void svy_prop_wilson(double x, double n, double conf, double *lo, double *hi);
void svy_prop_agresti_coull(double x, double n, double conf, double *lo, double *hi);
void svy_prop_clopper_pearson(double x, double n, double conf, double *lo, double *hi);

/* The same with the critical value given: Wilson with z (published
 * examples use z = 1.96 written down); Agresti-Coull adding `add`
 * pseudo-successes and `add` pseudo-failures (z^2/2 each is the standard
 * form, 2 the "add 2 and 2" rule) with half-width z_conf.  NaN when n == 0. */
void svy_prop_wilson_z(double x, double n, double z, double *lo, double *hi);
void svy_prop_agresti_coull_add(double x, double n, double add, double conf,
                                double *lo, double *hi);

/* t interval for a mean: mean -/+ t(n - 1, conf) sd / sqrt(n), as R's t.test.
 * NaN limits unless n >= 2 and sd is a number. */
void svy_mean_t(double mean, double sd, double n, double conf, double *lo, double *hi);

/* Median of a histogram: w[i] is the count (or sum of weights) of the value
 * lo + i, i < k.  The smallest value whose cumulative share exceeds one
 * half; when the cumulative share is exactly one half at a value, the mean
 * of it and the next value with w > 0 (R's median for counts, survey's
 * svyquantile qrule "hf2" for weights).  NaN when no w is positive. */
double svy_hist_median(const double *w, size_t k, double lo);

/* p-value adjustment over the m values of p (NaN entries are left out of m
 * and stay NaN); results in adj.  Returns 0, or -1 when out of memory. */
int svy_p_holm(const double *p, size_t m, double *adj);
int svy_p_bh(const double *p, size_t m, double *adj);

/* Clip x into [lo, hi]. */
double svy_clip(double x, double lo, double hi);

#endif
