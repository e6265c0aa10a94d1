/* cli.c - one option parser for every tool, and the help text built from it. */
#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "num.h"

enum {
	K_FORMAT = 256, K_PRECISION, K_COLOR, K_PROGRESS, K_NO_PROGRESS,
};

static const struct svy_opt common_opts[] = {
	{ "output", 'o', "FILE", "write to FILE instead of standard output" },
	{ "format", K_FORMAT, "FMT", "csv (default), tsv, json or table" },
	{ "precision", K_PRECISION, "N", "decimals of estimates (default 2)" },
	{ "delimiter", 'd', "C", "input field separator (default ,)" },
	{ "tabs", 't', NULL, "input fields are separated by tabs" },
	{ "quiet", 'q', NULL, "no summary lines on standard error" },
	{ "color", K_COLOR, "WHEN", "style table rows: auto (default), always, never" },
	{ "progress", K_PROGRESS, NULL, "show progress on standard error" },
	{ "no-progress", K_NO_PROGRESS, NULL, "never show progress" },
	{ "help", 'h', NULL, "show this help and exit" },
	{ "version", 'V', NULL, "show the version and exit" },
};

static int common_handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct svy_common *c = ctx;
	long v;

	switch (key) {
	case 'o':
		c->output = arg;
		return svy_cli_path("-o", arg, e);
	case K_FORMAT: return svy_format_parse(arg, &c->format, e);
	case K_PRECISION:
		if (svy_cli_long("--precision", arg, 0, 17, &v, e) < 0)
			return SVY_EUSAGE;
		c->precision = (int)v;
		return 0;
	case 'd':
		if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' || arg[0] == '\r')
			return svy_error_set(e, SVY_EUSAGE,
			                     "-d: '%s' is not a single character other than a "
			                     "quote or line end", arg);
		c->delim = arg[0];
		return 0;
	case 't': c->delim = '\t'; return 0;
	case 'q': c->quiet = 1; return 0;
	case K_COLOR:
		if (strcmp(arg, "auto") == 0)
			c->color = 0;
		else if (strcmp(arg, "always") == 0)
			c->color = 1;
		else if (strcmp(arg, "never") == 0)
			c->color = -1;
		else
			return svy_error_set(e, SVY_EUSAGE,
			                     "--color: '%s' is not one of auto, always, never", arg);
		return 0;
	case K_PROGRESS: c->progress = 1; return 0;
	case K_NO_PROGRESS: c->progress = -1; return 0;
	case 'h': c->help = 1; return 0;
	case 'V': c->version = 1; return 0;
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

void svy_cli_init(struct svy_cli *cli, const char *prog, const char *synopsis,
                  const char *purpose)
{
	memset(cli, 0, sizeof *cli);
	cli->prog = prog;
	cli->synopsis = synopsis;
	cli->purpose = purpose;
	cli->common.precision = 2;
}

void svy_cli_add(struct svy_cli *cli, const struct svy_optset *set)
{
	if (cli->nsets < sizeof cli->set / sizeof cli->set[0] - 1)
		cli->set[cli->nsets++] = *set;
}

static void add_common(struct svy_cli *cli)
{
	struct svy_optset c = { "Common options", common_opts,
	                        sizeof common_opts / sizeof common_opts[0],
	                        common_handle, &cli->common };

	if (cli->nsets == 0 || cli->set[cli->nsets - 1].opt != common_opts)
		cli->set[cli->nsets++] = c;
}

int svy_cli_parse(struct svy_cli *cli, int argc, char **argv, int *operands,
                  struct svy_error *e)
{
	struct option lo[64];
	char so[128];
	size_t i, j, nl = 0, ns = 0;
	int key, idx, rc;

	add_common(cli);
	so[ns++] = ':';          /* report a missing argument as ':' */
	for (i = 0; i < cli->nsets; i++)
		for (j = 0; j < cli->set[i].n && nl < 63; j++) {
			const struct svy_opt *o = &cli->set[i].opt[j];
			lo[nl].name = o->name;
			lo[nl].has_arg = !o->arg ? no_argument
			                 : o->arg[0] == '[' ? optional_argument : required_argument;
			lo[nl].flag = NULL;
			lo[nl].val = o->key;
			nl++;
			if (o->key < 256 && ns < sizeof so - 3) {
				so[ns++] = (char)o->key;
				if (o->arg)
					so[ns++] = ':';
			}
		}
	memset(&lo[nl], 0, sizeof lo[nl]);
	so[ns] = '\0';

	optind = 1;
	opterr = 0;
	while ((key = getopt_long(argc, argv, so, lo, &idx)) != -1) {
		if (key == '?' || key == ':') {
			const char *bad = argv[optind - 1];
			if (optopt && optopt < 256 && optopt != '?')
				return svy_error_set(e, SVY_EUSAGE, key == ':'
				                     ? "option '-%c' needs an argument"
				                     : "unknown option '-%c'", optopt);
			return svy_error_set(e, SVY_EUSAGE, key == ':'
			                     ? "option '%s' needs an argument"
			                     : "unknown option '%s'", bad);
		}
		for (i = 0; i < cli->nsets; i++) {
			const struct svy_optset *s = &cli->set[i];
			for (j = 0; j < s->n; j++)
				if (s->opt[j].key == key)
					break;
			if (j < s->n) {
				if ((rc = s->handle(s->ctx, key, optarg, e)) < 0)
					return rc;
				break;
			}
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		if (!argv[i][0])
			return svy_error_set(e, SVY_EUSAGE, "an empty FILE name (- is standard "
			                     "input)");
	*operands = optind;
	return 0;
}

struct sbuf {
	char *p;
	size_t len, cap;
	int failed;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		char *q = svy_realloc(b->p, b->cap * 2 + (size_t)n);
		if (!q) {
			b->failed = 1;
			return;
		}
		b->p = q;
		b->cap = b->cap * 2 + (size_t)n;
	}
}

/* One option as it is written on the left of the help: "-o, --output FILE". */
static void option_name(const struct svy_opt *o, char *buf, size_t size, int indent)
{
	if (o->key < 256)
		snprintf(buf, size, "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
		         o->arg ? o->arg : "");
	else
		snprintf(buf, size, "%s--%s%s%s", indent ? "    " : "", o->name,
		         o->arg && o->arg[0] != '[' ? " " : "", o->arg ? o->arg : "");
}

/* The help fits a screen: a command's own options one per line, the
 * options every tool has (explained in surveykit(7)) packed into a few
 * lines, nothing wider than 79 columns. */
char *svy_cli_help(const struct svy_cli *cli)
{
	struct sbuf b = { svy_malloc(1024), 0, 1024, 0 };
	char lhs[64];
	size_t i, j, col;

	if (!b.p)
		return NULL;
	b.p[0] = '\0';
	sb_printf(&b, "Usage: %s %s\n%s\n", cli->prog, cli->synopsis, cli->purpose);
	for (i = 0; i < cli->nsets; i++) {
		const struct svy_optset *set = &cli->set[i];
		if (set->opt == common_opts) {
			sb_printf(&b, "\n%s (see surveykit(7)):\n ", set->title);
			for (j = 0, col = 1; j < set->n; j++) {
				option_name(&set->opt[j], lhs, sizeof lhs, 0);
				if (col + strlen(lhs) + 2 > 79) {
					sb_printf(&b, "\n ");
					col = 1;
				}
				sb_printf(&b, " %s%s", lhs, j + 1 < set->n ? ";" : "\n");
				col += strlen(lhs) + 2;
			}
			continue;
		}
		sb_printf(&b, "\n%s:\n", set->title);
		for (j = 0; j < set->n; j++) {
			const char *h = set->opt[j].help;
			option_name(&set->opt[j], lhs, sizeof lhs, 1);
			if (strlen(lhs) > 24)
				sb_printf(&b, "  %s\n  %-24s %s\n", lhs, "", h);
			else if (27 + strlen(h) > 79) {
				/* wrap the text at a space before column 79 */
				size_t cut = 79 - 27;
				while (cut > 0 && h[cut] != ' ')
					cut--;
				sb_printf(&b, "  %-24s %.*s\n  %-24s %s\n", lhs, (int)cut, h, "",
				          h + cut + 1);
			} else
				sb_printf(&b, "  %-24s %s\n", lhs, h);
		}
	}
	sb_printf(&b, "\nWith no FILE, or when FILE is -, read standard input.\n"
	              "Exit status: 0 ok, 1 data, 2 usage, 3 I/O, 4 alert.  Manual: man %s\n",
	              cli->prog);
	if (b.failed) {
		svy_free(b.p);
		return NULL;
	}
	return b.p;
}

int svy_cli_path(const char *opt, const char *arg, struct svy_error *e)
{
	if (!*arg)
		return svy_error_set(e, SVY_EUSAGE, "%s: an empty file name", opt);
	return 0;
}

static int is_std(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

/* Stat the file behind path, or behind fd when path means a standard
 * stream: 0 when it is a regular file, else -1. */
static int stat_regular(const char *path, int fd, struct stat *st)
{
	if ((is_std(path) ? fstat(fd, st) : stat(path, st)) != 0)
		return -1;
	return S_ISREG(st->st_mode) ? 0 : -1;
}

/* Opening an output truncates it: were it an input, the rows not yet read
 * would be gone (or, appended to with >>, a filter would read its own
 * output without end).  Checked before anything is opened. */
int svy_cli_outputs_apart(const struct svy_outfile *outs, size_t nout,
                          const char *const *inputs, size_t nin, struct svy_error *e)
{
	struct stat out, in;
	size_t i, k;

	for (i = 0; i < nout; i++) {
		const char *o = outs[i].path;

		for (k = 0; k < i; k++) {
			const char *p = outs[k].path;
			int same = !is_std(o) && !is_std(p) && strcmp(o, p) == 0;   /* new files */

			if (is_std(o) && is_std(p))
				return svy_error_set(e, SVY_EUSAGE,
				                     "%s and %s both write to standard output; give "
				                     "one of them a FILE", outs[i].opt, outs[k].opt);
			if (!same && stat_regular(o, STDOUT_FILENO, &out) == 0 &&
			    stat_regular(p, STDOUT_FILENO, &in) == 0)
				same = in.st_dev == out.st_dev && in.st_ino == out.st_ino;
			if (same)
				return svy_error_set(e, SVY_EUSAGE,
				                     "%s: '%s' is the same file as the output of %s",
				                     outs[i].opt, is_std(o) ? "standard output" : o,
				                     outs[k].opt);
		}
		if (stat_regular(o, STDOUT_FILENO, &out) < 0)
			continue;                /* not there yet, or not a file: nothing to lose */
		for (k = 0; k < (nin ? nin : 1); k++) {
			const char *f = nin ? inputs[k] : NULL;
			char what[SVY_ERRMSG_MAX / 2];

			if (stat_regular(f, STDIN_FILENO, &in) < 0 || in.st_dev != out.st_dev ||
			    in.st_ino != out.st_ino)
				continue;
			if (is_std(f))
				snprintf(what, sizeof what, "standard input");
			else
				snprintf(what, sizeof what, "input '%s'", f);
			if (is_std(o))
				return svy_error_set(e, SVY_EUSAGE, "standard output is the same file "
				                     "as %s: refusing to write to it", what);
			return svy_error_set(e, SVY_EUSAGE, "%s: '%s' is the same file as %s: "
			                     "refusing to overwrite it", outs[i].opt, o, what);
		}
	}
	return 0;
}

int svy_cli_long(const char *opt, const char *arg, long lo, long hi, long *out,
                 struct svy_error *e)
{
	long v;

	if (svy_num_int(arg, strlen(arg), &v) != 0 || v < lo || v > hi)
		return svy_error_set(e, SVY_EUSAGE, "%s: '%s' is not a whole number in %ld-%ld",
		                     opt, arg, lo, hi);
	*out = v;
	return 0;
}

int svy_cli_real(const char *opt, const char *arg, double lo, double hi,
                 double *out, struct svy_error *e)
{
	double v;

	if (svy_num_parse_arg(arg, &v) != 0 || !(v >= lo && v <= hi))
		return svy_error_set(e, SVY_EUSAGE, "%s: '%s' is out of range or not a number",
		                     opt, arg);
	*out = v;
	return 0;
}
