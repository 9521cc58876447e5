/* parlo-history.h — the call history store (sqlite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-call.h"
#include "parlo-history-entry.h"

G_BEGIN_DECLS

#define PARLO_HISTORY_ERROR (parlo_history_error_quark ())

typedef enum {
  PARLO_HISTORY_ERROR_OPEN,     /* the file could not be opened or created */
  PARLO_HISTORY_ERROR_WRITE,    /* a record could not be written */
  PARLO_HISTORY_ERROR_READ,
} ParloHistoryError;

/* The schema version this build writes; older files are migrated on open. */
#define PARLO_HISTORY_SCHEMA_VERSION 3

/* Signals: "added" (gint64 id), "changed" (gint64 id), "removed" (gint64 id) and
 * "cleared" after each write that changes what a list of entries would show. */
#define PARLO_TYPE_HISTORY (parlo_history_get_type ())
G_DECLARE_FINAL_TYPE (ParloHistory, parlo_history, PARLO, HISTORY, GObject)

GQuark             parlo_history_error_quark        (void);

/* history.db in Parlo's folder of the user data directory. */
char              *parlo_history_default_path       (void);
/* Opens or creates the store at path (":memory:" for one that is not kept).
 * A damaged file is moved aside (see get_recovery_message), never deleted;
 * calls that were still going when the last run stopped become "interrupted". */
ParloHistory      *parlo_history_open               (const char   *path,
                                                     GError      **error);
const char        *parlo_history_get_path           (ParloHistory *self);
/* What happened to a damaged file, for a person to read; NULL when nothing did
 * ("recovery-message" property). */
const char        *parlo_history_get_recovery_message (ParloHistory *self);
/* The full integrity check reads the whole file, so it runs in a thread after
 * open; "checked" turns TRUE when it is done (and any damage was dealt with). */
gboolean           parlo_history_get_checked        (ParloHistory *self);
/* Why calls cannot be written now (the disk is full, say), for a person to
 * read; NULL while writing works ("write-problem" property). */
const char        *parlo_history_get_write_problem  (ParloHistory *self);
/* Folds the write-ahead log back into the file and empties it, so that a copy
 * of the file alone (a backup) has every call; for when Parlo quits. */
gboolean           parlo_history_checkpoint         (ParloHistory *self,
                                                     GError      **error);

/* Records a call that has just appeared, with the result, reason (NULL for
 * none) and media that ParloHistoryRecorder gives it; returns its id (> 0), or 0
 * with error. */
gint64             parlo_history_add                (ParloHistory      *self,
                                                     ParloCall         *call,
                                                     ParloHistoryResult result,
                                                     const char        *reason,
                                                     ParloHistoryMedia  media,
                                                     GError           **error);
/* Writes how the call stands now: its name, answer and end times, result,
 * reason and media. */
gboolean           parlo_history_update             (ParloHistory      *self,
                                                     gint64             id,
                                                     ParloCall         *call,
                                                     ParloHistoryResult result,
                                                     const char        *reason,
                                                     ParloHistoryMedia  media,
                                                     GError           **error);
/* Notes that a live call is still going, so a crash leaves a sensible end time. */
gboolean           parlo_history_touch              (ParloHistory *self,
                                                     gint64        id,
                                                     GError      **error);
gboolean           parlo_history_delete             (ParloHistory *self,
                                                     gint64        id,
                                                     GError      **error);
gboolean           parlo_history_clear              (ParloHistory *self,
                                                     GError      **error);
ParloHistoryEntry *parlo_history_lookup             (ParloHistory *self,
                                                     gint64        id);

/* Queries behind the paged list: entries newest first that match search (by name
 * or address, NULL or "" for all) and, with missed_only, only missed calls. */
guint              parlo_history_count              (ParloHistory *self,
                                                     const char   *search,
                                                     gboolean      missed_only);
GPtrArray         *parlo_history_fetch              (ParloHistory *self,
                                                     const char   *search,
                                                     gboolean      missed_only,
                                                     guint         offset,
                                                     guint         limit);
/* The same, the limit entries just older than the entry id: reading on from a
 * known entry costs the same anywhere, where an offset costs its size. */
GPtrArray         *parlo_history_fetch_older        (ParloHistory *self,
                                                     const char   *search,
                                                     gboolean      missed_only,
                                                     gint64        id,
                                                     guint         limit);
/* How many matching entries are newer than id: its position if it matches. */
guint              parlo_history_count_newer        (ParloHistory *self,
                                                     const char   *search,
                                                     gboolean      missed_only,
                                                     gint64        id);
gboolean           parlo_history_matches            (ParloHistory *self,
                                                     const char   *search,
                                                     gboolean      missed_only,
                                                     gint64        id);

/* Missed calls nobody has looked at yet ("unseen-missed" property). */
guint              parlo_history_get_unseen_missed  (ParloHistory *self);
ParloHistoryEntry *parlo_history_latest_unseen_missed (ParloHistory *self);
void               parlo_history_mark_missed_seen   (ParloHistory *self);

/* Peers that came with a display name, most recent and most frequent first;
 * with text, only those whose name or address contains it. Of ParloContact. */
GPtrArray         *parlo_history_find_contacts      (ParloHistory *self,
                                                     const char   *text,
                                                     guint         limit);

G_END_DECLS
