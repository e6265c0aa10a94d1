/* test_ingest_sanitize.c - unit tests for lib/ingest/sanitize: which cells
 * get a leading quote, and newline flattening. */
#include <string.h>

#include "sanitize.h"
#include "tap.h"

static int f(const char *s)
{
	return svy_sanitize_formula(s, strlen(s));
}

static const char *flat(const char *s)
{
	static char buf[128];
	size_t n;

	snprintf(buf, sizeof buf, "%s", s);
	n = svy_sanitize_one_line(buf, strlen(buf));
	return n == strlen(buf) ? buf : "LENGTH MISMATCH";
}

int main(void)
{
	/* the OWASP starts */
	ok(f("=1+1"), "= formula");
	ok(f("=HYPERLINK(\"http://x\")"), "= hyperlink");
	ok(f("+49 30 1234567"), "+ phone number is text");
	ok(f("-2+3"), "- expression");
	ok(f("@SUM(A1)"), "@ function");
	ok(f("\tcmd"), "leading tab");
	ok(f("\rcmd"), "leading CR");
	ok(f("-"), "a lone minus is text");
	ok(f("+"), "a lone plus is text");
	ok(f("-inf") && f("-nan"), "inf and nan are text");
	ok(f("-1,000"), "thousands separator makes text");
	ok(f("-3 "), "trailing space makes text");
	ok(f("-1e"), "incomplete exponent is text");
	ok(f("-."), "minus dot is text");
	/* plain numbers are never touched: scores, recodes, Freshdesk -101 */
	ok(!f("-3"), "-3 untouched");
	ok(!f("+1.5"), "+1.5 untouched");
	ok(!f("-101"), "-101 untouched");
	ok(!f("-.5") && !f("-5."), "-.5 and -5. untouched");
	ok(!f("-1.5e-3") && !f("+2E10"), "exponents untouched");
	/* other starts are safe */
	ok(!f("hello") && !f("10 - Extremely likely") && !f(" =1") && !f(""), "safe starts");
	ok(!f("'=1"), "already quoted");
	/* a length of 0 never reads the byte */
	ok(!svy_sanitize_formula("=", 0), "length respected");
	ok(svy_sanitize_formula("-3x", 3) && !svy_sanitize_formula("-3x", 2), "length bounds the number");

	is_str(flat("line one\nline two"), "line one line two", "LF");
	is_str(flat("a\r\nb"), "a b", "CRLF is one space");
	is_str(flat("a\rb"), "a b", "lone CR");
	is_str(flat("a\n\nb"), "a  b", "two LFs are two spaces");
	is_str(flat("a\n\r\nb"), "a  b", "LF then CRLF");
	is_str(flat("\r\n"), " ", "only CRLF");
	is_str(flat("no breaks"), "no breaks", "unchanged");
	is_str(flat(""), "", "empty");
	{
		char buf[4] = { 'a', '\r', '\n', 'b' };   /* not NUL-terminated, no room */

		ok(svy_sanitize_one_line(buf, 4) == 3 && memcmp(buf, "a b", 3) == 0 && buf[3] == '\0',
		   "shortened buffer terminated inside its length");
	}
	return done();
}
