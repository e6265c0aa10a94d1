/* tap.h - a minimal TAP producer for the C unit tests (header-only).
 *
 * ok(cond, name...) prints "ok N - name" or "not ok N - name"; near(a, b, rel,
 * name...) compares doubles with a relative tolerance (absolute below 1);
 * done() prints the plan and returns the exit status for main. */
#ifndef SVY_TAP_H
#define SVY_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

__attribute__((format(printf, 2, 3), unused))
static int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

__attribute__((format(printf, 4, 5), unused))
static int near(double got, double want, double tol, const char *fmt, ...)
{
	va_list ap;
	double scale = fabs(want) > 1 ? fabs(want) : 1;
	int cond = (isnan(got) && isnan(want)) || fabs(got - want) <= tol * scale;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got %.17g, want %.17g (tolerance %g)\n", got, want, tol);
	return r;
}

__attribute__((format(printf, 3, 4), unused))
static int is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int cond = got && want && strcmp(got, want) == 0;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got '%s', want '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return r;
}

__attribute__((unused))
static int done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
