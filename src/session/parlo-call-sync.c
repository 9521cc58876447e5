/* parlo-call-sync.c — the one place where engine events become call state
 *
 * A call appears in the model with the first event that names it, changes with
 * each event, and leaves the model when it ends, with how it ended worked out
 * from who ended it, whether it was answered and the SIP status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-session"

#include "parlo-account-sync.h"
#include "parlo-call-model-private.h"
#include "parlo-call-sync.h"

struct _ParloCallSync
{
  GObject         parent_instance;

  ParloEngine    *engine;
  ParloCallModel *calls;
};

G_DEFINE_FINAL_TYPE (ParloCallSync, parlo_call_sync, G_TYPE_OBJECT)

static ParloCall *
new_call (const ParloEvent *event)
{
  ParloCallDirection direction = event->direction == PARLO_EVENT_DIRECTION_INCOMING
    ? PARLO_CALL_DIRECTION_INCOMING : PARLO_CALL_DIRECTION_OUTGOING;

  return parlo_call_new (event->call_id, event->account, direction, event->peer_uri, event->peer_name);
}

static ParloCall *
add_call (ParloCallSync *self, const ParloEvent *event)
{
  g_autoptr(ParloCall) call = new_call (event);

  parlo_call_model_add (self->calls, call);
  return call;  /* the model holds it */
}

static ParloCallEndReason
end_reason (ParloCall *call, const ParloEvent *event)
{
  gboolean answered = parlo_call_get_answered (call) != NULL;
  gboolean incoming = parlo_call_get_direction (call) == PARLO_CALL_DIRECTION_INCOMING;

  if (event->cause == PARLO_EVENT_CAUSE_UNENCRYPTED)
    return PARLO_CALL_END_NOT_ENCRYPTED;
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

/* Why the call ended, in words: for a server certificate the engine refused,
 * the words the account uses; otherwise the engine's own. */
static char *
end_message (const ParloEvent *event)
{
  g_autoptr(GDateTime) expires = NULL;

  if (event->tls_problem == NULL)
    return g_strdup (event->param);
  expires = event->tls_expires > 0 ? g_date_time_new_from_unix_utc (event->tls_expires) : NULL;
  return parlo_registration_failure_describe_certificate (
    parlo_account_sync_certificate_failure (event->tls_problem),
    (const char * const *) event->tls_names, expires);
}

static void
end_call (ParloCall *call, const ParloEvent *event)
{
  g_autofree char *message = end_message (event);

  parlo_call_end (call, end_reason (call, event), event->scode, message);
}

/* A call the engine refused before it told us of it: it never rang here, but it
 * passes through the model ended, so that the person learns of it and why, as
 * of any call that ended, and its history keeps it. */
static void
add_refused_call (ParloCallSync *self, const ParloEvent *event)
{
  g_autoptr(ParloCall) call = new_call (event);

  end_call (call, event);
  parlo_call_model_add (self->calls, call);
  parlo_call_model_remove (self->calls, call);
}

void
parlo_call_sync_apply_event (ParloCallSync *self, const ParloEvent *event)
{
  ParloCall *call;

  g_return_if_fail (PARLO_IS_CALL_SYNC (self));
  g_return_if_fail (event != NULL);

  if (event->call_id == NULL || event->account == NULL)
    return;

  call = parlo_call_model_find (self->calls, event->account, event->call_id);
  if (call == NULL)
    {
      /* A call we never saw cannot end or change; its first event creates it. */
      if (event->direction == PARLO_EVENT_DIRECTION_NONE)
        return;
      if (event->type == PARLO_EVENT_CALL_CLOSED)
        {
          if (event->cause != PARLO_EVENT_CAUSE_NONE)
            add_refused_call (self, event);
          return;
        }
      call = add_call (self, event);
    }

  parlo_call_set_peer_name (call, event->peer_name);
  if (event->has_call_flags)
    {
      parlo_call_set_flags (call, event->muted, event->onhold, event->peerhold);
      parlo_call_set_encrypted (call, event->encrypted);
    }

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
      end_call (call, event);
      parlo_call_model_remove (self->calls, call);
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
    case PARLO_EVENT_CALL_RTP_RX_STOPPED:
      parlo_call_set_audio_missing (call, TRUE);
      break;
    case PARLO_EVENT_CALL_RTP_RX_RESUMED:
      parlo_call_set_audio_missing (call, FALSE);
      break;
    case PARLO_EVENT_ECHO_DELAY:
      parlo_call_set_echo_delay (call, event->delay_ms);
      break;
    default:
      break;
    }
}

void
parlo_call_sync_interrupt_all (ParloCallSync *self)
{
  GListModel *calls;
  guint n_calls;

  g_return_if_fail (PARLO_IS_CALL_SYNC (self));

  calls = G_LIST_MODEL (self->calls);
  while ((n_calls = g_list_model_get_n_items (calls)) > 0)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, n_calls - 1);

      parlo_call_end (call, PARLO_CALL_END_INTERRUPTED, 0, "The engine stopped during the call");
      parlo_call_model_remove (self->calls, call);
    }
}

static void
on_engine_event (ParloEngine *engine, const ParloEvent *event, ParloCallSync *self)
{
  parlo_call_sync_apply_event (self, event);
}

static void
on_engine_lost (ParloEngine *engine, ParloCallSync *self)
{
  parlo_call_sync_interrupt_all (self);
}

static void
parlo_call_sync_dispose (GObject *object)
{
  ParloCallSync *self = PARLO_CALL_SYNC (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->calls);
  G_OBJECT_CLASS (parlo_call_sync_parent_class)->dispose (object);
}

static void
parlo_call_sync_class_init (ParloCallSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_call_sync_dispose;
}

static void
parlo_call_sync_init (ParloCallSync *self)
{
}

ParloCallSync *
parlo_call_sync_new (ParloEngine *engine, ParloCallModel *calls)
{
  ParloCallSync *self = g_object_new (PARLO_TYPE_CALL_SYNC, NULL);

  self->calls = g_object_ref (calls);
  if (engine != NULL)
    {
      self->engine = g_object_ref (engine);
      g_signal_connect (engine, "event", G_CALLBACK (on_engine_event), self);
      g_signal_connect (engine, "engine-lost", G_CALLBACK (on_engine_lost), self);
    }
  return self;
}
