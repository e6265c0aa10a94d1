/* survey-ingest - raw survey exports to the tidy CSV the other tools read:
 * options in, library pipeline (lib/ingest/ingest.h), summary and exit
 * status out. */
#include "tool.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "detect.h"
#include "ingest.h"

enum {
	K_FROM = 500, K_HEADER_ROWS, K_ENCODING, K_ENCODING_ERRORS, K_DETECT,
	K_ID, K_DATE, K_NPS, K_CSAT, K_CES, K_SCORE, K_SEGMENT, K_TEXT, K_KEEP, K_MAP,
	K_LABELS, K_DATE_FORMAT, K_TZ,
	K_KEEP_PARTIAL, K_DEDUPE, K_REJECTS, K_STRICT, K_NO_SANITIZE, K_ONE_LINE,
};

static const struct svy_opt input_opts[] = {
	{ "from", K_FROM, "PLATFORM", "the export's platform (default: detected)" },
	{ "header-rows", K_HEADER_ROWS, "N", "header rows before the data, 1-3 (default: detected)" },
	{ "encoding", K_ENCODING, "NAME", "input encoding, e.g. WINDOWS-1252 (default: detected)" },
	{ "encoding-errors", K_ENCODING_ERRORS, "M", "invalid input: fail (default) or replace" },
	{ "detect", K_DETECT, NULL, "print what was detected and why, and exit" },
};

static const struct svy_opt map_opts[] = {
	{ "id", K_ID, "COL", "the respondent id column" },
	{ "date", K_DATE, "COL", "the date column" },
	{ "nps", K_NPS, "COL", "the 0-10 recommend question (COL[:LO-HI])" },
	{ "csat", K_CSAT, "COL", "the satisfaction question (COL[:LO-HI], default 1-5)" },
	{ "ces", K_CES, "COL", "the customer effort question (COL[:LO-HI], default 1-7)" },
	{ "score", K_SCORE, "SPEC", "another score: NAME=COL[:LO-HI]" },
	{ "segment", K_SEGMENT, "SPEC", "a segment column: NAME=COL (or COL)" },
	{ "text", K_TEXT, "SPEC", "a free-text column: NAME=COL (or COL)" },
	{ "keep", K_KEEP, "COL", "pass COL through under its tidy name" },
	{ "map", K_MAP, "FILE", "mapping rows target,source[,scale] from FILE" },
	{ "labels", K_LABELS, "FILE", "label rows column,label,value from FILE" },
	{ "date-format", K_DATE_FORMAT, "ORDER", "day/month order: mdy, dmy or auto (default)" },
	{ "tz", K_TZ, "ZONE", "dates are local times in ZONE: write them in UTC" },
};

static const struct svy_opt clean_opts[] = {
	{ "keep-partial", K_KEEP_PARTIAL, NULL, "keep unfinished responses" },
	{ "dedupe", K_DEDUPE, "MODE", "one row per respondent: last (default), first, none" },
	{ "rejects", K_REJECTS, "FILE", "write rejected and dropped rows to FILE" },
	{ "strict", K_STRICT, NULL, "stop at the first rejected row (exit status 1)" },
	{ "no-sanitize", K_NO_SANITIZE, NULL, "write text cells as they are (no formula guard)" },
	{ "one-line", K_ONE_LINE, NULL, "replace line breaks inside cells by spaces" },
};

/* Mapping options and files apply in the order given, after parsing. */
struct action {
	int key;
	const char *arg;
};

struct ingest_cmd {
	struct svy_ingest_opts o;
	struct action *act;
	size_t nact;
	int detect;
};

static int handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct ingest_cmd *c = ctx;
	long v;
	int rc;

	switch (key) {
	case K_FROM:
		if ((rc = svy_platform_parse(arg, e)) < 0)
			return rc;
		c->o.platform = rc;
		return 0;
	case K_HEADER_ROWS:
		if (svy_cli_long("--header-rows", arg, 1, 3, &v, e) < 0)
			return SVY_EUSAGE;
		c->o.header_rows = (int)v;
		return 0;
	case K_ENCODING:
		c->o.encoding = arg;
		return 0;
	case K_ENCODING_ERRORS:
		if (strcmp(arg, "replace") != 0 && strcmp(arg, "fail") != 0)
			return svy_error_set(e, SVY_EUSAGE,
			                     "--encoding-errors: '%s' is not fail or replace", arg);
		c->o.replace = strcmp(arg, "replace") == 0;
		return 0;
	case K_DETECT: c->detect = 1; return 0;
	case K_DATE_FORMAT:
		if ((rc = svy_date_order_parse(arg, e)) < 0)
			return rc;
		c->o.date_order = rc;
		return 0;
	case K_TZ: c->o.tz = arg; return 0;
	case K_KEEP_PARTIAL: c->o.keep_partial = 1; return 0;
	case K_DEDUPE:
		if (strcmp(arg, "last") == 0)
			c->o.dedupe = SVY_DEDUPE_LAST;
		else if (strcmp(arg, "first") == 0)
			c->o.dedupe = SVY_DEDUPE_FIRST;
		else if (strcmp(arg, "none") == 0)
			c->o.dedupe = SVY_DEDUPE_NONE;
		else
			return svy_error_set(e, SVY_EUSAGE,
			                     "--dedupe: '%s' is not last, first or none", arg);
		return 0;
	case K_REJECTS:
		c->o.rejects = arg;
		return svy_cli_path("--rejects", arg, e);
	case K_STRICT: c->o.strict = 1; return 0;
	case K_NO_SANITIZE: c->o.sanitize = 0; return 0;
	case K_ONE_LINE: c->o.one_line = 1; return 0;
	case K_ID: case K_DATE: case K_NPS: case K_CSAT: case K_CES: case K_SCORE:
	case K_SEGMENT: case K_TEXT: case K_KEEP: case K_MAP: case K_LABELS: {
		struct action *a;

		if ((key == K_MAP || key == K_LABELS) &&
		    svy_cli_path(key == K_MAP ? "--map" : "--labels", arg, e) < 0)
			return SVY_EUSAGE;
		if (!(a = svy_realloc(c->act, (c->nact + 1) * sizeof *a)))
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		c->act = a;
		a[c->nact].key = key;
		a[c->nact].arg = arg;
		c->nact++;
		return 0;
	}
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

/* Apply the mapping options and files in order.  -1 to go on, or the exit
 * status. */
static int apply(struct ingest_cmd *c)
{
	struct svy_error e;
	size_t i;
	int rc = 0;

	svy_error_clear(&e);
	for (i = 0; i < c->nact && rc == 0; i++) {
		const struct action *a = &c->act[i];

		switch (a->key) {
		case K_ID: rc = svy_ingest_map_add(&c->o, SVY_MAP_ID, NULL, a->arg, &e); break;
		case K_DATE: rc = svy_ingest_map_add(&c->o, SVY_MAP_DATE, NULL, a->arg, &e); break;
		case K_NPS: rc = svy_ingest_map_add(&c->o, SVY_MAP_SCORE, "nps", a->arg, &e); break;
		case K_CSAT: rc = svy_ingest_map_add(&c->o, SVY_MAP_SCORE, "csat", a->arg, &e); break;
		case K_CES: rc = svy_ingest_map_add(&c->o, SVY_MAP_SCORE, "ces", a->arg, &e); break;
		case K_SCORE: rc = svy_ingest_map_add(&c->o, SVY_MAP_SCORE, NULL, a->arg, &e); break;
		case K_SEGMENT: rc = svy_ingest_map_add(&c->o, SVY_MAP_SEGMENT, NULL, a->arg, &e); break;
		case K_TEXT: rc = svy_ingest_map_add(&c->o, SVY_MAP_TEXT, NULL, a->arg, &e); break;
		case K_KEEP: rc = svy_ingest_map_add(&c->o, SVY_MAP_KEEP, NULL, a->arg, &e); break;
		case K_MAP: rc = svy_ingest_map_file(&c->o, a->arg, &e); break;
		case K_LABELS: rc = svy_ingest_labels_file(&c->o, a->arg, &e); break;
		}
	}
	if (rc < 0)
		return tool_fail("survey-ingest", &e);
	return -1;
}

static int run(struct ingest_cmd *c, const struct svy_common *com)
{
	struct svy_ingest_result res;
	struct svy_error e;
	char line[1024];
	size_t i;
	int rc;

	svy_error_clear(&e);
	if (c->detect) {
		char *report = NULL;

		if (svy_ingest_detect(&c->o, &report, &e) < 0)
			return tool_fail("survey-ingest", &e);
		fputs(report, stdout);
		svy_free(report);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			perror("survey-ingest: stdout");
			return SVY_EXIT_IO;
		}
		return SVY_EXIT_OK;
	}
	rc = svy_ingest_run(&c->o, &res, &e);
	if (rc < 0) {
		svy_ingest_result_fini(&res);
		return tool_fail("survey-ingest", &e);
	}
	if (!com->quiet) {
		for (i = 0; i < res.nwarnings; i++)
			fprintf(stderr, "survey-ingest: %s\n", res.warning[i]);
		svy_ingest_summary(&res, line, sizeof line);
		fprintf(stderr, "survey-ingest: %s\n", line);
	}
	svy_ingest_result_fini(&res);
	return SVY_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct ingest_cmd c;
	struct svy_optset in = { "Input", input_opts, sizeof input_opts / sizeof *input_opts,
	                         handle, &c };
	struct svy_optset map = { "Columns", map_opts, sizeof map_opts / sizeof *map_opts,
	                          handle, &c };
	struct svy_optset clean = { "Cleaning", clean_opts, sizeof clean_opts / sizeof *clean_opts,
	                            handle, &c };
	struct svy_cli cli;
	struct svy_error e;
	int first, rc;

	tool_start();
	memset(&c, 0, sizeof c);
	svy_ingest_opts_init(&c.o);
	svy_cli_init(&cli, "survey-ingest", "[OPTION]... [FILE]",
	             "Turn a raw survey export (Qualtrics, SurveyMonkey, Typeform, Google Forms,\n"
	             "Microsoft Forms, Delighted, Zendesk, any CSV) into one tidy CSV.");
	svy_cli_add(&cli, &in);
	svy_cli_add(&cli, &map);
	svy_cli_add(&cli, &clean);
	if ((rc = tool_parse(&cli, argc, argv, &first)) >= 0)
		goto out;
	svy_error_clear(&e);
	if (argc - first > 1) {
		svy_error_set(&e, SVY_EUSAGE, "one input file at most (got %d)", argc - first);
		rc = tool_fail("survey-ingest", &e);
		goto out;
	}
	if (cli.common.format != SVY_FMT_CSV && cli.common.format != SVY_FMT_TSV) {
		svy_error_set(&e, SVY_EUSAGE, "--format: survey-ingest writes rows: csv or tsv");
		rc = tool_fail("survey-ingest", &e);
		goto out;
	}
	c.o.path = first < argc ? argv[first] : NULL;
	c.o.delim = cli.common.delim;
	c.o.output = cli.common.output;
	c.o.format = cli.common.format;
	/* before the mapping and label files, which are input too */
	if (svy_ingest_check(&c.o, &e) < 0) {
		rc = tool_fail("survey-ingest", &e);
		goto out;
	}
	{
		const struct svy_outfile outs[] = { { "-o", c.o.output }, { "--rejects", c.o.rejects } };
		if (svy_cli_outputs_apart(outs, c.o.rejects ? 2 : 1, (const char *const *)argv + first,
		                          (size_t)(argc - first), &e) < 0) {
			rc = tool_fail("survey-ingest", &e);
			goto out;
		}
	}
	if ((rc = apply(&c)) >= 0)
		goto out;
	rc = run(&c, &cli.common);
out:
	svy_free(c.act);
	svy_ingest_opts_fini(&c.o);
	return rc;
}
