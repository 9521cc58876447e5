/* A link opened while no Parlo runs starts one as the desktop does: its entry
 * says DBusActivatable, so `gio open` asks the session bus, which starts the
 * real program through its D-Bus service file and hands it the link. A far
 * engine shows whether a call was placed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "parlo-test.h"
#include "parlo-test-desktop.h"

/* Long enough for a link to call by itself, were it to. */
#define QUIET_MS 2000

/* The session bus starts Parlo as the service file installed with it says,
 * with the settings parlo_test_app_settings writes and its own SIP port. Call
 * before the bus starts. */
static void
install_service (void)
{
  g_autofree char *services = g_build_filename (g_get_user_data_dir (), "dbus-1", "services", NULL);
  g_autofree char *path = g_build_filename (services, PARLO_TEST_APP_ID ".service", NULL);
  g_autofree char *contents = g_strdup_printf ("[D-BUS Service]\nName=" PARLO_TEST_APP_ID "\n"
                                               "Exec=/usr/bin/env GSETTINGS_BACKEND=keyfile "
                                               "PARLO_SIP_LISTEN=127.0.0.1:%u %s --gapplication-service\n",
                                               parlo_test_free_port (), parlo_test_desktop_program ());
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (services, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls)) +
         g_list_model_get_n_items (G_LIST_MODEL (peer->ended));
}

/* Opens a link to peer while no Parlo runs; returns the Parlo it started. */
static GPid
open_link_to (ParloTestPeer *peer)
{
  const char *gio_open[] = { "gio", "open", peer->aor, NULL };

  g_assert_false (parlo_test_desktop_app_on_bus ());
  g_assert_cmpint (parlo_test_desktop_run (gio_open, NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_app_on_bus ());
  return parlo_test_desktop_app_pid ();
}

static void
quit_parlo (void)
{
  const char *quit[] = { parlo_test_desktop_program (), "--quit", NULL };

  g_assert_cmpint (parlo_test_desktop_run (quit, NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (!parlo_test_desktop_app_on_bus ());
}

/* The link starts Parlo and shows its window, and calls nobody. */
static void
test_link_starts_parlo (void)
{
  g_autoptr(GSettings) settings = parlo_test_app_settings ();
  ParloTestPeer *bob = parlo_test_peer_new ("bob");
  GPid pid;

  g_settings_set_boolean (settings, "links-call-immediately", FALSE);
  g_settings_sync ();
  pid = open_link_to (bob);
  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_window_shown (pid));
  parlo_test_run_for (QUIET_MS);
  g_assert_cmpuint (n_calls (bob), ==, 0);

  quit_parlo ();
  parlo_test_peer_free (bob);
}

/* With "Call links at once" on, the link that starts Parlo calls as soon as
 * Parlo can. */
static void
test_link_starts_parlo_and_calls (void)
{
  g_autoptr(GSettings) settings = parlo_test_app_settings ();
  ParloTestPeer *bob = parlo_test_peer_new ("bob");
  g_autoptr(ParloCall) call = NULL;

  g_settings_set_boolean (settings, "links-call-immediately", TRUE);
  g_settings_sync ();
  open_link_to (bob);
  PARLO_TEST_WAIT_UNTIL (n_calls (bob) == 1);
  call = parlo_test_peer_call (bob, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_hangup (bob, call, 486);

  quit_parlo ();
  parlo_test_peer_free (bob);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  /* Before the session bus of the test's own starts, which reads the service file. */
  install_service ();
  parlo_test_desktop_install_handler (TRUE);
  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

  g_test_add_func ("/activation/link-starts-parlo", test_link_starts_parlo);
  g_test_add_func ("/activation/link-starts-parlo-and-calls", test_link_starts_parlo_and_calls);

  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
