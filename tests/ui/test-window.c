/* The main window on a real call model fed by real engines, and on a real call
 * history in a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "parlo-test.h"
#include "parlo-test-notifications.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "model/parlo-history-model.h"
#include "model/parlo-history-recorder.h"
#include "ui/parlo-call-row.h"
#include "ui/parlo-call-view.h"
#include "ui/parlo-contact-row.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-incoming-notifier.h"
#include "ui/parlo-keypad.h"
#include "ui/parlo-missed-notifier.h"
#include "ui/parlo-recent-row.h"
#include "ui/parlo-window.h"

/* A call history in a file of its own, in directory. */
static ParloHistory *
history_in (const char *directory)
{
  g_autofree char *path = g_build_filename (directory, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  ParloHistory *history = parlo_history_open (path, &error);

  g_assert_no_error (error);
  return history;
}

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
  fixture->history = history_in (fixture->history_dir);
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

static AdwViewStack *
find_views (GtkWidget *window)
{
  return ADW_VIEW_STACK (parlo_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL));
}

static void
show_view (GtkWidget *window, const char *name)
{
  adw_view_stack_set_visible_child_name (find_views (window), name);
}

/* The search over the Recent list (the account selector has one too). */
static GtkWidget *
recent_search (GtkWidget *window)
{
  return parlo_test_find_widget (adw_view_stack_get_child_by_name (find_views (window), "recent"),
                                 GTK_TYPE_SEARCH_ENTRY, NULL);
}

static AdwViewStackPage *
recent_tab (GtkWidget *window)
{
  AdwViewStack *views = find_views (window);

  return adw_view_stack_get_page (views, adw_view_stack_get_child_by_name (views, "recent"));
}

/* Every descendant of root that match accepts, depth first: on screen, top to bottom. */
static void
collect (GtkWidget *root, ParloTestWidgetMatch match, GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (match (child, NULL))
        g_ptr_array_add (found, child);
      else
        collect (child, match, found);
    }
}

static gboolean
is_shown_recent_row (GtkWidget *widget, gconstpointer data)
{
  return PARLO_IS_RECENT_ROW (widget) && gtk_widget_get_mapped (widget) &&
         parlo_recent_row_get_entry (PARLO_RECENT_ROW (widget)) != NULL;
}

/* The rows the Recent list shows, top to bottom. */
static GPtrArray *
recent_rows (GtkWidget *window)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect (window, is_shown_recent_row, rows);
  return rows;
}

static guint
n_recent_rows (GtkWidget *window)
{
  g_autoptr(GPtrArray) rows = recent_rows (window);

  return rows->len;
}

static GtkWidget *
recent_row (GtkWidget *window, guint position)
{
  g_autoptr(GPtrArray) rows = recent_rows (window);

  g_assert_cmpuint (position, <, rows->len);
  return g_ptr_array_index (rows, position);
}

static gboolean
is_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget);
}

/* The row's labels: the day heading, who, and when and how it went. */
typedef enum { ROW_DAY, ROW_PEER, ROW_SUMMARY } RowLabel;

static const char *
row_text (GtkWidget *row, RowLabel which)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *label;

  collect (row, is_label, labels);
  /* The menu's labels come after these. */
  g_assert_cmpuint (labels->len, >=, 3);
  label = g_ptr_array_index (labels, which);
  /* A heading the row does not show is no heading. */
  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
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

  g_assert_cmpuint (adw_view_stack_page_get_badge_number (recent_tab (window)), ==, 0);

  call_id = parlo_test_peer_dial (a, b);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (find_row (window) != NULL);

  /* The caller gives up before Bob answers: Bob's window says he missed it. */
  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (find_row (window) == NULL);
  missed = g_strdup_printf ("%s: Missed call", caller);
  g_assert_nonnull (parlo_test_find_label (window, missed));
  /* The Recent tab counts it while the dialpad is in front. */
  PARLO_TEST_WAIT_UNTIL (adw_view_stack_page_get_badge_number (recent_tab (window)) == 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (recent_tab (window)));

  /* Recent lists it as missed, today, and in front it is seen; clicking it
   * calls Alice back. */
  show_view (window, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 1);
  PARLO_TEST_WAIT_UNTIL (adw_view_stack_page_get_badge_number (recent_tab (window)) == 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (recent_tab (window)));
  recent = recent_row (window, 0);
  g_assert_cmpstr (row_text (recent, ROW_DAY), ==, "Today");
  g_assert_cmpstr (row_text (recent, ROW_PEER), ==, caller);
  g_assert_true (g_str_has_suffix (row_text (recent, ROW_SUMMARY), " · Missed call"));
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

static void
click (GtkWidget *root, const char *tooltip)
{
  GtkWidget *button = parlo_test_find_widget (root, GTK_TYPE_BUTTON, tooltip);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
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

  click (view, "Answer");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (view, "Connected 00:00") != NULL || parlo_test_find_label (view, "Connected 00:01") != NULL);

  /* Call quality shows once the first RTCP report arrives (baresip sends one every 5 s). */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_has_quality (b_first));
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label_prefix (view, "Loss ") != NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (parlo_test_find_label_prefix (view, "Loss "))));

  click (view, "Mute");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_muted (b_first));
  g_assert_true (engine_says_muted (b->engine));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (parlo_test_find_widget (view, GTK_TYPE_TOGGLE_BUTTON, "Mute"))));
  click (view, "Mute");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_muted (b_first));

  click (view, "Hold");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_held (b_first) && parlo_call_get_remote_held (a_call));
  g_assert_nonnull (parlo_test_find_label (view, "On hold"));
  click (view, "Hold");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_held (b_first) && !parlo_call_get_remote_held (a_call));

  /* The in-call keypad sends DTMF and shows what was sent. */
  g_signal_connect (a_call, "dtmf", G_CALLBACK (on_dtmf), keys);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (parlo_test_find_widget (view, GTK_TYPE_TOGGLE_BUTTON, "Keypad")), TRUE);
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
  click (view, "Answer");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (c_call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_first) == PARLO_CALL_STATE_HELD);
  activate_call_row (switcher, b_first);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_second) == PARLO_CALL_STATE_HELD &&
                         parlo_call_get_state (b_first) == PARLO_CALL_STATE_ESTABLISHED);

  /* Hanging up both returns to the dialpad. */
  click (view, "Hang up");
  PARLO_TEST_WAIT_UNTIL (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) == b_second);
  click (view, "Hang up");
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
  g_autoptr(ParloHistory) history = history_in (history_dir);
  G_GNUC_UNUSED g_autoptr(ParloHistoryRecorder) recorder = parlo_history_recorder_new (history, b->calls);
  GtkWidget *window = GTK_WIDGET (parlo_window_new (NULL, b->engine, b->accounts, b->calls, b->actions, history));
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  GtkLabel *echo_title;
  GtkWidget *row, *list;

  gtk_window_present (GTK_WINDOW (window));
  show_view (window, "contacts");
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

/* One peer's window on a history filled with recorded calls. */
typedef ParloTestWindowFixture RecentFixture;

#define ALICE "sip:alice@example.org"
#define BOB   "sip:bob@example.org"
#define CAROL "sip:carol@example.org"

/* The window on the history file as it stands, presented with view in front. */
static GtkWidget *
open_recent (RecentFixture *fixture, const char *view)
{
  return parlo_test_window_open (fixture, NULL, view);
}

static ParloHistoryModel *
recent_model (GtkWidget *window)
{
  GtkListView *list = GTK_LIST_VIEW (gtk_widget_get_ancestor (recent_row (window, 0), GTK_TYPE_LIST_VIEW));

  return PARLO_HISTORY_MODEL (gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (list))));
}

/* The heading a day's first call should have, worked out from the calendar. */
static char *
expected_day (GDateTime *started)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (started);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                                         g_date_time_get_year (local));
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                                           g_date_time_get_year (now));
  int days = g_date_days_between (day, today);

  if (days == 0)
    return g_strdup ("Today");
  if (days == 1)
    return g_strdup ("Yesterday");
  if (days < 7)
    return g_date_time_format (local, "%A");
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    return g_date_time_format (local, "%-d %B");
  return g_date_time_format (local, "%-d %B %Y");
}

static gboolean
same_day (GDateTime *a, GDateTime *b)
{
  g_autoptr(GDateTime) local_a = g_date_time_to_local (a);
  g_autoptr(GDateTime) local_b = g_date_time_to_local (b);

  return g_date_time_get_year (local_a) == g_date_time_get_year (local_b) &&
         g_date_time_get_day_of_year (local_a) == g_date_time_get_day_of_year (local_b);
}

static GDateTime *
row_started (GtkWidget *row)
{
  return parlo_history_entry_get_started (parlo_recent_row_get_entry (PARLO_RECENT_ROW (row)));
}

/* Calls over six weeks: each row says who, how it went, and the first of each
 * day carries that day's heading. */
static void
test_recent_days (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_ANSWERED_OUT, CAROL, "Carol Danvers", 40, 65 },
    { PARLO_TEST_MISSED, ALICE, "Alice Liddell", 3, 0 },
    { PARLO_TEST_BUSY, BOB, NULL, 3, 0 },
    { PARLO_TEST_ANSWERED_IN, ALICE, "Alice Liddell", 1, 3725 },
    { PARLO_TEST_UNAVAILABLE, BOB, NULL, 0, 0 },
    { PARLO_TEST_ANSWERED_OUT, CAROL, "Carol Danvers", 0, 83 },
  };
  static const struct {
    const char *peer;
    const char *outcome;
  } expected[] = {
    { "Carol Danvers", " · 1:23" },
    { "bob@example.org", " · Failed — 503 Service Unavailable" },
    { "Alice Liddell", " · 1:02:05" },
    { "bob@example.org", " · Busy" },
    { "Alice Liddell", " · Missed call" },
    { "Carol Danvers", " · 1:05" },
  };
  GtkWidget *window;
  GtkWidget *missed_icon;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");

  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *row = recent_row (window, i);
      g_autofree char *day = NULL;

      g_assert_cmpstr (row_text (row, ROW_PEER), ==, expected[i].peer);
      g_assert_true (g_str_has_suffix (row_text (row, ROW_SUMMARY), expected[i].outcome));
      if (i == 0 || !same_day (row_started (recent_row (window, i - 1)), row_started (row)))
        day = expected_day (row_started (row));
      g_assert_cmpstr (row_text (row, ROW_DAY), ==, day);
    }
  /* The first is always under a heading, and the oldest is in another week. */
  g_assert_cmpstr (row_text (recent_row (window, 0), ROW_DAY), ==, "Today");
  g_assert_nonnull (row_text (recent_row (window, 5), ROW_DAY));
  /* A missed call stands out in the error colour. */
  missed_icon = parlo_test_find_widget (recent_row (window, 4), GTK_TYPE_IMAGE, NULL);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (missed_icon)), ==, "call-missed-symbolic");
  g_assert_true (gtk_widget_has_css_class (missed_icon, "error"));
  g_assert_false (gtk_widget_has_css_class (parlo_test_find_widget (recent_row (window, 0), GTK_TYPE_IMAGE, NULL),
                                            "error"));
}

static gboolean
rows_are_all (GtkWidget *window, guint n, const char *peer)
{
  g_autoptr(GPtrArray) rows = recent_rows (window);

  for (guint i = 0; i < rows->len; i++)
    if (!g_str_equal (row_text (g_ptr_array_index (rows, i), ROW_PEER), peer))
      return FALSE;
  return rows->len == n;
}

/* Searching by part of a name or of a number narrows the list; nothing found
 * says so, and clearing the search brings every call back. */
static void
test_recent_search (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_ANSWERED_IN, ALICE, "Alice Liddell", 0, 10 },
    { PARLO_TEST_BUSY, "sip:+493012345@example.org", NULL, 0, 0 },
    { PARLO_TEST_MISSED, ALICE, "Alice Liddell", 0, 0 },
    { PARLO_TEST_ANSWERED_OUT, CAROL, "Carol Danvers", 0, 10 },
  };
  GtkWidget *window, *search;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");
  search = recent_search (window);
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 4);

  gtk_editable_set_text (GTK_EDITABLE (search), "lidd");
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 2, "Alice Liddell"));

  gtk_editable_set_text (GTK_EDITABLE (search), "30123");
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 1, "+493012345@example.org"));

  gtk_editable_set_text (GTK_EDITABLE (search), "nobody");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (parlo_test_find_label (window, "No Results"))));
  /* The search stays, to be changed. */
  g_assert_true (gtk_widget_get_mapped (search));

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 4);
}

/* "Missed" shows missed calls only; with none, it says so. */
static void
test_recent_missed_filter (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_MISSED, ALICE, "Alice Liddell", 1, 0 },
    { PARLO_TEST_ANSWERED_OUT, BOB, NULL, 0, 30 },
    { PARLO_TEST_BUSY, CAROL, "Carol Danvers", 0, 0 },
  };
  GtkWidget *window;
  GtkToggleButton *missed, *all;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");
  missed = GTK_TOGGLE_BUTTON (parlo_test_find_widget (window, GTK_TYPE_TOGGLE_BUTTON, "Show only missed calls"));
  all = GTK_TOGGLE_BUTTON (parlo_test_find_widget (window, GTK_TYPE_TOGGLE_BUTTON, "Show all calls"));
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 3);

  gtk_toggle_button_set_active (missed, TRUE);
  g_assert_false (gtk_toggle_button_get_active (all));
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 1, "Alice Liddell"));
  g_assert_true (g_str_has_suffix (row_text (recent_row (window, 0), ROW_SUMMARY), "Missed call"));
  /* Alone in the list, it is the first of its day. */
  g_assert_cmpstr (row_text (recent_row (window, 0), ROW_DAY), ==, "Yesterday");

  /* Searching among missed calls for someone never missed finds nothing. */
  gtk_editable_set_text (GTK_EDITABLE (recent_search (window)), "carol");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 0);
  g_assert_nonnull (parlo_test_find_label (window, "No Results"));
  gtk_editable_set_text (GTK_EDITABLE (recent_search (window)), "");

  gtk_toggle_button_set_active (all, TRUE);
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 3);
}

/* With no missed calls at all, the filter says there are none. */
static void
test_recent_no_missed_calls (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_ANSWERED_OUT, BOB, NULL, 0, 30 },
  };
  GtkWidget *window;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (parlo_test_find_widget (window, GTK_TYPE_TOGGLE_BUTTON,
                                                                           "Show only missed calls")),
                                TRUE);
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (parlo_test_find_label (window, "No Missed Calls"))));
}

/* Delete in a row's menu removes that call from the history and the list. */
static void
test_recent_delete (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_MISSED, ALICE, "Alice Liddell", 0, 0 },
    { PARLO_TEST_ANSWERED_OUT, BOB, NULL, 0, 30 },
  };

  GtkWidget *window;
  gint64 alice, bob;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 2);
  g_assert_cmpstr (row_text (recent_row (window, 0), ROW_PEER), ==, "bob@example.org");
  bob = parlo_history_entry_get_id (parlo_recent_row_get_entry (PARLO_RECENT_ROW (recent_row (window, 0))));
  alice = parlo_history_entry_get_id (parlo_recent_row_get_entry (PARLO_RECENT_ROW (recent_row (window, 1))));

  g_assert_true (gtk_widget_activate_action (recent_row (window, 0), "entry.delete", NULL));
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 1, "Alice Liddell"));
  g_assert_null (parlo_history_lookup (fixture->history, bob));
  {
    g_autoptr(ParloHistoryEntry) kept = parlo_history_lookup (fixture->history, alice);

    g_assert_nonnull (kept);
  }
  /* The day's heading moves to the call that is now first. */
  g_assert_cmpstr (row_text (recent_row (window, 0), ROW_DAY), ==, "Today");

  g_assert_true (gtk_widget_activate_action (recent_row (window, 0), "entry.delete", NULL));
  PARLO_TEST_WAIT_UNTIL (parlo_history_count (fixture->history, NULL, FALSE) == 0);
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (window, "No Recent Calls") != NULL &&
                         gtk_widget_get_mapped (GTK_WIDGET (parlo_test_find_label (window, "No Recent Calls"))));
}

static gboolean
is_message_dialog (gpointer item, gpointer data)
{
  return ADW_IS_MESSAGE_DIALOG (item);
}

/* The dialog that asks before clearing, waited for. */
static GtkWidget *
clear_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;
       g_get_monotonic_time () < deadline; parlo_test_iterate ())
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

        if (is_message_dialog (window, NULL) && gtk_widget_get_mapped (window))
          return window;
      }
  g_error ("No dialog asks before clearing the history");
}

static void
press_dialog_button (GtkWidget *dialog, const char *label)
{
  GtkLabel *text = parlo_test_find_label (dialog, label);

  g_assert_nonnull (text);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (gtk_widget_get_ancestor (GTK_WIDGET (text), GTK_TYPE_BUTTON), "clicked");
  /* Answered, the dialog goes away. */
  PARLO_TEST_WAIT_UNTIL (dialog == NULL);
}

/* Clear History asks first, with the number of calls: Cancel keeps them all,
 * Clear deletes them all. */
static void
test_recent_clear (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_MISSED, ALICE, "Alice Liddell", 2, 0 },
    { PARLO_TEST_ANSWERED_OUT, BOB, NULL, 1, 30 },
    { PARLO_TEST_BUSY, CAROL, "Carol Danvers", 0, 0 },
  };
  GtkWidget *window, *dialog;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 3);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "clear-history"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-history", NULL);
  dialog = clear_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Clear the call history?");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "All 3 calls will be deleted. This cannot be undone.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  press_dialog_button (dialog, "Cancel");
  g_assert_cmpuint (parlo_history_count (fixture->history, NULL, FALSE), ==, 3);
  g_assert_cmpuint (n_recent_rows (window), ==, 3);

  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-history", NULL);
  press_dialog_button (clear_dialog (), "Clear");
  g_assert_cmpuint (parlo_history_count (fixture->history, NULL, FALSE), ==, 0);
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (parlo_test_find_label (window, "No Recent Calls"))));
  g_assert_cmpuint (n_recent_rows (window), ==, 0);
  /* Nothing is left to clear. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "clear-history"));
}

/* Copy Address puts the peer's address on the clipboard, and says so. */
static void
test_recent_copy_address (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_ANSWERED_OUT, BOB, NULL, 0, 30 },
  };
  GtkWidget *window;
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *copied = NULL;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) == 1);

  g_assert_true (gtk_widget_activate_action (recent_row (window, 0), "entry.copy-address", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (window), NULL, parlo_test_result_ready, &result);
  copied = gdk_clipboard_read_text_finish (gtk_widget_get_clipboard (window), parlo_test_result_wait (&result),
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copied, ==, BOB);
  g_assert_nonnull (parlo_test_find_label (window, "Address copied"));
}

/* The Recent tab counts missed calls nobody has seen; showing Recent in the
 * active window makes them seen. */
static void
test_recent_badge (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_MISSED, ALICE, "Alice Liddell", 1, 0 },
    { PARLO_TEST_ANSWERED_OUT, BOB, NULL, 0, 30 },
    { PARLO_TEST_MISSED, CAROL, "Carol Danvers", 0, 0 },
  };
  GtkWidget *window;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "dial");
  PARLO_TEST_WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (window)));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (recent_tab (window)), ==, 2);
  g_assert_true (adw_view_stack_page_get_needs_attention (recent_tab (window)));
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->history), ==, 2);

  /* Another one while the dialpad is in front counts too. */
  parlo_test_record_call (fixture->history, PARLO_TEST_MISSED, BOB, NULL);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (recent_tab (window)), ==, 3);

  show_view (window, "recent");
  PARLO_TEST_WAIT_UNTIL (adw_view_stack_page_get_badge_number (recent_tab (window)) == 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (recent_tab (window)));
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->history), ==, 0);

  /* One missed while Recent is in front is seen at once. */
  parlo_test_record_call (fixture->history, PARLO_TEST_MISSED, ALICE, "Alice Liddell");
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_unseen_missed (fixture->history) == 0);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (recent_tab (window)), ==, 0);
}

/* A damaged history file is moved aside, and the window says so until the
 * person dismisses it. */
static void
test_recent_damaged_history (void)
{
  ParloTestPeer *peer = parlo_test_peer_new ("me");
  g_autofree char *directory = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (directory, "history.db", NULL);
  g_autoptr(ParloHistory) history = NULL;
  GtkWidget *window;
  GtkLabel *notice;

  g_assert_true (g_file_set_contents (path, "This is not what a call history looks like, not at all.", -1, NULL));
  g_test_expect_message ("parlo-model", G_LOG_LEVEL_WARNING, "The call history was damaged*");
  history = history_in (directory);
  g_test_assert_expected_messages ();

  window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions, history));
  gtk_window_present (GTK_WINDOW (window));
  notice = parlo_test_find_label_prefix (window, "The call history was damaged. It was moved to ");
  g_assert_nonnull (notice);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (notice),
                                                                                       GTK_TYPE_REVEALER))));
  click (window, "Dismiss");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (notice),
                                                                                        GTK_TYPE_REVEALER))));

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (peer);
  g_clear_object (&history);
  parlo_test_remove_tree (directory);
}

#define HUGE_HISTORY 200000

/* Writes n answered calls a minute apart into the history file at path, as
 * years of use would, through a connection of its own. */
static void
fill_history (const char *path, guint n)
{
  g_autoptr(ParloHistory) created = parlo_history_open (path, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *message = NULL;

  /* The store makes the file, as the first run does. */
  g_clear_object (&created);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)"
                                       " INSERT INTO calls (account, direction, peer_uri, peer_name, started,"
                                       "  answered, ended, result, sip_status, reason, seen, updated)"
                                       " SELECT 'sip:me@127.0.0.1', i % 2, 'sip:caller' || i || '@example.org',"
                                       "  'Caller ' || i, ?2 - (?1 - i) * 60000000, ?2 - (?1 - i) * 60000000,"
                                       "  ?2 - (?1 - i) * 60000000 + 30000000, 1, 200, NULL, 1, ?2 FROM n",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (statement, 1, n);
  sqlite3_bind_int64 (statement, 2, g_get_real_time () - (gint64) 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, &message), ==, SQLITE_OK);
  sqlite3_finalize (statement);
  sqlite3_close (db);
}

/* GTK 4.8's list view keeps about 200 rows around what is on screen. */
#define MAX_ROWS 250

/* Recent over a huge history makes a few hundred rows and reads a few pages of
 * calls, at the top and after a jump to the bottom, however long the history. */
static void
test_recent_huge_history (RecentFixture *fixture, gconstpointer data)
{
  GtkWidget *window;
  ParloHistoryModel *model;
  GtkWidget *list;
  g_autofree char *oldest = g_strdup_printf ("Caller %u", 1);
  g_autofree char *newest = g_strdup_printf ("Caller %u", HUGE_HISTORY);
  guint loaded;

  fill_history (fixture->history_path, HUGE_HISTORY);
  window = open_recent (fixture, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) > 0);
  model = recent_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, HUGE_HISTORY);
  g_assert_cmpstr (row_text (recent_row (window, 0), ROW_PEER), ==, newest);
  g_assert_cmpuint (n_recent_rows (window), <=, MAX_ROWS);
  loaded = parlo_history_model_get_n_loaded (model);
  g_assert_cmpuint (loaded, <=, 2 * MAX_ROWS);

  list = gtk_widget_get_ancestor (recent_row (window, 0), GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", HUGE_HISTORY - 1));
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (window, oldest) != NULL);
  g_assert_cmpuint (n_recent_rows (window), <=, MAX_ROWS);
  g_assert_cmpuint (parlo_history_model_get_n_loaded (model) - loaded, <=, 2 * MAX_ROWS);
}

static gboolean
is_made_row (GtkWidget *widget, gconstpointer data)
{
  return PARLO_IS_RECENT_ROW (widget) || PARLO_IS_CONTACT_ROW (widget);
}

static gboolean
is_shown_contact_row (GtkWidget *widget, gconstpointer data)
{
  return PARLO_IS_CONTACT_ROW (widget) && gtk_widget_get_mapped (widget);
}

static guint
n_rows (GtkWidget *window, ParloTestWidgetMatch match)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (window, match, rows);
  return rows->len;
}

/* A window that opens on the dialpad makes no rows for Recent or Contacts, so it
 * opens as fast with years of calls as with none; each list makes its rows when
 * its view is first shown. */
static void
test_rows_made_when_shown (RecentFixture *fixture, gconstpointer data)
{
  GtkWidget *window;

  fill_history (fixture->history_path, 1000);
  window = open_recent (fixture, "dial");
  for (guint i = 0; i < 20; i++)
    parlo_test_iterate ();
  g_assert_cmpuint (n_rows (window, is_made_row), ==, 0);

  show_view (window, "recent");
  PARLO_TEST_WAIT_UNTIL (n_recent_rows (window) > 0);
  g_assert_cmpstr (row_text (recent_row (window, 0), ROW_PEER), ==, "Caller 1000");

  show_view (window, "contacts");
  PARLO_TEST_WAIT_UNTIL (n_rows (window, is_shown_contact_row) > 0);
}

/* Missed calls notify once for all of them and withdraw the notification when
 * they have been seen; the notification opens Recent. */
static void
on_show_recent (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_missed_notification (void)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  g_autofree char *directory = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  g_autoptr(ParloHistory) history = history_in (directory);
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.parlo.ParloTests.Missed",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(ParloMissedNotifier) notifier = NULL;
  g_autoptr(GSimpleAction) show_recent = g_simple_action_new ("show-recent", NULL);
  g_autoptr(GError) error = NULL;
  guint recent_shown = 0;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (show_recent, "activate", G_CALLBACK (on_show_recent), &recent_shown);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (show_recent));
  notifier = parlo_missed_notifier_new (app, history);

  /* Calls that were answered or made tell nobody. */
  parlo_test_record_call (history, PARLO_TEST_ANSWERED_IN, BOB, NULL);
  parlo_test_record_call (history, PARLO_TEST_BUSY, BOB, NULL);

  parlo_test_record_call (history, PARLO_TEST_MISSED, ALICE, "Alice Liddell");
  PARLO_TEST_WAIT_UNTIL (server->last_id == 1);
  g_assert_cmpstr (server->summary, ==, "Missed call from Alice Liddell");
  g_assert_cmpstr (server->body, ==, "alice@example.org");

  parlo_test_record_call (history, PARLO_TEST_MISSED, BOB, NULL);
  PARLO_TEST_WAIT_UNTIL (server->last_id == 2);
  g_assert_cmpstr (server->summary, ==, "2 missed calls");
  g_assert_cmpstr (server->body, ==, "The last from bob@example.org");

  /* Seen, it goes away. */
  parlo_test_notifications_settle (server);
  parlo_history_mark_missed_seen (history);
  PARLO_TEST_WAIT_UNTIL (server->closed == 2);

  /* The next one starts afresh; clicking it asks the app to show Recent. */
  parlo_test_record_call (history, PARLO_TEST_MISSED, CAROL, "Carol Danvers");
  PARLO_TEST_WAIT_UNTIL (server->last_id == 3);
  g_assert_cmpstr (server->summary, ==, "Missed call from Carol Danvers");
  parlo_test_notifications_click (server);
  PARLO_TEST_WAIT_UNTIL (recent_shown == 1);

  g_clear_object (&notifier);
  g_clear_object (&history);
  parlo_test_remove_tree (directory);
  parlo_test_notifications_stop (server);
}

static GtkEventController *
key_controller_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        return controller;
    }
  return NULL;
}

static gboolean
is_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* As the person types, the people from the history whose name or address has
 * it show under the entry; Down goes to them, and choosing one fills the entry. */
static void
test_dialpad_suggestions (RecentFixture *fixture, gconstpointer data)
{
  static const ParloTestCall calls[] = {
    { PARLO_TEST_ANSWERED_OUT, ALICE, "Alice Liddell", 2, 60 },
    { PARLO_TEST_ANSWERED_IN, ALICE, "Alice Liddell", 1, 60 },
    { PARLO_TEST_ANSWERED_IN, "sip:alan@example.org", "Alan Turing", 1, 60 },
    { PARLO_TEST_MISSED, BOB, NULL, 0, 0 },
  };
  GtkWidget *window, *dialpad, *entry, *list, *first;
  GtkRevealer *revealer;
  gboolean handled = FALSE;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  window = open_recent (fixture, "dial");
  dialpad = parlo_test_find_widget (window, PARLO_TYPE_DIALPAD, NULL);
  entry = parlo_test_find_widget (dialpad, GTK_TYPE_ENTRY, NULL);
  list = parlo_test_find_widget (dialpad, GTK_TYPE_LIST_BOX, NULL);
  revealer = GTK_REVEALER (gtk_widget_get_ancestor (list, GTK_TYPE_REVEALER));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* Part of a first name: both, the one called most first. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "al");
  PARLO_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer));
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Alice Liddell");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), ==, "alice@example.org");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1))),
                   ==, "Alan Turing");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));

  /* Part of a last name: that one first. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "turi");
  PARLO_TEST_WAIT_UNTIL (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1) == NULL);
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Alan Turing");
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  /* Nobody by that name, or a caller who gave none: no suggestions. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zebra");
  PARLO_TEST_WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer));
  gtk_editable_set_text (GTK_EDITABLE (entry), "bob");
  PARLO_TEST_WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* Down from the entry goes to the first suggestion; choosing it fills the
   * entry with the address, ready to call, and the suggestions go. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "lidd");
  PARLO_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer));
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_signal_emit_by_name (key_controller_of (entry), "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_true (is_focus_within (first));
  gtk_widget_activate (first);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "alice@example.org");
  g_assert_cmpstr (parlo_dialpad_get_target (PARLO_DIALPAD (dialpad)), ==, ALICE);
  g_assert_true (is_focus_within (entry));
  PARLO_TEST_WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer));
}

int
main (int argc, char *argv[])
{
  int result;

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
#define ADD_RECENT(path, func) \
  g_test_add (path, RecentFixture, NULL, parlo_test_window_set_up, func, parlo_test_window_tear_down)
  ADD_RECENT ("/recent/days", test_recent_days);
  ADD_RECENT ("/recent/search", test_recent_search);
  ADD_RECENT ("/recent/missed-filter", test_recent_missed_filter);
  ADD_RECENT ("/recent/no-missed-calls", test_recent_no_missed_calls);
  ADD_RECENT ("/recent/delete", test_recent_delete);
  ADD_RECENT ("/recent/clear", test_recent_clear);
  ADD_RECENT ("/recent/copy-address", test_recent_copy_address);
  ADD_RECENT ("/recent/badge", test_recent_badge);
  g_test_add_func ("/recent/damaged-history", test_recent_damaged_history);
  ADD_RECENT ("/recent/huge-history", test_recent_huge_history);
  ADD_RECENT ("/recent/rows-made-when-shown", test_rows_made_when_shown);
  g_test_add_func ("/window/missed-notification", test_missed_notification);
  ADD_RECENT ("/dialpad/suggestions", test_dialpad_suggestions);

  result = parlo_test_run ();
  return result;
}
