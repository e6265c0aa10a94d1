/* words.h - the text tests survey-ingest makes of header names, keywords
 * and bookkeeping cells: ASCII case folding, white space (CR and LF
 * included: header cells of spreadsheets carry them), trimming, whole-word
 * comparison.  Inline: check_common runs them on every row. */
#ifndef SVY_INGEST_WORDS_H
#define SVY_INGEST_WORDS_H

#include <stddef.h>
#include <string.h>

static inline int svy_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int svy_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline void svy_trim(const char **s, size_t *len)
{
	while (*len && svy_is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && svy_is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* t[0..tl) is ASCII case-insensitively the word w (the first byte that
 * differs ends the comparison: most cells differ at once). */
static inline int svy_eq_word(const char *t, size_t tl, const char *w)
{
	size_t i;

	for (i = 0; i < tl; i++)
		if (!w[i] || svy_lower((unsigned char)t[i]) != svy_lower((unsigned char)w[i]))
			return 0;
	return w[tl] == '\0';
}

/* s[0..len) without surrounding white space, ASCII case-insensitively
 * equal to w. */
static inline int svy_ieqn(const char *s, size_t len, const char *w)
{
	svy_trim(&s, &len);
	return svy_eq_word(s, len, w);
}

static inline int svy_ieq(const char *s, const char *w)
{
	return svy_ieqn(s, strlen(s), w);
}

static inline int svy_blank(const char *s, size_t len)
{
	for (; len; len--, s++)
		if (!svy_is_space((unsigned char)*s))
			return 0;
	return 1;
}

#endif
