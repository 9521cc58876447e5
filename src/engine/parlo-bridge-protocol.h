/* parlo-bridge-protocol.h — the names both ends of the bridge socket share
 *
 * The app's codec (parlo-protocol.c, parlo-engine*.c) and the baresip module
 * (module/) spell every name of the protocol through this header, so that the
 * two cannot drift apart. docs/bridge-protocol.md says what each one means; a
 * unit test checks that it names them all.
 *
 * Plain C: no GLib, no libre. Each table below is an X-macro, X (ID, "name"),
 * and defines one constant per row, PARLO_BRIDGE_<TABLE>_<ID>: for instance
 * PARLO_BRIDGE_COMMAND_CALL_DIAL is "call.dial" and PARLO_BRIDGE_FIELD_PEERURI
 * is "peeruri". A table can also be walked, by passing it a macro of one's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The environment variable that gives baresip the fd number of its end. */
#define PARLO_BRIDGE_FD_VARIABLE "PARLO_BRIDGE_FD"

/* Lines longer than this, in bytes, are refused on both ends of the socket. */
#define PARLO_BRIDGE_MAX_LINE (64 * 1024)

/* Commands, app → engine: the value of "command". */
#define PARLO_BRIDGE_COMMANDS(X) \
  X (ACCOUNT_ADD,        "account.add") \
  X (ACCOUNT_REMOVE,     "account.remove") \
  X (ACCOUNT_REGISTER,   "account.register") \
  X (ACCOUNT_UNREGISTER, "account.unregister") \
  X (CALL_DIAL,          "call.dial") \
  X (CALL_ANSWER,        "call.answer") \
  X (CALL_HANGUP,        "call.hangup") \
  X (CALL_HOLD,          "call.hold") \
  X (CALL_RESUME,        "call.resume") \
  X (CALL_MUTE,          "call.mute") \
  X (CALL_DTMF,          "call.dtmf") \
  X (CALL_MEASURE_ECHO,  "call.measure_echo") \
  X (CALL_TRANSFER,      "call.transfer") \
  X (AUDIO_SET,          "audio.set") \
  X (TONE_PLAY,          "tone.play") \
  X (TONE_STOP,          "tone.stop") \
  X (ENGINE_STATUS,      "engine.status")

/* Events, engine → app: the value of "type". baresip names most of them
 * (as event_encode_dict spells them); CALL_UPDATE, VU_TX, VU_RX,
 * ECHO_DELAY, CALL_RTP_RX_STOPPED and CALL_RTP_RX_RESUMED are the module's
 * own. */
#define PARLO_BRIDGE_EVENTS(X) \
  X (REGISTERING,      "REGISTERING") \
  X (REGISTER_OK,      "REGISTER_OK") \
  X (REGISTER_FAIL,    "REGISTER_FAIL") \
  X (UNREGISTERING,    "UNREGISTERING") \
  X (CALL_INCOMING,    "CALL_INCOMING") \
  X (CALL_RINGING,     "CALL_RINGING") \
  X (CALL_PROGRESS,    "CALL_PROGRESS") \
  X (CALL_ESTABLISHED, "CALL_ESTABLISHED") \
  X (CALL_CLOSED,      "CALL_CLOSED") \
  X (CALL_UPDATE,      "CALL_UPDATE") \
  X (CALL_DTMF_START,  "CALL_DTMF_START") \
  X (CALL_DTMF_END,    "CALL_DTMF_END") \
  X (CALL_RTCP,        "CALL_RTCP") \
  X (CALL_MENC,        "CALL_MENC") \
  X (CALL_RTP_RX_STOPPED, "CALL_RTP_RX_STOPPED") \
  X (CALL_RTP_RX_RESUMED, "CALL_RTP_RX_RESUMED") \
  X (TRANSFER,         "TRANSFER") \
  X (TRANSFER_FAILED,  "TRANSFER_FAILED") \
  X (VU_TX,            "VU_TX") \
  X (VU_RX,            "VU_RX") \
  X (ECHO_DELAY,       "ECHO_DELAY")

/* The members of commands, responses and events. */
#define PARLO_BRIDGE_FIELDS(X) \
  /* every line */ \
  X (ID,               "id") \
  X (COMMAND,          "command") \
  X (RESPONSE,         "response") \
  X (OK,               "ok") \
  X (ERROR,            "error") \
  X (EVENT,            "event") \
  /* account.add */ \
  X (AOR,              "aor") \
  X (PASSWORD,         "password") \
  X (AUTH_USER,        "auth_user") \
  X (DISPLAY_NAME,     "display_name") \
  X (TRANSPORT,        "transport") \
  X (OUTBOUND,         "outbound") \
  X (SERVER,           "server") \
  X (REGINT,           "regint") \
  X (MEDIAENC,         "mediaenc") \
  X (STUN,             "stun") \
  X (ICE,              "ice") \
  X (TURN,             "turn") \
  X (TURN_USER,        "turn_user") \
  X (TURN_PASSWORD,    "turn_password") \
  X (KEEPALIVE,        "keepalive") \
  X (CATCHALL,         "catchall") \
  X (AUDIO_CODECS,     "audio_codecs") \
  X (TLS_PIN,          "tls_pin") \
  X (CONTACT_USER,     "contact_user") \
  X (ACCEPT_DIRECT,    "accept_direct") \
  /* call commands */ \
  X (ACCOUNT,          "account") \
  X (URI,              "uri") \
  X (CALL,             "call") \
  X (CODE,             "code") \
  X (REASON,           "reason") \
  X (MUTED,            "muted") \
  X (DIGITS,           "digits") \
  /* audio.set and tone.play */ \
  X (ROLE,             "role") \
  X (DEVICE,           "device") \
  X (TONE,             "tone") \
  X (KEY,              "key") \
  X (REPEAT,           "repeat") \
  /* engine.status */ \
  X (ACCOUNTS,         "accounts") \
  X (REGISTERED,       "registered") \
  X (REFUSED_DIRECT,   "refused_direct") \
  X (CALLS,            "calls") \
  X (LISTEN,           "listen") \
  /* events, as baresip's event_encode_dict writes them */ \
  X (TYPE,             "type") \
  X (CLASS,            "class") \
  X (ACCOUNTAOR,       "accountaor") \
  X (DIRECTION,        "direction") \
  X (PEERURI,          "peeruri") \
  X (PEERDISPLAYNAME,  "peerdisplayname") \
  X (PARAM,            "param") \
  X (RTCP_STATS,       "rtcp_stats") \
  X (RX,               "rx") \
  X (TX,               "tx") \
  X (SENT,             "sent") \
  X (LOST,             "lost") \
  X (JIT,              "jit") \
  X (RTT,              "rtt") \
  /* events, added by the module */ \
  X (STATE,            "state") \
  X (ONHOLD,           "onhold") \
  X (PEERHOLD,         "peerhold") \
  X (CODEC,            "codec") \
  X (SCODE,            "scode") \
  X (LOCAL,            "local") \
  X (TRANSFERRED,      "transferred") \
  X (EXPIRES,          "expires") \
  X (LEVEL,            "level") \
  X (DELAY_MS,         "delay_ms") \
  X (TLS_PROBLEM,      "tls_problem") \
  X (TLS_FINGERPRINT,  "tls_fingerprint") \
  X (TLS_NAMES,        "tls_names") \
  X (TLS_EXPIRES,      "tls_expires") \
  X (ENCRYPTED,        "encrypted") \
  X (CAUSE,            "cause") \
  X (RX_PACKETS,       "rx_packets")

/* Values of "direction". */
#define PARLO_BRIDGE_DIRECTIONS(X) \
  X (INCOMING,         "incoming") \
  X (OUTGOING,         "outgoing")

/* Values of "state": baresip's call states. */
#define PARLO_BRIDGE_STATES(X) \
  X (IDLE,             "IDLE") \
  X (INCOMING,         "INCOMING") \
  X (OUTGOING,         "OUTGOING") \
  X (RINGING,          "RINGING") \
  X (EARLY,            "EARLY") \
  X (ESTABLISHED,      "ESTABLISHED") \
  X (TERMINATED,       "TERMINATED") \
  X (UNKNOWN,          "UNKNOWN")

/* Values of "role" in audio.set. */
#define PARLO_BRIDGE_ROLES(X) \
  X (SOURCE,           "source") \
  X (PLAYER,           "player") \
  X (ALERT,            "alert")

/* Values of "tone" in tone.play. */
#define PARLO_BRIDGE_TONES(X) \
  X (RING,             "ring") \
  X (WAITING,          "waiting") \
  X (RINGBACK,         "ringback") \
  X (BUSY,             "busy") \
  X (ERROR,            "error") \
  X (DTMF,             "dtmf")

/* Values of "transport" and "mediaenc" in account.add. */
#define PARLO_BRIDGE_TRANSPORTS(X) \
  X (UDP,              "udp") \
  X (TCP,              "tcp") \
  X (TLS,              "tls")

#define PARLO_BRIDGE_MEDIAENCS(X) \
  X (SRTP,             "srtp") \
  X (SRTP_MANDATORY,   "srtp-mand") \
  X (DTLS_SRTP,        "dtls_srtp")

/* Values of "cause" in CALL_CLOSED: why the engine itself ended the call. */
#define PARLO_BRIDGE_CAUSES(X) \
  X (UNENCRYPTED,      "unencrypted")

/* Values of "error" in REGISTER_FAIL: errno names, without the E (errno.h
 * would expand them). */
#define PARLO_BRIDGE_REGISTER_ERRORS(X) \
  X (CONNREFUSED,      "ECONNREFUSED") \
  X (CONNRESET,        "ECONNRESET") \
  X (CONNABORTED,      "ECONNABORTED") \
  X (TIMEDOUT,         "ETIMEDOUT") \
  X (NETUNREACH,       "ENETUNREACH") \
  X (HOSTUNREACH,      "EHOSTUNREACH") \
  X (NOTCONN,          "ENOTCONN") \
  X (DESTADDRREQ,      "EDESTADDRREQ") \
  X (NOENT,            "ENOENT") \
  X (PROTO,            "EPROTO") \
  X (BADMSG,           "EBADMSG") \
  X (INVAL,            "EINVAL") \
  X (NOMEM,            "ENOMEM")

/* Values of "tls_problem": why the server's certificate was refused. */
#define PARLO_BRIDGE_TLS_PROBLEMS(X) \
  X (UNKNOWN_AUTHORITY, "unknown_authority") \
  X (NAME_MISMATCH,    "name_mismatch") \
  X (EXPIRED,          "expired") \
  X (NOT_YET_VALID,    "not_yet_valid") \
  X (SELF_SIGNED,      "self_signed") \
  X (CHANGED,          "changed") \
  X (INVALID,          "invalid")

/* The constants. A file uses the few it needs; the compiler drops the rest
 * and, as they come from a header, does not warn about them. */
#define PARLO_BRIDGE_DEFINE_(table, id, name) \
  static const char PARLO_BRIDGE_##table##_##id[] = name;
#define PARLO_BRIDGE_COMMAND_(id, name)   PARLO_BRIDGE_DEFINE_ (COMMAND, id, name)
#define PARLO_BRIDGE_EVENT_(id, name)     PARLO_BRIDGE_DEFINE_ (EVENT, id, name)
#define PARLO_BRIDGE_FIELD_(id, name)     PARLO_BRIDGE_DEFINE_ (FIELD, id, name)
#define PARLO_BRIDGE_DIRECTION_(id, name) PARLO_BRIDGE_DEFINE_ (DIRECTION, id, name)
#define PARLO_BRIDGE_STATE_(id, name)     PARLO_BRIDGE_DEFINE_ (STATE, id, name)
#define PARLO_BRIDGE_ROLE_(id, name)      PARLO_BRIDGE_DEFINE_ (ROLE, id, name)
#define PARLO_BRIDGE_TONE_(id, name)      PARLO_BRIDGE_DEFINE_ (TONE, id, name)
#define PARLO_BRIDGE_TRANSPORT_(id, name) PARLO_BRIDGE_DEFINE_ (TRANSPORT, id, name)
#define PARLO_BRIDGE_MEDIAENC_(id, name)  PARLO_BRIDGE_DEFINE_ (MEDIAENC, id, name)
#define PARLO_BRIDGE_CAUSE_(id, name)     PARLO_BRIDGE_DEFINE_ (CAUSE, id, name)
#define PARLO_BRIDGE_REGISTER_ERROR_(id, name) PARLO_BRIDGE_DEFINE_ (REGISTER_ERROR, id, name)
#define PARLO_BRIDGE_TLS_PROBLEM_(id, name) PARLO_BRIDGE_DEFINE_ (TLS_PROBLEM, id, name)

PARLO_BRIDGE_COMMANDS (PARLO_BRIDGE_COMMAND_)
PARLO_BRIDGE_EVENTS (PARLO_BRIDGE_EVENT_)
PARLO_BRIDGE_FIELDS (PARLO_BRIDGE_FIELD_)
PARLO_BRIDGE_DIRECTIONS (PARLO_BRIDGE_DIRECTION_)
PARLO_BRIDGE_STATES (PARLO_BRIDGE_STATE_)
PARLO_BRIDGE_ROLES (PARLO_BRIDGE_ROLE_)
PARLO_BRIDGE_TONES (PARLO_BRIDGE_TONE_)
PARLO_BRIDGE_TRANSPORTS (PARLO_BRIDGE_TRANSPORT_)
PARLO_BRIDGE_MEDIAENCS (PARLO_BRIDGE_MEDIAENC_)
PARLO_BRIDGE_CAUSES (PARLO_BRIDGE_CAUSE_)
PARLO_BRIDGE_REGISTER_ERRORS (PARLO_BRIDGE_REGISTER_ERROR_)
PARLO_BRIDGE_TLS_PROBLEMS (PARLO_BRIDGE_TLS_PROBLEM_)

#undef PARLO_BRIDGE_COMMAND_
#undef PARLO_BRIDGE_EVENT_
#undef PARLO_BRIDGE_FIELD_
#undef PARLO_BRIDGE_DIRECTION_
#undef PARLO_BRIDGE_STATE_
#undef PARLO_BRIDGE_ROLE_
#undef PARLO_BRIDGE_TONE_
#undef PARLO_BRIDGE_TRANSPORT_
#undef PARLO_BRIDGE_MEDIAENC_
#undef PARLO_BRIDGE_CAUSE_
#undef PARLO_BRIDGE_REGISTER_ERROR_
#undef PARLO_BRIDGE_TLS_PROBLEM_
#undef PARLO_BRIDGE_DEFINE_
