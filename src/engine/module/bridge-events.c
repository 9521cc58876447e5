/* bridge-events.c — tells the app what happens to accounts and calls.
 *
 * Forwards every UA event, and reports as CALL_UPDATE what changes without
 * one: a call's hold and mute flags, its codec, and a placed call that got
 * its id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "bridge.h"
#include "bridge-socket.h"

/* What the app last heard about a call's hold and mute flags and codec. */
struct call_flags {
	bool onhold;
	bool peerhold;
	bool muted;
	const struct aucodec *codec;  /* identity only: compared */
};

struct call_snapshot {
	struct le le;
	const struct call *call;  /* identity only: compared, never followed */
	char *id;
	struct call_flags flags;
	bool transferring;        /* we asked the peer to call someone else */
};

/* A call.dial whose call has no id yet: with a media NAT (STUN, ICE)
 * baresip sends the INVITE, and so learns the Call-ID, only later. */
struct pending_dial {
	struct le le;
	int64_t request_id;
	struct call *call;        /* used only while call_is_live() */
	bool invite_started;
};


struct bridge bridge;


/* ---- Calls ------------------------------------------------------------ */

const char *bridge_call_state_name(enum call_state state)
{
	switch (state) {

	case CALL_STATE_IDLE:        return "IDLE";
	case CALL_STATE_INCOMING:    return "INCOMING";
	case CALL_STATE_OUTGOING:    return "OUTGOING";
	case CALL_STATE_RINGING:     return "RINGING";
	case CALL_STATE_EARLY:       return "EARLY";
	case CALL_STATE_ESTABLISHED: return "ESTABLISHED";
	case CALL_STATE_TERMINATED:  return "TERMINATED";
	default:                     return "UNKNOWN";
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


static struct call_flags call_flags_now(const struct call *call)
{
	struct call_flags flags = {
		.onhold = call_is_onhold(call),
		.peerhold = call_is_held_by_peer(call),
		.muted = audio_ismuted(call_audio(call)),
		.codec = audio_codec(call_audio(call), true),
	};

	return flags;
}


static bool call_flags_equal(const struct call_flags *a,
			     const struct call_flags *b)
{
	return a->onhold == b->onhold && a->peerhold == b->peerhold &&
		a->muted == b->muted && a->codec == b->codec;
}


/* Whether a call object is still alive: baresip frees calls without telling
 * modules, so a remembered pointer is only trusted while it is listed. */
static bool call_is_live(const struct call *call, const char *id)
{
	struct le *ule, *cle;

	LIST_FOREACH(uag_list(), ule) {
		LIST_FOREACH(ua_calls(ule->data), cle) {
			if (cle->data == call)
				return !id || !str_cmp(call_id(call), id);
		}
	}

	return false;
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

	return odict_entry_add(od, "codec", ODICT_STRING, codec);
}


static int add_call_fields(struct odict *od, const struct call *call,
			   enum call_state state)
{
	struct call_flags flags = call_flags_now(call);
	int err;

	err  = odict_entry_add(od, "state", ODICT_STRING,
			       bridge_call_state_name(state));
	err |= odict_entry_add(od, "onhold", ODICT_BOOL, flags.onhold);
	err |= odict_entry_add(od, "peerhold", ODICT_BOOL, flags.peerhold);
	err |= odict_entry_add(od, "muted", ODICT_BOOL, flags.muted);
	err |= bridge_add_codec(od, call);

	return err;
}


/* ---- What the app knows about each call ------------------------------- */

static struct call_snapshot *find_snapshot(const struct call *call)
{
	struct le *le;

	LIST_FOREACH(&bridge.snapshots, le) {
		struct call_snapshot *snap = le->data;

		if (snap->call == call && !str_cmp(snap->id, call_id(call)))
			return snap;
	}

	return NULL;
}


static void snapshot_destructor(void *arg)
{
	struct call_snapshot *snap = arg;

	list_unlink(&snap->le);
	mem_deref(snap->id);
}


static void remember_call(const struct call *call)
{
	struct call_snapshot *snap;

	if (!call_id(call))
		return;

	snap = find_snapshot(call);
	if (!snap) {
		snap = mem_zalloc(sizeof(*snap), snapshot_destructor);
		if (!snap)
			return;

		snap->call = call;
		if (str_dup(&snap->id, call_id(call))) {
			mem_deref(snap);
			return;
		}

		list_append(&bridge.snapshots, &snap->le, snap);
	}

	snap->flags = call_flags_now(call);
}


static void forget_call(const struct call *call)
{
	mem_deref(find_snapshot(call));
}


static void forget_vanished_calls(void)
{
	struct le *le = list_head(&bridge.snapshots);

	while (le) {
		struct call_snapshot *snap = le->data;

		le = le->next;
		if (!call_is_live(snap->call, snap->id))
			mem_deref(snap);
	}
}


/* baresip has no event for a changed flag: encode the call as baresip
 * encodes its call events, then name the type. */
static void send_call_update(struct ua *ua, struct call *call)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	err  = odict_entry_add(od, "event", ODICT_BOOL, true);
	err |= event_encode_dict(od, ua, UA_EVENT_CALL_PROGRESS, call, NULL);
	odict_entry_del(od, "type");
	err |= odict_entry_add(od, "type", ODICT_STRING, "CALL_UPDATE");
	err |= add_call_fields(od, call, call_state(call));

	if (!err)
		bridge_socket_send(od);

	mem_deref(od);
}


/* An event of our own about a call: its type, the call's fields, and one
 * number. */
void bridge_send_call_measure(struct call *call, const char *type,
			      const char *field, int64_t value)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	err  = odict_entry_add(od, "event", ODICT_BOOL, true);
	err |= event_encode_dict(od, call_get_ua(call), UA_EVENT_CALL_PROGRESS,
				 call, NULL);
	odict_entry_del(od, "type");
	err |= odict_entry_add(od, "type", ODICT_STRING, type);
	err |= add_call_fields(od, call, call_state(call));
	err |= odict_entry_add(od, field, ODICT_INT, value);

	if (!err)
		bridge_socket_send(od);

	mem_deref(od);
}


/* A call we transferred ends when the peer has reached the new party: its
 * closure then says "transferred" rather than "hung up". */
void bridge_mark_transferring(struct call *call)
{
	struct call_snapshot *snap;

	remember_call(call);
	snap = find_snapshot(call);
	if (snap)
		snap->transferring = true;
}


void bridge_announce_call(struct call *call)
{
	send_call_update(call_get_ua(call), call);
	remember_call(call);
}


static void report_changed_calls(void)
{
	struct le *ule, *cle;

	LIST_FOREACH(uag_list(), ule) {
		LIST_FOREACH(ua_calls(ule->data), cle) {
			struct call *call = cle->data;
			struct call_snapshot *snap = find_snapshot(call);
			struct call_flags flags = call_flags_now(call);

			if (!snap) {
				remember_call(call);
				continue;
			}

			if (call_flags_equal(&snap->flags, &flags))
				continue;

			snap->flags = flags;
			send_call_update(ule->data, call);
		}
	}
}


/* ---- Dials waiting for their call id ---------------------------------- */

static void pending_dial_destructor(void *arg)
{
	struct pending_dial *dial = arg;

	list_unlink(&dial->le);
}


int bridge_add_pending_dial(int64_t request_id, struct call *call)
{
	struct pending_dial *dial;

	dial = mem_zalloc(sizeof(*dial), pending_dial_destructor);
	if (!dial)
		return ENOMEM;

	dial->request_id = request_id;
	dial->call = call;
	list_append(&bridge.pending_dials, &dial->le, dial);

	return 0;
}


static struct pending_dial *find_pending_dial(const struct call *call)
{
	struct le *le;

	LIST_FOREACH(&bridge.pending_dials, le) {
		struct pending_dial *dial = le->data;

		if (dial->call == call)
			return dial;
	}

	return NULL;
}


static void send_call_created(int64_t id, const char *call_id)
{
	struct odict *od = bridge_new_response(id, true);

	if (od && !odict_entry_add(od, "call", ODICT_STRING, call_id))
		bridge_socket_send(od);

	mem_deref(od);
}


static void fail_pending_dial(struct pending_dial *dial, const char *why)
{
	char *error = NULL;

	(void)re_sdprintf(&error, "the call could not be placed: %s", why);
	bridge_send_error(dial->request_id, error ? error : why);
	mem_deref(error);
	mem_deref(dial);
}


/* Answers a pending call.dial as soon as an event shows its fate. */
static void advance_pending_dial(struct call *call, enum ua_event ev,
				 const char *prm)
{
	struct pending_dial *dial = find_pending_dial(call);

	if (!dial)
		return;

	if (call_id(call)) {
		bridge_announce_call(call);
		send_call_created(dial->request_id, call_id(call));
		mem_deref(dial);
	}
	else if (ev == UA_EVENT_CALL_CLOSED) {
		fail_pending_dial(dial, str_isset(prm) ? prm : "closed");
	}
	else if (ev == UA_EVENT_CALL_LOCAL_SDP) {
		/* The INVITE is being sent now; its Call-ID is known once
		 * this callback has returned. */
		dial->invite_started = true;
		tmr_start(&bridge.sync_tmr, 0, bridge_sync_calls, NULL);
	}
}


static void settle_pending_dials(void)
{
	struct le *le = list_head(&bridge.pending_dials);

	while (le) {
		struct pending_dial *dial = le->data;
		struct call *call = dial->call;

		le = le->next;

		if (!call_is_live(call, NULL)) {
			fail_pending_dial(dial, "the call ended");
		}
		else if (call_id(call)) {
			bridge_announce_call(call);
			send_call_created(dial->request_id, call_id(call));
			mem_deref(dial);
		}
		else if (dial->invite_started) {
			fail_pending_dial(dial, "the INVITE could not be sent");
			ua_hangup(call_get_ua(call), call, 0, NULL);
		}
	}
}


/* Reports what changed without a UA event: after a command, and after a
 * call closed (baresip then silently resumes another held call). */
void bridge_sync_calls(void *arg)
{
	(void)arg;

	settle_pending_dials();
	report_changed_calls();
	forget_vanished_calls();
}


/* ---- Registrations ---------------------------------------------------- */

/* baresip tells a failed REGISTER only in words: "401 Unauthorized" for a SIP
 * status, str_error()'s text for an error of the transport or the resolver.
 * Both are turned back into fields the app can act on. */
static const struct {
	int code;
	const char *name;
} register_errors[] = {
	{ ECONNREFUSED, "ECONNREFUSED" },
	{ ECONNRESET,   "ECONNRESET" },
	{ ECONNABORTED, "ECONNABORTED" },
	{ ETIMEDOUT,    "ETIMEDOUT" },
	{ ENETUNREACH,  "ENETUNREACH" },
	{ EHOSTUNREACH, "EHOSTUNREACH" },
	{ ENOTCONN,     "ENOTCONN" },
	{ EDESTADDRREQ, "EDESTADDRREQ" },  /* the resolver found no address */
	{ ENOENT,       "ENOENT" },
	{ EPROTO,       "EPROTO" },        /* the TLS handshake failed */
	{ EBADMSG,      "EBADMSG" },
	{ EINVAL,       "EINVAL" },
	{ ENOMEM,       "ENOMEM" },
};

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
		return odict_entry_add(od, "expires", ODICT_INT,
				 (int64_t)account_regint(ua_account(ua)));
	if (ev != UA_EVENT_REGISTER_FAIL || !str_isset(prm))
		return 0;

	if (isdigit((unsigned char)prm[0]) && isdigit((unsigned char)prm[1]) &&
	    isdigit((unsigned char)prm[2]) && (prm[3] == ' ' || !prm[3]))
		return odict_entry_add(od, "scode", ODICT_INT,
				       (int64_t)strtol(prm, NULL, 10));

	error = register_error_name(prm);
	return error ? odict_entry_add(od, "error", ODICT_STRING, error) : 0;
}


/* ---- Events ----------------------------------------------------------- */

static int add_closure_fields(struct odict *od, const struct call *call)
{
	const struct call_snapshot *snap = find_snapshot(call);
	bool local = call == bridge.hanging_up;
	uint16_t scode = local ? bridge.hangup_scode : call_scode(call);
	int err;

	err  = odict_entry_add(od, "scode", ODICT_INT, (int64_t)scode);
	err |= odict_entry_add(od, "local", ODICT_BOOL, local);
	err |= odict_entry_add(od, "transferred", ODICT_BOOL,
			       snap && snap->transferring);

	return err;
}


/* baresip names them VU_TX_REPORT and VU_RX_REPORT and gives the level
 * only as text. */
static int add_level_fields(struct odict *od, enum ua_event ev,
			    const char *prm)
{
	int err;

	odict_entry_del(od, "type");
	err  = odict_entry_add(od, "type", ODICT_STRING,
			       ev == UA_EVENT_VU_TX ? "VU_TX" : "VU_RX");
	err |= odict_entry_add(od, "level", ODICT_DOUBLE,
			       str_isset(prm) ? strtod(prm, NULL) : 0.0);

	return err;
}


static void send_event(struct ua *ua, enum ua_event ev, struct call *call,
		       const char *prm)
{
	bool closed = ev == UA_EVENT_CALL_CLOSED;
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return;

	err  = odict_entry_add(od, "event", ODICT_BOOL, true);
	err |= event_encode_dict(od, ua, ev, call, prm);
	if (call) {
		/* baresip leaves the state of a call closed by the peer */
		err |= add_call_fields(od, call, closed ? CALL_STATE_TERMINATED
					   : call_state(call));
	}
	if (call && closed)
		err |= add_closure_fields(od, call);
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


/* The peer asked us (REFER) to call someone else: do it, as a phone does. The
 * new call carries the old one along, and baresip ends the old one once the new
 * one connects. */
static void follow_transfer(struct ua *ua, struct call *call,
			    const char *target)
{
	struct call *call2 = NULL;
	struct pl pl;
	int err;

	err = ua_call_alloc(&call2, ua, VIDMODE_OFF, NULL, call,
			    call_localuri(call), true);
	if (!err) {
		pl_set_str(&pl, target);
		err = call_connect(call2, &pl);
	}

	if (err) {
		warning("parlo_bridge: could not follow the transfer to %s"
			" (%m)\n", target, err);
		(void)call_notify_sipfrag(call, 500, "Call Error");
		mem_deref(call2);
		return;
	}

	if (call_id(call2))
		bridge_announce_call(call2);
}


void bridge_on_ua_event(struct ua *ua, enum ua_event ev, struct call *call,
			const char *prm, void *arg)
{
	/* baresip 1.0.0 frees a call whose transfer failed, without
	 * closing it: tell the app the call is over */
	bool transfer_failed = ev == UA_EVENT_CALL_TRANSFER_FAILED;
	(void)arg;

	if (ua && ua == bridge.discarded_ua)
		return;

	if (call)
		advance_pending_dial(call, ev, prm);

	send_event(ua, ev, call, prm);
	if (call && transfer_failed) {
		struct call_snapshot *snap = find_snapshot(call);

		if (snap)
			snap->transferring = false;
		send_event(ua, UA_EVENT_CALL_CLOSED, call, prm);
	}
	if (call && ev == UA_EVENT_CALL_TRANSFER && str_isset(prm))
		follow_transfer(ua, call, prm);

	if (!call)
		return;

	if (ev == UA_EVENT_CALL_CLOSED || transfer_failed) {
		forget_call(call);
		bridge_probe_forget(call);
		tmr_start(&bridge.sync_tmr, 0, bridge_sync_calls, NULL);
	}
	else {
		remember_call(call);
	}
}


void bridge_calls_init(void)
{
	list_init(&bridge.snapshots);
	list_init(&bridge.pending_dials);
	tmr_init(&bridge.sync_tmr);
}


void bridge_calls_close(void)
{
	tmr_cancel(&bridge.sync_tmr);
	list_flush(&bridge.snapshots);
	list_flush(&bridge.pending_dials);
}
