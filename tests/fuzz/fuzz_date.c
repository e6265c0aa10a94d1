/* fuzz_date.c - the ingest date parser, day/month inference and trend's
 * period keys.
 *
 * Byte 0 picks the day/month order (% 3), trend's --from/--to (/ 3 % 4:
 * none, from, to, both) and period kind (/ 12 % 5); the rest is one cell.  Checks: an
 * accepted value is a real calendar day with an in-range time; its ISO
 * form fits SVY_DATE_ISO_MAX and parses back to the same value (also
 * after the shift to UTC, within years 1-9999) with the same epoch; a
 * value without a zone cannot be shifted; the inference counters add up;
 * trend's period of the cell formats to a key that parses back to the
 * same period, whose first day is not after the date.  Differential, on
 * the cell and then on each of its lines in turn (so that the memos meet
 * dates they have seen): svy_period_date_fast takes only what
 * svy_period_date accepts, with the same day, memo or not; trend's period
 * key hook gives the code, key, message and outside count of its former
 * definition (the general parser, the range, svy_period_format). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "period.h"
#include "trend.h"

static void same(const struct svy_date *a, const struct svy_date *b, const char *what)
{
	if (a->y != b->y || a->m != b->m || a->d != b->d || a->H != b->H || a->M != b->M ||
	    a->S != b->S || a->has_time != b->has_time || a->has_zone != b->has_zone ||
	    (a->has_zone && a->offset_minutes != b->offset_minutes)) {
		fprintf(stderr, "%s: %04d-%02d-%02d %02d:%02d:%02d z%d %+d vs "
		        "%04d-%02d-%02d %02d:%02d:%02d z%d %+d\n", what,
		        a->y, a->m, a->d, a->H, a->M, a->S, a->has_zone, a->offset_minutes,
		        b->y, b->m, b->d, b->H, b->M, b->S, b->has_zone, b->offset_minutes);
		abort();
	}
}

static void check_periods(const char *s, size_t len)
{
	struct svy_error e;
	long days, ord, ord2;
	char key[SVY_PERIOD_KEY_MAX + 8];
	int p, n;

	if (svy_period_date(s, len, &days, &e) != 0)
		return;
	for (p = SVY_PERIOD_DAY; p <= SVY_PERIOD_YEAR; p++) {
		ord = svy_period_of_days((enum svy_period)p, days);
		n = svy_period_format((enum svy_period)p, ord, key, sizeof key);
		if (n < 0)
			continue;                /* outside years 1-9999 */
		if (n >= SVY_PERIOD_KEY_MAX)
			abort();
		if (svy_period_key_parse((enum svy_period)p, key, (size_t)n, &ord2, &e) != 0 ||
		    ord2 != ord) {
			fprintf(stderr, "period %d: ord %ld -> '%s' -> %ld (%s)\n", p, ord, key,
			        ord2, e.msg);
			abort();
		}
		if (svy_period_first_day((enum svy_period)p, ord) > days ||
		    svy_period_of_days((enum svy_period)p,
		                       svy_period_first_day((enum svy_period)p, ord)) != ord)
			abort();
	}
}

/* The period key hook as it was before its fast path and memo. */
static int ref_key(const struct svy_trend_keys *k, const char *s, size_t len, char *buf,
                   size_t size, struct svy_error *e)
{
	long days;
	int rc = svy_period_date(s, len, &days, e);

	if (rc < 0)
		return rc;
	if ((k->has_from && days < k->from_day) || (k->has_to && days > k->to_day)) {
		if (k->outside)
			++*k->outside;
		return SVY_EMISSING;
	}
	rc = svy_period_format(k->period, svy_period_of_days(k->period, days), buf, size);
	if (rc < 0 || (size_t)rc >= size)
		return svy_error_set(e, SVY_EINVALID, "the %s of this date has no key",
		                     svy_period_name(k->period));
	return rc;
}

/* One cell through both date paths and both key paths (see the top). */
static void check_fast(struct svy_period_memo *mm, int sel, const char *s, size_t len)
{
	unsigned long out_hook = 0, out_ref = 0;
	long from = (sel & 1) ? svy_period_days(2024, 1, 2) : 0;
	long to = (sel & 2) ? svy_period_days(2024, 12, 31) : 0;
	enum svy_period p = (enum svy_period)(sel / 4 % 5);
	struct svy_trend_keys kh = { p, from != 0, to != 0, from, to, &out_hook };
	struct svy_trend_keys kr = { p, from != 0, to != 0, from, to, &out_ref };
	struct svy_error e, eh, er;
	char bh[SVY_PERIOD_KEY_MAX], br[SVY_PERIOD_KEY_MAX];
	long full = 0, warm = 0, cold = 0;
	int rc = svy_period_date(s, len, &full, &e);
	int w = svy_period_date_fast(mm, s, len, &warm);
	int c = svy_period_date_fast(NULL, s, len, &cold);
	int rh, rr;

	if (w != c || (w && (warm != cold || rc != 0 || warm != full))) {
		fprintf(stderr, "MISMATCH fast %d %ld (no memo %d %ld) vs full %d %ld on '%.*s'\n",
		        w, warm, c, cold, rc, full, (int)len, s);
		abort();
	}
	memset(&eh, 0, sizeof eh);
	memset(&er, 0, sizeof er);
	rh = svy_trend_period_key(&kh, s, len, bh, sizeof bh, &eh);
	rr = ref_key(&kr, s, len, br, sizeof br, &er);
	if (rh != rr || (rh >= 0 && strcmp(bh, br) != 0) ||
	    (rh == SVY_EINVALID && strcmp(eh.msg, er.msg) != 0) || out_hook != out_ref) {
		fprintf(stderr, "MISMATCH key %s: %d '%s' '%s' vs %d '%s' '%s' on '%.*s'\n",
		        svy_period_name(p), rh, rh >= 0 ? bh : "", eh.msg, rr,
		        rr >= 0 ? br : "", er.msg, (int)len, s);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct svy_date dt, back, utc;
	struct svy_datefmt f;
	struct svy_error e;
	char iso[SVY_DATE_ISO_MAX + 16];
	const char *s;
	int order, rc, n, dorder;

	if (size < 1 || size > 256)
		return 0;
	order = data[0] % 3;
	s = (const char *)data + 1;
	size--;

	memset(&dt, 0, sizeof dt);
	rc = svy_date_parse(&dt, s, size, order, &e);
	if (rc != 0 && rc != SVY_EMISSING && rc != SVY_EINVALID)
		abort();
	if (rc == SVY_EINVALID && (e.code != SVY_EINVALID || e.msg[0] == '\0'))
		abort();
	if (rc == 0) {
		if (!svy_date_valid(dt.y, dt.m, dt.d) || dt.y < 1 || dt.y > 9999 ||
		    dt.H < 0 || dt.H > 23 || dt.M < 0 || dt.M > 59 || dt.S < 0 || dt.S > 59 ||
		    (!dt.has_time && (dt.H || dt.M || dt.S || dt.has_zone)) ||
		    dt.offset_minutes < -14 * 60 || dt.offset_minutes > 14 * 60)
			abort();
		n = svy_date_format(&dt, iso, sizeof iso);
		if (n <= 0 || n >= SVY_DATE_ISO_MAX)
			abort();
		memset(&back, 0, sizeof back);
		if (svy_date_parse(&back, iso, (size_t)n, SVY_DATE_AUTO, &e) != 0) {
			fprintf(stderr, "'%s' does not parse back: %s\n", iso, e.msg);
			abort();
		}
		same(&dt, &back, "format round trip");
		if (svy_date_epoch(&dt) != svy_date_epoch(&back))
			abort();
		utc = dt;
		rc = svy_date_to_utc(&utc, &e);
		/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years UTC may reach */
		if ((rc == 0) != (dt.has_zone && dt.has_time && svy_date_epoch(&dt) >= -62135596800LL
		                  && svy_date_epoch(&dt) <= 253402300799LL))
			abort();
		if (rc == 0) {
			if (utc.offset_minutes != 0 || svy_date_epoch(&utc) != svy_date_epoch(&dt) ||
			    !svy_date_valid(utc.y, utc.m, utc.d) || utc.H > 23 || utc.M > 59 ||
			    utc.S > 59)
				abort();
			n = svy_date_format(&utc, iso, sizeof iso);
			if (utc.y >= 1 && utc.y <= 9999) {
				memset(&back, 0, sizeof back);
				if (n >= SVY_DATE_ISO_MAX ||
				    svy_date_parse(&back, iso, (size_t)n, SVY_DATE_AUTO, &e) != 0)
					abort();
				same(&utc, &back, "UTC round trip");
			}
		}
	}

	/* inference over a column of the input's lines */
	svy_datefmt_init(&f);
	{
		const char *p = s, *end = s + size, *nl;
		while (p <= end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				nl = end;
			svy_datefmt_observe(&f, p, (size_t)(nl - p));
			p = nl + 1;
		}
	}
	if (f.ab > f.n || f.both + f.mdy + f.dmy + f.neither > f.ab)
		abort();
	rc = svy_datefmt_decide(&f, SVY_DATE_AUTO, &dorder, &e);
	if (rc != 0 && rc != SVY_EDATA)
		abort();
	if (rc == 0 && dorder != SVY_DATE_AUTO && dorder != SVY_DATE_MDY &&
	    dorder != SVY_DATE_DMY)
		abort();

	check_periods(s, size);

	{
		struct svy_period_memo mm;
		const char *p = s, *end = s + size, *nl;

		memset(&mm, 0, sizeof mm);
		check_fast(&mm, data[0] / 3, s, size);
		while (p <= end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				nl = end;
			check_fast(&mm, data[0] / 3, p, (size_t)(nl - p));
			p = nl + 1;
		}
	}
	return 0;
}
