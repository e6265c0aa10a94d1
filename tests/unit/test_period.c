/* test_period.c - period kinds, keys, ordinals and date cells (lib/period.h).
 *
 * Fixed expectations come from Python's datetime, an implementation
 * independent of this one:
 *   python3 -c "import datetime as D; d = D.date(2024, 12, 30);
 *               print(d.isocalendar(), (d - D.date(1970, 1, 1)).days)"
 * and the sweep below checks every day of 1999-12-01 .. 2031-01-31 against a
 * second, deliberately naive implementation of ISO 8601 weeks (the week's
 * Thursday names the year; weeks count from the year's first Thursday). */
#include <string.h>

#include "period.h"
#include "tap.h"

/* ---- a naive calendar, independent of period.c -------------------------- */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* days since 1970-01-01 by counting, for 1900..2100 */
static long naive_days(int y, int m, int d)
{
	long n = 0;
	int i;

	for (i = 1970; i < y; i++)
		n += leap(i) ? 366 : 365;
	for (i = y; i < 1970; i++)
		n -= leap(i) ? 366 : 365;
	for (i = 1; i < m; i++)
		n += mdays(y, i);
	return n + d - 1;
}

static void naive_civil(long days, int *y, int *m, int *d)
{
	*y = 1970;
	*m = 1;
	while (days < 0)
		days += leap(--*y) ? 366 : 365;
	while (days >= (leap(*y) ? 366 : 365))
		days -= leap((*y)++) ? 366 : 365;
	while (days >= mdays(*y, *m))
		days -= mdays(*y, (*m)++);
	*d = (int)days + 1;
}

static void naive_week(int y, int m, int d, char *buf, size_t size)
{
	long days = naive_days(y, m, d), wd = ((days + 3) % 7 + 7) % 7; /* Mon 0 */
	long thu = days - wd + 3;
	int ty, tm, td;

	naive_civil(thu, &ty, &tm, &td);
	snprintf(buf, size, "%04d-W%02ld", ty, (thu - naive_days(ty, 1, 1)) / 7 + 1);
}

/* ---- the fast path of date cells against the parser ----------------------- */

/* One cell through svy_period_date_fast (with the memo mm carries from the
 * cells before, and without one) and through svy_period_date.  Agreement:
 * the memo changes nothing, and a cell the fast path takes is one the
 * parser accepts with the same day.  *taken counts the cells it took. */
static int agree(struct svy_period_memo *mm, const char *s, size_t len, long *taken)
{
	struct svy_error e;
	long full = -1, warm = -2, cold = -3;
	int rc = svy_period_date(s, len, &full, &e);
	int w = svy_period_date_fast(mm, s, len, &warm);
	int c = svy_period_date_fast(NULL, s, len, &cold);

	if (w != c || (w && warm != cold))
		return 0;
	if (!w)
		return 1;
	++*taken;
	return rc == 0 && warm == full;
}

static int fast_takes(const char *s)
{
	long days, full;
	struct svy_error e;

	return svy_period_date_fast(NULL, s, strlen(s), &days) == 1 &&
	       svy_period_date(s, strlen(s), &full, &e) == 0 && days == full;
}

/* Every date part x time part x padding: dates at the edges of the
 * calendar and of the form, times the parser accepts and rejects. */
static int fast_grid(long *cells, long *taken)
{
	static const char *const years[] = { "0000", "0001", "0099", "1899", "1900", "1970",
		"1999", "2000", "2023", "2024", "2100", "9999", "20a4", "2O24" };
	static const char *const months[] = { "00", "01", "02", "04", "09", "10", "12", "13",
		"1a", " 1" };
	static const char *const days[] = { "00", "01", "28", "29", "30", "31", "32", "3x" };
	static const char *const times[] = {
		"", "T00:00", "T23:59", "T24:00", "T23:60", "T00:00:00", "T23:59:59",
		"T23:59:60", "T24:00:00", "T12:00:00.5", "T12:00:00.", "T12:00:00.123456789",
		"T12:00:00Z", "T12:00:00z", "T12:00Z", "T12:00z", "T12:00+01:00",
		"T12:00:00+00:00", "T12:00:00-00:00", "T12:00:00+14:00", "T12:00:00+14:01",
		"T12:00:00-14:00", "T12:00:00-14:30", "T12:00:00+15:00", "T12:00:00+05:60",
		"T12:00:00+05:30", "T12:00:00-09:59", "T12:00:00+0530", "T12:00:00+05",
		"T12:00:00+1:00", "T12:00:00+01:0", "T12:00:00+01:00x", "T12:00:00+01:00:00",
		"T12:00:00 +05:00", "T12:00:00 Z", "T12:00:00 UTC", "T12:00:00 gmt+1",
		" 12:00", " 12:00:00", " 12:00:00.25Z", "  12:00", "\t12:00", " \t12:00",
		"t12:00", "T1:00", "T01:0", "T01:000", "T001:00", "T12:00:00.5Z",
		"T12:00:00.5+01:00", "T12:00:00.+01:00", "T12:00.5", "T12:00:5", "T12:00:000",
		"T12:00:00x", "T", " ", "T12", "T12:", "T12:00:", "T12:00:00ZZ", "T12:00:00Zx",
		"T01:00 PM", "T01:00pm", "T12:00 am", "T13:00 PM", "T00:00 AM", "x", "0",
		"T99:99:99", "T-1:00", "T+1:00", "T12:00:00-", "T12:00:00+", "T12:00:00Z ",
		"T12:00:00\t", "T12:00:00.5 ", "T 12:00", "Z", "+01:00", "T12:00:00.0000000000000001"
	};
	static const char *const pads[][2] = { { "", "" }, { " ", "" }, { "", "  " },
		{ "\t ", "\t" } };
	struct svy_period_memo mm;
	char cell[96];
	size_t a, b, c, t, p;
	int bad = 0;

	memset(&mm, 0, sizeof mm);
	for (a = 0; a < sizeof years / sizeof *years; a++)
	for (b = 0; b < sizeof months / sizeof *months; b++)
	for (c = 0; c < sizeof days / sizeof *days; c++)
	for (t = 0; t < sizeof times / sizeof *times; t++)
	for (p = 0; p < sizeof pads / sizeof *pads; p++) {
		int n = snprintf(cell, sizeof cell, "%s%s-%s-%s%s%s", pads[p][0], years[a],
		                 months[b], days[c], times[t], pads[p][1]);

		++*cells;
		if (!agree(&mm, cell, (size_t)n, taken) && bad++ < 5)
			printf("# fast and full paths differ on '%s'\n", cell);
	}
	return bad;
}

/* The time of the form Thh:mm:ss is tested as one word: every hour and
 * minute from 00 to 99 with the seconds at the edges, and every byte value
 * in each of its nine places of two valid times. */
static int fast_hms(long *cells, long *taken)
{
	static const char *const bases[] = { "2024-05-06T12:34:56", "2024-05-06 23:59:59" };
	static const char *const secs[] = { "00", "05", "09", "59", "60", "5:", "/0", "0/", "99" };
	struct svy_period_memo mm;
	char cell[32];
	int bad = 0, h, m, c, k, b;

	memset(&mm, 0, sizeof mm);
	for (h = 0; h < 100; h++)
		for (m = 0; m < 100; m++)
			for (k = 0; k < (int)(sizeof secs / sizeof *secs); k++) {
				snprintf(cell, sizeof cell, "2024-05-06T%02d:%02d:%s", h, m, secs[k]);
				++*cells;
				if (!agree(&mm, cell, strlen(cell), taken) && bad++ < 5)
					printf("# fast and full paths differ on '%s'\n", cell);
			}
	for (b = 0; b < 2; b++)
		for (k = 10; k < 19; k++)
			for (c = 1; c < 256; c++) {
				memcpy(cell, bases[b], 20);
				cell[k] = (char)c;
				++*cells;
				if (!agree(&mm, cell, 19, taken) && bad++ < 5)
					printf("# fast and full paths differ on byte %d = %d of '%s'\n", k, c,
					       bases[b]);
			}
	return bad;
}

/* Cells made by changing one to three bytes of a valid timestamp (or
 * cutting it short), so that most of them are near misses. */
static int fast_mutants(long count, long *taken)
{
	static const char *const seeds[] = { "2024-01-01T00:00:04", "2024-02-29 23:59:59.5",
		"1999-12-31T23:59:59+14:00", "0001-01-01T00:00Z", "9999-12-31T23:59:59-05:30",
		"2023-03-01", "2000-02-29T12:30:45.000+00:00" };
	static const char alphabet[] = "0123456789012345-:T t.Zz+-Ux\t9";
	struct svy_period_memo mm;
	unsigned long r = 12345;
	char cell[64];
	long i;
	int bad = 0, k, n;

	memset(&mm, 0, sizeof mm);
	for (i = 0; i < count; i++) {
		const char *seed = seeds[i % (long)(sizeof seeds / sizeof *seeds)];

		n = (int)strlen(seed);
		memcpy(cell, seed, (size_t)n + 1);
		for (k = 0; k < 3; k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			if ((r >> 60) < 3)                  /* about one in five: cut */
				n = (int)((r >> 33) % (unsigned long)(n + 1));
			else if (n > 0)
				cell[(r >> 33) % (unsigned long)n] =
					alphabet[(r >> 20) % (sizeof alphabet - 1)];
			if ((r >> 58) & 1)                  /* change one byte only */
				break;
		}
		cell[n] = '\0';
		if (!agree(&mm, cell, (size_t)n, taken) && bad++ < 5)
			printf("# fast and full paths differ on '%s'\n", cell);
	}
	return bad;
}

/* ---- helpers -------------------------------------------------------------- */

static const char *key_of(enum svy_period p, const char *date)
{
	static char buf[SVY_PERIOD_KEY_MAX];
	struct svy_error e;
	long days;

	if (svy_period_date(date, strlen(date), &days, &e) != 0)
		return "(invalid)";
	if (svy_period_format(p, svy_period_of_days(p, days), buf, sizeof buf) < 0)
		return "(no key)";
	return buf;
}

static long ord_of(enum svy_period p, const char *date)
{
	struct svy_error e;
	long days = 0;

	svy_period_date(date, strlen(date), &days, &e);
	return svy_period_of_days(p, days);
}

static int key_ok(enum svy_period p, const char *key)
{
	struct svy_error e;
	long ord;

	return svy_period_key_parse(p, key, strlen(key), &ord, &e) == 0;
}

int main(void)
{
	struct svy_error e;
	enum svy_period p;
	long days, ord;
	int y, m, d, bad;
	char buf[64], want[64];

	/* names */
	ok(svy_period_parse("week", &p, &e) == 0 && p == SVY_PERIOD_WEEK, "parse week");
	ok(svy_period_parse("quarter", &p, &e) == 0 && p == SVY_PERIOD_QUARTER, "parse quarter");
	ok(svy_period_parse("fortnight", &p, &e) == SVY_EUSAGE, "fortnight is a usage error");
	ok(strstr(e.msg, "day, week, month, quarter, year") != NULL, "the message lists the kinds");
	ok(svy_period_parse("Month", &p, &e) == SVY_EUSAGE, "names are lower case");
	is_str(svy_period_name(SVY_PERIOD_YEAR), "year", "name of year");

	/* days since 1970 (python: (date - date(1970, 1, 1)).days) */
	ok(svy_period_days(1970, 1, 1) == 0, "1970-01-01 is day 0");
	ok(svy_period_days(2024, 12, 30) == 20087, "2024-12-30 is day 20087");
	ok(svy_period_days(1, 1, 1) == -719162, "0001-01-01 is day -719162");
	ok(svy_period_days(9999, 12, 31) == 2932896, "9999-12-31 is day 2932896");

	/* ISO weeks, as python's isocalendar() gives them */
	is_str(key_of(SVY_PERIOD_WEEK, "2024-12-30"), "2025-W01", "2024-12-30 is 2025-W01 (STATS.md)");
	is_str(key_of(SVY_PERIOD_WEEK, "2021-01-03"), "2020-W53", "2021-01-03 is 2020-W53");
	is_str(key_of(SVY_PERIOD_WEEK, "2021-01-04"), "2021-W01", "2021-01-04 is 2021-W01");
	is_str(key_of(SVY_PERIOD_WEEK, "2023-01-01"), "2022-W52", "2023-01-01 is 2022-W52");
	is_str(key_of(SVY_PERIOD_WEEK, "2026-01-01"), "2026-W01", "2026-01-01 is 2026-W01");
	is_str(key_of(SVY_PERIOD_WEEK, "2027-01-01"), "2026-W53", "2027-01-01 is 2026-W53");
	is_str(key_of(SVY_PERIOD_WEEK, "2015-12-31"), "2015-W53", "2015-12-31 is 2015-W53");
	is_str(key_of(SVY_PERIOD_WEEK, "2016-01-03"), "2015-W53", "2016-01-03 is 2015-W53");
	is_str(key_of(SVY_PERIOD_WEEK, "0001-01-01"), "0001-W01", "0001-01-01 is 0001-W01");
	is_str(key_of(SVY_PERIOD_WEEK, "9999-12-31"), "9999-W52", "9999-12-31 is 9999-W52");

	/* other kinds */
	is_str(key_of(SVY_PERIOD_DAY, "2024-02-29T23:59:59"), "2024-02-29", "day key");
	is_str(key_of(SVY_PERIOD_MONTH, "2024-02-29"), "2024-02", "month key");
	is_str(key_of(SVY_PERIOD_QUARTER, "2024-11-15"), "2024-Q4", "quarter key Q4");
	is_str(key_of(SVY_PERIOD_QUARTER, "2024-04-01"), "2024-Q2", "quarter key Q2");
	is_str(key_of(SVY_PERIOD_QUARTER, "2024-03-31"), "2024-Q1", "quarter key Q1");
	is_str(key_of(SVY_PERIOD_YEAR, "2024-12-31"), "2024", "year key");

	/* period arithmetic: whole periods between, gaps kept */
	ok(ord_of(SVY_PERIOD_MONTH, "2024-03-09") - ord_of(SVY_PERIOD_MONTH, "2024-01-31") == 2,
	   "Jan to Mar is 2 months (STATS.md: Jan, Mar -> 0, 2)");
	ok(ord_of(SVY_PERIOD_MONTH, "2025-01-01") - ord_of(SVY_PERIOD_MONTH, "2024-12-31") == 1,
	   "Dec to Jan is 1 month");
	ok(ord_of(SVY_PERIOD_WEEK, "2024-12-30") - ord_of(SVY_PERIOD_WEEK, "2024-12-29") == 1,
	   "2024-W52 to 2025-W01 is 1 week");
	ok(ord_of(SVY_PERIOD_WEEK, "2021-01-04") - ord_of(SVY_PERIOD_WEEK, "2020-12-28") == 1,
	   "2020-W53 to 2021-W01 is 1 week");
	ok(ord_of(SVY_PERIOD_DAY, "2024-03-01") - ord_of(SVY_PERIOD_DAY, "2024-02-28") == 2,
	   "2024-02-28 to 2024-03-01 is 2 days (leap year)");
	ok(ord_of(SVY_PERIOD_QUARTER, "2025-01-01") - ord_of(SVY_PERIOD_QUARTER, "2024-06-30") == 3,
	   "2024-Q2 to 2025-Q1 is 3 quarters");
	ok(ord_of(SVY_PERIOD_YEAR, "2025-06-30") - ord_of(SVY_PERIOD_YEAR, "2019-01-01") == 6,
	   "2019 to 2025 is 6 years");
	ok(svy_period_first_day(SVY_PERIOD_WEEK, ord_of(SVY_PERIOD_WEEK, "2025-01-02")) ==
	   svy_period_days(2024, 12, 30), "2025-W01 starts on Monday 2024-12-30");
	ok(svy_period_first_day(SVY_PERIOD_QUARTER, ord_of(SVY_PERIOD_QUARTER, "2024-08-17")) ==
	   svy_period_days(2024, 7, 1), "2024-Q3 starts on 2024-07-01");

	/* the sweep: every day of 1999-12-01 .. 2031-01-31 */
	bad = 0;
	for (days = naive_days(1999, 12, 1); days <= naive_days(2031, 1, 31); days++) {
		enum svy_period k;
		naive_civil(days, &y, &m, &d);
		if (svy_period_days(y, m, d) != days)
			bad++;
		naive_week(y, m, d, want, sizeof want);
		svy_period_format(SVY_PERIOD_WEEK, svy_period_of_days(SVY_PERIOD_WEEK, days),
		                  buf, sizeof buf);
		if (strcmp(buf, want) != 0 && bad++ < 5)
			printf("# %04d-%02d-%02d: week %s, want %s\n", y, m, d, buf, want);
		for (k = SVY_PERIOD_DAY; k <= SVY_PERIOD_YEAR; k++) {
			long o = svy_period_of_days(k, days);
			if (svy_period_format(k, o, buf, sizeof buf) < 0 ||
			    svy_period_key_parse(k, buf, strlen(buf), &ord, &e) != 0 || ord != o ||
			    svy_period_first_day(k, o) > days || svy_period_first_day(k, o + 1) <= days) {
				if (bad++ < 5)
					printf("# %04d-%02d-%02d: %s key %s does not round-trip\n", y, m, d,
					       svy_period_name(k), buf);
			}
		}
	}
	ok(bad == 0, "every day 1999-12-01..2031-01-31: days, ISO week, keys round-trip");

	/* keys read back, and what is not a key */
	ok(key_ok(SVY_PERIOD_WEEK, "2020-W53"), "2020-W53 exists");
	ok(!key_ok(SVY_PERIOD_WEEK, "2024-W53"), "2024-W53 does not (2024 has 52 weeks)");
	ok(!key_ok(SVY_PERIOD_WEEK, "2024-W00"), "week 00 is not a week");
	ok(!key_ok(SVY_PERIOD_WEEK, "2024-03"), "a month key is not a week key");
	ok(!key_ok(SVY_PERIOD_MONTH, "2024-13"), "month 13");
	ok(!key_ok(SVY_PERIOD_MONTH, "2024-00"), "month 00");
	ok(!key_ok(SVY_PERIOD_MONTH, "2024-1"), "one-digit month");
	ok(!key_ok(SVY_PERIOD_MONTH, "2024-W01"), "a week key is not a month key");
	ok(!key_ok(SVY_PERIOD_QUARTER, "2024-Q5"), "quarter 5");
	ok(!key_ok(SVY_PERIOD_QUARTER, "2024-Q0"), "quarter 0");
	ok(!key_ok(SVY_PERIOD_DAY, "2023-02-29"), "2023-02-29 is no day");
	ok(key_ok(SVY_PERIOD_DAY, "2024-02-29"), "2024-02-29 is a day");
	ok(!key_ok(SVY_PERIOD_YEAR, "0000"), "year 0");
	ok(!key_ok(SVY_PERIOD_YEAR, "24"), "two-digit year");
	ok(svy_period_key_parse(SVY_PERIOD_MONTH, "2024-13", 7, &ord, &e) == SVY_EINVALID &&
	   strcmp(e.msg, "'2024-13' is not a month key") == 0, "message: '2024-13' is not a month key");

	/* date cells */
	ok(svy_period_date("2024-01-05", 10, &days, &e) == 0 &&
	   days == svy_period_days(2024, 1, 5), "a date");
	ok(svy_period_date("  2024-01-05 ", 13, &days, &e) == 0 &&
	   days == svy_period_days(2024, 1, 5), "spaces around it");
	ok(svy_period_date("2024-01-05T23:30:00+05:00", 25, &days, &e) == 0 &&
	   days == svy_period_days(2024, 1, 5), "a time and zone do not move the day");
	ok(svy_period_date("2024-01-05T23:30:00Z", 20, &days, &e) == 0 &&
	   days == svy_period_days(2024, 1, 5), "UTC");
	ok(svy_period_date("2024-01-05 08:00", 16, &days, &e) == 0, "a space before the time");
	ok(svy_period_date("", 0, &days, &e) == SVY_EMISSING, "empty is missing");
	ok(svy_period_date("NA", 2, &days, &e) == SVY_EMISSING, "NA is missing");
	ok(svy_period_date("  ", 2, &days, &e) == SVY_EMISSING, "spaces are missing");
	ok(svy_period_date("2024/01/05", 10, &days, &e) == SVY_EINVALID, "2024/01/05 is not ISO");
	ok(strcmp(e.msg, "'2024/01/05' is not an ISO 8601 date (YYYY-MM-DD, as "
	                 "survey-ingest writes it)") == 0, "message names the value and the form");
	ok(svy_period_date("05/01/2024", 10, &days, &e) == SVY_EINVALID, "05/01/2024 is not ISO");
	ok(svy_period_date("2023-02-29", 10, &days, &e) == SVY_EINVALID, "2023-02-29 is no day");
	ok(strstr(e.msg, "'2023-02-29'") != NULL, "message names the value");
	ok(svy_period_date("2024-01-05x", 11, &days, &e) == SVY_EINVALID, "trailing junk");
	ok(svy_period_date("2024-1-05", 9, &days, &e) == SVY_EINVALID, "one-digit month");
	ok(svy_period_date("20240105", 8, &days, &e) == SVY_EINVALID, "no dashes");
	ok(svy_period_date("2024-01-05T25:00:00", 19, &days, &e) == SVY_EINVALID, "hour 25");

	/* the fast path: what it takes (the common forms) ... */
	ok(fast_takes("2024-01-01T00:00:04"), "fast: the benchmark's timestamps");
	ok(fast_takes("2024-01-01"), "fast: a date alone");
	ok(fast_takes(" 2024-02-29 23:59:59.999\t"), "fast: a space, a fraction, padding");
	ok(fast_takes("2024-03-04T09:14:11-05:00"), "fast: survey-ingest's offsets");
	ok(fast_takes("2024-03-04T09:14Z"), "fast: no seconds, Z");
	ok(fast_takes("0001-01-01T00:00:00+14:00"), "fast: year 1, offset +14:00");
	ok(fast_takes("9999-12-31T23:59:59-14:00"), "fast: year 9999, offset -14:00");
	/* ... and leaves to the parser: its errors, and forms it does not know */
	ok(!fast_takes("2023-02-29T00:00:00"), "fast: 2023-02-29 is the parser's error");
	ok(!fast_takes("0000-01-01"), "fast: year 0 is the parser's error");
	ok(!fast_takes("2024-01-01T24:00:00"), "fast: hour 24 is the parser's error");
	ok(!fast_takes("2024-01-01T23:59:60"), "fast: a leap second is the parser's error");
	ok(!fast_takes("2024-01-01T12:00:00+14:01"), "fast: an offset beyond 14:00");
	ok(!fast_takes("2024-01-01T12:00:00."), "fast: no digit after the point");
	ok(!fast_takes("2024-01-01T9:00"), "fast: a one-digit hour goes to the parser");
	ok(!fast_takes("2024-01-01T09:00:00+0100"), "fast: +HHMM goes to the parser");
	ok(!fast_takes("2024-01-01 09:00 PM"), "fast: AM/PM goes to the parser");
	ok(!fast_takes("NA") && !fast_takes(""), "fast: missing cells go to the parser");
	{
		long cells = 0, taken = 0, mut = 0;
		int bad = fast_grid(&cells, &taken);

		ok(bad == 0, "fast = full on %ld cells (dates x times x padding), %ld taken",
		   cells, taken);
		ok(taken > cells / 20, "the grid exercises the fast path");
		bad = fast_mutants(300000, &mut);
		ok(bad == 0, "fast = full on 300000 mutated timestamps, %ld taken", mut);
		ok(mut > 10000, "the mutants exercise the fast path");
		cells = taken = 0;
		bad = fast_hms(&cells, &taken);
		/* 24 x 60 hours and minutes, each with four good seconds; then per
		 * place of T12:34:56: T or space 2, hour tens 0-2 3, hour units 10,
		 * colon 1, minute tens 0-5 6, units 10, colon 1, seconds 6 and 10
		 * (49); of 23:59:59 the same but hour tens 0-2 3, units 0-3 4 (43) */
		ok(bad == 0 && taken == 24 * 60 * 4 + 49 + 43,
		   "fast = full on %ld cells of the form Thh:mm:ss, %ld taken", cells, taken);
	}
	return done();
}
