/* reader.h - streaming CSV reader: header by name, rows pulled one at a
 * time or a batch at a time.
 *
 * The dialect (documented in surveykit(7)): RFC 4180 quoting, strict (a quote
 * inside an unquoted field, text after a closing quote and an unterminated
 * quote are errors); LF or CRLF line ends; a UTF-8 BOM at the start of a file
 * is dropped; fields are kept byte for byte (no trimming: the number parsers
 * trim where a value is read); blank lines are skipped but counted in line
 * numbers; every row must have as many fields as the header.  Several files
 * are one stream when their headers are equal.
 *
 * Rows come out in the order read.  Memory is bounded by the read chunk plus
 * the longest row, whatever the number of rows.  The parser behind this
 * interface is libcsv; the row shape (pointer and length per field, file and
 * line) is what any other record scanner would hand out as well. */
#ifndef SVY_READER_H
#define SVY_READER_H

#include <stddef.h>

#include "err.h"

struct svy_reader;

/* The header of the stream (the first file's first row). */
struct svy_header {
	size_t ncols;
	const char *const *name;     /* NUL-terminated column names */
	const char *file;            /* the file it came from */
	unsigned long line;          /* the line it is on (1 unless blank lines precede) */
};

/* One row, valid until the next svy_reader_next, svy_reader_batch or
 * svy_reader_close. */
struct svy_row {
	size_t nfields;
	const char *const *field;    /* NUL-terminated (a NUL inside a field is an error) */
	const size_t *len;
	const char *file;            /* display name: the path, or "stdin" */
	unsigned long line;          /* line on which the row starts (1-based) */
};

struct svy_reader_opts {
	char delim;                  /* field separator; 0 means ',' */
	size_t chunk;                /* read size in bytes; 0 means 256 KiB */
	int skip_header_rows;        /* drop rows equal to the header (concatenated
	                                files, e.g. several --partial outputs) */
	int ragged_ok;               /* hand out rows whose field count differs
	                                from the header's instead of failing; a
	                                short row's missing fields read as "" */
	int no_fast_path;            /* libcsv for every record (differential tests) */
	const struct svy_header *header;   /* the input has no header row: use
	                                      this one (a range of a file) */
	unsigned long first_line;    /* line number of the first byte; 0 means 1 */
	size_t max_record;           /* bytes; 0 means SVY_MAX_RECORD; at most 2 GiB */
	int scan;                    /* the fast path's instructions: SVY_SCAN_AUTO
	                                (0), the best this CPU runs, or a lower
	                                level (tests: every copy must agree) */
};

/* The fast path's scan is compiled once per instruction set; levels in
 * increasing order, each running only where the CPU has the one before. */
enum {
	SVY_SCAN_AUTO = 0,
	SVY_SCAN_PORTABLE = 1,       /* SSE2 on x86-64, plain C elsewhere */
	SVY_SCAN_POPCNT = 2,         /* x86-64 with popcnt */
	SVY_SCAN_AVX2 = 3            /* x86-64 with AVX2, PCLMUL, popcnt and BMI */
};

/* The best level this CPU runs (SVY_SCAN_PORTABLE off x86-64). */
int svy_reader_scan_best(void);

/* A record longer than this is a data error, not read into memory whole: a
 * double quote never closed would otherwise hold the rest of the input. */
#define SVY_MAX_RECORD ((size_t)64 << 20)

/* A byte source other than a file: read up to n bytes into buf, return the
 * count, 0 at the end, or -1 with errno set.  For survey-ingest, which sniffs
 * a prefix and converts encodings before the CSV parser sees the bytes. */
struct svy_source {
	long (*read)(void *ctx, void *buf, size_t n);
	void *ctx;
	const char *name;            /* for messages */
};

/* Open paths (NULL or "-" is standard input; npaths 0 means standard input)
 * and read the header.  NULL on error, with e filled (SVY_EIO for open and
 * read failures, SVY_EDATA for an empty input or a malformed header). */
struct svy_reader *svy_reader_open(const char *const *paths, size_t npaths,
                                   const struct svy_reader_opts *opts,
                                   struct svy_error *e);

/* The same over one source (borrowed until svy_reader_close). */
struct svy_reader *svy_reader_open_source(const struct svy_source *src,
                                          const struct svy_reader_opts *opts,
                                          struct svy_error *e);

const struct svy_header *svy_reader_header(const struct svy_reader *r);

/* 1 and a row, 0 at the end of the last file, or a negative SVY_E* code with e
 * filled (a later call keeps returning that code). */
int svy_reader_next(struct svy_reader *r, struct svy_row *row, struct svy_error *e);

/* Up to max rows at once into rows[]: their count, 0 at the end, or a
 * negative code as svy_reader_next.  All are valid until the next call.
 * The loop over every row of a file calls this: after svy_reader_want, a
 * run of well-formed rows costs one call, not one per row.  Fewer than max
 * come back whenever a row needs the general path (it then comes alone),
 * and when the header is wide (at most 4096 fields are kept). */
int svy_reader_batch(struct svy_reader *r, struct svy_row *rows, size_t max,
                     struct svy_error *e);

/* Data rows handed out so far (repeated header rows not counted). */
unsigned long svy_reader_rows(const struct svy_reader *r);

/* Only the columns cols[0..n) are read as text from now on: the other
 * fields of a row are not to be read (they may hold empty strings or their
 * text).  A row longer than the header (ragged_ok) is handed out whole.
 * For aggregators, which read a few columns of wide rows, and for a first
 * pass that judges rows by a few.  0, or SVY_ENOMEM. */
int svy_reader_want(struct svy_reader *r, const size_t *cols, size_t n,
                    struct svy_error *e);

/* Byte offset in the (single) input file where the first data record
 * starts, when the header was read by the fast path; -1 otherwise. */
long long svy_reader_data_offset(const struct svy_reader *r);

void svy_reader_close(struct svy_reader *r);

/* Call fn after every read from a file or standard input (not from a
 * svy_source): bytes read of the current file so far, its size (-1 for a
 * pipe), and the rows handed out.  One hook per process; NULL removes it.
 * fn must be quick: it runs on the reading path. */
void svy_reader_progress_hook(void (*fn)(void *ctx, const char *file, long long done,
                                         long long total, unsigned long rows),
                              void *ctx);

#endif
