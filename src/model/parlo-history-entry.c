/* parlo-history-entry.c — one recorded call, as the history store holds it
 *
 * An immutable snapshot of a row: the store makes a new one each time it is
 * read, so a list never shows half of an update.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-history-entry.h"
#include "parlo-util.h"

struct _ParloHistoryEntry
{
  GObject             parent_instance;

  gint64              id;
  char               *account;
  ParloCallDirection  direction;
  char               *peer_uri;
  char               *peer_name;
  GDateTime          *started;
  GDateTime          *answered;
  GDateTime          *ended;
  ParloHistoryResult  result;
  guint               sip_status;
  char               *reason;
  ParloHistoryMedia   media;
  gboolean            seen;
  gboolean            starts_day;
};

G_DEFINE_FINAL_TYPE (ParloHistoryEntry, parlo_history_entry, G_TYPE_OBJECT)

static void
parlo_history_entry_finalize (GObject *object)
{
  ParloHistoryEntry *self = PARLO_HISTORY_ENTRY (object);

  g_free (self->account);
  g_free (self->peer_uri);
  g_free (self->peer_name);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->answered, g_date_time_unref);
  g_clear_pointer (&self->ended, g_date_time_unref);
  g_free (self->reason);
  G_OBJECT_CLASS (parlo_history_entry_parent_class)->finalize (object);
}

static void
parlo_history_entry_class_init (ParloHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlo_history_entry_finalize;
}

static void
parlo_history_entry_init (ParloHistoryEntry *self)
{
}

static GDateTime *
time_from_us (gint64 us)
{
  return us > 0 ? parlo_date_time_new_from_unix_usec (us) : NULL;
}

ParloHistoryEntry *
parlo_history_entry_new (gint64              id,
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
                         gboolean            seen)
{
  ParloHistoryEntry *self = g_object_new (PARLO_TYPE_HISTORY_ENTRY, NULL);

  self->id = id;
  self->account = g_strdup (account);
  self->direction = direction;
  self->peer_uri = g_strdup (peer_uri);
  self->peer_name = peer_name != NULL && *peer_name != '\0' ? g_strdup (peer_name) : NULL;
  self->started = time_from_us (started_us);
  self->answered = time_from_us (answered_us);
  self->ended = time_from_us (ended_us);
  self->result = result;
  self->sip_status = sip_status;
  self->reason = g_strdup (reason);
  self->media = media;
  self->seen = seen;
  return self;
}

gint64
parlo_history_entry_get_id (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), 0);
  return self->id;
}

const char *
parlo_history_entry_get_account (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->account;
}

ParloCallDirection
parlo_history_entry_get_direction (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), PARLO_CALL_DIRECTION_OUTGOING);
  return self->direction;
}

const char *
parlo_history_entry_get_peer_uri (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->peer_uri;
}

const char *
parlo_history_entry_get_peer_name (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->peer_name;
}

GDateTime *
parlo_history_entry_get_started (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->started;
}

GDateTime *
parlo_history_entry_get_answered (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->answered;
}

GDateTime *
parlo_history_entry_get_ended (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->ended;
}

ParloHistoryResult
parlo_history_entry_get_result (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), PARLO_HISTORY_RESULT_ONGOING);
  return self->result;
}

guint
parlo_history_entry_get_sip_status (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), 0);
  return self->sip_status;
}

const char *
parlo_history_entry_get_reason (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), NULL);
  return self->reason;
}

ParloHistoryMedia
parlo_history_entry_get_media (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), PARLO_HISTORY_MEDIA_OK);
  return self->media;
}

gboolean
parlo_history_entry_get_seen (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), TRUE);
  return self->seen;
}

guint
parlo_history_entry_get_duration (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), 0);
  if (self->answered == NULL || self->ended == NULL)
    return 0;
  return MAX (g_date_time_difference (self->ended, self->answered), 0) / G_USEC_PER_SEC;
}

gboolean
parlo_history_entry_get_starts_day (ParloHistoryEntry *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_ENTRY (self), FALSE);
  return self->starts_day;
}

void
parlo_history_entry_set_starts_day (ParloHistoryEntry *self, gboolean starts_day)
{
  g_return_if_fail (PARLO_IS_HISTORY_ENTRY (self));
  self->starts_day = starts_day;
}
