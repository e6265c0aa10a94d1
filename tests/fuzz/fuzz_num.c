/* fuzz_num.c - the strict number parsers (num.h) and the option parsers.
 *
 * The input is one cell.  Checks: svy_num_double accepts only finite
 * values, and only cells of the documented grammar (checked here with an
 * independent matcher); an accepted cell's value is strtod's, bit for bit
 * (short decimals are read without it), and written with svy_num_exact
 * reads back to the same double; svy_num_int accepts exactly [+-]digits up
 * to 10^15 and agrees with svy_num_double; svy_num_fixed never prints "-0";
 * svy_num_range gives bounds within +-999999999 that svy_num_int reads on
 * either side of a '-'.  The first eight bytes as a double's bits and the
 * ninth as a precision: svy_num_fixed and svy_num_exact write what printf's
 * "%.*f" and "%.17g" write (their own arithmetic does most numbers without
 * printf).  The same text as a column list: what svy_names_split accepts,
 * written again with every name quoted, splits into the same names. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "num.h"
#include "svy.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The grammar of num.h, after trimming spaces and tabs: 1 decimal,
 * 2 integer (also a decimal), 0 neither, -1 missing. */
static int grammar(const char *s, size_t len)
{
	size_t i = 0, nd = 0, ni;

	while (len && (s[0] == ' ' || s[0] == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A'))
		return -1;
	if (s[0] == '+' || s[0] == '-')
		i++;
	while (i < len && is_digit(s[i]))
		i++, nd++;
	ni = nd;
	if (i == len)
		return nd ? 2 : 0;
	if (s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, nd++;
	}
	if (nd == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && is_digit(s[i]))
			i++, ne++;
		if (ne == 0)
			return 0;
	}
	(void)ni;
	return i == len ? 1 : 0;
}

static void check_range(const char *s, size_t size)
{
	long lo, hi, a, b;
	size_t i;

	if (svy_num_range(s, size, &lo, &hi) != 0)
		return;
	if (lo < -999999999L || lo > 999999999L || hi < -999999999L || hi > 999999999L)
		abort();
	for (i = 0; i < size; i++)          /* some '-' splits it into the two bounds */
		if (s[i] == '-' && svy_num_int(s, i, &a) == 0 && a == lo &&
		    svy_num_int(s + i + 1, size - i - 1, &b) == 0 && b == hi)
			return;
	abort();
}

static void check_names(const char *list)
{
	struct svy_error e;
	char **v, **w, buf[SVY_NAME_MAX + 1];
	size_t n, m, i, len = 0;
	char *again, *o;

	if (svy_names_split("--by", list, 16, &v, &n, &e) != 0) {
		if (v || n || e.code != SVY_EUSAGE)
			abort();
		return;
	}
	if (n == 0 || n > 16 || v[n])
		abort();
	for (i = 0; i < n; i++)
		len += 2 * strlen(v[i]) + 3;
	if (!(again = malloc(len + 1)))
		abort();
	for (o = again, i = 0; i < n; i++) {     /* every name quoted, quotes doubled */
		const char *c;
		if (i)
			*o++ = ',';
		*o++ = '"';
		for (c = v[i]; *c; c++) {
			if (*c == '"')
				*o++ = '"';
			*o++ = *c;
		}
		*o++ = '"';
	}
	*o = '\0';
	if (svy_names_split("--by", again, 16, &w, &m, &e) != 0 || m != n)
		abort();
	for (i = 0; i < n; i++)
		if (strcmp(v[i], w[i]) != 0 || strchr(v[i], '\0') == v[i])
			abort();
	if (n == 1 && strcmp(svy_name_of(again, buf, sizeof buf), v[0]) != 0)
		abort();
	svy_names_free(v);
	svy_names_free(w);
	free(again);
}

/* svy_num_fixed and svy_num_exact against printf ("-0.00" written "0.00") */
static void check_fixed(const uint8_t *data, size_t size)
{
	char want[400], got[400];
	double v;
	int prec;

	if (size < 9)
		return;
	memcpy(&v, data, sizeof v);
	if (!isfinite(v))
		return;
	prec = data[8] % 25;
	snprintf(want, sizeof want, "%.*f", prec, v);
	if (want[0] == '-' && strspn(want + 1, "0.") == strlen(want + 1))
		memmove(want, want + 1, strlen(want));
	svy_num_fixed(v, prec, got, sizeof got);
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "fixed: %a at %d: printf '%s', got '%s'\n", v, prec, want, got);
		abort();
	}
	snprintf(want, sizeof want, "%.17g", v);
	svy_num_exact(v, got, sizeof got);
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "exact: %a: printf '%s', got '%s'\n", v, want, got);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *copy, buf[64], buf2[512];
	double d = 0, d2 = 0;
	long l = 0;
	int rd, ri, g;

	if (size > 4096)
		return 0;
	check_fixed(data, size);
	g = grammar(s, size);
	rd = svy_num_double(s, size, &d);
	ri = svy_num_int(s, size, &l);

	if (rd != 0 && rd != SVY_EMISSING && rd != SVY_EINVALID)
		abort();
	if (ri != 0 && ri != SVY_EMISSING && ri != SVY_EINVALID)
		abort();
	if ((g == -1) != (rd == SVY_EMISSING) || (g == -1) != (ri == SVY_EMISSING))
		abort();                         /* missing means blank or NA, nothing else */
	if (rd == 0 && (g <= 0 || !isfinite(d)))
		abort();                         /* only the grammar, only finite values */
	if (ri == 0 && (g != 2 || l > 1000000000000000L || l < -1000000000000000L))
		abort();
	/* an integer cell is the same decimal, however many zeros pad it
	 * (finding R8-7: "000...09" once was an integer but no decimal) */
	if (ri == 0 && (rd != 0 || d != (double)l))
		abort();
	if (rd == 0) {
		/* the value is strtod's, bit for bit, whichever way it was read */
		char *cell = malloc(size + 1);
		double sd;

		if (!cell)
			abort();
		memcpy(cell, data, size);
		cell[size] = '\0';
		sd = strtod(cell, NULL);
		free(cell);
		if (memcmp(&sd, &d, sizeof d) != 0) {
			fprintf(stderr, "double: strtod %a, got %a\n", sd, d);
			abort();
		}
		svy_num_exact(d, buf, sizeof buf);
		if (svy_num_double(buf, strlen(buf), &d2) != 0 || d2 != d) {
			fprintf(stderr, "exact round trip: %.17g -> '%s' -> %.17g\n", d, buf, d2);
			abort();
		}
		svy_num_fixed(d, (int)(size % 8), buf2, sizeof buf2);
		if (strcmp(buf2, "-0") == 0 || strncmp(buf2, "-0.", 3) == 0) {
			if (strspn(buf2 + 3, "0") == strlen(buf2 + 3))
				abort();                 /* a negative zero in the output */
		}
	}

	/* the option parsers see the same text as a NUL-terminated argument */
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	{
		struct svy_error e;
		double r;
		long v;
		int rc = svy_num_parse_arg(copy, &r);
		if (rc == 0 && !isfinite(r))
			abort();
		rc = svy_cli_long("--n", copy, -1000, 1000, &v, &e);
		if (rc == 0 && (v < -1000 || v > 1000))
			abort();
		rc = svy_cli_real("--x", copy, 0.5, 0.99, &r, &e);
		if (rc == 0 && !(r >= 0.5 && r <= 0.99))
			abort();
		check_range(s, size);
		check_names(copy);
	}
	free(copy);
	return 0;
}
