/* The Recent view on a real call history in a file: days, search, the missed
 * filter, deleting and clearing, a damaged or huge history, the missed-call
 * notification, and the dialpad's suggestions from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <sqlite3.h>

#include "parlo-test.h"
#include "parlo-test-notifications.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "model/parlo-history-model.h"
#include "ui/parlo-contact-row.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-missed-notifier.h"
#include "ui/parlo-recent-row.h"
#include "ui/parlo-window.h"

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
  GtkListView *list = GTK_LIST_VIEW (gtk_widget_get_ancestor (parlo_test_recent_row (window, 0), GTK_TYPE_LIST_VIEW));

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

  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *row = parlo_test_recent_row (window, i);
      g_autofree char *day = NULL;

      g_assert_cmpstr (parlo_test_row_text (row, PARLO_TEST_ROW_PEER), ==, expected[i].peer);
      g_assert_true (g_str_has_suffix (parlo_test_row_text (row, PARLO_TEST_ROW_SUMMARY), expected[i].outcome));
      if (i == 0 || !same_day (row_started (parlo_test_recent_row (window, i - 1)), row_started (row)))
        day = expected_day (row_started (row));
      g_assert_cmpstr (parlo_test_row_text (row, PARLO_TEST_ROW_DAY), ==, day);
    }
  /* The first is always under a heading, and the oldest is in another week. */
  g_assert_cmpstr (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_DAY), ==, "Today");
  g_assert_nonnull (parlo_test_row_text (parlo_test_recent_row (window, 5), PARLO_TEST_ROW_DAY));
  /* A missed call stands out in the error colour. */
  missed_icon = parlo_test_find_widget (parlo_test_recent_row (window, 4), GTK_TYPE_IMAGE, NULL);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (missed_icon)), ==, "call-missed-symbolic");
  g_assert_true (gtk_widget_has_css_class (missed_icon, "error"));
  g_assert_false (gtk_widget_has_css_class (
    parlo_test_find_widget (parlo_test_recent_row (window, 0), GTK_TYPE_IMAGE, NULL), "error"));
}

static gboolean
rows_are_all (GtkWidget *window, guint n, const char *peer)
{
  g_autoptr(GPtrArray) rows = parlo_test_recent_rows (window);

  for (guint i = 0; i < rows->len; i++)
    if (!g_str_equal (parlo_test_row_text (g_ptr_array_index (rows, i), PARLO_TEST_ROW_PEER), peer))
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
  search = parlo_test_window_recent_search (window);
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 4);

  gtk_editable_set_text (GTK_EDITABLE (search), "lidd");
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 2, "Alice Liddell"));

  gtk_editable_set_text (GTK_EDITABLE (search), "30123");
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 1, "+493012345@example.org"));

  gtk_editable_set_text (GTK_EDITABLE (search), "nobody");
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (parlo_test_find_label (window, "No Results"))));
  /* The search stays, to be changed. */
  g_assert_true (gtk_widget_get_mapped (search));

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 4);
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
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 3);

  gtk_toggle_button_set_active (missed, TRUE);
  g_assert_false (gtk_toggle_button_get_active (all));
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 1, "Alice Liddell"));
  g_assert_true (g_str_has_suffix (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_SUMMARY),
                                   "Missed call"));
  /* Alone in the list, it is the first of its day. */
  g_assert_cmpstr (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_DAY), ==, "Yesterday");

  /* Searching among missed calls for someone never missed finds nothing. */
  gtk_editable_set_text (GTK_EDITABLE (parlo_test_window_recent_search (window)), "carol");
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 0);
  g_assert_nonnull (parlo_test_find_label (window, "No Results"));
  gtk_editable_set_text (GTK_EDITABLE (parlo_test_window_recent_search (window)), "");

  gtk_toggle_button_set_active (all, TRUE);
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 3);
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
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (parlo_test_find_widget (window, GTK_TYPE_TOGGLE_BUTTON,
                                                                           "Show only missed calls")),
                                TRUE);
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 0);
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
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 2);
  g_assert_cmpstr (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_PEER), ==, "bob@example.org");
  bob = parlo_history_entry_get_id (parlo_recent_row_get_entry (PARLO_RECENT_ROW (parlo_test_recent_row (window, 0))));
  alice = parlo_history_entry_get_id (
    parlo_recent_row_get_entry (PARLO_RECENT_ROW (parlo_test_recent_row (window, 1))));

  g_assert_true (gtk_widget_activate_action (parlo_test_recent_row (window, 0), "entry.delete", NULL));
  PARLO_TEST_WAIT_UNTIL (rows_are_all (window, 1, "Alice Liddell"));
  g_assert_null (parlo_history_lookup (fixture->history, bob));
  {
    g_autoptr(ParloHistoryEntry) kept = parlo_history_lookup (fixture->history, alice);

    g_assert_nonnull (kept);
  }
  /* The day's heading moves to the call that is now first. */
  g_assert_cmpstr (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_DAY), ==, "Today");

  g_assert_true (gtk_widget_activate_action (parlo_test_recent_row (window, 0), "entry.delete", NULL));
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
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 3);
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
  g_assert_cmpuint (parlo_test_n_recent_rows (window), ==, 3);

  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-history", NULL);
  press_dialog_button (clear_dialog (), "Clear");
  g_assert_cmpuint (parlo_history_count (fixture->history, NULL, FALSE), ==, 0);
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (parlo_test_find_label (window, "No Recent Calls"))));
  g_assert_cmpuint (parlo_test_n_recent_rows (window), ==, 0);
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
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) == 1);

  g_assert_true (gtk_widget_activate_action (parlo_test_recent_row (window, 0), "entry.copy-address", NULL));
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
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)), ==, 2);
  g_assert_true (adw_view_stack_page_get_needs_attention (parlo_test_window_recent_tab (window)));
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->history), ==, 2);

  /* Another one while the dialpad is in front counts too. */
  parlo_test_record_call (fixture->history, PARLO_TEST_MISSED, BOB, NULL);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)), ==, 3);

  parlo_test_window_show_view (window, "recent");
  PARLO_TEST_WAIT_UNTIL (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)) == 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (parlo_test_window_recent_tab (window)));
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->history), ==, 0);

  /* One missed while Recent is in front is seen at once. */
  parlo_test_record_call (fixture->history, PARLO_TEST_MISSED, ALICE, "Alice Liddell");
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_unseen_missed (fixture->history) == 0);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (parlo_test_window_recent_tab (window)), ==, 0);
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
  history = parlo_test_history_in (directory);
  g_test_assert_expected_messages ();

  window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions, history));
  gtk_window_present (GTK_WINDOW (window));
  notice = parlo_test_find_label_prefix (window, "The call history was damaged. It was moved to ");
  g_assert_nonnull (notice);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (notice),
                                                                                       GTK_TYPE_REVEALER))));
  parlo_test_click_tooltip (window, "Dismiss");
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
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) > 0);
  model = recent_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, HUGE_HISTORY);
  g_assert_cmpstr (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_PEER), ==, newest);
  g_assert_cmpuint (parlo_test_n_recent_rows (window), <=, MAX_ROWS);
  loaded = parlo_history_model_get_n_loaded (model);
  g_assert_cmpuint (loaded, <=, 2 * MAX_ROWS);

  list = gtk_widget_get_ancestor (parlo_test_recent_row (window, 0), GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", HUGE_HISTORY - 1));
  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (window, oldest) != NULL);
  g_assert_cmpuint (parlo_test_n_recent_rows (window), <=, MAX_ROWS);
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

  parlo_test_collect (window, match, rows);
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

  parlo_test_window_show_view (window, "recent");
  PARLO_TEST_WAIT_UNTIL (parlo_test_n_recent_rows (window) > 0);
  g_assert_cmpstr (parlo_test_row_text (parlo_test_recent_row (window, 0), PARLO_TEST_ROW_PEER), ==, "Caller 1000");

  parlo_test_window_show_view (window, "contacts");
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
  g_autoptr(ParloHistory) history = parlo_test_history_in (directory);
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
  GtkWidget *window, *dialpad, *entry, *list, *first, *second;
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
  second = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (second)), ==, "Alan Turing");
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
  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR);
  adw_init ();
#define ADD(path, func) \
  g_test_add (path, RecentFixture, NULL, parlo_test_window_set_up, func, parlo_test_window_tear_down)

  ADD ("/recent/days", test_recent_days);
  ADD ("/recent/search", test_recent_search);
  ADD ("/recent/missed-filter", test_recent_missed_filter);
  ADD ("/recent/no-missed-calls", test_recent_no_missed_calls);
  ADD ("/recent/delete", test_recent_delete);
  ADD ("/recent/clear", test_recent_clear);
  ADD ("/recent/copy-address", test_recent_copy_address);
  ADD ("/recent/badge", test_recent_badge);
  g_test_add_func ("/recent/damaged-history", test_recent_damaged_history);
  ADD ("/recent/huge-history", test_recent_huge_history);
  ADD ("/recent/rows-made-when-shown", test_rows_made_when_shown);
  g_test_add_func ("/recent/missed-notification", test_missed_notification);
  ADD ("/dialpad/suggestions", test_dialpad_suggestions);
  return parlo_test_run ();
}
