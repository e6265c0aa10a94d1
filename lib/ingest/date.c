/* date.c - timestamp parsing and formatting, day/month inference, zones.
 *
 * A value is first scanned into its parts without deciding the day/month
 * order (struct raw), so that parsing and column inference share one
 * grammar.  Calendar arithmetic is done here on integers (days from
 * 1970-01-01) rather than with mktime/timegm, which depend on TZ. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* setenv, unsetenv, tzset, localtime_r */
#endif
#include "date.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"
#include "num.h"
#include "words.h"

enum { K_YMD, K_AB };

struct raw {
	int kind;               /* K_YMD: a is the month, b the day */
	int a, b, y;
	int has_time, H, M, S;
	int has_zone, off;
};

struct cur {
	const char *p, *end;
};

static int peek(const struct cur *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_space(int ch)
{
	return ch == ' ' || ch == '\t';
}

/* Read minw..maxw digits; the digit count goes to *width.  A longer run of
 * digits is an error rather than being split, so "20240" is no year. */
static int num(struct cur *c, int minw, int maxw, int *v, int *width)
{
	int n = 0, w = 0;

	while (is_digit(peek(c))) {
		if (w == maxw)
			return -1;
		n = n * 10 + (*c->p - '0');
		c->p++;
		w++;
	}
	if (w < minw)
		return -1;
	*v = n;
	if (width)
		*width = w;
	return 0;
}

static int skip_spaces(struct cur *c)
{
	const char *p = c->p;

	while (is_space(peek(c)))
		c->p++;
	return c->p != p;
}

/* Case-insensitive ASCII keyword. */
static int word(struct cur *c, const char *w)
{
	size_t n = strlen(w), i;

	if ((size_t)(c->end - c->p) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (svy_lower((unsigned char)c->p[i]) != w[i])
			return 0;
	c->p += n;
	return 1;
}

/* [+-]H[H][[:]MM] into minutes east of UTC. */
static int offset(struct cur *c, int *off)
{
	int sign, h, m = 0, w;

	if (peek(c) != '+' && peek(c) != '-')
		return -1;
	sign = *c->p++ == '-' ? -1 : 1;
	if (num(c, 1, 4, &h, &w) < 0 || w == 3)
		return -1;
	if (w == 4) {                   /* +HHMM */
		m = h % 100;
		h /= 100;
	} else if (peek(c) == ':') {
		c->p++;
		if (num(c, 2, 2, &m, NULL) < 0)
			return -1;
	}
	if (h > 14 || m > 59 || h * 60 + m > 14 * 60)
		return -1;
	*off = sign * (h * 60 + m);
	return 0;
}

/* Optional zone after the time: Z, an offset, or UTC/GMT[offset]. */
static int zone(struct cur *c, struct raw *r)
{
	const char *start = c->p;
	int sp = skip_spaces(c);

	if (peek(c) < 0) {
		c->p = start;
		return 0;
	}
	if (peek(c) == 'Z' || peek(c) == 'z') {
		c->p++;
		r->has_zone = 1;
		r->off = 0;
		return 0;
	}
	if (peek(c) == '+' || peek(c) == '-') {
		r->has_zone = 1;
		return offset(c, &r->off);
	}
	if (sp && (word(c, "utc") || word(c, "gmt"))) {
		r->has_zone = 1;
		r->off = 0;
		if (peek(c) == '+' || peek(c) == '-')
			return offset(c, &r->off);
		return 0;
	}
	return -1;
}

static int time_of_day(struct cur *c, struct raw *r, const char **why)
{
	int frac;
	const char *save;

	if (num(c, 1, 2, &r->H, NULL) < 0 || peek(c) != ':')
		return *why = "the time is not H:MM[:SS]", -1;
	c->p++;
	if (num(c, 2, 2, &r->M, NULL) < 0)
		return *why = "the time is not H:MM[:SS]", -1;
	if (peek(c) == ':') {
		c->p++;
		if (num(c, 2, 2, &r->S, NULL) < 0)
			return *why = "the time is not H:MM[:SS]", -1;
		if (peek(c) == '.') {
			c->p++;
			for (frac = 0; is_digit(peek(c)); frac++)
				c->p++;
			if (!frac)
				return *why = "no digits after the decimal point", -1;
		}
	}
	r->has_time = 1;

	save = c->p;
	skip_spaces(c);
	if (word(c, "am") || word(c, "pm")) {
		int pm = svy_lower((unsigned char)c->p[-2]) == 'p';

		if (r->H < 1 || r->H > 12)
			return *why = "an AM/PM hour must be 1-12", -1;
		r->H = r->H % 12 + (pm ? 12 : 0);
	} else {
		c->p = save;
	}
	if (r->H > 23 || r->M > 59 || r->S > 59)
		return *why = "the time of day is out of range", -1;
	return 0;
}

/* YYYY-MM-DD and YYYY-MM-DD( |T)HH:MM:SS, the forms of most exports, read
 * by position.  1 when p[0..n) is one of them and the general grammar
 * below would accept it with the same parts; else 0, and the general
 * grammar decides (and words any error). */
static int scan_fixed(struct raw *r, const char *p, size_t n)
{
	if ((n != 10 && n != 19) || p[4] != '-' || p[7] != '-' || svy_num_digits(p, 4, &r->y) < 0
	    || svy_num_digits(p + 5, 2, &r->a) < 0 || svy_num_digits(p + 8, 2, &r->b) < 0 || r->y < 1)
		return 0;
	if (n == 10)
		return 1;
	if ((p[10] != ' ' && p[10] != 'T' && p[10] != 't') || p[13] != ':' || p[16] != ':'
	    || svy_num_digits(p + 11, 2, &r->H) < 0 || svy_num_digits(p + 14, 2, &r->M) < 0
	    || svy_num_digits(p + 17, 2, &r->S) < 0 || r->H > 23 || r->M > 59 || r->S > 59)
		return 0;
	r->has_time = 1;
	return 1;
}

static int scan(struct raw *r, const char *s, size_t len, const char **why)
{
	struct cur c = { s, s + len };
	int n1, w1, sep;

	memset(r, 0, sizeof *r);
	while (c.p < c.end && is_space((unsigned char)*c.p))
		c.p++;
	while (c.end > c.p && is_space((unsigned char)c.end[-1]))
		c.end--;
	if (c.p == c.end)
		return SVY_EMISSING;
	r->kind = K_YMD;
	if (scan_fixed(r, c.p, (size_t)(c.end - c.p)))
		return 0;
	memset(r, 0, sizeof *r);

	*why = "not a date in a known form";
	if (num(&c, 1, 4, &n1, &w1) < 0 || (w1 == 3))
		return SVY_EINVALID;
	sep = peek(&c);
	if (sep != '-' && sep != '/')
		return SVY_EINVALID;
	c.p++;
	if (w1 == 4) {
		r->kind = K_YMD;
		r->y = n1;
		if (num(&c, 1, 2, &r->a, NULL) < 0 || peek(&c) != sep)
			return SVY_EINVALID;
		c.p++;
		if (num(&c, 1, 2, &r->b, NULL) < 0)
			return SVY_EINVALID;
	} else {
		int wy;

		if (sep != '/')
			return SVY_EINVALID;
		r->kind = K_AB;
		r->a = n1;
		if (num(&c, 1, 2, &r->b, NULL) < 0 || peek(&c) != '/')
			return SVY_EINVALID;
		c.p++;
		if (num(&c, 2, 4, &r->y, &wy) < 0 || wy == 3)
			return SVY_EINVALID;
		if (wy == 2)
			r->y += r->y < 69 ? 2000 : 1900;
	}
	if (r->y < 1)
		return *why = "year 0 does not exist", SVY_EINVALID;
	if (c.p == c.end)
		return 0;

	if (r->kind == K_YMD && sep == '-' && (peek(&c) == 'T' || peek(&c) == 't'))
		c.p++;
	else if (!skip_spaces(&c))
		return SVY_EINVALID;
	if (time_of_day(&c, r, why) < 0)
		return SVY_EINVALID;
	if (zone(&c, r) < 0) {
		*why = "the time zone is not Z, +HH:MM or GMT+H";
		return SVY_EINVALID;
	}
	if (c.p != c.end) {
		*why = "unexpected text after the date";
		return SVY_EINVALID;
	}
	return 0;
}

/* scan() takes 1-2 digits and a '/' after leading blanks for K_AB; order
 * is read nowhere else. */
int svy_date_needs_order(const char *s, size_t len)
{
	size_t i = 0, nd = 0;

	while (i < len && is_space((unsigned char)s[i]))
		i++;
	for (; i < len && is_digit((unsigned char)s[i]); i++)
		nd++;
	return nd >= 1 && nd <= 2 && i < len && s[i] == '/';
}

int svy_date_valid(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static void report(struct svy_error *e, const char *s, size_t len, const char *why)
{
	char q[64];

	svy_error_set(e, SVY_EINVALID, "'%s' is not a valid date: %s",
	              svy_error_quote(s, len, q, sizeof q), why);
}

int svy_date_parse(struct svy_date *dt, const char *s, size_t len, int order,
                   struct svy_error *e)
{
	struct raw r;
	const char *why = "";
	int rc = scan(&r, s, len, &why), m, d;

	if (rc == SVY_EMISSING)
		return rc;
	if (rc < 0) {
		report(e, s, len, why);
		return rc;
	}
	if (r.kind == K_YMD) {
		m = r.a;
		d = r.b;
	} else if (order == SVY_DATE_MDY) {
		m = r.a;
		d = r.b;
	} else if (order == SVY_DATE_DMY) {
		m = r.b;
		d = r.a;
	} else {
		int mdy = svy_date_valid(r.y, r.a, r.b);
		int dmy = svy_date_valid(r.y, r.b, r.a);

		if (mdy && dmy && r.a != r.b) {
			report(e, s, len, "day and month could be either way round");
			return SVY_EINVALID;
		}
		m = mdy ? r.a : r.b;
		d = mdy ? r.b : r.a;
	}
	if (!svy_date_valid(r.y, m, d)) {
		report(e, s, len, "no such day in the calendar");
		return SVY_EINVALID;
	}
	if (r.has_zone && !r.has_time) {
		report(e, s, len, "a time zone without a time of day");
		return SVY_EINVALID;
	}
	dt->y = r.y;
	dt->m = m;
	dt->d = d;
	dt->H = r.H;
	dt->M = r.M;
	dt->S = r.S;
	dt->has_time = r.has_time;
	dt->has_zone = r.has_zone;
	dt->offset_minutes = r.off;
	dt->offset_seconds = 0;
	return 0;
}

/* snprintf's rendering, for values whose fields do not fit the fixed
 * widths (a year past 9999 after a shift to UTC, say). */
static int format_wide(const struct svy_date *dt, char *buf, size_t size)
{
	int n, off = dt->offset_minutes, a = off < 0 ? -off : off;

	if (!dt->has_time)
		return snprintf(buf, size, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
	n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d",
	             dt->y, dt->m, dt->d, dt->H, dt->M, dt->S);
	if (!dt->has_zone || n < 0)
		return n;
	if (off == 0)
		return n + snprintf((size_t)n < size ? buf + n : NULL,
		                    (size_t)n < size ? size - (size_t)n : 0, "Z");
	return n + snprintf((size_t)n < size ? buf + n : NULL,
	                    (size_t)n < size ? size - (size_t)n : 0, "%c%02d:%02d",
	                    off < 0 ? '-' : '+', a / 60, a % 60);
}

static int two(int v)
{
	return v >= 0 && v <= 99;
}

/* Every row's date goes through here: digits by hand, not snprintf. */
int svy_date_format(const struct svy_date *dt, char *buf, size_t size)
{
	char tmp[SVY_DATE_ISO_MAX], *p = tmp;
	int off = dt->offset_minutes, a = off < 0 ? -off : off;
	size_t n;

	if (dt->y < 0 || dt->y > 9999 || !two(dt->m) || !two(dt->d)
	    || (dt->has_time && (!two(dt->H) || !two(dt->M) || !two(dt->S)
	                         || (dt->has_zone && (a < 0 || a / 60 > 99)))))
		return format_wide(dt, buf, size);
	p = svy_num_put_digits(p, dt->y, 4);
	*p++ = '-';
	p = svy_num_put_digits(p, dt->m, 2);
	*p++ = '-';
	p = svy_num_put_digits(p, dt->d, 2);
	if (dt->has_time) {
		*p++ = 'T';
		p = svy_num_put_digits(p, dt->H, 2);
		*p++ = ':';
		p = svy_num_put_digits(p, dt->M, 2);
		*p++ = ':';
		p = svy_num_put_digits(p, dt->S, 2);
		if (dt->has_zone && off == 0) {
			*p++ = 'Z';
		} else if (dt->has_zone) {
			*p++ = off < 0 ? '-' : '+';
			p = svy_num_put_digits(p, a / 60, 2);
			*p++ = ':';
			p = svy_num_put_digits(p, a % 60, 2);
		}
	}
	n = (size_t)(p - tmp);
	if (size) {
		size_t k = n < size ? n : size - 1;

		memcpy(buf, tmp, k);
		buf[k] = '\0';
	}
	return (int)n;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
static long long days_from_civil(long long y, int m, int d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long long wall_seconds(const struct svy_date *dt)
{
	return days_from_civil(dt->y, dt->m, dt->d) * 86400
	       + dt->H * 3600 + dt->M * 60 + dt->S;
}

long long svy_date_epoch(const struct svy_date *dt)
{
	return wall_seconds(dt) - (dt->has_zone ? dt->offset_minutes * 60LL + dt->offset_seconds : 0);
}

static void set_from_seconds(struct svy_date *dt, long long t)
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long rem = t - days * 86400;

	civil_from_days(days, &dt->y, &dt->m, &dt->d);
	dt->H = (int)(rem / 3600);
	dt->M = (int)(rem / 60 % 60);
	dt->S = (int)(rem % 60);
}

int svy_date_to_utc(struct svy_date *dt, struct svy_error *e)
{
	struct svy_date u;

	if (!dt->has_zone || !dt->has_time)
		return svy_error_set(e, SVY_EINVALID,
		                     "a date without a time and zone cannot be shifted to UTC");
	u = *dt;
	set_from_seconds(&u, svy_date_epoch(dt));
	/* 9999-12-31T23:59:59-01:00 would become year 10000, and 0001-01-01
	 * with a positive offset year 0: neither is a date the tools (or
	 * survey-ingest itself) read back */
	if (u.y < 1 || u.y > 9999)
		return svy_error_set(e, SVY_EINVALID, "it falls %s the year %s",
		                     u.y < 1 ? "before" : "after", u.y < 1 ? "1" : "9999");
	u.offset_minutes = u.offset_seconds = 0;
	*dt = u;
	return 0;
}

int svy_date_order_parse(const char *name, struct svy_error *e)
{
	static const char *const names[] = { "auto", "mdy", "dmy" };
	size_t i, k;

	for (i = 0; i < 3; i++) {
		for (k = 0; name[k] && svy_lower((unsigned char)name[k]) == names[i][k]; k++)
			;
		if (name[k] == '\0' && names[i][k] == '\0')
			return (int)i;
	}
	return svy_error_set(e, SVY_EUSAGE,
	                     "'%s' is not a date order: use mdy, dmy or auto", name);
}

void svy_datefmt_init(struct svy_datefmt *f)
{
	memset(f, 0, sizeof *f);
}

void svy_datefmt_observe(struct svy_datefmt *f, const char *s, size_t len)
{
	struct raw r;
	const char *why;
	int mdy, dmy;

	f->n++;
	if (scan(&r, s, len, &why) != 0 || r.kind != K_AB)
		return;
	f->ab++;
	mdy = svy_date_valid(r.y, r.a, r.b);
	dmy = svy_date_valid(r.y, r.b, r.a);
	if (mdy && dmy) {
		if (r.a != r.b)         /* 5/5/2024 reads the same either way */
			f->both++;
	} else if (mdy) {
		if (f->mdy++ == 0)
			svy_error_quote(s, len, f->mdy_example, sizeof f->mdy_example);
	} else if (dmy) {
		if (f->dmy++ == 0)
			svy_error_quote(s, len, f->dmy_example, sizeof f->dmy_example);
	} else {
		f->neither++;
	}
}

int svy_datefmt_decide(const struct svy_datefmt *f, int fallback, int *order,
                       struct svy_error *e)
{
	if (f->mdy && f->dmy)
		return svy_error_set(e, SVY_EDATA,
		                     "day/month order is contradictory: '%s' is month-first "
		                     "but '%s' is day-first", f->mdy_example, f->dmy_example);
	if (f->mdy || f->dmy) {
		*order = f->mdy ? SVY_DATE_MDY : SVY_DATE_DMY;
		return 0;
	}
	if (f->both && (fallback == SVY_DATE_MDY || fallback == SVY_DATE_DMY)) {
		*order = fallback;
		return 0;
	}
	if (f->both)
		return svy_error_set(e, SVY_EDATA,
		                     "day/month order is ambiguous: %lu date%s read%s either "
		                     "way round and none has a day above 12; use --date-format "
		                     "mdy or dmy", f->both, f->both == 1 ? "" : "s",
		                     f->both == 1 ? "s" : "");
	*order = SVY_DATE_AUTO;
	return 0;
}

/* ---- zones ---- */

/* The offset at the start of one UTC hour, for offset_at's memo. */
struct tz_hour {
	long long hour;         /* t / 3600; LLONG_MIN: empty */
	int off;                /* seconds */
	int ok;
};

#define TZ_HOURS 1024       /* a power of two; rows a day apart must not evict each other */

struct svy_tz {
	char *name;
	char *saved;            /* TZ before open, or NULL when it was unset */
	struct tz_hour *memo;   /* TZ_HOURS entries after the struct itself */
};

static int tz_is_open;

/* Only names that stay inside the zone directory. */
static int tz_name_ok(const char *z)
{
	const char *p;

	if (!*z || *z == '/' || strstr(z, "..") || strlen(z) > 200)
		return 0;
	for (p = z; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (!(ch >= 'A' && ch <= 'Z') && !(ch >= 'a' && ch <= 'z') && !is_digit(ch)
		    && ch != '/' && ch != '_' && ch != '-' && ch != '+')
			return 0;
	}
	return 1;
}

static int tz_file_ok(const char *z)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	FILE *fp;
	int ok;

	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, z) >= sizeof path)
		return 0;
	fp = fopen(path, "rb");
	if (!fp)
		return 0;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

int svy_tz_check(const char *zone, struct svy_error *e)
{
	if (!tz_name_ok(zone) || !tz_file_ok(zone))
		return svy_error_set(e, SVY_EUSAGE,
		                     "'%s' is not a time zone of the system database "
		                     "(e.g. America/New_York, Europe/Berlin, UTC)", zone);
	return 0;
}

struct svy_tz *svy_tz_open(const char *zone, struct svy_error *e)
{
	struct svy_tz *tz;
	const char *old;

	if (tz_is_open) {
		svy_error_set(e, SVY_EUSAGE, "a time zone is already open");
		return NULL;
	}
	if (svy_tz_check(zone, e) < 0)
		return NULL;
	tz = svy_calloc(1, sizeof *tz + TZ_HOURS * sizeof *tz->memo);
	old = getenv("TZ");
	if (tz) {
		size_t i;

		tz->memo = (struct tz_hour *)(void *)(tz + 1);
		for (i = 0; i < TZ_HOURS; i++)
			tz->memo[i].hour = LLONG_MIN;
	}
	if (!tz || !(tz->name = svy_strdup(zone)) || (old && !(tz->saved = svy_strdup(old)))) {
		if (tz)
			svy_free(tz->name);
		svy_free(tz);
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	if (setenv("TZ", zone, 1) != 0) {
		svy_free(tz->saved);
		svy_free(tz->name);
		svy_free(tz);
		svy_error_set(e, SVY_ENOMEM, "cannot set TZ");
		return NULL;
	}
	tzset();
	tz_is_open = 1;
	return tz;
}

/* Offset in seconds of the open zone at instant t, or -1 with *ok = 0. */
static long long offset_at(long long t, int *ok)
{
	time_t tt = (time_t)t;
	struct tm tm;
	long long local;

	if ((long long)tt != t || !localtime_r(&tt, &tm)) {
		*ok = 0;
		return 0;
	}
	local = days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday) * 86400
	        + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	*ok = 1;
	return local - t;
}

/* The offset at the start of UTC hour h, through the memo. */
static const struct tz_hour *hour_start(const struct svy_tz *tz, long long h)
{
	struct tz_hour *m = &tz->memo[(unsigned long long)h & (TZ_HOURS - 1)];

	if (m->hour != h) {
		m->hour = h;
		m->off = (int)offset_at(h * 3600, &m->ok);
	}
	return m;
}

/* offset_at(t), without asking the C library each time: when the offset is
 * the same at both ends of t's UTC hour, it is the offset all through it.
 * That holds as long as a zone never changes its offset twice within an
 * hour; the closest changes of the tz database (2025) are days apart
 * (Africa/Freetown, 1939: four days).  Otherwise the library decides. */
static long long offset_fast(const struct svy_tz *tz, long long t, int *ok)
{
	long long h;
	const struct tz_hour *a, *b;

	if (t < -(LLONG_MAX / 2) || t > LLONG_MAX / 2)
		return offset_at(t, ok);
	h = t >= 0 ? t / 3600 : -((-t + 3599) / 3600);
	a = hour_start(tz, h);
	b = hour_start(tz, h + 1);
	if (a->ok && b->ok && a->off == b->off) {
		*ok = 1;
		return a->off;
	}
	return offset_at(t, ok);
}

int svy_tz_localize(const struct svy_tz *tz, struct svy_date *dt, struct svy_error *e)
{
	long long wall, cand[2], best = 0;
	int i, ok, found = 0;

	if (!dt->has_time || dt->has_zone)
		return svy_error_set(e, SVY_EINVALID,
		                     "only a time of day without a zone can be localized");
	wall = wall_seconds(dt);
	/* The offsets in force a day either side cover any single change. */
	cand[0] = offset_fast(tz, wall - 86400, &ok);
	if (!ok)
		goto bad;
	cand[1] = offset_fast(tz, wall + 86400, &ok);
	if (!ok)
		goto bad;
	for (i = 0; i < 2; i++) {
		long long o = offset_fast(tz, wall - cand[i], &ok);

		if (!ok)
			goto bad;
		/* a larger offset is the earlier instant: the first occurrence */
		if (o == cand[i] && (!found || o > best)) {
			best = o;
			found = 1;
		}
	}
	if (!found)
		return svy_error_set(e, SVY_EINVALID,
		                     "%04d-%02d-%02d %02d:%02d:%02d does not exist in %s "
		                     "(skipped by a daylight saving change)",
		                     dt->y, dt->m, dt->d, dt->H, dt->M, dt->S, tz->name);
	dt->has_zone = 1;
	/* whole minutes and the rest: before standard time, zones kept local
	 * mean time to the second, and dropping those seconds would move the
	 * UTC time */
	dt->offset_minutes = (int)(best / 60);
	dt->offset_seconds = (int)(best % 60);
	return 0;
bad:
	return svy_error_set(e, SVY_EINVALID, "date out of the range of the time zone database");
}

const char *svy_tz_name(const struct svy_tz *tz)
{
	return tz->name;
}

void svy_tz_close(struct svy_tz *tz)
{
	if (!tz)
		return;
	if (tz->saved)
		setenv("TZ", tz->saved, 1);
	else
		unsetenv("TZ");
	tzset();
	tz_is_open = 0;
	svy_free(tz->saved);
	svy_free(tz->name);
	svy_free(tz);
}
