/* sanitize.h - making pass-through text safe for the places it goes next:
 * spreadsheets (formula injection) and line-based splitters (--one-line). */
#ifndef SVY_INGEST_SANITIZE_H
#define SVY_INGEST_SANITIZE_H

#include <stddef.h>

/* 1 if s[0..len) must be written with a leading ' so that a spreadsheet
 * shows it as text: it starts with =, +, -, @, tab or CR (OWASP "CSV
 * injection") and is not a plain number.  Plain numbers ([+-]digits[.digits]
 * [e[+-]digits], e.g. -3, +1.5, -.5, 1e-3) are never touched, so scores and
 * negative recodes survive.  0 otherwise. */
int svy_sanitize_formula(const char *s, size_t len);

/* Replace every CR, LF or CRLF in s[0..len) with one space, in place, and
 * return the new length (at most len; s[new length] is set to NUL when the
 * text got shorter, so a NUL-terminated field stays terminated). */
size_t svy_sanitize_one_line(char *s, size_t len);

#endif
