/* test_num.c - strict number parsing (lib/num.c): integers, decimals, what
 * is missing, what is invalid, and independence from the locale. */
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "svy.h"
#include "tap.h"

static int pint(const char *s, long *v)
{
	return svy_num_int(s, strlen(s), v);
}

static int pdbl(const char *s, double *v)
{
	return svy_num_double(s, strlen(s), v);
}

static void ints(void)
{
	static const struct { const char *s; long v; } good[] = {
		{ "0", 0 }, { "7", 7 }, { "10", 10 }, { "-3", -3 }, { "+5", 5 },
		{ " 7 ", 7 }, { "\t9\t", 9 }, { "007", 7 }, { "-0", 0 },
		{ "1000000000000000", 1000000000000000L },      /* 10^15, the limit */
		{ "-1000000000000000", -1000000000000000L },
	};
	static const char *const bad[] = {
		"7.5", "7.0", "1e1", "ten", "eleven", "0x10", "1,5", "1 000", "+", "-",
		"--1", "+-1", "7a", "a7", "\xef\xbc\x97",   /* full-width 7 */
		"\xd9\xa7",                                   /* Arabic-Indic 7 */
		"nan", "inf", "N/A", "na", "NaN", "1000000000000001",  /* 10^15 + 1 */
		"9999999999999999", "99999999999999999999999",
	};
	static const char *const missing[] = { "", " ", "\t \t", "NA", " NA " };
	size_t i;
	long v;
	int rc;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = -42;
		rc = pint(good[i].s, &v);
		ok(rc == 0 && v == good[i].v, "int '%s' -> %ld (rc %d, got %ld)", good[i].s,
		   good[i].v, rc, v);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc = pint(bad[i], &v);
		ok(rc == SVY_EINVALID, "int '%s' is invalid (rc %d)", bad[i], rc);
	}
	for (i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		rc = pint(missing[i], &v);
		ok(rc == SVY_EMISSING, "int '%s' is missing (rc %d)", missing[i], rc);
	}
	/* the length is respected: "12" out of "123" */
	ok(svy_num_int("123", 2, &v) == 0 && v == 12, "int reads only len bytes");
}

static void doubles(void)
{
	static const struct { const char *s; double v; } good[] = {
		{ "0", 0 }, { "1.44", 1.44 }, { "-2.5", -2.5 }, { "+0.75", 0.75 },
		{ ".5", 0.5 }, { "5.", 5 }, { " 2.00 ", 2 }, { "1e3", 1000 },
		{ "1E-2", 0.01 }, { "2.5e+1", 25 }, { "7", 7 },
		{ "1e-400", 0 },                 /* underflows to zero: finite */
		{ "1.7976931348623157e308", 1.7976931348623157e308 },
	};
	static const char *const bad[] = {
		"1e999", "-1e999", "nan", "NaN", "inf", "-inf", "Infinity", "0x10", "0x1p3",
		"1,5", "1.5.2", ".", "-", "+", "e5", "1e", "1e+", "1.5x", "x1.5",
		"\xef\xbc\x91", "1 5", "--1", "1_000", "na", "N/A",
	};
	size_t i;
	double v;
	int rc;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = -42;
		rc = pdbl(good[i].s, &v);
		ok(rc == 0 && v == good[i].v, "double '%s' -> %.17g (rc %d, got %.17g)",
		   good[i].s, good[i].v, rc, v);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc = pdbl(bad[i], &v);
		ok(rc == SVY_EINVALID, "double '%s' is invalid (rc %d)", bad[i], rc);
	}
	ok(pdbl("", &v) == SVY_EMISSING && pdbl("NA", &v) == SVY_EMISSING &&
	   pdbl("  ", &v) == SVY_EMISSING, "double: empty, blank and NA are missing");
	ok(svy_num_double("2.5e1", 3, &v) == 0 && v == 2.5, "double reads only len bytes");
	ok(svy_num_parse_arg("0.9", &v) == 0 && v == 0.9, "option argument 0.9");
	ok(svy_num_parse_arg("", &v) == SVY_EINVALID, "empty option argument is invalid");
	ok(svy_num_parse_arg("NA", &v) == SVY_EINVALID, "option argument NA is invalid");
}

static void locale_free(void)
{
	double v = 0;
	char buf[64];

	/* a decimal-comma locale must change nothing (when it is installed) */
	if (setlocale(LC_ALL, "de_DE.UTF-8") || setlocale(LC_ALL, "fr_FR.UTF-8") ||
	    setlocale(LC_ALL, "C.UTF-8")) {
		ok(pdbl("1.5", &v) == 0 && v == 1.5, "1.5 parses under %s",
		   setlocale(LC_ALL, NULL));
		ok(pdbl("1,5", &v) == SVY_EINVALID, "1,5 stays invalid under another locale");
		is_str(svy_num_fixed(1.5, 2, buf, sizeof buf), "1.50",
		       "formatting keeps the decimal point");
		setlocale(LC_ALL, "C");
	} else {
		ok(1, "# SKIP no other locale installed");
	}
}

static void formatting(void)
{
	char buf[64];

	is_str(svy_num_fixed(13.197969543147208, 2, buf, sizeof buf), "13.20", "13.20");
	is_str(svy_num_fixed(-0.0, 2, buf, sizeof buf), "0.00", "-0 -> 0.00");
	is_str(svy_num_fixed(-0.0049, 2, buf, sizeof buf), "0.00", "-0.0049 -> 0.00");
	is_str(svy_num_fixed(-1e-300, 0, buf, sizeof buf), "0", "-1e-300 -> 0");
	is_str(svy_num_fixed(-0.05, 1, buf, sizeof buf), "-0.1",
	       "-0.05 (binary -0.05000000000000000277) -> -0.1");
	is_str(svy_num_exact(2.1807258595863151e-05, buf, sizeof buf),
	       "2.1807258595863151e-05", "exact form round-trips");
	{
		double x = 0.1 + 0.2, y = 0;
		svy_num_exact(x, buf, sizeof buf);
		ok(pdbl(buf, &y) == 0 && y == x, "%%.17g reads back to the same double (%s)",
		   buf);
	}
}

/* svy_num_fixed writes most numbers without printf: it must match what
 * printf's "%.*f" writes (glibc rounds the exact binary value, half to
 * even), with "-0.00" written "0.00", for every double and precision.  The
 * reference is that printf call; a class of values passes when all of its
 * values match, and the first mismatch is named. */
static void printf_fixed(double v, int prec, char *buf, size_t size)
{
	snprintf(buf, size, "%.*f", prec, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

static uint64_t fixed_rng = 88172645463325252ULL;

static uint64_t fixed_next(void)
{
	fixed_rng ^= fixed_rng << 13;      /* xorshift64 */
	fixed_rng ^= fixed_rng >> 7;
	fixed_rng ^= fixed_rng << 17;
	return fixed_rng;
}

/* Check n values made by make(i) at every precision 0..22; 1 when all match. */
static int fixed_class(const char *what, size_t n, double (*make)(size_t))
{
	char want[400], got[400];
	size_t i;
	int prec;

	for (i = 0; i < n; i++) {
		const double v = make(i);
		for (prec = 0; prec <= 22; prec++) {
			printf_fixed(v, prec, want, sizeof want);
			svy_num_fixed(v, prec, got, sizeof got);
			if (strcmp(want, got) != 0)
				return ok(0, "%s: %.17g at %d decimals: printf '%s', got '%s'", what,
				          v, prec, want, got);
		}
	}
	return ok(1, "%s: %zu values at 0..22 decimals as printf writes them", what, n);
}

/* Any bit pattern whose exponent puts it between 2^-70 and 2^70, either sign. */
static double fixed_random(size_t i)
{
	uint64_t b = fixed_next(), e = 1023 - 70 + fixed_next() % 141;
	double v;

	(void)i;
	b = (b & 0x800fffffffffffffULL) | e << 52;
	memcpy(&v, &b, sizeof v);
	return v;
}

/* Exact binary fractions k/2^j: every one is a tie at some precision
 * ("0.125" to 2 decimals), where the rounding must go to even. */
static double fixed_ties(size_t i)
{
	return (double)(long)(i % 4001 - 2000) / (double)(1L << (i / 4001 % 12));
}

/* Decimals typed by people and results of survey arithmetic: 2.675, 1.005,
 * 0.145 are just below or above their ties in binary. */
static double fixed_decimals(size_t i)
{
	return (double)(long)(i - 20000) / 1000.0;
}

static double fixed_ratios(size_t i)
{
	return 100.0 * (double)(i % 997) / (double)(1 + i / 997);
}

/* Values whose scaled form is near 2^64 (where the fast path gives up), powers
 * of two and ten, the smallest subnormals, and the largest doubles. */
static double fixed_edges(size_t i)
{
	static const double v[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 9.5, 0.05, 0.15, 0.25, 0.35,
		1.8446744073709552e19, 1.8446744073709550e19, 9.2233720368547758e18,
		9.2233720368547748e18, 1.8446744073709552e15, 1.8446744073709552e17,
		1.8446744073709551e18, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e22, 1e300,
		1.7976931348623157e308, 4.9406564584124654e-324, -4.9406564584124654e-324,
		2.2250738585072014e-308, 1e-20, 1e-19, 5e-20, 4.9999999999999999e-20,
		0.49999999999999994, 0.9999999999999999, 99.995, 99.99499999999999,
		-99.995, 123456789.125, 4503599627370495.5, 4503599627370496.0,
		9007199254740993.0, 1e-5, 5e-5, 0.000049999999999999996,
	};

	return v[i];
}

/* svy_num_exact writes whole numbers itself: what "%.17g" writes. */
static double exact_whole(size_t i)
{
	static const double v[] = {
		0.0, -0.0, 1.0, -1.0, 9.0, 10.0, 99.0, 100.0, 1e15, 1e16, 9007199254740991.0,
		-9007199254740991.0, 9007199254740992.0, -9007199254740992.0, 1e17, 1e22,
		2147483647.0, 2147483648.0, 4294967296.0, 0.5, -0.5, 1.0000000000000002,
	};
	uint64_t r;

	if (i < sizeof v / sizeof v[0])
		return v[i];
	r = fixed_next();
	/* whole numbers of every size up to 2^53, and their neighbours */
	return (double)(int64_t)(r >> (11 + r % 53)) * (r & 1 ? -1 : 1) + (i % 7 == 0 ? 0.5 : 0);
}

/* svy_num_exact writes fractions of decimal exponent -3 to 16 itself:
 * what "%.17g" writes.  Random bits over exponents from 10^-6 to 10^19, and
 * the neighbours of every power of ten and of numbers that round up to one
 * (9.99...95), where the exponent printf picks changes. */
static double exact_fraction(size_t i)
{
	static const double v[] = {
		0.1, 0.2, 0.30000000000000004, 1.0 / 3, 2.0 / 3, -0.001, 0.001, 0.0001,
		0.00099999999999999999, 1e-3 * (1 + DBL_EPSILON), 9.9999999999999995e-4,
		0.5, 1.5, 99999999999999999.0, 9.9999999999999999e15, 1e16 + 2, 1e17 - 16,
		123456.78901234567, -42.125, 5e-324, 1e300, DBL_MAX, 1.0000000000000002,
	};
	uint64_t r, bits;
	double x;
	int k;

	if (i < sizeof v / sizeof v[0])
		return v[i];
	r = fixed_next();
	if (i % 3 == 0) {
		/* a power of ten, a few ulps either side, or 9.99.. of it */
		k = (int)(r % 26) - 6;
		x = pow(10, k) * (r & 2 ? 1 - 1e-17 * (double)(r >> 60) : 1);
		memcpy(&bits, &x, sizeof bits);
		bits += (r >> 8) % 7 - 3;
		memcpy(&x, &bits, sizeof bits);
		return r & 1 ? -x : x;
	}
	/* any mantissa, binary exponents of 10^-6 to 10^19 */
	bits = (r & ((1ULL << 52) - 1)) | (uint64_t)(1023 - 20 + (r >> 52) % 84) << 52;
	memcpy(&x, &bits, sizeof bits);
	return i & 1 ? -x : x;
}

/* n values of gen against printf's "%.17g". */
static void exact_class(const char *what, size_t n, double (*gen)(size_t))
{
	char want[64], got[64];
	size_t i;

	for (i = 0; i < n; i++) {
		const double v = gen(i);
		snprintf(want, sizeof want, "%.17g", v);
		svy_num_exact(v, got, sizeof got);
		if (strcmp(want, got) != 0) {
			ok(0, "%%.17g, %s: %a: printf '%s', got '%s'", what, v, want, got);
			return;
		}
	}
	ok(1, "%%.17g: %zu %s, as printf", n, what);
}

/* svy_num_double reads short decimals itself: the same double as strtod,
 * bit for bit (signs of zero too), for every place of the point, padding
 * zeros, signs and spaces. */
static void double_vs_strtod(void)
{
	char cell[64], plain[64];
	size_t i, n = 300000;

	for (i = 0; i < n; i++) {
		const uint64_t r = fixed_next();
		const int digits = 1 + (int)(r % 17), point = (int)((r >> 8) % (uint64_t)(digits + 2));
		const int lead = (int)((r >> 16) % 3), trail = (int)((r >> 20) % 3);
		size_t at = 0, k;
		double want, got;

		if (r >> 24 & 1)
			cell[at++] = (r >> 25 & 1) ? '-' : '+';
		for (k = 0; k < (size_t)lead; k++)
			cell[at++] = '0';
		for (k = 0; k < (size_t)digits; k++) {
			if ((int)k == point && point > 0)
				cell[at++] = '.';
			cell[at++] = (char)('0' + fixed_next() % 10);
		}
		if (point >= digits)
			cell[at++] = '.';
		for (k = 0; k < (size_t)trail && point < digits; k++)
			cell[at++] = '0';
		if (at && (cell[at - 1] == '.'))
			cell[at++] = '5';              /* "12." is not a number here */
		cell[at] = '\0';
		snprintf(plain, sizeof plain, "%s", cell);
		want = strtod(plain, NULL);
		if (svy_num_double(cell, at, &got) != 0 || memcmp(&want, &got, sizeof got) != 0) {
			ok(0, "'%s': strtod %.17g, got %.17g", cell, want, got);
			return;
		}
	}
	ok(1, "%zu decimals of 1 to 17 digits read as strtod reads them, bit for bit", n);
}

static void fixed_vs_printf(void)
{
	fixed_class("random doubles from 2^-70 to 2^70", 20000, fixed_random);
	fixed_class("exact binary fractions (ties)", 4001 * 12, fixed_ties);
	fixed_class("three-decimal numbers -20 to 20", 40001, fixed_decimals);
	fixed_class("percentages of small counts", 997 * 20, fixed_ratios);
	fixed_class("edges: 2^64 scaled, subnormals, huge", 49, fixed_edges);
}

/* The fixed-width helpers against snprintf and a digit test by hand. */
static void digit_helpers(void)
{
	static const long longs[] = { 0, 7, -7, 10, -10, 99, 100, 123456789, -123456789,
	                              LONG_MAX, LONG_MIN, LONG_MIN + 1 };
	char buf[32], want[32];
	size_t i, n;
	int v = -1, bad = 0;

	for (i = 0; i < sizeof longs / sizeof longs[0]; i++) {
		n = svy_num_put_long(buf, longs[i]);
		snprintf(want, sizeof want, "%ld", longs[i]);
		bad += n != strlen(want) || memcmp(buf, want, n) != 0;
	}
	n = svy_num_put_ulong(buf, ULONG_MAX);
	snprintf(want, sizeof want, "%lu", ULONG_MAX);
	bad += n != strlen(want) || memcmp(buf, want, n) != 0;
	ok(bad == 0, "svy_num_put_long and _ulong write what %%ld and %%lu write");

	for (i = 0, bad = 0; i < 10000; i++) {
		char *end = svy_num_put_digits(buf, (long)i, 4);
		snprintf(want, sizeof want, "%04zu", i);
		bad += end != buf + 4 || memcmp(buf, want, 4) != 0;
		bad += svy_num_digits(want, 4, &v) != 0 || v != (int)i;
	}
	ok(bad == 0, "svy_num_put_digits and svy_num_digits agree with %%04d for 0..9999");
	ok(svy_num_digits("12a4", 4, &v) < 0 && svy_num_digits("-123", 4, &v) < 0
	   && svy_num_digits("1 23", 4, &v) < 0 && svy_num_digits("\xd9\xa3", 2, &v) < 0,
	   "svy_num_digits: a non-digit anywhere (sign, space, Arabic-Indic three) is no number");
	ok(svy_num_digits("", 0, &v) == 0 && v == 0, "svy_num_digits of no bytes is 0");
}

/* Cells longer than the parser's copy (finding R8-7): zeros that cannot
 * change the value are dropped before strtod, so padding is no error; the
 * expected values come from glibc's strtod on the whole text. */
static void long_doubles(void)
{
	char s[400], one17[200];
	double v;
	int rc;

	memset(s, '0', 300);
	strcpy(s + 300, "9");
	rc = pdbl(s, &v);
	ok(rc == 0 && v == 9, "300 leading zeros, then 9 -> 9 (rc %d)", rc);
	ok(pint(s, &(long){ 0 }) == 0, "and the same cell is an integer too");
	strcpy(s, "-0.5");
	memset(s + 4, '0', 300);
	s[304] = '\0';
	rc = pdbl(s, &v);
	ok(rc == 0 && v == -0.5, "-0.5 and 300 trailing zeros -> -0.5 (rc %d)", rc);
	strcpy(s, "0012.3400e00000000002");
	ok(pdbl(s, &v) == 0 && v == strtod(s, NULL), "zeros in every part: %s", s);
	ok(pdbl("1e-00000000000000000400", &v) == 0 && v == 0,
	   "an exponent of many digits that underflows -> 0");
	ok(pdbl("1e+0000000000000000000009999999", &v) == SVY_EINVALID,
	   "an exponent of many digits that overflows is invalid");
	ok(pdbl("0.000001e99999999", &v) == SVY_EINVALID && pdbl("0e99999999", &v) == 0 && v == 0,
	   "a long exponent overflows unless the number is zero");
	memset(one17, '1', 117);
	one17[117] = '\0';
	rc = pdbl(one17, &v);
	ok(rc == 0 && v == strtod(one17, NULL), "117 significant digits are read exactly (rc %d)", rc);
	s[0] = '-';
	memcpy(s + 1, one17, 118);
	rc = pdbl(s, &v);
	ok(rc == 0 && v == strtod(s, NULL), "and with a minus sign (rc %d)", rc);
	memset(s, '1', 118);
	s[118] = '\0';
	ok(pdbl(s, &v) == SVY_EINVALID, "118 significant digits are more than a cell may hold");
	snprintf(s, sizeof s, "%.60s.%.56se-5", one17, one17);
	rc = pdbl(s, &v);
	ok(rc == 0 && v == strtod(s, NULL), "116 digits around a point, exponent: %.17g (rc %d)",
	   v, rc);
}

/* Scales LO-HI: each bound as an integer cell, the '-' between them the
 * first after a digit. */
static void range_case(const char *s, int want_rc, long lo, long hi)
{
	long a = 0, b = 0;
	int rc = svy_num_range(s, strlen(s), &a, &b);

	ok(rc == want_rc && (rc != 0 || (a == lo && b == hi)),
	   "range [%s] -> %d %ld %ld (want %d %ld %ld)", s, rc, a, b, want_rc, lo, hi);
}

static void ranges(void)
{
	range_case("1-5", 0, 1, 5);
	range_case("0-10", 0, 0, 10);
	range_case("-3-3", 0, -3, 3);
	range_case("-5--1", 0, -5, -1);
	range_case(" 1-5", 0, 1, 5);            /* spaces as around any cell */
	range_case("1 - 5 ", 0, 1, 5);
	range_case("+1-+7", 0, 1, 7);
	range_case("5-1", 0, 5, 1);             /* the order is the caller's */
	range_case("999999999-1", 0, 999999999, 1);
	range_case("1000000000-1", SVY_EINVALID, 0, 0);
	range_case("1-5x", SVY_EINVALID, 0, 0);
	range_case("1.5-5", SVY_EINVALID, 0, 0);
	range_case("1-", SVY_EINVALID, 0, 0);
	range_case("-5", SVY_EINVALID, 0, 0);
	range_case("15", SVY_EINVALID, 0, 0);
	range_case("NA-5", SVY_EINVALID, 0, 0);
	range_case("", SVY_EINVALID, 0, 0);
	range_case("a-b", SVY_EINVALID, 0, 0);
}

int main(void)
{
	digit_helpers();
	ints();
	ranges();
	doubles();
	long_doubles();
	locale_free();
	formatting();
	fixed_vs_printf();
	exact_class("whole numbers up to 2^53 and beyond, -0, halves", 200000, exact_whole);
	exact_class("fractions from 10^-6 to 10^19 and powers of ten", 300000, exact_fraction);
	double_vs_strtod();
	return done();
}
