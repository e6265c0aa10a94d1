/* test_ingest_date.c - unit tests for lib/ingest/date: forms, calendar,
 * ISO output, day/month inference, zone conversion. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "mem.h"
#include "tap.h"

/* Parse s with order and render it; "ERR" on failure, "MISSING" for empty. */
static const char *iso(const char *s, int order)
{
	static char buf[64];
	struct svy_date dt;
	struct svy_error e;
	int rc = svy_date_parse(&dt, s, strlen(s), order, &e);

	if (rc == SVY_EMISSING)
		return "MISSING";
	if (rc < 0)
		return "ERR";
	svy_date_format(&dt, buf, sizeof buf);
	return buf;
}

static void forms(void)
{
	/* Qualtrics and Typeform: no zone, so no suffix */
	is_str(iso("2024-03-05 14:07:09", 0), "2024-03-05T14:07:09", "qualtrics form");
	is_str(iso("  2024-03-05 14:07:09 ", 0), "2024-03-05T14:07:09", "spaces trimmed");
	/* ISO with zones */
	is_str(iso("2024-03-05T14:07:09Z", 0), "2024-03-05T14:07:09Z", "iso Z");
	is_str(iso("2024-03-05T14:07:09+05:30", 0), "2024-03-05T14:07:09+05:30", "iso +05:30");
	is_str(iso("2024-03-05T14:07:09-0400", 0), "2024-03-05T14:07:09-04:00", "iso -0400");
	is_str(iso("2024-03-05T14:07:09-04", 0), "2024-03-05T14:07:09-04:00", "iso -04");
	is_str(iso("2024-03-05T14:07:09.123Z", 0), "2024-03-05T14:07:09Z", "fraction dropped");
	is_str(iso("2024-03-05T14:07", 0), "2024-03-05T14:07:00", "iso without seconds");
	is_str(iso("2024-03-05 14:07:09 UTC", 0), "2024-03-05T14:07:09Z", "UTC word");
	/* SurveyMonkey: 12-hour clock. 12 AM is midnight, 12 PM noon, 01 PM 13 */
	is_str(iso("03/05/2024 01:07:09 PM", SVY_DATE_MDY), "2024-03-05T13:07:09", "pm");
	is_str(iso("03/05/2024 12:00:00 AM", SVY_DATE_MDY), "2024-03-05T00:00:00", "12 am");
	is_str(iso("03/05/2024 12:30:00 pm", SVY_DATE_MDY), "2024-03-05T12:30:00", "12 pm");
	is_str(iso("03/05/2024 11:59:59AM", SVY_DATE_MDY), "2024-03-05T11:59:59", "am glued");
	/* Sheets US and other locales, MS Forms without seconds */
	is_str(iso("3/5/2024 9:07:09", SVY_DATE_MDY), "2024-03-05T09:07:09", "M/D/YYYY");
	is_str(iso("3/5/2024 9:07:09", SVY_DATE_DMY), "2024-05-03T09:07:09", "D/M/YYYY");
	is_str(iso("3/5/2024 9:07", SVY_DATE_MDY), "2024-03-05T09:07:00", "H:MM");
	/* two-digit years: 68 is 2068, 69 is 1969 (POSIX %y) */
	is_str(iso("3/5/24 9:07:09", SVY_DATE_MDY), "2024-03-05T09:07:09", "yy 24");
	is_str(iso("1/2/68 0:00:00", SVY_DATE_MDY), "2068-01-02T00:00:00", "yy 68");
	is_str(iso("1/2/69 0:00:00", SVY_DATE_MDY), "1969-01-02T00:00:00", "yy 69");
	is_str(iso("1/2/00", SVY_DATE_MDY), "2000-01-02", "yy 00 date only");
	/* Google Forms direct download: GMT-5 is -05:00, GMT+5:30 is +05:30 */
	is_str(iso("2024/03/05 1:07:09 PM GMT-5", 0), "2024-03-05T13:07:09-05:00", "gmt-5");
	is_str(iso("2024/03/05 1:07:09 am GMT+5:30", 0), "2024-03-05T01:07:09+05:30", "gmt+5:30");
	is_str(iso("2024/03/05 1:07:09 PM GMT", 0), "2024-03-05T13:07:09Z", "gmt alone");
	/* date-only forms keep no time */
	is_str(iso("2024-03-05", 0), "2024-03-05", "iso date only");
	is_str(iso("2024/3/5", 0), "2024-03-05", "ymd slashes date only");
	is_str(iso("3/5/2024", SVY_DATE_DMY), "2024-05-03", "dmy date only");
	/* AUTO takes a value only when one order is possible: 13 cannot be a month */
	is_str(iso("13/5/2024", SVY_DATE_AUTO), "2024-05-13", "auto unambiguous dmy");
	is_str(iso("5/13/2024", SVY_DATE_AUTO), "2024-05-13", "auto unambiguous mdy");
	is_str(iso("5/5/2024", SVY_DATE_AUTO), "2024-05-05", "auto same both ways");
	is_str(iso("3/5/2024", SVY_DATE_AUTO), "ERR", "auto ambiguous is an error");
	is_str(iso("", 0), "MISSING", "empty is missing");
	is_str(iso("   ", 0), "MISSING", "spaces are missing");
}

static void calendar(void)
{
	/* 2024 is a leap year (div by 4), 1900 is not (div by 100, not 400),
	 * 2000 is (div by 400). */
	ok(svy_date_valid(2024, 2, 29), "2024-02-29 valid");
	ok(!svy_date_valid(2023, 2, 29), "2023-02-29 invalid");
	ok(!svy_date_valid(1900, 2, 29), "1900-02-29 invalid");
	ok(svy_date_valid(2000, 2, 29), "2000-02-29 valid");
	ok(!svy_date_valid(2024, 4, 31), "april has 30 days");
	ok(!svy_date_valid(2024, 13, 1) && !svy_date_valid(2024, 0, 1), "month range");
	is_str(iso("2024-02-30 10:00:00", 0), "ERR", "2024-02-30 rejected");
	is_str(iso("2/29/2023", SVY_DATE_MDY), "ERR", "2/29/2023 rejected");
	is_str(iso("13/1/2024", SVY_DATE_MDY), "ERR", "month 13 rejected when mdy forced");
}

static void malformed(void)
{
	static const char *const bad[] = {
		"2024-03-05 24:00:00", "2024-03-05 10:60:00", "2024-03-05 10:00:60",
		"2024-03-05 13:00 PM", "2024-03-05 0:30 AM", "2024-03-05 10:00:00 +15:00",
		"2024-03-05 10:00:00 +05:61", "2024-03-05 10:00:00 EST", "2024-03-05x",
		"2024-03-05Z", "2024-03/05", "20240-03-05", "024-03-05", "3-5-2024",
		"3/5/202", "3/5/2024 10", "3/5/2024 10:", "3/5/2024 10:0", "hello",
		"0000-01-01", "2024-03-05 10:00:00.", "2024-03-05T", "/", "1/", "12:00",
		"2024-03-05 10:00:00 GMT+", "2024-03-05 10:00:00 Z Z", "2024-03-05T10:00+530",
		"2024-03-05T10:00+05:3",
	};
	size_t i;
	struct svy_date dt;

	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		is_str(iso(bad[i], SVY_DATE_MDY), "ERR", "rejects '%s'", bad[i]);
	/* a NUL or a high byte inside the value: no crash, an error */
	ok(svy_date_parse(&dt, "2024-03-05\0 10:00", 17, 0, NULL) == SVY_EINVALID,
	   "embedded NUL rejected, NULL error record is fine");
	ok(svy_date_parse(&dt, "2024-03-05 \xff\xfe", 13, 0, NULL) == SVY_EINVALID,
	   "binary junk rejected");
	/* a long run of digits must not overflow */
	is_str(iso("99999999999999999999-1-1", 0), "ERR", "huge number rejected");
}

static void utc_and_epoch(void)
{
	struct svy_date dt;
	char buf[SVY_DATE_ISO_MAX];
	int n;

	/* 2024-03-05T23:30:00-02:00 is 2024-03-06T01:30:00Z (crosses a day) */
	svy_date_parse(&dt, "2024-03-05T23:30:00-02:00", 25, 0, NULL);
	ok(svy_date_to_utc(&dt, NULL) == 0, "to_utc ok");
	svy_date_format(&dt, buf, sizeof buf);
	is_str(buf, "2024-03-06T01:30:00Z", "to_utc crosses midnight");
	/* 2024-03-01T00:30:00+05:30 is 2024-02-29T19:00:00Z (leap day) */
	svy_date_parse(&dt, "2024-03-01T00:30:00+05:30", 25, 0, NULL);
	svy_date_to_utc(&dt, NULL);
	svy_date_format(&dt, buf, sizeof buf);
	is_str(buf, "2024-02-29T19:00:00Z", "to_utc back into a leap day");
	/* 2000-01-01T00:00:00Z = 946684800 (well-known) */
	svy_date_parse(&dt, "2000-01-01T00:00:00Z", 20, 0, NULL);
	ok(svy_date_epoch(&dt) == 946684800LL, "epoch of 2000-01-01");
	/* 1969-12-31T23:59:59Z = -1 */
	svy_date_parse(&dt, "1969-12-31 23:59:59 UTC", 23, 0, NULL);
	ok(svy_date_epoch(&dt) == -1, "epoch before 1970");
	svy_date_parse(&dt, "2024-03-05", 10, 0, NULL);
	ok(svy_date_to_utc(&dt, NULL) == SVY_EINVALID, "date-only cannot go to UTC");
	/* one minute past 9999-12-31T23:59:59Z, one before 0001-01-01T00:00:00Z:
	 * refused, the value left as it was */
	svy_date_parse(&dt, "9999-12-31T23:59:59-00:01", 25, 0, NULL);
	ok(svy_date_to_utc(&dt, NULL) == SVY_EINVALID && dt.y == 9999 && dt.offset_minutes == -1,
	   "UTC past the year 9999 refused");
	svy_date_parse(&dt, "0001-01-01T00:00:00+00:01", 25, 0, NULL);
	ok(svy_date_to_utc(&dt, NULL) == SVY_EINVALID && dt.y == 1 && dt.offset_minutes == 1,
	   "UTC before the year 1 refused");
	svy_date_parse(&dt, "0001-01-01T00:01:00+00:01", 25, 0, NULL);
	ok(svy_date_to_utc(&dt, NULL) == 0, "0001-01-01T00:00:00Z is the first instant");
	svy_date_format(&dt, buf, sizeof buf);
	is_str(buf, "0001-01-01T00:00:00Z", "first instant written");
	/* longest output fits SVY_DATE_ISO_MAX; a small buffer truncates safely */
	svy_date_parse(&dt, "2024-12-31T23:59:59-09:30", 25, 0, NULL);
	n = svy_date_format(&dt, buf, sizeof buf);
	ok(n == 25 && strlen(buf) == 25, "max length 25");
	n = svy_date_format(&dt, buf, 8);
	ok(n == 25 && strcmp(buf, "2024-12") == 0, "truncated format returns full length");
	ok(svy_date_order_parse("MDY", NULL) == SVY_DATE_MDY
	   && svy_date_order_parse("dmy", NULL) == SVY_DATE_DMY
	   && svy_date_order_parse("auto", NULL) == SVY_DATE_AUTO
	   && svy_date_order_parse("md", NULL) == SVY_EUSAGE
	   && svy_date_order_parse("mdyy", NULL) == SVY_EUSAGE, "order names");
}

/* The digits written by hand against snprintf's, over every field width
 * and offset sign, and the values that need more digits (a year 0 or
 * 10000 after a shift to UTC). */
static void format_vs_snprintf(void)
{
	static const int ys[] = { 0, 1, 999, 1970, 2024, 9999, 10000 };
	static const int offs[] = { 0, 1, -1, 59, -59, 60, 330, -570, 765, 840, -840 };
	struct svy_date dt;
	char got[SVY_DATE_ISO_MAX + 8], want[64], small[9];
	size_t i, j, bad = 0;
	int k;

	for (i = 0; i < sizeof ys / sizeof ys[0]; i++) {
		for (j = 0; j < sizeof offs / sizeof offs[0]; j++) {
			for (k = 0; k < 3; k++) {
				int a = offs[j] < 0 ? -offs[j] : offs[j], n;

				memset(&dt, 0, sizeof dt);
				dt.y = ys[i];
				dt.m = 1 + (int)j;
				dt.d = 9 + (int)j * 2;
				dt.H = (int)j * 2;
				dt.M = 59 - (int)j;
				dt.S = (int)j * 5;
				dt.has_time = k > 0;
				dt.has_zone = k > 1;
				dt.offset_minutes = offs[j];
				if (!dt.has_time)
					n = snprintf(want, sizeof want, "%04d-%02d-%02d", dt.y, dt.m, dt.d);
				else
					n = snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d%s",
					             dt.y, dt.m, dt.d, dt.H, dt.M, dt.S,
					             !dt.has_zone ? "" : offs[j] == 0 ? "Z" : offs[j] < 0 ? "-" : "+");
				if (dt.has_zone && offs[j] != 0)
					n += snprintf(want + n, sizeof want - (size_t)n, "%02d:%02d", a / 60, a % 60);
				if (svy_date_format(&dt, got, sizeof got) != n || strcmp(got, want) != 0)
					bad++;
				if (svy_date_format(&dt, small, sizeof small) != n
				    || strncmp(small, want, 8) != 0 || small[8] != '\0')
					bad++;
			}
		}
	}
	ok(bad == 0, "format agrees with snprintf (%zu differ)", bad);
	ok(svy_date_needs_order("3/4/2024", 8) && svy_date_needs_order(" 12/31/24", 9)
	   && svy_date_needs_order("13/13/2024", 10), "A/B/Y values need an order");
	ok(!svy_date_needs_order("2024/03/04", 10) && !svy_date_needs_order("2024-03-04", 10)
	   && !svy_date_needs_order("123/4/2024", 10) && !svy_date_needs_order("", 0)
	   && !svy_date_needs_order("3-4-2024", 8) && !svy_date_needs_order("3/4/2024", 1),
	   "other values do not");
}

/* The fixed-position forms read the same as their variants that take the
 * general path, and what it rejects stays rejected. */
static void fixed_forms(void)
{
	static const char *const same[][2] = {
		{ "2024-03-05 07:08:09", "2024-03-05  07:08:09" },
		{ "2024-03-05T07:08:09", "2024-03-05T07:08:09.000" },
		{ "2024-03-05t23:59:59", "2024-03-05\t23:59:59" },
		{ " 2024-03-05 00:00:00\t", "2024-03-05 0:00:00" },
		{ "2024-03-05", " 2024-3-5 " },
		{ "0001-01-01", "0001-1-1" },
	};
	static const char *const bad[] = {
		"2024-03-05 24:00:00", "2024-03-05 23:60:00", "2024-03-05 23:59:60",
		"0000-01-01", "0000-01-01 10:00:00", "2024-13-01", "2024-02-30 10:00:00",
		"2024-03-05x10:00:00", "2024-03-05 10-00-00", "2024/03-05", "2O24-03-05",
	};
	struct svy_date a, b;
	size_t i, bad_n = 0;

	for (i = 0; i < sizeof same / sizeof same[0]; i++) {
		memset(&a, 0x55, sizeof a);
		memset(&b, 0x55, sizeof b);
		if (svy_date_parse(&a, same[i][0], strlen(same[i][0]), 0, NULL) != 0
		    || svy_date_parse(&b, same[i][1], strlen(same[i][1]), 0, NULL) != 0
		    || a.y != b.y || a.m != b.m || a.d != b.d || a.H != b.H || a.M != b.M
		    || a.S != b.S || a.has_time != b.has_time || a.has_zone != b.has_zone
		    || a.offset_minutes != b.offset_minutes)
			bad_n++;
	}
	ok(bad_n == 0, "fixed forms read like the general grammar (%zu differ)", bad_n);
	for (i = 0, bad_n = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (svy_date_parse(&a, bad[i], strlen(bad[i]), 0, NULL) != SVY_EINVALID)
			bad_n++;
	ok(bad_n == 0, "out-of-range fixed forms are still rejected (%zu accepted)", bad_n);
}

static void observe_all(struct svy_datefmt *f, const char *const *v, size_t n)
{
	size_t i;

	svy_datefmt_init(f);
	for (i = 0; i < n; i++)
		svy_datefmt_observe(f, v[i], strlen(v[i]));
}

static void inference(void)
{
	struct svy_datefmt f;
	struct svy_error e;
	int order = -1;
	static const char *const us[] = { "3/5/2024 9:00", "", "12/31/2024 9:00", "1/2/2024" };
	static const char *const eu[] = { "3/5/2024", "31/12/2024 10:00", "1/2/2024" };
	static const char *const amb[] = { "3/5/2024", "1/2/2024", "12/11/2024 10:00" };
	static const char *const mixed[] = { "12/31/2024", "31/12/2024" };
	static const char *const iso_only[] = { "2024-01-02 10:00:00", "x" };
	static const char *const same[] = { "5/5/2024", "1/1/2024" };
	static const char *const junk[] = { "2/30/2024", "hello" };

	/* 12/31: 31 cannot be a month, so month-first */
	observe_all(&f, us, 4);
	ok(svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == 0 && order == SVY_DATE_MDY, "mdy decided");
	ok(f.n == 4 && f.ab == 3 && f.mdy == 1 && f.both == 2, "mdy counts");
	observe_all(&f, eu, 3);
	ok(svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == 0 && order == SVY_DATE_DMY, "dmy decided");
	/* no field above 12 anywhere: an error, never a guess */
	observe_all(&f, amb, 3);
	ok(svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == SVY_EDATA, "ambiguous is an error");
	ok(strstr(e.msg, "ambiguous") && strstr(e.msg, "3 dates"), "ambiguous message: %s", e.msg);
	observe_all(&f, mixed, 2);
	ok(svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == SVY_EDATA, "contradiction is an error");
	ok(strstr(e.msg, "'12/31/2024'") && strstr(e.msg, "'31/12/2024'"),
	   "contradiction names both: %s", e.msg);
	observe_all(&f, iso_only, 2);
	ok(svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == 0 && order == SVY_DATE_AUTO,
	   "no A/B/Y values: order irrelevant");
	/* 5/5 and 1/1 read the same either way: nothing to decide, no error */
	observe_all(&f, same, 2);
	ok(svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == 0 && order == SVY_DATE_AUTO,
	   "same both ways is not ambiguous");
	/* 2/30 is no date in either order */
	observe_all(&f, junk, 2);
	ok(f.neither == 1 && svy_datefmt_decide(&f, SVY_DATE_AUTO, &order, &e) == 0, "impossible dates counted");

	/* A platform's fixed order settles an ambiguous column, and only that:
	 * 3/5, 1/2 and 12/11 read both ways, so the fallback is taken as is */
	observe_all(&f, amb, 3);
	order = -1;
	ok(svy_datefmt_decide(&f, SVY_DATE_MDY, &order, &e) == 0 && order == SVY_DATE_MDY,
	   "ambiguous with a month-first fallback: mdy");
	order = -1;
	ok(svy_datefmt_decide(&f, SVY_DATE_DMY, &order, &e) == 0 && order == SVY_DATE_DMY,
	   "ambiguous with a day-first fallback: dmy");
	/* 31/12 can only be day-first: the data beat a month-first fallback */
	observe_all(&f, eu, 3);
	ok(svy_datefmt_decide(&f, SVY_DATE_MDY, &order, &e) == 0 && order == SVY_DATE_DMY,
	   "a day above 12 decides against the fallback");
	observe_all(&f, mixed, 2);
	ok(svy_datefmt_decide(&f, SVY_DATE_MDY, &order, &e) == SVY_EDATA,
	   "a contradiction stays an error with a fallback");
	observe_all(&f, same, 2);
	ok(svy_datefmt_decide(&f, SVY_DATE_MDY, &order, &e) == 0 && order == SVY_DATE_AUTO,
	   "nothing to decide: the fallback is not needed");
}

static const char *in_zone(struct svy_tz *tz, const char *s, int utc)
{
	static char buf[64];
	struct svy_date dt;

	if (svy_date_parse(&dt, s, strlen(s), 0, NULL) < 0 || svy_tz_localize(tz, &dt, NULL) < 0)
		return "ERR";
	if (utc)
		svy_date_to_utc(&dt, NULL);
	svy_date_format(&dt, buf, sizeof buf);
	return buf;
}

static void zones(void)
{
	struct svy_error e;
	struct svy_tz *tz, *tz2;
	const char *env;

	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	ok(svy_tz_open("Mars/Olympus", &e) == NULL && e.code == SVY_EUSAGE, "unknown zone");
	ok(svy_tz_open("../../etc/passwd", &e) == NULL, "path escape refused");
	ok(svy_tz_open("America", &e) == NULL, "a directory is no zone");
	ok(svy_tz_open("", &e) == NULL, "empty zone");

	tz = svy_tz_open("America/New_York", &e);
	ok(tz != NULL, "open America/New_York");
	if (!tz)
		return;
	ok(svy_tz_open("Europe/Berlin", &e) == NULL, "second open refused");
	/* EST is UTC-5 in winter, EDT UTC-4 in summer */
	is_str(in_zone(tz, "2024-01-15 12:00:00", 0), "2024-01-15T12:00:00-05:00", "NY winter");
	/* before 1883 New York kept local mean time, -4:56:02 (tzdata): the
	 * seconds count in UTC, though the written offset cannot hold them */
	is_str(in_zone(tz, "1850-06-01 12:00:00", 1), "1850-06-01T16:56:02Z", "NY mean time in UTC");
	is_str(in_zone(tz, "1850-06-01 12:00:00", 0), "1850-06-01T12:00:00-04:56", "NY mean time");
	is_str(in_zone(tz, "2024-07-01 12:00:00", 1), "2024-07-01T16:00:00Z", "NY summer to UTC");
	/* 2024-03-10: clocks jump 02:00 -> 03:00, so 02:30 never happened */
	is_str(in_zone(tz, "2024-03-10 02:30:00", 0), "ERR", "NY spring gap");
	is_str(in_zone(tz, "2024-03-10 03:30:00", 0), "2024-03-10T03:30:00-04:00", "NY after gap");
	is_str(in_zone(tz, "2024-03-10 01:59:59", 0), "2024-03-10T01:59:59-05:00", "NY before gap");
	/* 2024-11-03: 01:00-02:00 happens twice; the first (EDT, -4) is taken,
	 * so 01:30 is 05:30Z */
	is_str(in_zone(tz, "2024-11-03 01:30:00", 1), "2024-11-03T05:30:00Z", "NY repeated hour");
	is_str(in_zone(tz, "2024-11-03 02:30:00", 0), "2024-11-03T02:30:00-05:00", "NY after fallback");
	/* 11 PM local on Dec 31 is next year in UTC */
	is_str(in_zone(tz, "12/31/2024 11:30:00 PM", 1), "2025-01-01T04:30:00Z", "NY new year");
	{
		struct svy_date dt;

		svy_date_parse(&dt, "2024-01-15", 10, 0, NULL);
		ok(svy_tz_localize(tz, &dt, NULL) == SVY_EINVALID, "date-only not localized");
		svy_date_parse(&dt, "2024-01-15T10:00:00Z", 20, 0, NULL);
		ok(svy_tz_localize(tz, &dt, NULL) == SVY_EINVALID, "zoned value not localized");
	}
	is_str(svy_tz_name(tz), "America/New_York", "zone name");
	svy_tz_close(tz);
	env = getenv("TZ");
	ok(env && strcmp(env, "Asia/Tokyo") == 0, "TZ restored");

	tz2 = svy_tz_open("Europe/Berlin", &e);
	ok(tz2 != NULL, "open Europe/Berlin after close");
	if (!tz2)
		return;
	/* CET +1, CEST +2; 2024-03-31 02:00 -> 03:00; 2024-10-27 03:00 -> 02:00 */
	is_str(in_zone(tz2, "2024-01-15 12:00:00", 0), "2024-01-15T12:00:00+01:00", "Berlin winter");
	is_str(in_zone(tz2, "2024-07-01 12:00:00", 1), "2024-07-01T10:00:00Z", "Berlin summer");
	is_str(in_zone(tz2, "2024-03-31 02:30:00", 0), "ERR", "Berlin gap");
	is_str(in_zone(tz2, "2024-10-27 02:30:00", 0), "2024-10-27T02:30:00+02:00",
	       "Berlin repeated hour: CEST first");
	svy_tz_close(tz2);
	svy_tz_close(NULL);

	unsetenv("TZ");
	tz = svy_tz_open("UTC", &e);
	ok(tz != NULL, "open UTC");
	is_str(in_zone(tz, "2024-07-01 12:00:00", 0), "2024-07-01T12:00:00Z", "UTC zone");
	svy_tz_close(tz);
	ok(getenv("TZ") == NULL, "unset TZ restored as unset");

	/* allocation failure: clean NULL, zone stays closed */
	svy_mem_fail_after(1);
	ok(svy_tz_open("UTC", &e) == NULL && e.code == SVY_ENOMEM, "ENOMEM on open");
	svy_mem_fail_after(0);
	tz = svy_tz_open("UTC", &e);
	ok(tz != NULL, "open after ENOMEM");
	svy_tz_close(tz);
}

int main(void)
{
	format_vs_snprintf();
	fixed_forms();
	forms();
	calendar();
	malformed();
	utc_and_epoch();
	inference();
	zones();
	return done();
}
