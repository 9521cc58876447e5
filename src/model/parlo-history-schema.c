/* parlo-history-schema.c — the call history's file: its schema, opening it,
 * and recovering from damage and from a run that stopped
 *
 * One file in the user data directory, in WAL mode: a write that returned
 * survives the app being killed the next instant (synchronous=NORMAL keeps
 * that for process crashes; only a power cut can lose the last moments).
 * PRAGMA user_version is the schema version; older files are migrated one
 * step at a time in a transaction each.
 *
 * A damaged file is moved aside and a fresh one started, and the store says
 * so in words: nothing is deleted. Garbage is noticed on open; damage deeper in
 * the file is found by PRAGMA integrity_check, which reads the whole file and
 * so runs in a thread with its own connection once the store is open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "parlo-history-private.h"

#define BUSY_TIMEOUT_MS 2000

/* Kept as it was written for version 2: a later version that changes the
 * triggers adds a migration of its own. */
#define CALL_TRIGGERS \
  "CREATE TRIGGER calls_after_insert AFTER INSERT ON calls BEGIN" \
  "  INSERT INTO calls_search (rowid, peer_name, peer_uri) VALUES (new.id, new.peer_name, new.peer_uri);" \
  "  INSERT INTO peers (uri, name, calls, last) VALUES (new.peer_uri, new.peer_name, 1, new.started)" \
  "    ON CONFLICT (uri) DO UPDATE SET calls = calls + 1, last = MAX (last, excluded.last)," \
  "                                   name = COALESCE (excluded.name, name);" \
  "END;" \
  "CREATE TRIGGER calls_after_rename AFTER UPDATE OF peer_name ON calls" \
  "  WHEN old.peer_name IS NOT new.peer_name BEGIN" \
  "  INSERT INTO calls_search (calls_search, rowid, peer_name, peer_uri)" \
  "    VALUES ('delete', old.id, old.peer_name, old.peer_uri);" \
  "  INSERT INTO calls_search (rowid, peer_name, peer_uri) VALUES (new.id, new.peer_name, new.peer_uri);" \
  "  UPDATE peers SET name = new.peer_name WHERE uri = new.peer_uri AND new.peer_name IS NOT NULL;" \
  "END;" \
  "CREATE TRIGGER calls_after_delete AFTER DELETE ON calls BEGIN" \
  "  INSERT INTO calls_search (calls_search, rowid, peer_name, peer_uri)" \
  "    VALUES ('delete', old.id, old.peer_name, old.peer_uri);" \
  "  UPDATE peers SET calls = calls - 1 WHERE uri = old.peer_uri;" \
  "  DELETE FROM peers WHERE uri = old.peer_uri AND calls <= 0;" \
  "END;"

#define DROP_CALL_TRIGGERS \
  "DROP TRIGGER calls_after_insert; DROP TRIGGER calls_after_rename; DROP TRIGGER calls_after_delete;"

/* Each as it was released, to the byte: files on people's disks ran this text,
 * and the history tests hold its checksums. */
const char *const parlo_history_migrations[] = {
  /* 1: the calls. Times are µs since the Unix epoch. */
  "CREATE TABLE calls (id INTEGER PRIMARY KEY, account TEXT NOT NULL, direction INTEGER NOT NULL,"
  "                    peer_uri TEXT NOT NULL, peer_name TEXT, started INTEGER NOT NULL,"
  "                    answered INTEGER, ended INTEGER, result INTEGER NOT NULL,"
  "                    sip_status INTEGER NOT NULL DEFAULT 0, seen INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX calls_result ON calls (result);",

  /* 2: why a call failed, when a live call was last known to be going (for an end
   * time after a crash), search by name or number, and the peers for contacts. */
  "ALTER TABLE calls ADD COLUMN reason TEXT;"
  "ALTER TABLE calls ADD COLUMN updated INTEGER;"
  "CREATE INDEX calls_peer ON calls (peer_uri);"
  "CREATE INDEX calls_unseen_missed ON calls (id) WHERE " PARLO_HISTORY_UNSEEN_MISSED_TERM ";"
  "CREATE VIRTUAL TABLE calls_search USING fts5 (peer_name, peer_uri, content = 'calls',"
  "                                             content_rowid = 'id', tokenize = 'trigram');"
  "INSERT INTO calls_search (calls_search) VALUES ('rebuild');"
  "CREATE TABLE peers (uri TEXT PRIMARY KEY, name TEXT, calls INTEGER NOT NULL, last INTEGER NOT NULL)"
  "  WITHOUT ROWID;"
  "INSERT INTO peers (uri, calls, last) SELECT peer_uri, COUNT (*), MAX (started) FROM calls GROUP BY peer_uri;"
  "UPDATE peers SET name = named.peer_name"
  "  FROM (SELECT peer_uri, peer_name, MAX (id) FROM calls WHERE peer_name IS NOT NULL GROUP BY peer_uri) AS named"
  "  WHERE named.peer_uri = peers.uri;"
  CALL_TRIGGERS,

  /* 3: what went wrong with the audio (ParloHistoryMedia): refused for want of
   * encryption, or the peer's audio stopped arriving. */
  "ALTER TABLE calls ADD COLUMN media INTEGER NOT NULL DEFAULT 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (parlo_history_migrations) == PARLO_HISTORY_SCHEMA_VERSION);

static gboolean
is_damage (int code)
{
  code &= 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

void
parlo_history_set_error (GError **error, sqlite3 *db, ParloHistoryError code, const char *what)
{
  g_set_error (error, PARLO_HISTORY_ERROR, code, "%s: %s", what, sqlite3_errmsg (db));
}

gboolean
parlo_history_exec (sqlite3 *db, const char *sql, GError **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  parlo_history_set_error (error, db, PARLO_HISTORY_ERROR_WRITE, _("Could not update the call history"));
  return FALSE;
}

static gint64
query_int (sqlite3 *db, const char *sql, int *code)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  *code = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (*code == SQLITE_OK)
    {
      *code = sqlite3_step (stmt);
      if (*code == SQLITE_ROW)
        {
          value = sqlite3_column_int64 (stmt, 0);
          *code = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
migrate (sqlite3 *db, GError **error)
{
  int code;
  gint64 version = query_int (db, "PRAGMA user_version", &code);

  if (code != SQLITE_OK)
    {
      parlo_history_set_error (error, db, PARLO_HISTORY_ERROR_OPEN, _("Could not read the call history"));
      return FALSE;
    }
  if (version > PARLO_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_OPEN,
                   _("The call history was written by a newer version of Parlo"));
      return FALSE;
    }
  for (; version < PARLO_HISTORY_SCHEMA_VERSION; version++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE; %s PRAGMA user_version = %" G_GINT64_FORMAT "; COMMIT;",
                                              parlo_history_migrations[version], version + 1);

      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        {
          parlo_history_set_error (error, db, PARLO_HISTORY_ERROR_OPEN, _("Could not update the call history to this version"));
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      g_debug ("Call history migrated to version %" G_GINT64_FORMAT, version + 1);
    }
  return TRUE;
}

/* Opens and migrates; *damaged tells a damaged file from one that cannot be opened. */
static sqlite3 *
open_database (const char *path, gboolean *damaged, GError **error)
{
  sqlite3 *db = NULL;
  int code;

  *damaged = FALSE;
  code = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (code == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      /* The first statement that reads the file: garbage shows up here. */
      code = sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL);
    }
  if (code == SQLITE_OK)
    query_int (db, "SELECT COUNT (*) FROM sqlite_schema", &code);
  if (code != SQLITE_OK)
    {
      *damaged = is_damage (code);
      g_set_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_OPEN, _("Could not open the call history at %s: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  if (!migrate (db, error))
    {
      *damaged = is_damage (sqlite3_errcode (db));
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Moves the file and its write-ahead log to a dated name next to it; the new name. */
static char *
move_aside (const char *path, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);

  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, n);
    }
  if (g_rename (path, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_OPEN,
                   _("The call history at %s is damaged and could not be moved aside: %s"),
                   path, g_strerror (saved_errno));
      return NULL;
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *suffix = i == 0 ? "-wal" : "-shm";
      g_autofree char *from = g_strconcat (path, suffix, NULL);
      g_autofree char *to = g_strconcat (aside, suffix, NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_warning ("Could not move %s aside: %s", from, g_strerror (errno));
    }
  return g_steal_pointer (&aside);
}

/* What the store says after moving a damaged file aside, and logs. */
static char *
moved_aside_message (const char *aside)
{
  char *message = g_strdup_printf (_("The call history was damaged. It was moved to %s and a new history was started."),
                                   aside);

  g_warning ("%s", message);
  return message;
}

/* Opens path; a damaged file is moved aside and a fresh one opened in its place. */
static sqlite3 *
open_or_recover (const char *path, char **recovery_message, GError **error)
{
  g_autoptr(GError) damage = NULL;
  g_autofree char *aside = NULL;
  gboolean damaged;
  sqlite3 *db = open_database (path, &damaged, &damage);

  if (db != NULL)
    return db;
  if (!damaged)
    {
      g_propagate_error (error, g_steal_pointer (&damage));
      return NULL;
    }
  g_debug ("%s", damage->message);
  aside = move_aside (path, error);
  if (aside == NULL)
    return NULL;
  db = open_database (path, &damaged, error);
  if (db != NULL)
    *recovery_message = moved_aside_message (aside);
  return db;
}

sqlite3 *
parlo_history_schema_open (const char *path, char **recovery_message, GError **error)
{
  *recovery_message = NULL;
  if (!g_str_equal (path, ":memory:"))
    {
      g_autofree char *folder = g_path_get_dirname (path);

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_OPEN,
                       _("Could not create the folder for the call history, %s: %s"), folder, g_strerror (saved_errno));
          return NULL;
        }
    }
  return open_or_recover (path, recovery_message, error);
}

sqlite3 *
parlo_history_schema_replace_damaged (sqlite3 *db, const char *path, char **recovery_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  gboolean damaged;

  sqlite3_close (db);
  db = NULL;
  aside = move_aside (path, &error);
  if (aside != NULL)
    db = open_database (path, &damaged, &error);
  if (db != NULL)
    {
      *recovery_message = moved_aside_message (aside);
      return db;
    }
  /* The file stays where it was; this run keeps its calls in memory. */
  g_warning ("%s", error->message);
  sqlite3_open (":memory:", &db);
  migrate (db, NULL);
  *recovery_message = g_strdup_printf (_("The call history is damaged: %s. Calls of this session will not be kept."),
                                       error->message);
  return db;
}

void
parlo_history_schema_close_interrupted (sqlite3 *db)
{
  g_autoptr(GError) error = NULL;

  if (!parlo_history_exec (db, "UPDATE calls SET result = " G_STRINGIFY (PARLO_HISTORY_STORED_INTERRUPTED) ","
                               " ended = COALESCE (updated, answered, started)"
                               " WHERE result = " G_STRINGIFY (PARLO_HISTORY_STORED_ONGOING), &error))
    g_warning ("%s", error->message);
  else if (sqlite3_changes (db) > 0)
    g_debug ("%d calls of the last run were interrupted", sqlite3_changes (db));
}

gboolean
parlo_history_schema_empty (sqlite3 *db, GError **error)
{
  /* Without triggers sqlite empties the table at once instead of row by row. */
  if (parlo_history_exec (db, "BEGIN IMMEDIATE;" DROP_CALL_TRIGGERS
                              "DELETE FROM calls;"
                              "INSERT INTO calls_search (calls_search) VALUES ('delete-all');"
                              "DELETE FROM peers;" CALL_TRIGGERS "COMMIT;", error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
check_in_thread (GTask *task, gpointer source, gpointer path, GCancellable *cancellable)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int code = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  gboolean intact = FALSE;
  g_autofree char *failure = NULL;

  if (code == SQLITE_OK)
    sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (code == SQLITE_OK)
    code = sqlite3_prepare_v2 (db, "PRAGMA integrity_check (1)", -1, &stmt, NULL);
  if (code == SQLITE_OK)
    code = sqlite3_step (stmt);
  if (code == SQLITE_ROW)
    intact = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  else if (!is_damage (code))
    failure = g_strdup (sqlite3_errmsg (db));
  /* Let go of the file before anyone hears the answer. */
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (failure != NULL)
    g_task_return_new_error (task, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_READ, "%s", failure);
  else
    g_task_return_boolean (task, intact);
}

void
parlo_history_schema_check_async (gpointer            source_object,
                                  const char         *path,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, NULL, callback, user_data);

  g_task_set_source_tag (task, parlo_history_schema_check_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, check_in_thread);
}

gboolean
parlo_history_schema_check_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Folds the write-ahead log into the file and empties it: a copy of the file
 * alone then has every call. */
gboolean
parlo_history_schema_checkpoint (sqlite3 *db, GError **error)
{
  if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) == SQLITE_OK)
    return TRUE;
  parlo_history_set_error (error, db, PARLO_HISTORY_ERROR_WRITE, _("Could not write the call history to its file"));
  return FALSE;
}

/* Why the last write failed, as a person reads it. */
char *
parlo_history_schema_write_problem (sqlite3 *db)
{
  if (sqlite3_errcode (db) == SQLITE_FULL)
    return g_strdup (_("Call history could not be saved: the disk is full. Calls are saved again once there is space."));
  return g_strdup_printf (_("Call history could not be saved: %s"), sqlite3_errmsg (db));
}
