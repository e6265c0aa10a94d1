/* ctx.h - the state of one survey-ingest run, shared by the pipeline
 * (ingest.c) and the column plan (plan.c).  Private to lib/ingest. */
#ifndef SVY_INGEST_CTX_H
#define SVY_INGEST_CTX_H

#include <stddef.h>

#include "date.h"
#include "detect.h"
#include "dupes.h"
#include "ingest.h"
#include "names.h"
#include "reader.h"
#include "source.h"
#include "writer.h"

enum role { ROLE_ID, ROLE_DATE, ROLE_SCORE, ROLE_SEGMENT, ROLE_TEXT, ROLE_PASS };
enum { USE_SCORE = 1, USE_PASS = 2 };

struct ocol {
	char *name;                 /* output name (owned) */
	int role;
	long src;                   /* input column, or -1 */
	int has_scale;
	long lo, hi;
	unsigned maps;              /* built-in label maps */
	char *label_key;            /* column name for the user label table (owned) */
	const char *why;            /* how the column was chosen */
};

struct saved {
	char **f;
	size_t *len;
	size_t n;
	unsigned long line;
};

struct verdict {
	int reason;                 /* -1: good */
	char detail[400];
	struct svy_date dt;
	int has_date;
};

struct ctx {
	const struct svy_ingest_opts *o;
	struct svy_ingest_result *res;
	int detect_only;
	struct svy_insrc *src;
	struct svy_reader *rd;
	const struct svy_header *hdr;
	char delim;
	int delim_sniffed, delim_consistent;
	struct saved first[2];
	size_t nfirst, rp;
	struct svy_detect d;
	int have_d;
	struct svy_names ref, out, rej;
	int have_ref, have_out, have_rej;

	struct ocol *col;
	size_t ncol, capcol, nscore;
	unsigned char *use;         /* per input column: USE_* bits */
	long id_col, date_col;
	const char *id_why, *date_why;
	long status_col, finished_col, channel_col, rtype_col;
	int explicit_cols;
	char ambiguous[SVY_ERRMSG_MAX];
	int no_score;

	struct svy_tz *tz;
	const char *zone;           /* the zone dates are localized in, or NULL */
	int zone_given, to_utc, date_utc;
	int order;                  /* the day/month order of the writing pass */
	int norders, orders[2];     /* readings tracked by the first pass */
	unsigned long order_assumed; /* dates that read both ways, taken month
	                                first as SurveyMonkey's (a warning) */
	int dedupe_on;
	struct svy_dupes dt;
	unsigned long mangled;
	char mangled_example[48];

	long *score;                /* per score column of the current row */
	int *score_set;
	char *scratch;              /* output cells of one row */
	size_t nscratch, capscratch;
	size_t *coff, *clen;
	const char **cptr;
	size_t ncells_cap;

	struct svy_writer *w, *wr;
};

static inline int nomem(struct svy_error *e)
{
	return svy_error_set(e, SVY_ENOMEM, "out of memory");
}

static inline const char *raw_name(const struct ctx *x, size_t c)
{
	return x->d.name[c] ? x->d.name[c] : "";
}

static inline const char *kind_name(int kind)
{
	return kind == SVY_SCORE_CSAT ? "csat" : kind == SVY_SCORE_NPS_GROUP ? "nps_group" : "nps";
}

/* The option that maps a column of each kind (SVY_MAP_*). */
extern const char *const svy_ingest_kind_opt[];

/* Choose the output columns and their sources from the options, the
 * mapping and what detection found: x->col, x->use, x->id_col, x->date_col.
 * 0, or a negative code with e filled (SVY_EUSAGE for a reference that
 * names no column or several). */
int svy_ingest_plan(struct ctx *x, struct svy_error *e);

#endif
