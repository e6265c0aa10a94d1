/* csat - CSAT, CES and other top-box shares per group: options in, library
 * run, exit status out. */
#include "tool.h"

enum {
	K_COLUMN = 'c', K_SCALE = 400, K_TOP, K_BOTTOM, K_YES_NO, K_METRIC, K_CI,
	K_BENCHMARK, K_DISTRIBUTION
};

static const struct svy_opt csat_opts[] = {
	{ "column", K_COLUMN, "NAME", "the answer column (default: the --metric, csat)" },
	{ "scale", K_SCALE, "LO-HI", "the answer scale (default 1-5)" },
	{ "top", K_TOP, "K", "answers K and up are the top box (default: top two)" },
	{ "bottom", K_BOTTOM, "K", "add the share of answers K and below" },
	{ "yes-no", K_YES_NO, NULL, "yes/no answers: share of yes (y, true, 1, good)" },
	{ "metric", K_METRIC, "NAME", "preset: csat (1-5, top 4), ces (1-7, top 5), fcr" },
	{ "ci", K_CI, "METHOD", "wilson (default) clopper-pearson agresti-coull wald none" },
	{ "benchmark", K_BENCHMARK, "P", "test each share against P percent (adds z, p)" },
	{ "distribution", K_DISTRIBUTION, NULL, "add a count_V column per answer value V" },
};

struct csat_cmd {
	const char *column;
	struct svy_csat_params p;
};

static int csat_handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct csat_cmd *c = ctx;
	long v;

	switch (key) {
	case K_COLUMN: c->column = arg; return 0;
	case K_SCALE:
		c->p.has_scale = 1;
		return svy_csat_scale_parse(arg, &c->p.lo, &c->p.hi, e);
	case K_TOP:
		c->p.has_top = 1;
		if (svy_cli_long("--top", arg, -1000000, 1000000, &v, e) < 0)
			return SVY_EUSAGE;
		c->p.top = (int)v;
		return 0;
	case K_BOTTOM:
		c->p.has_bottom = 1;
		if (svy_cli_long("--bottom", arg, -1000000, 1000000, &v, e) < 0)
			return SVY_EUSAGE;
		c->p.bottom = (int)v;
		return 0;
	case K_YES_NO: c->p.yes_no = 1; return 0;
	case K_METRIC:
		c->p.metric = arg;
		return svy_csat_metric_parse(arg, e);
	case K_CI: return svy_csat_ci_parse(arg, &c->p.ci, e);
	case K_BENCHMARK:
		c->p.has_benchmark = 1;
		return svy_cli_real("--benchmark", arg, 0, 100, &c->p.benchmark, e);
	case K_DISTRIBUTION: c->p.distribution = 1; return 0;
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

static int make_metric(void *ctx, struct svy_metric *m, struct svy_error *e)
{
	struct csat_cmd *c = ctx;

	return svy_csat_init(m, c->column, &c->p, e);
}

int main(int argc, char **argv)
{
	struct csat_cmd c = { 0 };
	struct svy_optset own = { "CSAT options", csat_opts,
	                          sizeof csat_opts / sizeof csat_opts[0], csat_handle, &c };

	c.p.ci = SVY_CSAT_CI_WILSON;
	return tool_aggregate("csat", "CSAT, CES and other top-box shares per group, "
	                      "with means and intervals.", &own, argc, argv, make_metric);
}
