/* num.h - strict, locale-independent parsing and formatting of numbers.
 *
 * Cells are parsed exactly as documented in surveykit(7): surrounding spaces
 * and tabs are ignored; an empty cell or NA is missing; anything else must be
 * a plain decimal number.  Hex, infinities, NaN, thousands separators, a
 * decimal comma and full-width digits are invalid.  Nothing here reads the
 * locale, so a host program's setlocale cannot change a result. */
#ifndef SVY_NUM_H
#define SVY_NUM_H

#include <stddef.h>

/* The cell convention above: s[0..*len) without the spaces and tabs
 * around it; and whether a cell is missing, empty or NA once trimmed.
 * Inline: every number, label and date read goes through them. */
static inline void svy_num_trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

static inline int svy_num_missing(const char *s, size_t len)
{
	svy_num_trim(&s, &len);
	return len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A');
}

/* An integer cell.  0 and *out set; SVY_EMISSING for a blank or NA cell;
 * SVY_EINVALID for anything but [+-]digits or a value beyond +-10^15. */
int svy_num_int(const char *s, size_t len, long *out);

/* A scale "LO-HI" (an option, a mapping file's cell): two integers as
 * svy_num_int reads them (spaces around each are ignored, LO may be
 * negative), each within +-999999999.  0 and both set, or SVY_EINVALID; the
 * caller judges their order. */
int svy_num_range(const char *s, size_t len, long *lo, long *hi);

/* A decimal cell: [+-]digits[.digits][(e|E)[+-]digits], also .5 and 5.
 * 0 and *out set; SVY_EMISSING for blank or NA; SVY_EINVALID otherwise,
 * including values that overflow to infinity. */
int svy_num_double(const char *s, size_t len, double *out);

/* The same for a NUL-terminated option argument: 0 or SVY_EINVALID. */
int svy_num_parse_arg(const char *s, double *out);

/* Write v with prec decimals ("%.*f", C locale) into buf; a result that
 * rounds to zero is written without a minus sign.  Returns buf. */
char *svy_num_fixed(double v, int prec, char *buf, size_t size);

/* Write v so that it reads back to the same double ("%.17g").  Returns buf. */
char *svy_num_exact(double v, char *buf, size_t size);

/* Fixed-width digits, for dates, period keys and row numbers that every
 * row reads or writes: no strtol, no printf on those paths.
 *   svy_num_digits: s[0..n) is n ASCII digits: 0 and *v; else -1.
 *   svy_num_put_digits: v (0 <= v < 10^width) as exactly width digits at p,
 *     zero-padded; returns the end.
 *   svy_num_put_ulong, svy_num_put_long: v in decimal at buf (room for 21
 *     bytes), no NUL; returns the length. */
int svy_num_digits(const char *s, size_t n, int *v);
char *svy_num_put_digits(char *p, long v, int width);
size_t svy_num_put_ulong(char *buf, unsigned long v);
size_t svy_num_put_long(char *buf, long v);

#endif
