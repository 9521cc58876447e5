/* parlo-ringer.c — the sounds calls make: ringing, ringback, call waiting, busy
 *
 * Watches the live calls and keeps one tone playing in the engine, the one the
 * calls ask for now:
 *  - a call coming in rings on the ringing device, or, during another call,
 *    beeps as call waiting; with "do-not-disturb" on it stays silent (the call
 *    is still listed and notified);
 *  - a call we placed plays ringback while the far end rings, until it sends
 *    early media or answers;
 *  - a call that ends busy or failed plays the busy or error tone once.
 * Answering, declining, the caller giving up or another device answering all
 * end the ringing call, and with it the tone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-audio"

#include "parlo-ringer.h"
#include "parlo-bridge-protocol.h"

#define DO_NOT_DISTURB_KEY "do-not-disturb"

typedef enum {
  TONE_NONE,
  TONE_RING,
  TONE_WAITING,
  TONE_RINGBACK,
  TONE_ONCE,      /* busy or error: left to play out */
} Tone;

struct _ParloRinger
{
  GObject         parent_instance;

  ParloEngine    *engine;
  ParloCallModel *calls;
  GSettings      *settings;
  Tone            playing;
};

G_DEFINE_FINAL_TYPE (ParloRinger, parlo_ringer, G_TYPE_OBJECT)

static void
on_tone_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  /* A missing tone is no reason to bother the person; the call goes on. */
  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    g_debug ("Tone: %s", error->message);
}

static void
play (ParloRinger *self, Tone tone, const char *name, gboolean repeat)
{
  self->playing = tone;
  parlo_engine_play_tone_async (self->engine, name, NULL, repeat, NULL, on_tone_done, NULL);
}

/* The tone the live calls ask for. */
static Tone
wanted_tone (ParloRinger *self)
{
  GListModel *calls = G_LIST_MODEL (self->calls);
  gboolean incoming = FALSE, ringback = FALSE, in_progress = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      switch (parlo_call_get_state (call))
        {
        case PARLO_CALL_STATE_INCOMING:
          incoming = TRUE;
          break;
        case PARLO_CALL_STATE_RINGING:
          ringback = ringback || parlo_call_get_direction (call) == PARLO_CALL_DIRECTION_OUTGOING;
          break;
        case PARLO_CALL_STATE_EARLY:
        case PARLO_CALL_STATE_ESTABLISHED:
        case PARLO_CALL_STATE_HELD:
          in_progress = TRUE;
          break;
        case PARLO_CALL_STATE_OUTGOING:
        case PARLO_CALL_STATE_TERMINATED:
        default:
          break;
        }
    }

  if (incoming)
    {
      if (g_settings_get_boolean (self->settings, DO_NOT_DISTURB_KEY))
        return TONE_NONE;
      return in_progress ? TONE_WAITING : TONE_RING;
    }
  return ringback && !in_progress ? TONE_RINGBACK : TONE_NONE;
}

static void
update (ParloRinger *self)
{
  Tone tone = wanted_tone (self);

  if (tone == self->playing || (tone == TONE_NONE && self->playing == TONE_ONCE))
    return;
  switch (tone)
    {
    case TONE_RING: play (self, tone, PARLO_BRIDGE_TONE_RING, TRUE); break;
    case TONE_WAITING: play (self, tone, PARLO_BRIDGE_TONE_WAITING, TRUE); break;
    case TONE_RINGBACK: play (self, tone, PARLO_BRIDGE_TONE_RINGBACK, TRUE); break;
    case TONE_NONE:
    case TONE_ONCE:
    default:
      self->playing = TONE_NONE;
      parlo_engine_stop_tone_async (self->engine, NULL, on_tone_done, NULL);
      break;
    }
}

static void
on_call_ended (ParloCallModel *calls, ParloCall *call, ParloRinger *self)
{
  ParloCallEndReason reason = parlo_call_get_end_reason (call);

  /* Only the call we placed says busy or failed; another call going on
   * needs its sound undisturbed. */
  if (parlo_call_get_direction (call) != PARLO_CALL_DIRECTION_OUTGOING ||
      g_list_model_get_n_items (G_LIST_MODEL (calls)) > 0)
    return;
  if (reason == PARLO_CALL_END_BUSY)
    play (self, TONE_ONCE, PARLO_BRIDGE_TONE_BUSY, FALSE);
  else if (reason == PARLO_CALL_END_FAILED)
    play (self, TONE_ONCE, PARLO_BRIDGE_TONE_ERROR, FALSE);
}

static void
on_state_changed (ParloRinger *self)
{
  update (self);
}

static void
on_items_changed (GListModel *calls, guint position, guint removed, guint added, ParloRinger *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      g_signal_connect_object (call, "notify::state", G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
    }
  /* A new call ends whatever one-shot tone is still playing. */
  if (added > 0 && self->playing == TONE_ONCE)
    self->playing = TONE_NONE;
  update (self);
}

static void
parlo_ringer_dispose (GObject *object)
{
  ParloRinger *self = PARLO_RINGER (object);

  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->calls);
  g_clear_object (&self->settings);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (parlo_ringer_parent_class)->dispose (object);
}

static void
parlo_ringer_class_init (ParloRingerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_ringer_dispose;
}

static void
parlo_ringer_init (ParloRinger *self)
{
}

/* settings hold "do-not-disturb". */
ParloRinger *
parlo_ringer_new (ParloEngine *engine, ParloCallModel *calls, GSettings *settings)
{
  ParloRinger *self = g_object_new (PARLO_TYPE_RINGER, NULL);

  self->engine = g_object_ref (engine);
  self->calls = g_object_ref (calls);
  self->settings = g_object_ref (settings);
  g_signal_connect (calls, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect (calls, "call-ended", G_CALLBACK (on_call_ended), self);
  g_signal_connect_swapped (settings, "changed::" DO_NOT_DISTURB_KEY, G_CALLBACK (update), self);
  on_items_changed (G_LIST_MODEL (calls), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (calls)), self);
  return self;
}
