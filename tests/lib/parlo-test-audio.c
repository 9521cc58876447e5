/* parlo-test-audio.c — what the engines hear and play, in the test PulseAudio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pulse/error.h>
#include <pulse/simple.h>

#include "parlo-test.h"
#include "parlo-test-audio.h"

#define CHUNK_MS        5       /* read size: sample times are this exact */
#define WINDOW_MS       20      /* onsets are found to this */
#define TONE_DOMINANCE  0.8
#define TONE_LEVEL      -50.0   /* dBFS: PulseAudio's sines play at -9 */
#define SILENCE_LEVEL   -60.0

/* Modules */

guint
parlo_test_pulse_load_module (const char *name, const char *arguments)
{
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pactl", "load-module", name, arguments, NULL };
  int status = 0;
  guint64 index = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &output, &errors, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (output), 10, 0, G_MAXUINT, &index, NULL))
    g_error ("pactl load-module %s %s failed: %s", name, arguments, errors);
  return index;
}

/* A tone source's sine, by the module of its sink: PulseAudio would move the
 * sine to the default sink when the sink goes, so it goes first. */
static GHashTable *sines;

void
parlo_test_pulse_unload_module (guint index)
{
  g_autofree char *command = g_strdup_printf ("pactl unload-module %u", index);
  g_autoptr(GError) error = NULL;
  gpointer sine;
  int status = 0;

  if (sines != NULL && g_hash_table_steal_extended (sines, GUINT_TO_POINTER (index), NULL, &sine))
    parlo_test_pulse_unload_module (GPOINTER_TO_UINT (sine));
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

guint
parlo_test_pulse_null_sink (const char *name)
{
  g_autofree char *arguments = g_strdup_printf ("sink_name=%s rate=%d", name, PARLO_TEST_AUDIO_RATE);

  return parlo_test_pulse_load_module ("module-null-sink", arguments);
}

/* module-sine-source renders up to two seconds at once, in bursts a live
 * call cannot take; a sine played into a null sink streams evenly from the
 * sink's monitor. */
guint
parlo_test_pulse_sine (const char *sink, guint frequency)
{
  g_autofree char *arguments = g_strdup_printf ("sink=%s frequency=%u", sink, frequency);

  return parlo_test_pulse_load_module ("module-sine", arguments);
}

guint
parlo_test_pulse_tone_source (const char *name, guint frequency)
{
  guint sink = parlo_test_pulse_null_sink (name);

  if (sines == NULL)
    sines = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (sines, GUINT_TO_POINTER (sink),
                       GUINT_TO_POINTER (parlo_test_pulse_sine (name, frequency)));
  return sink;
}

/* Recording */

struct _ParloTestRecorder
{
  pa_simple *stream;
  GThread   *thread;
  GMutex     lock;
  GArray    *samples;     /* gint16, all of them so far */
  gint64     start;       /* when sample 0 was captured */
  gboolean   running;
  char      *failure;
};

static pa_simple *
open_stream (const char *source, char **failure)
{
  pa_sample_spec spec = { .format = PA_SAMPLE_S16LE, .rate = PARLO_TEST_AUDIO_RATE, .channels = 1 };
  /* Small fragments: each arrives soon after it was captured. */
  pa_buffer_attr attr = { .maxlength = (guint32) -1, .fragsize = CHUNK_MS * PARLO_TEST_AUDIO_RATE / 1000 * 2 };
  int error = 0;
  pa_simple *stream = pa_simple_new (NULL, "parlo-test", PA_STREAM_RECORD, source, "recording",
                                     &spec, NULL, &attr, &error);

  if (stream == NULL)
    *failure = g_strdup_printf ("Could not record %s: %s", source, pa_strerror (error));
  return stream;
}

/* A sample is never read before it was captured, and at times well after:
 * the earliest start any read allows is the best estimate. */
static gpointer
record_thread (gpointer data)
{
  ParloTestRecorder *recorder = data;
  gint16 chunk[PARLO_TEST_AUDIO_SAMPLES (CHUNK_MS)];

  for (;;)
    {
      int error = 0;
      gint64 now;

      if (pa_simple_read (recorder->stream, chunk, sizeof chunk, &error) < 0)
        {
          g_mutex_lock (&recorder->lock);
          recorder->failure = g_strdup_printf ("Recording failed: %s", pa_strerror (error));
          g_mutex_unlock (&recorder->lock);
          return NULL;
        }
      now = g_get_monotonic_time ();

      g_mutex_lock (&recorder->lock);
      g_array_append_vals (recorder->samples, chunk, G_N_ELEMENTS (chunk));
      recorder->start = MIN (recorder->start,
                             now - (gint64) recorder->samples->len * G_USEC_PER_SEC / PARLO_TEST_AUDIO_RATE);
      if (!recorder->running)
        {
          g_mutex_unlock (&recorder->lock);
          return NULL;
        }
      g_mutex_unlock (&recorder->lock);
    }
}

static gsize
recorded (ParloTestRecorder *recorder)
{
  gsize n;

  g_mutex_lock (&recorder->lock);
  if (recorder->failure != NULL)
    g_error ("%s", recorder->failure);
  n = recorder->samples->len;
  g_mutex_unlock (&recorder->lock);
  return n;
}

ParloTestRecorder *
parlo_test_recorder_start (const char *source)
{
  ParloTestRecorder *recorder = g_new0 (ParloTestRecorder, 1);
  g_autofree char *failure = NULL;

  recorder->stream = open_stream (source, &failure);
  if (recorder->stream == NULL)
    g_error ("%s", failure);
  g_mutex_init (&recorder->lock);
  recorder->samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  recorder->start = G_MAXINT64;
  recorder->running = TRUE;
  recorder->thread = g_thread_new ("recorder", record_thread, recorder);
  PARLO_TEST_WAIT_UNTIL (recorded (recorder) > 0);
  return recorder;
}

void
parlo_test_recorder_stop (ParloTestRecorder *recorder)
{
  if (recorder == NULL)
    return;
  g_mutex_lock (&recorder->lock);
  recorder->running = FALSE;
  g_mutex_unlock (&recorder->lock);
  g_thread_join (recorder->thread);
  pa_simple_free (recorder->stream);
  g_array_unref (recorder->samples);
  g_mutex_clear (&recorder->lock);
  g_free (recorder->failure);
  g_free (recorder);
}

void
parlo_test_recorder_read (ParloTestRecorder *recorder, gsize from, gsize n, gint16 *out)
{
  PARLO_TEST_WAIT_UNTIL (recorded (recorder) >= from + n);
  g_mutex_lock (&recorder->lock);
  memcpy (out, &g_array_index (recorder->samples, gint16, from), n * sizeof (gint16));
  g_mutex_unlock (&recorder->lock);
}

gint64
parlo_test_recorder_time_of (ParloTestRecorder *recorder, gsize index)
{
  gint64 start;

  PARLO_TEST_WAIT_UNTIL (recorded (recorder) > 0);
  g_mutex_lock (&recorder->lock);
  start = recorder->start;
  g_mutex_unlock (&recorder->lock);
  return start + (gint64) index * G_USEC_PER_SEC / PARLO_TEST_AUDIO_RATE;
}

gsize
parlo_test_recorder_index_at (ParloTestRecorder *recorder, gint64 time)
{
  gint64 start = parlo_test_recorder_time_of (recorder, 0);

  return time <= start ? 0 : (gsize) ((time - start) * PARLO_TEST_AUDIO_RATE / G_USEC_PER_SEC);
}

gint64
parlo_test_recorder_onset (ParloTestRecorder *recorder, double frequency, gint64 time, gint64 deadline)
{
  gint16 window[PARLO_TEST_AUDIO_SAMPLES (WINDOW_MS)];
  gsize n = G_N_ELEMENTS (window);

  for (gsize index = parlo_test_recorder_index_at (recorder, time);
       parlo_test_recorder_time_of (recorder, index) < deadline;
       index += n)
    {
      parlo_test_recorder_read (recorder, index, n, window);
      if (frequency > 0 ? parlo_test_audio_is_tone (window, n, frequency)
                        : parlo_test_audio_is_silent (window, n))
        return parlo_test_recorder_time_of (recorder, index);
    }
  return -1;
}

gint64
parlo_test_recorder_rise (ParloTestRecorder *recorder, double level, gint64 time, gint64 deadline)
{
  gint16 chunk[PARLO_TEST_AUDIO_SAMPLES (CHUNK_MS)];
  double threshold = 32768 * pow (10, level / 20);
  gsize n = G_N_ELEMENTS (chunk);

  for (gsize index = parlo_test_recorder_index_at (recorder, time);
       parlo_test_recorder_time_of (recorder, index) < deadline;
       index += n)
    {
      parlo_test_recorder_read (recorder, index, n, chunk);
      for (gsize i = 0; i < n; i++)
        if (ABS (chunk[i]) > threshold)
          return parlo_test_recorder_time_of (recorder, index + i);
    }
  return -1;
}

gint16 *
parlo_test_audio_record (const char *sink, guint ms)
{
  g_autofree char *monitor = g_strdup_printf ("%s.monitor", sink);
  g_autofree char *failure = NULL;
  gsize n = PARLO_TEST_AUDIO_SAMPLES (ms);
  gint16 *samples = g_new (gint16, n);
  pa_simple *stream = open_stream (monitor, &failure);
  int error = 0;

  if (stream == NULL)
    g_error ("%s", failure);
  if (pa_simple_read (stream, samples, n * sizeof (gint16), &error) < 0)
    g_error ("Recording %s failed: %s", monitor, pa_strerror (error));
  pa_simple_free (stream);
  return samples;
}

/* Analysis */

double
parlo_test_audio_dominance (const gint16 *samples, gsize n, double frequency)
{
  double coefficient = 2 * cos (2 * G_PI * frequency / PARLO_TEST_AUDIO_RATE);
  double s1 = 0, s2 = 0, energy = 0, power;

  for (gsize i = 0; i < n; i++)
    {
      double s0 = samples[i] + coefficient * s1 - s2;

      s2 = s1;
      s1 = s0;
      energy += (double) samples[i] * samples[i];
    }
  /* A sine of amplitude A gives a power of (A n / 2)² and an energy of A² n / 2. */
  power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return energy > 0 ? 2 * power / (n * energy) : 0;
}

double
parlo_test_audio_level (const gint16 *samples, gsize n)
{
  double energy = 0;

  for (gsize i = 0; i < n; i++)
    energy += (double) samples[i] * samples[i];
  if (energy == 0 || n == 0)
    return -120;
  return 20 * log10 (sqrt (energy / n) / 32768);
}

gboolean
parlo_test_audio_is_tone (const gint16 *samples, gsize n, double frequency)
{
  return parlo_test_audio_level (samples, n) > TONE_LEVEL &&
         parlo_test_audio_dominance (samples, n, frequency) > TONE_DOMINANCE;
}

gboolean
parlo_test_audio_is_silent (const gint16 *samples, gsize n)
{
  return parlo_test_audio_level (samples, n) < SILENCE_LEVEL;
}
