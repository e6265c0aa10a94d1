/* sanitize.c - formula-injection guard and newline flattening for output
 * cells. */
#include "sanitize.h"

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The whole cell is a number as the writer would print it, with nothing
 * around it: a spreadsheet reads those as numbers, never as formulas. */
static int plain_number(const char *s, size_t len)
{
	size_t i = 0, nd = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < len && is_digit(s[i]); i++)
		nd++;
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit(s[i]); i++)
			nd++;
	if (!nd)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < len && is_digit(s[i]); i++)
			ne++;
		if (!ne)
			return 0;
	}
	return i == len;
}

int svy_sanitize_formula(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	switch (s[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return 1;
	case '+':
	case '-':
		return !plain_number(s, len);
	default:
		return 0;
	}
}

size_t svy_sanitize_one_line(char *s, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r' || s[i] == '\n') {
			if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
			s[k++] = ' ';
		} else {
			s[k++] = s[i];
		}
	}
	if (k < len)
		s[k] = '\0';
	return k;
}
