/* bench-util.c — what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "bench-util.h"
#include "parlo-test.h"

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

char *
bench_baresip_dir_new (const char *config, const char *accounts)
{
  g_autoptr(GError) error = NULL;
  char *directory = g_dir_make_tmp ("parlo-bench-XXXXXX", &error);
  g_autofree char *config_path = NULL;
  g_autofree char *accounts_path = NULL;

  g_assert_no_error (error);
  config_path = g_build_filename (directory, "config", NULL);
  accounts_path = g_build_filename (directory, "accounts", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (accounts_path, accounts, -1, &error);
  g_assert_no_error (error);
  return directory;
}

struct _BenchPlainDial {
  GSubprocess      *process;
  GDataInputStream *output;
  gint64            ready;
  gint64            established;
  gboolean          ended;
};

static void
on_plain_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BenchPlainDial *dial = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                               result, NULL, NULL);
  gint64 now = g_get_monotonic_time ();

  if (line == NULL)
    {
      dial->ended = TRUE;
      return;
    }
  if (strstr (line, "baresip is ready") != NULL)
    dial->ready = now;
  if (strstr (line, "Call established") != NULL && dial->established == 0)
    dial->established = now;
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_DEFAULT,
                                       NULL, on_plain_line, dial);
}

BenchPlainDial *
bench_plain_dial_start (const char * const *launcher, const char *directory, const char *uri)
{
  BenchPlainDial *dial = g_new0 (BenchPlainDial, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *command = g_strdup_printf ("/dial %s", uri);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  if (launcher != NULL)
    g_strv_builder_addv (builder, (const char **) launcher);
  g_strv_builder_add_many (builder, "stdbuf", "-oL", "baresip", "-f", directory, "-e", command, NULL);
  argv = g_strv_builder_end (builder);
  dial->process = g_subprocess_newv ((const char * const *) argv,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  dial->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (dial->process));
  g_data_input_stream_read_line_async (dial->output, G_PRIORITY_DEFAULT, NULL, on_plain_line, dial);
  PARLO_TEST_WAIT_UNTIL (dial->established != 0);
  g_assert_cmpint (dial->ready, >, 0);
  return dial;
}

double
bench_plain_dial_setup_ms (BenchPlainDial *dial)
{
  return (dial->established - dial->ready) / 1000.0;
}

gint64
bench_plain_dial_established (BenchPlainDial *dial)
{
  return dial->established;
}

void
bench_plain_dial_stop (BenchPlainDial *dial)
{
  g_subprocess_send_signal (dial->process, SIGTERM);
  PARLO_TEST_WAIT_UNTIL (dial->ended);
  g_subprocess_wait (dial->process, NULL, NULL);
  g_object_unref (dial->output);
  g_object_unref (dial->process);
  g_free (dial);
}
