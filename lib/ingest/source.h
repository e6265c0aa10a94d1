/* source.h - survey-ingest's byte source: a file or standard input turned
 * into UTF-8 for the CSV reader.
 *
 * The encoding is given, or found from the first 64 KiB: a byte order mark
 * (UTF-8, UTF-16LE, UTF-16BE), UTF-16 without one (NUL bytes in every other
 * place), else UTF-8.  UTF-16 and any given encoding go through iconv(3)
 * (convert.h); UTF-8 is checked as it passes, without a copy through iconv.
 * Invalid input is an error naming the line, or in replace mode becomes
 * U+FFFD.  A byte order mark never reaches the reader.
 *
 * A second pass (survey-ingest infers the day/month order and finds
 * duplicate respondents before it writes) starts with svy_insrc_rewind.  A
 * regular file is read again; anything else (standard input, a pipe) is
 * copied to an unlinked temporary file in $TMPDIR (default /tmp) while the
 * first pass reads it, unless svy_insrc_keep(s, 0) says early on that no
 * second pass will come. */
#ifndef SVY_INGEST_SOURCE_H
#define SVY_INGEST_SOURCE_H

#include <stddef.h>

#include "err.h"
#include "reader.h"

struct svy_insrc;

struct svy_insrc_opts {
	const char *encoding;       /* NULL: detect */
	int replace;                /* invalid sequences become U+FFFD */
	size_t chunk;               /* raw read size; 0 means 64 KiB (tests use 1) */
};

/* Open path (NULL or "-": standard input) and look at its start.  NULL with
 * e filled: SVY_EIO (open, read, temporary file), SVY_EUSAGE (an encoding
 * iconv does not know), SVY_ENOMEM. */
struct svy_insrc *svy_insrc_open(const char *path, const struct svy_insrc_opts *o,
                                 struct svy_error *e);

/* At least want bytes of UTF-8 from the start of the current pass (fewer
 * when the input is shorter), without consuming them: the reader will see
 * them again.  *at_eof is 1 when that is the whole input.  0, or the
 * conversion error (SVY_EDATA naming the line; SVY_EIO; SVY_ENOMEM). */
int svy_insrc_peek(struct svy_insrc *s, size_t want, const char **buf, size_t *len,
                   int *at_eof, struct svy_error *e);

/* The source for svy_reader_open_source (owned by s).  A conversion error
 * makes its read fail with errno EILSEQ; svy_insrc_error then holds the
 * real message. */
const struct svy_source *svy_insrc_source(struct svy_insrc *s);

/* The error behind a failed read (code 0 when there was none). */
const struct svy_error *svy_insrc_error(const struct svy_insrc *s);

/* keep 0: no second pass will be wanted, so stop copying standard input to
 * the temporary file.  Call it before reading far, or not at all. */
void svy_insrc_keep(struct svy_insrc *s, int keep);

/* Start the next pass from the first byte.  SVY_EIO, or SVY_EUSAGE after
 * svy_insrc_keep(s, 0) on an input that cannot be read twice. */
int svy_insrc_rewind(struct svy_insrc *s, struct svy_error *e);

/* What was read: the iconv name of the encoding ("UTF-8", "UTF-16LE", or
 * the one given), whether it came with a byte order mark, whether it was
 * given (1), found by the mark (2) or by the content (0). */
const char *svy_insrc_encoding(const struct svy_insrc *s);
int svy_insrc_bom(const struct svy_insrc *s);
int svy_insrc_how(const struct svy_insrc *s);

/* "stdin" or the path. */
const char *svy_insrc_name(const struct svy_insrc *s);

/* Invalid sequences replaced by U+FFFD in the current pass. */
unsigned long svy_insrc_replaced(const struct svy_insrc *s);

/* NULL is fine. */
void svy_insrc_close(struct svy_insrc *s);

#endif
