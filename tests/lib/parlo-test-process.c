/* parlo-test-process.c — what a running process holds, and main-loop latency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "parlo-test-process.h"

/* Longer than any answer a main loop that still works gives. */
#define PROBE_TIMEOUT_MS 5000

gint64
parlo_test_process_rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10) : -1;
}

gint
parlo_test_process_fds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  gint count = 0;

  if (dir == NULL)
    return -1;
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static gboolean
has_command (GPid pid, const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  g_autofree char *comm = NULL;

  return g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strchomp (comm), name);
}

GPid
parlo_test_process_child (GPid pid, const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", (int) pid, (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) children = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  children = g_strsplit (g_strstrip (text), " ", -1);
  for (guint i = 0; children[i] != NULL; i++)
    {
      GPid child = (GPid) g_ascii_strtoll (children[i], NULL, 10);

      if (child > 0 && has_command (child, name))
        return child;
    }
  return 0;
}

struct _ParloTestProber
{
  GThread         *thread;
  GDBusConnection *bus;
  char            *name;
  char            *path;
  guint            interval_ms;
  gint             stop;          /* atomic */
  GArray          *latencies;
};

static gpointer
probe (gpointer data)
{
  ParloTestProber *prober = data;
  gint64 next = g_get_monotonic_time ();

  while (!g_atomic_int_get (&prober->stop))
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GVariant) reply = NULL;
      double ms;

      reply = g_dbus_connection_call_sync (prober->bus, prober->name, prober->path, "org.gtk.Actions",
                                           "List", NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                           PROBE_TIMEOUT_MS, NULL, NULL);
      ms = reply != NULL ? (double) (g_get_monotonic_time () - start) / 1000 : PROBE_TIMEOUT_MS;
      g_array_append_val (prober->latencies, ms);
      /* On a schedule, not after each answer: a slow answer does not thin the
       * samples that follow it. */
      next += prober->interval_ms * 1000;
      if (next > g_get_monotonic_time ())
        g_usleep ((gulong) (next - g_get_monotonic_time ()));
    }
  return NULL;
}

ParloTestProber *
parlo_test_prober_start (const char *name, const char *path, guint interval_ms)
{
  ParloTestProber *prober = g_new0 (ParloTestProber, 1);
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection of its own: the test's main loop does not delay its replies. */
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  prober->bus = g_dbus_connection_new_for_address_sync (address,
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  prober->name = g_strdup (name);
  prober->path = g_strdup (path);
  prober->interval_ms = interval_ms;
  prober->latencies = g_array_new (FALSE, FALSE, sizeof (double));
  prober->thread = g_thread_new ("parlo-test-prober", probe, prober);
  return prober;
}

GArray *
parlo_test_prober_stop (ParloTestProber *prober)
{
  GArray *latencies;

  g_atomic_int_set (&prober->stop, 1);
  g_thread_join (prober->thread);
  latencies = prober->latencies;
  g_dbus_connection_close_sync (prober->bus, NULL, NULL);
  g_object_unref (prober->bus);
  g_free (prober->name);
  g_free (prober->path);
  g_free (prober);
  return latencies;
}
