/* detect.c - platform signatures in the header rows, header-row counting,
 * column names and wording, id/date/score columns, and the reasons.
 *
 * Order of decisions: platform (row 1), header rows (is row 2/3 labels,
 * JSON or already data?), per-column name and wording, Qualtrics row-3
 * JSON, id and date columns, score candidates.  Every step that decides
 * something adds one sentence to d->reason. */
#include "detect.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "mem.h"
#include "words.h"

struct ctx {
	const char *const *const *rows;
	const size_t *nf;
	size_t nrows;
	struct svy_detect *d;
	int label_row;              /* 0-based row holding question text, or -1 */
	int nomem;
};

static const char *const platform_names[SVY_PLATFORM_COUNT] = {
	"generic", "qualtrics", "qualtrics-insights", "qualtrics-legacy",
	"surveymonkey", "typeform", "google-forms", "ms-forms", "delighted",
	"zendesk",
};

const char *svy_platform_name(int platform)
{
	return platform >= 0 && platform < SVY_PLATFORM_COUNT ? platform_names[platform] : "?";
}

static int is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ASCII case-insensitive equality, ignoring spaces around a. */
static int ieq(const char *a, const char *b)
{
	size_t n;

	while (*a == ' ')
		a++;
	n = strlen(a);
	while (n && a[n - 1] == ' ')
		n--;
	if (strlen(b) != n)
		return 0;
	for (; n; n--, a++, b++)
		if (svy_lower((unsigned char)*a) != svy_lower((unsigned char)*b))
			return 0;
	return 1;
}

static int istarts(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (svy_lower((unsigned char)*s) != svy_lower((unsigned char)*prefix))
			return 0;
	return 1;
}

static int iends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && ieq(s + n - k, suffix);
}

static int icontains(const char *hay, const char *needle)
{
	for (; *hay; hay++)
		if (istarts(hay, needle))
			return 1;
	return 0;
}

/* s reduced to lower-case letters and digits equals key ("Respondent ID",
 * "respondent_id" and "RespondentID" are all "respondentid"). */
static int alnum_eq(const char *s, const char *key)
{
	for (;; s++) {
		if (*s && !is_alnum((unsigned char)*s))
			continue;
		if (svy_lower((unsigned char)*s) != *key)
			return 0;
		if (!*s)
			return 1;
		key++;
	}
}

int svy_platform_parse(const char *name, struct svy_error *e)
{
	int p;

	for (p = 0; p < SVY_PLATFORM_COUNT; p++)
		if (ieq(name, platform_names[p]))
			return p;
	return svy_error_set(e, SVY_EUSAGE,
	                     "unknown platform '%.40s' (known: generic, qualtrics, "
	                     "qualtrics-insights, qualtrics-legacy, surveymonkey, typeform, "
	                     "google-forms, ms-forms, delighted, zendesk)", name);
}

/* Row r, column c; "" past the end.  A UTF-8 BOM glued to the very first
 * cell is skipped. */
static const char *cell(const struct ctx *x, size_t r, size_t c)
{
	const char *s;

	if (r >= x->nrows || c >= x->nf[r] || !x->rows[r][c])
		return "";
	s = x->rows[r][c];
	if (r == 0 && c == 0 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	return s;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* First column of row r equal to any of names (earlier names first). */
static long find_in_row(const struct ctx *x, size_t r, const char *const *names)
{
	size_t c;

	for (; *names; names++)
		for (c = 0; c < x->d->ncols; c++)
			if (ieq(cell(x, r, c), *names))
				return (long)c;
	return -1;
}

static long find_name(const struct svy_detect *d, const char *const *names)
{
	size_t c;

	for (; *names; names++)
		for (c = 0; c < d->ncols; c++)
			if (d->name[c] && ieq(d->name[c], *names))
				return (long)c;
	return -1;
}

__attribute__((format(printf, 2, 3)))
static void reason(struct ctx *x, const char *fmt, ...)
{
	struct svy_detect *d = x->d;
	char buf[512], **r;
	va_list ap;

	if (x->nomem)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r = svy_grow_one(d->reason, d->nreasons, sizeof *r);
	if (!r) {
		x->nomem = 1;
		return;
	}
	d->reason = r;
	if (!(r[d->nreasons] = svy_strdup(buf)))
		x->nomem = 1;
	else
		d->nreasons++;
}

/* A column name for a message: at most 40 bytes, control bytes escaped. */
static const char *q(const char *s, char *buf, size_t size)
{
	return svy_error_quote(s, strlen(s), buf, size);
}

/* ---- platform ---- */

static const char *const S_RESPONSEID[] = { "ResponseId", "ResponseID", NULL };
static const char *const S_STARTDATE[] = { "StartDate", NULL };
static const char *const S_ENDDATE[] = { "EndDate", NULL };
static const char *const S_QMETA[] = { "ResponseId", "Status", "RecordedDate", "Finished", NULL };
static const char *const S_SM_ID[] = { "Respondent ID", "RespondentID", NULL };
static const char *const S_SM_COLLECTOR[] = { "Collector ID", "CollectorID", NULL };
static const char *const S_TF_TAIL[] = { "Response Type", "Start Date (UTC)",
	"Submit Date (UTC)", "Stage Date (UTC)", "Network ID", NULL };
static const char *const S_GF_TIME[] = { "Timestamp", "Marca temporal", "Horodateur",
	"Zeitstempel", "Carimbo de data/hora", "Informazioni cronologiche", NULL };
static const char *const S_MS_ID[] = { "ID", NULL };
static const char *const S_MS_START[] = { "Start time", NULL };
static const char *const S_MS_END[] = { "Completion time", NULL };
static const char *const S_SCORE[] = { "Score", NULL };
static const char *const S_COMMENT[] = { "Comment", NULL };
static const char *const S_ZD_SCORE[] = { "Satisfaction Score", NULL };
static const char *const S_ZD_OTHER[] = { "Created at", "Id", NULL };

static int detect_platform(struct ctx *x)
{
	const struct svy_detect *d = x->d;
	char b1[48], b2[48];
	long c, k;
	size_t i;

	if (strcmp(cell(x, 0, 0), "respondent_id") == 0 && strcmp(cell(x, 0, 1), "date") == 0) {
		reason(x, "row 1 starts respondent_id, date: already tidy (survey-ingest output), "
		          "read as generic CSV");
		return SVY_PLATFORM_GENERIC;
	}
	if (ieq(cell(x, 0, 0), "ResponseID") && ieq(cell(x, 0, 1), "ResponseSet")) {
		reason(x, "row 1 starts ResponseID, ResponseSet: Qualtrics, the 2016-17 "
		          "\"Insights\" exporter (or a legacy export without its V1..V10 row)");
		return SVY_PLATFORM_QUALTRICS_INSIGHTS;
	}
	if (ieq(cell(x, 0, 0), "V1") && (d->ncols < 2 || ieq(cell(x, 0, 1), "V2"))) {
		reason(x, "row 1 starts V1, V2: legacy Qualtrics");
		return SVY_PLATFORM_QUALTRICS_LEGACY;
	}
	if (find_in_row(x, 0, S_STARTDATE) >= 0 && find_in_row(x, 0, S_ENDDATE) >= 0
	    && (k = find_in_row(x, 0, S_QMETA)) >= 0) {
		reason(x, "row 1 has StartDate, EndDate and %s: Qualtrics (2017+ format)",
		       q(cell(x, 0, (size_t)k), b1, sizeof b1));
		return SVY_PLATFORM_QUALTRICS;
	}
	if ((c = find_in_row(x, 0, S_SM_ID)) >= 0 && (k = find_in_row(x, 0, S_SM_COLLECTOR)) >= 0) {
		reason(x, "row 1 has '%s' and '%s': SurveyMonkey",
		       q(cell(x, 0, (size_t)c), b1, sizeof b1), q(cell(x, 0, (size_t)k), b2, sizeof b2));
		return SVY_PLATFORM_SURVEYMONKEY;
	}
	if (ieq(cell(x, 0, 0), "#") && (k = find_in_row(x, 0, S_TF_TAIL)) >= 0) {
		reason(x, "row 1 starts with '#' and has '%s': Typeform",
		       q(cell(x, 0, (size_t)k), b1, sizeof b1));
		return SVY_PLATFORM_TYPEFORM;
	}
	for (i = 0; S_GF_TIME[i]; i++) {
		if (ieq(cell(x, 0, 0), S_GF_TIME[i])) {
			reason(x, "row 1 starts with '%s': Google Forms", S_GF_TIME[i]);
			return SVY_PLATFORM_GOOGLE_FORMS;
		}
	}
	if (find_in_row(x, 0, S_MS_ID) >= 0 && find_in_row(x, 0, S_MS_START) >= 0
	    && find_in_row(x, 0, S_MS_END) >= 0) {
		reason(x, "row 1 has ID, Start time and Completion time: Microsoft Forms");
		return SVY_PLATFORM_MS_FORMS;
	}
	if (find_in_row(x, 0, S_SCORE) >= 0 && find_in_row(x, 0, S_COMMENT) >= 0) {
		for (i = 0; i < d->ncols; i++) {
			if (istarts(cell(x, 0, i), "Delighted ")) {
				reason(x, "row 1 has Score, Comment and '%s': Delighted",
				       q(cell(x, 0, i), b1, sizeof b1));
				return SVY_PLATFORM_DELIGHTED;
			}
		}
	}
	if (find_in_row(x, 0, S_ZD_SCORE) >= 0 && (k = find_in_row(x, 0, S_ZD_OTHER)) >= 0) {
		reason(x, "row 1 has Satisfaction Score and '%s': Zendesk",
		       q(cell(x, 0, (size_t)k), b1, sizeof b1));
		return SVY_PLATFORM_ZENDESK;
	}
	reason(x, "no platform signature in row 1: generic CSV");
	return SVY_PLATFORM_GENERIC;
}

/* ---- header rows ---- */

enum { ROW_LABEL, ROW_JSON, ROW_DATA };

static int is_json_row(const struct ctx *x, size_t r)
{
	size_t c;

	for (c = 0; c < x->d->ncols; c++) {
		const char *s = cell(x, r, c);

		while (*s == ' ')
			s++;
		if (*s == '{' && strstr(s, "ImportId"))
			return 1;
	}
	return 0;
}

static int is_int(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	while (*s == ' ')
		s++;
	return *s == '\0';
}

static int is_date(const char *s)
{
	struct svy_date dt;

	return svy_date_parse(&dt, s, strlen(s), SVY_DATE_MDY, NULL) == 0
	       || svy_date_parse(&dt, s, strlen(s), SVY_DATE_DMY, NULL) == 0;
}

/* Does row r hold answers?  Only metadata columns can tell: a label row
 * says "Start Date" (or "Anfangsdatum") where a data row has a date. */
static int row_kind(const struct ctx *x, size_t r, const char **evidence)
{
	static const char *const dates[] = { "StartDate", "EndDate", "RecordedDate",
		"Start Date", "End Date", NULL };
	static const char *const ints[] = { "Progress", "Duration (in seconds)", "Status",
		"Respondent ID", "RespondentID", "Collector ID", "CollectorID", NULL };
	static const char *const *const lists[2] = { dates, ints };
	size_t l, i;
	long c;

	if (is_json_row(x, r))
		return ROW_JSON;
	c = find_in_row(x, 0, S_RESPONSEID);
	if (c >= 0 && strncmp(cell(x, r, (size_t)c), "R_", 2) == 0) {
		*evidence = "ResponseId";
		return ROW_DATA;
	}
	for (l = 0; l < 2; l++) {
		for (i = 0; lists[l][i]; i++) {
			const char *one[2] = { lists[l][i], NULL };

			if ((c = find_in_row(x, 0, one)) < 0)
				continue;
			if (l == 0 ? is_date(cell(x, r, (size_t)c)) : is_int(cell(x, r, (size_t)c))) {
				*evidence = lists[l][i];
				return ROW_DATA;
			}
		}
	}
	return ROW_LABEL;
}

static int count_header_rows(struct ctx *x)
{
	const char *ev = NULL;
	int p = x->d->platform, n = 1;
	size_t r;

	switch (p) {
	case SVY_PLATFORM_QUALTRICS:
	case SVY_PLATFORM_QUALTRICS_INSIGHTS:
		for (r = 1; r < 3 && r < x->nrows; r++) {
			int k = row_kind(x, r, &ev);

			if (k == ROW_DATA) {
				reason(x, "row %zu holds a response (%s has data): %d header row%s",
				       r + 1, ev, n, n > 1 ? "s" : "");
				return n;
			}
			n++;
			if (k == ROW_JSON) {
				reason(x, "row %zu holds ImportId JSON: the last header row", r + 1);
				return n;
			}
			reason(x, "row %zu holds question text (no metadata column has data)", r + 1);
			if (x->label_row < 0)
				x->label_row = (int)r;
		}
		return n;
	case SVY_PLATFORM_QUALTRICS_LEGACY:
		if (x->nrows >= 2 && find_in_row(x, 1, S_RESPONSEID) >= 0) {
			reason(x, "row 2 names the V columns (ResponseID, ...): 2 header rows");
			x->label_row = 1;
			return 2;
		}
		reason(x, "row 2 does not name the V columns: 1 header row");
		return 1;
	case SVY_PLATFORM_SURVEYMONKEY:
		if (x->nrows < 2)
			return 1;
		if (row_kind(x, 1, &ev) == ROW_DATA) {
			reason(x, "row 2 holds a response (%s has data): 1 header row", ev);
			return 1;
		}
		reason(x, "row 2 holds sub-labels (Response, choices): 2 header rows");
		x->label_row = 1;
		return 2;
	default:
		reason(x, "1 header row");
		return 1;
	}
}

/* ---- names and wording ---- */

static char *dup_or_nomem(struct ctx *x, const char *s)
{
	char *p = svy_strdup(s);

	if (!p)
		x->nomem = 1;
	return p;
}

static char *join(struct ctx *x, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = svy_malloc(na + nb + 4);

	if (!p) {
		x->nomem = 1;
		return NULL;
	}
	memcpy(p, a, na);
	memcpy(p + na, " - ", 3);
	memcpy(p + na + 3, b, nb + 1);
	return p;
}

static int is_vcol(const char *s)
{
	if (*s != 'V' && *s != 'v')
		return 0;
	return s[1] && is_int(s + 1);
}

/* SurveyMonkey: a question's text is over its first column only; its
 * sub-label in row 2 says which answer a column holds.  A lone "Response"
 * or "Open-Ended Response" under a one-column question adds nothing. */
static void surveymonkey_names(struct ctx *x, int labels)
{
	struct svy_detect *d = x->d;
	const char *fill = "";
	size_t c;

	for (c = 0; c < d->ncols && !x->nomem; c++) {
		const char *top = cell(x, 0, c), *sub = labels ? cell(x, 1, c) : "";
		int cont = blank(top), spans;

		if (!cont)
			fill = top;
		spans = cont || (c + 1 < d->ncols && blank(cell(x, 0, c + 1)) && !blank(fill));
		d->text[c] = dup_or_nomem(x, fill);
		if (blank(sub) || blank(fill)
		    || (!spans && (ieq(sub, "Response") || ieq(sub, "Open-Ended Response"))))
			d->name[c] = dup_or_nomem(x, blank(fill) ? sub : fill);
		else
			d->name[c] = join(x, fill, sub);
	}
}

static void names(struct ctx *x)
{
	struct svy_detect *d = x->d;
	size_t c;
	int n = 0;

	if (d->platform == SVY_PLATFORM_SURVEYMONKEY) {
		surveymonkey_names(x, d->header_rows >= 2);
		reason(x, "names: question text carried over blank cells of row 1%s",
		       d->header_rows >= 2 ? " and joined with the row-2 label by ' - '" : "");
		return;
	}
	for (c = 0; c < d->ncols && !x->nomem; c++) {
		const char *top = cell(x, 0, c);
		const char *lab = x->label_row >= 0 ? cell(x, (size_t)x->label_row, c) : "";

		if (d->platform == SVY_PLATFORM_QUALTRICS_LEGACY && x->label_row >= 0 && is_vcol(top)) {
			d->name[c] = dup_or_nomem(x, lab);
			n++;
		} else {
			d->name[c] = dup_or_nomem(x, top);
		}
		d->text[c] = dup_or_nomem(x, blank(lab) ? d->name[c] ? d->name[c] : "" : lab);
	}
	if (n)
		reason(x, "names: row 2 for the %d V columns, row 1 for the others", n);
	else if (x->label_row >= 0)
		reason(x, "names from row 1; question wording from row %d", x->label_row + 1);
}

/* ---- Qualtrics row-3 JSON ---- */

/* The string value of key in a JSON-ish object with " or ' quotes; no
 * escapes (Qualtrics ids and zone names have none).  1 if found. */
static int json_get(const char *s, const char *key, char *out, size_t size)
{
	size_t kn = strlen(key);
	const char *p;

	for (p = s; (p = strstr(p, key)); p += kn) {
		char quote;
		size_t k = 0;
		const char *v;

		if (p == s || (p[-1] != '"' && p[-1] != '\'') || p[kn] != p[-1])
			continue;
		v = p + kn + 1;
		while (*v == ' ')
			v++;
		if (*v++ != ':')
			continue;
		while (*v == ' ')
			v++;
		if (*v != '"' && *v != '\'')
			continue;
		quote = *v++;
		while (*v && *v != quote && *v != '\\' && k + 1 < size)
			out[k++] = *v++;
		if (*v != quote)
			return 0;
		out[k] = '\0';
		return 1;
	}
	return 0;
}

static int zone_ok(const char *z)
{
	if (!*z)
		return 0;
	for (; *z; z++)
		if (!is_alnum((unsigned char)*z) && *z != '/' && *z != '_' && *z != '-' && *z != '+')
			return 0;
	return 1;
}

static void import_ids(struct ctx *x)
{
	struct svy_detect *d = x->d;
	char buf[128], b1[48];
	size_t r, c, n = 0;

	for (r = 1; r < (size_t)d->header_rows && r < x->nrows; r++) {
		if (!is_json_row(x, r))
			continue;
		n = 0;
		for (c = 0; c < d->ncols && !x->nomem; c++) {
			const char *s = cell(x, r, c);

			if (json_get(s, "ImportId", buf, sizeof buf)) {
				svy_free(d->import_id[c]);
				d->import_id[c] = dup_or_nomem(x, buf);
				n++;
			}
			if (!d->timezone[0] && json_get(s, "timeZone", buf, sizeof buf)) {
				if (zone_ok(buf) && strlen(buf) < sizeof d->timezone) {
					strcpy(d->timezone, buf);
					reason(x, "row %zu says the dates are in time zone %s (column '%s')",
					       r + 1, buf, q(cell(x, 0, c), b1, sizeof b1));
				}
			}
		}
		reason(x, "row %zu gives ImportIds for %zu column%s", r + 1, n, n == 1 ? "" : "s");
	}
}

/* ---- id and date ---- */

/* SurveyMonkey's own timestamps: the platform writes them itself, always
 * MM/DD/YYYY hh:mm:ss AM, whatever the account's locale. */
static const char *const sm_date[] = { "End Date", "EndDate", "Start Date", "StartDate", NULL };

int svy_detect_date_order(const struct svy_detect *d, long col)
{
	const char *const *n;

	if (d->platform != SVY_PLATFORM_SURVEYMONKEY || col < 0 || (size_t)col >= d->ncols
	    || !d->name[col])
		return SVY_DATE_AUTO;
	for (n = sm_date; *n; n++)
		if (ieq(d->name[col], *n))
			return SVY_DATE_MDY;
	return SVY_DATE_AUTO;
}

static long find_alnum(const struct svy_detect *d, const char *const *keys)
{
	size_t c;

	for (; *keys; keys++)
		for (c = 0; c < d->ncols; c++)
			if (d->name[c] && alnum_eq(d->name[c], *keys))
				return (long)c;
	return -1;
}

static void id_and_date(struct ctx *x)
{
	static const char *const gen_id[] = { "respondentid", "responseid", "respondent",
		"submissionid", "requestid", "recordid", "id", "token", "uuid", NULL };
	static const char *const gen_date[] = { "responsereceivedat", "submittedat",
		"submitdate", "submissiondate", "recordeddate", "enddate", "completiontime",
		"completedat", "responsetimestamp", "timestamp", "createdat", "date",
		"datetime", "responsedate", "time", NULL };
	static const char *const q_id[] = { "ResponseId", "ResponseID", NULL };
	static const char *const q_date[] = { "RecordedDate", "EndDate", "StartDate", NULL };
	static const char *const sm_id[] = { "Respondent ID", "RespondentID", NULL };
	static const char *const tf_id[] = { "#", NULL };
	static const char *const tf_date[] = { "Submit Date (UTC)", "Start Date (UTC)", NULL };
	static const char *const ms_id[] = { "ID", NULL };
	static const char *const ms_date[] = { "Completion time", "Start time", NULL };
	static const char *const gen_id_exact[] = { "respondent_id", NULL };
	static const char *const gen_date_exact[] = { "date", NULL };
	static const char *const zd_id[] = { "Id", NULL };
	static const char *const zd_date[] = { "Solved at", "Created at", NULL };
	struct svy_detect *d = x->d;
	const char *const *ids = NULL, *const *dates = NULL;
	char b1[48];

	switch (d->platform) {
	case SVY_PLATFORM_QUALTRICS:
	case SVY_PLATFORM_QUALTRICS_INSIGHTS:
	case SVY_PLATFORM_QUALTRICS_LEGACY:
		ids = q_id;
		dates = q_date;
		break;
	case SVY_PLATFORM_SURVEYMONKEY:
		ids = sm_id;
		dates = sm_date;
		break;
	case SVY_PLATFORM_TYPEFORM:
		ids = tf_id;
		dates = tf_date;
		break;
	case SVY_PLATFORM_MS_FORMS:
		ids = ms_id;
		dates = ms_date;
		break;
	case SVY_PLATFORM_ZENDESK:
		ids = zd_id;
		dates = zd_date;
		break;
	case SVY_PLATFORM_GOOGLE_FORMS:
		d->date_col = 0;
		break;
	case SVY_PLATFORM_GENERIC:      /* the tidy names first */
		ids = gen_id_exact;
		dates = gen_date_exact;
		break;
	}
	if (ids)
		d->id_col = find_name(d, ids);
	if (dates)
		d->date_col = find_name(d, dates);
	if (d->id_col < 0 && d->platform != SVY_PLATFORM_GOOGLE_FORMS)
		d->id_col = find_alnum(d, gen_id);
	if (d->date_col < 0)
		d->date_col = find_alnum(d, gen_date);
	if (d->date_col == d->id_col)
		d->date_col = -1;

	if (d->id_col >= 0)
		reason(x, "respondent id: column %ld '%s'", d->id_col + 1,
		       q(d->name[d->id_col], b1, sizeof b1));
	else
		reason(x, "no respondent id column: the row number will serve");
	if (d->date_col >= 0)
		reason(x, "date: column %ld '%s'", d->date_col + 1,
		       q(d->name[d->date_col], b1, sizeof b1));
	else
		reason(x, "no date column found");
	if (d->platform == SVY_PLATFORM_TYPEFORM && d->date_col >= 0
	    && icontains(d->name[d->date_col], "(UTC)")) {
		d->date_utc = 1;
		reason(x, "Typeform dates are UTC (the column name says so)");
	}
}

/* ---- score candidates ---- */

static void add_cand(struct ctx *x, size_t col, int kind, const char *why)
{
	struct svy_detect *d = x->d;
	struct svy_candidate *c;
	size_t i;

	/* sorted by column, and columns come mostly in order: only the tail
	 * can hold this column (a scan of all made 80 000 candidates take
	 * seconds) */
	for (i = d->ncand; i > 0 && d->cand[i - 1].col >= col; i--)
		if (d->cand[i - 1].col == col && d->cand[i - 1].kind == kind)
			return;
	c = svy_grow_one(d->cand, d->ncand, sizeof *c);
	if (!c) {
		x->nomem = 1;
		return;
	}
	d->cand = c;
	/* keep column order: insert before the first later column */
	for (i = d->ncand; i > 0 && d->cand[i - 1].col > col; i--)
		d->cand[i] = d->cand[i - 1];
	d->cand[i].col = col;
	d->cand[i].kind = kind;
	d->cand[i].why = why;
	d->ncand++;
}

/* "How likely are you to recommend" in English and the usual translations
 * (wahrscheinlich/empfehlen, probabilité/recommander, probabilidad/
 * recomendar, probabilità/raccomandare). */
static int nps_wording(const char *t)
{
	static const char *const likely[] = { "likely", "wahrscheinlich", "probab", NULL };
	static const char *const recommend[] = { "recommend", "empfehl", "recommand",
		"recomend", "raccomand", NULL };
	int a = 0, b = 0, i;

	for (i = 0; likely[i]; i++)
		a |= icontains(t, likely[i]);
	for (i = 0; recommend[i]; i++)
		b |= icontains(t, recommend[i]);
	return a && b;
}

static void candidates(struct ctx *x)
{
	struct svy_detect *d = x->d;
	char base[256], b1[48];
	size_t c, i;

	for (c = 0; c < d->ncols && !x->nomem; c++) {
		const char *name = d->name[c] ? d->name[c] : "", *text = d->text[c] ? d->text[c] : "";
		size_t n = strlen(name);
		long k;

		if ((long)c == d->id_col || (long)c == d->date_col)
			continue;
		if (iends(name, "_NPS_GROUP") && n - 10 < sizeof base) {
			const char *one[2] = { base, NULL };

			memcpy(base, name, n - 10);
			base[n - 10] = '\0';
			if ((k = find_name(d, one)) >= 0)
				add_cand(x, (size_t)k, SVY_SCORE_NPS, "has a Qualtrics NPS_GROUP companion");
			else
				add_cand(x, c, SVY_SCORE_NPS_GROUP,
				         "Qualtrics NPS_GROUP column (1-3) without its 0-10 column");
			continue;
		}
		if (iends(name, "_TEXT"))
			continue;
		if (d->platform == SVY_PLATFORM_DELIGHTED && ieq(name, "Score"))
			add_cand(x, c, SVY_SCORE_NPS, "Delighted Score (0-10 in NPS surveys)");
		else if (d->platform == SVY_PLATFORM_ZENDESK && ieq(name, "Satisfaction Score"))
			add_cand(x, c, SVY_SCORE_CSAT, "Zendesk Satisfaction Score (Good/Bad)");
		else if (nps_wording(text) || nps_wording(name))
			add_cand(x, c, SVY_SCORE_NPS, "wording: how likely ... recommend");
		else if (alnum_eq(name, "nps") || alnum_eq(name, "npsscore")
		         || alnum_eq(name, "likelihoodtorecommend"))
			add_cand(x, c, SVY_SCORE_NPS, "column named NPS");
		else if (alnum_eq(name, "csat") || alnum_eq(name, "csatscore"))
			add_cand(x, c, SVY_SCORE_CSAT, "column named CSAT");
		else if ((icontains(text, "satisf") || icontains(text, "zufrieden"))
		         && !icontains(text, "comment") && !icontains(text, "reason"))
			add_cand(x, c, SVY_SCORE_CSAT, "wording: satisfied/satisfaction");
	}
	for (i = 0; i < d->ncand; i++)
		reason(x, "%s candidate: column %zu '%s' (%s)",
		       d->cand[i].kind == SVY_SCORE_CSAT ? "csat" : "nps", d->cand[i].col + 1,
		       q(d->name[d->cand[i].col] ? d->name[d->cand[i].col] : "", b1, sizeof b1),
		       d->cand[i].why);
	if (!d->ncand)
		reason(x, "no score column found by wording or platform");
}

/* ---- driver ---- */

int svy_detect_run(struct svy_detect *d, const char *const *const *rows,
                   const size_t *nfields, size_t nrows,
                   const struct svy_detect_opts *opts, struct svy_error *e)
{
	struct ctx x;

	memset(d, 0, sizeof *d);
	d->id_col = d->date_col = -1;
	if (nrows == 0 || nfields[0] == 0)
		return svy_error_set(e, SVY_EDATA, "no header row");
	x.rows = rows;
	x.nf = nfields;
	x.nrows = nrows < 3 ? nrows : 3;
	x.d = d;
	x.label_row = -1;
	x.nomem = 0;
	d->ncols = nfields[0];
	d->name = svy_calloc(d->ncols, sizeof *d->name);
	d->text = svy_calloc(d->ncols, sizeof *d->text);
	d->import_id = svy_calloc(d->ncols, sizeof *d->import_id);
	if (!d->name || !d->text || !d->import_id)
		x.nomem = 1;

	if (opts && opts->platform >= 0 && opts->platform < SVY_PLATFORM_COUNT) {
		d->platform = opts->platform;
		reason(&x, "platform given: %s", svy_platform_name(d->platform));
	} else {
		d->platform = detect_platform(&x);
	}
	d->header_rows = count_header_rows(&x);
	if (opts && opts->header_rows >= 1 && opts->header_rows <= 3) {
		d->header_rows = opts->header_rows;
		if (x.label_row >= d->header_rows)
			x.label_row = -1;
		if (x.label_row < 0 && d->header_rows >= 2 && !is_json_row(&x, 1))
			x.label_row = 1;
		reason(&x, "header rows given: %d", d->header_rows);
	}
	if (!x.nomem)
		names(&x);
	if (!x.nomem)
		import_ids(&x);
	if (!x.nomem)
		id_and_date(&x);
	if (!x.nomem)
		candidates(&x);
	if (x.nomem) {
		svy_detect_fini(d);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	return 0;
}

void svy_detect_fini(struct svy_detect *d)
{
	size_t i;

	for (i = 0; i < d->ncols; i++) {
		if (d->name)
			svy_free(d->name[i]);
		if (d->text)
			svy_free(d->text[i]);
		if (d->import_id)
			svy_free(d->import_id[i]);
	}
	for (i = 0; i < d->nreasons; i++)
		svy_free(d->reason[i]);
	svy_free(d->name);
	svy_free(d->text);
	svy_free(d->import_id);
	svy_free(d->cand);
	svy_free(d->reason);
	memset(d, 0, sizeof *d);
	d->id_col = d->date_col = -1;
}
