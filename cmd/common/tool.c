/* tool.c - the process side of every binary: messages, help, exit status. */
#include "tool.h"

#include <csv.h>
#include <gsl/gsl_version.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void tool_start(void)
{
	signal(SIGPIPE, SIG_DFL);
}

/* Progress on stderr: after the first second, at most four times a
 * second, erased at the end.  Only for the reader's own files. */
static struct {
	const char *prog;
	int on;                      /* -1 never, 0 auto, 1 forced */
	double start, last;
	int shown;
} prog_state;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_progress(void *ctx, const char *file, long long done, long long total,
                        unsigned long rows)
{
	double t = now(), el;

	(void)ctx;
	if (prog_state.on == 0 && total < 0)
		return;                  /* never for pipes unless asked */
	el = t - prog_state.start;
	if ((prog_state.on == 0 && el < 1.0) || t - prog_state.last < 0.25)
		return;
	prog_state.last = t;
	prog_state.shown = 1;
	if (total > 0)
		fprintf(stderr, "\r%s: %s %3.0f%%  %lu rows  %.0f rows/s  %.1fs\033[K",
		        prog_state.prog, file, 100.0 * (double)done / (double)total, rows,
		        el > 0 ? rows / el : 0.0, el);
	else
		fprintf(stderr, "\r%s: %s %lu rows  %.0f rows/s  %.1fs\033[K",
		        prog_state.prog, file, rows, el > 0 ? rows / el : 0.0, el);
}

void tool_progress_end(void)
{
	if (prog_state.shown) {
		fputs("\r\033[K", stderr);
		prog_state.shown = 0;
	}
}

static void progress_start(const char *prog, int mode)
{
	if (mode < 0 || (mode == 0 && !isatty(STDERR_FILENO)))
		return;
	prog_state.prog = prog;
	prog_state.on = mode;
	prog_state.start = now();
	prog_state.last = mode > 0 ? prog_state.start - 1 : prog_state.start;
	svy_reader_progress_hook(on_progress, NULL);
}

static const char *synopsis = "[OPTION]... [FILE]...";

/* The one place an error is printed.  A usage error gets the synopsis and
 * the pointer to --help whoever found it (the parser, a check after it, or
 * the library once the input is open), so that every status 2 looks alike. */
int tool_fail(const char *prog, const struct svy_error *e)
{
	char buf[1024];

	tool_progress_end();
	svy_error_format(e, buf, sizeof buf);
	fprintf(stderr, "%s: %s\n", prog, buf);
	if (e->code == SVY_EUSAGE)
		fprintf(stderr, "Usage: %s %s\nTry '%s --help' for more information.\n",
		        prog, synopsis, prog);
	return svy_exit_status(e->code);
}

int tool_parse(struct svy_cli *cli, int argc, char **argv, int *operands)
{
	struct svy_error e;
	char *help;

	svy_error_clear(&e);
	synopsis = cli->synopsis;
	if (svy_cli_parse(cli, argc, argv, operands, &e) < 0)
		return tool_fail(cli->prog, &e);
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
	svy_writer_color(cli->common.color);
	progress_start(cli->prog, cli->common.progress);
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
	char col[SVY_NAME_MAX + 1], wcol[SVY_NAME_MAX + 1];
	const char *column = svy_name_of(m->column, col, sizeof col);
	const char *weight = a->weight ? svy_name_of(a->weight, wcol, sizeof wcol) : NULL;

	tool_progress_end();
	if (c->quiet || a->partial)
		return;
	if (s->missing > 0)
		fprintf(stderr, "%s: %.0f %s with empty '%s' skipped\n", prog, s->missing,
		        plural(s->missing, "row", "rows"), column);
	if (s->invalid > 0)
		fprintf(stderr, "%s: %.0f %s with an invalid '%s' skipped\n", prog,
		        s->invalid, plural(s->invalid, "row", "rows"), column);
	/* --merge reads no weight column: its counts come from the partials */
	if (s->wd_missing + s->wd_invalid + s->wd_nonpos > 0)
		fprintf(stderr, "%s: %.0f %s left out of weighted figures (%s%s%s: %.0f empty, "
		        "%.0f not a number or out of range, %.0f zero or negative)\n",
		        prog, s->wd_missing + s->wd_invalid + s->wd_nonpos,
		        plural(s->wd_missing + s->wd_invalid + s->wd_nonpos, "answer", "answers"),
		        weight ? "weight '" : "weights", weight ? weight : "",
		        weight ? "'" : "", s->wd_missing, s->wd_invalid, s->wd_nonpos);
}

int tool_aggregate(const char *prog, const char *purpose, const struct svy_optset *own,
                   int argc, char **argv,
                   int (*make)(void *ctx, struct svy_metric *m, struct svy_error *e))
{
	struct svy_cli cli;
	struct svy_agg agg;
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	int first, rc;

	tool_start();
	memset(&m, 0, sizeof m);
	svy_agg_init(&agg);
	svy_cli_init(&cli, prog, "[OPTION]... [FILE]...", purpose);
	svy_cli_add(&cli, own);
	svy_cli_add(&cli, svy_agg_optset(&agg));
	if ((rc = tool_parse(&cli, argc, argv, &first)) >= 0)
		return rc;
	svy_error_clear(&e);
	if (svy_agg_check(&agg, &cli.common, &e) < 0 || make(own->ctx, &m, &e) < 0 ||
	    svy_cli_outputs_apart(&(struct svy_outfile){ "-o", cli.common.output }, 1,
	                          (const char *const *)argv + first, (size_t)(argc - first),
	                          &e) < 0)
		return tool_fail(prog, &e);
	if (svy_run(&agg, &m, &cli.common, (const char *const *)argv + first,
	            (size_t)(argc - first), &sum, &e) < 0)
		return tool_fail(prog, &e);
	tool_summary(prog, &cli.common, &agg, &m, &sum);
	return SVY_EXIT_OK;
}
