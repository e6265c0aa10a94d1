/* ingest.h - survey-ingest's pipeline: one raw survey export in, the tidy
 * CSV out, with every row accounted for.
 *
 *   source (file or stdin; encoding found or given; UTF-8 checked)
 *   -> delimiter sniffed unless given -> CSV reader (ragged rows allowed)
 *   -> detection on the first three rows (platform, header rows, columns)
 *   -> plan: which column is the id, the date, each score, each segment,
 *      text or kept column, and the output names
 *   -> [first pass: day/month order of the date column, duplicates]
 *   -> per row: drop (preview, test, spam, partial, duplicate), reject
 *      (fields, id, date, score, scale) or write
 *
 * Tidy output: respondent_id, date (ISO 8601), the scores (nps, csat, ces,
 * then other names in the order given), then segment and kept columns (in
 * the order given), then text columns; without --segment, --text or --keep
 * every column that is not the id, the date or a score follows the scores,
 * in input order, under its tidy unique name.
 *
 * Memory is bounded by the longest row, except for de-duplication, which
 * holds one fixed-size entry per respondent id (a hash of the id, and the
 * date and line of its winning row: dupes.h).  The first pass is made only
 * when it is needed (a date column whose day/month order must be inferred,
 * or de-duplication): a regular file is read twice, standard input is
 * copied to a temporary file (source.h).
 *
 * svy_tz_open (date.h) is used for --tz and Qualtrics' row-3 zone: it sets
 * TZ for the process while a run lasts. */
#ifndef SVY_INGEST_INGEST_H
#define SVY_INGEST_INGEST_H

#include <stddef.h>

#include "err.h"
#include "labels.h"
#include "writer.h"

enum svy_dedupe { SVY_DEDUPE_LAST, SVY_DEDUPE_FIRST, SVY_DEDUPE_NONE };

/* What a mapping entry says: the column that is the id, the date, a score,
 * a segment, a text, or a column passed through under its tidy name. */
enum svy_map_kind {
	SVY_MAP_ID, SVY_MAP_DATE, SVY_MAP_SCORE, SVY_MAP_SEGMENT, SVY_MAP_KEEP,
	SVY_MAP_TEXT
};

struct svy_map {
	int kind;
	char *name;                 /* output name (score, segment, text) */
	char *source;               /* column: tidy name, raw name, or Qualtrics ImportId */
	int has_scale;
	long lo, hi;                /* score scale, when has_scale */
};

/* Why a row was not written.  The first five are "dropped" (not responses,
 * or superseded); the others are "rejected" (bad data). */
enum svy_reason {
	SVY_R_PREVIEW, SVY_R_TEST, SVY_R_SPAM, SVY_R_PARTIAL, SVY_R_DUPLICATE,
	SVY_R_FIELDS, SVY_R_ID, SVY_R_DATE, SVY_R_SCORE, SVY_R_SCALE,
	SVY_R_COUNT
};
#define SVY_R_FIRST_REJECT SVY_R_FIELDS

/* "preview", "test", "spam", "partial", "duplicate", "extra-fields",
 * "missing-id", "invalid-date", "invalid-score", "out-of-scale". */
const char *svy_reason_name(int reason);

struct svy_ingest_opts {
	const char *path;           /* NULL or "-": standard input */
	char delim;                 /* 0: sniff among , ; and tab */
	const char *encoding;       /* NULL: detect */
	int replace;                /* --encoding-errors replace */
	int platform;               /* -1: detect */
	int header_rows;            /* 0: detect; else 1-3 */
	int dedupe;                 /* enum svy_dedupe */
	int keep_partial;
	int date_order;             /* SVY_DATE_AUTO: infer; or MDY, DMY */
	const char *tz;             /* --tz ZONE, or NULL */
	int strict, sanitize, one_line;
	struct svy_labels *labels;  /* --labels rows (owned), or NULL */
	struct svy_map *map;        /* mapping, in the order given (owned) */
	size_t nmap;
	const char *output;         /* NULL: stdout */
	enum svy_format format;     /* csv or tsv */
	const char *rejects;        /* --rejects FILE, or NULL */
	size_t chunk;               /* read size (tests); 0: default */
};

/* Defaults: detect everything, dedupe last, sanitize on, CSV out. */
void svy_ingest_opts_init(struct svy_ingest_opts *o);

/* Free the mapping and the label table. */
void svy_ingest_opts_fini(struct svy_ingest_opts *o);

/* Check the option values that need no input (--encoding, --tz), so that a
 * bad one is a usage error before anything is read, whatever the input
 * holds.  svy_ingest_run and svy_ingest_detect begin with it.  0, or
 * SVY_EUSAGE (SVY_ENOMEM) with e filled. */
int svy_ingest_check(const struct svy_ingest_opts *o, struct svy_error *e);

/* Add one mapping option.  arg is, by kind:
 *   SVY_MAP_ID, SVY_MAP_DATE, SVY_MAP_KEEP    COL
 *   SVY_MAP_SCORE with name (nps, csat, ces)  COL[:LO-HI]
 *   SVY_MAP_SCORE with name NULL              NAME=COL[:LO-HI]
 *   SVY_MAP_SEGMENT, SVY_MAP_TEXT             NAME=COL
 * A later id, date or same-named score replaces an earlier one.  0, or
 * SVY_EUSAGE with e filled, SVY_ENOMEM. */
int svy_ingest_map_add(struct svy_ingest_opts *o, int kind, const char *name,
                       const char *arg, struct svy_error *e);

/* Read a --map FILE: CSV rows target,source[,scale] (a first row
 * "target,source[,scale]" is a header), target being id, date, nps, csat,
 * ces, score:NAME, segment:NAME, text:NAME or keep (or any other NAME with
 * a scale: a score).  0, or SVY_EUSAGE/SVY_EDATA naming the line, SVY_EIO. */
int svy_ingest_map_file(struct svy_ingest_opts *o, const char *path, struct svy_error *e);

/* Read a --labels FILE into o->labels: CSV rows column,label,value (a first
 * row "column,label,value" is a header); column * is every score column.
 * 0, or SVY_EDATA naming the line, SVY_EIO, SVY_ENOMEM. */
int svy_ingest_labels_file(struct svy_ingest_opts *o, const char *path,
                           struct svy_error *e);

/* The accounting of a run: read = written + rejected + dropped. */
struct svy_ingest_result {
	unsigned long read, written, rejected, dropped;
	unsigned long by_reason[SVY_R_COUNT];
	char **warning;             /* lines for standard error (no prefix) */
	size_t nwarnings;
};

/* Run the pipeline: write the tidy rows (and --rejects).  0 with res
 * filled, or a negative code with e filled (SVY_EDATA: malformed CSV,
 * invalid encoding, unknown or ambiguous column, ambiguous dates, a bad
 * row under --strict; SVY_EUSAGE: bad option values such as an unknown
 * zone; SVY_EIO).  res is filled as far as the run went in every case;
 * free it with svy_ingest_result_fini. */
int svy_ingest_run(const struct svy_ingest_opts *o, struct svy_ingest_result *res,
                   struct svy_error *e);

/* --detect: what was found and why, as text (free with svy_free), from the
 * first rows only.  An ambiguous score column is reported, not an error.
 * 0, or a negative code with e filled (unreadable input, unknown column). */
int svy_ingest_detect(const struct svy_ingest_opts *o, char **report, struct svy_error *e);

/* The summary line (no prefix, no newline): "12 rows read, 9 written,
 * 1 rejected (1 out-of-scale), 2 dropped (1 preview, 1 partial)". */
void svy_ingest_summary(const struct svy_ingest_result *res, char *buf, size_t size);

void svy_ingest_result_fini(struct svy_ingest_result *res);

#endif
