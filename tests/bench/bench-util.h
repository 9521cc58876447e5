/* bench-util.h — what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The value that fraction (0 to 1) of values do not exceed, of a GArray of
 * double; sorts values. 1 is the largest. */
double bench_percentile (GArray *values,
                         double  fraction);
/* The middle one of values, the upper of the two middle ones of an even count. */
double bench_median     (GArray *values);

/* A new temporary directory for a plain baresip, holding its config and
 * accounts files with these texts. */
char           *bench_baresip_dir_new (const char *config,
                                       const char *accounts);

/* A plain baresip placing one call with its own "/dial", its output read
 * line by line through a pipe. */
typedef struct _BenchPlainDial BenchPlainDial;

/* Starts baresip on its config directory, run through launcher (an argv
 * prefix such as ip netns exec NAME, or NULL), and returns once it says
 * "Call established". */
BenchPlainDial *bench_plain_dial_start (const char * const *launcher,
                                        const char         *directory,
                                        const char         *uri);
/* From when baresip says it is ready (it runs the command then) to its
 * "Call established", in ms. */
double          bench_plain_dial_setup_ms    (BenchPlainDial *dial);
gint64          bench_plain_dial_established (BenchPlainDial *dial);
/* Stops baresip and waits until its output has ended. */
void            bench_plain_dial_stop        (BenchPlainDial *dial);

G_END_DECLS
