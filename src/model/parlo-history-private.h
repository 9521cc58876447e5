/* parlo-history-private.h — what the store (parlo-history.c), its file
 * (parlo-history-schema.c) and its search (parlo-history-search.c) share;
 * nothing else may use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "parlo-history.h"

G_BEGIN_DECLS

/* The rows of the partial index calls_unseen_missed. sqlite uses such an index
 * only for a query whose WHERE has this very text; a bound parameter in its
 * place matches nothing, so the number is spelled out. */
#define PARLO_HISTORY_UNSEEN_MISSED_TERM "result = " G_STRINGIFY (PARLO_HISTORY_STORED_MISSED) " AND seen = 0"

/* The planner would rather walk every missed call by calls_result. */
#define PARLO_HISTORY_UNSEEN_MISSED "INDEXED BY calls_unseen_missed WHERE " PARLO_HISTORY_UNSEEN_MISSED_TERM

/* How a search becomes SQL (parlo-history-search.c). */

/* A peer whose name or address contains the LIKE pattern ?1. */
#define PARLO_HISTORY_PEER_MATCHES "(name LIKE ?1 ESCAPE '\\' OR uri LIKE ?1 ESCAPE '\\')"

typedef struct {
  char    *term;         /* what to look for; NULL for everything */
  gboolean missed_only;
} ParloHistoryFilter;

/* search as people type it: a number's separators dropped. */
ParloHistoryFilter parlo_history_filter_new        (const char               *search,
                                                    gboolean                  missed_only);
void               parlo_history_filter_clear      (ParloHistoryFilter       *filter);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParloHistoryFilter, parlo_history_filter_clear)
/* Whether the term is long enough for the trigram index. */
gboolean           parlo_history_filter_uses_index (const ParloHistoryFilter *filter);
/* "SELECT what FROM calls WHERE <filter> rest"; the filter binds ?1 when it searches. */
char              *parlo_history_filter_sql        (const ParloHistoryFilter *filter,
                                                    const char               *what,
                                                    const char               *rest);
void               parlo_history_filter_bind       (const ParloHistoryFilter *filter,
                                                    sqlite3_stmt             *stmt);
/* LIKE pattern matching term anywhere, with LIKE's own characters escaped by '\'. */
char              *parlo_history_like_pattern      (const char               *term);

/* parlo_history_migrations[N - 1] takes a file from version N - 1 to version N. */
extern const char *const parlo_history_migrations[];

/* Sets error to what, followed by sqlite's last message on db. */
void      parlo_history_set_error                (GError            **error,
                                                  sqlite3            *db,
                                                  ParloHistoryError   code,
                                                  const char         *what);
/* Runs sql, statements and all, outside the statement cache. */
gboolean  parlo_history_exec                     (sqlite3            *db,
                                                  const char         *sql,
                                                  GError            **error);

/* Opens the file at path (":memory:" for none), creating its folder, and
 * migrates it. A damaged file is moved aside and a new one opened in its place,
 * and *recovery_message says so; it is NULL otherwise. */
sqlite3  *parlo_history_schema_open              (const char         *path,
                                                  char              **recovery_message,
                                                  GError            **error);
/* The check found db damaged: closes it, moves the file aside and opens a new one,
 * or one in memory if that fails. *recovery_message says which. Every statement
 * on db must be finalized before. */
sqlite3  *parlo_history_schema_replace_damaged   (sqlite3            *db,
                                                  const char         *path,
                                                  char              **recovery_message);
/* Calls the last run never saw end: they ended at the last sign of life. */
void      parlo_history_schema_close_interrupted (sqlite3            *db);
gboolean  parlo_history_schema_checkpoint        (sqlite3            *db,
                                                  GError            **error);
char     *parlo_history_schema_write_problem     (sqlite3            *db);
/* Deletes every call and peer. */
gboolean  parlo_history_schema_empty             (sqlite3            *db,
                                                  GError            **error);

/* Runs PRAGMA integrity_check on the file at path in a thread, through a
 * connection of its own. finish: TRUE when the file is intact; FALSE without
 * error when it is damaged, with error when it could not be checked. */
void      parlo_history_schema_check_async       (gpointer            source_object,
                                                  const char         *path,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean  parlo_history_schema_check_finish      (GAsyncResult       *result,
                                                  GError            **error);

G_END_DECLS
