/* svg.h - a self-contained SVG line chart: one line per series over labelled
 * x positions, an interval band, control limits, marked points, axes, a
 * legend and a title.
 *
 * The file needs nothing else to render (no scripts, fonts, styles or
 * images from elsewhere) and is well-formed XML: text is escaped, control
 * characters and bytes that are not UTF-8 become '?'.  Numbers are written
 * in the C locale.  Elements a test or a stylesheet can find:
 *   <svg> root with width, height and viewBox; <title> and <text
 *   class="title"> the title; <g class="axes"> with the axis lines, tick
 *   labels (<text class="xtick">, <text class="ytick">) and axis labels
 *   (<text class="xlabel">, <text class="ylabel">); one <g class="series">
 *   per series (data-name its name) holding <path class="band">,
 *   <path class="lcl">, <path class="ucl"> (a step per point),
 *   <path class="line">, and a <circle class="point"> per point with a value
 *   (<circle class="point out"> when marked), each with a <title> tooltip;
 *   <g class="legend"> with one <text class="legend-item"> per series and a
 *   <text class="legend-key"> for the band, the limits and the marks. */
#ifndef SVY_SVG_H
#define SVY_SVG_H

#include <stddef.h>

#include "err.h"

struct svy_svg_series {
	const char *name;
	size_t n;                /* points, in x order */
	const double *x;         /* positions 0 .. nx - 1 */
	const double *y;         /* NaN: no point (the line breaks there) */
	const double *lo, *hi;   /* interval band, NaN where unknown; NULL: none */
	const double *lcl, *ucl; /* control limits per point; NULL: none */
	const int *mark;         /* nonzero: the point is marked; NULL: none */
	const char *const *tip;  /* tooltip per point; NULL: none */
};

struct svy_svg_chart {
	const char *title;
	const char *xlabel, *ylabel;
	const char *const *xlabels;   /* label of each position 0 .. nx - 1 */
	size_t nx;
	const struct svy_svg_series *series;
	size_t nseries;
	const char *band_name;   /* legend text of the band ("95% interval") */
	const char *mark_name;   /* legend text of marked points */
};

/* Write the chart to path (created or truncated).  0, or SVY_EIO with e
 * naming the file (open, write or close failed), or SVY_ENOMEM. */
int svy_svg_write(const char *path, const struct svy_svg_chart *c,
                  struct svy_error *e);

#endif
