/* svy.h - libsvy, the library behind the surveykit tools: one include for all. */
#ifndef SVY_H
#define SVY_H

#define SVY_VERSION "0.1.0"

#include "err.h"
#include "mem.h"
#include "num.h"
#include "reader.h"
#include "colopt.h"
#include "writer.h"
#include "cli.h"
#include "group.h"
#include "stats.h"
#include "metric.h"
#include "nps.h"
#include "csat.h"
#include "run.h"
#include "split.h"
#include "compare.h"
#include "drivers.h"
#include "label.h"
#include "period.h"
#include "trendstats.h"
#include "trend.h"
#include "svg.h"

#endif
