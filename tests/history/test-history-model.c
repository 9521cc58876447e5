/* The paged history list over a million calls: it knows its length at once and
 * reads only the rows that are asked for; search and the missed filter reach the
 * whole history; each row knows whether it starts a day; changes to the store
 * arrive at their positions.
 *
 * One history of N_CALLS calls is filled once and shared by the tests, in the
 * order they are added; only the last one changes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "parlo-test.h"
#include "parlo-test-history.h"
#include "model/parlo-call-private.h"
#include "model/parlo-history-model.h"

#define N_CALLS 1000000
/* 2000-01-01 00:07 UTC: days do not turn at round record numbers. */
#define FIRST_START G_GINT64_CONSTANT (946685220000000)
/* Rows a model may read to show one screenful: a page or a few, never the history. */
#define PAGE_BOUND 1000
#define RARE_NAME "Zebulon Rarename"
#define RARE_URI "sip:zebulon@rare.example"

/* The calls carrying the rare name: one of the oldest, one in the middle, one new. */
static const gint64 rare_ids[] = { 999001, 424242, 17 };

/* Call id (1 … N_CALLS, 1 the oldest), as the generator below writes it. */
static gint64
started_of (gint64 id)
{
  /* About ten minutes apart, always later than the one before; days turn at
   * every record number in turn. */
  return FIRST_START + id * 613 * G_USEC_PER_SEC + (id % 7) * 37 * G_USEC_PER_SEC;
}

static gboolean
is_rare (gint64 id)
{
  for (guint i = 0; i < G_N_ELEMENTS (rare_ids); i++)
    if (rare_ids[i] == id)
      return TRUE;
  return FALSE;
}

/* Every sixth call is a missed one. */
#define IS_MISSED(id) ((id) % 6 == 0)
#define N_MISSED (N_CALLS / 6)
#define NEWEST_MISSED ((gint64) (N_CALLS / 6) * 6)

/* The same rules in SQL, for the fill. */
#define FILL_SQL \
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) " \
  "INSERT INTO calls (id, account, direction, peer_uri, peer_name, started, answered, ended, result," \
  "                   sip_status, seen, updated) " \
  "SELECT i, 'sip:me@example.org', CASE WHEN i %% 3 = 0 THEN 0 ELSE 1 END," \
  "       CASE WHEN i IN (%s) THEN '" RARE_URI "' ELSE 'sip:p' || (i %% 1000) || '@example.org' END," \
  "       CASE WHEN i IN (%s) THEN '" RARE_NAME "' ELSE 'Person ' || (i %% 1000) END," \
  "       %" G_GINT64_FORMAT " + i * 613000000 + (i %% 7) * 37000000," \
  "       CASE WHEN i %% 6 = 0 OR (i %% 3 != 0 AND i %% 5 = 0) THEN NULL" \
  "            ELSE %" G_GINT64_FORMAT " + i * 613000000 + (i %% 7) * 37000000 + 5000000 END," \
  "       %" G_GINT64_FORMAT " + i * 613000000 + (i %% 7) * 37000000 + 65000000," \
  "       CASE WHEN i %% 6 = 0 THEN 2 WHEN i %% 3 != 0 AND i %% 5 = 0 THEN 4 ELSE 1 END," \
  "       CASE WHEN i %% 3 != 0 AND i %% 5 = 0 THEN 486 ELSE 0 END, 1," \
  "       %" G_GINT64_FORMAT " + i * 613000000 + (i %% 7) * 37000000 + 65000000 " \
  "FROM n"

static struct {
  char         *directory;
  char         *path;
  ParloHistory *history;
} shared;

static gint64
query_int (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (shared.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return value;
}

/* The shared history: the store makes the file and its schema, sqlite fills it
 * in one statement (the store's triggers index every row for search), and the
 * store opens it again. */
static ParloHistory *
big_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  ParloHistory *history;
  sqlite3 *db = NULL;

  if (shared.history != NULL)
    return shared.history;

  shared.directory = g_dir_make_tmp ("parlo-history-model-XXXXXX", &error);
  g_assert_no_error (error);
  shared.path = g_build_filename (shared.directory, "history.db", NULL);
  history = parlo_history_open (shared.path, &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (history));
  g_object_unref (history);

  for (guint i = 0; i < G_N_ELEMENTS (rare_ids); i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? ", " : "", rare_ids[i]);
  sql = g_strdup_printf (FILL_SQL, N_CALLS, ids->str, ids->str,
                         FIRST_START, FIRST_START, FIRST_START, FIRST_START);
  g_test_timer_start ();
  g_assert_cmpint (sqlite3_open (shared.path, &db), ==, SQLITE_OK);
  /* Index pages stay in memory until the end: several times faster. */
  parlo_test_history_exec (db, "PRAGMA cache_size = -65536");
  parlo_test_history_exec (db, "BEGIN");
  parlo_test_history_exec (db, sql);
  parlo_test_history_exec (db, "COMMIT");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_test_message ("%d calls written in %.1f s", N_CALLS, g_test_timer_elapsed ());

  g_test_timer_start ();
  shared.history = parlo_history_open (shared.path, &error);
  g_assert_no_error (error);
  g_test_message ("opened in %.0f ms", g_test_timer_elapsed () * 1000);
  return shared.history;
}

/* The entry at position of model, asserted to be the call id as generated. */
static ParloHistoryEntry *
assert_item_is (ParloHistoryModel *model, guint position, gint64 id)
{
  ParloHistoryEntry *entry = g_list_model_get_item (G_LIST_MODEL (model), position);
  gboolean missed = IS_MISSED (id);
  gboolean busy = id % 3 != 0 && id % 5 == 0;

  g_assert_nonnull (entry);
  g_assert_true (PARLO_IS_HISTORY_ENTRY (entry));
  g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
  g_assert_cmpstr (parlo_history_entry_get_account (entry), ==, "sip:me@example.org");
  g_assert_cmpint (parlo_history_entry_get_direction (entry), ==,
                   id % 3 == 0 ? PARLO_CALL_DIRECTION_INCOMING : PARLO_CALL_DIRECTION_OUTGOING);
  if (is_rare (id))
    {
      g_assert_cmpstr (parlo_history_entry_get_peer_name (entry), ==, RARE_NAME);
      g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, RARE_URI);
    }
  else
    {
      g_autofree char *name = g_strdup_printf ("Person %u", (guint) (id % 1000));
      g_autofree char *uri = g_strdup_printf ("sip:p%u@example.org", (guint) (id % 1000));

      g_assert_cmpstr (parlo_history_entry_get_peer_name (entry), ==, name);
      g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, uri);
    }
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_started (entry)), ==, started_of (id));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), ==,
                   started_of (id) + 65 * G_USEC_PER_SEC);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_answered (entry)), ==,
                   missed || busy ? 0 : started_of (id) + 5 * G_USEC_PER_SEC);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==,
                   missed ? PARLO_HISTORY_RESULT_MISSED : busy ? PARLO_HISTORY_RESULT_BUSY
                          : PARLO_HISTORY_RESULT_ANSWERED);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (entry), ==, busy ? 486 : 0);
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==, missed || busy ? 0 : 60);
  return entry;
}

static void
test_first_page (void)
{
  ParloHistory *history = big_history ();
  g_autoptr(ParloHistoryModel) model = NULL;
  g_autoptr(ParloHistoryEntry) first = NULL;
  double created, shown;

  g_test_timer_start ();
  model = parlo_history_model_new (history);
  created = g_test_timer_elapsed ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CALLS);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (model)), ==, PARLO_TYPE_HISTORY_ENTRY);
  /* Knowing the length reads no rows. */
  g_assert_cmpuint (parlo_history_model_get_n_loaded (model), ==, 0);

  first = assert_item_is (model, 0, N_CALLS);
  shown = g_test_timer_elapsed ();
  g_assert_true (parlo_history_entry_get_starts_day (first));
  /* A screenful of rows, and still no more than a page or so read. */
  for (guint i = 1; i < 30; i++)
    g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, i, N_CALLS - i) });
  g_test_message ("model made in %.1f ms, first rows in %.1f ms, %u rows read",
                  created * 1000, shown * 1000, parlo_history_model_get_n_loaded (model));
  g_assert_cmpuint (parlo_history_model_get_n_loaded (model), >=, 30);
  g_assert_cmpuint (parlo_history_model_get_n_loaded (model), <=, PAGE_BOUND);
}

static void
test_random_access (void)
{
  g_autoptr(ParloHistoryModel) model = parlo_history_model_new (big_history ());
  guint loaded;

  /* The middle and the end, without what lies before them. */
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, N_CALLS / 2, N_CALLS - N_CALLS / 2) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, N_CALLS - 1, 1) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 123457, N_CALLS - 123457) });
  loaded = parlo_history_model_get_n_loaded (model);
  g_assert_cmpuint (loaded, >=, 3);
  g_assert_cmpuint (loaded, <=, 3 * PAGE_BOUND);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_CALLS));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), G_MAXUINT));
  /* Back to the top: still right after other pages were read. */
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 0, N_CALLS) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, N_CALLS / 2 + 1, N_CALLS - N_CALLS / 2 - 1) });
}

/* The local calendar day a call of the generator started on, as a number. */
static gint
local_day_of (gint64 id)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (started_of (id) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_get_year (local) * 1000 + g_date_time_get_day_of_year (local);
}

/* Whether the call at position of a list of calls newest first, before being
 * the call newer than it, starts a day. */
static gboolean
starts_day (gint64 id, gint64 newer_id, guint position)
{
  return position == 0 || local_day_of (id) != local_day_of (newer_id);
}

static void
test_starts_day (void)
{
  g_autoptr(ParloHistoryModel) model = parlo_history_model_new (big_history ());
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_days = 0, probes_true = 0, probes_false = 0;
  static const guint sizes[] = { 50, 64, 100, 128, 200, 256, 500, 1000 };

  /* Reading down from the top: about 141 calls a day. */
  for (gint64 id = N_CALLS; id > N_CALLS - 3000; id--)
    g_array_append_val (ids, id);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ParloHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 id = g_array_index (ids, gint64, i);
      gboolean expected = starts_day (id, id + 1, i);

      g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
      if (parlo_history_entry_get_starts_day (entry) != expected)
        g_error ("position %u (call %" G_GINT64_FORMAT "): starts_day %d, expected %d",
                 i, id, parlo_history_entry_get_starts_day (entry), expected);
      n_days += expected;
    }
  g_assert_cmpuint (n_days, >=, 3000 / 141);
  g_assert_cmpuint (n_days, <=, 3000 / 141 + 2);

  /* Jumping straight to rows that begin a page, whatever the page size: the first
   * row of a page knows the day of the row before it. Both answers, for each
   * size, each in a model that read nothing before. */
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int want = 0; want < 2; want++)
      {
        guint position = 600000 - 600000 % sizes[s];
        g_autoptr(ParloHistoryModel) fresh = parlo_history_model_new (big_history ());
        g_autoptr(ParloHistoryEntry) entry = NULL;
        gint64 id;

        while (starts_day (N_CALLS - position, N_CALLS - position + 1, position) != want)
          {
            position += sizes[s];
            g_assert_cmpuint (position, <, N_CALLS);
          }
        id = N_CALLS - position;
        entry = g_list_model_get_item (G_LIST_MODEL (fresh), position);
        g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
        if (parlo_history_entry_get_starts_day (entry) != want)
          g_error ("jump to position %u (call %" G_GINT64_FORMAT "): starts_day %d, expected %d",
                   position, id, parlo_history_entry_get_starts_day (entry), want);
        probes_true += want;
        probes_false += !want;
      }
  g_assert_cmpuint (probes_true, ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (probes_false, ==, G_N_ELEMENTS (sizes));

  /* Days of the missed calls only: about 23 a day, headings where they change. */
  parlo_history_model_set_missed_only (model, TRUE);
  n_days = 0;
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(ParloHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 id = NEWEST_MISSED - 6 * (gint64) i;
      gboolean expected = starts_day (id, id + 6, i);

      g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
      if (parlo_history_entry_get_starts_day (entry) != expected)
        g_error ("missed, position %u (call %" G_GINT64_FORMAT "): starts_day %d, expected %d",
                 i, id, parlo_history_entry_get_starts_day (entry), expected);
      n_days += expected;
    }
  g_assert_cmpuint (n_days, >=, 6000 / 141);
  g_assert_cmpuint (n_days, <=, 6000 / 141 + 2);
}

typedef struct {
  guint position, removed, added;
} Change;

typedef struct {
  GArray *log;       /* of Change */
  guint   n_items;   /* as the signals so far said */
} Changes;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Changes *changes)
{
  Change change = { position, removed, added };

  g_assert_cmpuint (position + removed, <=, changes->n_items);
  changes->n_items = changes->n_items - removed + added;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, changes->n_items);
  g_array_append_val (changes->log, change);
}

static void
watch_changes (ParloHistoryModel *model, Changes *changes)
{
  changes->log = g_array_new (FALSE, FALSE, sizeof (Change));
  changes->n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changes);
}

/* Exactly one report since the last look, forgotten now. */
static Change
take_change (Changes *changes)
{
  Change change;

  g_assert_cmpuint (changes->log->len, ==, 1);
  change = g_array_index (changes->log, Change, 0);
  g_array_set_size (changes->log, 0);
  return change;
}

/* One report, at position, that the list grew by delta (-1, 0 or 1) there; a
 * row that stays or is new at position is read again. A report may also take in
 * the row after position, whose day heading can depend on the change. */
static void
assert_change (Changes *changes, guint position, int delta)
{
  Change change = take_change (changes);

  g_test_message ("items-changed %u -%u +%u", change.position, change.removed, change.added);
  g_assert_cmpuint (change.position, ==, position);
  g_assert_cmpint ((int) change.added - (int) change.removed, ==, delta);
  if (delta >= 0)
    g_assert_cmpuint (change.added, >=, 1);
  g_assert_cmpuint (change.removed, <=, 2);
}

static void
assert_no_change (Changes *changes)
{
  g_assert_cmpuint (changes->log->len, ==, 0);
}

/* The whole list replaced at once. */
static void
assert_replaced (Changes *changes, guint removed, guint added)
{
  Change change = take_change (changes);

  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, removed);
  g_assert_cmpuint (change.added, ==, added);
}

static void
test_search (void)
{
  g_autoptr(ParloHistoryModel) model = parlo_history_model_new (big_history ());
  Changes changes;
  guint loaded_before;
  double elapsed;

  watch_changes (model, &changes);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 0, N_CALLS) });
  loaded_before = parlo_history_model_get_n_loaded (model);

  g_test_timer_start ();
  parlo_history_model_set_search (model, "Rarename");
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 0, rare_ids[0]) });
  elapsed = g_test_timer_elapsed ();
  g_test_message ("search for a rare name, first match in %.1f ms", elapsed * 1000);
  g_assert_cmpstr (parlo_history_model_get_search (model), ==, "Rarename");
  assert_replaced (&changes, N_CALLS, G_N_ELEMENTS (rare_ids));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, G_N_ELEMENTS (rare_ids));
  /* All of them, from anywhere in the history, newest first, each on a day of its own. */
  for (guint i = 0; i < G_N_ELEMENTS (rare_ids); i++)
    {
      g_autoptr(ParloHistoryEntry) entry = assert_item_is (model, i, rare_ids[i]);

      g_assert_true (parlo_history_entry_get_starts_day (entry));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), G_N_ELEMENTS (rare_ids)));
  g_assert_cmpuint (parlo_history_model_get_n_loaded (model) - loaded_before, <=, PAGE_BOUND);

  /* By address, in other case, and with the missed filter: the one in the middle. */
  parlo_history_model_set_search (model, "zebulon@rare");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  parlo_history_model_set_search (model, "rARENAME");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 2, 17) });
  parlo_history_model_set_missed_only (model, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 0, 424242) });
  parlo_history_model_set_missed_only (model, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_array_set_size (changes.log, 0);

  /* A common name: a thousand matches, paged like the whole list. */
  parlo_history_model_set_search (model, "Person 999");
  assert_replaced (&changes, 3, 1000);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 0, 999999) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 500, 499999) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 999, 999) });
  parlo_history_model_set_search (model, "sip:p999@");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  parlo_history_model_set_search (model, "Nobody by this name");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  /* No search is everything again. */
  g_array_set_size (changes.log, 0);
  parlo_history_model_set_search (model, "");
  g_assert_null (parlo_history_model_get_search (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CALLS);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 1, N_CALLS - 1) });
  assert_replaced (&changes, 0, N_CALLS);
  g_array_unref (changes.log);
}

static void
test_missed (void)
{
  g_autoptr(ParloHistoryModel) model = parlo_history_model_new (big_history ());
  gint64 in_file = query_int ("SELECT count(*) FROM calls WHERE result = 2");

  g_assert_cmpint (in_file, ==, N_MISSED);
  parlo_history_model_set_missed_only (model, TRUE);
  g_assert_true (parlo_history_model_get_missed_only (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, in_file);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 0, NEWEST_MISSED) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, 100000, NEWEST_MISSED - 600000) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (model, N_MISSED - 1, 6) });
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_MISSED));
  g_assert_cmpuint (parlo_history_model_get_n_loaded (model), <=, 3 * PAGE_BOUND);

  parlo_history_model_set_missed_only (model, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CALLS);
}

/* A store that holds a million calls is whole: checking it finds nothing. */
static void
test_intact (void)
{
  ParloHistory *history = big_history ();

  g_test_timer_start ();
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (history));
  g_test_message ("integrity check done %.1f s after the tests' own waiting began", g_test_timer_elapsed ());
  g_assert_null (parlo_history_get_recovery_message (history));
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, N_CALLS);
}

static gint64
add_call (ParloHistory *history, ParloCall *call)
{
  g_autoptr(GError) error = NULL;
  gint64 id = parlo_test_history_add (history, call, &error);

  g_assert_no_error (error);
  return id;
}

static void
delete_call (ParloHistory *history, gint64 id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parlo_history_delete (history, id, &error));
  g_assert_no_error (error);
}

/* Three lists over one history, and what each heard: all calls, missed ones and
 * a search. */
typedef struct {
  ParloHistoryModel *all, *missed, *rare;
  Changes            all_changes, missed_changes, rare_changes;
} Lists;

static void
lists_watch (Lists *l, ParloHistory *history)
{
  l->all = parlo_history_model_new (history);
  l->missed = parlo_history_model_new (history);
  l->rare = parlo_history_model_new (history);
  parlo_history_model_set_missed_only (l->missed, TRUE);
  parlo_history_model_set_search (l->rare, RARE_NAME);
  /* Rows already read, as a view would have them. */
  for (guint i = 0; i < 3; i++)
    {
      g_clear_object (&(ParloHistoryEntry *) { g_list_model_get_item (G_LIST_MODEL (l->all), i) });
      g_clear_object (&(ParloHistoryEntry *) { g_list_model_get_item (G_LIST_MODEL (l->missed), i) });
      g_clear_object (&(ParloHistoryEntry *) { g_list_model_get_item (G_LIST_MODEL (l->rare), i) });
    }
  watch_changes (l->all, &l->all_changes);
  watch_changes (l->missed, &l->missed_changes);
  watch_changes (l->rare, &l->rare_changes);
}

static void
lists_clear (Lists *l)
{
  g_array_unref (l->all_changes.log);
  g_array_unref (l->missed_changes.log);
  g_array_unref (l->rare_changes.log);
  g_clear_object (&l->all);
  g_clear_object (&l->missed);
  g_clear_object (&l->rare);
}

/* A call rings, then the caller gives up. */
static void
assert_call_missed (ParloHistory *history, Lists *l)
{
  g_autoptr(ParloCall) call = parlo_call_new ("new", "sip:me@example.org", PARLO_CALL_DIRECTION_INCOMING,
                                              RARE_URI, RARE_NAME);
  g_autoptr(ParloHistoryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* A call rings: new at the top of all calls and of the search, not missed yet. */
  id = add_call (history, call);
  g_assert_cmpint (id, ==, N_CALLS + 1);
  assert_change (&l->all_changes, 0, 1);
  assert_change (&l->rare_changes, 0, 1);
  assert_no_change (&l->missed_changes);
  entry = g_list_model_get_item (G_LIST_MODEL (l->all), 0);
  g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ONGOING);
  g_assert_true (parlo_history_entry_get_starts_day (entry));
  g_clear_object (&entry);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->all, 1, N_CALLS) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->rare, 1, rare_ids[0]) });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (l->missed)), ==, N_MISSED);

  /* The caller gives up: the row changes in place, and it is new at the top of
   * the missed calls. */
  parlo_call_end (call, PARLO_CALL_END_CANCELLED, 487, NULL);
  g_assert_true (parlo_test_history_update (history, id, call, &error));
  g_assert_no_error (error);
  assert_change (&l->all_changes, 0, 0);
  assert_change (&l->rare_changes, 0, 0);
  assert_change (&l->missed_changes, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (l->missed)), ==, N_MISSED + 1);
  entry = g_list_model_get_item (G_LIST_MODEL (l->missed), 0);
  g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_MISSED);
  g_clear_object (&entry);
  entry = g_list_model_get_item (G_LIST_MODEL (l->all), 0);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_MISSED);
  g_clear_object (&entry);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->missed, 1, NEWEST_MISSED) });
}

static void
assert_calls_deleted (ParloHistory *history, Lists *l)
{
  guint position;

  /* An old missed call is deleted: each list loses it where it was. */
  delete_call (history, 600000);
  position = 1 + (NEWEST_MISSED - 600000) / 6;
  assert_change (&l->all_changes, N_CALLS + 1 - 600000, -1);
  assert_change (&l->missed_changes, position, -1);
  assert_no_change (&l->rare_changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (l->missed)), ==, N_MISSED);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->missed, position, 600000 - 6) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->missed, position - 1, 600000 + 6) });
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->all, N_CALLS + 1 - 600000, 600000 - 1) });

  /* The rare call in the middle, a missed one, goes from all three. */
  delete_call (history, 424242);
  assert_change (&l->all_changes, N_CALLS + 1 - 424242 - 1, -1);
  assert_change (&l->missed_changes, (NEWEST_MISSED - 424242) / 6, -1);
  assert_change (&l->rare_changes, 2, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (l->rare)), ==, 3);
  g_clear_object (&(ParloHistoryEntry *) { assert_item_is (l->rare, 2, 17) });

  /* The oldest rare call, last in its list. */
  delete_call (history, 17);
  assert_change (&l->rare_changes, 2, -1);
  assert_change (&l->all_changes, N_CALLS - 18, -1);
  assert_no_change (&l->missed_changes);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (l->rare), 2));
}

/* The newest call of a day is deleted; returns it. */
static gint64
assert_day_start_deleted (ParloHistory *history, Lists *l)
{
  g_autoptr(ParloHistoryEntry) entry = NULL;
  guint position;
  gint64 day_start;

  /* The newest call of a day goes: the call after it now starts that day, and
   * the report takes it in, so a view shows the day's heading over it. */
  for (day_start = 700000; starts_day (day_start, day_start + 1, 1); day_start--)
    ;
  while (!starts_day (day_start, day_start + 1, 1))
    day_start--;
  g_assert_false (starts_day (day_start - 1, day_start, 1));
  position = N_CALLS + 1 - day_start;   /* the calls deleted so far are all older */
  entry = assert_item_is (l->all, position + 1, day_start - 1);
  g_assert_false (parlo_history_entry_get_starts_day (entry));
  g_clear_object (&entry);
  delete_call (history, day_start);
  {
    Change change = take_change (&l->all_changes);

    g_assert_cmpuint (change.position, ==, position);
    g_assert_cmpint ((int) change.added - (int) change.removed, ==, -1);
    g_assert_cmpuint (change.added, >=, 1);
  }
  entry = assert_item_is (l->all, position, day_start - 1);
  g_assert_true (parlo_history_entry_get_starts_day (entry));
  g_clear_object (&entry);
  if (IS_MISSED (day_start))
    assert_change (&l->missed_changes, 1 + (NEWEST_MISSED - day_start) / 6, -1);
  else
    assert_no_change (&l->missed_changes);
  assert_no_change (&l->rare_changes);
  return day_start;
}

/* Calls that come, end and go, seen by three lists at once: all calls, missed
 * ones and a search. Each list hears of a change at its own position. */
static void
test_changes (void)
{
  ParloHistory *history = big_history ();
  g_autoptr(GError) error = NULL;
  Lists l;
  gint64 day_start;

  lists_watch (&l, history);
  assert_call_missed (history, &l);
  assert_calls_deleted (history, &l);
  day_start = assert_day_start_deleted (history, &l);

  /* All gone at once. */
  g_assert_true (parlo_history_clear (history, &error));
  g_assert_no_error (error);
  assert_replaced (&l.all_changes, N_CALLS - 3, 0);
  assert_replaced (&l.missed_changes, N_MISSED - 1 - IS_MISSED (day_start), 0);
  assert_replaced (&l.rare_changes, 2, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (l.all), 0));

  lists_clear (&l);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/model/first-page", test_first_page);
  g_test_add_func ("/history/model/random-access", test_random_access);
  g_test_add_func ("/history/model/starts-day", test_starts_day);
  g_test_add_func ("/history/model/search", test_search);
  g_test_add_func ("/history/model/missed", test_missed);
  g_test_add_func ("/history/model/intact", test_intact);
  /* Last: it changes the shared history. */
  g_test_add_func ("/history/model/changes", test_changes);
  status = g_test_run ();

  if (shared.history != NULL)
    {
      PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (shared.history));
      g_clear_object (&shared.history);
    }
  if (shared.directory != NULL)
    parlo_test_remove_tree (shared.directory);
  g_free (shared.directory);
  g_free (shared.path);
  return status;
}
