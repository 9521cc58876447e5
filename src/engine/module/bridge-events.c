/* bridge-events.c — encodes what happens to accounts and calls as events.
 *
 * A UA event is encoded as baresip encodes it for ctrl_tcp, with the fields
 * the protocol adds: the call's state, flags and codec, how a closed call
 * ended, the level of a VU event, why a registration failed, and why the
 * server's certificate was refused when that is why a REGISTER or a call
 * failed. The module's own
 * events, CALL_UPDATE and ECHO_DELAY, carry the same call fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "bridge.h"
#include "bridge-events.h"
#include "bridge-media.h"
#include "bridge-socket.h"
#include "bridge-tls.h"


/* ---- Calls ------------------------------------------------------------ */

const char *bridge_call_state_name(enum call_state state)
{
	switch (state) {

	case CALL_STATE_IDLE:        return PARLO_BRIDGE_STATE_IDLE;
	case CALL_STATE_INCOMING:    return PARLO_BRIDGE_STATE_INCOMING;
	case CALL_STATE_OUTGOING:    return PARLO_BRIDGE_STATE_OUTGOING;
	case CALL_STATE_RINGING:     return PARLO_BRIDGE_STATE_RINGING;
	case CALL_STATE_EARLY:       return PARLO_BRIDGE_STATE_EARLY;
	case CALL_STATE_ESTABLISHED: return PARLO_BRIDGE_STATE_ESTABLISHED;
	case CALL_STATE_TERMINATED:  return PARLO_BRIDGE_STATE_TERMINATED;
	default:                     return PARLO_BRIDGE_STATE_UNKNOWN;
	}
}


/* The peer holds the call when its audio is sendonly or inactive. libre
 * stores the remote direction as seen from here: sendonly is RECVONLY. */
static bool call_is_held_by_peer(const struct call *call)
{
	const struct sdp_media *m =
		stream_sdpmedia(audio_strm(call_audio(call)));

	if (!m)
		return false;

	switch (sdp_media_rdir(m)) {

	case SDP_RECVONLY:
	case SDP_INACTIVE:
		return true;

	default:
		return false;
	}
}


struct bridge_call_flags bridge_call_flags_now(const struct call *call)
{
	struct bridge_call_flags flags = {
		.onhold = call_is_onhold(call),
		.peerhold = call_is_held_by_peer(call),
		.muted = audio_ismuted(call_audio(call)),
		.encrypted = bridge_media_is_encrypted(call),
		.codec = audio_codec(call_audio(call), true),
	};

	return flags;
}


bool bridge_call_flags_equal(const struct bridge_call_flags *a,
			     const struct bridge_call_flags *b)
{
	return a->onhold == b->onhold && a->peerhold == b->peerhold &&
		a->muted == b->muted && a->encrypted == b->encrypted &&
		a->codec == b->codec;
}


/* The codec we send with, as account.add's audio_codecs names it:
 * "PCMA/8000/1". None until the media is negotiated. */
int bridge_add_codec(struct odict *od, const struct call *call)
{
	const struct aucodec *ac = audio_codec(call_audio(call), true);
	char codec[64];

	if (!ac)
		return 0;

	(void)re_snprintf(codec, sizeof(codec), "%s/%u/%u", ac->name,
			  ac->srate, (unsigned)ac->ch);

	return odict_entry_add(od, PARLO_BRIDGE_FIELD_CODEC, ODICT_STRING,
			       codec);
}


static int add_call_fields(struct odict *od, const struct call *call,
			   enum call_state state)
{
	struct bridge_call_flags flags = bridge_call_flags_now(call);
	int err;

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_STATE, ODICT_STRING,
			       bridge_call_state_name(state));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_ONHOLD, ODICT_BOOL,
			       flags.onhold);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_PEERHOLD, ODICT_BOOL,
			       flags.peerhold);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_MUTED, ODICT_BOOL,
			       flags.muted);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_ENCRYPTED, ODICT_BOOL,
			       flags.encrypted);
	err |= bridge_add_codec(od, call);

	return err;
}


/* baresip's encoding of a call event, under a type of our own. */
static int encode_call_event(struct odict *od, struct call *call,
			     const char *type)
{
	int err;

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_EVENT, ODICT_BOOL, true);
	err |= event_encode_dict(od, call_get_ua(call), UA_EVENT_CALL_PROGRESS,
				 call, NULL);
	odict_entry_del(od, PARLO_BRIDGE_FIELD_TYPE);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_TYPE, ODICT_STRING, type);
	err |= add_call_fields(od, call, call_state(call));

	return err;
}


/* baresip has no event for a changed flag, nor for a placed call that got
 * its id. */
void bridge_events_send_update(struct call *call)
{
	struct odict *od = NULL;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	if (!encode_call_event(od, call, PARLO_BRIDGE_EVENT_CALL_UPDATE))
		bridge_socket_send(od);

	mem_deref(od);
}


/* How long sound took to come back from the peer, -1 if it never did. */
void bridge_events_send_echo_delay(struct call *call, int64_t delay_ms)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	err  = encode_call_event(od, call, PARLO_BRIDGE_EVENT_ECHO_DELAY);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_DELAY_MS, ODICT_INT,
			       delay_ms);

	if (!err)
		bridge_socket_send(od);

	mem_deref(od);
}


/* The peer's RTP stopped arriving, or came back. */
void bridge_events_send_rx(struct call *call, bool stopped, uint32_t packets)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	err  = encode_call_event(od, call, stopped
				 ? PARLO_BRIDGE_EVENT_CALL_RTP_RX_STOPPED
				 : PARLO_BRIDGE_EVENT_CALL_RTP_RX_RESUMED);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_RX_PACKETS, ODICT_INT,
			       (int64_t)packets);

	if (!err)
		bridge_socket_send(od);

	mem_deref(od);
}


/* ---- Registrations ---------------------------------------------------- */

/* baresip tells a failed REGISTER only in words: "401 Unauthorized" for a SIP
 * status, str_error()'s text for an error of the transport or the resolver.
 * Both are turned back into fields the app can act on. */
#define REGISTER_ERROR_ROW(id, name) { E##id, name },
static const struct {
	int code;
	const char *name;
} register_errors[] = {
	PARLO_BRIDGE_REGISTER_ERRORS (REGISTER_ERROR_ROW)
};
#undef REGISTER_ERROR_ROW

static const char *register_error_name(const char *prm)
{
	char text[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(register_errors); i++) {
		if (0 == str_casecmp(str_error(register_errors[i].code, text,
						   sizeof(text)), prm))
			return register_errors[i].name;
	}

	return NULL;
}

/* REGISTER_OK: "expires", the interval asked for (libre refreshes before
 * whatever the registrar granted runs out). REGISTER_FAIL: "scode", the SIP
 * status or 0, and "error", the errno name when no status came back. */
static int add_registration_fields(struct odict *od, struct ua *ua,
				   enum ua_event ev, const char *prm)
{
	const char *error;

	if (ev == UA_EVENT_REGISTER_OK)
		return odict_entry_add(od, PARLO_BRIDGE_FIELD_EXPIRES,
				       ODICT_INT,
				 (int64_t)account_regint(ua_account(ua)));
	if (ev != UA_EVENT_REGISTER_FAIL || !str_isset(prm))
		return 0;

	if (isdigit((unsigned char)prm[0]) && isdigit((unsigned char)prm[1]) &&
	    isdigit((unsigned char)prm[2]) && (prm[3] == ' ' || !prm[3]))
		return odict_entry_add(od, PARLO_BRIDGE_FIELD_SCODE, ODICT_INT,
				       (int64_t)strtol(prm, NULL, 10));

	error = register_error_name(prm);
	if (!error)
		return 0;

	/* a failed handshake: the server's certificate may be why (a refusal
	 * kept from before does not explain another error) */
	return odict_entry_add(od, PARLO_BRIDGE_FIELD_ERROR, ODICT_STRING,
			       error) |
		(0 == str_cmp(error, PARLO_BRIDGE_REGISTER_ERROR_PROTO) ?
		 bridge_tls_add_problem(od, ua, NULL) : 0);
}


/* ---- UA events -------------------------------------------------------- */

static int add_closure_fields(struct odict *od,
			      const struct bridge_closure *closure)
{
	int err;

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_SCODE, ODICT_INT,
			       (int64_t)closure->scode);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_LOCAL, ODICT_BOOL,
			       closure->local);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_TRANSFERRED, ODICT_BOOL,
			       closure->transferred);
	if (closure->cause)
		err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_CAUSE,
				       ODICT_STRING, closure->cause);
	if (closure->id) {
		odict_entry_del(od, PARLO_BRIDGE_FIELD_ID);
		err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_ID,
				       ODICT_STRING, closure->id);
	}

	return err;
}


/* baresip names them VU_TX_REPORT and VU_RX_REPORT and gives the level
 * only as text. */
static int add_level_fields(struct odict *od, enum ua_event ev,
			    const char *prm)
{
	int err;

	odict_entry_del(od, PARLO_BRIDGE_FIELD_TYPE);
	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_TYPE, ODICT_STRING,
			       ev == UA_EVENT_VU_TX ? PARLO_BRIDGE_EVENT_VU_TX
			       : PARLO_BRIDGE_EVENT_VU_RX);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_LEVEL, ODICT_DOUBLE,
			       str_isset(prm) ? strtod(prm, NULL) : 0.0);

	return err;
}


/* One UA event; closure is how the call ended, for a CALL_CLOSED. */
void bridge_events_send(struct ua *ua, enum ua_event ev, struct call *call,
			const char *prm, const struct bridge_closure *closure)
{
	bool closed = ev == UA_EVENT_CALL_CLOSED;
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_EVENT, ODICT_BOOL, true);
	err |= event_encode_dict(od, ua, ev, call, prm);
	if (call) {
		/* baresip leaves the state of a call closed by the peer */
		err |= add_call_fields(od, call, closed ? CALL_STATE_TERMINATED
					   : call_state(call));
	}
	if (call && closure)
		err |= add_closure_fields(od, closure);
	if (call && closure && closed && !closure->scode)
		err |= bridge_tls_add_problem(od, ua, call);
	if (ev == UA_EVENT_VU_TX || ev == UA_EVENT_VU_RX)
		err |= add_level_fields(od, ev, prm);
	if (!call && ua)
		err |= add_registration_fields(od, ua, ev, prm);

	if (!err)
		bridge_socket_send(od);
	else
		warning("parlo_bridge: could not encode event %d\n", ev);

	mem_deref(od);
}
