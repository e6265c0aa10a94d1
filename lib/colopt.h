/* colopt.h - column options: lists of column names, and finding them in a
 * header.
 *
 * A column option (--by, --column, --weight, --date, --drivers, --columns,
 * --nps-category, the column of --map, --bin and --quantiles) takes one CSV
 * record: names separated by commas, where a name holding a comma or
 * beginning with a double quote is written in double quotes with its quotes
 * doubled, as a CSV file would hold it: --by '"Region, EU",plan'.  Options
 * for one column take a record of one name.  Names are taken byte for byte
 * (no trimming).  survey-ingest's options are not column options: they take
 * a raw export's name as it is. */
#ifndef SVY_COLOPT_H
#define SVY_COLOPT_H

#include <stddef.h>

#include "err.h"
#include "reader.h"

#define SVY_NAME_MAX 255         /* bytes in a column name given in an option */

/* Split list, given with option opt ("--by"), into names: none empty, none
 * longer than SVY_NAME_MAX, none twice, at most max.  *names is a
 * NULL-terminated array of *n names, freed with svy_names_free.  0,
 * SVY_EUSAGE naming the option (so that a malformed list is a usage error
 * whatever the input holds), or SVY_ENOMEM. */
int svy_names_split(const char *opt, const char *list, size_t max, char ***names,
                    size_t *n, struct svy_error *e);
void svy_names_free(char **names);

/* The one name an option for one column gives (value), without its
 * quotes, in buf (size > SVY_NAME_MAX), for messages: value itself when it
 * is not one name.  Returns buf or value. */
const char *svy_name_of(const char *value, char *buf, size_t size);

/* svy_names_split, for its checks alone: before any header is read. */
int svy_names_check(const char *opt, const char *list, size_t max, struct svy_error *e);

/* Index of the column called name, or -1. */
long svy_header_find(const struct svy_header *h, const char *name);

/* SVY_EDATA for a column name the header lacks: "no column 'x' (the header
 * has: a, b, ...)" at the header's file and line. */
int svy_header_missing(const struct svy_header *h, const char *name, struct svy_error *e);

/* Resolve list (as svy_names_split reads it, at most max names) into
 * indexes: idx has room for max; *n receives the count.  A malformed list
 * is SVY_EUSAGE; an unknown name SVY_EDATA naming it and listing the
 * header's columns; a name the header has twice SVY_EDATA too (which one
 * would be meant?). */
int svy_header_resolve(const struct svy_header *h, const char *list,
                       size_t *idx, size_t max, size_t *n, struct svy_error *e);

#endif
