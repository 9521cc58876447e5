/* Closing the window of the real program, as a window manager asks it to (the
 * X display is Xvfb's): with an account on Parlo keeps running and registered,
 * and starting it again or its notification brings the window back; asked to
 * quit instead, or without accounts, it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test.h"
#include "parlo-test-desktop.h"
#include "parlo-test-notifications.h"
#include "parlo-test-servers.h"

#define PASSWORD "Tr0ub4dor-and-3"
/* How long a Parlo that were to end would take. */
#define QUIET_MS 2000

static gboolean
is_running (ParloTestApp *app)
{
  return g_subprocess_get_identifier (app->process) != NULL;
}

/* A registrar that knows alice, and her account in the settings the app reads. */
typedef struct {
  GSettings          *settings;
  ParloTestRegistrar *registrar;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->settings = parlo_test_app_settings ();
  g_settings_reset (fixture->settings, "accounts");
  g_settings_reset (fixture->settings, "run-in-background");
  if (data == NULL)
    return;
  fixture->registrar = parlo_test_app_add_alice (fixture->settings, PASSWORD);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->registrar, parlo_test_registrar_stop);
  g_clear_object (&fixture->settings);
}

static guint
registrations (Fixture *fixture)
{
  return parlo_test_registrar_count (fixture->registrar, "authorized");
}

static guint
unregistrations (Fixture *fixture)
{
  return parlo_test_registrar_count (fixture->registrar, "unregister");
}

/* The app started with its window shown, and registered when it has an account. */
static ParloTestApp *
start_app (Fixture *fixture)
{
  ParloTestApp *app = parlo_test_app_start ();

  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_window_shown (parlo_test_app_pid (app)));
  if (fixture->registrar != NULL)
    PARLO_TEST_WAIT_UNTIL (registrations (fixture) >= 1);
  return app;
}

/* Closed with an account on, Parlo stays, registered; `parlo` brings the
 * window back; app.quit (Ctrl+Q) ends it even so, and it unregisters. */
static void
test_close_keeps_running (Fixture *fixture, gconstpointer data)
{
  ParloTestApp *app = start_app (fixture);
  const char *parlo[] = { parlo_test_desktop_program (), NULL };
  const char *quit[] = { "gapplication", "action", PARLO_TEST_APP_ID, "quit", NULL };

  parlo_test_desktop_close_window (parlo_test_app_pid (app));
  PARLO_TEST_WAIT_UNTIL (!parlo_test_desktop_window_shown (parlo_test_app_pid (app)));
  parlo_test_run_for (QUIET_MS);
  g_assert_true (is_running (app));
  g_assert_true (parlo_test_desktop_app_on_bus ());
  g_assert_cmpuint (unregistrations (fixture), ==, 0);

  g_assert_cmpint (parlo_test_desktop_run (parlo, NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_window_shown (parlo_test_app_pid (app)));

  /* Closed again, it stays again. */
  parlo_test_desktop_close_window (parlo_test_app_pid (app));
  PARLO_TEST_WAIT_UNTIL (!parlo_test_desktop_window_shown (parlo_test_app_pid (app)));
  parlo_test_run_for (QUIET_MS);
  g_assert_true (is_running (app));

  g_assert_cmpint (parlo_test_desktop_run (quit, NULL, NULL), ==, 0);
  g_assert_true (parlo_test_app_ends (app));
  g_assert_true (g_subprocess_get_successful (app->process));
  PARLO_TEST_WAIT_UNTIL (unregistrations (fixture) > 0);
  parlo_test_app_free (app);
}

/* With "Run in background" off, closing the window quits, and unregisters. */
static void
test_close_quits_when_asked (Fixture *fixture, gconstpointer data)
{
  ParloTestApp *app;

  g_settings_set_boolean (fixture->settings, "run-in-background", FALSE);
  app = start_app (fixture);
  parlo_test_desktop_close_window (parlo_test_app_pid (app));
  g_assert_true (parlo_test_app_ends (app));
  g_assert_true (g_subprocess_get_successful (app->process));
  PARLO_TEST_WAIT_UNTIL (unregistrations (fixture) > 0);
  parlo_test_app_free (app);
}

/* With direct calls only, nothing calls Parlo without its window: it quits. */
static void
test_close_without_accounts_quits (Fixture *fixture, gconstpointer data)
{
  ParloTestApp *app = start_app (fixture);

  parlo_test_desktop_close_window (parlo_test_app_pid (app));
  g_assert_true (parlo_test_app_ends (app));
  g_assert_true (g_subprocess_get_successful (app->process));
  parlo_test_app_free (app);
}

/* In the background a call still comes in, as a notification; clicking it
 * brings the window, with the call. */
static void
test_notification_brings_window (Fixture *fixture, gconstpointer data)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  ParloTestPeer *peer = parlo_test_peer_new ("peer");
  ParloTestApp *app = start_app (fixture);
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) call = NULL;
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  parlo_test_desktop_close_window (parlo_test_app_pid (app));
  PARLO_TEST_WAIT_UNTIL (!parlo_test_desktop_window_shown (parlo_test_app_pid (app)));

  parlo_engine_dial_async (peer->engine, peer->aor, app->aor, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (peer->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  call = g_object_ref (parlo_call_model_find (peer->calls, peer->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (server->last_id == 1);
  g_assert_cmpstr (server->summary, ==, "Incoming call");
  g_assert_false (parlo_test_desktop_window_shown (parlo_test_app_pid (app)));

  parlo_test_notifications_click (server);
  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_window_shown (parlo_test_app_pid (app)));

  parlo_test_peer_hangup (peer, call, 0);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (call));
  parlo_test_app_free (app);
  parlo_test_peer_free (peer);
  parlo_test_notifications_stop (server);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/background/close-keeps-running", "account", test_close_keeps_running);
  ADD ("/background/close-quits-when-asked", "account", test_close_quits_when_asked);
  ADD ("/background/close-without-accounts-quits", NULL, test_close_without_accounts_quits);
  ADD ("/background/notification-brings-window", "account", test_notification_brings_window);

  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
