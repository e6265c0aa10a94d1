/* num.c - strict number parsing (no locale, no strtod surprises) and formatting. */
#define _GNU_SOURCE
#include "num.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

int svy_num_int(const char *s, size_t len, long *out)
{
	size_t i = 0;
	long v = 0;
	int neg = 0;

	if (len == 1 && digit(s[0])) {           /* scores: the common case */
		*out = s[0] - '0';
		return 0;
	}
	if (len == 2 && digit(s[0]) && digit(s[1])) {   /* and 10 */
		*out = (s[0] - '0') * 10 + (s[1] - '0');
		return 0;
	}
	svy_num_trim(&s, &len);
	if (svy_num_missing(s, len))
		return SVY_EMISSING;
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return SVY_EINVALID;
	for (; i < len; i++) {
		if (!digit(s[i]))
			return SVY_EINVALID;
		v = v * 10 + (s[i] - '0');
		if (v > 1000000000000000L)
			return SVY_EINVALID;
	}
	*out = neg ? -v : v;
	return 0;
}

int svy_num_range(const char *s, size_t len, long *lo, long *hi)
{
	size_t i = 0;

	/* the '-' between them is the first one after a digit */
	while (i < len && !digit(s[i]))
		i++;
	while (i < len && s[i] != '-')
		i++;
	if (i >= len || svy_num_int(s, i, lo) != 0 ||
	    svy_num_int(s + i + 1, len - i - 1, hi) != 0 ||
	    *lo < -999999999L || *lo > 999999999L || *hi < -999999999L || *hi > 999999999L)
		return SVY_EINVALID;
	return 0;
}

/* strtod in the C locale whatever the process locale is. */
static double c_strtod(const char *s)
{
	static locale_t c_locale;

	if (!c_locale)
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c_locale ? strtod_l(s, NULL, c_locale) : strtod(s, NULL);
}

int svy_num_double(const char *s, size_t len, double *out)
{
	/* a sign, "0", 117 digits, '.', 'e', a sign, six exponent digits, NUL */
	char buf[129], *p = buf;
	size_t i = 0, int_at, int_n, frac_at = 0, frac_n = 0, exp_at = 0, exp_n = 0;
	uint64_t n = 0;              /* the digits as an integer, while it is short */
	int exp_neg = 0;
	double v;

	svy_num_trim(&s, &len);
	if (svy_num_missing(s, len))
		return SVY_EMISSING;
	if (s[i] == '+' || s[i] == '-')
		i++;
	for (int_at = i; i < len && digit(s[i]); i++)
		n = n * 10 + (uint64_t)(s[i] - '0');
	int_n = i - int_at;
	if (i < len && s[i] == '.') {
		for (frac_at = ++i; i < len && digit(s[i]); i++)
			n = n * 10 + (uint64_t)(s[i] - '0');
		frac_n = i - frac_at;
	}
	if (int_n + frac_n == 0)
		return SVY_EINVALID;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			exp_neg = s[i++] == '-';
		for (exp_at = i; i < len && digit(s[i]); i++)
			;
		if ((exp_n = i - exp_at) == 0)
			return SVY_EINVALID;
	}
	if (i != len)
		return SVY_EINVALID;
#if FLT_EVAL_METHOD == 0   /* no division in a wider type, rounded twice */
	if (exp_n == 0 && int_n + frac_n <= 15) {
		/* Weights and states: up to 15 digits make an integer below 2^53,
		 * and 10^frac_n is exact too, so one division, rounded once, is
		 * the nearest double to the decimal, which is what strtod gives
		 * (Clinger's fast path), without the copy and the call. */
		static const double pow10_dbl[16] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };

		v = (double)n / pow10_dbl[frac_n];
		*out = s[0] == '-' ? -v : v;
		return 0;
	}
#endif
	/* strtod wants a terminated copy.  Zeros that cannot change the value
	 * are left out of it (an export's padding: 000...09, 0.5000...0), and
	 * an exponent of seven digits or more becomes 999999, which over- or
	 * underflows alike; what is left must fit. */
	while (exp_n && s[exp_at] == '0')
		exp_at++, exp_n--;
	while (int_n && s[int_at] == '0')
		int_at++, int_n--;
	while (frac_n && s[frac_at + frac_n - 1] == '0')
		frac_n--;
	if (int_n + frac_n > 117)
		return SVY_EINVALID;
	if (s[0] == '-')
		*p++ = '-';
	*p++ = '0';                                /* "0" when nothing else is left */
	memcpy(p, s + int_at, int_n);
	p += int_n;
	if (frac_n) {
		*p++ = '.';
		memcpy(p, s + frac_at, frac_n);
		p += frac_n;
	}
	if (exp_n) {
		*p++ = 'e';
		*p++ = exp_neg ? '-' : '+';
		memcpy(p, exp_n > 6 ? "999999" : s + exp_at, exp_n > 6 ? 6 : exp_n);
		p += exp_n > 6 ? 6 : exp_n;
	}
	*p = '\0';
	v = c_strtod(buf);
	if (!isfinite(v))
		return SVY_EINVALID;
	*out = v;
	return 0;
}

int svy_num_parse_arg(const char *s, double *out)
{
	int rc = svy_num_double(s, strlen(s), out);

	return rc == 0 ? 0 : SVY_EINVALID;
}

#ifdef __SIZEOF_INT128__
static const uint64_t pow10_u64[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
	1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
	1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL, 10000000000000000000ULL,
};

/* |v| * 10^prec rounded to an integer as printf rounds it, into *q, and
 * v's sign into *neg: 1, or 0 when v is not finite or the result does not
 * fit 64 bits.  v is m * 2^e exactly, so m * 10^prec (under 2^117) shifted
 * right by -e, rounded half to even on the bits shifted out, is the value
 * printf's "%.*f" rounds to, digit for digit.  A table of a million groups
 * writes tens of millions of numbers; glibc spends most of its time on
 * them in multi-precision arithmetic it does not need here. */
static int scaled(double v, int prec, uint64_t *q, int *neg)
{
	unsigned __int128 p;
	uint64_t bits, m;
	int e;

	if (prec < 0 || prec > 19)
		return 0;
	memcpy(&bits, &v, sizeof bits);
	*neg = (int)(bits >> 63);
	e = (int)(bits >> 52 & 0x7ff);
	m = bits & ((1ULL << 52) - 1);
	if (e == 0x7ff)
		return 0;                        /* inf, nan */
	if (e == 0)
		e = -1074;                       /* subnormal (or zero) */
	else {
		m |= 1ULL << 52;
		e -= 1075;
	}
	if (e > 10)
		return 0;                        /* 2^63 and up */
	if (e >= 0)
		p = (unsigned __int128)(m << e) * pow10_u64[prec];
	else if (e <= -118)
		p = 0;                           /* under half a unit: rounds to 0 */
	else {
		const unsigned s = (unsigned)-e;
		const unsigned __int128 x = (unsigned __int128)m * pow10_u64[prec];
		const unsigned __int128 rest = x & (((unsigned __int128)1 << s) - 1);
		const unsigned __int128 half = (unsigned __int128)1 << (s - 1);

		p = x >> s;
		p += rest > half || (rest == half && (p & 1));
	}
	if (p >> 64)
		return 0;
	*q = (uint64_t)p;
	return 1;
}

/* q's decimal digits, last first, into d; their count. */
static int digits_of(uint64_t q, char *d)
{
	int n = 0;

	do
		d[n++] = (char)('0' + q % 10);
	while ((q /= 10) != 0);
	return n;
}

/* svy_num_fixed without printf, where scaled can: 0 when it cannot (the
 * caller prints), else the length. */
static size_t fixed_exact(double v, int prec, char *buf, size_t size)
{
	uint64_t q;
	int neg, n, len;
	char digits[24];

	if (!scaled(v, prec, &q, &neg))
		return 0;
	n = digits_of(q, digits);
	while (n <= prec)
		digits[n++] = '0';               /* "0.05": at least one before the point */
	neg &= q != 0;                           /* "-0.00" is written "0.00" */
	len = neg + n + (prec > 0);
	if ((size_t)len >= size)
		return 0;
	if (neg)
		*buf++ = '-';
	while (n > prec)
		*buf++ = digits[--n];
	if (prec > 0) {
		*buf++ = '.';
		while (n > 0)
			*buf++ = digits[--n];
	}
	*buf = '\0';
	return (size_t)len;
}

/* "%.17g" without printf for v of decimal exponent x in -3..16, where it
 * is "%.*f" with 16 - x decimals, trailing zeros dropped: 0 when v is not
 * such a number (the caller prints), else the length.  x is the exponent
 * of v rounded to 17 digits, so it is found by rounding: 10^16 <= q < 10^17
 * (a first guess from the binary exponent is at most one off, and a
 * rounding up to 10^17 moves it one up). */
static size_t exact17(double v, char *buf, size_t size)
{
	uint64_t q = 0;
	int neg, x, n, i, tries, point, len;
	char d[24];

	if (!(fabs(v) >= 1e-3 && fabs(v) < 1e17) || size < 24)
		return 0;
	(void)frexp(v, &x);                      /* |v| in [2^(x-1), 2^x) */
	x = (int)floor((x - 1) * 0.30102999566398120);
	for (tries = 0; tries < 3; tries++) {
		if (x < -3 || x > 16 || !scaled(v, 16 - x, &q, &neg))
			return 0;
		if (q < pow10_u64[16])
			x--;
		else if (q >= pow10_u64[17])
			x++;
		else
			break;
	}
	if (tries == 3)
		return 0;
	n = digits_of(q, d);                     /* 17 digits, d[16] the first */
	for (i = 0; i < n && d[i] == '0'; i++)
		;                                /* the trailing zeros go */
	len = 0;
	if (neg)
		buf[len++] = '-';
	if (x < 0) {
		buf[len++] = '0';
		buf[len++] = '.';
		for (point = x + 1; point < 0; point++)
			buf[len++] = '0';
		while (n > i)
			buf[len++] = d[--n];
	} else {
		for (point = 0; point <= x; point++)
			buf[len++] = d[--n];
		if (n > i)
			buf[len++] = '.';
		while (n > i)
			buf[len++] = d[--n];
	}
	buf[len] = '\0';
	return (size_t)len;
}
#endif

char *svy_num_fixed(double v, int prec, char *buf, size_t size)
{
#ifdef __SIZEOF_INT128__
	if (fixed_exact(v, prec, buf, size))
		return buf;
#endif
	snprintf(buf, size, "%.*f", prec, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

char *svy_num_exact(double v, char *buf, size_t size)
{
	/* Whole numbers below 2^53 (counts: most of a partial state) have at
	 * most 16 digits, which "%.17g" writes as they are: no printf. */
	const double whole = sizeof(long) >= 8 ? 9007199254740992.0 : 2147483647.0;

	if (v > -whole && v < whole && size >= 18 && v == (double)(long)v &&
	    !(v == 0 && signbit(v))) {
		buf[svy_num_put_long(buf, (long)v)] = '\0';
		return buf;
	}
#ifdef __SIZEOF_INT128__
	if (exact17(v, buf, size))
		return buf;
#endif
	snprintf(buf, size, "%.17g", v);
	return buf;
}

int svy_num_digits(const char *s, size_t n, int *v)
{
	size_t i;
	int x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

char *svy_num_put_digits(char *p, long v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

size_t svy_num_put_ulong(char *buf, unsigned long v)
{
	char tmp[24];
	size_t n = 0, k;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (k = 0; k < n; k++)
		buf[k] = tmp[n - 1 - k];
	return n;
}

size_t svy_num_put_long(char *buf, long v)
{
	if (v >= 0)
		return svy_num_put_ulong(buf, (unsigned long)v);
	buf[0] = '-';
	return 1 + svy_num_put_ulong(buf + 1, 0UL - (unsigned long)v);
}
