/* convert.h - any iconv(3) encoding to UTF-8, one chunk at a time.
 *
 * Chunks may end anywhere, even inside a multi-byte sequence: the unfinished
 * tail is kept and completed by the next chunk.  A U+FEFF byte order mark at
 * the start of the output is dropped (UTF-16LE/BE and UTF-8 files carry one;
 * a BOM glued to the first column name is the classic bug).  Invalid input
 * is an error naming the byte offset in the input and the output line, or,
 * in replace mode, becomes U+FFFD and conversion goes on.  UTF-8 input is
 * checked with sniff.h's strict validator instead of iconv's decoder, which
 * lets code points above U+10FFFF through. */
#ifndef SVY_INGEST_CONVERT_H
#define SVY_INGEST_CONVERT_H

#include <stddef.h>

#include "err.h"

struct svy_conv;

/* A converter from encoding `from` (any name iconv knows: UTF-16, UTF-16LE,
 * UTF-16BE, WINDOWS-1252, CP1252, ISO-8859-1, LATIN1, UTF-8 ...) to UTF-8.
 * replace: 1 turns invalid sequences into U+FFFD instead of failing.  NULL
 * with e filled: SVY_EUSAGE for an unknown encoding, SVY_ENOMEM. */
struct svy_conv *svy_conv_open(const char *from, int replace, struct svy_error *e);

/* Does iconv know the encoding `from`?  0, or SVY_EUSAGE (SVY_ENOMEM) with
 * e filled as by svy_conv_open. */
int svy_conv_check(const char *from, struct svy_error *e);

/* Convert in[0..len); final = 1 on the last call (len may be 0), which also
 * reports a sequence cut off by the end of input.  On 0, *out and *outlen
 * give the UTF-8 produced by this call, valid until the next call or close.
 * SVY_EDATA with e filled for invalid input (not in replace mode; e->line
 * is the output line it is on, e->file is left empty); after an error every
 * later call returns it again.  SVY_ENOMEM. */
int svy_conv_feed(struct svy_conv *c, const char *in, size_t len, int final,
                  const char **out, size_t *outlen, struct svy_error *e);

/* Invalid sequences replaced by U+FFFD so far (replace mode). */
unsigned long svy_conv_replaced(const struct svy_conv *c);

/* NULL is fine. */
void svy_conv_close(struct svy_conv *c);

#endif
