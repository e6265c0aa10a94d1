/* csat.h - top-box metrics on a bounded scale: CSAT, CES and yes/no items.
 *
 * The share of answers in the top box (answers >= top: 4-5 on 1-5 for CSAT,
 * 5-7 on 1-7 for CES, "yes" for a yes/no item such as first-contact
 * resolution), with a Wilson, Clopper-Pearson, Agresti-Coull or Wald
 * interval; the mean score with a t interval; the median; optionally a
 * bottom-box share, the distribution and a one-sample test of the share.
 * Weighted: shares and means of the weights, linearisation SEs as R's
 * survey::svymean with svydesign(ids = ~1, weights = ~w), Wald intervals.
 * Everything comes from the per-value histogram of metric.h, so it merges. */
#ifndef SVY_CSAT_H
#define SVY_CSAT_H

#include <stddef.h>

#include "err.h"
#include "metric.h"

enum svy_csat_ci {
	SVY_CSAT_CI_WILSON,
	SVY_CSAT_CI_CLOPPER_PEARSON,
	SVY_CSAT_CI_AGRESTI_COULL,
	SVY_CSAT_CI_WALD,
	SVY_CSAT_CI_NONE
};

/* The widest scale: 101 values (0-100); with --distribution 41, so that a
 * result row (up to 63 --by columns) stays within the driver's 128 cells. */
#define SVY_CSAT_MAX_VALUES 101
#define SVY_CSAT_MAX_DIST 41

/* What the command line asked for.  The has_* flags mark options given
 * explicitly; svy_csat_init fills in the rest from the preset. */
struct svy_csat_params {
	const char *metric;      /* "csat" (NULL too), "ces" or "fcr" */
	int has_scale, lo, hi;   /* --scale LO-HI */
	int yes_no;              /* --yes-no: 0 = no, 1 = yes */
	int has_top, top;        /* --top K: answers >= K are the top box */
	int has_bottom, bottom;  /* --bottom K: answers <= K are the bottom box */
	int distribution;        /* --distribution: a count_V column per value */
	enum svy_csat_ci ci;
	int has_benchmark;
	double benchmark;        /* percent, strictly between 0 and 100 */
	/* filled by svy_csat_init: the names of the count_V columns */
	char count_name[SVY_CSAT_MAX_DIST][16];
};

/* The estimate of one group (NaN where undefined).  Shares in percent. */
struct svy_csat_est {
	double n, top, bottom;                  /* raw counts */
	double share, ci_low, ci_high;
	double bottom_share;
	double mean, sd, mean_ci_low, mean_ci_high;
	double median;
	double z, p;                            /* share against the benchmark */
};

/* Parse a --ci name; 0 or SVY_EUSAGE. */
int svy_csat_ci_parse(const char *name, enum svy_csat_ci *out, struct svy_error *e);

/* Parse --scale "LO-HI" (integers, LO < HI, at most SVY_CSAT_MAX_VALUES
 * values; LO may be negative: "-3-3"); 0 or SVY_EUSAGE. */
int svy_csat_scale_parse(const char *arg, int *lo, int *hi, struct svy_error *e);

/* Parse a --metric preset name; 0 or SVY_EUSAGE. */
int svy_csat_metric_parse(const char *name, struct svy_error *e);

/* A yes/no answer: yes/no, y/n, true/false, 1/0, good/bad in any case,
 * surrounding spaces ignored.  0 and *value (1 yes, 0 no); SVY_EMISSING for
 * a blank or NA cell; SVY_EINVALID otherwise. */
int svy_csat_yes_no(const char *s, size_t len, int *value);

/* Resolve p against its preset (column, scale, top box), check it, and make
 * m the metric on `column` (NULL: the preset's column).  p is updated in
 * place and borrowed by m.  0, or SVY_EUSAGE with e filled. */
int svy_csat_init(struct svy_metric *m, const char *column,
                  struct svy_csat_params *p, struct svy_error *e);

/* Estimate from a state of m. */
void svy_csat_estimate(const struct svy_metric *m, const double *st,
                       struct svy_csat_est *out);

/* The unweighted share interval of x top-box answers out of n, in percent. */
void svy_csat_share_ci(double x, double n, double conf, enum svy_csat_ci ci,
                       double *lo, double *hi);

#endif
