/* trendstats.h - trend tests on a series, as shared/STATS.md (Trend) defines
 * them: Mann-Kendall with tie and continuity correction and Kendall's tau-b,
 * Sen's slope with the interval rule of R's trend::sens.slope, weighted
 * least squares on GSL (gsl_fit_wlinear), and Shewhart control limits.
 *
 * A series is y[0..n) in time order with times t[0..n) (whole periods,
 * strictly increasing; gaps allowed).  Ties are by exact equality of the
 * doubles.  An undefined statistic is NaN, which the writer shows empty. */
#ifndef SVY_TRENDSTATS_H
#define SVY_TRENDSTATS_H

#include <stddef.h>

/* Mann-Kendall.  S = sum_{i<j} sgn(y_j - y_i);
 * Var S = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18 over tie groups;
 * Z = (S - sgn S) / sqrt(Var S); p two-sided normal; tau-b =
 * S / sqrt(n0 (n0 - n2)) with n0 = n(n-1)/2 and n2 = sum_g t_g(t_g-1)/2 (time
 * has no ties).  This is R's cor.test(t, y, method = "kendall",
 * exact = FALSE, continuity = TRUE).  s and var_s are NaN when n < 2; z, p
 * and tau when n < 3 or Var S = 0 (STATS.md: no test).  S is counted in
 * n log n time (inversions while merge-sorting y), so any n is quick. */
struct svy_mk {
	double n, s, var_s, z, p, tau;
};

/* 0, or -1 when out of memory (out is then all NaN). */
int svy_mk_test(const double *y, size_t n, struct svy_mk *out);

/* Sen's slope: the median of the N = n(n-1)/2 pairwise slopes
 * (y_j - y_i)/(t_j - t_i), i < j; interval as trend::sens.slope: with
 * C = z(conf) sqrt(var_s), the slopes of ranks round((N - C)/2) and
 * round((N + C)/2 + 1) (1-based, rounded half to even) of the sorted
 * slopes, NaN where a rank falls outside 1..N or var_s is not a positive
 * number.  slope is NaN when n < 2 or n > SVY_SEN_MAX_N (the slopes take
 * 8 N bytes: 100 MB at the limit).  The three ranks are selected, not
 * sorted for: 0.2 s at the limit. */
#define SVY_SEN_MAX_N 5000

struct svy_sen {
	double slope, lo, hi;
};

/* 0, or -1 when out of memory (out is then all NaN). */
int svy_sen_slope(const double *t, const double *y, size_t n, double var_s,
                  double conf, struct svy_sen *out);

/* Weighted least squares of y on x with weights 1/se^2 (gsl_fit_wlinear).
 * Points whose se is not a positive finite number are dropped and counted.
 * With k points left: slope and intercept when k >= 2 and the x differ;
 * se_known = sqrt(cov11), the SE when the se are taken as known; se =
 * sqrt(cov11 chi^2 / (k - 2)) and p from t = slope/se on k - 2 degrees of
 * freedom (two-sided), which is what R's summary(lm(y ~ x, weights =
 * 1/se^2)) reports, when k >= 3 (p NaN when se is 0). */
struct svy_wls {
	double k, dropped;
	double slope, intercept, se_known, chisq, se, t, p;
};

/* 0, or -1 when out of memory (out is then all NaN). */
int svy_wls_fit(const double *x, const double *y, const double *se, size_t n,
                struct svy_wls *out);

/* Shewhart limits centre -/+ 3 sigma / sqrt(nk) clipped to [lo, hi]; NaN
 * when nk <= 0 or an input is NaN. */
void svy_control_limits(double centre, double sigma, double nk, double lo,
                        double hi, double *lcl, double *ucl);

/* p-chart (shares in [0, 1]): pooled p = x/n over all periods; limits for a
 * period of nk answers. */
void svy_pchart(double x, double n, double nk, double *centre, double *lcl,
                double *ucl);

/* The NPS chart (points): centre 100(P - D)/n over all periods, limits
 * -/+ 3 * 100 sqrt(v/nk) with the pooled v = p + d - (p - d)^2, clipped to
 * [-100, 100]. */
void svy_npschart(double P, double D, double n, double nk, double *centre,
                  double *lcl, double *ucl);

/* 1 above ucl, -1 below lcl (strictly), else 0 (also for NaN). */
int svy_control_out(double v, double lcl, double ucl);

#endif
