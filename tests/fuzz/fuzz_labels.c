/* fuzz_labels.c - answer labels to scores (ingest/labels.h).
 *
 * Byte 0 is the set of built-in maps.  The rest is split at line feeds:
 * the first line is a cell looked up in the built-in maps; every other line
 * "column<TAB>label<TAB>value" is added to a user table.  Checks: a lookup
 * answers 0, SVY_EMISSING or SVY_EINVALID and names one enabled map; it
 * ignores ASCII case and surrounding white space (as documented); a value
 * from a built-in table is one of that table's; every row the table
 * accepted is found again, also in upper case, with its value. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"

static char *upper(const char *s, size_t len)
{
	char *u = malloc(len + 1);
	size_t i;

	for (i = 0; i < len; i++)
		u[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
	u[len] = '\0';
	return u;
}

static void check_builtin(unsigned maps, const char *s, size_t len)
{
	long v = 0, v2 = 0;
	unsigned which = 0, which2 = 0;
	int rc = svy_labels_builtin(maps, s, len, &v, &which), rc2;
	char *u, *padded;

	if (rc != 0 && rc != SVY_EMISSING && rc != SVY_EINVALID)
		abort();
	if (rc == 0 && (which == 0 || (which & (which - 1)) || !(which & maps)))
		abort();
	if (rc == 0 && which == SVY_LABELS_SATISFACTION && (v < 1 || v > 5))
		abort();
	if (rc == 0 && which == SVY_LABELS_AGREEMENT && (v < 1 || v > 5))
		abort();
	if (rc == 0 && which == SVY_LABELS_NPS_GROUP && (v < 1 || v > 3))
		abort();
	if (rc == 0 && which == SVY_LABELS_ZENDESK && v != 0 && v != 1)
		abort();
	if (rc == 0 && which == SVY_LABELS_INT && (v < -999999999 || v > 999999999))
		abort();

	u = upper(s, len);
	rc2 = svy_labels_builtin(maps, u, len, &v2, &which2);
	if (rc2 != rc || (rc == 0 && (v2 != v || which2 != which))) {
		fprintf(stderr, "case changes the answer: %d/%ld vs %d/%ld\n", rc, v, rc2, v2);
		abort();
	}
	free(u);
	padded = malloc(len + 4);
	memcpy(padded, " \t", 2);
	memcpy(padded + 2, s, len);
	memcpy(padded + 2 + len, " \n", 2);
	rc2 = svy_labels_builtin(maps, padded, len + 4, &v2, &which2);
	if (rc2 != rc || (rc == 0 && (v2 != v || which2 != which))) {
		fprintf(stderr, "surrounding space changes the answer: %d/%ld vs %d/%ld\n",
		        rc, v, rc2, v2);
		abort();
	}
	free(padded);
}

struct added {
	char *col, *label;
	long value;
	int missing;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct svy_labels *l;
	struct svy_error e;
	struct added *rows = NULL;
	size_t nrows = 0, i;
	unsigned maps;
	char *text, *line, *next;
	int first = 1;

	if (size < 1 || size > 8192)
		return 0;
	maps = data[0] & 0x3f;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	l = svy_labels_new(&e);
	if (!l)
		abort();
	for (line = text; line; line = next) {
		size_t len;
		next = memchr(line, '\n', (size_t)(text + size - 1 - line));
		len = next ? (size_t)(next - line) : strlen(line);
		if (next)
			*next++ = '\0';
		if (first) {
			/* the raw bytes of the line (it may hold NULs) */
			check_builtin(maps, (const char *)data + 1 + (line - text), len);
			first = 0;
			continue;
		}
		{
			char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			int rc;
			if (!t2)
				continue;
			*t1 = *t2 = '\0';
			rc = svy_labels_add(l, line, t1 + 1, t2 + 1, &e);
			if (rc != 0 && rc != SVY_EDATA)
				abort();
			if (rc == 0) {
				long v = 0;
				int lr = svy_labels_lookup(l, line, 0, t1 + 1, strlen(t1 + 1), &v);
				rows = realloc(rows, (nrows + 1) * sizeof *rows);
				rows[nrows].col = strdup(line);
				rows[nrows].label = strdup(t1 + 1);
				rows[nrows].missing = lr == SVY_EMISSING;
				rows[nrows].value = v;
				if (lr != 0 && lr != SVY_EMISSING) {
					fprintf(stderr, "row added but not found\n");
					abort();
				}
				nrows++;
			}
		}
	}
	/* every accepted row still answers the same after all the others */
	for (i = 0; i < nrows; i++) {
		long v = 0;
		char *u = upper(rows[i].label, strlen(rows[i].label));
		int rc = svy_labels_lookup(l, rows[i].col, maps, u, strlen(u), &v);
		if (rows[i].missing ? rc != SVY_EMISSING : (rc != 0 || v != rows[i].value)) {
			fprintf(stderr, "row %zu answers differently later (%d, %ld vs %ld)\n", i,
			        rc, v, rows[i].value);
			abort();
		}
		free(u);
		free(rows[i].col);
		free(rows[i].label);
	}
	if (svy_labels_count(l) > nrows)
		abort();
	free(rows);
	svy_labels_free(l);
	free(text);
	return 0;
}
