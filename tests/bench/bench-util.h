/* bench-util.h — what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The value that fraction (0 to 1) of values do not exceed, of a GArray of
 * double; sorts values. 1 is the largest. */
double bench_percentile (GArray *values,
                         double  fraction);
/* The middle one of values, the upper of the two middle ones of an even count. */
double bench_median     (GArray *values);

G_END_DECLS
