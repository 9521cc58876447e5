/* The call history at a million calls, each figure next to a reference.
 *
 *   bench-history fill DIR       writes histories as the app finds them with
 *                                XDG_DATA_HOME=DIR/full, DIR/small and DIR/empty:
 *                                a million calls, a thousand, none; how long the
 *                                million took, and recording one more call into
 *                                the full and the empty one (what the app does
 *                                per call)
 *   bench-history search DIR     search latency through the Recent list's model
 *                                over the full history, next to the small one,
 *                                and reading rows far down the list
 *   bench-history view FILE      the real main window on its Recent view over the
 *                                history in FILE; prints when the first frame with
 *                                rows (or, without calls, the first frame) was on
 *                                screen, then stays until it is stopped
 *
 * tests/bench/run runs all three and the app itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <adwaita.h>

#include "bench-util.h"
#include "parlo-test.h"
#include "parlo-test-history.h"
#include "parlo-window.h"
#include "model/parlo-call-private.h"
#include "model/parlo-history-model.h"

#define N_CALLS 1000000
#define N_SMALL 1000
#define N_RECORDED 200
#define N_SEARCHES 9
#define RARE_NAME "Zebulon Rarename"

/* One statement writes them all, as realistic as cheap: a thousand people, some
 * calls missed or busy, about ten minutes apart; three of them from a rare name.
 * The store's triggers index each one for search and count its peer. */
#define FILL_SQL \
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) " \
  "INSERT INTO calls (id, account, direction, peer_uri, peer_name, started, answered, ended, result," \
  "                   sip_status, seen, updated) " \
  "SELECT i, 'sip:me@example.org', CASE WHEN i %% 3 = 0 THEN 0 ELSE 1 END," \
  "       CASE WHEN i IN (17, %d, %d) THEN 'sip:zebulon@rare.example' ELSE 'sip:p' || (i %% 1000) || '@example.org' END," \
  "       CASE WHEN i IN (17, %d, %d) THEN '" RARE_NAME "' ELSE 'Person ' || (i %% 1000) END," \
  "       s, CASE WHEN i %% 6 = 0 OR i %% 5 = 0 THEN NULL ELSE s + 5000000 END, s + 65000000," \
  "       CASE WHEN i %% 6 = 0 THEN 2 WHEN i %% 5 = 0 THEN 4 ELSE 1 END," \
  "       CASE WHEN i %% 6 != 0 AND i %% 5 = 0 THEN 486 ELSE 0 END, 1, s + 65000000 " \
  "FROM (SELECT i, %" G_GINT64_FORMAT " - (%d - i) * 613000000 - (i %% 7) * 37000000 AS s FROM n)"

static ParloHistory *
open_history (const char *path)
{
  g_autoptr(GError) error = NULL;
  ParloHistory *history = parlo_history_open (path, &error);

  if (history == NULL)
    g_error ("%s", error->message);
  return history;
}

/* Waits for the store's check of the whole file, so that it does not run beside
 * what is measured next. */
static void
wait_checked (ParloHistory *history)
{
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (history));
}

/* A history of n calls at DIR/parlo/history.db, as the app finds it with
 * XDG_DATA_HOME=DIR; seconds it took to write them. */
static double
make_history (const char *directory, int n)
{
  g_autofree char *path = g_build_filename (directory, "parlo", "history.db", NULL);
  g_autofree char *sql = g_strdup_printf (FILL_SQL, n, n / 2, n - 999, n / 2, n - 999,
                                          g_get_real_time () - G_TIME_SPAN_HOUR, n);
  ParloHistory *history = open_history (path);
  gint64 start;
  sqlite3 *db = NULL;
  char *message = NULL;

  wait_checked (history);
  g_object_unref (history);
  if (n == 0)
    return 0;

  start = g_get_monotonic_time ();
  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA cache_size = -65536; BEGIN", NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT", NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not fill %s: %s", path, message ? message : sqlite3_errmsg (db));
  sqlite3_close (db);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Records n calls as the recorder does (added when they ring, updated when
 * answered and when they end); µs per call, median and slowest. */
static void
record_calls (const char *path, double *median_us, double *max_us)
{
  g_autoptr(ParloHistory) history = open_history (path);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  wait_checked (history);
  for (guint i = 0; i < N_RECORDED; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:bench%u@example.net", i);
      g_autoptr(ParloCall) call = parlo_call_new (uri, "sip:me@example.org", PARLO_CALL_DIRECTION_INCOMING,
                                                  uri, "Bench Caller");
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 id = parlo_test_history_add (history, call, &error);
      double elapsed;

      parlo_call_set_state (call, PARLO_CALL_STATE_ESTABLISHED);
      if (id == 0 || !parlo_test_history_update (history, id, call, &error))
        g_error ("%s", error->message);
      parlo_call_end (call, PARLO_CALL_END_HANGUP_REMOTE, 0, NULL);
      if (!parlo_test_history_update (history, id, call, &error))
        g_error ("%s", error->message);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (times, elapsed);
      /* Leaves the file as it was for what comes next. */
      if (!parlo_history_delete (history, id, &error))
        g_error ("%s", error->message);
    }
  *median_us = bench_median (times);
  *max_us = bench_percentile (times, 1);
}

static char *
history_path (const char *directory, const char *which)
{
  return g_build_filename (directory, which, "parlo", "history.db", NULL);
}

static int
fill (const char *directory)
{
  g_autofree char *full = g_build_filename (directory, "full", NULL);
  g_autofree char *small = g_build_filename (directory, "small", NULL);
  g_autofree char *empty = g_build_filename (directory, "empty", NULL);
  g_autofree char *full_path = history_path (directory, "full");
  g_autofree char *empty_path = history_path (directory, "empty");
  double seconds, full_median, full_max, empty_median, empty_max;

  make_history (empty, 0);
  make_history (small, N_SMALL);
  seconds = make_history (full, N_CALLS);
  g_print ("writing %d calls in one transaction, search index and contacts included: %.1f s"
           " (%.1f us per call)\n", N_CALLS, seconds, seconds * G_USEC_PER_SEC / N_CALLS);

  record_calls (full_path, &full_median, &full_max);
  record_calls (empty_path, &empty_median, &empty_max);
  g_print ("recording a call (added, answered, ended), median of %d: %d calls %.2f ms (slowest %.2f ms),"
           " empty history %.2f ms (slowest %.2f ms), ratio %.0f\n",
           N_RECORDED, N_CALLS, full_median / 1000, full_max / 1000, empty_median / 1000, empty_max / 1000,
           full_median / empty_median);
  return 0;
}

/* Microseconds from asking the list for a search to having its first row; median and first. */
static double
search_us (ParloHistoryModel *model, const char *text, guint expected, double *first_us)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_SEARCHES; i++)
    {
      g_autoptr(ParloHistoryEntry) entry = NULL;
      gint64 start;
      double elapsed;

      parlo_history_model_set_search (model, NULL);
      start = g_get_monotonic_time ();
      parlo_history_model_set_search (model, text);
      entry = g_list_model_get_item (G_LIST_MODEL (model), 0);
      elapsed = g_get_monotonic_time () - start;
      if (g_list_model_get_n_items (G_LIST_MODEL (model)) != expected || entry == NULL)
        g_error ("Search for \"%s\" found %u calls, not %u", text,
                 g_list_model_get_n_items (G_LIST_MODEL (model)), expected);
      if (i == 0)
        *first_us = elapsed;
      g_array_append_val (times, elapsed);
    }
  return bench_median (times);
}

/* Milliseconds for a list that has read nothing yet to give the row at position:
 * what jumping there with the scroll bar costs; median of N_SEARCHES. */
static double
row_ms (ParloHistory *history, guint position)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_SEARCHES; i++)
    {
      g_autoptr(ParloHistoryModel) model = parlo_history_model_new (history);
      g_autoptr(ParloHistoryEntry) entry = NULL;
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      entry = g_list_model_get_item (G_LIST_MODEL (model), position);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      if (entry == NULL)
        g_error ("No row at %u", position);
      g_array_append_val (times, elapsed);
    }
  return bench_median (times);
}

static int
search (const char *directory)
{
  static const struct {
    const char *text;
    const char *what;
    guint       full, small;
  } searches[] = {
    { "Rarename", "a rare name (3 calls)", 3, 3 },
    { "Person 999", "a common name (1 in 1000)", 1000, 1 },
    { "p99", "three letters of many addresses", 11000, 11 },
    { "Ze", "two letters (too short for the index)", 3, 3 },
  };
  g_autofree char *full_path = history_path (directory, "full");
  g_autofree char *small_path = history_path (directory, "small");
  g_autoptr(ParloHistory) full = NULL;
  g_autoptr(ParloHistory) small = NULL;
  g_autoptr(ParloHistoryModel) full_model = NULL;
  g_autoptr(ParloHistoryModel) small_model = NULL;

  full = open_history (full_path);
  small = open_history (small_path);
  wait_checked (full);
  wait_checked (small);
  full_model = parlo_history_model_new (full);
  small_model = parlo_history_model_new (small);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      double full_first, small_first;
      double full_us = search_us (full_model, searches[i].text, searches[i].full, &full_first);
      double small_us = search_us (small_model, searches[i].text, searches[i].small, &small_first);

      g_print ("search for %s, to its first row, median of %d: %d calls %.2f ms (first %.2f ms),"
               " %d calls %.2f ms, ratio %.1f\n",
               searches[i].what, N_SEARCHES, N_CALLS, full_us / 1000, full_first / 1000,
               N_SMALL, small_us / 1000, full_us / small_us);
    }

  g_print ("a row that was not read yet, median of %d: %d calls at the top %.2f ms, in the middle %.2f ms,"
           " at the end %.2f ms; %d calls at the end %.2f ms\n",
           N_SEARCHES, N_CALLS, row_ms (full, 0), row_ms (full, N_CALLS / 2), row_ms (full, N_CALLS - 1),
           N_SMALL, row_ms (small, N_SMALL - 1));
  return 0;
}

/* ---- the Recent view ---- */

static gint64 window_made;
static double open_ms;

/* Rows of the mapped list views under widget. */
static guint
mapped_rows (GtkWidget *widget)
{
  guint rows = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LIST_VIEW (widget))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        rows += gtk_widget_get_mapped (child) && g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkListItemWidget");
      return rows;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rows += mapped_rows (child);
  return rows;
}

static void
on_after_paint (GdkFrameClock *clock, GtkWidget *window)
{
  guint rows = mapped_rows (window);
  ParloHistory *history = g_object_get_data (G_OBJECT (window), "history");
  gint64 now = g_get_monotonic_time ();

  if (rows == 0 && parlo_history_count (history, NULL, FALSE) > 0)
    return;
  g_print ("First frame presented at %" G_GINT64_FORMAT " us (monotonic), %.1f ms after the window was made,"
           " %u rows; the history opened in %.1f ms\n", now, (now - window_made) / 1000.0, rows, open_ms);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
}

static void
on_map (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), window);
}

static int
view (const char *path)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(ParloEngineConfig) config = NULL;
  g_autoptr(ParloEngine) engine = NULL;
  g_autoptr(ParloAccountStore) accounts = NULL;
  g_autoptr(ParloCallModel) calls = NULL;
  g_autoptr(ParloCallSync) sync = NULL;
  g_autoptr(ParloCallActions) actions = NULL;
  g_autoptr(ParloHistory) history = NULL;
  GtkWidget *window;

  adw_init ();
  /* Everything the window shows but the history: an engine that is not started
   * and a direct account, as the app has them before its engine is up. */
  settings = parlo_test_settings_new ();
  config = parlo_test_engine_config (parlo_test_free_port ());
  engine = parlo_engine_new (config);
  accounts = parlo_account_store_new (settings, "sip:bench@127.0.0.1");
  calls = parlo_call_model_new ();
  sync = parlo_call_sync_new (engine, calls);
  actions = parlo_call_actions_new (engine, calls, accounts);

  window_made = g_get_monotonic_time ();
  history = open_history (path);
  open_ms = (g_get_monotonic_time () - window_made) / 1000.0;
  window_made = g_get_monotonic_time ();
  window = GTK_WIDGET (parlo_window_new (NULL, engine, accounts, calls, actions, history));
  g_object_set_data (G_OBJECT (window), "history", history);
  g_signal_connect_after (window, "map", G_CALLBACK (on_map), NULL);
  parlo_window_show_recent (PARLO_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

int
main (int argc, char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "fill"))
    return fill (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "search"))
    return search (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "view"))
    return view (argv[2]);
  g_printerr ("Usage: %s fill DIR | search DIR | view FILE\n", argv[0]);
  return 2;
}
