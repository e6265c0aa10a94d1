/* detect.h - which platform wrote an export, judged from its first rows:
 * how many header rows it has, the raw name and question text of every
 * column, which columns hold the respondent id, the date and the candidate
 * scores, and the reasons for each decision in plain words (for --detect).
 *
 * Input is the first (up to) three rows of the file, already split into
 * fields and converted to UTF-8.  Nothing here reads data rows beyond them. */
#ifndef SVY_INGEST_DETECT_H
#define SVY_INGEST_DETECT_H

#include <stddef.h>

#include "err.h"

enum svy_platform {
	SVY_PLATFORM_GENERIC = 0,
	SVY_PLATFORM_QUALTRICS,             /* 2017+: ids, question text, JSON */
	SVY_PLATFORM_QUALTRICS_INSIGHTS,    /* 2016-17: ResponseID,ResponseSet */
	SVY_PLATFORM_QUALTRICS_LEGACY,      /* V1..V10, then ResponseID row */
	SVY_PLATFORM_SURVEYMONKEY,
	SVY_PLATFORM_TYPEFORM,
	SVY_PLATFORM_GOOGLE_FORMS,
	SVY_PLATFORM_MS_FORMS,
	SVY_PLATFORM_DELIGHTED,
	SVY_PLATFORM_ZENDESK,
	SVY_PLATFORM_COUNT
};

/* "generic", "qualtrics", "qualtrics-insights", "qualtrics-legacy",
 * "surveymonkey", "typeform", "google-forms", "ms-forms", "delighted",
 * "zendesk"; "?" for anything else. */
const char *svy_platform_name(int platform);

/* The platform called name (as above, ASCII case-insensitive), or
 * SVY_EUSAGE with e listing the names. */
int svy_platform_parse(const char *name, struct svy_error *e);

enum svy_score_kind {
	SVY_SCORE_NPS = 1,          /* a 0-10 likelihood-to-recommend answer */
	SVY_SCORE_NPS_GROUP,        /* only Qualtrics' 1/2/3 group column */
	SVY_SCORE_CSAT,             /* a satisfaction answer */
};

struct svy_candidate {
	size_t col;
	int kind;                   /* svy_score_kind */
	const char *why;            /* static text, e.g. "wording: how likely ... recommend" */
};

/* Overrides: platform -1 and header_rows 0 mean "detect". */
struct svy_detect_opts {
	int platform;
	int header_rows;            /* 1-3 */
};

struct svy_detect {
	int platform;
	int header_rows;            /* rows before the data: 1, 2 or 3 */
	size_t ncols;               /* fields in row 1 */
	char **name;                /* per column: the raw name to tidy (row 1;
	                               SurveyMonkey: question - sub-label; legacy
	                               Qualtrics: row 2 for the V columns) */
	char **text;                /* per column: question wording (row 2 for
	                               Qualtrics; forward-filled row 1 for
	                               SurveyMonkey; else the name) */
	char **import_id;           /* per column: Qualtrics ImportId, or NULL */
	long id_col, date_col;      /* -1: none found */
	int date_utc;               /* dates are known to be UTC (Typeform) */
	char timezone[64];          /* Qualtrics row-3 timeZone, or "" */
	struct svy_candidate *cand; /* candidate score columns, in column order */
	size_t ncand;
	char **reason;              /* why, one sentence each, in decision order */
	size_t nreasons;
};

/* Detect from rows[0..nrows) (nrows 1-3; fewer if the file is shorter),
 * row r having nfields[r] fields.  Row 1 sets the column count; shorter
 * later rows read as empty cells.  0, or SVY_EDATA (no rows), SVY_ENOMEM,
 * with e filled and d empty.  opts may be NULL.  Free with
 * svy_detect_fini. */
int svy_detect_run(struct svy_detect *d, const char *const *const *rows,
                   const size_t *nfields, size_t nrows,
                   const struct svy_detect_opts *opts, struct svy_error *e);

void svy_detect_fini(struct svy_detect *d);

/* The day/month order in which the platform writes column col whatever the
 * locale, for a column that reads both ways: SVY_DATE_MDY (date.h) for
 * SurveyMonkey's Start Date and End Date, which the platform formats
 * itself; SVY_DATE_AUTO for every other column and platform, whose dates
 * follow a locale (a Google Sheet's, or Excel's for Microsoft Forms) or a
 * respondent and so must be inferred. */
int svy_detect_date_order(const struct svy_detect *d, long col);

#endif
