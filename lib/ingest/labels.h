/* labels.h - answer labels to scores: the built-in scales and a user table.
 *
 * Labels compare ASCII case-insensitively after trimming and collapsing runs
 * of white space (space, tab, CR, LF, U+00A0) to one space, so
 * "  Very   SATISFIED " is "very satisfied".  Every lookup answers one of:
 * a value (0), missing (SVY_EMISSING: empty cell, or a label that means "no
 * rating" such as Zendesk "Offered"), or unknown (SVY_EINVALID). */
#ifndef SVY_INGEST_LABELS_H
#define SVY_INGEST_LABELS_H

#include <stddef.h>

#include "err.h"

/* Built-in maps, combined as a bit set.  When several are enabled they are
 * tried in the order ZENDESK, FRESHDESK, NPS_GROUP, INT, SATISFACTION,
 * AGREEMENT, so a platform map wins ("Neutral" is 100 for Freshdesk, 3 on
 * the satisfaction scale). */
enum svy_labelmap {
	/* "9", "-1", "10 - Extremely likely", "0 = Not at all likely", "10.0" */
	SVY_LABELS_INT = 1u << 0,
	/* Very dissatisfied 1 ... Very satisfied 5, Extremely/Somewhat forms */
	SVY_LABELS_SATISFACTION = 1u << 1,
	/* Strongly disagree 1 ... Strongly agree 5 */
	SVY_LABELS_AGREEMENT = 1u << 2,
	/* Good(with comment) 1, Bad(with comment) 0, Offered/Unoffered missing */
	SVY_LABELS_ZENDESK = 1u << 3,
	/* Extremely Happy 103 ... Neutral 100 ... Extremely Unhappy -103 */
	SVY_LABELS_FRESHDESK = 1u << 4,
	/* Qualtrics Qn_NPS_GROUP: Detractor 1, Passive 2, Promoter 3 */
	SVY_LABELS_NPS_GROUP = 1u << 5,
};

#define SVY_LABELS_DEFAULT \
	(SVY_LABELS_INT | SVY_LABELS_SATISFACTION | SVY_LABELS_AGREEMENT)

/* Look s[0..len) up in the enabled built-in maps.  0 with *value (and *which,
 * if not NULL, set to the map that matched), SVY_EMISSING (also for a blank
 * cell or "NA", as surveykit(7) has it, compared like a label) or
 * SVY_EINVALID.
 * A platform map's own numeric codes count as its labels ("103" is a
 * Freshdesk rating, "4" is not). */
int svy_labels_builtin(unsigned maps, const char *s, size_t len, long *value,
                       unsigned *which);

/* "int", "satisfaction", ... for one map bit; "?" otherwise. */
const char *svy_labels_map_name(unsigned map);

/* A user table of (column, label) -> value rows, e.g. from --labels FILE.
 * Column "*" applies to every column; a column's own rows come first. */
struct svy_labels;

/* An empty table, or NULL with e filled (SVY_ENOMEM). */
struct svy_labels *svy_labels_new(struct svy_error *e);

/* Add one row of already-split fields.  value is an integer, or empty or
 * "NA" for "this label means no answer".  Adding the same row twice is fine;
 * the same column and label with another value is SVY_EDATA, as are an
 * empty column or label and a value that is no integer.  SVY_ENOMEM. */
int svy_labels_add(struct svy_labels *l, const char *column, const char *label,
                   const char *value, struct svy_error *e);

/* Rows in the table. */
size_t svy_labels_count(const struct svy_labels *l);

/* 1 if the table (l may be NULL) has a row for exactly this column. */
int svy_labels_has_column(const struct svy_labels *l, const char *column);

/* The user table (l may be NULL) for column, then "*", then the built-in
 * maps.  Same answers as svy_labels_builtin.  column is compared byte for
 * byte, so use the names the mapping file uses. */
int svy_labels_lookup(const struct svy_labels *l, const char *column,
                      unsigned maps, const char *s, size_t len, long *value);

void svy_labels_free(struct svy_labels *l);

#endif
