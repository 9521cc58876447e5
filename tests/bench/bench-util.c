/* bench-util.c — what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bench-util.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values, double fraction)
{
  guint index;

  g_array_sort (values, compare_doubles);
  index = MIN ((guint) (fraction * values->len), values->len - 1);
  return g_array_index (values, double, index);
}

double
bench_median (GArray *values)
{
  return bench_percentile (values, 0.5);
}
