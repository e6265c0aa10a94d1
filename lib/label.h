/* label.h - labelling rules: one new column per row (segment's filter mode).
 *
 * One labeller per run, of one kind:
 *   bin        --bin COL=E1,E2,...,Ek      [E1,E2) ... [Ek,inf)
 *   quantiles  --quantiles COL=K           K bins cut at R's type-7 quantiles
 *   map        --map COL=FILE              lookup CSV: value,label
 *   nps        --nps-category COL          promoter / passive / detractor
 *   rules      --rule 'LABEL: COL OP VALUE [and COL OP VALUE ...]' (repeated)
 * with --labels L1,... (names for bins, quantiles, nps categories),
 * --default LABEL (bin: values below the first edge; map: unmapped values;
 * rules: rows no rule matches; '' labels them empty) and --as NAME (the new column, default
 * "segment").
 *
 * A row whose labelled column is empty or NA gets an empty label and is
 * counted.  Rule conditions on an empty or NA cell are false.
 *
 * The filter (svy_label_filter) streams: every input row comes out once, in
 * order, with the label appended.  --quantiles needs the whole column before
 * the first label: regular files are read twice; standard input or another
 * non-regular file (a pipe) is copied to an unlinked temporary file in
 * $TMPDIR (default /tmp) first. */
#ifndef SVY_LABEL_H
#define SVY_LABEL_H

#include <stddef.h>

#include "cli.h"
#include "err.h"
#include "reader.h"

/* What the command line said (strings borrowed until svy_labeler_free). */
struct svy_label_opts {
	const char *bin;             /* "COL=EDGES" */
	const char *quantiles;       /* "COL=K" */
	const char *map;             /* "COL=FILE" */
	const char *nps_category;    /* "COL" */
	const char *const *rules;    /* nrules rule texts */
	size_t nrules;
	const char *deflt;           /* --default, or NULL */
	const char *labels;          /* --labels "L1,L2,...", or NULL */
	const char *as;              /* --as, or NULL for "segment" */
};

/* Counts of one filter run, for the summary lines. */
struct svy_label_summary {
	unsigned long rows;          /* data rows read and written */
	unsigned long missing;       /* empty label: the labelled cell was empty/NA */
	unsigned long defaulted;     /* got the --default label (not an empty one) */
	unsigned long unmatched;     /* nothing labelled them, and there is no --default
	                                (rules) or it is empty: labelled empty */
	const char *opt;             /* the labelling: "--bin", "--map", "--rule" ... */
	const char *column;          /* the labelled column (NULL for rules) */
	size_t ncuts;                /* --quantiles: the cut points */
	const double *cuts;          /* valid until svy_labeler_free */
	unsigned long nvalues;       /* --quantiles: values the cuts come from */
};

struct svy_labeler;

/* Parse and check the options: exactly one kind, edges increasing, K in
 * 2..100, rule syntax, --labels count.  SVY_EUSAGE for a bad option,
 * SVY_EIO/SVY_EDATA for a map file that cannot be read or is malformed
 * (delim: its field separator, 0 for ','), SVY_ENOMEM.  NULL on error, with
 * e filled; free with svy_labeler_free. */
struct svy_labeler *svy_labeler_new(const struct svy_label_opts *o, char delim,
                                    struct svy_error *e);
void svy_labeler_free(struct svy_labeler *l);

/* The name of the new column. */
const char *svy_labeler_name(const struct svy_labeler *l);

/* Does the labeller need the whole column first (--quantiles)? */
int svy_labeler_two_pass(const struct svy_labeler *l);

/* Resolve the columns against the header: SVY_EDATA for an unknown column
 * (listing the header) or when the new column's name is already there. */
int svy_labeler_bind(struct svy_labeler *l, const struct svy_header *h,
                     struct svy_error *e);

/* --quantiles, first pass: collect one row's value (missing ones are
 * skipped; an invalid one is SVY_EDATA with file, line and column). */
int svy_labeler_learn(struct svy_labeler *l, const struct svy_row *row,
                      struct svy_error *e);
/* End of the first pass: compute the cut points.  0 or SVY_ENOMEM. */
int svy_labeler_learned(struct svy_labeler *l, struct svy_error *e);

/* The label of one row into *label (valid until the next call or free) and
 * *len; counts into the labeller's summary.  SVY_EDATA (file, line,
 * column, value) for a value that cannot be labelled. */
int svy_labeler_apply(struct svy_labeler *l, const struct svy_row *row,
                      const char **label, size_t *len, struct svy_error *e);

/* The counts so far. */
void svy_labeler_summary(const struct svy_labeler *l, struct svy_label_summary *s);

/* The whole filter: read files (npaths 0 or "-": standard input), write
 * every row plus the label with c's output options.  Fills sum. */
int svy_label_filter(struct svy_labeler *l, const struct svy_common *c,
                     const char *const *paths, size_t npaths,
                     struct svy_label_summary *sum, struct svy_error *e);

/* Building blocks, exposed for tests. */

/* Rule comparison operators. */
enum svy_label_op { SVY_OP_EQ, SVY_OP_NE, SVY_OP_LT, SVY_OP_LE, SVY_OP_GT, SVY_OP_GE };

/* R's quantile(x, p, type = 7) of sorted x[0..n-1] (n >= 1), computed in
 * R's order of operations so that the results agree to the bit. */
double svy_quantile7(const double *sorted, size_t n, double p);

#endif
