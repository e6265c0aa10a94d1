# qualtrics.awk - turn gen's --no-comment output into a Qualtrics-style raw
# export (new format: field ids, question text, ImportId JSON with a time zone)
# for timing survey-ingest.  Every 50th response is a preview, every 40th
# unfinished, as real exports have them; comments are quoted with commas.
BEGIN {
	FS = ","
	print "StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,DistributionChannel,UserLanguage,Q1,Q2,Q3,Q4"
	print "Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Distribution Channel,User Language,\"How likely are you to recommend us to a friend or colleague?\",\"Overall, how satisfied are you with our service?\",Region,\"What is the main reason for your score?\""
	print "\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/New_York\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\",\"\"timeZone\"\":\"\"America/New_York\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"ipAddress\"\"}\",\"{\"\"ImportId\"\":\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"duration\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"recordedDate\"\",\"\"timeZone\"\":\"\"America/New_York\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"distributionChannel\"\"}\",\"{\"\"ImportId\"\":\"\"userLanguage\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\",\"{\"\"ImportId\"\":\"\"QID4_TEXT\"\"}\""
	split("\"Fast, reliable and friendly\"|\"Too expensive, \"\"premium\"\" plan\"|\"Support took days, then fixed it\"|", why, "|")
}
NR > 1 {
	d = $2; sub("T", " ", d)
	status = NR % 50 == 0 ? "Survey Preview" : "IP Address"
	fin = NR % 40 == 0 ? "False" : "True"
	printf "%s,%s,%s,198.51.100.%d,%d,%d,%s,%s,R_%s,anonymous,EN,%s,%s,%s,%s\n", \
		d, d, status, NR % 250, fin == "True" ? 100 : 60, 60 + NR % 600, fin, d, $1, $5, $6, $3, why[NR % 4 + 1]
}
