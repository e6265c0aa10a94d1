/* fuzz_date.c - the ingest date parser, day/month inference and trend's
 * period keys.
 *
 * Byte 0 picks the day/month order; the rest is one cell.  Checks: an
 * accepted value is a real calendar day with an in-range time; its ISO
 * form fits SVY_DATE_ISO_MAX and parses back to the same value (also
 * after the shift to UTC, within years 1-9999) with the same epoch; a
 * value without a zone cannot be shifted; the inference counters add up;
 * trend's period of the cell formats to a key that parses back to the
 * same period, whose first day is not after the date. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "period.h"

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
		if ((rc == 0) != (dt.has_zone && dt.has_time))
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
	rc = svy_datefmt_decide(&f, &dorder, &e);
	if (rc != 0 && rc != SVY_EDATA)
		abort();
	if (rc == 0 && dorder != SVY_DATE_AUTO && dorder != SVY_DATE_MDY &&
	    dorder != SVY_DATE_DMY)
		abort();

	check_periods(s, size);
	return 0;
}
