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

/* p-value adjustment over the m values of p (NaN entries are left out of m
 * and stay NaN); results in adj.  Returns 0, or -1 when out of memory. */
int svy_p_holm(const double *p, size_t m, double *adj);
int svy_p_bh(const double *p, size_t m, double *adj);

/* Clip x into [lo, hi]. */
double svy_clip(double x, double lo, double hi);

#endif
