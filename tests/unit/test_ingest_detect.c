/* test_ingest_detect.c - unit tests for lib/ingest/detect: one made-up
 * header per platform (from shared/FORMATS.md), deleted label rows,
 * overrides, malformed rows, out of memory. */
#include <string.h>

#include "detect.h"
#include "mem.h"
#include "tap.h"

#define N(a) (sizeof a / sizeof *a)

static struct svy_detect d;
static struct svy_error err;

static int run(const char *const *r1, size_t n1, const char *const *r2, size_t n2,
               const char *const *r3, size_t n3, int platform, int hrows)
{
	const char *const *rows[3] = { r1, r2, r3 };
	size_t nf[3] = { n1, n2, n3 };
	struct svy_detect_opts o = { platform, hrows };

	svy_detect_fini(&d);
	return svy_detect_run(&d, rows, nf, r3 ? 3 : r2 ? 2 : r1 ? 1 : 0, &o, &err);
}

/* The candidate list as "col:kind col:kind" (kind n, g, c). */
static const char *cands(void)
{
	static char buf[256];
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < d.ncand; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%zu:%c", i ? " " : "", d.cand[i].col,
		                      d.cand[i].kind == SVY_SCORE_NPS ? 'n'
		                      : d.cand[i].kind == SVY_SCORE_CSAT ? 'c' : 'g');
	return buf;
}

static int has_reason(const char *needle)
{
	size_t i;

	for (i = 0; i < d.nreasons; i++)
		if (strstr(d.reason[i], needle))
			return 1;
	return 0;
}

static const char *const q_r1[] = { "\xef\xbb\xbfStartDate", "EndDate", "Status", "IPAddress",
	"Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId", "Q1",
	"Q3_NPS_GROUP", "Q3", "Q4", "Q4_TEXT" };
static const char *const q_r2[] = { "Start Date", "End Date", "Response Type", "IP Address",
	"Progress", "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
	"How satisfied are you with our service?",
	"How likely are you to recommend us to a friend? - Group",
	"How likely are you to recommend us to a friend?", "What else? - Selected Choice",
	"What else? - Other - Text" };
static const char *const q_r2_de[] = { "Anfangsdatum", "Enddatum", "Antworttyp",
	"IP-Adresse", "Fortschritt", "Dauer (in Sekunden)", "Beendet", "Aufgezeichnetes Datum",
	"Antwort-ID", "Wie zufrieden sind Sie?", "Gruppe",
	"Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?", "Sonst?", "Text" };
static const char *const q_r3[] = {
	"{\"ImportId\":\"startDate\",\"timeZone\":\"America/New_York\"}",
	"{\"ImportId\":\"endDate\",\"timeZone\":\"America/New_York\"}", "{\"ImportId\":\"status\"}",
	"{\"ImportId\":\"ipAddress\"}", "{\"ImportId\":\"progress\"}", "{\"ImportId\":\"duration\"}",
	"{\"ImportId\":\"finished\"}", "{\"ImportId\":\"recordedDate\",\"timeZone\":\"America/New_York\"}",
	"{\"ImportId\":\"_recordId\"}", "{\"ImportId\":\"QID1\"}", "{\"ImportId\":\"QID3_NPS_GROUP\"}",
	"{\"ImportId\":\"QID3\"}", "{\"ImportId\":\"QID4\",\"choiceId\":\"2\"}",
	"{\"ImportId\":\"QID4_2_TEXT\"}" };
static const char *const q_data[] = { "2024-03-05 10:00:00", "2024-03-05 10:04:00", "0",
	"1.2.3.4", "100", "240", "1", "2024-03-05 10:04:01", "R_1abcDEF", "Very satisfied", "3",
	"10", "2", "" };

static void qualtrics(void)
{
	ok(run(q_r1, N(q_r1), q_r2, N(q_r2), q_r3, N(q_r3), -1, 0) == 0, "qualtrics runs");
	ok(d.platform == SVY_PLATFORM_QUALTRICS && d.header_rows == 3, "qualtrics, 3 header rows");
	/* names come from row 1 (BOM dropped), wording from row 2 */
	is_str(d.name[0], "StartDate", "BOM glued to the first name is dropped");
	is_str(d.name[11], "Q3", "name from row 1");
	is_str(d.text[9], "How satisfied are you with our service?", "text from row 2");
	ok(d.id_col == 8 && d.date_col == 7, "id ResponseId, date RecordedDate");
	is_str(d.timezone, "America/New_York", "time zone from row 3");
	is_str(d.import_id[9], "QID1", "import id");
	is_str(d.import_id[12], "QID4", "import id beside choiceId");
	/* Q1 by satisfied wording; Q3 by its NPS_GROUP companion (and wording);
	 * Q4_TEXT skipped; the group column itself is no candidate */
	is_str(cands(), "9:c 11:n", "candidates");
	ok(has_reason("Qualtrics (2017+") && has_reason("ImportId JSON")
	   && has_reason("America/New_York"), "reasons");

	/* German account: localized row 2, JSON row deleted, data in row 3 */
	ok(run(q_r1, N(q_r1), q_r2_de, N(q_r2_de), q_data, N(q_data), -1, 0) == 0, "german runs");
	ok(d.platform == SVY_PLATFORM_QUALTRICS && d.header_rows == 2, "german: 2 header rows");
	ok(has_reason("row 3 holds a response (ResponseId"), "data row found by ResponseId");
	ok(d.timezone[0] == '\0', "no zone without row 3");
	is_str(cands(), "9:c 11:n", "german wording: zufrieden, wahrscheinlich/empfehlen");

	/* both label rows deleted: data right after row 1 */
	ok(run(q_r1, N(q_r1), q_data, N(q_data), NULL, 0, -1, 0) == 0, "no label rows runs");
	ok(d.header_rows == 1, "1 header row");
	is_str(d.text[11], "Q3", "no wording: text is the name");
	is_str(cands(), "11:n", "NPS still found by the companion");

	/* only row 2 deleted: JSON right after row 1 */
	ok(run(q_r1, N(q_r1), q_r3, N(q_r3), q_data, N(q_data), -1, 0) == 0, "json row 2 runs");
	ok(d.header_rows == 2 && strcmp(d.text[9], "Q1") == 0 && strcmp(d.import_id[9], "QID1") == 0,
	   "2 header rows, ids from row 2");

	/* header only (no data rows at all) */
	ok(run(q_r1, N(q_r1), q_r2, N(q_r2), NULL, 0, -1, 0) == 0 && d.header_rows == 2,
	   "header-only file: the label row counts");
}

static void qualtrics_old(void)
{
	static const char *const ins1[] = { "ResponseID", "ResponseSet", "Name",
		"ExternalDataReference", "EmailAddress", "IPAddress", "Status", "StartDate",
		"EndDate", "Finished", "Q1" };
	static const char *const ins2[] = { "ResponseID", "ResponseSet", "Name",
		"ExternalDataReference", "EmailAddress", "IPAddress", "Status", "StartDate",
		"EndDate", "Finished", "How likely is it that you would recommend X to a colleague?" };
	static const char *const ins3[] = { "{'ImportId': 'responseId'}", "{'ImportId': 'responseSet'}",
		"", "", "", "", "", "{'ImportId': 'startDate'}", "{'ImportId': 'endDate'}", "",
		"{'ImportId': 'QID1'}" };
	static const char *const leg1[] = { "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9",
		"V10", "Q1", "Q2", "" };
	static const char *const leg2[] = { "ResponseID", "ResponseSet", "Name",
		"ExternalDataReference", "EmailAddress", "IPAddress", "Status", "StartDate", "EndDate",
		"Finished", "How likely are you to recommend us?", "Overall, how satisfied are you?", "" };
	static const char *const leg3[] = { "R_1x", "Default", "", "", "", "1.2.3.4", "0",
		"2015-01-01 10:00:00", "2015-01-01 10:05:00", "1", "9", "4", "" };

	ok(run(ins1, N(ins1), ins2, N(ins2), ins3, N(ins3), -1, 0) == 0, "insights runs");
	ok(d.platform == SVY_PLATFORM_QUALTRICS_INSIGHTS && d.header_rows == 3, "insights, 3 rows");
	is_str(d.import_id[10], "QID1", "single-quoted import id");
	ok(d.id_col == 0 && d.date_col == 8, "id ResponseID, date EndDate");
	is_str(cands(), "10:n", "NPS by wording");

	ok(run(leg1, N(leg1), leg2, N(leg2), leg3, N(leg3), -1, 0) == 0, "legacy runs");
	ok(d.platform == SVY_PLATFORM_QUALTRICS_LEGACY && d.header_rows == 2, "legacy, 2 rows");
	is_str(d.name[0], "ResponseID", "V1 named from row 2");
	is_str(d.name[8], "EndDate", "V9 named from row 2");
	is_str(d.name[10], "Q1", "Q1 keeps its id");
	is_str(d.name[12], "", "trailing empty column stays empty (names makes it column_13)");
	is_str(d.text[10], "How likely are you to recommend us?", "legacy wording");
	ok(d.id_col == 0 && d.date_col == 8, "legacy id and date");
	is_str(cands(), "10:n 11:c", "legacy candidates");

	/* V row present but the ResponseID row deleted */
	ok(run(leg1, N(leg1), leg3, N(leg3), NULL, 0, -1, 0) == 0 && d.header_rows == 1
	   && strcmp(d.name[0], "V1") == 0, "legacy without row 2");
}

static void surveymonkey(void)
{
	static const char *const sm1[] = { "Respondent ID", "Collector ID", "Start Date",
		"End Date", "IP Address", "Email Address", "First Name", "Last Name",
		"Custom Data 1", "How likely is it that you would recommend us to a friend?",
		"Which features do you use?", "", "", "How satisfied are you?",
		"Anything else?" };
	static const char *const sm2[] = { "", "", "", "", "", "", "", "", "", "Response",
		"Reports", "Export", "Other (please specify)", "Response", "Open-Ended Response" };
	static const char *const sm3[] = { "11402614830", "2345", "03/05/2024 10:00:00 AM",
		"03/05/2024 10:04:00 AM", "", "", "", "", "", "9", "Reports", "", "", "Satisfied", "" };
	static const char *const old1[] = { "RespondentID", "CollectorID", "StartDate", "EndDate",
		"Q1" };
	static const char *const old2[] = { "114", "2345", "03/05/2024 10:00:00 AM",
		"03/05/2024 10:04:00 AM", "x" };

	ok(run(sm1, N(sm1), sm2, N(sm2), sm3, N(sm3), -1, 0) == 0, "surveymonkey runs");
	ok(d.platform == SVY_PLATFORM_SURVEYMONKEY && d.header_rows == 2, "surveymonkey, 2 rows");
	/* a one-column question with "Response" keeps just its text */
	is_str(d.name[9], "How likely is it that you would recommend us to a friend?", "single answer");
	/* a multi-column question: text forward-filled and joined with the label */
	is_str(d.name[10], "Which features do you use? - Reports", "first choice");
	is_str(d.name[12], "Which features do you use? - Other (please specify)", "filled choice");
	is_str(d.text[11], "Which features do you use?", "wording forward-filled");
	is_str(d.name[14], "Anything else?", "open-ended single column");
	is_str(d.name[0], "Respondent ID", "metadata name");
	ok(d.id_col == 0 && d.date_col == 3, "id Respondent ID, date End Date");
	is_str(cands(), "9:n 13:c", "surveymonkey candidates");

	ok(run(old1, N(old1), old2, N(old2), NULL, 0, -1, 0) == 0, "old surveymonkey runs");
	ok(d.platform == SVY_PLATFORM_SURVEYMONKEY && d.header_rows == 1,
	   "sub-label row deleted: 1 header row");
	ok(d.id_col == 0 && d.date_col == 3, "old names");
}

static void others(void)
{
	static const char *const tf[] = { "#", "How likely are you to recommend Acme?", "Other",
		"Other", "Response Type", "Start Date (UTC)", "Stage Date (UTC)",
		"Submit Date (UTC)", "Network ID", "Tags" };
	static const char *const gf[] = { "Timestamp", "Email Address",
		"How likely are you to recommend this course to a friend?" };
	static const char *const gf_es[] = { "Marca temporal", "Puntuaci\xc3\xb3n" };
	static const char *const ms[] = { "ID", "Start time", "Completion time", "Email", "Name",
		"How satisfied are you with the event?" };
	static const char *const dl[] = { "Score", "Comment", "Response timestamp", "Email",
		"Name", "Delighted Source", "Delighted Device Type", "Plan" };
	static const char *const zd[] = { "Id", "Requester", "Created at", "Solved at",
		"Satisfaction Score", "Satisfaction Comment" };
	static const char *const tidy[] = { "respondent_id", "date", "nps", "startdate",
		"enddate", "status", "recordeddate" };
	static const char *const gen[] = { "respondent_id", "submitted_at", "region", "NPS",
		"Overall satisfaction", "Comment on satisfaction" };

	ok(run(tf, N(tf), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_TYPEFORM
	   && d.header_rows == 1, "typeform");
	ok(d.id_col == 0 && d.date_col == 7 && d.date_utc, "typeform id #, Submit Date, UTC");
	is_str(cands(), "1:n", "typeform candidates");

	ok(run(gf, N(gf), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_GOOGLE_FORMS,
	   "google forms");
	ok(d.id_col == -1 && d.date_col == 0 && has_reason("row number"), "no id, date Timestamp");
	ok(run(gf_es, N(gf_es), NULL, 0, NULL, 0, -1, 0) == 0
	   && d.platform == SVY_PLATFORM_GOOGLE_FORMS, "google forms in Spanish");

	ok(run(ms, N(ms), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_MS_FORMS
	   && d.id_col == 0 && d.date_col == 2, "microsoft forms");
	is_str(cands(), "5:c", "ms forms csat");

	ok(run(dl, N(dl), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_DELIGHTED
	   && d.date_col == 2, "delighted");
	is_str(cands(), "0:n", "delighted score");

	/* the comment column mentions satisfaction but is no score */
	ok(run(zd, N(zd), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_ZENDESK
	   && d.id_col == 0 && d.date_col == 3, "zendesk, date Solved at");
	is_str(cands(), "4:c", "zendesk satisfaction score only");

	ok(run(gen, N(gen), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_GENERIC
	   && d.header_rows == 1 && d.id_col == 0 && d.date_col == 1, "generic id and date");
	is_str(cands(), "3:n 4:c", "generic candidates");
	ok(has_reason("generic CSV"), "generic reason");

	/* survey-ingest's own output, even from Qualtrics: generic, and the
	 * columns named respondent_id and date win over other names */
	ok(run(tidy, N(tidy), NULL, 0, NULL, 0, -1, 0) == 0 && d.platform == SVY_PLATFORM_GENERIC
	   && d.id_col == 0 && d.date_col == 1 && has_reason("already tidy"), "tidy output");
}

static void overrides(void)
{
	static const char *const a[] = { "Q", "", "id" };
	static const char *const b[] = { "How likely would you recommend us?", "Why?", "x" };
	static const char *const c[] = { "9", "good", "1" };

	ok(run(a, N(a), b, N(b), c, N(c), SVY_PLATFORM_GENERIC, 2) == 0 && d.header_rows == 2,
	   "header rows given");
	is_str(d.text[0], "How likely would you recommend us?", "given label row used for wording");
	is_str(cands(), "0:n", "candidate from the given label row");
	ok(run(a, N(a), b, N(b), c, N(c), SVY_PLATFORM_SURVEYMONKEY, 0) == 0
	   && d.platform == SVY_PLATFORM_SURVEYMONKEY && has_reason("platform given"),
	   "platform given");
	is_str(d.name[1], "Q - Why?", "surveymonkey rules applied when given");

	ok(svy_platform_parse("SurveyMonkey", NULL) == SVY_PLATFORM_SURVEYMONKEY
	   && svy_platform_parse("google-forms", NULL) == SVY_PLATFORM_GOOGLE_FORMS, "parse names");
	ok(svy_platform_parse("monkey", &err) == SVY_EUSAGE && strstr(err.msg, "typeform"),
	   "unknown platform lists names");
	is_str(svy_platform_name(SVY_PLATFORM_QUALTRICS_LEGACY), "qualtrics-legacy", "name");
	is_str(svy_platform_name(99), "?", "bad platform number");
}

static void malformed(void)
{
	static const char *const one[] = { "a" };
	static const char *const shortrow[] = { "Start Date" };
	static const char *const nulls[] = { NULL, "EndDate", NULL };
	static const char *const badjson[] = { "{\"ImportId\":\"QID1",
		("{\"ImportId\":\"x\",\"timeZone\":\"../../etc/passwd\"}"), "{'ImportId\": 'q'}" };
	static const char *const qh[] = { "StartDate", "EndDate", "Status" };
	static const char *const junk[] = { "\xff\xfe\x01", "\"", "{" };
	const char *const *rows[1] = { one };
	size_t nf0 = 0;

	svy_detect_fini(&d);
	ok(svy_detect_run(&d, rows, &nf0, 1, NULL, &err) == SVY_EDATA, "no fields: error");
	ok(svy_detect_run(&d, rows, &nf0, 0, NULL, &err) == SVY_EDATA, "no rows: error");
	/* later rows shorter than row 1, and NULL cells: read as empty */
	ok(run(q_r1, N(q_r1), shortrow, N(shortrow), NULL, 0, -1, 0) == 0
	   && d.platform == SVY_PLATFORM_QUALTRICS, "short row 2");
	ok(run(nulls, N(nulls), nulls, N(nulls), nulls, N(nulls), -1, 0) == 0, "NULL cells");
	/* broken JSON: no ids where unterminated; a zone with dots refused */
	ok(run(qh, N(qh), badjson, N(badjson), NULL, 0, -1, 0) == 0 && d.header_rows == 2
	   && d.import_id[0] == NULL && strcmp(d.import_id[1], "x") == 0 && d.import_id[2] == NULL
	   && d.timezone[0] == '\0', "broken JSON tolerated");
	ok(run(junk, N(junk), junk, N(junk), junk, N(junk), -1, 0) == 0
	   && d.platform == SVY_PLATFORM_GENERIC, "binary junk is generic");
	ok(run(one, 1, NULL, 0, NULL, 0, 7, 9) == 0 && d.header_rows == 1,
	   "out-of-range header rows ignored");
}

static void out_of_memory(void)
{
	unsigned long n;
	int clean = 1, rc = -1;

	svy_detect_fini(&d);
	for (n = 1; n < 400 && rc != 0; n++) {
		svy_mem_fail_after(n);
		rc = run(q_r1, N(q_r1), q_r2, N(q_r2), q_r3, N(q_r3), -1, 0);
		svy_mem_fail_after(0);
		if (rc != 0 && (rc != SVY_ENOMEM || d.name || d.nreasons))
			clean = 0;
	}
	ok(clean && rc == 0 && d.header_rows == 3, "failures clean; success after %lu", n - 1);
}

int main(void)
{
	qualtrics();
	qualtrics_old();
	surveymonkey();
	others();
	overrides();
	malformed();
	out_of_memory();
	svy_detect_fini(&d);
	return done();
}
