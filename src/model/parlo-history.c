/* parlo-history.c — the call history store (sqlite): writing records and the
 * queries behind the lists, the search and the contacts
 *
 * The file itself, its schema, opening and recovery, is parlo-history-schema.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "config.h"

#include <glib/gi18n.h>

#include "parlo-contact.h"
#include "parlo-history-private.h"
#include "parlo-util.h"

#define WEEK_US (7 * G_TIME_SPAN_DAY)

#define ENTRY_COLUMNS \
  "id, account, direction, peer_uri, peer_name, started, answered, ended, result, sip_status, reason, media, seen"

struct _ParloHistory
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *statements;        /* SQL text → prepared sqlite3_stmt */
  char        *recovery_message;
  char        *write_problem;
  guint        unseen_missed;
  gboolean     checked;
};

enum {
  PROP_0,
  PROP_RECOVERY_MESSAGE,
  PROP_UNSEEN_MISSED,
  PROP_CHECKED,
  PROP_WRITE_PROBLEM,
  N_PROPS
};

enum {
  SIGNAL_ADDED,
  SIGNAL_CHANGED,
  SIGNAL_REMOVED,
  SIGNAL_CLEARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (parlo-history-error-quark, parlo_history_error)
G_DEFINE_FINAL_TYPE (ParloHistory, parlo_history, G_TYPE_OBJECT)

/* A cached statement for sql, reset and ready for binding; NULL with a warning on failure. */
static sqlite3_stmt *
statement (ParloHistory *self, const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Call history query failed: %s", sqlite3_errmsg (self->db));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Ends the statement's read: a statement left on a row keeps a read transaction
 * open, and with one open the write-ahead log can never be folded into the file. */
static void
done (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

static void
forget_statements (ParloHistory *self)
{
  g_hash_table_remove_all (self->statements);
}

static void
update_unseen_missed (ParloHistory *self)
{
  sqlite3_stmt *stmt = statement (self, "SELECT COUNT (*) FROM calls " PARLO_HISTORY_UNSEEN_MISSED);
  guint count = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  done (stmt);
  if (count == self->unseen_missed)
    return;
  self->unseen_missed = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSEEN_MISSED]);
}

static void
set_recovery_message (ParloHistory *self, char *message)
{
  g_free (self->recovery_message);
  self->recovery_message = message;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOVERY_MESSAGE]);
}

/* Whether the last write worked; a person is told when writing stops working
 * (a full disk, say) and when it works again. */
static void
note_write (ParloHistory *self, gboolean written)
{
  g_autofree char *problem = written ? NULL : parlo_history_schema_write_problem (self->db);

  if (g_strcmp0 (problem, self->write_problem) == 0)
    return;
  if (problem != NULL && self->write_problem == NULL)
    g_warning ("%s", problem);
  else if (problem == NULL)
    g_debug ("The call history is written again");
  g_free (self->write_problem);
  self->write_problem = g_steal_pointer (&problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_PROBLEM]);
}

static void
recover_from_damage (ParloHistory *self)
{
  char *message = NULL;

  forget_statements (self);
  self->db = parlo_history_schema_replace_damaged (self->db, self->path, &message);
  set_recovery_message (self, message);
  update_unseen_missed (self);
  g_signal_emit (self, signals[SIGNAL_CLEARED], 0);
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloHistory *self = PARLO_HISTORY (source);
  g_autoptr(GError) error = NULL;
  gboolean intact = parlo_history_schema_check_finish (result, &error);

  if (error != NULL)
    g_warning ("Could not check the call history: %s", error->message);
  else if (!intact)
    recover_from_damage (self);
  else
    g_debug ("Call history %s is intact", self->path);
  self->checked = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);
}

char *
parlo_history_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "parlo", "history.db", NULL);
}

ParloHistory *
parlo_history_open (const char *path, GError **error)
{
  g_autoptr(ParloHistory) self = g_object_new (PARLO_TYPE_HISTORY, NULL);
  char *recovery_message = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->db = parlo_history_schema_open (path, &recovery_message, error);
  if (self->db == NULL)
    return NULL;
  if (recovery_message != NULL)
    set_recovery_message (self, recovery_message);
  parlo_history_schema_close_interrupted (self->db);
  update_unseen_missed (self);
  if (g_str_equal (path, ":memory:"))
    self->checked = TRUE;
  else
    parlo_history_schema_check_async (self, path, on_checked, NULL);
  return g_steal_pointer (&self);
}

const char *
parlo_history_get_path (ParloHistory *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);
  return self->path;
}

const char *
parlo_history_get_recovery_message (ParloHistory *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);
  return self->recovery_message;
}

gboolean
parlo_history_get_checked (ParloHistory *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);
  return self->checked;
}

static gint64
time_us (GDateTime *time)
{
  return time != NULL ? parlo_date_time_to_unix_usec (time) : 0;
}

static void
bind_time (sqlite3_stmt *stmt, int column, GDateTime *time)
{
  if (time != NULL)
    sqlite3_bind_int64 (stmt, column, parlo_date_time_to_unix_usec (time));
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_text (sqlite3_stmt *stmt, int column, const char *text)
{
  sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

gint64
parlo_history_add (ParloHistory       *self,
                   ParloCall          *call,
                   ParloHistoryResult  result,
                   const char         *reason,
                   ParloHistoryMedia   media,
                   GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 id;
  int code;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), 0);
  g_return_val_if_fail (PARLO_IS_CALL (call), 0);

  stmt = statement (self, "INSERT INTO calls (account, direction, peer_uri, peer_name, started, answered, ended,"
                          " result, sip_status, reason, seen, updated, media)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (stmt == NULL)
    {
      parlo_history_set_error (error, self->db, PARLO_HISTORY_ERROR_WRITE, _("Could not record the call"));
      return 0;
    }
  bind_text (stmt, 1, parlo_call_get_account (call));
  sqlite3_bind_int (stmt, 2, parlo_call_get_direction (call));
  bind_text (stmt, 3, parlo_call_get_peer_uri (call));
  bind_text (stmt, 4, parlo_call_get_peer_name (call));
  sqlite3_bind_int64 (stmt, 5, time_us (parlo_call_get_started (call)));
  bind_time (stmt, 6, parlo_call_get_answered (call));
  bind_time (stmt, 7, parlo_call_get_ended (call));
  sqlite3_bind_int (stmt, 8, result);
  sqlite3_bind_int (stmt, 9, parlo_call_get_end_status (call));
  bind_text (stmt, 10, reason);
  sqlite3_bind_int (stmt, 11, result != PARLO_HISTORY_RESULT_MISSED);
  sqlite3_bind_int64 (stmt, 12, g_get_real_time ());
  sqlite3_bind_int (stmt, 13, media);
  code = sqlite3_step (stmt);
  done (stmt);
  note_write (self, code == SQLITE_DONE);
  if (code != SQLITE_DONE)
    {
      parlo_history_set_error (error, self->db, PARLO_HISTORY_ERROR_WRITE, _("Could not record the call"));
      return 0;
    }
  id = sqlite3_last_insert_rowid (self->db);
  update_unseen_missed (self);
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, id);
  return id;
}

/* Runs a write statement about one entry; FALSE with error when it did not apply. */
static gboolean
write_entry (ParloHistory *self, sqlite3_stmt *stmt, GError **error)
{
  int code = stmt != NULL ? sqlite3_step (stmt) : SQLITE_ERROR;

  done (stmt);
  note_write (self, code == SQLITE_DONE);
  if (code != SQLITE_DONE)
    {
      parlo_history_set_error (error, self->db, PARLO_HISTORY_ERROR_WRITE, _("Could not update the call history"));
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_WRITE,
                           _("The call is no longer in the call history"));
      return FALSE;
    }
  return TRUE;
}

gboolean
parlo_history_update (ParloHistory       *self,
                      gint64              id,
                      ParloCall          *call,
                      ParloHistoryResult  result,
                      const char         *reason,
                      ParloHistoryMedia   media,
                      GError            **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (PARLO_IS_CALL (call), FALSE);

  /* A call becomes unseen the moment it turns out missed, and only then. */
  stmt = statement (self, "UPDATE calls SET peer_name = ?1, answered = ?2, ended = ?3, result = ?4,"
                          " sip_status = ?5, reason = ?6, updated = ?7, media = ?9,"
                          " seen = CASE WHEN ?4 = " G_STRINGIFY (PARLO_HISTORY_STORED_MISSED)
                          " AND result != " G_STRINGIFY (PARLO_HISTORY_STORED_MISSED) " THEN 0 ELSE seen END"
                          " WHERE id = ?8");
  if (stmt != NULL)
    {
      bind_text (stmt, 1, parlo_call_get_peer_name (call));
      bind_time (stmt, 2, parlo_call_get_answered (call));
      bind_time (stmt, 3, parlo_call_get_ended (call));
      sqlite3_bind_int (stmt, 4, result);
      sqlite3_bind_int (stmt, 5, parlo_call_get_end_status (call));
      bind_text (stmt, 6, reason);
      sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 8, id);
      sqlite3_bind_int (stmt, 9, media);
    }
  if (!write_entry (self, stmt, error))
    return FALSE;
  update_unseen_missed (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id);
  return TRUE;
}

gboolean
parlo_history_touch (ParloHistory *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);

  stmt = statement (self, "UPDATE calls SET updated = ?1 WHERE id = ?2");
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 2, id);
    }
  return write_entry (self, stmt, error);
}

gboolean
parlo_history_delete (ParloHistory *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);

  stmt = statement (self, "DELETE FROM calls WHERE id = ?1");
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  if (!write_entry (self, stmt, error))
    return FALSE;
  update_unseen_missed (self);
  g_signal_emit (self, signals[SIGNAL_REMOVED], 0, id);
  return TRUE;
}

gboolean
parlo_history_clear (ParloHistory *self, GError **error)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);

  forget_statements (self);
  if (!parlo_history_schema_empty (self->db, error))
    return FALSE;
  update_unseen_missed (self);
  g_signal_emit (self, signals[SIGNAL_CLEARED], 0);
  return TRUE;
}

/* A text column as UTF-8: a damaged file can hold any bytes, and what a
 * person reads must be text (invalid bytes become U+FFFD). */
static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_utf8_make_valid (text, -1) : NULL;
}

static ParloHistoryEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  g_autofree char *account = column_text (stmt, 1);
  g_autofree char *peer_uri = column_text (stmt, 3);
  g_autofree char *peer_name = column_text (stmt, 4);
  g_autofree char *reason = column_text (stmt, 10);

  return parlo_history_entry_new (sqlite3_column_int64 (stmt, 0), account, sqlite3_column_int (stmt, 2),
                                  peer_uri, peer_name,
                                  sqlite3_column_int64 (stmt, 5),
                                  sqlite3_column_int64 (stmt, 6),
                                  sqlite3_column_int64 (stmt, 7),
                                  sqlite3_column_int (stmt, 8),
                                  sqlite3_column_int (stmt, 9),
                                  reason,
                                  sqlite3_column_int (stmt, 11),
                                  sqlite3_column_int (stmt, 12));
}

/* The entry on the statement's one row, or NULL. */
static ParloHistoryEntry *
entry_of_step (sqlite3_stmt *stmt)
{
  ParloHistoryEntry *entry = sqlite3_step (stmt) == SQLITE_ROW ? entry_from_row (stmt) : NULL;

  done (stmt);
  return entry;
}

ParloHistoryEntry *
parlo_history_lookup (ParloHistory *self, gint64 id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);

  stmt = statement (self, "SELECT " ENTRY_COLUMNS " FROM calls WHERE id = ?1");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return entry_of_step (stmt);
}

static sqlite3_stmt *
filtered_statement (ParloHistory *self, const ParloHistoryFilter *filter, const char *what, const char *rest)
{
  g_autofree char *sql = parlo_history_filter_sql (filter, what, rest);
  sqlite3_stmt *stmt = statement (self, sql);

  if (stmt != NULL)
    parlo_history_filter_bind (filter, stmt);
  return stmt;
}

static guint
step_count (sqlite3_stmt *stmt)
{
  guint count = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;

  done (stmt);
  return count;
}

guint
parlo_history_count (ParloHistory *self, const char *search, gboolean missed_only)
{
  g_auto(ParloHistoryFilter) filter = parlo_history_filter_new (search, missed_only);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), 0);

  if (filter.term == NULL || missed_only || parlo_history_filter_uses_index (&filter))
    return step_count (filtered_statement (self, &filter, "COUNT (*)", ""));
  /* A short search matches much of the history: the peers know their calls' number. */
  stmt = statement (self, "SELECT COALESCE (SUM (calls), 0) FROM peers WHERE " PARLO_HISTORY_PEER_MATCHES);
  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, parlo_history_like_pattern (filter.term), -1, g_free);
  return step_count (stmt);
}

static GPtrArray *
fetch_rows (ParloHistory *self, sqlite3_stmt *stmt)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);
  int code;

  if (stmt == NULL)
    return entries;
  while ((code = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  if (code != SQLITE_DONE)
    g_warning ("Could not read the call history: %s", sqlite3_errmsg (self->db));
  done (stmt);
  return entries;
}

GPtrArray *
parlo_history_fetch (ParloHistory *self, const char *search, gboolean missed_only, guint offset, guint limit)
{
  g_auto(ParloHistoryFilter) filter = parlo_history_filter_new (search, missed_only);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);

  /* ?2 and ?3 follow the filter's ?1 even when it has none. */
  stmt = filtered_statement (self, &filter, ENTRY_COLUMNS, "ORDER BY id DESC LIMIT ?2 OFFSET ?3");
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, limit);
      sqlite3_bind_int64 (stmt, 3, offset);
    }
  return fetch_rows (self, stmt);
}

GPtrArray *
parlo_history_fetch_older (ParloHistory *self, const char *search, gboolean missed_only, gint64 id, guint limit)
{
  g_auto(ParloHistoryFilter) filter = parlo_history_filter_new (search, missed_only);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);

  stmt = filtered_statement (self, &filter, ENTRY_COLUMNS, filter.term != NULL || filter.missed_only
                                                           ? "AND id < ?2 ORDER BY id DESC LIMIT ?3"
                                                           : "WHERE id < ?2 ORDER BY id DESC LIMIT ?3");
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_int64 (stmt, 3, limit);
    }
  return fetch_rows (self, stmt);
}

guint
parlo_history_count_newer (ParloHistory *self, const char *search, gboolean missed_only, gint64 id)
{
  g_auto(ParloHistoryFilter) filter = parlo_history_filter_new (search, missed_only);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), 0);

  stmt = filtered_statement (self, &filter, "COUNT (*)", filter.term != NULL || filter.missed_only
                                                         ? "AND id > ?2" : "WHERE id > ?2");
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 2, id);
  return step_count (stmt);
}

gboolean
parlo_history_matches (ParloHistory *self, const char *search, gboolean missed_only, gint64 id)
{
  g_auto(ParloHistoryFilter) filter = parlo_history_filter_new (search, missed_only);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);

  stmt = filtered_statement (self, &filter, "COUNT (*)", filter.term != NULL || filter.missed_only
                                                         ? "AND id = ?2" : "WHERE id = ?2");
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 2, id);
  return step_count (stmt) > 0;
}

guint
parlo_history_get_unseen_missed (ParloHistory *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), 0);
  return self->unseen_missed;
}

ParloHistoryEntry *
parlo_history_latest_unseen_missed (ParloHistory *self)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);

  stmt = statement (self, "SELECT " ENTRY_COLUMNS " FROM calls " PARLO_HISTORY_UNSEEN_MISSED
                          " ORDER BY id DESC LIMIT 1");
  return stmt != NULL ? entry_of_step (stmt) : NULL;
}

void
parlo_history_mark_missed_seen (ParloHistory *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PARLO_IS_HISTORY (self));

  if (self->unseen_missed == 0)
    return;
  if (!parlo_history_exec (self->db, "UPDATE calls INDEXED BY calls_unseen_missed SET seen = 1"
                                    " WHERE " PARLO_HISTORY_UNSEEN_MISSED_TERM, &error))
    g_warning ("%s", error->message);
  update_unseen_missed (self);
}

GPtrArray *
parlo_history_find_contacts (ParloHistory *self, const char *text, guint limit)
{
  g_auto(ParloHistoryFilter) filter = parlo_history_filter_new (text, FALSE);
  GPtrArray *contacts = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PARLO_IS_HISTORY (self), contacts);

  /* Calls count for less the longer ago the last one was: a week halves them. */
  stmt = statement (self, "SELECT name, uri, calls, last FROM peers WHERE name IS NOT NULL"
                          " AND (?1 IS NULL OR " PARLO_HISTORY_PEER_MATCHES ")"
                          " ORDER BY calls / (1.0 + MAX (?2 - last, 0) / ?3) DESC, last DESC LIMIT ?4");
  if (stmt == NULL)
    return contacts;
  if (filter.term != NULL)
    sqlite3_bind_text (stmt, 1, parlo_history_like_pattern (filter.term), -1, g_free);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  sqlite3_bind_double (stmt, 3, WEEK_US);
  sqlite3_bind_int64 (stmt, 4, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *name = column_text (stmt, 0);
      g_autofree char *uri = column_text (stmt, 1);

      g_ptr_array_add (contacts, parlo_contact_new (name, uri, sqlite3_column_int (stmt, 2),
                                                    sqlite3_column_int64 (stmt, 3)));
    }
  done (stmt);
  return contacts;
}

const char *
parlo_history_get_write_problem (ParloHistory *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), NULL);
  return self->write_problem;
}

gboolean
parlo_history_checkpoint (ParloHistory *self, GError **error)
{
  g_return_val_if_fail (PARLO_IS_HISTORY (self), FALSE);
  return parlo_history_schema_checkpoint (self->db, error);
}

static void
parlo_history_finalize (GObject *object)
{
  ParloHistory *self = PARLO_HISTORY (object);

  g_hash_table_unref (self->statements);
  sqlite3_close (self->db);
  g_free (self->path);
  g_free (self->recovery_message);
  g_free (self->write_problem);
  G_OBJECT_CLASS (parlo_history_parent_class)->finalize (object);
}

static void
parlo_history_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloHistory *self = PARLO_HISTORY (object);

  switch (prop_id)
    {
    case PROP_RECOVERY_MESSAGE:
      g_value_set_string (value, self->recovery_message);
      break;
    case PROP_UNSEEN_MISSED:
      g_value_set_uint (value, self->unseen_missed);
      break;
    case PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;
    case PROP_WRITE_PROBLEM:
      g_value_set_string (value, self->write_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_history_class_init (ParloHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_history_finalize;
  object_class->get_property = parlo_history_get_property;

  properties[PROP_RECOVERY_MESSAGE] =
    g_param_spec_string ("recovery-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNSEEN_MISSED] =
    g_param_spec_uint ("unseen-missed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITE_PROBLEM] =
    g_param_spec_string ("write-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CLEARED] = g_signal_new ("cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
parlo_history_init (ParloHistory *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}
