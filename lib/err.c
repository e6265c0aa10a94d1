/* err.c - filling and rendering struct svy_error; code -> exit status. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void vset(struct svy_error *e, const char *fmt, va_list ap)
{
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int svy_error_set(struct svy_error *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		svy_error_clear(e);
		e->code = code;
		va_start(ap, fmt);
		vset(e, fmt, ap);
		va_end(ap);
	}
	return code;
}

int svy_error_at(struct svy_error *e, int code, const char *file,
                 unsigned long line, const char *column, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		svy_error_clear(e);
		e->code = code;
		if (file)
			snprintf(e->file, sizeof e->file, "%s", file);
		e->line = line;
		if (column)
			snprintf(e->column, sizeof e->column, "%s", column);
		va_start(ap, fmt);
		vset(e, fmt, ap);
		va_end(ap);
	}
	return code;
}

void svy_error_clear(struct svy_error *e)
{
	e->code = SVY_OK;
	e->file[0] = '\0';
	e->line = 0;
	e->column[0] = '\0';
	e->msg[0] = '\0';
}

void svy_error_format(const struct svy_error *e, char *buf, size_t size)
{
	size_t off = 0;
	int k;

	buf[0] = '\0';
	if (e->file[0]) {
		k = e->line ? snprintf(buf, size, "%s:%lu: ", e->file, e->line)
		            : snprintf(buf, size, "%s: ", e->file);
		off = k > 0 && (size_t)k < size ? (size_t)k : size - 1;
	}
	if (e->column[0] && off < size) {
		k = snprintf(buf + off, size - off, "column '%s': ", e->column);
		off += k > 0 && (size_t)k < size - off ? (size_t)k : size - off - 1;
	}
	if (off < size)
		snprintf(buf + off, size - off, "%s", e->msg[0] ? e->msg : "error");
}

int svy_exit_status(int code)
{
	switch (code) {
	case SVY_OK: return SVY_EXIT_OK;
	case SVY_EUSAGE: return SVY_EXIT_USAGE;
	case SVY_EIO: return SVY_EXIT_IO;
	case SVY_ENOMEM: return SVY_EXIT_IO;
	default: return SVY_EXIT_DATA;
	}
}

const char *svy_error_quote(const char *s, size_t len, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	for (i = 0; i < len && o + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i == 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}
