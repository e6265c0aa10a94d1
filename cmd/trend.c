/* trend - a metric per period and group, changes, trend tests, alerts and
 * plots: options in, library run, messages and exit status out. */
#include "tool.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "period.h"
#include "trend.h"

enum {
	K_COLUMN = 'c', K_DATE = 500, K_PERIOD, K_METRIC, K_SCALE, K_TOP, K_CI,
	K_FROM, K_TO, K_WINDOW, K_ALPHA, K_SUMMARY,
	K_ALERT_DROP = 600, K_ALERT_OUT, K_ALERT_TREND, K_PLOT, K_TITLE, K_SPARK,
};

static const struct svy_opt trend_opts[] = {
	{ "date", K_DATE, "COL", "the date column, ISO 8601 (default date)" },
	{ "period", K_PERIOD, "P", "day, week (ISO), month (default), quarter or year" },
	{ "metric", K_METRIC, "M", "nps (default), csat, ces or fcr" },
	{ "column", K_COLUMN, "NAME", "the answer column (default: the metric's name)" },
	{ "scale", K_SCALE, "LO-HI", "csat: the answer scale (default 1-5)" },
	{ "top", K_TOP, "K", "csat: answers K and up are the top box" },
	{ "ci", K_CI, "METHOD", "interval: nps adjusted-wald|wald|none, csat wilson|..." },
	{ "from", K_FROM, "DATE", "leave out rows dated before DATE (YYYY-MM-DD)" },
	{ "to", K_TO, "DATE", "leave out rows dated after DATE" },
	{ "window", K_WINDOW, "K", "add the value pooled over the last K periods" },
	{ "alpha", K_ALPHA, "A", "significance level of tests and alerts (default 0.05)" },
	{ "summary", K_SUMMARY, NULL, "one row per group: trend tests and slopes" },
};

static const struct svy_opt alert_opts[] = {
	{ "alert-drop", K_ALERT_DROP, "X", "alert: last period X points below the one before" },
	{ "alert-out", K_ALERT_OUT, NULL, "alert: last period outside its control limits" },
	{ "alert-trend", K_ALERT_TREND, "DIR", "alert: significant trend down, up or any" },
	{ "plot", K_PLOT, "FILE", "write an SVG line chart to FILE" },
	{ "title", K_TITLE, "TEXT", "the chart's title" },
	{ "spark", K_SPARK, "[=WHERE]", "sparklines: auto (stderr if a tty), stderr or stdout" },
};

enum spark_mode { SPARK_OFF, SPARK_AUTO, SPARK_STDERR, SPARK_STDOUT };

struct trend_cmd {
	struct svy_trend_opts o;
	const char *date;
	const char *metric;
	const char *column;
	const char *ci;
	struct svy_nps_params nps;
	struct svy_csat_params csat;
	const char *plot, *title;
	enum spark_mode spark;
	struct svy_trend_keys keys;  /* for the derived key: the period */
	struct svy_trend **result;   /* where the finish hook leaves the analysis */
};

static int date_arg(const char *opt, const char *arg, long *days, struct svy_error *e)
{
	struct svy_error pe;
	int rc = svy_period_date(arg, strlen(arg), days, &pe);

	if (rc == 0)
		return 0;
	return svy_error_set(e, SVY_EUSAGE, "%s: %s", opt,
	                     rc == SVY_EMISSING ? "an empty date" : pe.msg);
}

static int trend_handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct trend_cmd *t = ctx;
	long v;

	switch (key) {
	case K_DATE: t->date = arg; return 0;
	case K_PERIOD: return svy_period_parse(arg, &t->o.period, e);
	case K_METRIC:
		if (strcmp(arg, "nps") != 0 && svy_csat_metric_parse(arg, e) < 0)
			return svy_error_set(e, SVY_EUSAGE, "--metric: '%s' is not one of nps, "
			                     "csat, ces, fcr", arg);
		t->metric = arg;
		return 0;
	case K_COLUMN: t->column = arg; return 0;
	case K_SCALE:
		t->csat.has_scale = 1;
		return svy_csat_scale_parse(arg, &t->csat.lo, &t->csat.hi, e);
	case K_TOP:
		t->csat.has_top = 1;
		if (svy_cli_long("--top", arg, -1000000, 1000000, &v, e) < 0)
			return SVY_EUSAGE;
		t->csat.top = (int)v;
		return 0;
	case K_CI: t->ci = arg; return 0;
	case K_FROM:
		t->o.has_from = 1;
		return date_arg("--from", arg, &t->o.from_day, e);
	case K_TO:
		t->o.has_to = 1;
		return date_arg("--to", arg, &t->o.to_day, e);
	case K_WINDOW: return svy_cli_long("--window", arg, 1, 100000, &t->o.window, e);
	case K_ALPHA: return svy_cli_real("--alpha", arg, 1e-12, 0.5, &t->o.alpha, e);
	case K_SUMMARY: t->o.summary = 1; return 0;
	case K_ALERT_DROP:
		t->o.has_alert_drop = 1;
		return svy_cli_real("--alert-drop", arg, 0, 200, &t->o.alert_drop, e);
	case K_ALERT_OUT: t->o.alert_out = 1; return 0;
	case K_ALERT_TREND: return svy_trend_dir_parse(arg, &t->o.alert_trend, e);
	case K_PLOT:
		t->plot = arg;
		return svy_cli_path("--plot", arg, e);
	case K_TITLE: t->title = arg; return 0;
	case K_SPARK:
		if (!arg || strcmp(arg, "auto") == 0)
			t->spark = SPARK_AUTO;
		else if (strcmp(arg, "stdout") == 0)
			t->spark = SPARK_STDOUT;
		else if (strcmp(arg, "stderr") == 0)
			t->spark = SPARK_STDERR;
		else
			return svy_error_set(e, SVY_EUSAGE, "--spark: '%s' is not one of "
			                     "stdout, stderr, auto", arg);
		return 0;
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

static int init_metric(struct trend_cmd *t, struct svy_metric *m, struct svy_error *e)
{
	const char *name = t->metric ? t->metric : "nps";

	if (strcmp(name, "nps") == 0) {
		if (t->csat.has_scale || t->csat.has_top)
			return svy_error_set(e, SVY_EUSAGE, "--scale and --top go with a top-box "
			                     "metric (--metric csat, ces), not with nps");
		if (t->ci && svy_nps_ci_parse(t->ci, &t->nps.ci, e) < 0)
			return SVY_EUSAGE;
		t->o.nps = 1;
		svy_nps_init(m, t->column ? t->column : "nps", &t->nps);
		return 0;
	}
	if (t->ci && svy_csat_ci_parse(t->ci, &t->csat.ci, e) < 0)
		return SVY_EUSAGE;
	t->o.nps = 0;
	t->csat.metric = name;
	return svy_csat_init(m, t->column, &t->csat, e);
}

static int check(const struct trend_cmd *t, const struct svy_agg *a, struct svy_error *e)
{
	if (t->o.has_from && t->o.has_to && t->o.from_day > t->o.to_day)
		return svy_error_set(e, SVY_EUSAGE, "--from is after --to");
	if (a->partial && (t->o.summary || t->o.window || t->o.has_alert_drop ||
	                   t->o.alert_out || t->o.alert_trend || t->plot || t->spark))
		return svy_error_set(e, SVY_EUSAGE, "--partial writes states: --summary, "
		                     "--window, --alert-*, --plot and --spark go with the "
		                     "--merge run");
	if (t->title && !t->plot)
		return svy_error_set(e, SVY_EUSAGE, "--title names the chart of --plot");
	return 0;
}

static int derive(const void *ctx, const char *s, size_t len, char *buf,
                  size_t size, struct svy_error *e)
{
	const struct trend_cmd *t = ctx;

	return svy_trend_period_key(&t->keys, s, len, buf, size, e);
}

static int finish(const void *ctx, const struct svy_collected *c,
                  struct svy_writer *w, struct svy_error *e)
{
	const struct trend_cmd *t = ctx;
	struct svy_trend *tr = svy_trend_analyse(&t->o, c->m, c, e);

	if (!tr)
		return e->code;
	*t->result = tr;
	return svy_trend_write(tr, w, e);
}

static void sparks(const struct svy_trend *tr, FILE *fp)
{
	char line[2048];
	size_t i;

	for (i = 0; i < tr->ns; i++) {
		svy_trend_spark(tr, i, line, sizeof line);
		fprintf(fp, "%s\n", line);
	}
}

static void summary(const struct trend_cmd *t, const struct svy_common *c,
                    const struct svy_agg *a, const struct svy_metric *m,
                    const struct svy_run_summary *s, unsigned long outside)
{
	double empty = s->key_missing - (double)outside;
	char buf[SVY_NAME_MAX + 1];
	const char *date = svy_name_of(t->date, buf, sizeof buf);

	tool_summary("trend", c, a, m, s);
	if (c->quiet || a->partial)
		return;
	if (empty > 0)
		fprintf(stderr, "trend: %.0f %s with empty '%s' skipped\n", empty,
		        empty == 1 ? "row" : "rows", date);
	if (s->key_invalid > 0)
		fprintf(stderr, "trend: %.0f %s with an invalid '%s' skipped\n",
		        s->key_invalid, s->key_invalid == 1 ? "row" : "rows", date);
	if (outside > 0)
		fprintf(stderr, "trend: %lu %s dated outside --from/--to left out\n",
		        outside, outside == 1 ? "row" : "rows");
}

int main(int argc, char **argv)
{
	struct svy_trend *tr = NULL;
	struct trend_cmd t;
	struct svy_optset own = { "Trend options", trend_opts,
	                          sizeof trend_opts / sizeof trend_opts[0], trend_handle, &t };
	struct svy_optset alerts = { "Alerts and charts", alert_opts,
	                             sizeof alert_opts / sizeof alert_opts[0], trend_handle,
	                             &t };
	unsigned long outside = 0;
	struct svy_run_hooks hooks;
	struct svy_cli cli;
	struct svy_agg agg;
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	size_t i;
	int first, rc, status = SVY_EXIT_OK;

	tool_start();
	memset(&t, 0, sizeof t);
	memset(&m, 0, sizeof m);
	svy_trend_opts_init(&t.o);
	t.date = "date";
	t.nps.ci = SVY_NPS_CI_ADJUSTED_WALD;
	t.csat.ci = SVY_CSAT_CI_WILSON;
	t.result = &tr;
	svy_agg_init(&agg);
	svy_cli_init(&cli, "trend", "[OPTION]... [FILE]...",
	             "NPS or CSAT per period and group: changes, trend tests, alerts, charts.");
	svy_cli_add(&cli, &own);
	svy_cli_add(&cli, &alerts);
	svy_cli_add(&cli, svy_agg_optset(&agg));
	svy_error_clear(&e);
	if ((rc = tool_parse(&cli, argc, argv, &first)) >= 0)
		return rc;
	if (svy_agg_check(&agg, &cli.common, &e) < 0 || check(&t, &agg, &e) < 0 ||
	    init_metric(&t, &m, &e) < 0)
		return tool_fail("trend", &e);
	{
		const struct svy_outfile outs[] = { { "-o", cli.common.output }, { "--plot", t.plot } };
		if (svy_cli_outputs_apart(outs, t.plot ? 2 : 1, (const char *const *)argv + first,
		                          (size_t)(argc - first), &e) < 0)
			return tool_fail("trend", &e);
	}
	t.o.precision = cli.common.precision;

	t.o.total = agg.total;
	t.keys.period = t.o.period;
	t.keys.has_from = t.o.has_from;
	t.keys.from_day = t.o.from_day;
	t.keys.has_to = t.o.has_to;
	t.keys.to_day = t.o.to_day;
	t.keys.outside = &outside;
	memset(&hooks, 0, sizeof hooks);
	hooks.derived_name = "period";
	hooks.derived_column = t.date;
	hooks.derived_option = "--date";
	hooks.derive = derive;
	hooks.finish = finish;
	hooks.ctx = &t;
	if (svy_run_with(&agg, &m, &cli.common, (const char *const *)argv + first,
	                 (size_t)(argc - first), &hooks, &sum, &e) < 0) {
		svy_trend_free(tr);
		return tool_fail("trend", &e);
	}
	summary(&t, &cli.common, &agg, &m, &sum, outside);
	if (!tr)
		return SVY_EXIT_OK;    /* --partial */
	if (t.spark == SPARK_STDOUT)
		sparks(tr, stdout);
	else if (t.spark == SPARK_STDERR || (t.spark == SPARK_AUTO && isatty(2)))
		sparks(tr, stderr);
	for (i = 0; i < tr->nalert; i++)
		fprintf(stderr, "trend: %s\n", tr->alert[i].msg);
	if (tr->nalert > 0)
		status = SVY_EXIT_ALERT;
	if (t.plot && svy_trend_plot(tr, t.plot, t.title, &e) < 0)
		status = tool_fail("trend", &e);
	svy_trend_free(tr);
	if (t.spark == SPARK_STDOUT && fflush(stdout) != 0) {
		fprintf(stderr, "trend: cannot write standard output\n");
		return SVY_EXIT_IO;
	}
	return status;
}
