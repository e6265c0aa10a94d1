/* writer.c - the one writer of every tool: minimal-quoting CSV, TSV, JSON, table. */
#include "writer.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "num.h"

struct svy_writer {
	FILE *fp;
	const char *name;        /* for messages: the path or "stdout" */
	enum svy_format fmt;
	char delim;
	int precision;
	char **cols;             /* header copy (JSON keys, table) */
	size_t ncols;
	size_t nrows;
	/* table: every cell rendered and kept until close */
	char **cells;
	int *right;              /* per cell: right-aligned (a number) */
	int color;               /* table on a terminal: style rows */
	size_t ncells, cap;
	/* CSV and TSV rows are gathered here and written with one fwrite when
	 * it fills: rows are many short fields, and a stdio call costs more
	 * than their bytes.  On a terminal each row goes out as it ends. */
	char line[16384];
	size_t nline;
	int row_flush;
};

static int color_mode;      /* -1 never, 0 when a terminal and NO_COLOR unset, 1 always */

void svy_writer_color(int mode)
{
	color_mode = mode;
}

int svy_format_parse(const char *name, enum svy_format *out, struct svy_error *e)
{
	static const char *const names[] = { "csv", "tsv", "json", "table" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum svy_format)i;
			return 0;
		}
	return svy_error_set(e, SVY_EUSAGE,
	                     "--format: '%s' is not one of csv, tsv, json, table", name);
}

struct svy_writer *svy_writer_open(const char *path, enum svy_format fmt,
                                   char delim, int precision, struct svy_error *e)
{
	struct svy_writer *w = svy_calloc(1, sizeof *w);

	if (!w) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	w->fmt = fmt;
	w->delim = fmt == SVY_FMT_TSV ? '\t' : delim ? delim : ',';
	w->precision = precision;
	if (path == NULL || strcmp(path, "-") == 0) {
		w->fp = stdout;
		w->name = "stdout";
		w->color = fmt == SVY_FMT_TABLE &&
		           (color_mode > 0 || (color_mode == 0 && isatty(STDOUT_FILENO) &&
		                               !getenv("NO_COLOR")));
		w->row_flush = isatty(STDOUT_FILENO);
	} else {
		w->fp = fopen(path, "w");
		w->name = path;
		if (!w->fp) {
			svy_error_at(e, SVY_EIO, path, 0, NULL, "cannot open for writing: %s",
			             strerror(errno));
			svy_free(w);
			return NULL;
		}
	}
	return w;
}

static void line_flush(struct svy_writer *w)
{
	if (w->nline)
		fwrite(w->line, 1, w->nline, w->fp);
	w->nline = 0;
}

static void line_put(struct svy_writer *w, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (n > sizeof w->line - w->nline) {
		line_flush(w);
		if (n > sizeof w->line) {
			fwrite(s, 1, n, w->fp);
			return;
		}
	}
	memcpy(w->line + w->nline, s, n);
	w->nline += n;
}

static void line_putc(struct svy_writer *w, char c)
{
	if (w->nline == sizeof w->line)
		line_flush(w);
	w->line[w->nline++] = c;
}

/* Whether s needs quotes: a delimiter, quote, CR or LF in it, or a space
 * at either end.  Survey text is long and rarely needs them, so eight bytes
 * at a time are tested for a byte below CR + 1, a quote or the delimiter
 * (the bit tricks of Anderson's "Bit Twiddling Hacks": exact as a yes/no,
 * never missing one); only a word that has one is looked at byte by byte,
 * and spaces between words do not send it there. */
static int need_quotes(const char *s, size_t len, char delim)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	const uint64_t d = ones * (unsigned char)delim, q = ones * '"';
	size_t i = 0, end;

	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return 1;
	while (i < len) {
		if (len - i >= 8) {
			uint64_t x, y, z;

			memcpy(&x, s + i, 8);
			y = x ^ d;
			z = x ^ q;
			if (!((((x - ones * ('\r' + 1)) & ~x) | ((y - ones) & ~y) | ((z - ones) & ~z)) &
			      highs)) {
				i += 8;
				continue;
			}
		}
		for (end = len - i >= 8 ? i + 8 : len; i < end; i++)
			if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
				return 1;
	}
	return 0;
}

static void put_csv(struct svy_writer *w, const char *s, size_t len)
{
	const char *q, *end = s + len;

	if (!need_quotes(s, len, w->delim)) {
		line_put(w, s, len);
		return;
	}
	line_putc(w, '"');
	/* runs up to and with each quote, which is then doubled */
	while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
		line_put(w, s, (size_t)(q - s) + 1);
		line_putc(w, '"');
		s = q + 1;
	}
	line_put(w, s, (size_t)(end - s));
	line_putc(w, '"');
}

static void put_json_str(FILE *fp, const char *s, size_t len)
{
	size_t i;

	putc('"', fp);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\r')
			fputs("\\r", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			putc(c, fp);
	}
	putc('"', fp);
}

/* Render a numeric or empty cell as text; NULL for a string cell. */
static const char *render(const struct svy_writer *w, const struct svy_cell *c,
                          char *buf, size_t size)
{
	if (c->kind != SVY_CELL_STR && c->kind != SVY_CELL_EMPTY && !isfinite(c->v))
		return "";           /* never write inf or nan: an undefined cell */
	switch (c->kind) {
	case SVY_CELL_EMPTY: return "";
	case SVY_CELL_STR: return NULL;
	case SVY_CELL_INT: return svy_num_fixed(c->v, 0, buf, size);
	case SVY_CELL_NUM: return svy_num_fixed(c->v, w->precision, buf, size);
	case SVY_CELL_PROB:
		return svy_num_fixed(c->v, w->precision > 4 ? w->precision : 4, buf, size);
	case SVY_CELL_EXACT: return svy_num_exact(c->v, buf, size);
	}
	return "";
}

static int check(struct svy_writer *w, struct svy_error *e)
{
	if (ferror(w->fp))
		return svy_error_at(e, SVY_EIO, w->name, 0, NULL, "write error: %s",
		                    strerror(errno ? errno : EIO));
	return 0;
}

static int keep_cell(struct svy_writer *w, const char *s, size_t len, int right,
                     struct svy_error *e)
{
	char *copy;

	if (w->ncells == w->cap) {
		size_t n = w->cap ? w->cap * 2 : 64;
		char **c = svy_realloc(w->cells, n * sizeof *c);
		int *r;
		if (!c)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		w->cells = c;
		r = svy_realloc(w->right, n * sizeof *r);
		if (!r)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		w->right = r;
		w->cap = n;
	}
	copy = svy_malloc(len + 1);
	if (!copy)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	memcpy(copy, s, len);
	copy[len] = '\0';
	w->cells[w->ncells] = copy;
	w->right[w->ncells] = right;
	w->ncells++;
	return 0;
}

/* Write one field of the current row in the writer's format. */
static int put_field(struct svy_writer *w, size_t i, const char *s, size_t len,
                     int numeric, struct svy_error *e)
{
	switch (w->fmt) {
	case SVY_FMT_CSV:
	case SVY_FMT_TSV:    /* the dialect -t reads: CSV's quoting, tabs */
		if (i)
			line_putc(w, w->delim);
		if (len == 0 && w->ncols == 1)
			line_put(w, "\"\"", 2);   /* not an empty line: readers skip those */
		else
			put_csv(w, s, len);
		break;
	case SVY_FMT_JSON:
		fputs(i ? ", " : "{", w->fp);
		put_json_str(w->fp, w->cols[i], strlen(w->cols[i]));
		fputs(": ", w->fp);
		if (numeric)
			len ? (void)fwrite(s, 1, len, w->fp) : (void)fputs("null", w->fp);
		else
			put_json_str(w->fp, s, len);
		break;
	case SVY_FMT_TABLE:
		return keep_cell(w, s, len, numeric, e);
	}
	return 0;
}

static int end_row(struct svy_writer *w, struct svy_error *e)
{
	if (w->fmt == SVY_FMT_JSON)
		fputs("}", w->fp);
	if (w->fmt == SVY_FMT_CSV || w->fmt == SVY_FMT_TSV) {
		line_putc(w, '\n');
		if (w->row_flush)
			line_flush(w);
	}
	w->nrows++;
	return check(w, e);
}

int svy_writer_header(struct svy_writer *w, const char *const *names, size_t n,
                      struct svy_error *e)
{
	size_t i;
	int rc;

	w->cols = svy_calloc(n, sizeof *w->cols);
	if (!w->cols)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	w->ncols = n;
	for (i = 0; i < n; i++)
		if (!(w->cols[i] = svy_strdup(names[i])))
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
	if (w->fmt == SVY_FMT_TABLE)
		return 0;            /* written, aligned, at close */
	if (w->fmt == SVY_FMT_JSON) {
		fputs("[", w->fp);
		return check(w, e);
	}
	for (i = 0; i < n; i++)
		if ((rc = put_field(w, i, names[i], strlen(names[i]), 0, e)) < 0)
			return rc;
	rc = end_row(w, e);
	w->nrows = 0;
	return rc;
}

static void json_row_start(struct svy_writer *w)
{
	if (w->fmt == SVY_FMT_JSON)
		fputs(w->nrows ? ",\n" : "\n", w->fp);
}

int svy_writer_row(struct svy_writer *w, const struct svy_cell *cells, size_t n,
                   struct svy_error *e)
{
	char buf[400];           /* "%.17f" of the largest double fits */
	size_t i;
	int rc;

	if (n != w->ncols)
		return svy_error_set(e, SVY_EDATA, "internal: %zu cells for %zu columns",
		                     n, w->ncols);
	json_row_start(w);
	for (i = 0; i < n; i++) {
		const char *s = render(w, &cells[i], buf, sizeof buf);
		int numeric = s != NULL;
		if (!s)
			s = cells[i].s ? cells[i].s : "";
		if ((rc = put_field(w, i, s, strlen(s), numeric, e)) < 0)
			return rc;
	}
	return end_row(w, e);
}

/* A number as JSON writes it, so that it reads back as the same text:
 * -?(0|[1-9][0-9]*)(.[0-9]+)?  ("007" and "+1" stay strings: ids keep their
 * zeros). */
static int plain_number(const char *s, size_t len)
{
	size_t i = 0, d;

	if (i < len && s[i] == '-')
		i++;
	if (i == len || s[i] < '0' || s[i] > '9')
		return 0;
	if (s[i] == '0' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
		return 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < len && s[i] == '.') {
		for (d = ++i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == len && len < 20;   /* longer ones would lose digits */
}

int svy_writer_strings(struct svy_writer *w, const char *const *fields,
                       const size_t *lens, size_t n, struct svy_error *e)
{
	size_t i;
	int rc;

	if (n != w->ncols)
		return svy_error_set(e, SVY_EDATA, "internal: %zu fields for %zu columns",
		                     n, w->ncols);
	json_row_start(w);
	for (i = 0; i < n; i++) {
		size_t len = lens ? lens[i] : strlen(fields[i]);
		/* JSON has types: an empty cell is null, a plain number a number */
		int numeric = w->fmt == SVY_FMT_JSON && (len == 0 || plain_number(fields[i], len));
		if ((rc = put_field(w, i, fields[i], len, numeric, e)) < 0)
			return rc;
	}
	return end_row(w, e);
}

/* Columns a code point takes on a terminal: 0 for combining marks and
 * zero-width characters, 2 for East Asian wide ones and emoji, else 1.  A
 * small table of our own rather than wcwidth(3), which needs a UTF-8 locale. */
static int cp_width(unsigned long c)
{
	static const unsigned long zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
		{ 0x064B, 0x065F }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x1AB0, 0x1AFF },
		{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 },
		{ 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
		{ 0x1F3FB, 0x1F3FF }, { 0xE0100, 0xE01EF },
	};
	static const unsigned long wide[][2] = {
		{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
		{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x26AA, 0x26AB },
		{ 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26F2, 0x26F5 }, { 0x2705, 0x2705 },
		{ 0x270A, 0x270B }, { 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x2753, 0x2755 },
		{ 0x2795, 0x2797 }, { 0x2B1B, 0x2B1C }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
		{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xA960, 0xA97F },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F },
		{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
		{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F251 },
		{ 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF }, { 0x1F7E0, 0x1F7EB },
		{ 0x1F90C, 0x1F9FF }, { 0x1FA70, 0x1FAFF }, { 0x20000, 0x3FFFD },
	};
	size_t i;

	for (i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (c >= zero[i][0] && c <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

/* Display width of UTF-8 text; a byte that starts no valid sequence counts 1. */
static size_t width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;

	while (*s) {
		unsigned long c = *s;
		int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		int i;
		if (len == 0) {
			n++;
			s++;
			continue;
		}
		if (len > 1) {
			c &= 0x3F >> (len - 1);
			for (i = 1; i < len; i++) {
				if ((s[i] & 0xC0) != 0x80)
					break;
				c = c << 6 | (s[i] & 0x3F);
			}
			if (i < len) {           /* truncated sequence */
				n++;
				s++;
				continue;
			}
		}
		n += (size_t)cp_width(c);
		s += len;
	}
	return n;
}

/* Row styles on a terminal: a low base dims the row, a significant result
 * makes it bold (by the columns low_base, significant, out, and p or p_adj
 * below 0.05 when there is no significant column). */
static const char *row_style(const struct svy_writer *w, size_t row)
{
	int low = 0, sig = 0;
	long sigcol = -1;
	size_t i;

	for (i = 0; i < w->ncols; i++)
		if (strcmp(w->cols[i], "significant") == 0)
			sigcol = (long)i;
	for (i = 0; i < w->ncols; i++) {
		const char *v = w->cells[row * w->ncols + i];
		const char *c = w->cols[i];
		if (strcmp(c, "low_base") == 0 && strcmp(v, "1") == 0)
			low = 1;
		else if ((strcmp(c, "significant") == 0 || strcmp(c, "out") == 0) &&
		         strcmp(v, "1") == 0)
			sig = 1;
		else if (sigcol < 0 && (strcmp(c, "p") == 0 || strcmp(c, "p_adj") == 0) &&
		         v[0] && strtod(v, NULL) < 0.05)
			sig = 1;
	}
	return low && sig ? "\033[1;2m" : low ? "\033[2m" : sig ? "\033[1m" : NULL;
}

static void pad(FILE *fp, size_t n)
{
	while (n--)
		putc(' ', fp);
}

static int flush_table(struct svy_writer *w)
{
	size_t *wd = svy_calloc(w->ncols ? w->ncols : 1, sizeof *wd);
	size_t i, j, k;

	if (!wd)
		return SVY_ENOMEM;
	for (i = 0; i < w->ncols; i++)
		wd[i] = width(w->cols[i]);
	for (k = 0; k < w->ncells; k++)
		if (width(w->cells[k]) > wd[k % w->ncols])
			wd[k % w->ncols] = width(w->cells[k]);
	/* the header takes the alignment of its column's first row */
	for (i = 0; i < w->ncols; i++) {
		int right = w->ncells > i && w->right[i];
		size_t fill = wd[i] - width(w->cols[i]);
		if (i)
			fputs("  ", w->fp);
		if (right)
			pad(w->fp, fill);
		fputs(w->cols[i], w->fp);
		if (!right && i + 1 < w->ncols)
			pad(w->fp, fill);
	}
	putc('\n', w->fp);
	for (j = 0; j * w->ncols < w->ncells; j++) {
		const char *style = w->color ? row_style(w, j) : NULL;
		if (style)
			fputs(style, w->fp);
		for (i = 0; i < w->ncols; i++) {
			k = j * w->ncols + i;
			size_t fill = wd[i] - width(w->cells[k]);
			if (i)
				fputs("  ", w->fp);
			if (w->right[k])
				pad(w->fp, fill);
			fputs(w->cells[k], w->fp);
			if (!w->right[k] && i + 1 < w->ncols)
				pad(w->fp, fill);
		}
		if (style)
			fputs("\033[0m", w->fp);
		putc('\n', w->fp);
	}
	svy_free(wd);
	return 0;
}

int svy_writer_close(struct svy_writer *w, struct svy_error *e)
{
	size_t i;
	int rc = 0;

	if (!w)
		return 0;
	line_flush(w);
	if (w->fmt == SVY_FMT_JSON && w->cols)
		fputs(w->nrows ? "\n]\n" : "]\n", w->fp);
	if (w->fmt == SVY_FMT_TABLE && w->cols && flush_table(w) < 0)
		rc = svy_error_set(e, SVY_ENOMEM, "out of memory");
	if (rc == 0 && (fflush(w->fp) != 0 || ferror(w->fp)))
		rc = svy_error_at(e, SVY_EIO, w->name, 0, NULL, "write error: %s",
		                  strerror(errno ? errno : EIO));
	if (w->fp != stdout) {
		if (fclose(w->fp) != 0 && rc == 0)
			rc = svy_error_at(e, SVY_EIO, w->name, 0, NULL, "close error: %s",
			                  strerror(errno));
	}
	for (i = 0; i < w->ncols; i++)
		svy_free(w->cols[i]);
	svy_free(w->cols);
	for (i = 0; i < w->ncells; i++)
		svy_free(w->cells[i]);
	svy_free(w->cells);
	svy_free(w->right);
	svy_free(w);
	return rc;
}
