/* colopt.c - column options: lists of column names, and finding them in a
 * header (see colopt.h for the syntax). */
#include "colopt.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"

void svy_names_free(char **names)
{
	size_t i;

	for (i = 0; names && names[i]; i++)
		svy_free(names[i]);
	svy_free(names);
}

/* The name at *p, up to the comma that ends it, into name[0..*len) (bytes
 * past SVY_NAME_MAX are counted, not kept); *p is left at that comma or at
 * the end.  NULL, or what is wrong with it. */
static const char *scan_name(const char **p, char *name, size_t *len)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '"') {
		for (s++;; s++) {
			if (!*s)
				return "a double quote is not closed";
			if (*s == '"' && s[1] != '"')
				break;
			s += *s == '"';          /* "" is one quote */
			if (n < SVY_NAME_MAX)
				name[n] = *s;
			n++;
		}
		s++;
		if (*s && *s != ',')
			return "text after a closing double quote";
	} else {
		/* a quote inside a bare name is itself, as before quoting */
		for (; *s && *s != ','; s++, n++)
			if (n < SVY_NAME_MAX)
				name[n] = *s;
	}
	*p = s;
	*len = n;
	return NULL;
}

int svy_names_split(const char *opt, const char *list, size_t max, char ***names,
                    size_t *n, struct svy_error *e)
{
	char q[200], q2[200], name[SVY_NAME_MAX];
	const char *p = list, *bad;
	size_t cap = 2, len = 0, i, k = 0;
	char **v;

	*names = NULL;
	*n = 0;
	if (!*list)
		return svy_error_set(e, SVY_EUSAGE, "%s: an empty column name", opt);
	svy_error_quote(list, strlen(list), q, sizeof q);
	for (; *p; p++)
		cap += *p == ',';
	if (!(v = svy_calloc(cap, sizeof *v)))
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	for (p = list;; p++) {
		if (k == max) {
			svy_names_free(v);
			if (max == 1)
				return svy_error_set(e, SVY_EUSAGE, "%s: one column, not '%s' (a "
				                     "name with a comma is written in double "
				                     "quotes)", opt, q);
			return svy_error_set(e, SVY_EUSAGE, "%s: more than %zu columns in '%s'",
			                     opt, max, q);
		}
		if ((bad = scan_name(&p, name, &len)) != NULL || len == 0 ||
		    len > SVY_NAME_MAX) {
			svy_names_free(v);
			if (bad)
				return svy_error_set(e, SVY_EUSAGE, "%s: %s in '%s'", opt, bad, q);
			if (len == 0)
				return svy_error_set(e, SVY_EUSAGE, "%s: an empty column name in "
				                     "'%s'", opt, q);
			return svy_error_set(e, SVY_EUSAGE, "%s: a column name of %d bytes or "
			                     "more in '%s'", opt, SVY_NAME_MAX + 1, q);
		}
		for (i = 0; i < k; i++)
			if (strlen(v[i]) == len && memcmp(v[i], name, len) == 0) {
				svy_names_free(v);
				return svy_error_set(e, SVY_EUSAGE, "%s: '%s' is listed twice", opt,
				                     svy_error_quote(name, len, q2, sizeof q2));
			}
		if (!(v[k] = svy_malloc(len + 1))) {
			svy_names_free(v);
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		}
		memcpy(v[k], name, len);
		v[k++][len] = '\0';
		if (!*p)
			break;
	}
	*names = v;
	*n = k;
	return 0;
}

const char *svy_name_of(const char *value, char *buf, size_t size)
{
	const char *p = value;
	size_t len;

	if (size <= SVY_NAME_MAX || scan_name(&p, buf, &len) || *p || len > SVY_NAME_MAX)
		return value;
	buf[len] = '\0';
	return buf;
}

int svy_names_check(const char *opt, const char *list, size_t max, struct svy_error *e)
{
	char **names;
	size_t n;
	int rc = svy_names_split(opt, list, max, &names, &n, e);

	svy_names_free(names);
	return rc;
}

long svy_header_find(const struct svy_header *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->ncols; i++)
		if (strcmp(h->name[i], name) == 0)
			return (long)i;
	return -1;
}

int svy_header_missing(const struct svy_header *h, const char *name, struct svy_error *e)
{
	char cols[400], q[200], q2[200];
	size_t i, off = 0;

	for (i = 0; i < h->ncols && off < sizeof cols - 48; i++) {
		int w = snprintf(cols + off, sizeof cols - off, "%s%s", i ? ", " : "",
		                 svy_error_quote(h->name[i], strlen(h->name[i]), q2, sizeof q2));
		off += w > 0 ? (size_t)w : 0;
	}
	if (i < h->ncols)
		snprintf(cols + (off < sizeof cols - 8 ? off : sizeof cols - 8), 8, ", ...");
	return svy_error_at(e, SVY_EDATA, h->file, h->line, NULL,
	                    "no column '%s' (the header has: %s)",
	                    svy_error_quote(name, strlen(name), q, sizeof q), cols);
}

int svy_header_resolve(const struct svy_header *h, const char *list,
                       size_t *idx, size_t max, size_t *n, struct svy_error *e)
{
	char q[200], **names;
	size_t i, j;
	long k;
	int rc = svy_names_split("columns", list, max, &names, n, e);

	for (j = 0; rc == 0 && j < *n; j++) {
		if ((k = svy_header_find(h, names[j])) < 0) {
			rc = svy_header_missing(h, names[j], e);
			break;
		}
		for (i = (size_t)k + 1; i < h->ncols; i++)
			if (strcmp(h->name[i], names[j]) == 0) {
				rc = svy_error_at(e, SVY_EDATA, h->file, h->line, NULL,
				                  "column '%s' is ambiguous: the header has it "
				                  "twice (columns %ld and %zu)",
				                  svy_error_quote(names[j], strlen(names[j]), q,
				                                  sizeof q), k + 1, i + 1);
				break;
			}
		idx[j] = (size_t)k;
	}
	svy_names_free(names);
	return rc;
}
