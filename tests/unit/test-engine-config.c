/* The engine's private directory: private, complete, and without secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "engine/parlo-engine-config.h"
#include "parlo-test.h"

static void
test_write (void)
{
  g_autoptr(ParloEngineConfig) config = parlo_engine_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("parlo-config-XXXXXX", &error);
  g_autofree char *engine_dir = g_build_filename (dir, "engine", NULL);
  g_autofree char *config_path = g_build_filename (engine_dir, "config", NULL);
  g_autofree char *bridge = g_build_filename (engine_dir, "modules", "parlo_bridge.so", NULL);
  g_autofree char *text = NULL;
  GStatBuf info;

  parlo_engine_config_set_listen_address (config, "127.0.0.1:5090");
  parlo_engine_config_set_audio_device (config, "player", "headset_sink");
  g_assert_true (parlo_engine_config_write (config, engine_dir, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (engine_dir, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (config_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0077, ==, 0);
  g_assert_true (g_file_test (bridge, G_FILE_TEST_IS_SYMLINK));

  g_assert_true (g_file_get_contents (config_path, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "sip_listen\t\t127.0.0.1:5090\n"));
  g_assert_nonnull (strstr (text, "audio_player\t\tpulse,headset_sink\n"));
  g_assert_nonnull (strstr (text, "audio_source\t\tpulse,\n"));
  g_assert_nonnull (strstr (text, "audio_path\t\t" BARESIP_SHARE_DIR "\n"));
  g_assert_null (strstr (text, "echo.so"));
  g_assert_nonnull (strstr (text, "module_app\t\tparlo_bridge.so\n"));
  g_assert_null (strstr (text, "ctrl_tcp"));
  g_assert_null (strstr (text, "password"));

  /* Writing again (every engine start does) replaces what was there. */
  parlo_engine_config_set_listen_address (config, "127.0.0.1:5092");
  g_assert_true (parlo_engine_config_write (config, engine_dir, &error));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (config_path, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "127.0.0.1:5092"));
  g_assert_null (strstr (text, "127.0.0.1:5090"));
}

/* An echo engine loops each call's audio through aubridge, not PulseAudio;
 * only its alerts still go to a sound device. */
static void
test_echo (void)
{
  g_autoptr(ParloEngineConfig) config = parlo_engine_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("parlo-config-XXXXXX", &error);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *echo = g_build_filename (dir, "modules", "echo.so", NULL);
  g_autofree char *text = NULL;

  parlo_engine_config_set_audio_device (config, "alert", "bell");
  parlo_engine_config_set_echo (config, TRUE);
  g_assert_true (parlo_engine_config_write (config, dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (echo, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (config_path, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "module\t\t\taubridge.so\n"));
  g_assert_nonnull (strstr (text, "module\t\t\techo.so\n"));
  g_assert_nonnull (strstr (text, "audio_player\t\taubridge,echo\n"));
  g_assert_nonnull (strstr (text, "audio_source\t\taubridge,echo\n"));
  g_assert_nonnull (strstr (text, "audio_alert\t\tpulse,bell\n"));
  parlo_test_remove_tree (dir);
}

static void
test_missing_bridge_module (void)
{
  g_autoptr(ParloEngineConfig) config = parlo_engine_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("parlo-config-XXXXXX", &error);

  g_setenv ("PARLO_BRIDGE_MODULE_DIR", dir, TRUE);
  g_assert_false (parlo_engine_config_write (config, dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "parlo_bridge.so is not installed"));
}

/* The launcher is kept as given, and an empty one means none. */
static void
test_launcher (void)
{
  g_autoptr(ParloEngineConfig) config = parlo_engine_config_new ();
  const char * const wrapper[] = { "ip", "netns", "exec", "home", NULL };
  const char * const empty[] = { NULL };
  const char * const *launcher;

  g_assert_null (parlo_engine_config_get_launcher (config));
  parlo_engine_config_set_launcher (config, wrapper);
  launcher = parlo_engine_config_get_launcher (config);
  g_assert_nonnull (launcher);
  g_assert_true (g_strv_equal ((const char * const *) launcher, wrapper));
  parlo_engine_config_set_launcher (config, empty);
  g_assert_null (parlo_engine_config_get_launcher (config));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-config/write", test_write);
  g_test_add_func ("/engine-config/echo", test_echo);
  g_test_add_func ("/engine-config/missing-bridge-module", test_missing_bridge_module);
  g_test_add_func ("/engine-config/launcher", test_launcher);
  return g_test_run ();
}
