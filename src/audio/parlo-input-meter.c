/* parlo-input-meter.c — how loud a microphone is, before any call
 *
 * While running, a PulseAudio record stream with peak detection on the chosen
 * source (NULL or "" for the default) delivers 25 peaks a second; "level" is
 * the latest, from 0 (silence) to 1 (full scale). It costs nothing while
 * stopped, so a page shows it only while it is on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-audio"

#include <pulse/glib-mainloop.h>
#include <pulse/pulseaudio.h>

#include "parlo-input-meter.h"
#include "parlo-util.h"

#define PEAKS_PER_SECOND 25

struct _ParloInputMeter
{
  GObject           parent_instance;

  pa_glib_mainloop *mainloop;
  pa_context       *context;
  pa_stream        *stream;
  char             *source;
  gboolean          running;
  double            level;
};

enum {
  PROP_0,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloInputMeter, parlo_input_meter, G_TYPE_OBJECT)

static void
set_level (ParloInputMeter *self, double level)
{
  level = CLAMP (level, 0.0, 1.0);
  if (self->level == level)
    return;
  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
on_peak (pa_stream *stream, size_t length, void *user_data)
{
  ParloInputMeter *self = user_data;
  const void *data;

  while (pa_stream_readable_size (stream) > 0)
    {
      if (pa_stream_peek (stream, &data, &length) < 0)
        return;
      /* A hole (data NULL) carries no peak, but must be dropped too. */
      if (data != NULL && length >= sizeof (float))
        set_level (self, ((const float *) data)[length / sizeof (float) - 1]);
      pa_stream_drop (stream);
    }
}

static void
close_stream (ParloInputMeter *self)
{
  if (self->stream == NULL)
    return;
  pa_stream_set_read_callback (self->stream, NULL, NULL);
  pa_stream_disconnect (self->stream);
  g_clear_pointer (&self->stream, pa_stream_unref);
  set_level (self, 0.0);
}

static void
open_stream (ParloInputMeter *self)
{
  static const pa_sample_spec spec = { .format = PA_SAMPLE_FLOAT32NE, .rate = PEAKS_PER_SECOND, .channels = 1 };
  pa_buffer_attr attributes = { .maxlength = (uint32_t) -1, .fragsize = sizeof (float) };

  close_stream (self);
  if (!self->running || self->context == NULL || pa_context_get_state (self->context) != PA_CONTEXT_READY)
    return;
  self->stream = pa_stream_new (self->context, "Microphone level", &spec, NULL);
  if (self->stream == NULL)
    return;
  pa_stream_set_read_callback (self->stream, on_peak, self);
  if (pa_stream_connect_record (self->stream, self->source && *self->source ? self->source : NULL, &attributes,
                                PA_STREAM_PEAK_DETECT | PA_STREAM_ADJUST_LATENCY | PA_STREAM_DONT_INHIBIT_AUTO_SUSPEND) < 0)
    {
      g_debug ("No level for %s: %s", self->source, pa_strerror (pa_context_errno (self->context)));
      g_clear_pointer (&self->stream, pa_stream_unref);
    }
}

static void
on_context_state (pa_context *context, void *user_data)
{
  ParloInputMeter *self = user_data;

  if (pa_context_get_state (context) == PA_CONTEXT_READY)
    open_stream (self);
}

static void
stop (ParloInputMeter *self)
{
  close_stream (self);
  if (self->context != NULL)
    {
      pa_context_set_state_callback (self->context, NULL, NULL);
      pa_context_disconnect (self->context);
      g_clear_pointer (&self->context, pa_context_unref);
    }
}

static void
start (ParloInputMeter *self)
{
  stop (self);
  self->context = pa_context_new (pa_glib_mainloop_get_api (self->mainloop), "Parlo");
  pa_context_set_state_callback (self->context, on_context_state, self);
  if (pa_context_connect (self->context, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0)
    g_debug ("No level: %s", pa_strerror (pa_context_errno (self->context)));
}

static void
parlo_input_meter_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloInputMeter *self = PARLO_INPUT_METER (object);

  switch (prop_id)
    {
    case PROP_LEVEL: g_value_set_double (value, self->level); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_input_meter_finalize (GObject *object)
{
  ParloInputMeter *self = PARLO_INPUT_METER (object);

  stop (self);
  g_clear_pointer (&self->mainloop, pa_glib_mainloop_free);
  g_free (self->source);
  G_OBJECT_CLASS (parlo_input_meter_parent_class)->finalize (object);
}

static void
parlo_input_meter_class_init (ParloInputMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_input_meter_finalize;
  object_class->get_property = parlo_input_meter_get_property;

  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_input_meter_init (ParloInputMeter *self)
{
  self->mainloop = pa_glib_mainloop_new (NULL);
}

ParloInputMeter *
parlo_input_meter_new (void)
{
  return g_object_new (PARLO_TYPE_INPUT_METER, NULL);
}

/* source is a PulseAudio source name, "" for the default. */
void
parlo_input_meter_set_source (ParloInputMeter *self, const char *source)
{
  g_return_if_fail (PARLO_IS_INPUT_METER (self));
  if (parlo_set_str (&self->source, source))
    open_stream (self);
}

void
parlo_input_meter_set_running (ParloInputMeter *self, gboolean running)
{
  g_return_if_fail (PARLO_IS_INPUT_METER (self));
  if (self->running == !!running)
    return;
  self->running = !!running;
  if (running)
    start (self);
  else
    stop (self);
}

double
parlo_input_meter_get_level (ParloInputMeter *self)
{
  g_return_val_if_fail (PARLO_IS_INPUT_METER (self), 0.0);
  return self->level;
}
