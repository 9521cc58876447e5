/* An account that loses its registration says so on the desktop: a real
 * account registers at a real registrar (sipp) that then goes away and comes
 * back, and the notifications arrive at a stand-in notification server on the
 * test's session bus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "parlo-test.h"
#include "parlo-test-notifications.h"
#include "parlo-test-servers.h"
#include "ui/parlo-registration-notifier.h"

#define PASSWORD "Tr0ub4dor-and-3"
#define FIRST_RETRY_MS 300
#define LONGEST_RETRY_MS 1200
/* Long enough for a notification that were to come. */
#define QUIET_MS 1500

static ParloRegistrationState
state_of (ParloAccount *account)
{
  return parlo_account_get_registration_state (account);
}

static void
on_show_window (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* alice@parlo.test over TCP, at a registrar on 127.0.0.1:port, refreshed as
 * often as an account can be: a registrar that is gone is noticed soon. */
static ParloAccount *
add_alice (ParloTestPeer *phone, guint16 port)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", "alice@parlo.test", "server", server, "transport", PARLO_TRANSPORT_TCP,
                "registration-interval", PARLO_ACCOUNT_MIN_INTERVAL, NULL);
  parlo_account_store_add_async (phone->accounts, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (phone->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return g_object_ref (account);
}

/* Not registered from the start: no notification. Registered, then the
 * registrar goes: "alice@parlo.test is not registered", with the reason, until
 * it registers again. Turned off while lost: the notification goes too, and
 * the account starts afresh. The notification opens the window. */
static void
test_registration_lost (void)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.parlo.ParloTests.Registration",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSimpleAction) show_window = g_simple_action_new ("show-window", NULL);
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  ParloTestPeer *phone = parlo_test_peer_new_full ("me", NULL, settings);
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloRegistrationNotifier) notifier = NULL;
  g_autoptr(ParloAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  ParloTestRegistrar *registrar;
  guint windows_shown = 0;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_signal_connect (show_window, "activate", G_CALLBACK (on_show_window), &windows_shown);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (show_window));
  parlo_account_sync_set_retry_delay (phone->sync, FIRST_RETRY_MS, LONGEST_RETRY_MS);
  notifier = parlo_registration_notifier_new (app, phone->accounts);

  /* Nothing listens yet: the account fails, and that is no loss to tell. */
  account = add_alice (phone, port);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_FAILED);
  parlo_test_run_for (QUIET_MS);
  g_assert_cmpuint (server->last_id, ==, 0);

  registrar = parlo_test_registrar_start (port, "tcp", "alice", PASSWORD);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (server->last_id, ==, 0);

  /* The registrar goes: the next refresh fails. */
  parlo_test_registrar_stop (registrar);
  PARLO_TEST_WAIT_UNTIL (server->last_id == 1);
  g_assert_cmpint (state_of (account), ==, PARLO_REGISTRATION_FAILED);
  g_assert_cmpstr (server->summary, ==, "alice@parlo.test is not registered");
  g_assert_cmpstr (server->body, ==, parlo_account_get_status (account));
  g_assert_true (g_str_has_prefix (server->body, "The server cannot be reached"));

  /* While it is tried again and again for the same reason, nothing more is sent. */
  parlo_test_run_for (2 * LONGEST_RETRY_MS);
  g_assert_cmpuint (server->last_id, ==, 1);

  /* Back: withdrawn. */
  registrar = parlo_test_registrar_start (port, "tcp", "alice", PASSWORD);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  PARLO_TEST_WAIT_UNTIL (server->closed == 1);

  /* Lost again, then turned off: nothing is left to tell. */
  parlo_test_registrar_stop (registrar);
  PARLO_TEST_WAIT_UNTIL (server->last_id == 2);
  parlo_test_notifications_settle (server);
  parlo_account_set_enabled (account, FALSE);
  PARLO_TEST_WAIT_UNTIL (server->closed == 2);

  /* Turned on while the registrar is away, it starts afresh: nothing was lost. */
  parlo_account_set_enabled (account, TRUE);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_FAILED);
  parlo_test_run_for (QUIET_MS);
  g_assert_cmpuint (server->last_id, ==, 2);

  /* Clicking the notification brings the window. */
  registrar = parlo_test_registrar_start (port, "tcp", "alice", PASSWORD);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  parlo_test_registrar_stop (registrar);
  PARLO_TEST_WAIT_UNTIL (server->last_id == 3);
  parlo_test_notifications_click (server);
  PARLO_TEST_WAIT_UNTIL (windows_shown == 1);

  g_clear_object (&notifier);
  parlo_test_peer_free (phone);
  parlo_test_notifications_stop (server);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_KEYRING);
  gtk_init ();

  g_test_add_func ("/registration-notifier/lost", test_registration_lost);

  result = parlo_test_run ();
  return result;
}
