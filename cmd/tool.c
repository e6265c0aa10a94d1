/* tool.c - the process side of every binary: messages, help, exit status. */
#include "tool.h"

#include <csv.h>
#include <gsl/gsl_version.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

void tool_start(void)
{
	signal(SIGPIPE, SIG_DFL);
}

int tool_fail(const char *prog, const struct svy_error *e)
{
	char buf[1024];

	svy_error_format(e, buf, sizeof buf);
	fprintf(stderr, "%s: %s\n", prog, buf);
	return svy_exit_status(e->code);
}

int tool_usage(const char *prog, const struct svy_error *e)
{
	fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", prog,
	        e->msg, prog);
	return SVY_EXIT_USAGE;
}

int tool_parse(struct svy_cli *cli, int argc, char **argv, int *operands)
{
	struct svy_error e;
	char *help;

	svy_error_clear(&e);
	if (svy_cli_parse(cli, argc, argv, operands, &e) < 0)
		return tool_usage(cli->prog, &e);
	if (cli->common.help) {
		help = svy_cli_help(cli);
		if (!help) {
			fprintf(stderr, "%s: out of memory\n", cli->prog);
			return SVY_EXIT_IO;
		}
		fputs(help, stdout);
		svy_free(help);
		return fflush(stdout) == 0 ? SVY_EXIT_OK : SVY_EXIT_IO;
	}
	if (cli->common.version) {
		printf("%s (surveykit) %s\nlibcsv %d.%d.%d, GSL %s\n", cli->prog,
		       SVY_VERSION, CSV_MAJOR, CSV_MINOR, CSV_RELEASE, GSL_VERSION);
		return fflush(stdout) == 0 ? SVY_EXIT_OK : SVY_EXIT_IO;
	}
	return -1;
}

static const char *plural(double n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void tool_summary(const char *prog, const struct svy_common *c,
                  const struct svy_agg *a, const struct svy_metric *m,
                  const struct svy_run_summary *s)
{
	if (c->quiet || a->partial)
		return;
	if (s->missing > 0)
		fprintf(stderr, "%s: %.0f %s with empty '%s' skipped\n", prog, s->missing,
		        plural(s->missing, "row", "rows"), m->column);
	if (s->invalid > 0)
		fprintf(stderr, "%s: %.0f %s with an invalid '%s' skipped\n", prog,
		        s->invalid, plural(s->invalid, "row", "rows"), m->column);
	if (s->wd_missing + s->wd_invalid + s->wd_nonpos > 0)
		fprintf(stderr, "%s: %.0f %s left out of weighted figures "
		        "(weights: %.0f empty, %.0f not a number, %.0f zero or negative)\n",
		        prog, s->wd_missing + s->wd_invalid + s->wd_nonpos,
		        plural(s->wd_missing + s->wd_invalid + s->wd_nonpos, "answer", "answers"),
		        s->wd_missing, s->wd_invalid, s->wd_nonpos);
}
