/* parlo-test-history.c — the history tests' folders and stores, and looking into
 * a history file from outside the program that writes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "parlo-test.h"
#include "parlo-test-history.h"
#include "parlo-util.h"
#include "model/parlo-call-private.h"
#include "model/parlo-history-recorder.h"

/* A writer may hold its lock for a moment: wait that long for it. */
#define BUSY_TIMEOUT_MS 5000

static sqlite3 *
open_connection (const char *path, int flags)
{
  sqlite3 *db = NULL;
  int status = sqlite3_open_v2 (path, &db, flags, NULL);

  if (status != SQLITE_OK)
    g_error ("Could not open %s: %s", path, db ? sqlite3_errmsg (db) : sqlite3_errstr (status));
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

void
parlo_test_history_set_up (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("parlo-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->directory, "history.db", NULL);
}

void
parlo_test_history_tear_down (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  parlo_test_remove_tree (fixture->directory);
  g_free (fixture->directory);
  g_free (fixture->path);
}

ParloHistory *
parlo_test_history_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  ParloHistory *history = parlo_history_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (history);
  return history;
}

void
parlo_test_history_close (ParloHistory **history)
{
  GObject *object = G_OBJECT (*history);

  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (*history));
  g_object_add_weak_pointer (object, (gpointer *) &object);
  g_clear_object (history);
  /* The thread that checked lets go of it a moment later. */
  PARLO_TEST_WAIT_UNTIL (object == NULL);
}

void
parlo_test_history_close_unref (ParloHistory *history)
{
  parlo_test_history_close (&history);
}

gint64
parlo_test_history_add (ParloHistory *history, ParloCall *call, GError **error)
{
  return parlo_history_add (history, call, parlo_history_recorder_result_of (call),
                            parlo_history_recorder_reason_of (call),
                            parlo_history_recorder_media_of (call), error);
}

gboolean
parlo_test_history_update (ParloHistory *history, gint64 id, ParloCall *call, GError **error)
{
  return parlo_history_update (history, id, call, parlo_history_recorder_result_of (call),
                               parlo_history_recorder_reason_of (call),
                               parlo_history_recorder_media_of (call), error);
}

gint64
parlo_test_history_add_ended_call (ParloHistory *history, const char *uri, const char *name)
{
  g_autoptr(ParloCall) call = parlo_call_new (uri, "sip:me@example.org", PARLO_CALL_DIRECTION_OUTGOING, uri, name);
  g_autoptr(GError) error = NULL;
  gint64 id = parlo_test_history_add (history, call, &error);

  g_assert_no_error (error);
  parlo_call_end (call, PARLO_CALL_END_CANCELLED, 0, NULL);
  g_assert_true (parlo_test_history_update (history, id, call, &error));
  g_assert_no_error (error);
  return id;
}

char *
parlo_test_history_integrity (const char *path)
{
  sqlite3 *db = open_connection (path, SQLITE_OPEN_READONLY);
  g_autoptr(GString) verdict = g_string_new (NULL);
  sqlite3_stmt *statement = NULL;
  int status;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &statement, NULL), ==, SQLITE_OK);
  while ((status = sqlite3_step (statement)) == SQLITE_ROW)
    {
      if (verdict->len > 0)
        g_string_append_c (verdict, '\n');
      g_string_append (verdict, (const char *) sqlite3_column_text (statement, 0));
    }
  if (status != SQLITE_DONE)
    g_string_append_printf (verdict, "%sintegrity_check failed: %s",
                            verdict->len ? "\n" : "", sqlite3_errmsg (db));
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&verdict), FALSE);
}

ParloHistory *
parlo_test_history_open_copy (const char *path, const char *directory)
{
  static guint copies;
  g_autofree char *name = g_strdup_printf ("copy-%u.db", ++copies);
  g_autofree char *copy_path = g_build_filename (directory, name, NULL);
  sqlite3 *source = open_connection (path, SQLITE_OPEN_READONLY);
  sqlite3 *copy = open_connection (copy_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup *backup = sqlite3_backup_init (copy, "main", source, "main");
  g_autoptr(GError) error = NULL;
  ParloHistory *history;
  int status;

  g_assert_nonnull (backup);
  /* Busy or locked: the writer is in the middle of a write; try again. */
  while ((status = sqlite3_backup_step (backup, -1)) == SQLITE_BUSY || status == SQLITE_LOCKED)
    g_usleep (10 * 1000);
  g_assert_cmpint (status, ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_backup_finish (backup), ==, SQLITE_OK);
  sqlite3_close (source);
  sqlite3_close (copy);

  history = parlo_history_open (copy_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  return history;
}

ParloHistoryEntry *
parlo_test_history_only_entry (ParloHistory *history)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 1);
  entries = parlo_history_fetch (history, NULL, FALSE, 0, 10);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
  return g_object_ref (g_ptr_array_index (entries, 0));
}

gint64
parlo_test_history_usec (GDateTime *time)
{
  return time != NULL ? parlo_date_time_to_unix_usec (time) : 0;
}

void
parlo_test_history_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}
