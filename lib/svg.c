/* svg.c - the SVG line chart writer (see svg.h). */
#include "svg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

#define W 860
#define H 480
#define LEFT 76
#define RIGHT 220
#define TOP 56
#define BOTTOM 92
#define PAD 14           /* inside the plot area, left and right */
#define LEGEND_CHARS 26  /* longer legend names are cut with an ellipsis */

static const char *const palette[] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
	"#000000", "#8c564b",
};
#define NPAL (sizeof palette / sizeof palette[0])
#define MARK_COLOUR "#d62728"

struct out {
	FILE *fp;
	double ymin, ymax, step;
	size_t nx;
};

/* A coordinate with two decimals, C locale. */
static const char *num(double v, char *buf)
{
	return svy_num_fixed(v, 2, buf, 32);
}

/* Length of the UTF-8 sequence at s (n bytes left), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t k, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return k;
}

/* Text content or attribute value: escaped, at most maxchars characters
 * (0: no limit; a cut text ends with an ellipsis). */
static void text(FILE *fp, const char *s, size_t maxchars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, chars = 0, k;

	while (i < n) {
		if (maxchars && chars == maxchars) {
			fputs("\xe2\x80\xa6", fp);
			return;
		}
		k = utf8_len(p + i, n - i);
		chars++;
		if (k == 0) {
			putc('?', fp);
			i++;
			continue;
		}
		if (k > 1) {
			fwrite(p + i, 1, k, fp);
			i += k;
			continue;
		}
		switch (p[i]) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default:
			putc(p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i], fp);
		}
		i++;
	}
}

static double px(const struct out *o, double x)
{
	double x0 = LEFT + PAD, x1 = W - RIGHT - PAD;

	if (o->nx <= 1)
		return (x0 + x1) / 2;
	return x0 + x / (double)(o->nx - 1) * (x1 - x0);
}

static double py(const struct out *o, double y)
{
	double y0 = H - BOTTOM, y1 = TOP;

	return y0 + (y - o->ymin) / (o->ymax - o->ymin) * (y1 - y0);
}

static void widen(double v, double *lo, double *hi)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* A tick step of 1, 2 or 5 times a power of ten, about range/6. */
static double nice_step(double range)
{
	double raw = range / 6, mag = pow(10, floor(log10(raw))), f = raw / mag;

	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

static void scale(struct out *o, const struct svy_svg_chart *c)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i, j;

	for (i = 0; i < c->nseries; i++) {
		const struct svy_svg_series *s = &c->series[i];
		for (j = 0; j < s->n; j++) {
			widen(s->y[j], &lo, &hi);
			if (s->lo)
				widen(s->lo[j], &lo, &hi), widen(s->hi[j], &lo, &hi);
			if (s->lcl)
				widen(s->lcl[j], &lo, &hi), widen(s->ucl[j], &lo, &hi);
		}
	}
	if (!(lo <= hi))
		lo = 0, hi = 1;
	if (hi - lo < 1e-9 * (fabs(lo) + 1))
		lo -= 1, hi += 1;
	o->step = nice_step(hi - lo);
	o->ymin = floor(lo / o->step) * o->step;
	o->ymax = ceil(hi / o->step) * o->step;
	if (o->ymax <= o->ymin)
		o->ymax = o->ymin + o->step;
}

static void axes(struct out *o, const struct svy_svg_chart *c)
{
	FILE *fp = o->fp;
	char a[32], b[32], d[32];
	double y, x0 = LEFT, x1 = W - RIGHT, y0 = H - BOTTOM;
	size_t i, every = c->nx > 12 ? (c->nx + 11) / 12 : 1;
	int rotate = c->nx > 6;
	int prec = o->step >= 1 ? 0 : (int)ceil(-log10(o->step) - 1e-9);

	fputs("<g class=\"axes\">\n", fp);
	for (y = o->ymin; y <= o->ymax + o->step / 2; y += o->step) {
		fprintf(fp, "<line class=\"grid\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
		        "stroke=\"#e0e0e0\"/>\n", num(x0, a), num(py(o, y), b), num(x1, d),
		        num(py(o, y), b));
		fprintf(fp, "<text class=\"ytick\" x=\"%s\" y=\"%s\" text-anchor=\"end\">",
		        num(x0 - 6, a), num(py(o, y) + 4, b));
		fprintf(fp, "%s</text>\n", svy_num_fixed(y, prec, d, sizeof d));
	}
	fprintf(fp, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#333333\"/>\n",
	        num(x0, a), TOP, num(x0, b), H - BOTTOM);
	fprintf(fp, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>\n",
	        num(x0, a), num(y0, b), num(x1, d), num(y0, b));
	for (i = 0; i < c->nx; i += every) {
		double x = px(o, (double)i);
		fprintf(fp, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>\n",
		        num(x, a), num(y0, b), num(x, a), num(y0 + 5, d));
		if (rotate)
			fprintf(fp, "<text class=\"xtick\" x=\"%s\" y=\"%s\" text-anchor=\"end\" "
			        "transform=\"rotate(-40 %s %s)\">", num(x, a), num(y0 + 16, b),
			        num(x, a), num(y0 + 16, b));
		else
			fprintf(fp, "<text class=\"xtick\" x=\"%s\" y=\"%s\" "
			        "text-anchor=\"middle\">", num(x, a), num(y0 + 18, b));
		text(fp, c->xlabels[i], 0);
		fputs("</text>\n", fp);
	}
	fprintf(fp, "<text class=\"xlabel\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">",
	        num((x0 + x1) / 2, a), rotate ? H - 12 : H - BOTTOM + 42);
	text(fp, c->xlabel ? c->xlabel : "", 0);
	fputs("</text>\n", fp);
	fprintf(fp, "<text class=\"ylabel\" x=\"18\" y=\"%s\" text-anchor=\"middle\" "
	        "transform=\"rotate(-90 18 %s)\">", num((TOP + y0) / 2, a),
	        num((TOP + y0) / 2, b));
	text(fp, c->ylabel ? c->ylabel : "", 0);
	fputs("</text>\n</g>\n", fp);
}

/* Half the distance between neighbouring positions (step lines). */
static double half_step(const struct out *o)
{
	return o->nx <= 1 ? 20 : (px(o, 1) - px(o, 0)) / 2;
}

static void limit_path(struct out *o, const struct svy_svg_series *s,
                       const double *v, const char *cls, const char *colour)
{
	FILE *fp = o->fp;
	char a[32], b[32], d[32];
	double h = half_step(o), l, r;
	size_t j;
	int any = 0;

	for (j = 0; j < s->n; j++) {
		if (!isfinite(v[j]))
			continue;
		if (!any)
			fprintf(fp, "<path class=\"%s\" fill=\"none\" stroke=\"%s\" "
			        "stroke-width=\"1\" stroke-dasharray=\"5 3\" d=\"", cls, colour);
		l = px(o, s->x[j]) - h;
		r = px(o, s->x[j]) + h;
		fprintf(fp, "%sM%s %s H%s", any ? " " : "", num(l < LEFT ? LEFT : l, a),
		        num(py(o, v[j]), b), num(r > W - RIGHT ? W - RIGHT : r, d));
		any = 1;
	}
	if (any)
		fputs("\"/>\n", fp);
}

static int band_ok(const struct svy_svg_series *s, size_t j)
{
	return isfinite(s->y[j]) && isfinite(s->lo[j]) && isfinite(s->hi[j]);
}

static void band(struct out *o, const struct svy_svg_series *s, const char *colour)
{
	FILE *fp = o->fp;
	char a[32], b[32];
	size_t j = 0, k, r;
	int any = 0;

	while (j < s->n) {
		if (!band_ok(s, j)) {
			j++;
			continue;
		}
		for (k = j; k < s->n && band_ok(s, k); k++)
			;
		if (!any)
			fprintf(fp, "<path class=\"band\" fill=\"%s\" fill-opacity=\"0.15\" "
			        "stroke=\"none\" d=\"", colour);
		any = 1;
		if (k - j == 1) {    /* a lone point: a narrow bar */
			fprintf(fp, "M%s %s ", num(px(o, s->x[j]) - 3, a), num(py(o, s->hi[j]), b));
			fprintf(fp, "H%s ", num(px(o, s->x[j]) + 3, a));
			fprintf(fp, "V%s ", num(py(o, s->lo[j]), a));
			fprintf(fp, "H%s Z ", num(px(o, s->x[j]) - 3, a));
		} else {
			for (r = j; r < k; r++)
				fprintf(fp, "%s%s %s ", r == j ? "M" : "L", num(px(o, s->x[r]), a),
				        num(py(o, s->hi[r]), b));
			for (r = k; r-- > j;)
				fprintf(fp, "L%s %s ", num(px(o, s->x[r]), a), num(py(o, s->lo[r]), b));
			fputs("Z ", fp);
		}
		j = k;
	}
	if (any)
		fputs("\"/>\n", fp);
}

static void series(struct out *o, const struct svy_svg_series *s, const char *colour)
{
	FILE *fp = o->fp;
	char a[32], b[32];
	size_t j;
	int pen = 0, any = 0;

	fputs("<g class=\"series\" data-name=\"", fp);
	text(fp, s->name, 0);
	fputs("\">\n", fp);
	if (s->lo)
		band(o, s, colour);
	if (s->lcl) {
		limit_path(o, s, s->lcl, "lcl", colour);
		limit_path(o, s, s->ucl, "ucl", colour);
	}
	for (j = 0; j < s->n; j++) {
		if (!isfinite(s->y[j])) {
			pen = 0;
			continue;
		}
		if (!any)
			fprintf(fp, "<path class=\"line\" fill=\"none\" stroke=\"%s\" "
			        "stroke-width=\"2\" d=\"", colour);
		fprintf(fp, "%s%s%s %s", any ? " " : "", pen ? "L" : "M",
		        num(px(o, s->x[j]), a), num(py(o, s->y[j]), b));
		pen = any = 1;
	}
	if (any)
		fputs("\"/>\n", fp);
	for (j = 0; j < s->n; j++) {
		int marked = s->mark && s->mark[j];
		if (!isfinite(s->y[j]))
			continue;
		if (marked)
			fprintf(fp, "<circle class=\"point out\" cx=\"%s\" cy=\"%s\" r=\"6\" "
			        "fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2.5\">",
			        num(px(o, s->x[j]), a), num(py(o, s->y[j]), b), MARK_COLOUR);
		else
			fprintf(fp, "<circle class=\"point\" cx=\"%s\" cy=\"%s\" r=\"3\" "
			        "fill=\"%s\">", num(px(o, s->x[j]), a), num(py(o, s->y[j]), b),
			        colour);
		fputs("<title>", fp);
		if (s->tip && s->tip[j])
			text(fp, s->tip[j], 0);
		fputs("</title></circle>\n", fp);
	}
	fputs("</g>\n", fp);
}

static void legend(struct out *o, const struct svy_svg_chart *c)
{
	FILE *fp = o->fp;
	double x = W - RIGHT + 18, y = TOP + 6;
	size_t i;
	int bands = 0, limits = 0, marks = 0;

	fputs("<g class=\"legend\">\n", fp);
	for (i = 0; i < c->nseries; i++, y += 20) {
		const struct svy_svg_series *s = &c->series[i];
		const char *colour = palette[i % NPAL];
		size_t j;
		bands |= s->lo != NULL;
		limits |= s->lcl != NULL;
		for (j = 0; s->mark && j < s->n; j++)
			marks |= s->mark[j] != 0;
		fprintf(fp, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
		        "stroke=\"%s\" stroke-width=\"2\"/>", x, y, x + 22, y, colour);
		fprintf(fp, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"3\" fill=\"%s\"/>", x + 11, y,
		        colour);
		fprintf(fp, "<text class=\"legend-item\" x=\"%.0f\" y=\"%.0f\">", x + 30, y + 4);
		text(fp, s->name, LEGEND_CHARS);
		fputs("</text>\n", fp);
	}
	y += 8;
	if (bands && c->band_name) {
		fprintf(fp, "<rect x=\"%.0f\" y=\"%.0f\" width=\"22\" height=\"10\" "
		        "fill=\"#555555\" fill-opacity=\"0.15\"/>", x, y - 5);
		fprintf(fp, "<text class=\"legend-key\" x=\"%.0f\" y=\"%.0f\">", x + 30, y + 4);
		text(fp, c->band_name, 0);
		fputs("</text>\n", fp);
		y += 20;
	}
	if (limits) {
		fprintf(fp, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
		        "stroke=\"#555555\" stroke-dasharray=\"5 3\"/>", x, y, x + 22, y);
		fprintf(fp, "<text class=\"legend-key\" x=\"%.0f\" y=\"%.0f\">control "
		        "limits</text>\n", x + 30, y + 4);
		y += 20;
	}
	if (marks && c->mark_name) {
		fprintf(fp, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"6\" fill=\"#ffffff\" "
		        "stroke=\"%s\" stroke-width=\"2.5\"/>", x + 11, y, MARK_COLOUR);
		fprintf(fp, "<text class=\"legend-key\" x=\"%.0f\" y=\"%.0f\">", x + 30, y + 4);
		text(fp, c->mark_name, 0);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
}

int svy_svg_write(const char *path, const struct svy_svg_chart *c,
                  struct svy_error *e)
{
	struct out o;
	size_t i;
	int err;

	memset(&o, 0, sizeof o);
	o.nx = c->nx;
	if (!(o.fp = fopen(path, "w")))
		return svy_error_set(e, SVY_EIO, "--plot: cannot write '%s': %s", path,
		                     strerror(errno));
	errno = 0;
	scale(&o, c);
	fprintf(o.fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\" "
	        "role=\"img\">\n<title>", W, H, W, H);
	text(o.fp, c->title ? c->title : "", 0);
	fprintf(o.fp, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	        W, H);
	fprintf(o.fp, "<text class=\"title\" x=\"%d\" y=\"30\" text-anchor=\"middle\" "
	        "font-size=\"17\" font-weight=\"bold\">", (LEFT + W - RIGHT) / 2);
	text(o.fp, c->title ? c->title : "", 0);
	fputs("</text>\n", o.fp);
	axes(&o, c);
	for (i = 0; i < c->nseries; i++)
		series(&o, &c->series[i], palette[i % NPAL]);
	legend(&o, c);
	fputs("</svg>\n", o.fp);
	err = ferror(o.fp) ? (errno ? errno : EIO) : 0;
	if (fclose(o.fp) != 0 && !err)
		err = errno ? errno : EIO;
	if (err)
		return svy_error_set(e, SVY_EIO, "--plot: cannot write '%s': %s", path,
		                     strerror(err));
	return 0;
}
