/* Links from other programs reach the Parlo that runs and never call by
 * themselves. Parlo runs in this process (its real application, window and
 * engine); `gio open` and a second `parlo` are real programs that reach it
 * through the handler for links, installed as a distribution and a person
 * install it, and over D-Bus. A far engine shows whether a call was placed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "parlo-application.h"
#include "parlo-test.h"
#include "parlo-test-desktop.h"
#include "parlo-test-widgets.h"
#include "ui/parlo-call-row.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-window.h"

#define ACCOUNT_ADDRESS "alice@parlo.test"
/* How long a link is given to call by itself, were it to. */
#define QUIET_MS 1500

typedef struct _Fixture Fixture;
typedef void (*Steps) (Fixture *fixture, gconstpointer data);

struct _Fixture {
  /* The app's settings: GSETTINGS_BACKEND=memory keeps one store per process. */
  GSettings        *settings;
  ParloTestPeer    *bob;        /* whom the links call */
  char             *bob_link;
  ParloApplication *app;
  Steps             steps;
  gconstpointer     data;
};

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->settings = g_settings_new (PARLO_TEST_APP_ID);
  g_settings_reset (fixture->settings, "accounts");
  g_settings_reset (fixture->settings, "default-account");
  g_settings_reset (fixture->settings, "links-call-immediately");
  fixture->bob = parlo_test_peer_new ("bob");
  fixture->bob_link = g_strdup (fixture->bob->aor);
  parlo_test_desktop_install_handler (TRUE);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  parlo_test_peer_free (fixture->bob);
  g_free (fixture->bob_link);
  g_clear_object (&fixture->settings);
}

/* An account at ACCOUNT_ADDRESS, which calls go through; it need not register
 * for its domain to complete numbers. */
static void
add_account (Fixture *fixture)
{
  g_autoptr(ParloAccountStore) store = parlo_account_store_new (fixture->settings, "sip:me@127.0.0.1");
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", ACCOUNT_ADDRESS, NULL);
  parlo_account_store_add_async (store, draft, NULL, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (store, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  parlo_account_store_set_default (store, account);
}

static gboolean
run_steps (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->steps (fixture, fixture->data);
  g_application_quit (G_APPLICATION (fixture->app));
  return G_SOURCE_REMOVE;
}

/* After start-up, the command line has run before the main loop turns. */
static void
on_started (GApplication *app, Fixture *fixture)
{
  g_idle_add (run_steps, fixture);
}

/* Runs Parlo here as `parlo` starts it, without arguments or with a link,
 * then the steps once it has started, then quits it. */
static void
run_app (Fixture *fixture, const char *link, Steps steps, gconstpointer data)
{
  char *argv[] = { (char *) "parlo", (char *) link, NULL };
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", parlo_test_free_port ());
  GList *windows;

  g_setenv ("PARLO_SIP_LISTEN", listen, TRUE);
  fixture->app = parlo_application_new ();
  fixture->steps = steps;
  fixture->data = data;
  g_signal_connect_after (fixture->app, "startup", G_CALLBACK (on_started), fixture);
  g_assert_cmpint (g_application_run (G_APPLICATION (fixture->app), link ? 2 : 1, argv), ==, 0);
  /* Its windows hold it. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app))) != NULL)
    gtk_window_destroy (windows->data);
  g_clear_object (&fixture->app);
}

static GtkWidget *
main_window (Fixture *fixture)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL; l = l->next)
    if (PARLO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static ParloDialpad *
dialpad (Fixture *fixture)
{
  return PARLO_DIALPAD (parlo_test_find_widget (main_window (fixture), PARLO_TYPE_DIALPAD, NULL));
}

/* What the dialpad would call, NULL when nothing. */
static const char *
offered (Fixture *fixture)
{
  return parlo_dialpad_get_target (dialpad (fixture));
}

static const char *
entry_text (Fixture *fixture)
{
  return gtk_editable_get_text (GTK_EDITABLE (parlo_test_find_widget (GTK_WIDGET (dialpad (fixture)),
                                                                      GTK_TYPE_ENTRY, NULL)));
}

static GtkWidget *
focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (main_window (fixture)));
}

static GtkWidget *
call_button (Fixture *fixture)
{
  return parlo_test_find_widget (GTK_WIDGET (dialpad (fixture)), GTK_TYPE_BUTTON, "Call");
}

/* The dialpad is in front: the Dial view, not a call or Recent. */
static gboolean
dialpad_in_front (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (dialpad (fixture)));
}

/* Direct calls are ready: the window says where others call. */
static void
wait_until_ready (Fixture *fixture)
{
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label_prefix (main_window (fixture), "Others can call you at ") != NULL);
}

static guint
n_bob_calls (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->bob->calls)) +
         g_list_model_get_n_items (G_LIST_MODEL (fixture->bob->ended));
}

static void
gio_open (const char *link)
{
  const char *argv[] = { "gio", "open", link, NULL };

  g_assert_cmpint (parlo_test_desktop_run (argv, NULL, NULL), ==, 0);
}

/* Bob hangs up the call the link placed. */
static void
end_bob_call (Fixture *fixture)
{
  g_autoptr(ParloCall) call = parlo_test_peer_call (fixture->bob, 0);

  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_hangup (fixture->bob, call, 486);
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_widget (main_window (fixture), PARLO_TYPE_CALL_ROW, NULL) == NULL);
}

static void
tel_link_steps (Fixture *fixture, gconstpointer data)
{
  GtkWidget *selector;
  ParloAccount *shown;

  gio_open ("tel:+49-30-123456");
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (offered (fixture), "sip:+4930123456@parlo.test") == 0);
  g_assert_cmpstr (entry_text (fixture), ==, "sip:+4930123456@parlo.test");
  g_assert_true (dialpad_in_front (fixture));
  g_assert_true (focus (fixture) == call_button (fixture));
  g_assert_true (gtk_widget_get_sensitive (call_button (fixture)));

  /* With direct calls on too, the dialpad names the account that calls. */
  selector = parlo_test_find_widget (GTK_WIDGET (dialpad (fixture)), GTK_TYPE_DROP_DOWN,
                                     "The account the call goes through");
  g_assert_nonnull (selector);
  shown = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (selector));
  g_assert_cmpstr (parlo_account_get_address (shown), ==, ACCOUNT_ADDRESS);

  parlo_test_run_for (QUIET_MS);
  g_assert_null (parlo_test_find_widget (main_window (fixture), PARLO_TYPE_CALL_ROW, NULL));
}

/* `gio open tel:…`: the dialpad comes up with the number as the account calls
 * it, the account shown and Call focused, and nothing is dialled; the same
 * whether the desktop opens links over D-Bus or by running `parlo %U`. */
static void
test_tel_link (Fixture *fixture, gconstpointer data)
{
  parlo_test_desktop_install_handler (GPOINTER_TO_INT (data));
  add_account (fixture);
  run_app (fixture, NULL, tel_link_steps, NULL);
}

static void
one_key_steps (Fixture *fixture, gconstpointer data)
{
  wait_until_ready (fixture);
  gio_open (fixture->bob_link);
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (offered (fixture), fixture->bob_link) == 0);
  g_assert_true (focus (fixture) == call_button (fixture));
  parlo_test_run_for (QUIET_MS);
  g_assert_cmpuint (n_bob_calls (fixture), ==, 0);

  /* What Enter or Space does there. */
  gtk_widget_activate (focus (fixture));
  PARLO_TEST_WAIT_UNTIL (n_bob_calls (fixture) == 1);
  end_bob_call (fixture);
}

/* A link to a peer rings nobody until one key press on the focused Call. */
static void
test_one_key_calls (Fixture *fixture, gconstpointer data)
{
  run_app (fixture, NULL, one_key_steps, NULL);
}

static void
immediate_steps (Fixture *fixture, gconstpointer data)
{
  wait_until_ready (fixture);
  gio_open (fixture->bob_link);
  PARLO_TEST_WAIT_UNTIL (n_bob_calls (fixture) == 1);
  end_bob_call (fixture);
}

/* With "Call links at once" on, the link calls: the far engine sees the INVITE. */
static void
test_call_immediately (Fixture *fixture, gconstpointer data)
{
  g_settings_set_boolean (fixture->settings, "links-call-immediately", TRUE);
  run_app (fixture, NULL, immediate_steps, NULL);
}

static void
link_at_start_steps (Fixture *fixture, gconstpointer data)
{
  PARLO_TEST_WAIT_UNTIL (n_bob_calls (fixture) == 1);
  end_bob_call (fixture);
}

/* A link that starts Parlo, with "Call links at once" on, calls once the
 * account can: it waits for Parlo to be ready rather than being dropped. */
static void
test_call_immediately_at_start (Fixture *fixture, gconstpointer data)
{
  g_settings_set_boolean (fixture->settings, "links-call-immediately", TRUE);
  run_app (fixture, fixture->bob_link, link_at_start_steps, NULL);
}

/* Without "Call links at once", a link that starts Parlo fills in the dialpad. */
static void
offer_at_start_steps (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpstr (offered (fixture), ==, fixture->bob_link);
  g_assert_true (focus (fixture) == call_button (fixture));
  parlo_test_run_for (QUIET_MS);
  g_assert_cmpuint (n_bob_calls (fixture), ==, 0);
}

static void
test_offer_at_start (Fixture *fixture, gconstpointer data)
{
  run_app (fixture, fixture->bob_link, offer_at_start_steps, NULL);
}

static void
second_instance_steps (Fixture *fixture, gconstpointer data)
{
  const char *parlo_link[] = { parlo_test_desktop_program (), fixture->bob_link, NULL };
  const char *parlo_number[] = { parlo_test_desktop_program (), "+49", "(30)", "123456", NULL };
  const char *parlo_headers[] = { parlo_test_desktop_program (), "sip:bob@127.0.0.1?Subject=hello", NULL };
  const char *parlo_alone[] = { parlo_test_desktop_program (), NULL };
  g_autofree char *err = NULL;

  /* It hands the link over and ends: this process is the Parlo that runs. */
  g_assert_cmpint (parlo_test_desktop_run (parlo_link, NULL, NULL), ==, 0);
  g_assert_cmpstr (offered (fixture), ==, fixture->bob_link);
  g_assert_true (focus (fixture) == call_button (fixture));

  /* A number may be written in several words. */
  g_assert_cmpint (parlo_test_desktop_run (parlo_number, NULL, NULL), ==, 0);
  g_assert_cmpstr (offered (fixture), ==, "sip:+4930123456@parlo.test");

  /* What cannot be called fails there, with the reason, and changes nothing. */
  g_assert_cmpint (parlo_test_desktop_run (parlo_headers, NULL, &err), ==, 1);
  g_assert_cmpstr (err, !=, "");
  g_assert_cmpstr (offered (fixture), ==, "sip:+4930123456@parlo.test");

  /* Without arguments the window comes to the front, as it is. */
  parlo_window_show_recent (PARLO_WINDOW (main_window (fixture)));
  g_assert_cmpint (parlo_test_desktop_run (parlo_alone, NULL, NULL), ==, 0);
  g_assert_cmpstr (offered (fixture), ==, "sip:+4930123456@parlo.test");
  g_assert_false (dialpad_in_front (fixture));
  g_assert_cmpuint (n_bob_calls (fixture), ==, 0);
}

/* A second `parlo ADDRESS` forwards it to the Parlo that runs, and exits. */
static void
test_second_instance (Fixture *fixture, gconstpointer data)
{
  add_account (fixture);
  run_app (fixture, NULL, second_instance_steps, NULL);
}

static void
refused_steps (Fixture *fixture, gconstpointer data)
{
  gio_open ("sip:bob@127.0.0.1?Subject=hello");
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label_prefix (main_window (fixture), "Could not open the link: ") != NULL);
  g_assert_null (offered (fixture));
}

/* A link that cannot be called says so in the window, and fills in nothing. */
static void
test_refused_link (Fixture *fixture, gconstpointer data)
{
  run_app (fixture, NULL, refused_steps, NULL);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);
  adw_init ();

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/links/tel-over-dbus", GINT_TO_POINTER (TRUE), test_tel_link);
  ADD ("/links/tel-through-exec", GINT_TO_POINTER (FALSE), test_tel_link);
  ADD ("/links/one-key-calls", NULL, test_one_key_calls);
  ADD ("/links/call-immediately", NULL, test_call_immediately);
  ADD ("/links/offer-at-start", NULL, test_offer_at_start);
  ADD ("/links/call-immediately-at-start", NULL, test_call_immediately_at_start);
  ADD ("/links/second-instance", NULL, test_second_instance);
  ADD ("/links/refused", NULL, test_refused_link);

  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
