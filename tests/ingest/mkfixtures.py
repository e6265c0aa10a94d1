#!/usr/bin/env python3
"""Write the made-up raw exports of samples/exports/ and tests/ingest/.

Every respondent, e-mail address, token and comment below is invented.  The
files are written byte for byte (byte order marks, CRLF, missing final
newlines, UTF-16 and Windows-1252 are part of what they test), so edit this
script rather than the files, then run it from the repository root:

    python3 tests/ingest/mkfixtures.py

and check the golden outputs in tests/cli/survey-ingest/ again.
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def csv_row(fields, delim=","):
    out = []
    for f in fields:
        if any(c in f for c in (delim, '"', "\n", "\r")) or f != f.strip(" "):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return delim.join(out)


def write(path, rows, delim=",", eol="\n", final=True, bom=False, encoding="utf-8"):
    text = eol.join(csv_row(r, delim) for r in rows) + (eol if final else "")
    data = text.encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe",
                "utf-16-be": b"\xfe\xff"}[encoding] + data
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def write_bytes(path, data):
    with open(os.path.join(ROOT, path), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- Qualtrics
Q_META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress",
          "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
          "RecipientLastName", "RecipientFirstName", "RecipientEmail",
          "ExternalReference", "LocationLatitude", "LocationLongitude",
          "DistributionChannel", "UserLanguage"]
Q_META_TEXT = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
               "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
               "Recipient Last Name", "Recipient First Name", "Recipient Email",
               "External Data Reference", "Location Latitude", "Location Longitude",
               "Distribution Channel", "User Language"]
Q_META_JSON = ['{"ImportId":"startDate","timeZone":"%s"}', '{"ImportId":"endDate","timeZone":"%s"}',
               '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}',
               '{"ImportId":"duration"}', '{"ImportId":"finished"}',
               '{"ImportId":"recordedDate","timeZone":"%s"}', '{"ImportId":"_recordId"}',
               '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
               '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}',
               '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
               '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']


def q_json(zone):
    return [j % zone if "%s" in j else j for j in Q_META_JSON]


def q_meta(start, end, status, progress, finished, rid, channel, lang="EN"):
    return [start, end, status, "203.0.113.%d" % (int(rid[-2:], 36) % 250), progress,
            "240", finished, end, rid, "", "", "", "", "40.7128", "-74.0060", channel, lang]


# samples/exports/qualtrics.csv: 2017+ format, UTF-8 with BOM, CRLF, choice
# text, previews/tests/spam, a partial response, New York time (with a DST
# change inside the field period).
qx = Q_META + ["Q1", "Q2_NPS_GROUP", "Q2", "Q3", "Q4"]
qt = Q_META_TEXT + ["Overall, how satisfied are you with Acme Cloud?",
                    "How likely are you to recommend Acme Cloud to a friend or colleague? - Group",
                    "How likely are you to recommend Acme Cloud to a friend or colleague?",
                    "Which plan are you on?",
                    "What is the main reason for your score?"]
qj = q_json("America/New_York") + ['{"ImportId":"QID1"}', '{"ImportId":"QID2_NPS_GROUP"}',
                                   '{"ImportId":"QID2"}', '{"ImportId":"QID3"}',
                                   '{"ImportId":"QID4_TEXT"}']
qrows = [
    q_meta("2024-03-04 09:10:02", "2024-03-04 09:14:11", "IP Address", "100", "True", "R_1aXf3kLm9QzT01", "anonymous")
    + ["Very satisfied", "Promoter", "10 - Extremely likely", "Pro", "Fast and reliable"],
    q_meta("2024-03-04 09:20:00", "2024-03-04 09:21:30", "Survey Preview", "100", "True", "R_2bYg4lMn0RaU02", "preview")
    + ["Satisfied", "Passive", "8", "Free", "testing the survey"],
    q_meta("2024-03-04 11:00:00", "2024-03-04 11:02:00", "Survey Test", "100", "True", "R_3cZh5mNo1SbV03", "test")
    + ["Very satisfied", "Promoter", "9", "Basic", "generated test response"],
    q_meta("2024-03-05 02:11:40", "2024-03-05 02:11:52", "Spam", "100", "True", "R_4dAi6nOp2TcW04", "anonymous")
    + ["Very satisfied", "Promoter", "10 - Extremely likely", "Free", "buy cheap followers"],
    q_meta("2024-03-06 14:03:00", "2024-03-06 14:05:10", "IP Address", "40", "False", "R_5eBj7oPq3UdX05", "email")
    + ["Dissatisfied", "", "", "", ""],
    q_meta("2024-03-07 08:45:13", "2024-03-07 08:51:40", "IP Address", "100", "True", "R_6fCk8pQr4VeY06", "email")
    + ["Somewhat satisfied", "Passive", "7", "Basic", 'Good, but the "Export" button\nis hard to find'],
    q_meta("2024-03-08 17:30:00", "2024-03-08 17:33:21", "IP Address", "100", "True", "R_7gDl9qRs5WfZ07", "anonymous")
    + ["Satisfied", "Promoter", "9", "Enterprise", '=HYPERLINK("http://example.com","more")'],
    q_meta("2024-03-11 10:02:44", "2024-03-11 10:06:02", "IP Address", "100", "True", "R_8hEm0rSt6XgA08", "email")
    + ["Neither satisfied nor dissatisfied", "", "", "Free", "Skipped the rating"],
    q_meta("2024-03-11 23:15:09", "2024-03-11 23:19:55", "IP Address", "100", "True", "R_9iFn1sTu7YhB09", "qr")
    + ["Extremely dissatisfied", "Detractor", "0 - Not at all likely", "Free", "Lost my data twice"],
    q_meta("2024-03-12 12:00:00", "2024-03-12 12:04:31", "IP Address", "100", "True", "R_10jGo2tUv8ZiC10", "email")
    + ["Very dissatisfied", "Detractor", "3", "Pro", "-- too slow --"],
    q_meta("2024-03-13 07:41:20", "2024-03-13 07:44:00", "IP Address", "100", "True", "R_11kHp3uVw9AjD11", "anonymous")
    + ["Mostly satisfied", "Passive", "8", "Basic", "ok"],
    q_meta("2024-03-14 16:20:05", "2024-03-14 16:28:17", "IP Address", "100", "True", "R_12lIq4vWx0BkE12", "email")
    + ["Very satisfied", "Promoter", "10 - Extremely likely", "Enterprise", "Support team is great 👍"],
    q_meta("2024-03-15 09:05:00", "2024-03-15 09:07:45", "IP Address", "100", "True", "R_13mJr5wXy1ClF13", "anonymous")
    + ["Satisfied", "Promoter", "9", "Pro", "Does what it says"],
]
write("samples/exports/qualtrics.csv", [qx, qt, qj] + qrows, eol="\r\n", bom=True)

# tests/ingest/qualtrics-de.csv: a German account: localized row 2, numeric
# values (Status 0/1/2/8, Finished 1/0, recode -99 for "weiß nicht"),
# semicolons from a German Excel, Berlin time, no BOM.
de_text = ["Anfangsdatum", "Enddatum", "Antworttyp", "IP-Adresse", "Fortschritt",
           "Dauer (in Sekunden)", "Beendet", "Aufgezeichnetes Datum", "Antwort-ID",
           "Nachname des Empfängers", "Vorname des Empfängers", "E-Mail-Adresse des Empfängers",
           "Externe Datenreferenz", "Breitengrad des Standorts", "Längengrad des Standorts",
           "Verteilungskanal", "Benutzersprache",
           "Wie zufrieden sind Sie insgesamt mit unserem Service?",
           "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?",
           "In welcher Region sind Sie tätig?", "Was können wir besser machen?"]
de_x = Q_META + ["Q1", "Q2", "Q3", "Q4"]
de_j = q_json("Europe/Berlin") + ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}',
                                  '{"ImportId":"QID3"}', '{"ImportId":"QID4_TEXT"}']
de_rows = [
    q_meta("2024-03-28 09:00:00", "2024-03-28 09:03:10", "0", "100", "1", "R_deA1", "anonymous", "DE")
    + ["5", "10", "Nord", "Nichts, alles gut"],
    q_meta("2024-03-28 10:00:00", "2024-03-28 10:01:00", "1", "100", "1", "R_deA2", "preview", "DE")
    + ["3", "5", "Süd", ""],
    q_meta("2024-03-29 11:30:00", "2024-03-29 11:31:00", "2", "100", "1", "R_deA3", "test", "DE")
    + ["4", "8", "West", ""],
    q_meta("2024-03-30 22:15:00", "2024-03-30 22:15:09", "8", "100", "1", "R_deA4", "anonymous", "DE")
    + ["5", "10", "Ost", "www.example.com billig"],
    q_meta("2024-04-02 08:00:00", "2024-04-02 08:04:00", "0", "100", "1", "R_deA5", "email", "DE")
    + ["-99", "6", "Süd", "Weiß nicht"],
    q_meta("2024-04-02 12:00:00", "2024-04-02 12:02:00", "0", "55", "0", "R_deA6", "email", "DE")
    + ["2", "", "", ""],
    q_meta("2024-04-03 18:45:30", "2024-04-03 18:49:02", "0", "100", "1", "R_deA7", "email", "DE")
    + ["4", "9", "Nord", "Schnellere Antworten; bessere Doku"],
]
write("tests/ingest/qualtrics-de.csv", [de_x, de_text, de_j] + de_rows, delim=";")

# tests/ingest/qualtrics-utf16.tsv: the Qualtrics TSV download: UTF-16LE
# with BOM, tabs, London time with a date in the hour skipped on
# 2024-03-31, an emoji.
u_x = Q_META + ["Q1", "Q2", "Q3"]
u_t = Q_META_TEXT + ["How likely are you to recommend us to a friend?", "Which team are you in?",
                     "Any other comments?"]
u_j = q_json("Europe/London") + ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}',
                                 '{"ImportId":"QID3_TEXT"}']
u_rows = [
    q_meta("2024-03-29 09:00:00", "2024-03-29 09:05:00", "0", "100", "1", "R_ukB1", "email")
    + ["9", "Sales", "Grand 🎉"],
    q_meta("2024-03-31 01:10:00", "2024-03-31 01:30:00", "0", "100", "1", "R_ukB2", "email")
    + ["6", "Support", "Clock change night"],
    q_meta("2024-04-01 10:00:00", "2024-04-01 10:02:00", "0", "100", "1", "R_ukB3", "email")
    + ["10", "Sales", "\tTabbed start"],
]
write("tests/ingest/qualtrics-utf16.tsv", [u_x, u_t, u_j] + u_rows, delim="\t", eol="\r\n",
      bom=True, encoding="utf-16-le")

# tests/ingest/qualtrics-legacy.csv: V1..V10, the ResponseID row, a trailing
# comma (an empty, nameless last column), UTF-8 with BOM.
leg1 = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1", "Q2", "Q3", ""]
leg2 = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
        "IPAddress", "Status", "StartDate", "EndDate", "Finished",
        "How likely is it that you would recommend Acme to a colleague?",
        "How satisfied are you with our support?", "Department", ""]
leg = [
    ["R_0ZQ1", "Default Response Set", "Anonymous", "", "", "198.51.100.4", "0",
     "2015-06-02 09:14:55", "2015-06-02 09:18:01", "1", "9", "4", "Finance", ""],
    ["R_0ZQ2", "Default Response Set", "Anonymous", "", "", "198.51.100.9", "1",
     "2015-06-02 10:00:00", "2015-06-02 10:01:00", "1", "10", "5", "IT", ""],
    ["R_0ZQ3", "Default Response Set", "Anonymous", "", "", "198.51.100.7", "0",
     "2015-06-03 13:40:12", "2015-06-03 13:44:30", "0", "3", "", "", ""],
    ["R_0ZQ4", "Default Response Set", "Anonymous", "", "", "198.51.100.21", "0",
     "2015-06-04 16:01:00", "2015-06-04 16:09:47", "1", "6", "2", "IT", ""],
    ["R_0ZQ5", "Default Response Set", "Anonymous", "", "", "198.51.100.33", "0",
     "2015-06-05 08:30:00", "2015-06-05 08:33:03", "1", "11", "4", "Finance", ""],
]
write("tests/ingest/qualtrics-legacy.csv", [leg1, leg2] + leg, bom=True)

# tests/ingest/qualtrics-insights.csv: the 2016-17 exporter: row 3 with
# single-quoted JSON.
ins1 = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
        "IPAddress", "Status", "StartDate", "EndDate", "Finished", "Q1", "Q2"]
ins2 = ins1[:10] + ["How likely is it that you would recommend Acme to a colleague?",
                    "Which office do you work in?"]
ins3 = ["{'ImportId': 'responseId'}", "{'ImportId': 'responseSet'}", "{'ImportId': 'name'}",
        "{'ImportId': 'externalDataReference'}", "{'ImportId': 'emailAddress'}",
        "{'ImportId': 'ipAddress'}", "{'ImportId': 'status'}", "{'ImportId': 'startDate'}",
        "{'ImportId': 'endDate'}", "{'ImportId': 'finished'}", "{'ImportId': 'QID1'}",
        "{'ImportId': 'QID2'}"]
ins = [
    ["R_1nsA", "Default Response Set", "", "", "", "192.0.2.1", "0", "2016-11-02 09:00:00",
     "2016-11-02 09:02:00", "1", "8", "Leeds"],
    ["R_1nsB", "Default Response Set", "", "", "", "192.0.2.2", "0", "2016-11-02 10:00:00",
     "2016-11-02 10:03:00", "1", "10", "York"],
    ["R_1nsC", "Default Response Set", "", "", "", "192.0.2.3", "1", "2016-11-03 11:00:00",
     "2016-11-03 11:01:00", "1", "2", "York"],
]
write("tests/ingest/qualtrics-insights.csv", [ins1, ins2, ins3] + ins)

# tests/ingest/qualtrics-nolabels.csv: the user deleted rows 2 and 3.
write("tests/ingest/qualtrics-nolabels.csv",
      [Q_META + ["Q1_NPS_GROUP", "Q1", "Q2"]] + [
          q_meta("2024-05-01 10:00:00", "2024-05-01 10:03:00", "IP Address", "100", "True",
                 "R_nlA1", "email") + ["Promoter", "9", "Nord"],
          q_meta("2024-05-02 10:00:00", "2024-05-02 10:03:00", "IP Address", "100", "True",
                 "R_nlA2", "email") + ["Detractor", "4", "Süd"]])

# ------------------------------------------------------------- SurveyMonkey
sm1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
       "First Name", "Last Name", "Custom Data 1",
       "How likely is it that you would recommend <b>Acme</b> to a friend or colleague?",
       "Overall, how satisfied or dissatisfied are you with our support team?",
       "Which features do you use?", "", "",
       "What country do you live in?", "Anything else you would like to tell us?"]
sm2 = ["", "", "", "", "", "", "", "", "", "Response", "Response", "Reports", "Export",
       "Other (please specify)", "Response", "Open-Ended Response"]


def sm(rid, start, end, region, nps, csat, rep, exp, other, country, text):
    return [rid, "254126399", start, end, "", "", "", "", region, nps, csat, rep, exp, other,
            country, text]


smrows = [
    sm("11402614830", "03/04/2024 09:12:01 AM", "03/04/2024 09:15:40 AM", "EMEA", "9",
       "Very satisfied", "Reports", "", "", "Germany", ""),
    sm("11402615112", "03/04/2024 01:02:09 PM", "03/04/2024 01:09:55 PM", "AMER", "6",
       "Dissatisfied", "", "Export", "API access", "United States", "Please add an API, we'd pay for it."),
    sm("11402617000", "03/05/2024 11:59:00 PM", "03/06/2024 12:04:30 AM", "AMER", "10",
       "Very satisfied", "Reports", "Export", "", "Canada", ""),
    sm("11402617789", "03/06/2024 08:00:12 AM", "03/06/2024 08:02:59 AM", "APAC", "",
       "Neither satisfied nor dissatisfied", "", "", "", "Japan", "No opinion yet"),
    sm("11402618001", "03/08/2024 03:33:33 PM", "03/08/2024 03:40:01 PM", "EMEA", "8",
       "Satisfied", "Reports", "", "", "France", ""),
    sm("11402618555", "03/11/2024 10:10:10 AM", "03/11/2024 10:12:45 AM", "APAC", "3",
       "Very dissatisfied", "", "Export", "", "Australia", "@support never replied"),
    sm("11402619020", "03/13/2024 02:20:00 PM", "03/13/2024 02:26:31 PM", "EMEA", "10",
       "Very satisified", "Reports", "Export", "", "Spain", "Great"),
    sm("11402619377", "03/14/2024 09:45:00 AM", "03/14/2024 09:49:12 AM", "AMER", "7",
       "Satisfied", "", "Export", "", "Mexico", ""),
]
write("samples/exports/surveymonkey.csv", [sm1, sm2] + smrows, eol="\r\n")

# tests/ingest/surveymonkey-typos.csv: an agreement question whose labels
# carry the survey author's typos; the label file fixes them.
t1 = ["Respondent ID", "Collector ID", "Start Date", "End Date",
      "The product is easy to use.", "Which team are you in?"]
t2 = ["", "", "", "", "Response", "Response"]
t = [["901", "77", "01/15/2024 10:00:00 AM", "01/15/2024 10:05:00 AM", "Strongly agree", "Ops"],
     ["902", "77", "01/15/2024 11:00:00 AM", "01/15/2024 11:05:00 AM", "Aagree", "Ops"],
     ["903", "77", "01/16/2024 09:00:00 AM", "01/16/2024 09:05:00 AM", "Disgree", "Dev"],
     ["904", "77", "01/16/2024 02:00:00 PM", "01/16/2024 02:05:00 PM", "Neutral", "Dev"],
     ["905", "77", "01/17/2024 03:00:00 PM", "01/17/2024 03:05:00 PM", "Strongly  disagree", "Dev"],
     ["906", "77", "01/17/2024 04:00:00 PM", "01/17/2024 04:05:00 PM", "Agre", "Ops"]]
write("tests/ingest/surveymonkey-typos.csv", [t1, t2] + t)
write("tests/ingest/surveymonkey-typos.labels.csv",
      [["column", "label", "value"],
       ["ease", "Aagree", "4"],
       ["ease", "Disgree", "2"],
       ["*", "Agre", "4"]])

# ------------------------------------------------------------------ Typeform
tf_h = ["#", 'How likely are you to recommend "Acme" to a friend?',
        "Reporting", "Exports", "Other", "What do you need next?", "Other",
        "Which team are you in?", "Anything else?\n(optional)", "Phone number",
        "Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)",
        "Network ID", "Tags"]
tf = [
    ["f3a9c1d2e4b5a6978812ab34cd56ef01", "9", "Reporting", "", "", "Dashboards", "",
     "Marketing", "", "'+44 20 7946 0000", "completed", "2024-03-04 09:00:12", "",
     "2024-03-04 09:03:40", "a1b2c3d4e5", ""],
    ["0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "4", "", "Exports", "Zapier", "", "Offline mode",
     "Sales", 'It "works", mostly.\nExports time out.', "", "completed", "2024-03-04 21:10:00",
     "", "2024-03-04 21:14:09", "f6e5d4c3b2", ""],
    ["9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a", "", "Reporting", "", "", "", "", "", "", "",
     "partial", "2024-03-05 07:30:00", "2024-03-05 07:31:10", "", "0a0b0c0d0e", ""],
    ["5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "10", "Reporting", "Exports", "", "Dashboards",
     "", "Marketing", "+1 for the new editor", "", "completed", "2024-03-06 12:00:00", "",
     "2024-03-06 12:02:30", "1a2b3c4d5e", ""],
    ["c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6", "7", "", "Exports", "", "", "SSO",
     "Sales", "", "", "completed", "2024-03-07 16:45:00", "", "2024-03-07 16:49:12",
     "9f8e7d6c5b", ""],
    ["7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d", "8", "Reporting", "", "", "", "", "Support", "",
     "", "partial", "2024-03-08 10:00:00", "2024-03-08 10:01:00", "", "abcdef0123", ""],
]
write("samples/exports/typeform.csv", [tf_h] + tf)

# -------------------------------------------------------------- Google Forms
gf_h = ["Timestamp", "How likely are you to recommend this course to a friend?",
        "How satisfied were you with the instructor?", "Which campus did you attend?",
        "Comments"]
gf = [
    ["3/4/2024 9:05:12", "9", "5", "North", "Loved the labs"],
    ["3/4/2024 9:17:40", "10", "4", "North", ""],
    ["3/5/2024 14:02:03", "6", "3", "South", "Room was too cold"],
    ["3/14/2024 10:30:00", "8", "4", "South", ""],
    ["3/15/2024 8:00:59", "2", "1", "East", "Instructor kept cancelling, twice"],
    ["3/15/2024 18:22:10", "9", "5", "East", ""],
    ["3/18/2024 11:11:11", "7", "", "North", "No rating for the instructor: had a substitute"],
]
write("samples/exports/google-forms.csv", [gf_h] + gf, eol="\r\n", final=False)

# tests/ingest/google-forms-dmy.csv: a French account: Horodateur,
# day first (19/03 decides), CRLF, no final newline.
write("tests/ingest/google-forms-dmy.csv",
      [["Horodateur", "Quelle est la probabilité que vous recommandiez ce cours ?",
        "Campus"],
       ["04/03/2024 09:05:12", "9", "Lyon"],
       ["05/03/2024 10:00:00", "7", "Paris"],
       ["19/03/2024 16:45:00", "10", "Lyon"],
       ["31/02/2024 12:00:00", "8", "Paris"]], eol="\r\n", final=False)

# tests/ingest/google-forms-ambiguous.csv: every day is 12 or less.
write("tests/ingest/google-forms-ambiguous.csv",
      [["Timestamp", "How likely are you to recommend this course to a friend?", "Campus"],
       ["04/03/2024 09:05:12", "9", "North"],
       ["05/03/2024 10:00:00", "7", "South"],
       ["06/06/2024 16:45:00", "10", "North"]])

# tests/ingest/google-forms-direct.csv: the form's own download: year first,
# AM/PM and GMT offset; checkbox answers joined with ';'.
write("tests/ingest/google-forms-direct.csv",
      [["Timestamp", "How likely are you to recommend the workshop to a friend?",
        "Which sessions did you attend?"],
       ["2024/03/05 10:14:31 AM GMT+1", "8", "Intro;Advanced"],
       ["2024/03/05 4:02:00 PM GMT+1", "10", "Intro"],
       ["2024/03/31 11:59:59 PM GMT+2", "5", "Advanced;Q&A"]])

# tests/ingest/surveymonkey-early.csv: a survey that ran from the 4th to the
# 12th of March, so every date reads both ways; SurveyMonkey writes its own
# dates month first.  Custom Data 1 holds dates the survey owner uploaded,
# in no known order.
write("tests/ingest/surveymonkey-early.csv",
      [["Respondent ID", "Collector ID", "Start Date", "End Date", "Custom Data 1",
        "How likely is it that you would recommend us to a friend or colleague?"],
       ["", "", "", "", "", "Response"],
       ["501", "88", "03/04/2024 09:12:01 AM", "03/04/2024 09:15:40 AM", "01/02/2024", "9"],
       ["502", "88", "03/05/2024 01:02:09 PM", "03/05/2024 01:09:55 PM", "02/01/2024", "6"],
       ["503", "88", "03/11/2024 11:59:00 PM", "03/12/2024 12:04:30 AM", "11/10/2023", "10"]])

# tests/ingest/surveymonkey-dmy.csv: an export that a day-first Excel
# re-saved: 13/03 can only be day first, and the data decide.
write("tests/ingest/surveymonkey-dmy.csv",
      [["Respondent ID", "Collector ID", "Start Date", "End Date",
        "How likely is it that you would recommend us to a friend or colleague?"],
       ["", "", "", "", "Response"],
       ["601", "88", "04/03/2024 09:10", "04/03/2024 09:12", "8"],
       ["602", "88", "13/03/2024 14:00", "13/03/2024 14:02", "7"]])

# ------------------------------------------------------------ Microsoft Forms
ms_h = ["ID", "Start time", "Completion time", "Email", "Name",
        "How satisfied are you with the workshop?",
        "How likely are you to recommend the workshop to a colleague?",
        "Department", "Any comments?"]
ms = [
    ["1", "3/4/2024 9:00", "3/4/2024 9:04", "anonymous", "", "5", "9", "Finance",
     "Très bien, merci"],
    ["2", "3/4/2024 9:02", "3/4/2024 9:07", "anonymous", "", "4", "8", "R&D", ""],
    ["3", "3/4/2024 9:10", "3/4/2024 9:15", "zoe.muller@example.com", "Zoë Müller", "2", "5",
     "Finance", "Coffee cost €5"],
    ["4", "3/13/2024 14:00", "3/13/2024 14:06", "anonymous", "", "3", "7", "R&D", ""],
    ["5", "3/13/2024 14:30", "3/13/2024 14:31", "jose.pena@example.com", "José Peña", "5",
     "10", "Sales", "¡Excelente!"],
]
write("samples/exports/ms-forms.csv", [ms_h] + ms, eol="\r\n", encoding="cp1252")

# tests/ingest/ms-forms-ambiguous.csv: Excel writes the dates in its locale's
# order, so a file whose days are all 12 or less stays ambiguous.
write("tests/ingest/ms-forms-ambiguous.csv",
      [["ID", "Start time", "Completion time", "Email", "Name",
        "How likely are you to recommend the workshop to a colleague?"],
       ["1", "3/4/2024 9:00", "3/4/2024 9:04", "anonymous", "", "9"],
       ["2", "5/4/2024 10:00", "5/4/2024 10:03", "anonymous", "", "7"]], eol="\r\n")

# ----------------------------------------------------------------- Delighted
dl_h = ["Response ID", "Score", "Comment", "Response timestamp", "Email", "Name",
        "Delighted Source", "Delighted Device Type", "Plan", "Region"]
dl = [
    ["91237401", "10", "Love it", "2024-03-04 09:15:02 -0800", "ann@example.com", "Ann",
     "email", "desktop", "Pro", "West"],
    ["91237455", "8", "", "2024-03-04 11:40:19 -0800", "bo@example.com", "Bo", "email",
     "mobile", "Free", "West"],
    ["91238002", "3", "Too expensive for what it does", "2024-03-05 06:01:00 -0500",
     "cy@example.com", "Cy", "web", "desktop", "Basic", "East"],
    ["91238100", "9", "", "2024-03-06 13:13:13 -0500", "di@example.com", "Di", "sms",
     "mobile", "Pro", "East"],
    ["91238777", "6", "Support is slow", "2024-03-07 17:00:00 -0600", "ed@example.com", "Ed",
     "email", "tablet", "Free", "Central"],
    ["91239010", "10", "+1 would buy again", "2024-03-08 08:08:08 -0600", "fi@example.com",
     "Fi", "web", "desktop", "Basic", "Central"],
]
write("samples/exports/delighted.csv", [dl_h] + dl)

# ------------------------------------------------------------------- Zendesk
zd_h = ["Id", "Requester", "Assignee", "Group", "Created at", "Solved at",
        "Satisfaction Score", "Satisfaction Comment", "Channel"]
zd = [
    ["48213", "Ann Example", "Sam Agent", "Billing", "2024-03-01 09:12", "2024-03-01 10:40",
     "Good", "", "email"],
    ["48219", "Bo Example", "Sam Agent", "Billing", "2024-03-01 11:00", "2024-03-02 08:15",
     "Bad with comment", "Took two days", "web"],
    ["48230", "Cy Example", "Lee Agent", "Technical", "2024-03-02 14:30", "2024-03-02 15:05",
     "Good with comment", "Fixed on the first call", "voice"],
    ["48241", "Di Example", "Lee Agent", "Technical", "2024-03-03 08:00", "2024-03-03 09:30",
     "Offered", "", "chat"],
    ["48255", "Ed Example", "Sam Agent", "Billing", "2024-03-04 10:10", "2024-03-04 12:00",
     "Unoffered", "", "email"],
    ["48260", "Fi Example", "Lee Agent", "Technical", "2024-03-04 16:00", "2024-03-05 09:00",
     "Bad", "", "web"],
    ["48262", "Gu Example", "Lee Agent", "Technical", "2024-03-05 09:30", "2024-03-05 10:00",
     "Good", "", "chat"],
]
write("samples/exports/zendesk.csv", [zd_h] + zd)

# tests/ingest/zendesk-mangled.csv: ids an Excel re-save turned into
# 1.03006E+13 (two different tickets now look alike).
write("tests/ingest/zendesk-mangled.csv",
      [zd_h, ["1.03006E+13", "Ann Example", "Sam Agent", "Billing", "2024-03-01 09:12",
              "2024-03-01 10:40", "Good", "", "email"],
       ["1.03006E+13", "Bo Example", "Sam Agent", "Billing", "2024-03-01 11:00",
        "2024-03-02 08:15", "Bad", "", "web"],
       ["48230", "Cy Example", "Lee Agent", "Technical", "2024-03-02 14:30",
        "2024-03-02 15:05", "Good", "", "voice"]])

# ------------------------------------------------------------------- generic
# tests/ingest/generic-messy.csv: CRLF and no final newline; a blank and a
# duplicate column name; a respondent who answered twice (and once more
# with a broken score); formula-like and multi-line text; a row with an
# extra field; an empty id; a score out of scale and one unparsable.
write("tests/ingest/generic-messy.csv",
      [["Respondent", "Submitted at", "NPS", "Team", "", "Team", "Comment"],
       ["u1", "2024-02-01 10:00:00", "9", "Ops", "x", "Ops-2", "fine"],
       ["u2", "2024-02-01 11:00:00", "3", "Dev", "", "Dev-2", "@channel: broken\r\nagain"],
       ["u1", "2024-02-03 09:30:00", "10", "Ops", "", "Ops-2", "better now"],
       ["u3", "2024-02-02 08:00:00", "eleven", "Dev", "", "", "+1"],
       ["u4", "2024-02-02 09:00:00", "11", "Dev", "", "", "-5"],
       ["", "2024-02-02 10:00:00", "7", "Ops", "", "", "no id"],
       ["u5", "2024-02-02 11:00:00", "8", "Ops", "", "", "extra", "field"],
       ["u2", "2024-01-31 23:00:00", "6", "Dev", "", "", "=1+2"],
       ["u1", "2024-02-05 12:00:00", "x", "Ops", "", "", "broken score, later"],
       ["u6", "2024-02-04 10:00:00", "10.0", "Ops", "", "", "   "]],
      eol="\r\n", final=False)

# tests/ingest/ambiguous-nps.csv: two recommend questions.
write("tests/ingest/ambiguous-nps.csv",
      [["id", "date", "How likely are you to recommend the app?",
        "How likely are you to recommend our support?", "region"],
       ["a1", "2024-01-05", "9", "7", "North"],
       ["a2", "2024-01-06", "4", "10", "South"]])

# tests/ingest/no-score.csv: nothing that looks like a score.
write("tests/ingest/no-score.csv",
      [["id", "date", "Favourite colour", "Age band"],
       ["n1", "2024-01-05 10:00", "Blue", "25-34"],
       ["n2", "2024-01-06 11:30", "Green", "35-44"]])

# tests/ingest/invalid-utf8.csv: a Latin-1 byte in line 3.
write_bytes("tests/ingest/invalid-utf8.csv",
            b"id,date,nps,comment\nv1,2024-01-05,9,ok\nv2,2024-01-06,7,caf\xe9 noir\n"
            b"v3,2024-01-07,10,fine\n")

# tests/ingest/utf16be.csv: generic UTF-16BE with BOM.
write("tests/ingest/utf16be.csv",
      [["respondent_id", "date", "nps", "plan"],
       ["b1", "2024-01-05T08:00:00Z", "10", "Pro"],
       ["b2", "2024-01-05T09:30:00+01:00", "5", "Free"]], bom=True, encoding="utf-16-be")

# tests/ingest/freshdesk.csv: Freshdesk happiness ratings (labels and codes).
write("tests/ingest/freshdesk.csv",
      [["Ticket ID", "Created time", "Rating", "Agent"],
       ["301", "2024-02-01 10:00:00", "Extremely Happy", "Kim"],
       ["302", "2024-02-01 11:00:00", "-102", "Kim"],
       ["303", "2024-02-02 12:00:00", "Neutral", "Lou"],
       ["304", "2024-02-02 13:00:00", "4", "Lou"]])

# tests/ingest/labelled.csv: a generic file with a question-text row the
# detector cannot know about (--header-rows 2).
write("tests/ingest/labelled.csv",
      [["rid", "when", "q1", "q2"],
       ["Respondent", "Date", "How likely are you to recommend us?", "Your region"],
       ["L1", "2024-06-01", "10", "North"],
       ["L2", "2024-06-02", "8", "South"]])

# tests/ingest/map.csv: a mapping file for samples/exports/surveymonkey.csv.
write("tests/ingest/map.csv",
      [["target", "source", "scale"],
       ["nps", "How likely is it that you would recommend <b>Acme</b> to a friend or colleague?", ""],
       ["csat", "overall_how_satisfied_or_dissatisfied_are_you_with_our_support_team", "1-5"],
       ["segment:region", "Custom Data 1", ""],
       ["segment:country", "What country do you live in?", ""],
       ["text:comment", "Anything else you would like to tell us?", ""]])
