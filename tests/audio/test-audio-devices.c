/* The device lists on a private PulseAudio: what is there, a sink and a source
 * plugged in and out, the server's default sink, and a server that goes away
 * and comes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "audio/parlo-audio-devices.h"

static ParloAudioDevices *
connect_devices (void)
{
  ParloAudioDevices *devices = parlo_audio_devices_new ();

  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_get_connected (devices));
  return devices;
}

static GListModel *
sinks (ParloAudioDevices *devices)
{
  return parlo_audio_devices_get_devices (devices, PARLO_AUDIO_DEVICE_SINK);
}

static GListModel *
sources (ParloAudioDevices *devices)
{
  return parlo_audio_devices_get_devices (devices, PARLO_AUDIO_DEVICE_SOURCE);
}

/* The description of the device at position, as a person reads it in a list. */
static const char *
description_at (GListModel *list, guint position)
{
  g_autoptr(ParloAudioDevice) device = g_list_model_get_item (list, position);

  g_assert_nonnull (device);
  return parlo_audio_device_get_description (device);
}

static gboolean
lists_monitor (GListModel *list)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ParloAudioDevice) device = g_list_model_get_item (list, i);

      if (g_str_has_suffix (parlo_audio_device_get_name (device), ".monitor"))
        return TRUE;
    }
  return FALSE;
}

static const char *
default_sink_name (ParloAudioDevices *devices)
{
  ParloAudioDevice *device = parlo_audio_devices_get_default (devices, PARLO_AUDIO_DEVICE_SINK);

  return device != NULL ? parlo_audio_device_get_name (device) : NULL;
}

/* The test server's one sink is listed and is the default; its monitor is a
 * source, but not one to speak into. */
static void
test_lists (void)
{
  g_autoptr(ParloAudioDevices) devices = connect_devices ();
  ParloAudioDevice *sink = parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "parlo_test");
  ParloAudioDevice *monitor;

  g_assert_nonnull (sink);
  g_assert_cmpint (parlo_audio_device_get_kind (sink), ==, PARLO_AUDIO_DEVICE_SINK);
  g_assert_cmpstr (parlo_audio_device_get_description (sink), ==, "Null Output");
  g_assert_cmpuint (g_list_model_get_n_items (sinks (devices)), ==, 1);
  g_assert_true (parlo_audio_device_get_is_default (sink));
  g_assert_true (parlo_audio_devices_get_default (devices, PARLO_AUDIO_DEVICE_SINK) == sink);

  g_assert_nonnull (sources (devices));
  g_assert_false (lists_monitor (sources (devices)));
  g_assert_null (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SOURCE, "parlo_test.monitor"));
  /* The server records from the monitor when it has nothing else: it is still
   * named as the default, so that "System default" can say what it is. */
  monitor = parlo_audio_devices_get_default (devices, PARLO_AUDIO_DEVICE_SOURCE);
  g_assert_nonnull (monitor);
  g_assert_cmpstr (parlo_audio_device_get_name (monitor), ==, "parlo_test.monitor");
}

/* A sink plugged in shows at once, in order of description; unplugged, it goes. */
static void
test_sink_hotplug (void)
{
  g_autoptr(ParloAudioDevices) devices = connect_devices ();
  guint module;
  ParloAudioDevice *headset;

  module = parlo_test_pulse_load_module ("module-null-sink", "sink_name=hotplug sink_properties=device.description=Headset");
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "hotplug") != NULL);
  headset = parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "hotplug");
  g_assert_cmpstr (parlo_audio_device_get_description (headset), ==, "Headset");
  g_assert_false (parlo_audio_device_get_is_default (headset));
  g_assert_cmpuint (g_list_model_get_n_items (sinks (devices)), ==, 2);
  g_assert_cmpstr (description_at (sinks (devices), 0), ==, "Headset");
  g_assert_cmpstr (description_at (sinks (devices), 1), ==, "Null Output");
  /* Its monitor is not offered as a microphone. */
  g_assert_false (lists_monitor (sources (devices)));

  parlo_test_pulse_unload_module (module);
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "hotplug") == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sinks (devices)), ==, 1);
}

/* A microphone plugged in is listed among the sources; unplugged, it goes. */
static void
test_source_hotplug (void)
{
  g_autoptr(ParloAudioDevices) devices = connect_devices ();
  guint before = g_list_model_get_n_items (sources (devices));
  guint module;
  ParloAudioDevice *microphone;

  module = parlo_test_pulse_load_module ("module-null-source", "source_name=mic description=Microphone");
  PARLO_TEST_WAIT_UNTIL ((microphone = parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SOURCE, "mic")) != NULL);
  g_assert_cmpint (parlo_audio_device_get_kind (microphone), ==, PARLO_AUDIO_DEVICE_SOURCE);
  g_assert_cmpstr (parlo_audio_device_get_description (microphone), ==, "Microphone");
  g_assert_cmpuint (g_list_model_get_n_items (sources (devices)), ==, before + 1);

  parlo_test_pulse_unload_module (module);
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SOURCE, "mic") == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sources (devices)), ==, before);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* "default-sink" follows the server's default, and so does each device's "is-default". */
static void
test_default_sink (void)
{
  g_autoptr(ParloAudioDevices) devices = connect_devices ();
  guint module;
  g_autofree char *output = NULL;
  ParloAudioDevice *headset, *null_output;
  guint notified = 0;

  module = parlo_test_pulse_load_module ("module-null-sink", "sink_name=hotplug sink_properties=device.description=Headset");
  PARLO_TEST_WAIT_UNTIL ((headset = parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "hotplug")) != NULL);
  null_output = parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "parlo_test");
  g_assert_cmpstr (default_sink_name (devices), ==, "parlo_test");
  g_signal_connect (devices, "notify::default-sink", G_CALLBACK (count_notify), &notified);

  output = parlo_test_pactl ("set-default-sink hotplug");
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (default_sink_name (devices), "hotplug") == 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (parlo_audio_device_get_is_default (headset));
  g_assert_false (parlo_audio_device_get_is_default (null_output));

  g_clear_pointer (&output, g_free);
  output = parlo_test_pactl ("set-default-sink parlo_test");
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (default_sink_name (devices), "parlo_test") == 0);
  g_assert_false (parlo_audio_device_get_is_default (headset));
  g_assert_true (parlo_audio_device_get_is_default (null_output));

  g_signal_handlers_disconnect_by_func (devices, count_notify, &notified);
  parlo_test_pulse_unload_module (module);
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "hotplug") == NULL);
}

/* The server goes away: the lists empty, and "connected" says why. It comes
 * back (as a new server, elsewhere): the lists fill again by themselves. */
static void
test_reconnect (void)
{
  g_autoptr(ParloAudioDevices) devices = connect_devices ();

  parlo_test_stop_pulse ();
  PARLO_TEST_WAIT_UNTIL (!parlo_audio_devices_get_connected (devices));
  g_assert_cmpuint (g_list_model_get_n_items (sinks (devices)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sources (devices)), ==, 0);
  g_assert_null (parlo_audio_devices_get_default (devices, PARLO_AUDIO_DEVICE_SINK));

  parlo_test_start_pulse ();
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_get_connected (devices));
  g_assert_nonnull (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "parlo_test"));
  g_assert_cmpstr (default_sink_name (devices), ==, "parlo_test");
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, 0);
  g_test_add_func ("/audio-devices/lists", test_lists);
  g_test_add_func ("/audio-devices/sink-hotplug", test_sink_hotplug);
  g_test_add_func ("/audio-devices/source-hotplug", test_source_hotplug);
  g_test_add_func ("/audio-devices/default-sink", test_default_sink);
  g_test_add_func ("/audio-devices/reconnect", test_reconnect);
  result = parlo_test_run ();
  return result;
}
