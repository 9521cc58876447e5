/* parlo-protocol.h — the one codec for the bridge protocol (docs/bridge-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "parlo-bridge-protocol.h"

G_BEGIN_DECLS

/* Lines longer than this are refused on both sides of the socket. */
#define PARLO_PROTOCOL_MAX_LINE PARLO_BRIDGE_MAX_LINE

/* The range of VU levels, in dBov: silence to full scale. */
#define PARLO_PROTOCOL_LEVEL_MIN (-96.0)
#define PARLO_PROTOCOL_LEVEL_MAX 0.0

#define PARLO_PROTOCOL_ERROR (parlo_protocol_error_quark ())

typedef enum {
  PARLO_PROTOCOL_ERROR_INVALID,
  PARLO_PROTOCOL_ERROR_TOO_LONG,
} ParloProtocolError;

typedef enum {
  PARLO_EVENT_OTHER,
  PARLO_EVENT_REGISTERING,
  PARLO_EVENT_REGISTER_OK,
  PARLO_EVENT_REGISTER_FAIL,
  PARLO_EVENT_UNREGISTERING,
  PARLO_EVENT_CALL_INCOMING,
  PARLO_EVENT_CALL_RINGING,
  PARLO_EVENT_CALL_PROGRESS,
  PARLO_EVENT_CALL_ESTABLISHED,
  PARLO_EVENT_CALL_CLOSED,
  PARLO_EVENT_CALL_UPDATE,
  PARLO_EVENT_CALL_DTMF_START,
  PARLO_EVENT_CALL_DTMF_END,
  PARLO_EVENT_CALL_RTCP,
  PARLO_EVENT_CALL_MENC,
  PARLO_EVENT_CALL_RTP_RX_STOPPED,
  PARLO_EVENT_CALL_RTP_RX_RESUMED,
  PARLO_EVENT_CALL_TRANSFER,
  PARLO_EVENT_CALL_TRANSFER_FAILED,
  PARLO_EVENT_VU_TX,
  PARLO_EVENT_VU_RX,
  PARLO_EVENT_ECHO_DELAY,
} ParloEventType;

typedef enum {
  PARLO_EVENT_DIRECTION_NONE,
  PARLO_EVENT_DIRECTION_INCOMING,
  PARLO_EVENT_DIRECTION_OUTGOING,
} ParloEventDirection;

/* Why the engine ended a call itself (CALL_CLOSED's "cause"). */
typedef enum {
  PARLO_EVENT_CAUSE_NONE,
  PARLO_EVENT_CAUSE_UNENCRYPTED,  /* the account requires encryption; the peer's audio had none */
} ParloEventCause;

typedef struct {
  guint rx_packets;
  gint  rx_lost;
  guint rx_jitter_us;
  guint tx_packets;
  gint  tx_lost;
  guint tx_jitter_us;
  guint rtt_us;
} ParloRtcpStats;

typedef struct {
  ParloEventType      type;
  char               *type_name;    /* as the engine spelt it */
  char               *account;      /* AOR, or NULL */
  char               *call_id;      /* NULL unless a call event */
  ParloEventDirection direction;
  char               *peer_uri;
  char               *peer_name;
  char               *param;
  gboolean            has_call_flags;
  gboolean            onhold;
  gboolean            peerhold;
  gboolean            muted;
  gboolean            encrypted;    /* the call's audio goes through SRTP now */
  char               *codec;        /* call events: "PCMA/8000/1", or NULL before media */
  guint               scode;        /* CALL_CLOSED and REGISTER_FAIL */
  char               *error_name;   /* REGISTER_FAIL without a status: "ECONNREFUSED"… */
  guint               expires;      /* REGISTER_OK: seconds until it is refreshed */
  gboolean            local;        /* CALL_CLOSED only: ended by our command */
  gboolean            transferred;  /* CALL_CLOSED only: we handed the peer on */
  ParloEventCause     cause;        /* CALL_CLOSED only */
  gboolean            has_rtcp;
  ParloRtcpStats      rtcp;
  gboolean            has_level;
  double              level;        /* VU_TX, VU_RX: dBov */
  gint                delay_ms;     /* ECHO_DELAY: how long sound took to come back; -1 never */
  /* REGISTER_FAIL, CALL_CLOSED: the server's certificate was refused */
  char               *tls_problem;      /* "unknown_authority"…, or NULL */
  char               *tls_fingerprint;  /* SHA-256, "AA:BB:…" */
  GStrv               tls_names;        /* the names it is for */
  gint64              tls_expires;      /* Unix time; 0 unknown */
} ParloEvent;

typedef struct {
  gint64      id;                   /* 0 when the engine could not tell */
  gboolean    ok;
  char       *error;                /* set when !ok */
  JsonObject *body;                 /* the whole response object */
} ParloResponse;

#define PARLO_TYPE_EVENT (parlo_event_get_type ())
#define PARLO_TYPE_RESPONSE (parlo_response_get_type ())

GQuark         parlo_protocol_error_quark (void);
GType          parlo_event_get_type       (void) G_GNUC_CONST;
GType          parlo_response_get_type    (void) G_GNUC_CONST;

ParloEvent    *parlo_event_copy           (const ParloEvent *event);
void           parlo_event_free           (ParloEvent *event);
ParloResponse *parlo_response_copy        (const ParloResponse *response);
void           parlo_response_free        (ParloResponse *response);

gboolean       parlo_protocol_decode      (const char     *line,
                                           gsize           length,
                                           ParloEvent    **out_event,
                                           ParloResponse **out_response,
                                           GError        **error);
char          *parlo_protocol_encode_command (gint64      id,
                                              const char *command,
                                              JsonObject *arguments);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParloEvent, parlo_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParloResponse, parlo_response_free)

G_END_DECLS
