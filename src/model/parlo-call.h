/* parlo-call.h — one call, as the engine reported it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  PARLO_CALL_STATE_INCOMING,
  PARLO_CALL_STATE_OUTGOING,
  PARLO_CALL_STATE_RINGING,
  PARLO_CALL_STATE_EARLY,
  PARLO_CALL_STATE_ESTABLISHED,
  PARLO_CALL_STATE_HELD,
  PARLO_CALL_STATE_TERMINATED,
} ParloCallState;

typedef enum {
  PARLO_CALL_DIRECTION_INCOMING,
  PARLO_CALL_DIRECTION_OUTGOING,
} ParloCallDirection;

typedef enum {
  PARLO_CALL_END_NONE,           /* still going */
  PARLO_CALL_END_HANGUP_LOCAL,   /* we hung up an answered call */
  PARLO_CALL_END_HANGUP_REMOTE,  /* the peer hung up an answered call */
  PARLO_CALL_END_DECLINED,       /* declined before answering, by us or by the peer (603) */
  PARLO_CALL_END_BUSY,           /* the peer was busy (486, 600) */
  PARLO_CALL_END_CANCELLED,      /* the caller gave up before it was answered */
  PARLO_CALL_END_NO_ANSWER,      /* nobody answered (408, 480) */
  PARLO_CALL_END_FAILED,         /* any other failure; see end-status and end-message */
  PARLO_CALL_END_INTERRUPTED,    /* the engine died during the call */
  PARLO_CALL_END_TRANSFERRED,    /* we transferred the peer to someone else */
  PARLO_CALL_END_NOT_ENCRYPTED,  /* the account requires encryption; the peer's audio had none */
} ParloCallEndReason;

/* The quietest input level a call reports, in dBov. */
#define PARLO_CALL_SILENT_LEVEL (-96.0)

#define PARLO_TYPE_CALL (parlo_call_get_type ())
G_DECLARE_FINAL_TYPE (ParloCall, parlo_call, PARLO, CALL, GObject)

const char         *parlo_call_get_id           (ParloCall *self);
const char         *parlo_call_get_account      (ParloCall *self);
const char         *parlo_call_get_peer_uri     (ParloCall *self);
const char         *parlo_call_get_peer_name    (ParloCall *self);
ParloCallDirection  parlo_call_get_direction    (ParloCall *self);
ParloCallState      parlo_call_get_state        (ParloCall *self);
gboolean            parlo_call_get_muted        (ParloCall *self);
gboolean            parlo_call_get_held         (ParloCall *self);
gboolean            parlo_call_get_remote_held  (ParloCall *self);
GDateTime          *parlo_call_get_started      (ParloCall *self);
GDateTime          *parlo_call_get_answered     (ParloCall *self);
GDateTime          *parlo_call_get_ended        (ParloCall *self);
ParloCallEndReason  parlo_call_get_end_reason   (ParloCall *self);
guint               parlo_call_get_end_status   (ParloCall *self);
const char         *parlo_call_get_end_message  (ParloCall *self);
gboolean            parlo_call_get_has_quality  (ParloCall *self);
double              parlo_call_get_packet_loss  (ParloCall *self);
guint               parlo_call_get_jitter_ms    (ParloCall *self);
guint               parlo_call_get_round_trip_ms (ParloCall *self);
double              parlo_call_get_input_level  (ParloCall *self);
int                 parlo_call_get_echo_delay_ms (ParloCall *self);
gboolean            parlo_call_get_encrypted    (ParloCall *self);
/* No audio from the peer now; went missing: at any time in the call. */
gboolean            parlo_call_get_audio_missing (ParloCall *self);
gboolean            parlo_call_get_audio_went_missing (ParloCall *self);
gboolean            parlo_call_is_live          (ParloCall *self);
gboolean            parlo_call_is_missed        (ParloCall *self);
/* Incoming and not answered yet. */
gboolean            parlo_call_is_ringing_here  (ParloCall *self);
/* Outgoing and not answered yet. */
gboolean            parlo_call_is_being_placed  (ParloCall *self);
/* Answered and not on hold. */
gboolean            parlo_call_is_talking       (ParloCall *self);

G_END_DECLS
