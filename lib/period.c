/* period.c - period kinds, keys and ordinals (see period.h). */
#include "period.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "num.h"

static const char *const names[] = { "day", "week", "month", "quarter", "year" };

int svy_period_parse(const char *name, enum svy_period *out, struct svy_error *e)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum svy_period)i;
			return 0;
		}
	return svy_error_set(e, SVY_EUSAGE, "--period: '%s' is not one of day, week, "
	                     "month, quarter, year", name);
}

const char *svy_period_name(enum svy_period p)
{
	return (unsigned)p < sizeof names / sizeof names[0] ? names[p] : "?";
}

/* Floor division and remainder for a positive divisor. */
static long fdiv(long a, long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static long fmod_(long a, long b)
{
	return a - fdiv(a, b) * b;
}

long svy_period_days(int y, int m, int d)
{
	struct svy_date dt;

	memset(&dt, 0, sizeof dt);
	dt.y = y;
	dt.m = m;
	dt.d = d;
	/* a date-only value without a zone: midnight wall time, a whole day */
	return (long)(svy_date_epoch(&dt) / 86400);
}

/* Howard Hinnant's civil_from_days (days since 1970-01-01 to y-m-d). */
static void civil(long z, int *y, int *m, int *d)
{
	long era, yoe, doe, doy, mp;

	z += 719468;
	era = fdiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Monday = 0 ... Sunday = 6; 1970-01-01 was a Thursday. */
static long weekday(long days)
{
	return fmod_(days + 3, 7);
}

/* The Monday of ISO week 1 of week-numbering year g: the week of 4 January. */
static long week1_monday(int g)
{
	long jan4 = svy_period_days(g, 1, 4);
	return jan4 - weekday(jan4);
}

long svy_period_of_days(enum svy_period p, long days)
{
	int y, m, d;

	switch (p) {
	case SVY_PERIOD_DAY:
		return days;
	case SVY_PERIOD_WEEK:
		/* Mondays are the days 7k - 3: the week ordinal is k */
		return (days - weekday(days) + 3) / 7;
	default:
		break;
	}
	civil(days, &y, &m, &d);
	switch (p) {
	case SVY_PERIOD_MONTH: return (long)y * 12 + (m - 1);
	case SVY_PERIOD_QUARTER: return (long)y * 4 + (m - 1) / 3;
	default: return y;
	}
}

long svy_period_first_day(enum svy_period p, long ord)
{
	switch (p) {
	case SVY_PERIOD_DAY: return ord;
	case SVY_PERIOD_WEEK: return ord * 7 - 3;
	case SVY_PERIOD_MONTH: return svy_period_days((int)fdiv(ord, 12), (int)fmod_(ord, 12) + 1, 1);
	case SVY_PERIOD_QUARTER: return svy_period_days((int)fdiv(ord, 4), (int)fmod_(ord, 4) * 3 + 1, 1);
	case SVY_PERIOD_YEAR: return svy_period_days((int)ord, 1, 1);
	}
	return ord;
}

/* The label from its parts: YYYY, then an optional separator and a part
 * of `width` digits, then another optional one. */
static int label(char *buf, size_t size, long y, const char *sep1, long a, int wa,
                 const char *sep2, long b, int wb)
{
	char tmp[16], *p = svy_num_put_digits(tmp, y, 4);

	if (sep1) {
		while (*sep1)
			*p++ = *sep1++;
		p = svy_num_put_digits(p, a, wa);
	}
	if (sep2) {
		while (*sep2)
			*p++ = *sep2++;
		p = svy_num_put_digits(p, b, wb);
	}
	if ((size_t)(p - tmp) >= size)
		return SVY_EINVALID;
	memcpy(buf, tmp, (size_t)(p - tmp));
	buf[p - tmp] = '\0';
	return (int)(p - tmp);
}

int svy_period_format(enum svy_period p, long ord, char *buf, size_t size)
{
	int y, m, d, n;
	long thu;

	switch (p) {
	case SVY_PERIOD_DAY:
		civil(ord, &y, &m, &d);
		if (y < 1 || y > 9999)
			return SVY_EINVALID;
		n = label(buf, size, y, "-", m, 2, "-", d, 2);
		break;
	case SVY_PERIOD_WEEK:
		thu = ord * 7;   /* the Thursday of the week names its year */
		civil(thu, &y, &m, &d);
		if (y < 1 || y > 9999)
			return SVY_EINVALID;
		n = label(buf, size, y, "-W", (ord * 7 - 3 - week1_monday(y)) / 7 + 1, 2, NULL, 0, 0);
		break;
	case SVY_PERIOD_MONTH:
		if (ord < 12 || ord >= 10000L * 12)
			return SVY_EINVALID;
		n = label(buf, size, ord / 12, "-", ord % 12 + 1, 2, NULL, 0, 0);
		break;
	case SVY_PERIOD_QUARTER:
		if (ord < 4 || ord >= 10000L * 4)
			return SVY_EINVALID;
		n = label(buf, size, ord / 4, "-Q", ord % 4 + 1, 1, NULL, 0, 0);
		break;
	case SVY_PERIOD_YEAR:
		if (ord < 1 || ord > 9999)
			return SVY_EINVALID;
		n = label(buf, size, ord, NULL, 0, 0, NULL, 0, 0);
		break;
	default:
		return SVY_EINVALID;
	}
	return n;
}

static int is_iso_date(const char *s, size_t len)
{
	int v;

	return len >= 10 && svy_num_digits(s, 4, &v) == 0 && s[4] == '-' &&
	       svy_num_digits(s + 5, 2, &v) == 0 && s[7] == '-' && svy_num_digits(s + 8, 2, &v) == 0 &&
	       (len == 10 || s[10] == 'T' || s[10] == ' ');
}

int svy_period_date(const char *s, size_t len, long *days, struct svy_error *e)
{
	struct svy_date dt;
	char q[200];
	int rc;

	svy_num_trim(&s, &len);
	if (svy_num_missing(s, len))
		return SVY_EMISSING;
	if (!is_iso_date(s, len))
		return svy_error_set(e, SVY_EINVALID, "'%s' is not an ISO 8601 date "
		                     "(YYYY-MM-DD, as survey-ingest writes it)",
		                     svy_error_quote(s, len, q, sizeof q));
	/* the parser's message names the value and says what is wrong */
	rc = svy_date_parse(&dt, s, len, SVY_DATE_AUTO, e);
	if (rc < 0)
		return rc == SVY_EMISSING ? rc : SVY_EINVALID;
	*days = svy_period_days(dt.y, dt.m, dt.d);
	return 0;
}

/* 1 when t[0..8) is hh:mm:ss with hours 0-23 and minutes and seconds 0-59:
 * the time of nearly every timestamp, tested as one word.  Each digit
 * XOR '0' is below 10 and each colon XOR ':' is 0; a byte is below 10 when
 * adding 0x76 leaves its top bit clear (a byte of 0x80 or more is caught by
 * the OR; its carry can only set bits of the next byte, never clear one). */
static int hms_fast(const char *t)
{
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t x, v;
	unsigned h1, h2;

	/* t[0] the low byte, on any host (one load where that is the order) */
	x = (uint64_t)(unsigned char)t[0] | (uint64_t)(unsigned char)t[1] << 8 |
	    (uint64_t)(unsigned char)t[2] << 16 | (uint64_t)(unsigned char)t[3] << 24 |
	    (uint64_t)(unsigned char)t[4] << 32 | (uint64_t)(unsigned char)t[5] << 40 |
	    (uint64_t)(unsigned char)t[6] << 48 | (uint64_t)(unsigned char)t[7] << 56;
	v = x ^ 0x30303a30303a3030ULL;
	if ((((v + 0x7676767676767676ULL) | v) & highs) || (v & 0x0000ff0000ff0000ULL))
		return 0;
	h1 = (unsigned)(v & 0xff);
	h2 = (unsigned)(v >> 8 & 0xff);
	return (h1 < 2 || (h1 == 2 && h2 <= 3)) && (v >> 24 & 0xff) <= 5 && (v >> 48 & 0xff) <= 5;
}

/* 1 when t[0..n), what follows YYYY-MM-DD, is empty or a time and zone of
 * the narrow form of svy_period_date_fast.  Every bound is the one
 * svy_date_parse applies (hours 0-23, no leap second, at least one digit
 * after a decimal point, offsets up to 14:00), so whatever passes here
 * passes there; the other forms it accepts (H:MM, +HHMM, " UTC", AM/PM,
 * several spaces) return 0 and take the general path. */
static int time_fast(const char *t, size_t n)
{
	size_t i = 6;
	int h, m, sec;

	if (n == 0)
		return 1;
	if (n == 9 && (t[0] == 'T' || t[0] == ' '))
		return hms_fast(t + 1);
	if (n < 6 || (t[0] != 'T' && t[0] != ' ') || t[3] != ':' ||
	    svy_num_digits(t + 1, 2, &h) < 0 || h > 23 ||
	    svy_num_digits(t + 4, 2, &m) < 0 || m > 59)
		return 0;
	if (i < n && t[i] == ':') {
		if (n - i < 3 || svy_num_digits(t + i + 1, 2, &sec) < 0 || sec > 59)
			return 0;
		i += 3;
		if (i < n && t[i] == '.') {
			if (++i == n || t[i] < '0' || t[i] > '9')
				return 0;
			while (i < n && t[i] >= '0' && t[i] <= '9')
				i++;
		}
	}
	if (i == n)
		return 1;
	if (n - i == 1)
		return t[i] == 'Z' || t[i] == 'z';
	if (n - i != 6 || (t[i] != '+' && t[i] != '-') || t[i + 3] != ':' ||
	    svy_num_digits(t + i + 1, 2, &h) < 0 || svy_num_digits(t + i + 4, 2, &m) < 0)
		return 0;
	return h <= 14 && m <= 59 && h * 60 + m <= 14 * 60;
}

int svy_period_date_fast(struct svy_period_memo *mm, const char *s, size_t len, long *days)
{
	int y, m, d;

	svy_num_trim(&s, &len);
	if (len < 10 || !time_fast(s + 10, len - 10))
		return 0;
	/* the day is a function of these ten bytes alone */
	if (mm && mm->full && memcmp(s, mm->ymd, 10) == 0) {
		*days = mm->days;
		return 1;
	}
	if (s[4] != '-' || s[7] != '-' || svy_num_digits(s, 4, &y) < 0 ||
	    svy_num_digits(s + 5, 2, &m) < 0 || svy_num_digits(s + 8, 2, &d) < 0)
		return 0;
	/* year 0 and 2023-02-29 are errors: the general path words them */
	if (y < 1 || !svy_date_valid(y, m, d))
		return 0;
	*days = svy_period_days(y, m, d);
	if (mm) {
		mm->full = 1;
		memcpy(mm->ymd, s, 10);
		mm->days = *days;
	}
	return 1;
}

int svy_period_key_parse(enum svy_period p, const char *s, size_t len, long *ord,
                         struct svy_error *e)
{
	char q[200];
	int y = 0, m = 0, d = 0, w, ok = 0;

	switch (p) {
	case SVY_PERIOD_DAY:
		ok = len == 10 && svy_num_digits(s, 4, &y) == 0 && s[4] == '-' &&
		     svy_num_digits(s + 5, 2, &m) == 0 && s[7] == '-' && svy_num_digits(s + 8, 2, &d) == 0 &&
		     y >= 1 && svy_date_valid(y, m, d);
		if (ok)
			*ord = svy_period_days(y, m, d);
		break;
	case SVY_PERIOD_WEEK:
		ok = len == 8 && svy_num_digits(s, 4, &y) == 0 && s[4] == '-' && s[5] == 'W' &&
		     svy_num_digits(s + 6, 2, &w) == 0 && y >= 1 && w >= 1 &&
		     (w <= 52 || (y < 9999 && w == 53 &&
		                  week1_monday(y + 1) - week1_monday(y) == 53 * 7));
		if (ok)
			*ord = (week1_monday(y) + (w - 1) * 7L + 3) / 7;
		break;
	case SVY_PERIOD_MONTH:
		ok = len == 7 && svy_num_digits(s, 4, &y) == 0 && s[4] == '-' &&
		     svy_num_digits(s + 5, 2, &m) == 0 && y >= 1 && m >= 1 && m <= 12;
		if (ok)
			*ord = (long)y * 12 + (m - 1);
		break;
	case SVY_PERIOD_QUARTER:
		ok = len == 7 && svy_num_digits(s, 4, &y) == 0 && s[4] == '-' && s[5] == 'Q' &&
		     s[6] >= '1' && s[6] <= '4' && y >= 1;
		if (ok)
			*ord = (long)y * 4 + (s[6] - '1');
		break;
	case SVY_PERIOD_YEAR:
		ok = len == 4 && svy_num_digits(s, 4, &y) == 0 && y >= 1;
		if (ok)
			*ord = y;
		break;
	}
	if (!ok)
		return svy_error_set(e, SVY_EINVALID, "'%s' is not a %s key",
		                     svy_error_quote(s, len, q, sizeof q), svy_period_name(p));
	return 0;
}
