/* parlo-history-recorder.c — writes every call of a call model to the history
 *
 * A call is written the moment it appears, again whenever it is answered, named
 * or ended, and touched every few seconds while it lasts: if the app dies, the
 * record is there and the next start closes it as interrupted at the last touch.
 * A write that fails is tried again at the call's next change, as a new record
 * if the first never made it.
 *
 * What a call's end means for the history (its result, and why it did not go
 * through) is worked out here, the one place that turns calls into records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-history-recorder.h"

#define TOUCH_INTERVAL_SECONDS 5

struct _ParloHistoryRecorder
{
  GObject         parent_instance;

  ParloHistory   *history;
  ParloCallModel *calls;
  GHashTable     *records;     /* ParloCall → its history id (0: not written yet) */
  guint           touch_source;
};

G_DEFINE_FINAL_TYPE (ParloHistoryRecorder, parlo_history_recorder, G_TYPE_OBJECT)

ParloHistoryResult
parlo_history_recorder_result_of (ParloCall *call)
{
  gboolean incoming;

  g_return_val_if_fail (PARLO_IS_CALL (call), PARLO_HISTORY_RESULT_FAILED);

  incoming = parlo_call_get_direction (call) == PARLO_CALL_DIRECTION_INCOMING;
  switch (parlo_call_get_end_reason (call))
    {
    case PARLO_CALL_END_NONE:
      return PARLO_HISTORY_RESULT_ONGOING;
    case PARLO_CALL_END_HANGUP_LOCAL:
    case PARLO_CALL_END_HANGUP_REMOTE:
    case PARLO_CALL_END_TRANSFERRED:
      return PARLO_HISTORY_RESULT_ANSWERED;
    case PARLO_CALL_END_DECLINED:
      return PARLO_HISTORY_RESULT_DECLINED;
    case PARLO_CALL_END_BUSY:
      return PARLO_HISTORY_RESULT_BUSY;
    case PARLO_CALL_END_CANCELLED:
      return incoming ? PARLO_HISTORY_RESULT_MISSED : PARLO_HISTORY_RESULT_CANCELLED;
    case PARLO_CALL_END_NO_ANSWER:
      return incoming ? PARLO_HISTORY_RESULT_MISSED : PARLO_HISTORY_RESULT_FAILED;
    case PARLO_CALL_END_FAILED:
    case PARLO_CALL_END_NOT_ENCRYPTED:
      return PARLO_HISTORY_RESULT_FAILED;
    case PARLO_CALL_END_INTERRUPTED:
      return PARLO_HISTORY_RESULT_INTERRUPTED;
    default:
      g_return_val_if_reached (PARLO_HISTORY_RESULT_FAILED);
    }
}

const char *
parlo_history_recorder_reason_of (ParloCall *call)
{
  ParloHistoryResult result = parlo_history_recorder_result_of (call);

  /* An answered call's closing words say nothing. */
  if (result == PARLO_HISTORY_RESULT_ONGOING || result == PARLO_HISTORY_RESULT_ANSWERED)
    return NULL;
  return parlo_call_get_end_message (call);
}

ParloHistoryMedia
parlo_history_recorder_media_of (ParloCall *call)
{
  g_return_val_if_fail (PARLO_IS_CALL (call), PARLO_HISTORY_MEDIA_OK);

  if (parlo_call_get_end_reason (call) == PARLO_CALL_END_NOT_ENCRYPTED)
    return PARLO_HISTORY_MEDIA_UNENCRYPTED;
  if (parlo_call_get_audio_went_missing (call))
    return PARLO_HISTORY_MEDIA_NO_AUDIO;
  return PARLO_HISTORY_MEDIA_OK;
}

static void
write_call (ParloHistoryRecorder *self, ParloCall *call)
{
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->records, call));
  ParloHistoryResult result = parlo_history_recorder_result_of (call);
  const char *reason = parlo_history_recorder_reason_of (call);
  ParloHistoryMedia media = parlo_history_recorder_media_of (call);

  if (id != 0 && parlo_history_update (self->history, id, call, result, reason, media, &error))
    return;
  /* The record is there but cannot be written now: the next write tries again. */
  if (id != 0 && parlo_history_get_write_problem (self->history) != NULL)
    {
      g_debug ("%s", error->message);
      return;
    }
  if (error != NULL)
    {
      g_debug ("%s; recording the call anew", error->message);
      g_clear_error (&error);
    }
  id = parlo_history_add (self->history, call, result, reason, media, &error);
  /* The history tells why (write-problem), once. */
  if (id == 0)
    g_debug ("%s", error->message);
  g_hash_table_insert (self->records, g_object_ref (call), GSIZE_TO_POINTER (id));
}

static gboolean
touch_live_calls (gpointer user_data)
{
  ParloHistoryRecorder *self = user_data;
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, NULL, &id))
    {
      g_autoptr(GError) error = NULL;

      if (GPOINTER_TO_SIZE (id) != 0 && !parlo_history_touch (self->history, GPOINTER_TO_SIZE (id), &error))
        g_debug ("%s", error->message);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_call_changed (ParloCall *call, GParamSpec *pspec, ParloHistoryRecorder *self)
{
  write_call (self, call);
}

static void
follow (ParloHistoryRecorder *self, ParloCall *call)
{
  write_call (self, call);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_changed), self, 0);
  g_signal_connect_object (call, "notify::peer-name", G_CALLBACK (on_call_changed), self, 0);
  g_signal_connect_object (call, "notify::audio-missing", G_CALLBACK (on_call_changed), self, 0);
  if (self->touch_source == 0)
    self->touch_source = g_timeout_add_seconds (TOUCH_INTERVAL_SECONDS, touch_live_calls, self);
}

static void
on_calls_changed (GListModel *calls, guint position, guint removed, guint added, ParloHistoryRecorder *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      if (!g_hash_table_contains (self->records, call))
        follow (self, call);
    }
}

/* The call left the live list: its final state is written and it is let go. */
static void
on_call_ended (ParloCallModel *calls, ParloCall *call, ParloHistoryRecorder *self)
{
  write_call (self, call);
  g_signal_handlers_disconnect_by_data (call, self);
  g_hash_table_remove (self->records, call);
  if (g_hash_table_size (self->records) == 0)
    g_clear_handle_id (&self->touch_source, g_source_remove);
}

static void
parlo_history_recorder_dispose (GObject *object)
{
  ParloHistoryRecorder *self = PARLO_HISTORY_RECORDER (object);

  g_clear_handle_id (&self->touch_source, g_source_remove);
  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  if (self->records != NULL)
    {
      GHashTableIter iter;
      gpointer call;

      g_hash_table_iter_init (&iter, self->records);
      while (g_hash_table_iter_next (&iter, &call, NULL))
        g_signal_handlers_disconnect_by_data (call, self);
    }
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_object (&self->calls);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (parlo_history_recorder_parent_class)->dispose (object);
}

static void
parlo_history_recorder_class_init (ParloHistoryRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_history_recorder_dispose;
}

static void
parlo_history_recorder_init (ParloHistoryRecorder *self)
{
  self->records = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

ParloHistoryRecorder *
parlo_history_recorder_new (ParloHistory *history, ParloCallModel *calls)
{
  ParloHistoryRecorder *self;

  g_return_val_if_fail (PARLO_IS_HISTORY (history), NULL);
  g_return_val_if_fail (PARLO_IS_CALL_MODEL (calls), NULL);

  self = g_object_new (PARLO_TYPE_HISTORY_RECORDER, NULL);
  self->history = g_object_ref (history);
  self->calls = g_object_ref (calls);
  g_signal_connect (calls, "items-changed", G_CALLBACK (on_calls_changed), self);
  g_signal_connect (calls, "call-ended", G_CALLBACK (on_call_ended), self);
  on_calls_changed (G_LIST_MODEL (calls), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (calls)), self);
  return self;
}
