/* err.h - error codes, the error record every library call fills, exit status.
 *
 * The library never prints and never exits: a failing call returns a negative
 * SVY_E* code and fills a struct svy_error.  Commands turn that into one line on
 * stderr and an exit status (svy_exit_status), in one place. */
#ifndef SVY_ERR_H
#define SVY_ERR_H

#include <stddef.h>

enum svy_code {
	SVY_OK = 0,
	SVY_EDATA = -1,     /* malformed input, missing column, invalid value */
	SVY_EUSAGE = -2,    /* bad option or option combination */
	SVY_EIO = -3,       /* open, read, write or close failed */
	SVY_ENOMEM = -4,    /* allocation failed */
	SVY_EMISSING = -5,  /* a cell is empty or NA (not an error by itself) */
	SVY_EINVALID = -6,  /* a cell is present but not a valid value */
};

enum svy_exit {
	SVY_EXIT_OK = 0,
	SVY_EXIT_DATA = 1,
	SVY_EXIT_USAGE = 2,
	SVY_EXIT_IO = 3,
	SVY_EXIT_ALERT = 4,
};

#define SVY_ERRMSG_MAX 512

/* Where and what (copies: the error outlives the reader that raised it).
 * An empty file, line 0 or an empty column mean "not about that place". */
struct svy_error {
	int code;
	char file[256];
	unsigned long line;
	char column[64];
	char msg[SVY_ERRMSG_MAX];
};

/* Fill e (if not NULL) and return code, so callers can write
 * `return svy_error_set(e, SVY_EDATA, "...")`. */
int svy_error_set(struct svy_error *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, with a place in the input: file, line, and the column name (or NULL). */
int svy_error_at(struct svy_error *e, int code, const char *file,
                 unsigned long line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Reset to "no error". */
void svy_error_clear(struct svy_error *e);

/* Render "file:line: column 'c': msg" (the parts that are known) into buf. */
void svy_error_format(const struct svy_error *e, char *buf, size_t size);

/* The documented exit status for an error code. */
int svy_exit_status(int code);

/* Quote a cell for a message: at most 40 bytes, non-printing bytes as \xNN,
 * so a message stays one readable line whatever the input holds. */
const char *svy_error_quote(const char *s, size_t len, char *buf, size_t size);

#endif
