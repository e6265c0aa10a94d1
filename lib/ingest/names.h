/* names.h - tidy, unique column names and the record of every renaming.
 *
 * Tidy: ASCII letters lower-cased, digits kept, every run of other bytes
 * (spaces, punctuation, '_', any non-ASCII byte) becomes one '_', and
 * underscores at either end are dropped; a name left empty becomes
 * column_N (N the 1-based column number).
 *
 * Unique: the first column with a tidy name keeps it; later ones get _2, _3,
 * ... skipping any name that some column really has or that is reserved
 * (output columns such as respondent_id and date), so "other, other,
 * other_2" becomes "other, other_3, other_2".  The result depends only on
 * the header, never on the data. */
#ifndef SVY_INGEST_NAMES_H
#define SVY_INGEST_NAMES_H

#include <stddef.h>

#include "err.h"

/* Why a name changed (bits). */
enum svy_rename_why {
	SVY_RENAME_TIDY = 1,        /* case or characters changed */
	SVY_RENAME_BLANK = 2,       /* nothing left: column_N */
	SVY_RENAME_DUPLICATE = 4,   /* a suffix was added */
};

struct svy_rename {
	size_t col;                 /* 0-based column */
	char *from;                 /* the raw name (owned by struct svy_names) */
	const char *to;             /* the final name (the same as name[col]) */
	unsigned why;               /* svy_rename_why bits */
};

struct svy_names {
	size_t n;
	char **name;                /* n unique tidy names */
	size_t nrenames;
	struct svy_rename *renames; /* in column order; only names that changed */
};

/* The tidy form of raw[0..len) for 0-based column col, newly allocated (free
 * with svy_free), or NULL when out of memory. */
char *svy_names_tidy(const char *raw, size_t len, size_t col);

/* Fill nm from n raw names.  reserved (nreserved names, may be NULL) are
 * taken before any column: a column tidied to one of them gets a suffix.
 * Reserved names should be tidy themselves.  0, or SVY_ENOMEM with e filled
 * and nm empty.  Free with svy_names_fini. */
int svy_names_make(struct svy_names *nm, const char *const *raw, size_t n,
                   const char *const *reserved, size_t nreserved,
                   struct svy_error *e);

void svy_names_fini(struct svy_names *nm);

#endif
