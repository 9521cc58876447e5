/* parlo-test-process.h — what a running process holds: memory, open files,
 * children; and how long the GTK main loop of an app takes to answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The resident set of process pid in KiB (VmRSS of /proc/PID/status); -1 if
 * it is gone. */
gint64 parlo_test_process_rss_kib (GPid        pid);
/* How many file descriptors process pid has open (/proc/PID/fd); -1 if it is
 * gone. */
gint   parlo_test_process_fds     (GPid        pid);
/* The first child of pid whose command (/proc/PID/comm) is name; 0 if none. */
GPid   parlo_test_process_child   (GPid        pid,
                                   const char *name);

/* Calls org.gtk.Actions.List on the app that owns name on the session bus,
 * object path, every interval_ms from a thread of its own, and keeps how long
 * each answer took. A GApplication answers that call in its main loop, so the
 * latency is how long the loop was busy; org.freedesktop.DBus.Peer.Ping is
 * answered in GDBus's worker thread and would prove nothing. */
typedef struct _ParloTestProber ParloTestProber;

ParloTestProber *parlo_test_prober_start (const char      *name,
                                          const char      *path,
                                          guint            interval_ms);
/* Stops probing; the latencies in ms, one double per call in the order they
 * were made (a call that failed or took over 5 s counts as 5000 ms). */
GArray          *parlo_test_prober_stop  (ParloTestProber *prober);

G_END_DECLS
