/* tool.h - what every surveykit binary does around the library: report
 * errors and summaries on stderr, print help and version, pick the exit
 * status.  Linked into the binaries, not into libsvy (which never prints). */
#ifndef SVY_TOOL_H
#define SVY_TOOL_H

#include "svy.h"

/* Set up the process: default SIGPIPE (so `| head` ends quietly). */
void tool_start(void);

/* Print "prog: message" for e and return the exit status for it; a usage
 * error (SVY_EUSAGE) adds the synopsis and the pointer to --help. */
int tool_fail(const char *prog, const struct svy_error *e);

/* Parse argv with cli; handles --help, --version and usage errors.  Returns
 * -1 to go on, or the exit status to end with. */
int tool_parse(struct svy_cli *cli, int argc, char **argv, int *operands);

/* Erase the progress line if one is shown (before any other stderr line). */
void tool_progress_end(void);

/* Summary lines of an aggregator run (nothing with -q). */
void tool_summary(const char *prog, const struct svy_common *c,
                  const struct svy_agg *a, const struct svy_metric *m,
                  const struct svy_run_summary *s);

/* The whole life of a command that aggregates one metric (nps, csat): its
 * options plus the aggregator's and the common ones, the checks, the metric
 * made by make(ctx, m, e) after parsing, one run, the summary.  Returns the
 * exit status. */
int tool_aggregate(const char *prog, const char *purpose, const struct svy_optset *own,
                   int argc, char **argv,
                   int (*make)(void *ctx, struct svy_metric *m, struct svy_error *e));

#endif
