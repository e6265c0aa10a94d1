/* writer.h - result writer: CSV, TSV, JSON or an aligned table.
 *
 * CSV quotes a field only when it must (delimiter, quote, CR, LF, or a
 * leading or trailing space).  TSV never quotes: tab, CR, LF and backslash
 * inside a field are written as \t \r \n \\.  JSON is an array of objects
 * with the header's keys, numbers as numbers and empty cells as null.  The
 * table format buffers its rows (one per group) to align the columns.
 * Numbers are written in the C locale; write and close errors are reported. */
#ifndef SVY_WRITER_H
#define SVY_WRITER_H

#include <stddef.h>

#include "err.h"

enum svy_format { SVY_FMT_CSV, SVY_FMT_TSV, SVY_FMT_JSON, SVY_FMT_TABLE };

enum svy_cell_kind {
	SVY_CELL_EMPTY,  /* undefined statistic: empty, or null in JSON */
	SVY_CELL_STR,    /* text */
	SVY_CELL_INT,    /* a count: written without decimals */
	SVY_CELL_NUM,    /* an estimate: written with --precision decimals */
	SVY_CELL_PROB,   /* a p-value: at least 4 decimals */
	SVY_CELL_EXACT,  /* state for --partial: %.17g, reads back exactly */
};

struct svy_cell {
	enum svy_cell_kind kind;
	const char *s;   /* SVY_CELL_STR */
	double v;        /* numeric kinds */
};

struct svy_writer;

/* Parse a --format name; 0 or SVY_EUSAGE. */
int svy_format_parse(const char *name, enum svy_format *out, struct svy_error *e);

/* Open path for writing (NULL or "-" is standard output).  delim is the CSV
 * separator (0 for ','); precision the decimals of SVY_CELL_NUM. */
struct svy_writer *svy_writer_open(const char *path, enum svy_format fmt,
                                   char delim, int precision, struct svy_error *e);

/* The header row; must come first, once. */
int svy_writer_header(struct svy_writer *w, const char *const *names, size_t n,
                      struct svy_error *e);

/* One row of n cells (n must equal the header's). */
int svy_writer_row(struct svy_writer *w, const struct svy_cell *cells, size_t n,
                   struct svy_error *e);

/* A row of plain strings (filters). */
int svy_writer_strings(struct svy_writer *w, const char *const *fields,
                       const size_t *lens, size_t n, struct svy_error *e);

/* Styles for tables written to standard output: -1 never, 0 (the default)
 * when it is a terminal and NO_COLOR is unset, 1 always.  Per process. */
void svy_writer_color(int mode);

/* Finish (JSON bracket, table), flush and close; reports any write or close
 * error as SVY_EIO.  Frees w in every case. */
int svy_writer_close(struct svy_writer *w, struct svy_error *e);

#endif
