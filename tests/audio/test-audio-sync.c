/* The chosen devices reach a real engine: in the config of its first start,
 * live into a call, and in its config after it restarts; a chosen device that
 * is unplugged gives way to the system default until it is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "audio/parlo-audio-sync.h"

static ParloAudioDevices *devices;

/* The "Headset" sink, listed. */
static guint
plug_headset (void)
{
  guint module = parlo_test_pulse_load_module ("module-null-sink",
                                               "sink_name=hotplug sink_properties=device.description=Headset");

  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "hotplug") != NULL);
  return module;
}

static void
unplug (guint module, const char *sink)
{
  parlo_test_pulse_unload_module (module);
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, sink) == NULL);
}

/* The config file of the one engine there is (they live in XDG_RUNTIME_DIR/parlo). */
static char *
engine_config (void)
{
  g_autofree char *parent = g_build_filename (g_get_user_runtime_dir (), "parlo", NULL);
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  char *text = NULL;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_null (path);
      path = g_build_filename (parent, name, "config", NULL);
    }
  g_assert_nonnull (path);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The line of the engine's config for role ("player"…): "audio_player\t\tpulse,DEVICE". */
static gboolean
engine_uses (const char *role, const char *device)
{
  g_autofree char *config = engine_config ();
  g_autofree char *line = g_strdup_printf ("\naudio_%s\t\tpulse,%s\n", role, device);

  return strstr (config, line) != NULL;
}

/* Once the engine answers a later request, it has answered the earlier ones:
 * an error there would have been a warning, which fails the test. */
static void
engine_caught_up (ParloEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = parlo_test_request (engine, "engine.status", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (status);
}

/* Kills the engine and waits for it to come back by itself (it rewrites its
 * config on the way). */
static void
restart_engine (ParloEngine *engine)
{
  GPid pid = parlo_engine_get_process_id (engine);

  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  /* The process id reads 0 from when the old one is reaped until the new one runs. */
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RUNNING &&
                         parlo_engine_get_process_id (engine) != pid &&
                         parlo_engine_get_process_id (engine) != 0);
  g_test_assert_expected_messages ();
  engine_caught_up (engine);
}

static ParloEngine *
engine_new (GSettings *settings, ParloAudioSync **sync)
{
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (parlo_test_free_port ());
  ParloEngine *engine = parlo_engine_new (config);
  g_autoptr(GError) error = NULL;

  *sync = parlo_audio_sync_new (engine, config, settings, devices);
  parlo_engine_start (engine, &error);
  g_assert_no_error (error);
  engine_caught_up (engine);
  return engine;
}

static void
engine_free (ParloEngine *engine, ParloAudioSync *sync)
{
  g_object_unref (sync);
  parlo_engine_stop (engine);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_STOPPED);
  g_object_unref (engine);
}

/* The first start already uses the chosen devices; one that is missing is
 * left to the system default. */
static void
test_start (void)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  guint headset = plug_headset ();
  guint microphone = parlo_test_pulse_load_module ("module-null-source", "source_name=mic description=Microphone");
  ParloAudioSync *sync;
  ParloEngine *engine;

  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SOURCE, "mic") != NULL);
  g_settings_set_string (settings, "audio-player", "hotplug");
  g_settings_set_string (settings, "audio-source", "mic");
  g_settings_set_string (settings, "audio-alert", "unplugged");

  engine = engine_new (settings, &sync);
  g_assert_true (engine_uses ("player", "hotplug"));
  g_assert_true (engine_uses ("source", "mic"));
  g_assert_true (engine_uses ("alert", ""));

  engine_free (engine, sync);
  unplug (headset, "hotplug");
  parlo_test_pulse_unload_module (microphone);
}

/* A change of setting reaches the running engine, which keeps it across a
 * restart; unplugged, the device gives way to the default, and comes back. */
static void
test_change_and_restart (void)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  guint headset = plug_headset ();
  g_autofree char *chosen = NULL;
  ParloAudioSync *sync;
  ParloEngine *engine;

  engine = engine_new (settings, &sync);
  g_assert_true (engine_uses ("player", ""));

  g_settings_set_string (settings, "audio-player", "hotplug");
  engine_caught_up (engine);
  restart_engine (engine);
  g_assert_true (engine_uses ("player", "hotplug"));
  g_assert_true (engine_uses ("alert", ""));

  unplug (headset, "hotplug");
  engine_caught_up (engine);
  restart_engine (engine);
  g_assert_true (engine_uses ("player", ""));
  chosen = g_settings_get_string (settings, "audio-player");
  g_assert_cmpstr (chosen, ==, "hotplug");

  /* A setting that is no device name at all is the default too. */
  g_settings_set_string (settings, "audio-alert", "not,a\nname");
  headset = plug_headset ();
  engine_caught_up (engine);
  restart_engine (engine);
  g_assert_true (engine_uses ("player", "hotplug"));
  g_assert_true (engine_uses ("alert", ""));

  engine_free (engine, sync);
  unplug (headset, "hotplug");
}

/* The PulseAudio index of the sink named name, as pactl prints it. */
static char *
sink_index (const char *name)
{
  g_autofree char *sinks = parlo_test_pactl ("list short sinks");
  g_auto(GStrv) lines = g_strsplit (sinks, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (fields) > 1 && g_str_equal (fields[1], name))
        return g_strdup (fields[0]);
    }
  return NULL;
}

/* Whether something plays into the sink now. */
static gboolean
sink_plays (const char *name)
{
  g_autofree char *index = sink_index (name);
  g_autofree char *inputs = parlo_test_pactl ("list short sink-inputs");
  g_auto(GStrv) lines = g_strsplit (inputs, "\n", -1);

  for (guint i = 0; index != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (fields) > 1 && g_str_equal (fields[1], index))
        return TRUE;
    }
  return FALSE;
}

/* A call in progress moves to the speaker chosen, without being restarted. */
static void
test_live_call (void)
{
  ParloTestPeer *a = parlo_test_peer_new ("alice");
  ParloTestPeer *b = parlo_test_peer_new ("bob");
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  g_autoptr(ParloEngineConfig) unused = parlo_engine_config_new ();
  guint headset = plug_headset ();
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) call = NULL;
  ParloAudioSync *sync = parlo_audio_sync_new (b->engine, unused, settings, devices);

  engine_caught_up (b->engine);
  call_id = parlo_test_peer_dial (a, b);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  call = parlo_test_peer_call (b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (b, call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (sink_plays ("parlo_test"));
  g_assert_false (sink_plays ("hotplug"));

  g_settings_set_string (settings, "audio-player", "hotplug");
  PARLO_TEST_WAIT_UNTIL (sink_plays ("hotplug"));
  g_assert_cmpint (parlo_call_get_state (call), ==, PARLO_CALL_STATE_ESTABLISHED);

  parlo_test_peer_hangup (b, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  g_object_unref (sync);
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
  unplug (headset, "hotplug");
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_AUDIO_DEVICES);
  devices = parlo_test_audio_devices ();
  g_test_add_func ("/audio-sync/start", test_start);
  g_test_add_func ("/audio-sync/change-and-restart", test_change_and_restart);
  g_test_add_func ("/audio-sync/live-call", test_live_call);
  result = parlo_test_run ();
  return result;
}
