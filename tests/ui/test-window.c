/* The main window on a real call model fed by real engines: calls in, out and
 * missed, the dialpad, the call view, notifications, contacts and the engine's
 * banners.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <adwaita.h>

#include "parlo-test.h"
#include "parlo-test-notifications.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "model/parlo-history-recorder.h"
#include "ui/parlo-call-row.h"
#include "ui/parlo-call-view.h"
#include "ui/parlo-contact-row.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-incoming-notifier.h"
#include "ui/parlo-keypad.h"
#include "ui/parlo-window.h"

/* Alice and Bob, and at most one window on one of them, with a history that
 * records that one's calls. */
typedef struct {
  ParloTestPeer        *a;
  ParloTestPeer        *b;
  char                 *history_dir;
  ParloHistory         *history;
  ParloHistoryRecorder *recorder;
  GtkWidget            *window;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->a = parlo_test_peer_new ("alice");
  fixture->b = parlo_test_peer_new ("bob");
  fixture->history_dir = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  fixture->history = parlo_test_history_in (fixture->history_dir);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->recorder);
  /* The check of the file reads it in a thread: done before the file goes. */
  if (fixture->history != NULL)
    PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (fixture->history));
  g_clear_object (&fixture->history);
  parlo_test_remove_tree (fixture->history_dir);
  g_free (fixture->history_dir);
  parlo_test_peer_free (fixture->a);
  parlo_test_peer_free (fixture->b);
}

/* The window on this peer's engine, calls and history, presented. */
static GtkWidget *
open_window (Fixture *fixture, ParloTestPeer *peer)
{
  fixture->recorder = parlo_history_recorder_new (fixture->history, peer->calls);
  fixture->window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions,
                                                  fixture->history));
  gtk_window_present (GTK_WINDOW (fixture->window));
  return fixture->window;
}

static GtkWidget *
find_row (GtkWidget *window)
{
  return parlo_test_find_widget (window, PARLO_TYPE_CALL_ROW, NULL);
}

static const char *
row_subtitle (GtkWidget *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
test_incoming_call_answered_in_window (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, b);
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) a_call = NULL;
  GtkWidget *row;
  g_autofree char *expected_title = g_strdup (a->aor + strlen ("sip:"));
  g_autofree char *ended = NULL;

  g_assert_null (find_row (window));

  /* A calls: the window shows who calls, with Answer and Decline. */
  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL ((row = find_row (window)) != NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, expected_title);
  g_assert_cmpstr (row_subtitle (row), ==, "Incoming call");
  g_assert_nonnull (parlo_test_find_widget (row, GTK_TYPE_BUTTON, "Decline"));

  /* Clicking Answer connects the call at both ends. */
  g_signal_emit_by_name (parlo_test_find_widget (row, GTK_TYPE_BUTTON, "Answer"), "clicked");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (g_str_has_prefix (row_subtitle (row), "Connected 00:0"));
  g_assert_null (parlo_test_find_widget (row, GTK_TYPE_BUTTON, "Answer"));

  /* Hang up from the window: the row leaves and the window says how it ended. */
  g_signal_emit_by_name (parlo_test_find_widget (row, GTK_TYPE_BUTTON, "Hang up"), "clicked");
  PARLO_TEST_WAIT_UNTIL (find_row (window) == NULL);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (a_call));
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_HANGUP_REMOTE);
  ended = g_strdup_printf ("%s: Call ended", expected_title);
  g_assert_nonnull (parlo_test_find_label (window, ended));
}

static void
test_dial_from_window_and_decline (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, a);
  GtkWidget *entry = parlo_test_find_widget (window, GTK_TYPE_ENTRY, NULL);
  g_autofree char *busy = g_strdup_printf ("%s: Call ended — Busy", b->aor + strlen ("sip:"));
  GtkWidget *call_button = parlo_test_find_widget (window, GTK_TYPE_BUTTON, "Call");
  g_autoptr(ParloCall) b_call = NULL;
  GtkWidget *row;

  /* Input that is not an address keeps Call disabled and says why. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "bob@host?Subject=hi");
  g_assert_false (gtk_widget_get_sensitive (call_button));
  g_assert_nonnull (parlo_test_find_label_prefix (window, "Addresses with “?” headers"));

  gtk_editable_set_text (GTK_EDITABLE (entry), b->aor + strlen ("sip:"));
  g_assert_true (gtk_widget_get_sensitive (call_button));
  g_signal_emit_by_name (call_button, "clicked");

  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  PARLO_TEST_WAIT_UNTIL ((row = find_row (window)) != NULL);
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (row_subtitle (row), "Ringing") == 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* B declines: A's window shows the call ended busy. */
  b_call = parlo_test_peer_call (b, 0);
  parlo_test_peer_hangup (b, b_call, 486);
  PARLO_TEST_WAIT_UNTIL (find_row (window) == NULL);
  g_assert_nonnull (parlo_test_find_label (window, busy));
}

static void
test_missed_call (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, b);
  const char *caller = a->aor + strlen ("sip:");
  g_autofree char *missed = NULL;
  GtkWidget *recent;
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) a_call = NULL;

  g_assert_cmpuint (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)), ==, 0);

  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (find_row (window) != NULL);

  /* The caller gives up before Bob answers: Bob's window says he missed it. */
  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (find_row (window) == NULL);
  missed = g_strdup_printf ("%s: Missed call", caller);
  g_assert_nonnull (parlo_test_find_label (window, missed));
  /* The Recent tab counts it while the dialpad is in front. */
  PARLO_TEST_WAIT_UNTIL (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)) == 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (parlo_test_window_recent_tab (window)));

  /* Recent lists it as missed, today, and in front it is seen; clicking it
   * calls Alice back. */
  parlo_test_window_show_view (window, "recent");
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 1);
  PARLO_TEST_WAIT_UNTIL (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)) == 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (parlo_test_window_recent_tab (window)));
  recent = parlo_test_recent_row (window, 0);
  g_assert_cmpstr (parlo_test_row_text (recent, PARLO_TEST_ROW_DAY), ==, "Today");
  g_assert_cmpstr (parlo_test_row_text (recent, PARLO_TEST_ROW_PEER), ==, caller);
  g_assert_true (g_str_has_suffix (parlo_test_row_text (recent, PARLO_TEST_ROW_SUMMARY), " · Missed call"));
  g_signal_emit_by_name (parlo_test_find_widget (recent, GTK_TYPE_BUTTON, "Call Back"), "clicked");
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (a->calls)) == 1);
  {
    g_autoptr(ParloCall) back = parlo_test_peer_call (a, 0);

    g_assert_cmpstr (parlo_call_get_peer_uri (back), ==, b->aor);
    PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (back) == PARLO_CALL_STATE_INCOMING);
    parlo_test_peer_hangup (a, back, 486);
  }
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
}

static void
on_dtmf (ParloCall *call, const char *key, GString *keys)
{
  g_string_append (keys, key);
}

/* Activates the row of the given call in a list of call rows. */
static void
activate_call_row (GtkWidget *list, ParloCall *call)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (PARLO_IS_CALL_ROW (row) && parlo_call_row_get_call (PARLO_CALL_ROW (row)) == call)
      {
        gtk_widget_activate (row);
        return;
      }
  g_error ("No row for the call");
}

static void
press_key (GtkWidget *keypad, const char *accessible_label)
{
  for (GtkWidget *key = gtk_widget_get_first_child (keypad); key != NULL; key = gtk_widget_get_next_sibling (key))
    if (g_str_equal (g_object_get_data (G_OBJECT (key), "key"), accessible_label))
      {
        g_signal_emit_by_name (key, "clicked");
        return;
      }
  g_error ("No key %s", accessible_label);
}

/* The dialpad takes keys, typing and pasting, shows what will be dialled, and
 * calls with Enter. */
static void
test_dialpad (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, a);
  GtkWidget *dialpad = parlo_test_find_widget (window, PARLO_TYPE_DIALPAD, NULL);
  GtkWidget *keypad = parlo_test_find_widget (dialpad, PARLO_TYPE_KEYPAD, NULL);
  GtkWidget *entry = parlo_test_find_widget (dialpad, GTK_TYPE_ENTRY, NULL);
  GtkWidget *call_button = parlo_test_find_widget (dialpad, GTK_TYPE_BUTTON, "Call");
  g_autofree char *completed = g_strdup_printf ("sip:+49301234567@127.0.0.1:%u", a->port);
  g_autofree char *keyed = g_strdup_printf ("sip:1%%230@127.0.0.1:%u", a->port);
  g_autoptr(ParloCall) b_call = NULL;

  g_assert_false (gtk_widget_get_sensitive (call_button));

  press_key (keypad, "1");
  press_key (keypad, "#");
  press_key (keypad, "0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "1#0");
  g_assert_cmpstr (parlo_dialpad_get_target (PARLO_DIALPAD (dialpad)), ==, keyed);
  g_signal_emit_by_name (parlo_test_find_widget (dialpad, GTK_TYPE_BUTTON, "Delete the last character"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "1#");

  /* A pasted number loses its separators and takes the account's host. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "+49 (30) 1234-567");
  g_assert_cmpstr (parlo_dialpad_get_target (PARLO_DIALPAD (dialpad)), ==, completed);
  g_assert_nonnull (parlo_test_find_label (dialpad, completed));
  g_assert_true (gtk_widget_get_sensitive (call_button));

  /* Something that cannot be dialled says why, and Call stays off. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "bob smith");
  g_assert_null (parlo_dialpad_get_target (PARLO_DIALPAD (dialpad)));
  g_assert_nonnull (parlo_test_find_label (dialpad, "The address contains a character that is not allowed"));
  g_assert_false (gtk_widget_get_sensitive (call_button));

  /* Enter calls. */
  gtk_editable_set_text (GTK_EDITABLE (entry), b->aor);
  g_signal_emit_by_name (entry, "activate");
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  b_call = parlo_test_peer_call (b, 0);
  parlo_test_peer_hangup (b, b_call, 486);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (a->calls)) == 0);
}

static gboolean
is_main_stack (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "call") != NULL;
}

static const char *
visible_page (GtkWidget *window)
{
  /* The stack that holds the window's "views" and "call" pages. */
  return gtk_stack_get_visible_child_name (GTK_STACK (parlo_test_find (window, is_main_stack, NULL)));
}

static gboolean
engine_says_muted (ParloEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = parlo_test_request (engine, "engine.status", NULL, &error);
  JsonArray *calls = json_object_get_array_member (status, "calls");

  return json_array_get_length (calls) == 1 &&
         json_object_get_boolean_member (json_array_get_object_element (calls, 0), "muted");
}

/* A call opens the call page; its controls change the model and the engine; a
 * second call waits, and switching between them holds the other; the last
 * hang-up returns to the dialpad. */
static void
test_call_view (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  ParloTestPeer *c = parlo_test_peer_new ("carol");
  GtkWidget *window = open_window (fixture, b);
  GtkWidget *view = parlo_test_find_widget (window, PARLO_TYPE_CALL_VIEW, NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autofree char *a_id = NULL;
  g_autofree char *c_id = NULL;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) c_call = NULL;
  g_autoptr(ParloCall) b_first = NULL;
  g_autoptr(ParloCall) b_second = NULL;
  GtkWidget *switcher;

  g_assert_cmpstr (visible_page (window), ==, "views");

  a_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, a_id));
  PARLO_TEST_WAIT_UNTIL (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) != NULL);
  b_first = g_object_ref (parlo_call_view_get_call (PARLO_CALL_VIEW (view)));
  g_assert_cmpstr (visible_page (window), ==, "call");
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (view, "Incoming call") != NULL);
  g_assert_nonnull (parlo_test_find_label (view, a->aor + strlen ("sip:")));
  /* The account it came in on, by the name the person knows it by. */
  g_assert_nonnull (parlo_test_find_label (view, "Via Direct calls"));

  parlo_test_click_tooltip (view, "Answer");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (view, "Connected 00:00") != NULL ||
                         parlo_test_find_label (view, "Connected 00:01") != NULL);

  /* Call quality shows once the first RTCP report arrives (baresip sends one every 5 s). */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_has_quality (b_first));
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label_prefix (view, "Loss ") != NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (parlo_test_find_label_prefix (view, "Loss "))));

  parlo_test_click_tooltip (view, "Mute");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_muted (b_first));
  g_assert_true (engine_says_muted (b->engine));
  g_assert_true (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (parlo_test_find_widget (view, GTK_TYPE_TOGGLE_BUTTON, "Mute"))));
  parlo_test_click_tooltip (view, "Mute");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_muted (b_first));

  parlo_test_click_tooltip (view, "Hold");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_held (b_first) && parlo_call_get_remote_held (a_call));
  g_assert_nonnull (parlo_test_find_label (view, "On hold"));
  parlo_test_click_tooltip (view, "Hold");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_held (b_first) && !parlo_call_get_remote_held (a_call));

  /* The in-call keypad sends DTMF and shows what was sent. */
  g_signal_connect (a_call, "dtmf", G_CALLBACK (on_dtmf), keys);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (parlo_test_find_widget (view, GTK_TYPE_TOGGLE_BUTTON, "Keypad")),
                                TRUE);
  press_key (parlo_test_find_widget (view, PARLO_TYPE_KEYPAD, NULL), "5");
  PARLO_TEST_WAIT_UNTIL (keys->len == 1);
  g_assert_cmpstr (keys->str, ==, "5");
  g_assert_nonnull (parlo_test_find_label (view, "5"));

  /* Call waiting: Carol calls; her call shows, Alice's stays live. */
  c_id = parlo_test_peer_dial (c, b);
  c_call = g_object_ref (parlo_call_model_find (c->calls, c->aor, c_id));
  PARLO_TEST_WAIT_UNTIL (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) != b_first);
  b_second = g_object_ref (parlo_call_view_get_call (PARLO_CALL_VIEW (view)));
  g_assert_cmpstr (parlo_call_get_peer_uri (b_second), ==, c->aor);
  switcher = gtk_widget_get_parent (parlo_test_find_widget (gtk_widget_get_parent (view), PARLO_TYPE_CALL_ROW, NULL));
  g_assert_true (gtk_widget_get_visible (switcher));

  /* Answering Carol from the view, then switching back to Alice holds Carol. */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_second) == PARLO_CALL_STATE_INCOMING);
  activate_call_row (switcher, b_first);
  g_assert_true (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) == b_first);
  activate_call_row (switcher, b_second);
  parlo_test_click_tooltip (view, "Answer");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (c_call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_first) == PARLO_CALL_STATE_HELD);
  activate_call_row (switcher, b_first);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_second) == PARLO_CALL_STATE_HELD &&
                         parlo_call_get_state (b_first) == PARLO_CALL_STATE_ESTABLISHED);

  /* Hanging up both returns to the dialpad. */
  parlo_test_click_tooltip (view, "Hang up");
  PARLO_TEST_WAIT_UNTIL (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) == b_second);
  parlo_test_click_tooltip (view, "Hang up");
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  g_assert_cmpstr (visible_page (window), ==, "views");

  parlo_test_peer_free (c);
}

/* With no window in front, an incoming call notifies with Answer and Decline;
 * Answer on the notification answers, and the notification goes away. */
static void
test_incoming_notification (void)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  ParloTestPeer *a = parlo_test_peer_new ("alice");
  ParloTestPeer *b = parlo_test_peer_new ("bob");
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.parlo.ParloTests", G_APPLICATION_NON_UNIQUE);
  g_autoptr(ParloIncomingNotifier) notifier = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  parlo_call_actions_add_to (b->actions, G_ACTION_MAP (app));
  notifier = parlo_incoming_notifier_new (app, b->calls);

  /* The caller gives up: the notification is withdrawn. */
  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (server->last_id == 1);
  g_assert_cmpstr (server->summary, ==, "Incoming call");
  g_assert_cmpstr (server->body, ==, a->aor + strlen ("sip:"));
  /* Nobody hangs up within a millisecond of the notification. */
  parlo_test_notifications_settle (server);
  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (server->closed == 1);

  /* The next call is answered from the notification. */
  g_clear_pointer (&call_id, g_free);
  g_clear_object (&a_call);
  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (server->last_id == 2);
  parlo_test_notifications_press (server, "Answer");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  g_clear_object (&notifier);
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
  parlo_test_notifications_stop (server);
}

/* Escape takes back an outgoing call that is still ringing, and nothing else. */
static void
test_escape_cancels_unanswered (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, a);
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_RINGING);

  g_action_group_activate_action (G_ACTION_GROUP (window), "hang-up-unanswered", NULL);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (a_call));
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_CANCELLED);
  g_assert_cmpstr (visible_page (window), ==, "views");

  /* Once answered, Escape leaves the call alone. */
  g_clear_pointer (&call_id, g_free);
  g_clear_object (&a_call);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  b_call = parlo_test_peer_call (b, 0);
  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  g_action_group_activate_action (G_ACTION_GROUP (window), "hang-up-unanswered", NULL);
  for (int i = 0; i < 20; i++)
    parlo_test_iterate ();
  g_assert_true (parlo_call_is_live (a_call));
  parlo_test_peer_hangup (b, b_call, 0);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (a_call));
}

/* A caller who gave a name becomes a contact; activating the contact calls. */
static void
test_contacts (void)
{
  ParloTestPeer *a = parlo_test_peer_new_named ("alice", "Alice Liddell");
  ParloTestPeer *b = parlo_test_peer_new ("bob");
  g_autofree char *history_dir = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  g_autoptr(ParloHistory) history = parlo_test_history_in (history_dir);
  G_GNUC_UNUSED g_autoptr(ParloHistoryRecorder) recorder = parlo_history_recorder_new (history, b->calls);
  GtkWidget *window = GTK_WIDGET (parlo_window_new (NULL, b->engine, b->accounts, b->calls, b->actions, history));
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  GtkLabel *echo_title;
  GtkWidget *row, *list;

  gtk_window_present (GTK_WINDOW (window));
  parlo_test_window_show_view (window, "contacts");
  g_assert_nonnull (parlo_test_find_label (window, "No Contacts Yet"));
  /* The echo test is always there, and calls through the app's action. */
  echo_title = parlo_test_find_label (window, "Echo Test");
  g_assert_nonnull (echo_title);
  row = gtk_widget_get_ancestor (GTK_WIDGET (echo_title), GTK_TYPE_LIST_BOX_ROW);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "app.echo-test");

  call_id = parlo_test_peer_dial (a, b);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  b_call = parlo_test_peer_call (b, 0);
  g_assert_cmpstr (parlo_call_get_peer_name (b_call), ==, "Alice Liddell");
  parlo_test_peer_hangup (b, b_call, 486);
  /* Both ends: Alice's call must be over before her next one is looked for. */
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0 &&
                         g_list_model_get_n_items (G_LIST_MODEL (a->calls)) == 0);

  /* The name shows in Contacts, with the address; the contact's row calls her. */
  PARLO_TEST_WAIT_UNTIL ((row = parlo_test_find_widget (window, PARLO_TYPE_CONTACT_ROW, "Call")) != NULL);
  g_assert_nonnull (parlo_test_find_label (row, "Alice Liddell"));
  g_assert_nonnull (parlo_test_find_label (row, a->aor + strlen ("sip:")));
  list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  g_signal_emit_by_name (list, "activate", 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (a->calls)) == 1);
  {
    g_autoptr(ParloCall) back = parlo_test_peer_call (a, 0);

    g_assert_cmpint (parlo_call_get_direction (back), ==, PARLO_CALL_DIRECTION_INCOMING);
    parlo_test_peer_hangup (a, back, 486);
  }
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
  parlo_test_remove_tree (history_dir);
}

static void
test_engine_restart_banner (void)
{
  ParloTestPeer *a = parlo_test_peer_new ("alice");
  g_autoptr(ParloHistory) history = parlo_history_open (":memory:", NULL);
  GtkWidget *window = GTK_WIDGET (parlo_window_new (NULL, a->engine, a->accounts, a->calls, a->actions, history));
  GtkRevealer *banner = GTK_REVEALER (parlo_test_find_widget (window, GTK_TYPE_REVEALER, NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
  kill (parlo_engine_get_process_id (a->engine), SIGKILL);
  PARLO_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (banner));
  g_test_assert_expected_messages ();
  g_assert_nonnull (parlo_test_find_label_prefix (window, "Restarting the call engine"));
  g_assert_nonnull (parlo_test_find_label_prefix (window, "The engine stopped unexpectedly (killed by signal 9)"));
  PARLO_TEST_WAIT_UNTIL (!gtk_revealer_get_reveal_child (banner));

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (a);
}

/* An engine that cannot start says so in the window, with the reason. */
static void
test_engine_start_failure_banner (void)
{
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (parlo_test_free_port ());
  g_autoptr(ParloEngine) engine = parlo_engine_new (config);
  g_autoptr(ParloCallModel) calls = parlo_call_model_new ();
  G_GNUC_UNUSED g_autoptr(ParloCallSync) sync = parlo_call_sync_new (engine, calls);
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  g_autoptr(ParloAccountStore) accounts = parlo_account_store_new (settings, "sip:nobody@127.0.0.1");
  g_autoptr(ParloCallActions) actions = NULL;
  g_autoptr(ParloHistory) history = parlo_history_open (":memory:", NULL);
  g_autofree char *good_module_dir = g_strdup (g_getenv ("PARLO_BRIDGE_MODULE_DIR"));
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkRevealer *banner;

  g_setenv ("PARLO_BRIDGE_MODULE_DIR", "/nonexistent", TRUE);
  g_assert_false (parlo_engine_start (engine, &error));
  g_setenv ("PARLO_BRIDGE_MODULE_DIR", good_module_dir, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  actions = parlo_call_actions_new (engine, calls, accounts);
  window = GTK_WIDGET (parlo_window_new (NULL, engine, accounts, calls, actions, history));
  banner = GTK_REVEALER (parlo_test_find_widget (window, GTK_TYPE_REVEALER, NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (parlo_test_find_label_prefix (window, "The call engine could not start"));
  g_assert_nonnull (parlo_test_find_label_prefix (window,
                    "The engine module /nonexistent/parlo_bridge.so is not installed"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR);
  adw_init ();
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/window/incoming-call-answered", test_incoming_call_answered_in_window);
  ADD ("/window/dial-and-decline", test_dial_from_window_and_decline);
  ADD ("/window/missed-call", test_missed_call);
  ADD ("/window/dialpad", test_dialpad);
  ADD ("/window/call-view", test_call_view);
  g_test_add_func ("/window/incoming-notification", test_incoming_notification);
  ADD ("/window/escape-cancels-unanswered", test_escape_cancels_unanswered);
  g_test_add_func ("/window/contacts", test_contacts);
  g_test_add_func ("/window/engine-restart-banner", test_engine_restart_banner);
  g_test_add_func ("/window/engine-start-failure-banner", test_engine_start_failure_banner);
  return parlo_test_run ();
}
