/* parlo-history-entry.h — one recorded call, as the history store holds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "parlo-call.h"

G_BEGIN_DECLS

/* Stored as these numbers: never renumber, only append. Plain numbers, so that
 * the store's SQL can spell them with G_STRINGIFY. */
#define PARLO_HISTORY_STORED_ONGOING     0
#define PARLO_HISTORY_STORED_ANSWERED    1
#define PARLO_HISTORY_STORED_MISSED      2
#define PARLO_HISTORY_STORED_DECLINED    3
#define PARLO_HISTORY_STORED_BUSY        4
#define PARLO_HISTORY_STORED_FAILED      5
#define PARLO_HISTORY_STORED_CANCELLED   6
#define PARLO_HISTORY_STORED_INTERRUPTED 7

typedef enum {
  /* still going, as far as the store knows */
  PARLO_HISTORY_RESULT_ONGOING = PARLO_HISTORY_STORED_ONGOING,
  PARLO_HISTORY_RESULT_ANSWERED = PARLO_HISTORY_STORED_ANSWERED,
  /* incoming, and the caller gave up before we answered */
  PARLO_HISTORY_RESULT_MISSED = PARLO_HISTORY_STORED_MISSED,
  /* by us (incoming) or by the peer (outgoing, 603) */
  PARLO_HISTORY_RESULT_DECLINED = PARLO_HISTORY_STORED_DECLINED,
  PARLO_HISTORY_RESULT_BUSY = PARLO_HISTORY_STORED_BUSY,
  /* see sip-status and reason */
  PARLO_HISTORY_RESULT_FAILED = PARLO_HISTORY_STORED_FAILED,
  /* outgoing, and we gave up before it was answered */
  PARLO_HISTORY_RESULT_CANCELLED = PARLO_HISTORY_STORED_CANCELLED,
  /* the engine or the app stopped during the call */
  PARLO_HISTORY_RESULT_INTERRUPTED = PARLO_HISTORY_STORED_INTERRUPTED,
} ParloHistoryResult;

/* What went wrong with a call's audio, as the history stores it. */
typedef enum {
  PARLO_HISTORY_MEDIA_OK = 0,
  /* refused: the account requires encryption and the peer's audio had none */
  PARLO_HISTORY_MEDIA_UNENCRYPTED = 1,
  /* the peer's audio stopped arriving during the call */
  PARLO_HISTORY_MEDIA_NO_AUDIO = 2,
} ParloHistoryMedia;

#define PARLO_TYPE_HISTORY_ENTRY (parlo_history_entry_get_type ())
G_DECLARE_FINAL_TYPE (ParloHistoryEntry, parlo_history_entry, PARLO, HISTORY_ENTRY, GObject)

/* Times are microseconds since the Unix epoch; 0 means "never" (not answered, not ended). */
ParloHistoryEntry  *parlo_history_entry_new            (gint64              id,
                                                        const char         *account,
                                                        ParloCallDirection  direction,
                                                        const char         *peer_uri,
                                                        const char         *peer_name,
                                                        gint64              started_us,
                                                        gint64              answered_us,
                                                        gint64              ended_us,
                                                        ParloHistoryResult  result,
                                                        guint               sip_status,
                                                        const char         *reason,
                                                        ParloHistoryMedia   media,
                                                        gboolean            seen);

gint64              parlo_history_entry_get_id          (ParloHistoryEntry *self);
const char         *parlo_history_entry_get_account     (ParloHistoryEntry *self);
ParloCallDirection  parlo_history_entry_get_direction   (ParloHistoryEntry *self);
const char         *parlo_history_entry_get_peer_uri    (ParloHistoryEntry *self);
const char         *parlo_history_entry_get_peer_name   (ParloHistoryEntry *self);
GDateTime          *parlo_history_entry_get_started     (ParloHistoryEntry *self);
GDateTime          *parlo_history_entry_get_answered    (ParloHistoryEntry *self);
GDateTime          *parlo_history_entry_get_ended       (ParloHistoryEntry *self);
ParloHistoryResult  parlo_history_entry_get_result      (ParloHistoryEntry *self);
guint               parlo_history_entry_get_sip_status  (ParloHistoryEntry *self);
const char         *parlo_history_entry_get_reason      (ParloHistoryEntry *self);
ParloHistoryMedia   parlo_history_entry_get_media       (ParloHistoryEntry *self);
gboolean            parlo_history_entry_get_seen        (ParloHistoryEntry *self);
/* Seconds from answer to end; 0 for a call never answered or not ended. */
guint               parlo_history_entry_get_duration    (ParloHistoryEntry *self);
/* TRUE for the first entry of a local calendar day in the list it came from. */
gboolean            parlo_history_entry_get_starts_day  (ParloHistoryEntry *self);
void                parlo_history_entry_set_starts_day  (ParloHistoryEntry *self,
                                                        gboolean            starts_day);

G_END_DECLS
