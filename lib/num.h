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

/* An integer cell.  0 and *out set; SVY_EMISSING for a blank or NA cell;
 * SVY_EINVALID for anything but [+-]digits or a value beyond +-10^15. */
int svy_num_int(const char *s, size_t len, long *out);

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

#endif
