/* run.h - the aggregator driver: one loop for direct runs, --partial and --merge.
 *
 * Every aggregating command (nps, csat, segment --compare, trend) reads rows,
 * finds each row's group (its --by values) and adds the row to that group's
 * metric state.  --partial writes the states instead of results; --merge
 * reads such states (several files, or concatenated outputs with repeated
 * header lines) and adds them element-wise, then writes results through the
 * same code as a direct run, so that split + partial + merge is byte for
 * byte the direct output.
 *
 * Partial-state format, version 1 (CSV): header `svy_partial_v1` (or
 * `svy_partial_v1:weighted` for weighted states), the --by
 * columns, then the metric's state columns (svy_metric_state_name); each row
 * starts with the metric's state identity (e.g. `nps:0-10`, or
 * `nps:0-10:weighted` when --weight was given), then the group
 * values, then the state as %.17g numbers. */
#ifndef SVY_RUN_H
#define SVY_RUN_H

#include "cli.h"
#include "metric.h"

#define SVY_PARTIAL_TAG "svy_partial_v1"
#define SVY_TOTAL_LABEL "(all)"
#define SVY_COUNT_MAX 9007199254740991.0   /* 2^53 - 1: counts stay exact */
#define SVY_WEIGHT_MIN 1e-100     /* usable weights; others count as invalid */
#define SVY_WEIGHT_MAX 1e100
#define SVY_WEIGHTED_SUFFIX ":weighted"   /* appended to the identity of weighted states */

/* Options every aggregator has. */
struct svy_agg {
	const char *by;          /* comma-separated --by columns, or NULL */
	const char *weight;      /* --weight column, or NULL */
	long min_n;              /* default 30 */
	double conf;             /* default 0.95 */
	int total;               /* --total: a row over all groups */
	int partial, merge;
	int skip_invalid;
	long jobs;               /* threads reading one input file (-j) */
	const char *columns;     /* --columns: names of a header-less input */
};

/* What was not used, over all rows: for the summary lines. */
struct svy_run_summary {
	unsigned long rows;      /* data rows read */
	double missing, invalid;
	double wd_missing, wd_invalid, wd_nonpos;
	double key_missing, key_invalid;   /* rows whose derived key (e.g. the
	                                      period of a date) was empty or invalid */
	size_t groups;
};

/* What a run collected, for a command that writes its own results. */
struct svy_collected {
	const struct svy_metric *m;
	const struct svy_group *groups;    /* sorted by key */
	size_t ngroups;
	const char *const *keynames;       /* the --by columns, then the derived key */
	size_t nkeys;
	const double *total;               /* the merged state of all groups */
};

/* Ways for a command to extend the driver (all optional). */
struct svy_run_hooks {
	/* An extra, last key column derived from an input column (trend: the
	 * period of a date).  derive writes the key into buf and returns its
	 * length, SVY_EMISSING (row counted in key_missing and skipped), or
	 * SVY_EINVALID with e->msg saying why (an error, or counted in
	 * key_invalid with --skip-invalid). */
	const char *derived_name;
	const char *derived_column;
	const char *derived_option;        /* the option naming that column, for
	                                      messages ("--date") */
	int (*derive)(const void *ctx, const char *s, size_t len, char *buf,
	              size_t size, struct svy_error *e);
	/* Write the results instead of one row per group. */
	int (*finish)(const void *ctx, const struct svy_collected *c,
	              struct svy_writer *w, struct svy_error *e);
	const void *ctx;
};

/* Defaults, the option set for svy_cli_add, and checks after parsing. */
void svy_agg_init(struct svy_agg *a);
const struct svy_optset *svy_agg_optset(struct svy_agg *a);
int svy_agg_check(const struct svy_agg *a, const struct svy_common *c,
                  struct svy_error *e);

/* Run metric m over the input files with the aggregator options and write
 * the result (or the partial states) with c's output options.  m->weighted,
 * m->conf and m->min_n are set from a here.  Fills sum.  The column options
 * (--by, --column, --weight, the derived column) are checked with
 * svy_names_check before the input is opened. */
int svy_run(const struct svy_agg *a, struct svy_metric *m,
            const struct svy_common *c, const char *const *files, size_t nfiles,
            struct svy_run_summary *sum, struct svy_error *e);

/* The same with hooks (NULL: none). */
int svy_run_with(const struct svy_agg *a, struct svy_metric *m,
                 const struct svy_common *c, const char *const *files,
                 size_t nfiles, const struct svy_run_hooks *h,
                 struct svy_run_summary *sum, struct svy_error *e);

/* The default result table: one row per group (plus --total), the key
 * columns then the metric's columns.  A finish hook may call it. */
int svy_write_results(const struct svy_agg *a, const struct svy_collected *c,
                      struct svy_writer *w, struct svy_error *e);

#endif
