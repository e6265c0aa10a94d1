/* nps - Net Promoter Score per group: options in, library run, exit status out. */
#include "tool.h"

enum { K_COLUMN = 'c', K_CI = 400, K_BENCHMARK };

static const struct svy_opt nps_opts[] = {
	{ "column", K_COLUMN, "NAME", "the 0-10 likelihood-to-recommend column (default nps)" },
	{ "ci", K_CI, "METHOD", "interval: adjusted-wald (default), wald or none" },
	{ "benchmark", K_BENCHMARK, "B", "test each NPS against B points (adds z, p)" },
};

struct nps_cmd {
	const char *column;
	struct svy_nps_params p;
};

static int nps_handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct nps_cmd *n = ctx;

	switch (key) {
	case K_COLUMN: n->column = arg; return 0;
	case K_CI: return svy_nps_ci_parse(arg, &n->p.ci, e);
	case K_BENCHMARK:
		n->p.has_benchmark = 1;
		return svy_cli_real("--benchmark", arg, -100, 100, &n->p.benchmark, e);
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

static int make_metric(void *ctx, struct svy_metric *m, struct svy_error *e)
{
	struct nps_cmd *n = ctx;

	(void)e;
	svy_nps_init(m, n->column, &n->p);
	return 0;
}

int main(int argc, char **argv)
{
	struct nps_cmd n = { "nps", { SVY_NPS_CI_ADJUSTED_WALD, 0, 0 } };
	struct svy_optset own = { "NPS options", nps_opts,
	                          sizeof nps_opts / sizeof nps_opts[0], nps_handle, &n };

	return tool_aggregate("nps", "Net Promoter Score per group, with intervals, "
	                      "weights and tests.", &own, argc, argv, make_metric);
}
