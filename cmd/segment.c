/* segment - label respondents (a filter), compare segments, or find key
 * drivers: options in, library run, summary and exit status out. */
#include "tool.h"

#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "drivers.h"
#include "label.h"

enum {
	/* labelling */
	K_BIN = 400, K_QUANTILES, K_MAP, K_NPS_CATEGORY, K_RULE, K_DEFAULT, K_LABELS, K_AS,
	/* comparison and key drivers */
	K_COMPARE = 500, K_PAIRWISE, K_DRIVERS, K_BY, K_WEIGHT, K_ADJUST, K_ALPHA,
	K_MIN_N, K_SKIP, K_PARTIAL, K_MERGE,
	/* metric */
	K_METRIC = 600, K_COLUMN = 'c', K_SCALE = 601, K_TOP, K_TEST,
	K_MAX = 700
};

static const struct svy_opt label_opts[] = {
	{ "bin", K_BIN, "COL=EDGES", "label [E1,E2) ... [Ek,inf) by the edges of COL" },
	{ "quantiles", K_QUANTILES, "COL=K", "label Q1..QK: K equal-count bins of COL" },
	{ "map", K_MAP, "COL=FILE", "label by a lookup CSV of value,label rows" },
	{ "nps-category", K_NPS_CATEGORY, "COL", "label promoter, passive or detractor" },
	{ "rule", K_RULE, "RULE", "'LABEL: COL OP VALUE [and ...]' (repeat; first wins)" },
	{ "default", K_DEFAULT, "LABEL", "label of unmapped, unmatched or too low values" },
	{ "labels", K_LABELS, "L1,L2,..", "names for the bins, quantiles or categories" },
	{ "as", K_AS, "NAME", "name of the new column (default segment)" },
};

static const struct svy_opt analysis_opts[] = {
	{ "compare", K_COMPARE, NULL, "each segment of --by against the rest" },
	{ "pairwise", K_PAIRWISE, NULL, "every pair of segments of --by" },
	{ "drivers", K_DRIVERS, "COLS", "key drivers of the metric among these ratings" },
	{ "by", K_BY, "COLS", "the segments: groups of these columns" },
	{ "weight", K_WEIGHT, "COL", "weight each answer by this column" },
	{ "adjust", K_ADJUST, "METHOD", "p-value adjustment: holm (default), bh or none" },
	{ "alpha", K_ALPHA, "A", "significance level of p_adj (default 0.05)" },
	{ "min-n", K_MIN_N, "N", "flag comparisons with fewer answers (default 30)" },
	{ "skip-invalid", K_SKIP, NULL, "count invalid answers instead of stopping" },
	{ "partial", K_PARTIAL, NULL, "--compare: write mergeable states" },
	{ "merge", K_MERGE, NULL, "--compare: read states written by --partial" },
};

static const struct svy_opt metric_opts[] = {
	{ "metric", K_METRIC, "NAME", "nps (default), csat, ces or fcr" },
	{ "column", K_COLUMN, "NAME", "the answer column (default: the metric's name)" },
	{ "scale", K_SCALE, "LO-HI", "csat: the answer scale (default 1-5)" },
	{ "top", K_TOP, "K", "csat: answers K and up are the top box" },
	{ "test", K_TEST, "METHOD", "nps: wald (default) or adjusted-wald" },
};

struct seg {
	unsigned char given[K_MAX];
	struct svy_label_opts lab;
	const char **rules;
	struct svy_compare_opts cmp;
	struct svy_agg agg;
	struct svy_drivers_opts drv;
	const char *metric, *column;
	struct svy_csat_params csat;
	struct svy_nps_params nps;
};

static int seg_handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct seg *s = ctx;
	long v;

	/* one new column per run: a second rule of a kind would be lost */
	if (s->given[key] && (key == K_BIN || key == K_QUANTILES || key == K_MAP ||
	                      key == K_NPS_CATEGORY))
		return svy_error_set(e, SVY_EUSAGE, "one labelling per run: '%s' is given "
		                     "twice", key == K_BIN ? "--bin" : key == K_QUANTILES
		                     ? "--quantiles" : key == K_MAP ? "--map"
		                     : "--nps-category");
	s->given[key] = 1;
	switch (key) {
	case K_BIN: s->lab.bin = arg; return 0;
	case K_QUANTILES: s->lab.quantiles = arg; return 0;
	case K_MAP: s->lab.map = arg; return 0;
	case K_NPS_CATEGORY: s->lab.nps_category = arg; return 0;
	case K_RULE: s->rules[s->lab.nrules++] = arg; return 0;
	case K_DEFAULT: s->lab.deflt = arg; return 0;
	case K_LABELS: s->lab.labels = arg; return 0;
	case K_AS: s->lab.as = arg; return 0;
	case K_COMPARE: return 0;
	case K_PAIRWISE: s->cmp.pairwise = 1; return 0;
	case K_DRIVERS: s->drv.columns = arg; return 0;
	case K_BY: s->agg.by = arg; return 0;
	case K_WEIGHT: s->agg.weight = s->drv.weight = arg; return 0;
	case K_ADJUST: return svy_adjust_parse(arg, &s->cmp.adjust, e);
	case K_ALPHA: return svy_cli_real("--alpha", arg, 1e-12, 1 - 1e-12, &s->cmp.alpha, e);
	case K_MIN_N: return svy_cli_long("--min-n", arg, 0, 1000000000L, &s->agg.min_n, e);
	case K_SKIP: s->agg.skip_invalid = s->drv.skip_invalid = 1; return 0;
	case K_PARTIAL: s->agg.partial = 1; return 0;
	case K_MERGE: s->agg.merge = 1; return 0;
	case K_METRIC:
		if (strcmp(arg, "nps") != 0 && strcmp(arg, "csat") != 0 &&
		    strcmp(arg, "ces") != 0 && strcmp(arg, "fcr") != 0)
			return svy_error_set(e, SVY_EUSAGE, "--metric: '%s' is not one of nps, "
			                     "csat, ces, fcr", arg);
		s->metric = arg;
		return 0;
	case K_COLUMN: s->column = arg; return 0;
	case K_SCALE:
		s->csat.has_scale = 1;
		return svy_csat_scale_parse(arg, &s->csat.lo, &s->csat.hi, e);
	case K_TOP:
		s->csat.has_top = 1;
		if (svy_cli_long("--top", arg, -1000000, 1000000, &v, e) < 0)
			return SVY_EUSAGE;
		s->csat.top = (int)v;
		return 0;
	case K_TEST:
		if (strcmp(arg, "wald") == 0)
			s->cmp.adjusted = 0;
		else if (strcmp(arg, "adjusted-wald") == 0)
			s->cmp.adjusted = 1;
		else
			return svy_error_set(e, SVY_EUSAGE, "--test: '%s' is not one of wald, "
			                     "adjusted-wald", arg);
		return 0;
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

/* The first option of list that was given, or NULL. */
static const char *given_of(const struct seg *s, const int *keys)
{
	static const struct svy_opt *const tabs[] = { label_opts, analysis_opts, metric_opts };
	static const size_t ntabs[] = {
		sizeof label_opts / sizeof label_opts[0],
		sizeof analysis_opts / sizeof analysis_opts[0],
		sizeof metric_opts / sizeof metric_opts[0],
	};
	size_t t, i;

	for (; *keys; keys++)
		if (s->given[*keys])
			for (t = 0; t < 3; t++)
				for (i = 0; i < ntabs[t]; i++)
					if (tabs[t][i].key == *keys)
						return tabs[t][i].name;
	return NULL;
}

static int not_with(const struct seg *s, const int *keys, const char *mode,
                    struct svy_error *e)
{
	const char *o = given_of(s, keys);

	if (o)
		return svy_error_set(e, SVY_EUSAGE, "--%s does not go with %s", o, mode);
	return 0;
}

static const int LABEL_KEYS[] = {
	K_BIN, K_QUANTILES, K_MAP, K_NPS_CATEGORY, K_RULE, K_DEFAULT, K_LABELS, K_AS, 0
};

/* Which mode, and are the options right for it?  0 label, 1 compare,
 * 2 drivers, or SVY_EUSAGE. */
static int check_mode(struct seg *s, struct svy_error *e)
{
	static const int ANALYSIS_KEYS[] = {
		K_COMPARE, K_PAIRWISE, K_DRIVERS, K_BY, K_WEIGHT, K_ADJUST, K_ALPHA, K_MIN_N,
		K_SKIP, K_PARTIAL, K_MERGE, K_METRIC, K_COLUMN, K_SCALE, K_TOP, K_TEST, 0
	};
	static const int NOT_DRIVERS[] = {
		K_BY, K_ADJUST, K_ALPHA, K_MIN_N, K_PARTIAL, K_MERGE, K_TEST, K_TOP, 0
	};
	int label = given_of(s, LABEL_KEYS) != NULL;
	int compare = s->given[K_COMPARE] || s->given[K_PAIRWISE];
	int drivers = s->given[K_DRIVERS];

	if (label + compare + drivers == 0)
		return svy_error_set(e, SVY_EUSAGE, "nothing to do: give a labelling rule "
		                     "(--bin, --quantiles, --map, --nps-category, --rule), "
		                     "--compare, --pairwise or --drivers");
	if (s->given[K_COMPARE] && s->given[K_PAIRWISE])
		return svy_error_set(e, SVY_EUSAGE, "--compare and --pairwise exclude each "
		                     "other");
	if (label && (compare || drivers))
		return not_with(s, ANALYSIS_KEYS, "labelling (one job per run: label, "
		                "compare or drivers)", e);
	if (compare && drivers)
		return svy_error_set(e, SVY_EUSAGE, "--drivers does not go with --%s (one job "
		                     "per run)", s->given[K_COMPARE] ? "compare" : "pairwise");
	if (label)
		return not_with(s, ANALYSIS_KEYS, "labelling", e) < 0 ? SVY_EUSAGE : 0;
	if (drivers)
		return not_with(s, NOT_DRIVERS, "--drivers", e) < 0 ? SVY_EUSAGE : 2;
	if (!s->agg.by && !s->agg.merge)
		return svy_error_set(e, SVY_EUSAGE, "--%s needs --by COLS (the segments)",
		                     s->cmp.pairwise ? "pairwise" : "compare");
	return 1;
}

static int init_metric(struct seg *s, struct svy_metric *m, struct svy_error *e)
{
	const char *name = s->metric ? s->metric : "nps";

	if (strcmp(name, "nps") == 0) {
		if (s->given[K_SCALE] || s->given[K_TOP])
			return svy_error_set(e, SVY_EUSAGE, "--%s is for csat, ces and fcr; NPS is "
			                     "0-10", s->given[K_SCALE] ? "scale" : "top");
		s->nps.ci = SVY_NPS_CI_NONE;
		svy_nps_init(m, s->column ? s->column : "nps", &s->nps);
		return 0;
	}
	if (s->cmp.adjusted)
		return svy_error_set(e, SVY_EUSAGE, "--test adjusted-wald is for --metric nps");
	s->csat.metric = name;
	s->csat.ci = SVY_CSAT_CI_NONE;
	return svy_csat_init(m, s->column, &s->csat, e);
}

static void label_summary(const struct svy_common *c, const struct svy_labeler *l,
                          const struct svy_label_summary *s)
{
	size_t i;

	(void)l;
	tool_progress_end();
	if (c->quiet)
		return;
	if (s->ncuts && s->nvalues == 0)
		fprintf(stderr, "segment: no values in '%s': no cut points\n", s->column);
	else if (s->ncuts) {
		fprintf(stderr, "segment: cut points of '%s' (%lu values):", s->column,
		        s->nvalues);
		for (i = 0; i < s->ncuts; i++)
			fprintf(stderr, "%s %.15g", i ? "," : "", s->cuts[i]);
		fputc('\n', stderr);
	}
	if (s->missing)
		fprintf(stderr, "segment: %lu %s with empty '%s' labelled empty\n", s->missing,
		        s->missing == 1 ? "row" : "rows", s->column);
	if (s->defaulted)
		fprintf(stderr, "segment: %lu %s got the --default label\n", s->defaulted,
		        s->defaulted == 1 ? "row" : "rows");
	if (s->unmatched)
		fprintf(stderr, "segment: %lu %s %s %s labelled empty\n",
		        s->unmatched, s->unmatched == 1 ? "row" : "rows",
		        strcmp(s->opt, "--bin") == 0 ? "below the first --bin edge"
		        : strcmp(s->opt, "--map") == 0 ? "not in the map" : "matched no rule and",
		        s->unmatched == 1 ? "was" : "were");
}

static void drivers_summary(const struct svy_common *c, const char *weight,
                            const struct svy_drivers_summary *s)
{
	size_t i;
	int first = 1;

	tool_progress_end();
	if (c->quiet)
		return;
	if (s->skipped) {
		fprintf(stderr, "segment: %lu %s with a missing answer skipped (listwise):",
		        s->skipped, s->skipped == 1 ? "row" : "rows");
		for (i = 0; i < s->ncols; i++)
			if (s->missing[i]) {
				fprintf(stderr, "%s empty '%s' %lu", first ? "" : ",", s->names[i],
				        s->missing[i]);
				first = 0;
			}
		fputc('\n', stderr);
	}
	if (s->invalid)
		fprintf(stderr, "segment: %lu %s with an invalid value skipped\n", s->invalid,
		        s->invalid == 1 ? "row" : "rows");
	if (s->wd_missing + s->wd_invalid + s->wd_nonpos)
		fprintf(stderr, "segment: %lu rows left out for their weight '%s': %lu empty, "
		        "%lu not a number or out of range, %lu zero or negative\n",
		        s->wd_missing + s->wd_invalid + s->wd_nonpos, weight, s->wd_missing,
		        s->wd_invalid, s->wd_nonpos);
	if (s->collinear)
		fprintf(stderr, "segment: a driver or the outcome has no variance, or the "
		        "drivers are collinear: no beta, relative weights or r_squared\n");
}

int main(int argc, char **argv)
{
	static struct seg s;
	struct svy_optset sets[3] = {
		{ "Labelling (a filter: every row out, plus one column)", label_opts,
		  sizeof label_opts / sizeof label_opts[0], seg_handle, &s },
		{ "Comparison and key drivers", analysis_opts,
		  sizeof analysis_opts / sizeof analysis_opts[0], seg_handle, &s },
		{ "Metric", metric_opts, sizeof metric_opts / sizeof metric_opts[0],
		  seg_handle, &s },
	};
	const char **rules = svy_calloc((size_t)argc + 1, sizeof *rules);
	const char *const *files;
	struct svy_cli cli;
	struct svy_metric m = { 0 };
	struct svy_error e;
	size_t nfiles;
	int first, rc, mode;

	tool_start();
	if (!rules) {
		fputs("segment: out of memory\n", stderr);
		return SVY_EXIT_IO;
	}
	s.rules = rules;
	s.lab.rules = rules;
	s.cmp.adjust = SVY_ADJUST_HOLM;
	s.cmp.alpha = 0.05;
	svy_agg_init(&s.agg);
	svy_cli_init(&cli, "segment", "[OPTION]... [FILE]...",
	             "Label respondents, compare segments, or find the key drivers of "
	             "NPS or CSAT.");
	for (rc = 0; rc < 3; rc++)
		svy_cli_add(&cli, &sets[rc]);
	if ((rc = tool_parse(&cli, argc, argv, &first)) >= 0)
		goto done;
	files = (const char *const *)argv + first;
	nfiles = (size_t)(argc - first);
	svy_error_clear(&e);
	if ((mode = check_mode(&s, &e)) < 0 ||
	    svy_cli_outputs_apart(&(struct svy_outfile){ "-o", cli.common.output }, 1, files,
	                          nfiles, &e) < 0) {
		rc = tool_fail("segment", &e);
		goto done;
	}
	if (mode == 0) {
		struct svy_label_summary sum;
		struct svy_labeler *l = svy_labeler_new(&s.lab, cli.common.delim, &e);
		if (!l) {
			rc = tool_fail("segment", &e);
			goto done;
		}
		if (svy_label_filter(l, &cli.common, files, nfiles, &sum, &e) < 0)
			rc = tool_fail("segment", &e);
		else
			label_summary(&cli.common, l, &sum), rc = SVY_EXIT_OK;
		svy_labeler_free(l);
		goto done;
	}
	if (init_metric(&s, &m, &e) < 0) {
		rc = tool_fail("segment", &e);
		goto done;
	}
	if (mode == 1) {
		struct svy_run_hooks hooks = { 0 };
		struct svy_run_summary sum;
		if (svy_agg_check(&s.agg, &cli.common, &e) < 0 ||
		    (s.cmp.adjusted && s.agg.weight &&
		     svy_error_set(&e, SVY_EUSAGE, "--test adjusted-wald does not go with "
		                   "--weight") < 0)) {
			rc = tool_fail("segment", &e);
			goto done;
		}
		hooks.finish = svy_compare_finish;
		hooks.ctx = &s.cmp;
		if (svy_run_with(&s.agg, &m, &cli.common, files, nfiles, &hooks, &sum, &e) < 0) {
			rc = tool_fail("segment", &e);
			goto done;
		}
		tool_summary("segment", &cli.common, &s.agg, &m, &sum);
		rc = SVY_EXIT_OK;
		goto done;
	} else {
		struct svy_drivers_summary sum;
		if (svy_drivers_run(&s.drv, &m, &cli.common, files, nfiles, &sum, &e) < 0) {
			rc = tool_fail("segment", &e);
			goto done;
		}
		drivers_summary(&cli.common, s.drv.weight, &sum);
		rc = SVY_EXIT_OK;
	}
done:
	svy_free(rules);
	return rc;
}
