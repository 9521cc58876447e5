/* parlo-audio-page.c — the preferences' audio page: devices, and not ringing
 *
 * The microphone and the speaker of calls, the sink that rings, and "Do not
 * disturb", each bound to its setting: a choice is saved as it is made, and
 * ParloAudioSync hands it to the engine. While the page is on screen, a meter
 * shows how loud the chosen microphone is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "parlo-input-meter.h"
#include "parlo-audio-device-row.h"
#include "parlo-audio-page.h"

struct _ParloAudioPage
{
  AdwPreferencesPage   parent_instance;

  ParloAudioDeviceRow *microphone_row;
  ParloAudioDeviceRow *speaker_row;
  ParloAudioDeviceRow *ring_row;
  GtkSwitch           *do_not_disturb_switch;
  GtkLevelBar         *input_level_bar;
  ParloInputMeter     *meter;
};

G_DEFINE_FINAL_TYPE (ParloAudioPage, parlo_audio_page, ADW_TYPE_PREFERENCES_PAGE)

static void
on_microphone_changed (ParloAudioPage *self)
{
  g_autofree char *device = NULL;

  g_object_get (self->microphone_row, "device", &device, NULL);
  parlo_input_meter_set_source (self->meter, device);
}

static gboolean
peak_to_steps (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_double (to, g_value_get_double (from) * 10.0);
  return TRUE;
}

static void
parlo_audio_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (parlo_audio_page_parent_class)->map (widget);
  parlo_input_meter_set_running (PARLO_AUDIO_PAGE (widget)->meter, TRUE);
}

static void
parlo_audio_page_unmap (GtkWidget *widget)
{
  parlo_input_meter_set_running (PARLO_AUDIO_PAGE (widget)->meter, FALSE);
  GTK_WIDGET_CLASS (parlo_audio_page_parent_class)->unmap (widget);
}

static void
parlo_audio_page_dispose (GObject *object)
{
  g_clear_object (&PARLO_AUDIO_PAGE (object)->meter);
  G_OBJECT_CLASS (parlo_audio_page_parent_class)->dispose (object);
}

static void
parlo_audio_page_class_init (ParloAudioPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = parlo_audio_page_dispose;
  widget_class->map = parlo_audio_page_map;
  widget_class->unmap = parlo_audio_page_unmap;

  g_type_ensure (PARLO_TYPE_AUDIO_DEVICE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-audio-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloAudioPage, microphone_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAudioPage, speaker_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAudioPage, ring_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAudioPage, do_not_disturb_switch);
  gtk_widget_class_bind_template_child (widget_class, ParloAudioPage, input_level_bar);
}

static void
parlo_audio_page_init (ParloAudioPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->meter = parlo_input_meter_new ();
  g_object_bind_property_full (self->meter, "level", self->input_level_bar, "value", G_BINDING_DEFAULT,
                               peak_to_steps, NULL, NULL, NULL);
}

static void
bind_device (ParloAudioDeviceRow *row, ParloAudioDevices *devices, ParloAudioDeviceKind kind,
             GSettings *settings, const char *key)
{
  parlo_audio_device_row_set_devices (row, devices, kind);
  g_settings_bind (settings, key, row, "device", G_SETTINGS_BIND_DEFAULT);
}

/* settings is the app's main schema. */
GtkWidget *
parlo_audio_page_new (ParloAudioDevices *devices, GSettings *settings)
{
  ParloAudioPage *self;

  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (devices), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PARLO_TYPE_AUDIO_PAGE, NULL);
  bind_device (self->microphone_row, devices, PARLO_AUDIO_DEVICE_SOURCE, settings, "audio-source");
  g_signal_connect_object (self->microphone_row, "notify::device", G_CALLBACK (on_microphone_changed), self,
                           G_CONNECT_SWAPPED);
  on_microphone_changed (self);
  bind_device (self->speaker_row, devices, PARLO_AUDIO_DEVICE_SINK, settings, "audio-player");
  bind_device (self->ring_row, devices, PARLO_AUDIO_DEVICE_SINK, settings, "audio-alert");
  g_settings_bind (settings, "do-not-disturb", self->do_not_disturb_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* Where it rings does not matter while it does not ring. */
  g_settings_bind (settings, "do-not-disturb", self->ring_row, "sensitive",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
  return GTK_WIDGET (self);
}
