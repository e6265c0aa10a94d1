/* nps.h - the Net Promoter Score metric (answers 0-10).
 *
 * Promoters answer 9-10, passives 7-8, detractors 0-6.  NPS = 100(P - D)/n as
 * one division of exact counts; plug-in SE 100 sqrt((p + d - (p - d)^2)/n);
 * Wald and adjusted-Wald (add 3/4 promoter, 3/4 detractor, 3 to n) intervals.
 * Weighted: shares of weights, linearisation SE as R's survey::svymean with
 * svydesign(ids = ~1, weights = ~w), Wald interval. */
#ifndef SVY_NPS_H
#define SVY_NPS_H

#include "metric.h"

enum svy_nps_ci { SVY_NPS_CI_ADJUSTED_WALD, SVY_NPS_CI_WALD, SVY_NPS_CI_NONE };

struct svy_nps_params {
	enum svy_nps_ci ci;
	int has_benchmark;
	double benchmark;        /* points, -100..100 */
};

/* The estimate of one group (NaN where undefined). */
struct svy_nps_est {
	double n, promoters, passives, detractors;   /* raw counts */
	double pct_promoters, pct_passives, pct_detractors;
	double nps, se, ci_low, ci_high;
	double z, p;                                 /* against the benchmark */
};

/* Parse a --ci name; 0 or SVY_EUSAGE. */
int svy_nps_ci_parse(const char *name, enum svy_nps_ci *out, struct svy_error *e);

/* Make m the NPS metric on column `column` with params p (borrowed). */
void svy_nps_init(struct svy_metric *m, const char *column,
                  const struct svy_nps_params *p);

/* Estimate from a state of m. */
void svy_nps_estimate(const struct svy_metric *m, const double *st,
                      struct svy_nps_est *out);

/* The unweighted figures from counts alone (for tests and other commands). */
void svy_nps_from_counts(double P, double A, double D, double conf,
                         enum svy_nps_ci ci, struct svy_nps_est *out);

#endif
