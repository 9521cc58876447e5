/* parlo-call-model.c — the one place where engine events become call state
 *
 * A GListModel of the live calls. A call appears with the first event that names
 * it, changes with each event, and leaves the list when it ends; then
 * "call-ended" tells observers (history, notifications) how it ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-call-model.h"
#include "parlo-call-private.h"

struct _ParloCallModel
{
  GObject      parent_instance;

  ParloEngine *engine;
  GPtrArray   *calls;
};

enum {
  SIGNAL_CALL_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParloCallModel, parlo_call_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
parlo_call_model_get_item_type (GListModel *model)
{
  return PARLO_TYPE_CALL;
}

static guint
parlo_call_model_get_n_items (GListModel *model)
{
  return PARLO_CALL_MODEL (model)->calls->len;
}

static gpointer
parlo_call_model_get_item (GListModel *model, guint position)
{
  ParloCallModel *self = PARLO_CALL_MODEL (model);

  if (position >= self->calls->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->calls, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = parlo_call_model_get_item_type;
  iface->get_n_items = parlo_call_model_get_n_items;
  iface->get_item = parlo_call_model_get_item;
}

static gboolean
find_position (ParloCallModel *self, const char *account, const char *call_id, guint *position)
{
  for (guint i = 0; i < self->calls->len; i++)
    {
      ParloCall *call = g_ptr_array_index (self->calls, i);

      if (g_strcmp0 (parlo_call_get_id (call), call_id) == 0 &&
          g_strcmp0 (parlo_call_get_account (call), account) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

ParloCall *
parlo_call_model_find (ParloCallModel *self, const char *account, const char *call_id)
{
  guint position;

  g_return_val_if_fail (PARLO_IS_CALL_MODEL (self), NULL);
  if (!find_position (self, account, call_id, &position))
    return NULL;
  return g_ptr_array_index (self->calls, position);
}

static void
remove_call (ParloCallModel *self, ParloCall *call)
{
  guint position;

  if (!g_ptr_array_find (self->calls, call, &position))
    return;
  g_object_ref (call);
  g_ptr_array_remove_index (self->calls, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, call);
  g_object_unref (call);
}

static ParloCall *
add_call (ParloCallModel *self, const ParloEvent *event)
{
  ParloCallDirection direction = event->direction == PARLO_EVENT_DIRECTION_INCOMING
    ? PARLO_CALL_DIRECTION_INCOMING : PARLO_CALL_DIRECTION_OUTGOING;
  ParloCall *call = parlo_call_new (event->call_id, event->account, direction,
                                    event->peer_uri, event->peer_name);

  g_ptr_array_add (self->calls, call);
  g_list_model_items_changed (G_LIST_MODEL (self), self->calls->len - 1, 0, 1);
  return call;
}

/* How a call ended, from who ended it, whether it was answered and the SIP status. */
static ParloCallEndReason
end_reason (ParloCall *call, const ParloEvent *event)
{
  gboolean answered = parlo_call_get_answered (call) != NULL;
  gboolean incoming = parlo_call_get_direction (call) == PARLO_CALL_DIRECTION_INCOMING;

  if (event->transferred)
    return PARLO_CALL_END_TRANSFERRED;
  if (event->local)
    {
      if (answered)
        return PARLO_CALL_END_HANGUP_LOCAL;
      return incoming ? PARLO_CALL_END_DECLINED : PARLO_CALL_END_CANCELLED;
    }
  if (answered)
    return PARLO_CALL_END_HANGUP_REMOTE;
  if (incoming)
    return PARLO_CALL_END_CANCELLED;

  switch (event->scode)
    {
    case 486:
    case 600:
      return PARLO_CALL_END_BUSY;
    case 603:
      return PARLO_CALL_END_DECLINED;
    case 408:
    case 480:
      return PARLO_CALL_END_NO_ANSWER;
    default:
      return PARLO_CALL_END_FAILED;
    }
}

static void
apply_rtcp (ParloCall *call, const ParloRtcpStats *stats)
{
  guint64 expected = (guint64) stats->rx_packets + MAX (stats->rx_lost, 0);
  double loss = expected > 0 ? 100.0 * MAX (stats->rx_lost, 0) / expected : 0.0;

  parlo_call_set_quality (call, loss, stats->rx_jitter_us / 1000, stats->rtt_us / 1000);
}

void
parlo_call_model_apply_event (ParloCallModel *self, const ParloEvent *event)
{
  ParloCall *call;

  g_return_if_fail (PARLO_IS_CALL_MODEL (self));
  g_return_if_fail (event != NULL);

  if (event->call_id == NULL || event->account == NULL)
    return;

  call = parlo_call_model_find (self, event->account, event->call_id);
  if (call == NULL)
    {
      /* A call we never saw cannot end or change; its first event creates it. */
      if (event->type == PARLO_EVENT_CALL_CLOSED || event->direction == PARLO_EVENT_DIRECTION_NONE)
        return;
      call = add_call (self, event);
    }

  parlo_call_set_peer_name (call, event->peer_name);
  if (event->has_call_flags)
    parlo_call_set_flags (call, event->muted, event->onhold, event->peerhold);

  switch (event->type)
    {
    case PARLO_EVENT_CALL_RINGING:
      parlo_call_set_state (call, PARLO_CALL_STATE_RINGING);
      break;
    case PARLO_EVENT_CALL_PROGRESS:
      parlo_call_set_state (call, PARLO_CALL_STATE_EARLY);
      break;
    case PARLO_EVENT_CALL_ESTABLISHED:
      parlo_call_set_state (call, PARLO_CALL_STATE_ESTABLISHED);
      break;
    case PARLO_EVENT_CALL_CLOSED:
      parlo_call_end (call, end_reason (call, event), event->scode, event->param);
      remove_call (self, call);
      break;
    case PARLO_EVENT_CALL_DTMF_START:
      if (event->param != NULL)
        parlo_call_emit_dtmf (call, event->param);
      break;
    case PARLO_EVENT_CALL_RTCP:
      if (event->has_rtcp)
        apply_rtcp (call, &event->rtcp);
      break;
    case PARLO_EVENT_VU_TX:
      if (event->has_level)
        parlo_call_set_input_level (call, event->level);
      break;
    case PARLO_EVENT_ECHO_DELAY:
      parlo_call_set_echo_delay (call, event->delay_ms);
      break;
    default:
      break;
    }
}

/* The engine died: every call it carried is over. */
void
parlo_call_model_interrupt_all (ParloCallModel *self)
{
  g_return_if_fail (PARLO_IS_CALL_MODEL (self));

  while (self->calls->len > 0)
    {
      ParloCall *call = g_ptr_array_index (self->calls, self->calls->len - 1);

      parlo_call_end (call, PARLO_CALL_END_INTERRUPTED, 0, "The engine stopped during the call");
      remove_call (self, call);
    }
}

static void
on_engine_event (ParloEngine *engine, const ParloEvent *event, ParloCallModel *self)
{
  parlo_call_model_apply_event (self, event);
}

static void
on_engine_lost (ParloEngine *engine, ParloCallModel *self)
{
  parlo_call_model_interrupt_all (self);
}

static void
parlo_call_model_dispose (GObject *object)
{
  ParloCallModel *self = PARLO_CALL_MODEL (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (parlo_call_model_parent_class)->dispose (object);
}

static void
parlo_call_model_finalize (GObject *object)
{
  ParloCallModel *self = PARLO_CALL_MODEL (object);

  g_ptr_array_unref (self->calls);
  G_OBJECT_CLASS (parlo_call_model_parent_class)->finalize (object);
}

static void
parlo_call_model_class_init (ParloCallModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_call_model_dispose;
  object_class->finalize = parlo_call_model_finalize;

  /* Emitted with the terminated call just after it left the list. */
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PARLO_TYPE_CALL);
}

static void
parlo_call_model_init (ParloCallModel *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
}

/* engine may be NULL: events are then applied by hand (as the unit tests do). */
ParloCallModel *
parlo_call_model_new (ParloEngine *engine)
{
  ParloCallModel *self = g_object_new (PARLO_TYPE_CALL_MODEL, NULL);

  if (engine != NULL)
    {
      self->engine = g_object_ref (engine);
      g_signal_connect (engine, "event", G_CALLBACK (on_engine_event), self);
      g_signal_connect (engine, "engine-lost", G_CALLBACK (on_engine_lost), self);
    }
  return self;
}
