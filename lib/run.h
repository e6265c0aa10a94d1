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
 * Partial-state format, version 1 (CSV): header `svy_partial_v1`, the --by
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
};

/* What was not used, over all rows: for the summary lines. */
struct svy_run_summary {
	unsigned long rows;      /* data rows read */
	double missing, invalid;
	double wd_missing, wd_invalid, wd_nonpos;
	size_t groups;
};

/* Defaults, the option set for svy_cli_add, and checks after parsing. */
void svy_agg_init(struct svy_agg *a);
const struct svy_optset *svy_agg_optset(struct svy_agg *a);
int svy_agg_check(const struct svy_agg *a, const struct svy_common *c,
                  struct svy_error *e);

/* Run metric m over the input files with the aggregator options and write
 * the result (or the partial states) with c's output options.  m->weighted,
 * m->conf and m->min_n are set from a here.  Fills sum. */
int svy_run(const struct svy_agg *a, struct svy_metric *m,
            const struct svy_common *c, const char *const *files, size_t nfiles,
            struct svy_run_summary *sum, struct svy_error *e);

#endif
