/* cli.h - command-line options on getopt_long, help generated from the tables.
 *
 * A command hands svy_cli_parse a list of option sets (its own, the
 * aggregator options, the common options); each set has a handler that
 * stores the value.  The help text is built from the same tables, so the two
 * cannot drift apart. */
#ifndef SVY_CLI_H
#define SVY_CLI_H

#include <stddef.h>

#include "err.h"
#include "writer.h"

/* One option.  key: the short letter, or a value >= 256 for a long-only
 * option (each set uses its own range).  arg: the argument's name in the help,
 * or NULL for a flag; "[=NAME]" makes it optional (long options only: given
 * as --name=VALUE, or not at all, when the handler gets NULL). */
struct svy_opt {
	const char *name;
	int key;
	const char *arg;
	const char *help;
};

struct svy_optset {
	const char *title;                  /* help section, e.g. "Output" */
	const struct svy_opt *opt;
	size_t n;
	/* store one option; 0, or SVY_EUSAGE with e filled */
	int (*handle)(void *ctx, int key, const char *arg, struct svy_error *e);
	void *ctx;
};

/* The options every tool has. */
struct svy_common {
	const char *output;          /* -o; NULL: stdout */
	enum svy_format format;
	int precision;               /* decimals; default 2 */
	char delim;                  /* -d / -t; 0: ',' */
	int quiet;                   /* -q: no summary lines */
	int color;                   /* --color: -1 never, 0 auto, 1 always */
	int progress;                /* -1 never, 0 auto (a terminal), 1 always */
	int help, version;
};

struct svy_cli {
	const char *prog;            /* "nps" */
	const char *synopsis;        /* "[OPTION]... [FILE]..." */
	const char *purpose;         /* one line */
	struct svy_optset set[4];
	size_t nsets;
	struct svy_common common;
};

/* Start a command line: prog, synopsis and purpose are borrowed. */
void svy_cli_init(struct svy_cli *cli, const char *prog, const char *synopsis,
                  const char *purpose);

/* Add an option set (at most 3 besides the common one, added last by parse). */
void svy_cli_add(struct svy_cli *cli, const struct svy_optset *set);

/* Parse argv.  On success *operands is the index of the first operand (file).
 * SVY_EUSAGE with e filled on a bad option or value, or an empty operand. */
int svy_cli_parse(struct svy_cli *cli, int argc, char **argv, int *operands,
                  struct svy_error *e);

/* The help text, from the tables (caller frees with svy_free); NULL on ENOMEM. */
char *svy_cli_help(const struct svy_cli *cli);

/* A file name given with option opt ("--rejects"): 0, or SVY_EUSAGE for
 * an empty one, which no open would find and no message could name. */
int svy_cli_path(const char *opt, const char *arg, struct svy_error *e);

/* An output a tool writes: the option that names it and its path (NULL or
 * "-": standard output). */
struct svy_outfile {
	const char *opt;
	const char *path;
};

/* Whether the outputs can be written without losing what is read: SVY_EUSAGE
 * when one of them is one of the input files (standard input when there are
 * none, "-" for it), or when two are the same file or both standard output.
 * Only files that exist and are regular count: nothing else is lost. */
int svy_cli_outputs_apart(const struct svy_outfile *outs, size_t nout,
                          const char *const *inputs, size_t nin, struct svy_error *e);

/* Option values: a whole number, or a decimal number, in [lo, hi]. */
int svy_cli_long(const char *opt, const char *arg, long lo, long hi, long *out,
                 struct svy_error *e);
int svy_cli_real(const char *opt, const char *arg, double lo, double hi,
                 double *out, struct svy_error *e);

#endif
