/* date.h - survey export timestamps: parsing, calendar checks, ISO 8601
 * output, day/month order inference over a column, and zone conversion.
 *
 * Accepted forms (ASCII spaces around the value are ignored):
 *   YYYY-MM-DD[( |T)H:MM[:SS[.fff]]][zone]     Qualtrics, Typeform, ISO 8601
 *   YYYY/MM/DD[ h:mm[:ss] [AM|PM]][zone]       Google Forms direct download
 *   A/B/YYYY[ H:MM[:SS] [AM|PM]][zone]         SurveyMonkey, Sheets, MS Forms
 *   A/B/YY ...                                 two-digit years: 00-68 are
 *                                              2000-2068, 69-99 are 1969-1999
 *                                              (the POSIX %y rule)
 * where A/B is month/day or day/month, zone is Z, +HH:MM, +HHMM, +HH, or
 * " UTC", " GMT", " GMT+H", " GMT-H:MM" (same with the sign reversed).
 * Fractional seconds are accepted and dropped.  A time with AM/PM needs an
 * hour 1-12.  Nothing here depends on the locale. */
#ifndef SVY_INGEST_DATE_H
#define SVY_INGEST_DATE_H

#include <stddef.h>

#include "err.h"

/* Day/month order of A/B/Y dates. */
enum svy_date_order {
	SVY_DATE_AUTO = 0,      /* accept a value only when one reading is valid */
	SVY_DATE_MDY = 1,
	SVY_DATE_DMY = 2,
};

struct svy_date {
	int y, m, d;
	int H, M, S;
	int has_time;           /* 0: a date-only value (H, M, S are 0) */
	int has_zone;           /* 1: offset_minutes is known */
	int offset_minutes;     /* local time minus UTC, e.g. -300 for UTC-5 */
	int offset_seconds;     /* and the seconds past those minutes, with their
	                           sign: local mean time such as New York's
	                           -4:56:02 is -296 and -2 (only svy_tz_localize
	                           sets it; the written offset drops it) */
};

/* Longest svy_date_format output with its NUL: 2024-01-31T23:59:59+05:30. */
#define SVY_DATE_ISO_MAX 26

/* Parse s[0..len) into *dt.  order resolves A/B/Y dates (SVY_DATE_AUTO
 * accepts only values that are valid in one order).  Returns 0, SVY_EMISSING
 * for an empty or all-space value, or SVY_EINVALID with e saying why
 * (unknown form, impossible date such as 2023-02-29, ambiguous order). */
int svy_date_parse(struct svy_date *dt, const char *s, size_t len, int order,
                   struct svy_error *e);

/* 1 if s[0..len) is an A/B/Y value, the only form whose meaning depends on
 * the order given to svy_date_parse (valid or not); 0 for every other
 * value, which parses the same (or fails the same) in every order. */
int svy_date_needs_order(const char *s, size_t len);

/* 1 if y-m-d is a real day of the proleptic Gregorian calendar. */
int svy_date_valid(int y, int m, int d);

/* Write dt as YYYY-MM-DDTHH:MM:SS followed by Z or +HH:MM when the zone is
 * known, or as YYYY-MM-DD for a date-only value.  Returns the length (what
 * snprintf would return); size SVY_DATE_ISO_MAX always suffices. */
int svy_date_format(const struct svy_date *dt, char *buf, size_t size);

/* Seconds since 1970-01-01T00:00:00Z; a value without a zone counts as UTC
 * wall time, so only compare values of one column with each other. */
long long svy_date_epoch(const struct svy_date *dt);

/* Shift a value with a known zone to UTC (offset 0).  SVY_EINVALID, dt
 * unchanged, when the zone is unknown, the value has no time of day, or
 * the shift leaves the years 1-9999 (e says which way). */
int svy_date_to_utc(struct svy_date *dt, struct svy_error *e);

/* "mdy", "dmy" or "auto" (ASCII case-insensitive) to an svy_date_order, or
 * SVY_EUSAGE with e filled. */
int svy_date_order_parse(const char *name, struct svy_error *e);

/* Day/month order inference over a whole column.  Feed every value with
 * svy_datefmt_observe, then ask svy_datefmt_decide.  A value decides only
 * when exactly one order gives a real date (13/02/2024 is day-first); the
 * state keeps the first deciding value of each order for messages. */
struct svy_datefmt {
	unsigned long n;            /* values observed */
	unsigned long ab;           /* of those, A/B/Y values */
	unsigned long both;         /* A/B/Y values that differ by order (5/5 does not) */
	unsigned long mdy, dmy;     /* A/B/Y values valid only month- / day-first */
	unsigned long neither;      /* A/B/Y values valid in no order */
	char mdy_example[48], dmy_example[48];
};

void svy_datefmt_init(struct svy_datefmt *f);

/* Look at one raw cell; any form is fine (other forms are only counted). */
void svy_datefmt_observe(struct svy_datefmt *f, const char *s, size_t len);

/* Set *order to SVY_DATE_MDY or SVY_DATE_DMY, or to SVY_DATE_AUTO when the
 * column has no A/B/Y values (the order does not matter), and return 0.
 * A column that is ambiguous (every A/B/Y value reads both ways) gets the
 * order fallback when that is SVY_DATE_MDY or SVY_DATE_DMY: a platform that
 * writes its dates in one fixed order, whatever the locale, settles what
 * the values cannot.  SVY_EDATA with e filled when the column is ambiguous
 * and fallback is SVY_DATE_AUTO (never guessed), or contradictory (both
 * orders seen: no fallback overrides the data). */
int svy_datefmt_decide(const struct svy_datefmt *f, int fallback, int *order,
                       struct svy_error *e);

/* Local wall time in a tz database zone (America/New_York) to an offset.
 *
 * svy_tz_open points TZ at the zone for the whole process until
 * svy_tz_close restores it: the C library offers no other way to read the
 * system zone database.  So this is not thread-safe, only one zone can be
 * open at a time, and localtime() elsewhere sees the zone meanwhile. */
struct svy_tz;

/* Is zone a name svy_tz_open would take?  0, or SVY_EUSAGE with e filled;
 * nothing is opened and TZ is left alone, so options can be checked before
 * any input is read. */
int svy_tz_check(const char *zone, struct svy_error *e);

/* The zone must name a TZif file under $TZDIR or /usr/share/zoneinfo.
 * NULL with e filled (SVY_EUSAGE: unknown zone or one already open;
 * SVY_ENOMEM).  Free with svy_tz_close. */
struct svy_tz *svy_tz_open(const char *zone, struct svy_error *e);

/* Give a zone-less value with a time of day the zone's offset at that wall
 * time (has_zone = 1; the wall time is unchanged: follow with
 * svy_date_to_utc for UTC).  In the repeated hour after a daylight saving
 * change the first occurrence (daylight time) is taken; a wall time inside
 * the skipped hour does not exist and is SVY_EINVALID.  The zone's offsets
 * are memoized per UTC hour inside tz (hence not for two threads at once),
 * so a column of dates asks the C library about once per hour of data. */
int svy_tz_localize(const struct svy_tz *tz, struct svy_date *dt,
                    struct svy_error *e);

const char *svy_tz_name(const struct svy_tz *tz);

/* Restore TZ as it was before svy_tz_open.  NULL is fine. */
void svy_tz_close(struct svy_tz *tz);

#endif
