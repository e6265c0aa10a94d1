/* trend.h - a metric per period and what it does over time: the per-period
 * table, the per-group summary (Mann-Kendall, Sen, WLS), alerts for
 * scheduled jobs, sparklines and the SVG chart.
 *
 * The driver (run.h) collects one metric state per (--by groups, period);
 * svy_trend_analyse takes those states, after any --merge, and works out
 * everything else from them, so a merged run says exactly what a direct run
 * says.  Definitions follow shared/STATS.md (Trend):
 *   value      NPS points, or the top-box share in percent, as nps and csat
 *              compute it (weighted: as they compute it with --weight)
 *   se         NPS: the plug-in SE (weighted: linearisation); a share:
 *              100 sqrt(p(1-p)/n) (weighted: linearisation)
 *   change     value minus the value of the previous period with data;
 *              change_p the two-sided p of the two-group test: NPS and
 *              weighted shares (d)/sqrt(se1^2 + se2^2), unweighted shares
 *              the pooled two-proportion z
 *   rolling    the metric of the pooled states of the last K periods with
 *              data up to this one (never an average of values); empty
 *              until K periods with data have been seen
 *   lcl, ucl   control limits from the group's pooled state over all its
 *              periods shown: centre -/+ 3 sigma/sqrt(n_k), sigma the
 *              per-answer SD of the pooled answers (p-chart for shares, the
 *              NPS chart for NPS), n_k the period's answers (weighted: its
 *              Kish effective n); clipped to the scale; out when strictly
 *              outside
 *   t          whole periods since the group's first period with data
 *   summary    Mann-Kendall and Sen on (t, value) of the periods with data;
 *              WLS of value on t with weights 1/se^2 (periods with se 0
 *              dropped), its SE and p as R's summary(lm(..., weights =))
 * The library never prints: alert messages, sparklines and the chart are
 * handed to the caller or written to the file it names. */
#ifndef SVY_TREND_H
#define SVY_TREND_H

#include <stddef.h>

#include "err.h"
#include "metric.h"
#include "period.h"
#include "run.h"
#include "trendstats.h"
#include "writer.h"

enum svy_trend_dir { SVY_TREND_NONE, SVY_TREND_DOWN, SVY_TREND_UP, SVY_TREND_ANY };

struct svy_trend_opts {
	enum svy_period period;  /* default month */
	int nps;                 /* 1: the metric is NPS (nps.h); 0: a top-box
	                            share (csat.h) */
	long window;             /* --window K; 0: no rolling columns */
	double alpha;            /* significance level (default 0.05) */
	int has_from, has_to;    /* keep the periods from the one of from_day */
	long from_day, to_day;   /* to the one of to_day (days since 1970) */
	int total;               /* add an (all) series pooled over --by groups */
	int summary;             /* svy_trend_write writes the summary */
	int precision;           /* decimals of numbers in alert messages */
	int has_alert_drop;
	double alert_drop;       /* points */
	int alert_out;
	enum svy_trend_dir alert_trend;
};

/* Defaults: month, NPS, alpha 0.05, precision 2, nothing else. */
void svy_trend_opts_init(struct svy_trend_opts *o);

/* Parse an --alert-trend direction: down, up or any; 0 or SVY_EUSAGE. */
int svy_trend_dir_parse(const char *name, enum svy_trend_dir *out, struct svy_error *e);

struct svy_trend_point {
	char key[SVY_PERIOD_KEY_MAX];
	long ord;                /* period ordinal (period.h) */
	const double *st;        /* the metric state while analysing; NULL after */
	int has_data;            /* value is a number */
	double t;                /* NaN before the first period with data */
	double n, value, se, ci_low, ci_high;
	double nk;               /* answers, or the Kish n_eff when weighted */
	double change, change_p;
	double rolling_value, rolling_n;
	double centre, lcl, ucl;
	int out;                 /* 1 above ucl, -1 below lcl, 0 inside */
	int out_known;           /* value and limits are numbers */
	int low_base;
};

struct svy_trend_series {
	char **by;               /* the --by values (nby of them) */
	char *name;              /* for messages and charts: "North", "North/Pro",
	                            "(all)", or the metric name without --by */
	char *label;             /* for alerts: "region 'North'", "all groups" */
	int is_total;
	struct svy_trend_point *pt;
	size_t npt;
	double *states;          /* (all)'s states while analysing, npt x nstate */
	/* the summary, over the periods with data (the tests only with
	 * o->summary or an o->alert_trend: otherwise mk, sen and wls are zero) */
	size_t periods;
	long first, last;        /* indexes into pt; -1 when no period has data */
	struct svy_mk mk;
	struct svy_sen sen;
	struct svy_wls wls;
	const char *direction;   /* "up", "down", "flat", or NULL (no test) */
};

enum svy_trend_alert_kind { SVY_ALERT_DROP, SVY_ALERT_OUT, SVY_ALERT_TREND };

struct svy_trend_alert {
	size_t series;
	enum svy_trend_alert_kind kind;
	char msg[512];           /* one line, no newline: "alert drop: ..." */
};

struct svy_trend {
	struct svy_trend_opts o;
	const struct svy_metric *m;
	size_t nby;
	char **byname;
	struct svy_trend_series *s;
	size_t ns;
	struct svy_trend_alert *alert;
	size_t nalert;
};

/* The derived key of the driver (run.h, struct svy_run_hooks): the period
 * of a date cell.  ctx is a struct svy_trend_keys.  Safe to call from
 * several threads at once (-j): the count of rows outside is atomic, and
 * the memo of recent dates and keys is per thread. */
struct svy_trend_keys {
	enum svy_period period;
	int has_from, has_to;
	long from_day, to_day;   /* rows dated outside are left out, counted in */
	unsigned long *outside;  /* *outside (and reported by the driver as a
	                            missing key: subtract them there) */
};

/* svy_run_hooks.derive: the key into buf and its length; SVY_EMISSING for
 * an empty date or one outside the range; SVY_EINVALID with e->msg. */
int svy_trend_period_key(const void *ctx, const char *s, size_t len, char *buf,
                         size_t size, struct svy_error *e);

/* Analyse what a run collected (c->keynames: the --by columns then the
 * period; the groups sorted by key).  Period keys are checked against
 * o->period (SVY_EDATA when a --merge input was written with another
 * --period).  NULL with e filled on error; free with svy_trend_free.
 * The result keeps no pointer into c. */
struct svy_trend *svy_trend_analyse(const struct svy_trend_opts *o,
                                    const struct svy_metric *m,
                                    const struct svy_collected *c,
                                    struct svy_error *e);

void svy_trend_free(struct svy_trend *tr);

/* The per-period table, or with o->summary the summary table. */
int svy_trend_write(const struct svy_trend *tr, struct svy_writer *w,
                    struct svy_error *e);

/* Series i as a sparkline: its name padded to the longest name, one block
 * character per period from its first to its last period with data (a space
 * for a period without data; at most the last 120 periods), then the first
 * and last period and value.  UTF-8, no newline; returns the length (what
 * snprintf would return). */
int svy_trend_spark(const struct svy_trend *tr, size_t i, char *buf, size_t size);

/* Write the chart of every series to path (svg.h).  title NULL: a title
 * made from the metric, the period and the --by columns. */
int svy_trend_plot(const struct svy_trend *tr, const char *path, const char *title,
                   struct svy_error *e);

#endif
