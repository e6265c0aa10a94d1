/* test_writer.c - the result writer (lib/writer.c): CSV minimal quoting, TSV
 * quoting, JSON, the aligned table, number formatting, write errors.
 *
 * Each case writes to a temporary file and compares the bytes with the
 * expected text, written out by hand from the rules in writer.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "tap.h"

static char path[] = "/tmp/svy-test-writer-XXXXXX";

static char *slurp(const char *p)
{
	static char buf[8192];
	FILE *f = fopen(p, "rb");
	size_t n = 0;

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static struct svy_cell str(const char *s)
{
	struct svy_cell c = { SVY_CELL_STR, s, 0 };
	return c;
}

static struct svy_cell num(enum svy_cell_kind k, double v)
{
	struct svy_cell c = { k, NULL, v };
	return c;
}

/* Write a header and rows of strings in fmt; return the file's text. */
static const char *strings(enum svy_format fmt, char delim, const char *const *hdr,
                           size_t n, const char *const *rows, size_t nrows)
{
	struct svy_error e;
	struct svy_writer *w = svy_writer_open(path, fmt, delim, 2, &e);
	size_t i;

	if (!w)
		return "(open failed)";
	if (svy_writer_header(w, hdr, n, &e) < 0)
		return "(header failed)";
	for (i = 0; i < nrows; i++)
		if (svy_writer_strings(w, rows + i * n, NULL, n, &e) < 0)
			return "(row failed)";
	if (svy_writer_close(w, &e) < 0)
		return "(close failed)";
	return slurp(path);
}

/* Write a header and rows of cells; return the file's text. */
static const char *cells(enum svy_format fmt, int prec, const char *const *hdr,
                         size_t n, const struct svy_cell *rows, size_t nrows)
{
	struct svy_error e;
	struct svy_writer *w = svy_writer_open(path, fmt, 0, prec, &e);
	size_t i;

	if (!w)
		return "(open failed)";
	if (svy_writer_header(w, hdr, n, &e) < 0)
		return "(header failed)";
	for (i = 0; i < nrows; i++)
		if (svy_writer_row(w, rows + i * n, n, &e) < 0)
			return "(row failed)";
	if (svy_writer_close(w, &e) < 0)
		return "(close failed)";
	return slurp(path);
}

/* One number cell rendered in CSV at prec. */
static const char *one(enum svy_cell_kind k, double v, int prec)
{
	static char out[128];
	const char *hdr[] = { "x" };
	struct svy_cell c = num(k, v);
	const char *s = cells(SVY_FMT_CSV, prec, hdr, 1, &c, 1);

	/* drop "x\n" and the final "\n" */
	snprintf(out, sizeof out, "%s", strncmp(s, "x\n", 2) == 0 ? s + 2 : s);
	if (*out && out[strlen(out) - 1] == '\n')
		out[strlen(out) - 1] = '\0';
	return out;
}

static void csv_quoting(void)
{
	const char *hdr[] = { "a", "b c", "d,e" };
	const char *rows[] = {
		"plain", "with,comma", "q\"uote",
		"line\nbreak", "cr\rx", " lead",
		"trail ", "mid dle", "",
		"tab\there", "semi;colon", "'single'",
	};

	is_str(strings(SVY_FMT_CSV, 0, hdr, 3, rows, 4),
	       "a,b c,\"d,e\"\n"
	       "plain,\"with,comma\",\"q\"\"uote\"\n"
	       "\"line\nbreak\",\"cr\rx\",\" lead\"\n"
	       "\"trail \",mid dle,\n"
	       "tab\there,semi;colon,'single'\n",
	       "CSV quotes only delimiter, quote, CR, LF, leading or trailing space");
	/* with ';' as the delimiter a comma needs no quotes, a ';' does */
	is_str(strings(SVY_FMT_CSV, ';', hdr, 3, rows + 9, 1),
	       "a;b c;d,e\ntab\there;\"semi;colon\";'single'\n",
	       "CSV with ';': the delimiter decides what is quoted");
	{
		const char *h1[] = { "only" };
		const char *r1[] = { "" };
		/* an empty line would be skipped when read back, as blank lines are */
		is_str(strings(SVY_FMT_CSV, 0, h1, 1, r1, 1), "only\n\"\"\n",
		       "a row of one empty field is two quotes, not an empty line");
		is_str(strings(SVY_FMT_TSV, 0, h1, 1, r1, 1), "only\n\"\"\n",
		       "the same in TSV");
	}
}

static void tsv_quoting(void)
{
	const char *hdr[] = { "a", "b" };
	const char *rows[] = { "x\ty", "back\\slash", "l1\nl2\r", "\"q\", ,", "c,d", " lead" };

	/* the dialect -t reads: CSV's quoting with a tab for the comma */
	is_str(strings(SVY_FMT_TSV, 0, hdr, 2, rows, 3),
	       "a\tb\n\"x\ty\"\tback\\slash\n\"l1\nl2\r\"\t\"\"\"q\"\", ,\"\nc,d\t\" lead\"\n",
	       "TSV: a tab, quote, CR, LF or end space is quoted as in CSV; a comma or backslash is not");
}

static void json(void)
{
	const char *hdr[] = { "k\"ey", "v", "e", "i", "p" };
	struct svy_cell row[] = {
		str("x\"y\\z\n\t\x01\x7f" "\xc3\xa9"), num(SVY_CELL_NUM, -1.5),
		num(SVY_CELL_EMPTY, 0), num(SVY_CELL_INT, 42), num(SVY_CELL_PROB, 0.00012345),
		str(""), num(SVY_CELL_NUM, -0.0), num(SVY_CELL_NUM, 100),
		num(SVY_CELL_INT, 0), num(SVY_CELL_EMPTY, 0),
	};

	/* strings escaped (\" \\ \n \t, control bytes as \u00XX, UTF-8 kept),
	 * numbers bare with the cell's decimals, empty cells null */
	is_str(cells(SVY_FMT_JSON, 2, hdr, 5, row, 2),
	       "[\n"
	       "{\"k\\\"ey\": \"x\\\"y\\\\z\\n\\t\\u0001\\u007f\xc3\xa9\", \"v\": -1.50, "
	       "\"e\": null, \"i\": 42, \"p\": 0.0001},\n"
	       "{\"k\\\"ey\": \"\", \"v\": 0.00, \"e\": 100.00, \"i\": 0, \"p\": null}\n"
	       "]\n",
	       "JSON: array of objects, escapes, numbers, null");
	is_str(cells(SVY_FMT_JSON, 2, hdr, 5, row, 0), "[]\n", "JSON with no rows: []");
}

static void table(void)
{
	const char *hdr[] = { "region", "n", "nps", "note" };
	struct svy_cell rows[] = {
		str("North"), num(SVY_CELL_INT, 117), num(SVY_CELL_NUM, 25.641), str("ok"),
		str("Central"), num(SVY_CELL_INT, 20), num(SVY_CELL_NUM, -5.5), str(""),
		str("Z\xc3\xbcrich"), num(SVY_CELL_INT, 3), num(SVY_CELL_EMPTY, 0), str("small"),
	};

	/* widths: region max(6, 5, 7, 6 code points) = 7; n max(1, 3) = 3;
	 * nps max(3, 5) = 5; note max(4, 2, 0, 5) = 5.  Text left, numbers right
	 * (the header takes its column's alignment), two spaces between columns,
	 * no padding after the last column. */
	is_str(cells(SVY_FMT_TABLE, 2, hdr, 4, rows, 3),
	       "region     n    nps  note\n"
	       "North    117  25.64  ok\n"
	       "Central   20  -5.50  \n"
	       "Z\xc3\xbcrich     3         small\n",
	       "table: aligned columns");
}

static void numbers(void)
{
	/* glibc's %.*f rounds the binary value, ties to even: 0.125 and 0.375 are
	 * exact binary fractions, 2.675 is 2.67499999999999982236431605997495353221893310546875 */
	is_str(one(SVY_CELL_NUM, 0.125, 2), "0.12", "0.125 -> 0.12 (half to even)");
	is_str(one(SVY_CELL_NUM, 0.375, 2), "0.38", "0.375 -> 0.38 (half to even)");
	is_str(one(SVY_CELL_NUM, 2.675, 2), "2.67", "2.675 -> 2.67 (binary value below the tie)");
	is_str(one(SVY_CELL_NUM, 12.5, 0), "12", "12.5 -> 12 at precision 0");
	is_str(one(SVY_CELL_NUM, 13.5, 0), "14", "13.5 -> 14 at precision 0");
	is_str(one(SVY_CELL_NUM, 1.0 / 3, 4), "0.3333", "precision 4");
	is_str(one(SVY_CELL_NUM, 2.0 / 3, 12), "0.666666666667", "precision 12");
	is_str(one(SVY_CELL_NUM, -0.0, 2), "0.00", "negative zero printed as 0.00");
	is_str(one(SVY_CELL_NUM, -0.004, 2), "0.00", "-0.004 rounds to 0.00, no minus sign");
	is_str(one(SVY_CELL_NUM, -0.4, 0), "0", "-0.4 at precision 0 is 0");
	is_str(one(SVY_CELL_NUM, -0.006, 2), "-0.01", "-0.006 keeps its sign");
	is_str(one(SVY_CELL_NUM, -100, 2), "-100.00", "-100.00");
	is_str(one(SVY_CELL_INT, 394, 2), "394", "a count has no decimals");
	is_str(one(SVY_CELL_PROB, 2.1807258595863151e-05, 2), "0.0000",
	       "a p-value has at least 4 decimals");
	is_str(one(SVY_CELL_PROB, 0.035102918909960909, 2), "0.0351", "p 0.0351");
	is_str(one(SVY_CELL_PROB, 0.035102918909960909, 6), "0.035103",
	       "a p-value takes more decimals when asked");
	is_str(one(SVY_CELL_EXACT, 0.1, 2), "0.10000000000000001", "state values are %%.17g");
	/* the row's only field, so two quotes (an empty line is no row);
	 * among other fields it is nothing at all: see csv_quoting */
	is_str(one(SVY_CELL_EMPTY, 5, 2), "\"\"", "an empty cell has no value in it");
	{
		char buf[64];
		is_str(svy_num_fixed(-0.0, 2, buf, sizeof buf), "0.00", "svy_num_fixed(-0.0)");
		is_str(svy_num_exact(29.05, buf, sizeof buf), "29.050000000000001",
		       "svy_num_exact(29.05)");
	}
}

static void errors(void)
{
	const char *hdr[] = { "a", "b" };
	const char *row[] = { "1", "2" };
	static const enum svy_format fmts[] = { SVY_FMT_CSV, SVY_FMT_TSV, SVY_FMT_JSON,
	                                        SVY_FMT_TABLE };
	static const char *const names[] = { "csv", "tsv", "json", "table" };
	struct svy_error e;
	struct svy_writer *w;
	enum svy_format f;
	size_t i;
	int rc;

	for (i = 0; i < 4; i++) {
		svy_error_clear(&e);
		w = svy_writer_open("/dev/full", fmts[i], 0, 2, &e);
		if (!ok(w != NULL, "/dev/full opens (%s)", names[i]))
			continue;
		svy_writer_header(w, hdr, 2, &e);
		svy_writer_strings(w, row, NULL, 2, &e);
		svy_error_clear(&e);
		rc = svy_writer_close(w, &e);
		ok(rc == SVY_EIO && e.code == SVY_EIO && strcmp(e.file, "/dev/full") == 0,
		   "/dev/full: SVY_EIO at close naming the file (%s; got %d: %s)", names[i],
		   rc, e.msg);
	}
	svy_error_clear(&e);
	w = svy_writer_open("/nonexistent/svy-test/out.csv", SVY_FMT_CSV, 0, 2, &e);
	ok(w == NULL && e.code == SVY_EIO, "unwritable path: SVY_EIO at open");
	w = svy_writer_open(path, SVY_FMT_CSV, 0, 2, &e);
	svy_writer_header(w, hdr, 2, &e);
	ok(svy_writer_strings(w, row, NULL, 1, &e) < 0, "a row of the wrong width fails");
	svy_writer_close(w, &e);
	ok(svy_format_parse("json", &f, &e) == 0 && f == SVY_FMT_JSON, "format json");
	ok(svy_format_parse("table", &f, &e) == 0 && f == SVY_FMT_TABLE, "format table");
	ok(svy_format_parse("xml", &f, &e) == SVY_EUSAGE && strstr(e.msg, "'xml'"),
	   "format xml: SVY_EUSAGE naming it");
}

/* The quoting test reads eight bytes at a time: a special byte must be
 * found at every offset of fields of every length up to three words, and
 * bytes just above and below the specials, or with the high bit set, must
 * not make a field quoted. */
static void csv_quoting_offsets(void)
{
	static const char special[] = { ',', '"', '\n', '\r', ';' };
	static const char near[] = { '#', '!', ' ', '\t', '\x0b', '\x0c', '\x0e', '+', '-',
	                             ':', '<', '\x80', '\xa2', '\xac', '\xff', '\x01' };
	const char *hdr[] = { "x" };
	char field[32], want[80];
	const char *row[1] = { field };
	size_t len, at, k;
	unsigned bad = 0, cases = 0;

	for (len = 1; len <= 24; len++) {
		for (at = 0; at < len; at++) {
			for (k = 0; k < sizeof special; k++) {
				const char delim = special[k] == ';' ? ';' : 0;
				const char *out;

				memset(field, 'a', len);
				field[len] = '\0';
				field[at] = special[k];
				out = strings(SVY_FMT_CSV, delim, hdr, 1, row, 1);
				/* quoted, a quote doubled */
				snprintf(want, sizeof want, "x\n\"%.*s%s%s\"\n", (int)at, field,
				         special[k] == '"' ? "\"\"" : (char[]){ special[k], 0 },
				         field + at + 1);
				bad += strcmp(out, want) != 0;
				cases++;
			}
			for (k = 0; k < sizeof near; k++) {
				memset(field, 'b', len);
				field[len] = '\0';
				field[at] = near[k];
				if ((near[k] == ' ' && (at == 0 || at == len - 1)))
					continue;          /* a space at either end is quoted */
				snprintf(want, sizeof want, "x\n%s\n", field);
				bad += strcmp(strings(SVY_FMT_CSV, 0, hdr, 1, row, 1), want) != 0;
				cases++;
			}
		}
	}
	ok(bad == 0, "CSV quoting at every offset of fields of 1 to 24 bytes (%u cases, %u wrong)",
	   cases, bad);
}

int main(void)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return 2;
	close(fd);
	csv_quoting();
	csv_quoting_offsets();
	tsv_quoting();
	json();
	table();
	numbers();
	errors();
	unlink(path);
	return done();
}
