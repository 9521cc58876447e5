/* parlo-test-init.c — what every test program starts with and ends with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "parlo-test.h"

static ParloTestNeeds     needs;
static char              *runtime_dir;
static char              *user_dirs;
static ParloTestKeyring  *keyring;
static ParloTestPulse    *pulse;
static ParloAudioDevices *devices;

void
parlo_test_init (int *argc, char ***argv, ParloTestNeeds what)
{
  needs = what;
  if (needs & PARLO_TEST_RUNTIME_DIR)
    {
      runtime_dir = g_dir_make_tmp ("parlo-run-XXXXXX", NULL);
      g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
    }
  if (needs & PARLO_TEST_USER_DIRS)
    {
      user_dirs = g_dir_make_tmp ("parlo-home-XXXXXX", NULL);
      for (guint i = 0; i < 3; i++)
        {
          const char *variables[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };
          g_autofree char *dir = g_build_filename (user_dirs, variables[i], NULL);

          g_mkdir (dir, 0700);
          g_setenv (variables[i], dir, TRUE);
        }
    }
  if (needs & PARLO_TEST_ISOLATE_DIRS)
    g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  else
    g_test_init (argc, argv, NULL);
  /* Before anything connects to a session bus: this one becomes it. */
  if (needs & PARLO_TEST_KEYRING)
    keyring = parlo_test_keyring_start ();
  pulse = parlo_test_pulse_start ();
  if (needs & PARLO_TEST_AUDIO_DEVICES)
    {
      devices = parlo_audio_devices_new ();
      PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_get_connected (devices));
    }
}

void
parlo_test_stop_pulse (void)
{
  g_clear_pointer (&pulse, parlo_test_pulse_stop);
}

void
parlo_test_start_pulse (void)
{
  g_assert_null (pulse);
  pulse = parlo_test_pulse_start ();
}

ParloAudioDevices *
parlo_test_audio_devices (void)
{
  g_assert_nonnull (devices);
  return devices;
}

int
parlo_test_run (void)
{
  int result = g_test_run ();

  g_clear_object (&devices);
  g_clear_pointer (&pulse, parlo_test_pulse_stop);
  g_clear_pointer (&keyring, parlo_test_keyring_stop);
  if (runtime_dir != NULL)
    parlo_test_remove_tree (runtime_dir);
  g_clear_pointer (&runtime_dir, g_free);
  if (user_dirs != NULL)
    parlo_test_remove_tree (user_dirs);
  g_clear_pointer (&user_dirs, g_free);
  return result;
}
