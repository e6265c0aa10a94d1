/* test_faults.c - allocation failures swept over the analyses that
 * test_mem.c does not reach: trend (period keys, analysis, per-period and
 * summary tables, alerts, the SVG chart, sparklines) and segment's
 * comparisons (segment vs rest, pairwise).  Every allocation of a successful
 * run is made to fail in turn (svy_mem_fail_after(n), n = 1..N); each run
 * must end with SVY_ENOMEM and free what it holds (leaks show under
 * `make sanitize` and `make valgrind`, which run this same program). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "svy.h"
#include "tap.h"
#include "trend.h"

static char in_path[] = "/tmp/svy-test-faults-in-XXXXXX";
static char out_path[] = "/tmp/svy-test-faults-out-XXXXXX";
static char svg_path[] = "/tmp/svy-test-faults-svg-XXXXXX";

static void make_file(char *tmpl, const char *data)
{
	int fd = mkstemp(tmpl);
	size_t len = strlen(data);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		exit(2);
	close(fd);
}

/* ---- trend --------------------------------------------------------------- */

struct trend_cfg {
	const char *name;
	const char *by;
	int summary, window, total, plot, alerts;
	enum svy_period period;
};

struct trend_ctx {
	struct svy_trend_opts o;
	struct svy_trend_keys keys;
	unsigned long outside;
	struct svy_trend *tr;
};

static int derive(const void *ctx, const char *s, size_t len, char *buf, size_t size,
                  struct svy_error *e)
{
	const struct trend_ctx *t = ctx;

	return svy_trend_period_key(&t->keys, s, len, buf, size, e);
}

static int finish(const void *ctx, const struct svy_collected *c, struct svy_writer *w,
                  struct svy_error *e)
{
	struct trend_ctx *t = (struct trend_ctx *)ctx;

	t->tr = svy_trend_analyse(&t->o, c->m, c, e);
	if (!t->tr)
		return e->code;
	return svy_trend_write(t->tr, w, e);
}

static int trend_run(const void *arg)
{
	const struct trend_cfg *k = arg;
	struct svy_nps_params p = { SVY_NPS_CI_ADJUSTED_WALD, 0, 0 };
	struct trend_ctx t;
	struct svy_run_hooks h;
	struct svy_agg a;
	struct svy_common c;
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	const char *file = in_path;
	char spark[512];
	size_t i;
	int rc;

	memset(&t, 0, sizeof t);
	svy_trend_opts_init(&t.o);
	t.o.period = k->period;
	t.o.nps = 1;
	t.o.summary = k->summary;
	t.o.window = k->window;
	t.o.total = k->total;
	if (k->alerts) {
		t.o.has_alert_drop = 1;
		t.o.alert_drop = 1;
		t.o.alert_out = 1;
		t.o.alert_trend = SVY_TREND_ANY;
	}
	t.keys.period = k->period;
	t.keys.outside = &t.outside;
	memset(&h, 0, sizeof h);
	h.derived_name = "period";
	h.derived_column = "date";
	h.derive = derive;
	h.finish = finish;
	h.ctx = &t;
	svy_agg_init(&a);
	a.by = k->by;
	a.total = k->total;
	a.min_n = 2;
	memset(&c, 0, sizeof c);
	c.precision = 2;
	c.output = out_path;
	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &p);
	svy_error_clear(&e);
	rc = svy_run_with(&a, &m, &c, &file, 1, &h, &sum, &e);
	if (rc == 0 && k->plot)
		rc = svy_trend_plot(t.tr, svg_path, NULL, &e);
	if (rc == 0 && t.tr)
		for (i = 0; i < t.tr->ns; i++)
			svy_trend_spark(t.tr, i, spark, sizeof spark);
	svy_trend_free(t.tr);
	return rc;
}

/* ---- segment --compare ---------------------------------------------------- */

struct cmp_cfg {
	const char *name;
	const char *by;
	int pairwise, weighted;
};

static int compare_run(const void *arg)
{
	const struct cmp_cfg *k = arg;
	struct svy_nps_params p = { SVY_NPS_CI_ADJUSTED_WALD, 0, 0 };
	struct svy_compare_opts co;
	struct svy_run_hooks h;
	struct svy_agg a;
	struct svy_common c;
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	const char *file = in_path;

	memset(&co, 0, sizeof co);
	co.pairwise = k->pairwise;
	co.adjust = SVY_ADJUST_HOLM;
	co.alpha = 0.05;
	memset(&h, 0, sizeof h);
	h.finish = svy_compare_finish;
	h.ctx = &co;
	svy_agg_init(&a);
	a.by = k->by;
	a.weight = k->weighted ? "w" : NULL;
	a.min_n = 2;
	memset(&c, 0, sizeof c);
	c.precision = 2;
	c.format = SVY_FMT_TABLE;
	c.output = out_path;
	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &p);
	svy_error_clear(&e);
	return svy_run_with(&a, &m, &c, &file, 1, &h, &sum, &e);
}

/* Run op with the n-th allocation failing, for every n. */
static void sweep(const char *name, int (*op)(const void *), const void *arg)
{
	unsigned long n, total;
	char bad[512] = "";
	int rc, nbad = 0;

	svy_mem_fail_after(0);
	rc = op(arg);
	total = svy_mem_count();
	ok(rc == 0 && total > 0, "%s: succeeds without injected failures (%lu allocations)",
	   name, total);
	for (n = 1; n <= total; n++) {
		svy_mem_fail_after(n);
		rc = op(arg);
		svy_mem_fail_after(0);
		if (rc != SVY_ENOMEM && nbad++ < 10) {
			char one[48];
			snprintf(one, sizeof one, " n=%lu:rc=%d", n, rc);
			strncat(bad, one, sizeof bad - strlen(bad) - 1);
		}
	}
	ok(nbad == 0, "%s: each of the %lu allocations failing gives SVY_ENOMEM%s%s", name,
	   total, nbad ? "; not for" : "", bad);
}

int main(void)
{
	static const struct trend_cfg trends[] = {
		{ "trend by month", NULL, 0, 0, 0, 0, 0, SVY_PERIOD_MONTH },
		{ "trend --by region --total --window 2 --plot", "region", 0, 2, 1, 1, 0,
		  SVY_PERIOD_MONTH },
		{ "trend --summary --alerts, weeks", "region", 1, 0, 0, 0, 1, SVY_PERIOD_WEEK },
	};
	static const struct cmp_cfg cmps[] = {
		{ "segment --compare --by region", "region", 0, 0 },
		{ "segment --compare --pairwise --weight", "region", 1, 1 },
		{ "segment --compare --by region,plan", "region,plan", 0, 0 },
	};
	char data[8192];
	size_t i, n = 0;

	n += (size_t)snprintf(data + n, sizeof data - n, "date,region,plan,nps,w\n");
	for (i = 0; i < 90 && n + 64 < sizeof data; i++)
		n += (size_t)snprintf(data + n, sizeof data - n, "2024-%02zu-%02zu,%s,%s,%zu,%zu.5\n",
		                      1 + i % 6, 1 + i % 28, i % 3 ? "North" : "South",
		                      i % 2 ? "Pro" : "Free", (i * 7) % 11, 1 + i % 3);
	make_file(in_path, data);
	make_file(out_path, "");
	make_file(svg_path, "");
	for (i = 0; i < sizeof trends / sizeof trends[0]; i++)
		sweep(trends[i].name, trend_run, &trends[i]);
	for (i = 0; i < sizeof cmps / sizeof cmps[0]; i++)
		sweep(cmps[i].name, compare_run, &cmps[i]);
	unlink(in_path);
	unlink(out_path);
	unlink(svg_path);
	return done();
}
