/* period.h - calendar periods for trend: ISO dates -> day, ISO week, month,
 * quarter or year keys, and period arithmetic.
 *
 * A period is an ordinal: a whole number that grows by one from a period to
 * the next (days since 1970-01-01; ISO weeks since the week of 1970-01-01;
 * months, quarters or years since year 0), so "periods between" is a
 * subtraction and gaps are kept.  Its key is the text trend prints:
 *   day      YYYY-MM-DD
 *   week     GGGG-Www   ISO 8601 week-numbering year and week (%G-W%V):
 *                       2024-12-30 is 2025-W01, 2021-01-03 is 2020-W53
 *   month    YYYY-MM
 *   quarter  YYYY-Qn
 *   year     YYYY
 * Keys of one kind sort by byte order as they sort in time (years are
 * 0001-9999).  Dates are parsed by the toolkit's one date parser
 * (ingest/date.h); nothing here reads the locale or calls strptime. */
#ifndef SVY_PERIOD_H
#define SVY_PERIOD_H

#include <stddef.h>

#include "err.h"

enum svy_period {
	SVY_PERIOD_DAY,
	SVY_PERIOD_WEEK,
	SVY_PERIOD_MONTH,
	SVY_PERIOD_QUARTER,
	SVY_PERIOD_YEAR
};

/* Longest key with its NUL ("2025-W01", "2025-03-31"). */
#define SVY_PERIOD_KEY_MAX 16

/* "day", "week", "month", "quarter" or "year" to *out; 0, or SVY_EUSAGE
 * with e naming the choices. */
int svy_period_parse(const char *name, enum svy_period *out, struct svy_error *e);

/* The name of a period kind ("month"). */
const char *svy_period_name(enum svy_period p);

/* Days since 1970-01-01 of a real calendar day (svy_date_valid). */
long svy_period_days(int y, int m, int d);

/* The date a cell holds, as days since 1970-01-01.  The cell must be an ISO
 * 8601 date as survey-ingest writes it: YYYY-MM-DD, optionally followed by
 * a time and a zone (2025-03-04T09:15:00, ...Z, ...+01:00); the calendar
 * date as written counts (a time or zone does not move it to another day).
 * Surrounding spaces are ignored.  0 and *days; SVY_EMISSING for an empty
 * cell or NA; SVY_EINVALID with e->msg saying why. */
int svy_period_date(const char *s, size_t len, long *days, struct svy_error *e);

/* The last date svy_period_date_fast read: its YYYY-MM-DD and its day.
 * Zero it before the first use.  Not shared between threads. */
struct svy_period_memo {
	int full;                /* 0: nothing remembered yet */
	char ymd[10];
	long days;
};

/* svy_period_date for the cells a column of timestamps is made of, without
 * the general date parser: s (surrounding spaces and tabs ignored) must be
 * YYYY-MM-DD, alone or followed by T or one space, HH:MM, optionally :SS
 * and .digits, then optionally Z or +HH:MM / -HH:MM.  1 and *days when s
 * has that form and is a real day and time (svy_period_date would return 0
 * and the same day); 0 for anything else, valid or not: then
 * svy_period_date decides and words the error.  *mm (NULL: none) keeps
 * the last date taken, so that a run of one day is converted once. */
int svy_period_date_fast(struct svy_period_memo *mm, const char *s, size_t len, long *days);

/* The ordinal of the period of kind p that holds day `days`. */
long svy_period_of_days(enum svy_period p, long days);

/* Write the key of ordinal ord into buf (SVY_PERIOD_KEY_MAX suffices);
 * returns its length, or SVY_EINVALID when the period lies outside the
 * years 1-9999. */
int svy_period_format(enum svy_period p, long ord, char *buf, size_t size);

/* Read a key of kind p (exactly as svy_period_format writes it) into *ord;
 * 0, or SVY_EINVALID with e->msg saying why (another kind of key, a month
 * 13, a week 53 in a year of 52 weeks...). */
int svy_period_key_parse(enum svy_period p, const char *s, size_t len, long *ord,
                         struct svy_error *e);

/* The first day of period ord (days since 1970-01-01): for a week its
 * Monday. */
long svy_period_first_day(enum svy_period p, long ord);

#endif
