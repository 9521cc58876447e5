/* bridge-calls.c — what the app knows about each call.
 *
 * Every UA event passes through here on its way to the app. This file keeps a
 * snapshot of each call as the app last heard of it, and reports as
 * CALL_UPDATE what changes without an event: the hold and mute flags, the
 * codec. It settles the call.dial requests whose call has no id yet, knows
 * which call a command is ending and which one we transferred, so that its
 * CALL_CLOSED says so, and follows a transfer the peer asks for. A call that
 * the account's required encryption rules out is ended here, with a cause.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>

#include "bridge.h"
#include "bridge-calls.h"
#include "bridge-events.h"
#include "bridge-media.h"

struct call_snapshot {
	struct le le;
	const struct call *call;  /* identity only: compared, never followed */
	char *id;
	struct bridge_call_flags flags;
	bool transferring;        /* we asked the peer to call someone else */
	bool refusing;            /* being ended: its audio is not encrypted */
};

/* A call.dial whose call has no id yet: with a media NAT (STUN, ICE)
 * baresip sends the INVITE, and so learns the Call-ID, only later. */
struct pending_dial {
	struct le le;
	int64_t request_id;
	struct call *call;        /* used only while call_is_live() */
	bridge_dial_h *dialh;
	bool invite_started;
};

static struct {
	struct list snapshots;
	struct list pending_dials;
	struct tmr sync_tmr;
	const struct call *hanging_up;  /* call being ended by a command */
	uint16_t hangup_scode;
	const struct ua *unheard_ua;    /* half-added account being undone */
	bridge_call_ended_h *endedh;
} calls;


static void sync_later(void);


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


/* ---- What the app knows about each call ------------------------------- */

static struct call_snapshot *find_snapshot(const struct call *call)
{
	struct le *le;

	LIST_FOREACH(&calls.snapshots, le) {
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

		list_append(&calls.snapshots, &snap->le, snap);
	}

	snap->flags = bridge_call_flags_now(call);
}


static void forget_call(const struct call *call)
{
	mem_deref(find_snapshot(call));
}


static void forget_vanished_calls(void)
{
	struct le *le = list_head(&calls.snapshots);

	while (le) {
		struct call_snapshot *snap = le->data;

		le = le->next;
		if (!call_is_live(snap->call, snap->id))
			mem_deref(snap);
	}
}


/* A call we transferred ends when the peer has reached the new party: its
 * closure then says "transferred" rather than "hung up". */
void bridge_calls_mark_transferring(struct call *call)
{
	struct call_snapshot *snap;

	remember_call(call);
	snap = find_snapshot(call);
	if (snap)
		snap->transferring = true;
}


/* Tells the app about a call it has not heard of through an event. */
void bridge_calls_announce(struct call *call)
{
	bridge_events_send_update(call);
	remember_call(call);
}


static void report_changed_calls(void)
{
	struct le *ule, *cle;

	LIST_FOREACH(uag_list(), ule) {
		LIST_FOREACH(ua_calls(ule->data), cle) {
			struct call *call = cle->data;
			struct call_snapshot *snap = find_snapshot(call);
			struct bridge_call_flags flags =
				bridge_call_flags_now(call);

			if (!snap) {
				remember_call(call);
				continue;
			}

			if (bridge_call_flags_equal(&snap->flags, &flags))
				continue;

			snap->flags = flags;
			bridge_events_send_update(call);
		}
	}
}


/* ---- Dials waiting for their call id ---------------------------------- */

static void pending_dial_destructor(void *arg)
{
	struct pending_dial *dial = arg;

	list_unlink(&dial->le);
}


/* dialh settles the request once the call has an id, or has failed. */
int bridge_calls_await_id(struct call *call, int64_t request_id,
			  bridge_dial_h *dialh)
{
	struct pending_dial *dial;

	dial = mem_zalloc(sizeof(*dial), pending_dial_destructor);
	if (!dial)
		return ENOMEM;

	dial->request_id = request_id;
	dial->call = call;
	dial->dialh = dialh;
	list_append(&calls.pending_dials, &dial->le, dial);

	return 0;
}


static struct pending_dial *find_pending_dial(const struct call *call)
{
	struct le *le;

	LIST_FOREACH(&calls.pending_dials, le) {
		struct pending_dial *dial = le->data;

		if (dial->call == call)
			return dial;
	}

	return NULL;
}


static void succeed_pending_dial(struct pending_dial *dial)
{
	bridge_calls_announce(dial->call);
	dial->dialh(dial->request_id, dial->call, NULL);
	mem_deref(dial);
}


static void fail_pending_dial(struct pending_dial *dial, const char *why)
{
	dial->dialh(dial->request_id, dial->call, why);
	mem_deref(dial);
}


/* Settles a pending call.dial as soon as an event shows its fate. */
static void advance_pending_dial(struct call *call, enum ua_event ev,
				 const char *prm)
{
	struct pending_dial *dial = find_pending_dial(call);

	if (!dial)
		return;

	if (call_id(call)) {
		succeed_pending_dial(dial);
	}
	else if (ev == UA_EVENT_CALL_CLOSED) {
		fail_pending_dial(dial, str_isset(prm) ? prm : "closed");
	}
	else if (ev == UA_EVENT_CALL_LOCAL_SDP) {
		/* The INVITE is being sent now; its Call-ID is known once
		 * this callback has returned. */
		dial->invite_started = true;
		sync_later();
	}
}


static void settle_pending_dials(void)
{
	struct le *le = list_head(&calls.pending_dials);

	while (le) {
		struct pending_dial *dial = le->data;
		struct call *call = dial->call;

		le = le->next;

		if (!call_is_live(call, NULL)) {
			fail_pending_dial(dial, "the call ended");
		}
		else if (call_id(call)) {
			succeed_pending_dial(dial);
		}
		else if (dial->invite_started) {
			fail_pending_dial(dial, "the INVITE could not be sent");
			ua_hangup(call_get_ua(call), call, 0, NULL);
		}
	}
}


/* ---- Calls the account's encryption rules out ------------------------ */

/* An answer without SRTP on a "srtp-mand" account: baresip established the
 * call with its audio refused. The app is not told it was answered. */
static bool refuse_if_unencrypted(struct call *call)
{
	struct call_snapshot *snap;

	if (!bridge_media_lacks_required_encryption(call))
		return false;

	remember_call(call);
	snap = find_snapshot(call);
	if (snap)
		snap->refusing = true;
	sync_later();  /* not inside baresip's own handler of the answer */

	return true;
}


static void end_refused_calls(void)
{
	struct le *le = list_head(&calls.snapshots);

	while (le) {
		struct call_snapshot *snap = le->data;
		struct call *call = (struct call *)snap->call;

		le = le->next;
		if (snap->refusing && call_is_live(call, snap->id))
			bridge_calls_hang_up(call, 0, "Media not encrypted");
	}
}


/* Why the engine ended a call itself, for its CALL_CLOSED. baresip answers
 * an offer without SRTP on a "srtp-mand" account with 488 before any event
 * (the app first hears of the call as it closes), and so does a plain peer
 * our encrypted offer: a 488 to it is taken as that. */
static const char *cause_of(const struct call *call,
			    const struct call_snapshot *snap)
{
	bool refused;

	if (snap && snap->refusing)
		return PARLO_BRIDGE_CAUSE_UNENCRYPTED;

	refused = call_is_outgoing(call) ? call_scode(call) == 488 : !snap;

	return refused && bridge_media_lacks_required_encryption(call)
		? PARLO_BRIDGE_CAUSE_UNENCRYPTED : NULL;
}


/* Reports what changed without a UA event: after a command, and after a
 * call closed (baresip then silently resumes another held call). */
void bridge_calls_sync(void)
{
	end_refused_calls();
	settle_pending_dials();
	report_changed_calls();
	forget_vanished_calls();
}


static void on_sync_tmr(void *arg)
{
	(void)arg;

	bridge_calls_sync();
}


static void sync_later(void)
{
	tmr_start(&calls.sync_tmr, 0, on_sync_tmr, NULL);
}


/* ---- Ending calls ----------------------------------------------------- */

/* Ends a call on the app's behalf; its CALL_CLOSED says local. */
void bridge_calls_hang_up(struct call *call, uint16_t scode,
			  const char *reason)
{
	bool declining = call_state(call) == CALL_STATE_INCOMING;

	/* baresip rejects an incoming call with 486 unless told 4xx-6xx */
	calls.hanging_up = call;
	calls.hangup_scode = !declining ? 0 : scode >= 400 ? scode : 486;

	ua_hangup(call_get_ua(call), call, scode, reason);

	calls.hanging_up = NULL;
}


/* Destroys an account the app never heard of, with no events about it. */
void bridge_calls_destroy_unheard(struct ua *ua)
{
	calls.unheard_ua = ua;
	ua_destroy(ua);
	calls.unheard_ua = NULL;
}


static struct bridge_closure closure_of(const struct call *call)
{
	const struct call_snapshot *snap = find_snapshot(call);
	bool local = call == calls.hanging_up;
	struct bridge_closure closure = {
		.scode = local ? calls.hangup_scode : call_scode(call),
		.local = local,
		.transferred = snap && snap->transferring,
		.cause = cause_of(call, snap),
	};

	return closure;
}


static void forward_event(struct ua *ua, enum ua_event ev, struct call *call,
			  const char *prm)
{
	static unsigned refused_calls;
	struct bridge_closure closure;
	char id[32];

	if (call && ev == UA_EVENT_CALL_CLOSED) {
		closure = closure_of(call);
		/* baresip gives an incoming call its id once it accepts it */
		if (closure.cause && !str_isset(call_id(call))) {
			(void)re_snprintf(id, sizeof(id), "refused-%u",
					  ++refused_calls);
			closure.id = id;
		}
		bridge_events_send(ua, ev, call, prm, &closure);
	}
	else {
		bridge_events_send(ua, ev, call, prm, NULL);
	}
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
		bridge_calls_announce(call2);
}


void bridge_calls_on_ua_event(struct ua *ua, enum ua_event ev,
			      struct call *call, const char *prm, void *arg)
{
	/* baresip 1.0.0 frees a call whose transfer failed, without
	 * closing it: tell the app the call is over */
	bool transfer_failed = ev == UA_EVENT_CALL_TRANSFER_FAILED;
	(void)arg;

	if (ua && ua == calls.unheard_ua)
		return;

	if (call)
		advance_pending_dial(call, ev, prm);

	if (call && ev == UA_EVENT_CALL_ESTABLISHED) {
		if (refuse_if_unencrypted(call))
			return;
		bridge_media_watch();
	}

	forward_event(ua, ev, call, prm);
	if (call && transfer_failed) {
		struct call_snapshot *snap = find_snapshot(call);

		if (snap)
			snap->transferring = false;
		forward_event(ua, UA_EVENT_CALL_CLOSED, call, prm);
	}
	if (call && ev == UA_EVENT_CALL_TRANSFER && str_isset(prm))
		follow_transfer(ua, call, prm);

	if (!call)
		return;

	if (ev == UA_EVENT_CALL_CLOSED || transfer_failed) {
		forget_call(call);
		if (calls.endedh)
			calls.endedh(call);
		sync_later();
	}
	else {
		remember_call(call);
	}
}


/* ---- Module ----------------------------------------------------------- */

/* endedh hears of every call that is over. */
void bridge_calls_init(bridge_call_ended_h *endedh)
{
	list_init(&calls.snapshots);
	list_init(&calls.pending_dials);
	tmr_init(&calls.sync_tmr);
	calls.endedh = endedh;
}


void bridge_calls_close(void)
{
	tmr_cancel(&calls.sync_tmr);
	list_flush(&calls.snapshots);
	list_flush(&calls.pending_dials);
}
