/* parlo-engine-output.c — what baresip prints: its lines go to the debug log,
 * its last line and last warning are kept for the words of its death, and a
 * sanitizer's report goes to stderr whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include "config.h"

#include <string.h>

#include "parlo-engine-private.h"
#include "parlo-util.h"

/* baresip colours its warnings red; the colour codes are no use in a log. */
static gboolean
strip_colours (char *line)
{
  gboolean warning = strstr (line, "\033[31m") != NULL;
  char *out = line;

  for (const char *in = line; *in != '\0'; in++)
    {
      if (in[0] == '\033' && in[1] == '[')
        {
          in += 2;
          while (*in != '\0' && !g_ascii_isalpha (*in))
            in++;
          if (*in == '\0')
            break;
          continue;
        }
      *out++ = *in;
    }
  *out = '\0';
  return warning;
}

/* A sanitizer's report from the engine (its module is built with one in a
 * sanitized build) is an error: it goes to stderr whole, not to the debug log,
 * and the engine's end says so as a critical. */
static gboolean
forward_sanitizer_report (ParloEngine *self, const char *line)
{
  if (strstr (line, "Sanitizer") != NULL || strstr (line, "runtime error:") != NULL)
    self->sanitizer_report = TRUE;
  if (self->sanitizer_report)
    g_printerr ("engine: %s\n", line);
  return self->sanitizer_report;
}

/* The engine's own output goes to the debug log. Its end, after the process
 * exited, completes the exit: by then every last word has been read. */
static void
on_output_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gboolean warning;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      if (error != NULL)
        g_debug ("Reading the engine's output failed: %s", error->message);
      self->output_done = TRUE;
      if (self->exited)
        parlo_engine_process_ended (self);
      return;
    }
  warning = strip_colours (line);
  if (!forward_sanitizer_report (self, line) && *g_strstrip (line) != '\0')
    {
      g_debug ("engine: %s", line);
      parlo_set_str (warning ? &self->last_warning : &self->last_output, line);
    }
  parlo_engine_read_output (self);
}

void
parlo_engine_read_output (ParloEngine *self)
{
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW,
                                       self->process_cancellable, on_output_line, self);
}
