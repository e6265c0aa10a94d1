/* drivers.h - key-driver analysis: which attribute ratings go with the
 * outcome (the NPS score or a satisfaction score), and how much.
 *
 * The accumulator streams: per row it updates the weighted means and
 * co-moments of the outcome and the p drivers (West's update, mergeable in
 * principle, no cancellation), and per driver a joint histogram of
 * (driver value, outcome value) with counts and weight sums: rating scales
 * have few values, so it stays small, and it gives Spearman's rank
 * correlation with ties (midranks) exactly.  Memory grows with the number
 * of distinct (driver, outcome) pairs, never with the number of rows on a
 * rating scale.
 *
 * From those, for each driver: Pearson's r with the outcome; Spearman's rho
 * (Pearson's r of the midranks; weighted: of the weighted midranks, the
 * weight below a value plus half the weight at it, with the rows' weights);
 * the standardized coefficient of the multiple regression of the outcome
 * on all drivers (GSL multifit, truncated SVD, on the correlation matrix:
 * the least-squares solution of Rxx beta = rxy, which is what lm() on
 * standardized variables gives); and Johnson's relative weight: with
 * Rxx = V diag(ev) V' and Lambda = V diag(sqrt(ev)) V' (GSL eigen), beta* =
 * Lambda^-1 rxy and weight_j = sum_k Lambda_jk^2 beta*_k^2.  The weights sum
 * to R^2 = beta . rxy.  Weighted: the same on the weighted correlations (R's
 * cov.wt; lm(weights = w) on standardized variables).
 *
 * Listwise deletion: only rows with the outcome and every driver valid (and,
 * with --weight, a usable weight) are added; the caller counts the rest. */
#ifndef SVY_DRIVERS_H
#define SVY_DRIVERS_H

#include <stddef.h>

#include "cli.h"
#include "err.h"
#include "metric.h"

struct svy_drivers;

/* An accumulator for p drivers (1 <= p <= SVY_MAX_COLS).  NULL on ENOMEM. */
struct svy_drivers *svy_drivers_new(size_t p, struct svy_error *e);
void svy_drivers_free(struct svy_drivers *d);

/* Add one complete row: outcome y, drivers x[0..p-1], weight w > 0 (1 for
 * unweighted).  0 or SVY_ENOMEM. */
int svy_drivers_add(struct svy_drivers *d, double y, const double *x, double w,
                    struct svy_error *e);

/* Would adding the row make a mean or a sum of squares infinite (values
 * near 1e308, or large values with large weights)?  0 if not, else 1 for
 * the outcome or 2 + j for driver j.  The run skips such a row, or stops,
 * before svy_drivers_add. */
size_t svy_drivers_overflows(const struct svy_drivers *d, double y, const double *x,
                             double w);

/* The figures (NaN where undefined: a driver or the outcome without
 * variance; the model when the drivers are collinear). */
struct svy_driver_fig {
	size_t index;                /* the driver's position in the input list */
	double pearson, spearman;
	double beta;                 /* standardized regression coefficient */
	double weight, weight_pct;   /* Johnson's relative weight, and % of R^2 */
};

struct svy_drivers_result {
	size_t p;
	double n;                    /* rows added */
	double r_squared;
	int collinear;               /* the model could not be fitted */
	struct svy_driver_fig fig[SVY_MAX_COLS];   /* in input order */
};

/* Compute the figures.  0, or SVY_ENOMEM. */
int svy_drivers_result(const struct svy_drivers *d, struct svy_drivers_result *r,
                       struct svy_error *e);

/* Sort fig[] by relative weight, largest first; ties and NaN keep input
 * order (NaN last). */
void svy_drivers_sort(struct svy_drivers_result *r);

/* The model part alone, for tests: from the p x p driver correlation matrix
 * rxx (row-major) and the p correlations rxy with the outcome, the
 * standardized coefficients, the relative weights and R^2.  0, 1 when the
 * matrix is singular (outputs NaN), or SVY_ENOMEM. */
int svy_drivers_model(const double *rxx, const double *rxy, size_t p, double *beta,
                      double *weight, double *r_squared);

/* The command's run over files. */
struct svy_drivers_opts {
	const char *columns;         /* comma-separated driver columns */
	const char *weight;          /* weight column, or NULL */
	int skip_invalid;            /* count invalid values instead of failing */
};

struct svy_drivers_summary {
	unsigned long rows;          /* data rows read */
	unsigned long used;          /* rows in the analysis (n_used) */
	unsigned long skipped;       /* rows with a missing outcome or driver */
	unsigned long missing[SVY_MAX_COLS + 1];   /* per column: [0] outcome, then drivers */
	char names[SVY_MAX_COLS + 1][256];         /* those columns' names (whole: a name
	                                              svy_header_resolve matched has < 256 bytes) */
	size_t ncols;
	unsigned long invalid;       /* rows skipped for an invalid value (--skip-invalid) */
	unsigned long wd_missing, wd_invalid, wd_nonpos;   /* weight unusable */
	int collinear;
};

/* Read the files, analyse the outcome m->column (parsed by m) against the
 * drivers, and write one row per driver, sorted by relative weight:
 * driver, n, pearson, spearman, beta, rel_weight, rel_weight_pct,
 * r_squared, n_used.  Fills sum. */
int svy_drivers_run(const struct svy_drivers_opts *o, const struct svy_metric *m,
                    const struct svy_common *c, const char *const *files,
                    size_t nfiles, struct svy_drivers_summary *sum,
                    struct svy_error *e);

#endif
