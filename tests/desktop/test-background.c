/* Closing the window of the real program, as a window manager asks it to (the
 * X display is Xvfb's): with an account on Parlo keeps running and registered,
 * and starting it again or its notification brings the window back; asked to
 * quit instead, or without accounts, it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "parlo-test.h"
#include "parlo-test-desktop.h"
#include "parlo-test-notifications.h"
#include "parlo-test-servers.h"

#define PASSWORD "Tr0ub4dor-and-3"
/* How long a Parlo that were to end would take. */
#define QUIET_MS 2000

static ParloTestPulse *pulse;
static Display *display;

/* The window of process pid on the screen, or None. */
static Window
shown_window (GPid pid)
{
  Atom wm_pid = XInternAtom (display, "_NET_WM_PID", False);
  Window root, parent, *children = NULL, found = None;
  unsigned int n_children = 0;

  XSync (display, False);
  if (!XQueryTree (display, DefaultRootWindow (display), &root, &parent, &children, &n_children))
    return None;
  for (unsigned int i = 0; i < n_children && found == None; i++)
    {
      XWindowAttributes attributes;
      unsigned char *value = NULL;
      unsigned long n_items, left;
      Atom type;
      int format;

      if (!XGetWindowAttributes (display, children[i], &attributes) || attributes.map_state != IsViewable)
        continue;
      if (XGetWindowProperty (display, children[i], wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                              &n_items, &left, &value) == Success &&
          value != NULL && n_items == 1 && *(unsigned long *) value == (unsigned long) pid)
        found = children[i];
      if (value != NULL)
        XFree (value);
    }
  if (children != NULL)
    XFree (children);
  return found;
}

static GPid
pid_of (ParloTestApp *app)
{
  return (GPid) g_ascii_strtoll (g_subprocess_get_identifier (app->process), NULL, 10);
}

/* What a window manager sends when the person clicks the close button. */
static void
close_window (Window window)
{
  XEvent event = { 0 };

  event.xclient.type = ClientMessage;
  event.xclient.window = window;
  event.xclient.message_type = XInternAtom (display, "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = (long) XInternAtom (display, "WM_DELETE_WINDOW", False);
  event.xclient.data.l[1] = CurrentTime;
  XSendEvent (display, window, False, NoEventMask, &event);
  XFlush (display);
}

static void
run_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    parlo_test_iterate ();
}

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
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloAccountStore) store = NULL;
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  fixture->settings = parlo_test_app_settings ();
  g_settings_reset (fixture->settings, "accounts");
  g_settings_reset (fixture->settings, "run-in-background");
  if (data == NULL)
    return;
  fixture->registrar = parlo_test_registrar_start (port, "udp", "alice", PASSWORD);
  store = parlo_account_store_new (fixture->settings, "sip:me@127.0.0.1");
  g_object_set (draft, "address", "alice@parlo.test", "server", server, NULL);
  parlo_account_store_add_async (store, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  g_assert_nonnull (parlo_account_store_add_finish (store, parlo_test_result_wait (&result), &error));
  g_assert_no_error (error);
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

  PARLO_TEST_WAIT_UNTIL (shown_window (pid_of (app)) != None);
  if (fixture->registrar != NULL)
    PARLO_TEST_WAIT_UNTIL (registrations (fixture) >= 1);
  return app;
}

/* Closed with an account on, Parlo stays, registered; `parlo` brings the
 * window back; --quit ends it, and it unregisters. */
static void
test_close_keeps_running (Fixture *fixture, gconstpointer data)
{
  ParloTestApp *app = start_app (fixture);
  const char *parlo[] = { parlo_test_desktop_program (), NULL };
  const char *quit[] = { parlo_test_desktop_program (), "--quit", NULL };

  close_window (shown_window (pid_of (app)));
  PARLO_TEST_WAIT_UNTIL (shown_window (pid_of (app)) == None);
  run_for (QUIET_MS);
  g_assert_true (is_running (app));
  g_assert_true (parlo_test_desktop_app_on_bus ());
  g_assert_cmpuint (unregistrations (fixture), ==, 0);

  g_assert_cmpint (parlo_test_desktop_run (parlo, NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (shown_window (pid_of (app)) != None);

  /* Closed again, it stays again. */
  close_window (shown_window (pid_of (app)));
  PARLO_TEST_WAIT_UNTIL (shown_window (pid_of (app)) == None);
  run_for (QUIET_MS);
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
  close_window (shown_window (pid_of (app)));
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

  close_window (shown_window (pid_of (app)));
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

  close_window (shown_window (pid_of (app)));
  PARLO_TEST_WAIT_UNTIL (shown_window (pid_of (app)) == None);

  parlo_engine_dial_async (peer->engine, peer->aor, app->aor, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (peer->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  call = g_object_ref (parlo_call_model_find (peer->calls, peer->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (server->last_id == 1);
  g_assert_cmpstr (server->summary, ==, "Incoming call");
  g_assert_cmpint (shown_window (pid_of (app)), ==, None);

  parlo_test_notifications_click (server);
  PARLO_TEST_WAIT_UNTIL (shown_window (pid_of (app)) != None);

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
  ParloTestKeyring *keyring;
  int result;

  g_test_init (&argc, &argv, NULL);
  /* A session bus of the test's own: the app's name, its password, the commands. */
  keyring = parlo_test_keyring_start ();
  pulse = parlo_test_pulse_start ();
  display = XOpenDisplay (NULL);
  g_assert_nonnull (display);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/background/close-keeps-running", "account", test_close_keeps_running);
  ADD ("/background/close-quits-when-asked", "account", test_close_quits_when_asked);
  ADD ("/background/close-without-accounts-quits", NULL, test_close_without_accounts_quits);
  ADD ("/background/notification-brings-window", "account", test_notification_brings_window);

  result = g_test_run ();
  XCloseDisplay (display);
  parlo_test_pulse_stop (pulse);
  parlo_test_keyring_stop (keyring);
  parlo_test_remove_tree (home);
  return result;
}
