/* parlo-call.c — one call, as the engine reported it
 *
 * A UI-free object: widgets bind to its properties. Only ParloCallModel changes
 * it (through parlo-call-private.h), so its state always mirrors the engine's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-call-private.h"
#include "parlo-model-enums.h"
#include "parlo-util.h"

struct _ParloCall
{
  GObject             parent_instance;

  char               *id;
  char               *account;
  char               *peer_uri;
  char               *peer_name;
  ParloCallDirection  direction;
  ParloCallState      state;
  gboolean            muted;
  gboolean            held;
  gboolean            remote_held;
  GDateTime          *started;
  GDateTime          *answered;
  GDateTime          *ended;
  ParloCallEndReason  end_reason;
  guint               end_status;
  char               *end_message;
  gboolean            has_quality;   /* an RTCP report has arrived */
  double              packet_loss;
  guint               jitter_ms;
  guint               round_trip_ms;
  double              input_level;   /* dBov of what our microphone sends */
  int                 echo_delay_ms; /* how long our sound took to come back; -1 unknown */
  gboolean            encrypted;     /* its audio goes through SRTP, as the engine says */
  gboolean            audio_missing; /* the peer's audio has stopped arriving */
  gboolean            audio_went_missing; /* it did at some time in this call */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT,
  PROP_PEER_URI,
  PROP_PEER_NAME,
  PROP_DIRECTION,
  PROP_STATE,
  PROP_MUTED,
  PROP_HELD,
  PROP_REMOTE_HELD,
  PROP_STARTED,
  PROP_ANSWERED,
  PROP_ENDED,
  PROP_END_REASON,
  PROP_END_STATUS,
  PROP_END_MESSAGE,
  PROP_HAS_QUALITY,
  PROP_PACKET_LOSS,
  PROP_JITTER_MS,
  PROP_ROUND_TRIP_MS,
  PROP_INPUT_LEVEL,
  PROP_ECHO_DELAY_MS,
  PROP_ENCRYPTED,
  PROP_AUDIO_MISSING,
  N_PROPS
};

enum {
  SIGNAL_DTMF,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ParloCall, parlo_call, G_TYPE_OBJECT)

static void
parlo_call_finalize (GObject *object)
{
  ParloCall *self = PARLO_CALL (object);

  g_free (self->id);
  g_free (self->account);
  g_free (self->peer_uri);
  g_free (self->peer_name);
  g_free (self->end_message);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->answered, g_date_time_unref);
  g_clear_pointer (&self->ended, g_date_time_unref);
  G_OBJECT_CLASS (parlo_call_parent_class)->finalize (object);
}

static void
parlo_call_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloCall *self = PARLO_CALL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_ACCOUNT: g_value_set_string (value, self->account); break;
    case PROP_PEER_URI: g_value_set_string (value, self->peer_uri); break;
    case PROP_PEER_NAME: g_value_set_string (value, self->peer_name); break;
    case PROP_DIRECTION: g_value_set_enum (value, self->direction); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_HELD: g_value_set_boolean (value, self->held); break;
    case PROP_REMOTE_HELD: g_value_set_boolean (value, self->remote_held); break;
    case PROP_STARTED: g_value_set_boxed (value, self->started); break;
    case PROP_ANSWERED: g_value_set_boxed (value, self->answered); break;
    case PROP_ENDED: g_value_set_boxed (value, self->ended); break;
    case PROP_END_REASON: g_value_set_enum (value, self->end_reason); break;
    case PROP_END_STATUS: g_value_set_uint (value, self->end_status); break;
    case PROP_END_MESSAGE: g_value_set_string (value, self->end_message); break;
    case PROP_HAS_QUALITY: g_value_set_boolean (value, self->has_quality); break;
    case PROP_PACKET_LOSS: g_value_set_double (value, self->packet_loss); break;
    case PROP_JITTER_MS: g_value_set_uint (value, self->jitter_ms); break;
    case PROP_ROUND_TRIP_MS: g_value_set_uint (value, self->round_trip_ms); break;
    case PROP_INPUT_LEVEL: g_value_set_double (value, self->input_level); break;
    case PROP_ECHO_DELAY_MS: g_value_set_int (value, self->echo_delay_ms); break;
    case PROP_ENCRYPTED: g_value_set_boolean (value, self->encrypted); break;
    case PROP_AUDIO_MISSING: g_value_set_boolean (value, self->audio_missing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READABLE (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
parlo_call_class_init (ParloCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_call_finalize;
  object_class->get_property = parlo_call_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, READABLE);
  properties[PROP_ACCOUNT] = g_param_spec_string ("account", NULL, NULL, NULL, READABLE);
  properties[PROP_PEER_URI] = g_param_spec_string ("peer-uri", NULL, NULL, NULL, READABLE);
  properties[PROP_PEER_NAME] = g_param_spec_string ("peer-name", NULL, NULL, NULL, READABLE);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, PARLO_TYPE_CALL_DIRECTION,
                       PARLO_CALL_DIRECTION_INCOMING, READABLE);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PARLO_TYPE_CALL_STATE,
                       PARLO_CALL_STATE_INCOMING, READABLE);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, READABLE);
  properties[PROP_HELD] = g_param_spec_boolean ("held", NULL, NULL, FALSE, READABLE);
  properties[PROP_REMOTE_HELD] = g_param_spec_boolean ("remote-held", NULL, NULL, FALSE, READABLE);
  properties[PROP_STARTED] = g_param_spec_boxed ("started", NULL, NULL, G_TYPE_DATE_TIME, READABLE);
  properties[PROP_ANSWERED] = g_param_spec_boxed ("answered", NULL, NULL, G_TYPE_DATE_TIME, READABLE);
  properties[PROP_ENDED] = g_param_spec_boxed ("ended", NULL, NULL, G_TYPE_DATE_TIME, READABLE);
  properties[PROP_END_REASON] =
    g_param_spec_enum ("end-reason", NULL, NULL, PARLO_TYPE_CALL_END_REASON,
                       PARLO_CALL_END_NONE, READABLE);
  properties[PROP_END_STATUS] = g_param_spec_uint ("end-status", NULL, NULL, 0, 999, 0, READABLE);
  properties[PROP_END_MESSAGE] = g_param_spec_string ("end-message", NULL, NULL, NULL, READABLE);
  properties[PROP_HAS_QUALITY] = g_param_spec_boolean ("has-quality", NULL, NULL, FALSE, READABLE);
  properties[PROP_PACKET_LOSS] =
    g_param_spec_double ("packet-loss", NULL, NULL, 0.0, 100.0, 0.0, READABLE);
  properties[PROP_JITTER_MS] = g_param_spec_uint ("jitter-ms", NULL, NULL, 0, G_MAXUINT, 0, READABLE);
  properties[PROP_ROUND_TRIP_MS] =
    g_param_spec_uint ("round-trip-ms", NULL, NULL, 0, G_MAXUINT, 0, READABLE);
  properties[PROP_ECHO_DELAY_MS] =
    g_param_spec_int ("echo-delay-ms", NULL, NULL, -1, G_MAXINT, -1, READABLE);
  properties[PROP_INPUT_LEVEL] =
    g_param_spec_double ("input-level", NULL, NULL, PARLO_CALL_SILENT_LEVEL, 0.0, PARLO_CALL_SILENT_LEVEL,
                         READABLE);
  /* What the engine reports of the audio itself, not what the account asks for. */
  properties[PROP_ENCRYPTED] = g_param_spec_boolean ("encrypted", NULL, NULL, FALSE, READABLE);
  /* No RTP from the peer for seconds: not silence, which still arrives. */
  properties[PROP_AUDIO_MISSING] = g_param_spec_boolean ("audio-missing", NULL, NULL, FALSE, READABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A DTMF key the peer sent ("0"–"9", "*", "#", "A"–"D"). */
  signals[SIGNAL_DTMF] =
    g_signal_new ("dtmf", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
parlo_call_init (ParloCall *self)
{
  self->input_level = PARLO_CALL_SILENT_LEVEL;
  self->echo_delay_ms = -1;
}

ParloCall *
parlo_call_new (const char         *id,
                const char         *account,
                ParloCallDirection  direction,
                const char         *peer_uri,
                const char         *peer_name)
{
  ParloCall *self = g_object_new (PARLO_TYPE_CALL, NULL);

  self->id = g_strdup (id);
  self->account = g_strdup (account);
  self->direction = direction;
  self->state = direction == PARLO_CALL_DIRECTION_INCOMING
    ? PARLO_CALL_STATE_INCOMING : PARLO_CALL_STATE_OUTGOING;
  self->peer_uri = g_strdup (peer_uri);
  self->peer_name = g_strdup (peer_name && *peer_name ? peer_name : NULL);
  self->started = g_date_time_new_now_utc ();
  return self;
}

static void
notify (ParloCall *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (ParloCall *self, gboolean *field, gboolean value, guint prop)
{
  if (*field != !!value)
    {
      *field = !!value;
      notify (self, prop);
    }
}

static void
set_uint (ParloCall *self, guint *field, guint value, guint prop)
{
  if (*field != value)
    {
      *field = value;
      notify (self, prop);
    }
}

static void
apply_hold (ParloCall *self)
{
  ParloCallState state = self->state;

  if (state == PARLO_CALL_STATE_ESTABLISHED && self->held)
    state = PARLO_CALL_STATE_HELD;
  else if (state == PARLO_CALL_STATE_HELD && !self->held)
    state = PARLO_CALL_STATE_ESTABLISHED;
  if (state != self->state)
    {
      self->state = state;
      notify (self, PROP_STATE);
    }
}

void
parlo_call_set_state (ParloCall *self, ParloCallState state)
{
  g_return_if_fail (PARLO_IS_CALL (self));
  g_return_if_fail (state != PARLO_CALL_STATE_TERMINATED);

  if (self->state == state || self->state == PARLO_CALL_STATE_TERMINATED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->state = state;
  if (state == PARLO_CALL_STATE_ESTABLISHED && self->answered == NULL)
    {
      self->answered = g_date_time_new_now_utc ();
      notify (self, PROP_ANSWERED);
    }
  notify (self, PROP_STATE);
  apply_hold (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
parlo_call_set_flags (ParloCall *self, gboolean muted, gboolean held, gboolean remote_held)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  if (self->state == PARLO_CALL_STATE_TERMINATED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->muted, muted, PROP_MUTED);
  set_boolean (self, &self->held, held, PROP_HELD);
  set_boolean (self, &self->remote_held, remote_held, PROP_REMOTE_HELD);
  apply_hold (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
parlo_call_set_peer_name (ParloCall *self, const char *peer_name)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  if (peer_name != NULL && *peer_name != '\0' && parlo_set_str (&self->peer_name, peer_name))
    notify (self, PROP_PEER_NAME);
}

void
parlo_call_set_quality (ParloCall *self, double packet_loss, guint jitter_ms, guint round_trip_ms)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->has_quality, TRUE, PROP_HAS_QUALITY);
  packet_loss = CLAMP (packet_loss, 0.0, 100.0);
  if (self->packet_loss != packet_loss)
    {
      self->packet_loss = packet_loss;
      notify (self, PROP_PACKET_LOSS);
    }
  set_uint (self, &self->jitter_ms, jitter_ms, PROP_JITTER_MS);
  set_uint (self, &self->round_trip_ms, round_trip_ms, PROP_ROUND_TRIP_MS);
  g_object_thaw_notify (G_OBJECT (self));
}

/* delay_ms: how long sound took to come back from an echoing peer, -1 if it
 * did not. */
void
parlo_call_set_echo_delay (ParloCall *self, int delay_ms)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  delay_ms = MAX (delay_ms, -1);
  if (self->echo_delay_ms == delay_ms)
    return;
  self->echo_delay_ms = delay_ms;
  notify (self, PROP_ECHO_DELAY_MS);
}

void
parlo_call_set_encrypted (ParloCall *self, gboolean encrypted)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  if (self->state != PARLO_CALL_STATE_TERMINATED)
    set_boolean (self, &self->encrypted, encrypted, PROP_ENCRYPTED);
}

void
parlo_call_set_audio_missing (ParloCall *self, gboolean missing)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  if (self->state == PARLO_CALL_STATE_TERMINATED)
    return;
  self->audio_went_missing |= missing;
  set_boolean (self, &self->audio_missing, missing, PROP_AUDIO_MISSING);
}

/* level is in dBov, as the engine measures what the microphone sends. */
void
parlo_call_set_input_level (ParloCall *self, double level)
{
  g_return_if_fail (PARLO_IS_CALL (self));

  level = CLAMP (level, PARLO_CALL_SILENT_LEVEL, 0.0);
  if (self->input_level == level)
    return;
  self->input_level = level;
  notify (self, PROP_INPUT_LEVEL);
}

void
parlo_call_end (ParloCall *self, ParloCallEndReason reason, guint status, const char *message)
{
  g_return_if_fail (PARLO_IS_CALL (self));
  g_return_if_fail (reason != PARLO_CALL_END_NONE);

  if (self->state == PARLO_CALL_STATE_TERMINATED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->end_reason = reason;
  self->end_status = status;
  self->end_message = g_strdup (message);
  self->ended = g_date_time_new_now_utc ();
  self->state = PARLO_CALL_STATE_TERMINATED;
  notify (self, PROP_END_REASON);
  notify (self, PROP_END_STATUS);
  notify (self, PROP_END_MESSAGE);
  notify (self, PROP_ENDED);
  notify (self, PROP_STATE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
parlo_call_emit_dtmf (ParloCall *self, const char *key)
{
  g_return_if_fail (PARLO_IS_CALL (self));
  g_signal_emit (self, signals[SIGNAL_DTMF], 0, key);
}

const char *parlo_call_get_id (ParloCall *self) { return self->id; }
const char *parlo_call_get_account (ParloCall *self) { return self->account; }
const char *parlo_call_get_peer_uri (ParloCall *self) { return self->peer_uri; }
const char *parlo_call_get_peer_name (ParloCall *self) { return self->peer_name; }
ParloCallDirection parlo_call_get_direction (ParloCall *self) { return self->direction; }
ParloCallState parlo_call_get_state (ParloCall *self) { return self->state; }
gboolean parlo_call_get_muted (ParloCall *self) { return self->muted; }
gboolean parlo_call_get_held (ParloCall *self) { return self->held; }
gboolean parlo_call_get_remote_held (ParloCall *self) { return self->remote_held; }
GDateTime *parlo_call_get_started (ParloCall *self) { return self->started; }
GDateTime *parlo_call_get_answered (ParloCall *self) { return self->answered; }
GDateTime *parlo_call_get_ended (ParloCall *self) { return self->ended; }
ParloCallEndReason parlo_call_get_end_reason (ParloCall *self) { return self->end_reason; }
guint parlo_call_get_end_status (ParloCall *self) { return self->end_status; }
const char *parlo_call_get_end_message (ParloCall *self) { return self->end_message; }
gboolean parlo_call_get_has_quality (ParloCall *self) { return self->has_quality; }
double parlo_call_get_packet_loss (ParloCall *self) { return self->packet_loss; }
guint parlo_call_get_jitter_ms (ParloCall *self) { return self->jitter_ms; }
guint parlo_call_get_round_trip_ms (ParloCall *self) { return self->round_trip_ms; }
double parlo_call_get_input_level (ParloCall *self) { return self->input_level; }
int parlo_call_get_echo_delay_ms (ParloCall *self) { return self->echo_delay_ms; }
gboolean parlo_call_get_encrypted (ParloCall *self) { return self->encrypted; }
gboolean parlo_call_get_audio_missing (ParloCall *self) { return self->audio_missing; }
gboolean parlo_call_get_audio_went_missing (ParloCall *self) { return self->audio_went_missing; }

/* An incoming call that ended before anyone answered it, and that we did not decline. */
gboolean
parlo_call_is_missed (ParloCall *self)
{
  g_return_val_if_fail (PARLO_IS_CALL (self), FALSE);
  return self->direction == PARLO_CALL_DIRECTION_INCOMING &&
         self->answered == NULL &&
         (self->end_reason == PARLO_CALL_END_CANCELLED ||
          self->end_reason == PARLO_CALL_END_NO_ANSWER);
}

gboolean
parlo_call_is_live (ParloCall *self)
{
  g_return_val_if_fail (PARLO_IS_CALL (self), FALSE);
  return self->state != PARLO_CALL_STATE_TERMINATED;
}

gboolean
parlo_call_is_ringing_here (ParloCall *self)
{
  g_return_val_if_fail (PARLO_IS_CALL (self), FALSE);
  return self->state == PARLO_CALL_STATE_INCOMING;
}

gboolean
parlo_call_is_being_placed (ParloCall *self)
{
  g_return_val_if_fail (PARLO_IS_CALL (self), FALSE);
  return self->state == PARLO_CALL_STATE_OUTGOING || self->state == PARLO_CALL_STATE_RINGING ||
         self->state == PARLO_CALL_STATE_EARLY;
}

gboolean
parlo_call_is_talking (ParloCall *self)
{
  g_return_val_if_fail (PARLO_IS_CALL (self), FALSE);
  return self->state == PARLO_CALL_STATE_ESTABLISHED;
}
