/* bridge.c — the baresip module parlo_bridge: the engine side of the bridge.
 *
 * Runs inside baresip's re_main loop. Reads JSON command lines from the socket
 * whose fd number is in PARLO_BRIDGE_FD, executes them on accounts and calls
 * addressed by AOR and call id, and writes responses and every UA event back
 * as JSON lines (docs/bridge-protocol.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* libre's headers expect the fixed-width and bool types to be defined */
#include <re.h>

#include "baresip-api.h"

enum {
	MAX_LINE = 64 * 1024,            /* longest accepted command line */
	MAX_QUEUED_OUTPUT = 4 * 1024 * 1024,
	COMPACT_AFTER = 64 * 1024,       /* sent bytes kept before compacting */
	READ_CHUNK = 16 * 1024,
	MAX_DTMF_DIGITS = 64,
	JSON_MAX_DEPTH = 8,
	ODICT_HASH_SIZE = 16,
};

/* What the app last heard about a call's hold and mute flags. */
struct call_flags {
	bool onhold;
	bool peerhold;
	bool muted;
};

struct call_snapshot {
	struct le le;
	const struct call *call;  /* identity only: compared, never followed */
	char *id;
	struct call_flags flags;
};

/* A call.dial whose call has no id yet: with a media NAT (STUN, ICE)
 * baresip sends the INVITE, and so learns the Call-ID, only later. */
struct pending_dial {
	struct le le;
	int64_t request_id;
	struct call *call;        /* used only while call_is_live() */
	bool invite_started;
};

struct request {
	int64_t id;
	const struct odict *args;
	struct odict *reply;       /* the success response, filled by a command */
	char *error;
	bool deferred;             /* the command answers later itself */
};

static struct {
	int fd;
	struct mbuf *line;         /* command line being received */
	bool skipping_line;        /* dropping the rest of an over-long line */
	struct mbuf *output;       /* encoded lines not yet sent */
	bool waiting_writable;
	size_t dropped;            /* messages lost since the queue was full */
	struct list snapshots;
	struct list pending_dials;
	struct tmr sync_tmr;
	struct tmr stop_tmr;
	const struct call *hanging_up;  /* call being ended by a command */
	uint16_t hangup_scode;
	const struct ua *discarded_ua;  /* half-added account being undone */
} bridge = { .fd = -1 };


static void on_fd_ready(int flags, void *arg);


/* ---- Output ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p, 0 if it is not valid. */
static size_t utf8_sequence_length(const uint8_t *p, size_t n)
{
	static const uint32_t min_value[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t value;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	else if ((p[0] & 0xe0) == 0xc0)
		len = 2, value = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3, value = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4, value = p[0] & 0x07;
	else
		return 0;

	if (n < len)
		return 0;

	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (p[i] & 0x3f);
	}

	if (value < min_value[len] || value > 0x10ffff ||
	    (value >= 0xd800 && value <= 0xdfff))
		return 0;

	return len;
}


/* Names and reasons from the network may hold any bytes; the protocol
 * promises UTF-8, so invalid bytes become U+FFFD. */
static int write_utf8(struct mbuf *mb, const uint8_t *p, size_t n)
{
	static const uint8_t replacement[] = { 0xef, 0xbf, 0xbd };
	int err = 0;

	while (n && !err) {
		size_t len = utf8_sequence_length(p, n);

		if (len)
			err = mbuf_write_mem(mb, p, len);
		else
			err = mbuf_write_mem(mb, replacement,
					     sizeof(replacement));

		len = len ? len : 1;
		p += len;
		n -= len;
	}

	return err;
}


static void stop_baresip(void *arg)
{
	(void)arg;

	info("parlo_bridge: the app went away, stopping\n");
	ua_stop_all(false);
}


/* The app closed its end. Stop from a timer: this may be noticed deep inside
 * a baresip callback that still uses its call afterwards. */
static void lose_app(void)
{
	if (bridge.fd < 0)
		return;

	fd_close(bridge.fd);
	(void)close(bridge.fd);
	bridge.fd = -1;
	tmr_start(&bridge.stop_tmr, 0, stop_baresip, NULL);
}


static void watch_writable(bool writable)
{
	int flags = FD_READ | (writable ? FD_WRITE : 0);

	if (bridge.fd < 0 || writable == bridge.waiting_writable)
		return;

	if (fd_listen(bridge.fd, flags, on_fd_ready, NULL) == 0)
		bridge.waiting_writable = writable;
}


static void compact_output(void)
{
	struct mbuf *mb = bridge.output;
	size_t left = mbuf_get_left(mb);

	memmove(mb->buf, mbuf_buf(mb), left);
	mb->pos = 0;
	mb->end = left;
}


static void flush_output(void)
{
	struct mbuf *mb = bridge.output;

	while (bridge.fd >= 0 && mbuf_get_left(mb)) {
		ssize_t n = send(bridge.fd, mbuf_buf(mb), mbuf_get_left(mb),
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			mbuf_advance(mb, n);
			continue;
		}

		if (errno == EINTR)
			continue;

		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			watch_writable(true);
			return;
		}

		lose_app();
		return;
	}

	mbuf_rewind(mb);
	watch_writable(false);

	if (bridge.dropped) {
		warning("parlo_bridge: the app was not reading,"
			" %zu messages were dropped\n", bridge.dropped);
		bridge.dropped = 0;
	}
}


/* Queues one line and sends what the socket takes now; the rest goes out
 * when the socket is writable, so the event loop never blocks. */
static void send_line(const char *line)
{
	struct mbuf *mb = bridge.output;
	size_t n = strlen(line);
	size_t unsent_from, old_end;

	if (bridge.fd < 0)
		return;

	if (mbuf_get_left(mb) + n > MAX_QUEUED_OUTPUT) {
		++bridge.dropped;
		return;
	}

	if (mb->pos >= COMPACT_AFTER)
		compact_output();

	unsent_from = mb->pos;
	old_end = mb->end;
	mb->pos = mb->end;
	if (write_utf8(mb, (const uint8_t *)line, n)) {
		mb->end = old_end;  /* never leave half a line */
		++bridge.dropped;
	}
	mb->pos = unsent_from;

	flush_output();
}


static void send_odict(const struct odict *od)
{
	char *line = NULL;

	if (re_sdprintf(&line, "%H\n", json_encode_odict, od)) {
		warning("parlo_bridge: could not encode a message\n");
		return;
	}

	send_line(line);
	mem_deref(line);
}


/* ---- Responses -------------------------------------------------------- */

/* id 0: the line had no usable id, the response has none either. */
static struct odict *new_response(int64_t id, bool ok)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return NULL;

	err = odict_entry_add(od, "response", ODICT_BOOL, true);
	if (id > 0)
		err |= odict_entry_add(od, "id", ODICT_INT, id);
	err |= odict_entry_add(od, "ok", ODICT_BOOL, ok);

	return err ? mem_deref(od) : od;
}


static void send_error(int64_t id, const char *error)
{
	struct odict *od = new_response(id, false);

	if (od && !odict_entry_add(od, "error", ODICT_STRING, error))
		send_odict(od);

	mem_deref(od);
}


static void send_call_created(int64_t id, const char *call_id)
{
	struct odict *od = new_response(id, true);

	if (od && !odict_entry_add(od, "call", ODICT_STRING, call_id))
		send_odict(od);

	mem_deref(od);
}


static int fail(struct request *req, const char *fmt, ...)
{
	va_list ap;

	req->error = mem_deref(req->error);

	va_start(ap, fmt);
	(void)re_vsdprintf(&req->error, fmt, ap);
	va_end(ap);

	return EINVAL;
}


/* ---- Calls ------------------------------------------------------------ */

static const char *call_state_name(enum call_state state)
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
	};

	return flags;
}


static bool call_flags_equal(const struct call_flags *a,
			     const struct call_flags *b)
{
	return a->onhold == b->onhold && a->peerhold == b->peerhold &&
		a->muted == b->muted;
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


static int add_call_fields(struct odict *od, const struct call *call,
			   enum call_state state)
{
	struct call_flags flags = call_flags_now(call);
	int err;

	err  = odict_entry_add(od, "state", ODICT_STRING,
			       call_state_name(state));
	err |= odict_entry_add(od, "onhold", ODICT_BOOL, flags.onhold);
	err |= odict_entry_add(od, "peerhold", ODICT_BOOL, flags.peerhold);
	err |= odict_entry_add(od, "muted", ODICT_BOOL, flags.muted);

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
		send_odict(od);

	mem_deref(od);
}


/* A call we placed has no event with its id until the peer answers with
 * a provisional response: announce it so that the app sees it at once. */
static void announce_call(struct call *call)
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


static int add_pending_dial(int64_t request_id, struct call *call)
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


static void fail_pending_dial(struct pending_dial *dial, const char *why)
{
	char *error = NULL;

	(void)re_sdprintf(&error, "the call could not be placed: %s", why);
	send_error(dial->request_id, error ? error : why);
	mem_deref(error);
	mem_deref(dial);
}


static void sync_calls(void *arg);

/* Answers a pending call.dial as soon as an event shows its fate. */
static void advance_pending_dial(struct call *call, enum ua_event ev,
				 const char *prm)
{
	struct pending_dial *dial = find_pending_dial(call);

	if (!dial)
		return;

	if (call_id(call)) {
		announce_call(call);
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
		tmr_start(&bridge.sync_tmr, 0, sync_calls, NULL);
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
			announce_call(call);
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
static void sync_calls(void *arg)
{
	(void)arg;

	settle_pending_dials();
	report_changed_calls();
	forget_vanished_calls();
}


/* ---- Events ----------------------------------------------------------- */

static int add_closure_fields(struct odict *od, const struct call *call)
{
	bool local = call == bridge.hanging_up;
	uint16_t scode = local ? bridge.hangup_scode : call_scode(call);
	int err;

	err  = odict_entry_add(od, "scode", ODICT_INT, (int64_t)scode);
	err |= odict_entry_add(od, "local", ODICT_BOOL, local);

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

	if (!err)
		send_odict(od);
	else
		warning("parlo_bridge: could not encode event %d\n", ev);

	mem_deref(od);
}


static void on_ua_event(struct ua *ua, enum ua_event ev, struct call *call,
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
	if (call && transfer_failed)
		send_event(ua, UA_EVENT_CALL_CLOSED, call, prm);

	if (!call)
		return;

	if (ev == UA_EVENT_CALL_CLOSED || transfer_failed) {
		forget_call(call);
		tmr_start(&bridge.sync_tmr, 0, sync_calls, NULL);
	}
	else {
		remember_call(call);
	}
}


/* ---- Reading command fields ------------------------------------------- */

/* Optional fields may be absent or null; "" counts as absent too. */
static int get_string(struct request *req, const char *key, bool required,
		      const char **value)
{
	const struct odict_entry *e = odict_lookup(req->args, key);

	*value = NULL;

	if (!e || e->type == ODICT_NULL) {
		return required ? fail(req, "missing field '%s'", key) : 0;
	}

	if (e->type != ODICT_STRING)
		return fail(req, "field '%s' must be a string", key);

	if (required || str_isset(e->u.str))
		*value = e->u.str;

	return 0;
}


static int get_bool(struct request *req, const char *key, bool required,
		    bool *value)
{
	const struct odict_entry *e = odict_lookup(req->args, key);

	if (!e || e->type == ODICT_NULL) {
		return required ? fail(req, "missing field '%s'", key) : 0;
	}

	if (e->type != ODICT_BOOL)
		return fail(req, "field '%s' must be true or false", key);

	*value = e->u.boolean;

	return 0;
}


/* Leaves *value alone when the optional field is absent. */
static int get_integer(struct request *req, const char *key,
		       int64_t min, int64_t max, int64_t *value)
{
	const struct odict_entry *e = odict_lookup(req->args, key);

	if (!e || e->type == ODICT_NULL)
		return 0;

	if (e->type != ODICT_INT || e->u.integer < min || e->u.integer > max) {
		return fail(req, "field '%s' must be an integer from"
			    " %lld to %lld", key, (long long)min,
			    (long long)max);
	}

	*value = e->u.integer;

	return 0;
}


static bool has_scheme(const char *uri, const char *scheme)
{
	return !strncasecmp(uri, scheme, strlen(scheme));
}


/* SIP URIs end up inside SIP headers: only plain printable ASCII, and
 * nothing that could close the <> around them or add URI headers. */
static int check_sip_uri(struct request *req, const char *key,
			 const char *uri)
{
	struct uri parsed;
	struct pl pl;
	const char *p;

	if (!has_scheme(uri, "sip:") && !has_scheme(uri, "sips:"))
		return fail(req, "%s '%s' is not a sip: or sips: URI",
			    key, uri);

	for (p = uri; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ' || c >= 0x7f || strchr("<>\"?", c)) {
			return fail(req, "%s '%s' contains a space, a control"
				    " or non-ASCII character, or one of"
				    " < > \" ?", key, uri);
		}
	}

	pl_set_str(&pl, uri);
	if (uri_decode(&parsed, &pl) || !pl_isset(&parsed.host))
		return fail(req, "%s '%s' is not a valid SIP URI", key, uri);

	return 0;
}


/* Free text that baresip puts into SIP headers or status lines. */
static int check_header_text(struct request *req, const char *key,
			     const char *text)
{
	const char *p;

	for (p = text; p && *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < ' ' || c == 0x7f || c == '"' || c == '\\') {
			return fail(req, "field '%s' must not contain control"
				    " characters, quotes or backslashes", key);
		}
	}

	return 0;
}


/* ---- Finding accounts and calls --------------------------------------- */

static int find_account(struct request *req, const char *key,
			struct ua **uap)
{
	const char *aor;
	int err;

	err = get_string(req, key, true, &aor);
	if (err)
		return err;

	/* an empty AOR would match the first account */
	*uap = str_isset(aor) ? uag_find_aor(aor) : NULL;
	if (!*uap)
		return fail(req, "no account '%s'", aor);

	return 0;
}


static int find_call(struct request *req, struct call **callp)
{
	const char *id, *aor;
	struct ua *ua = NULL;
	struct le *le;
	int err;

	err = get_string(req, "call", true, &id);
	err = err ? err : get_string(req, "account", false, &aor);
	if (err)
		return err;

	if (aor) {
		err = find_account(req, "account", &ua);
		if (err)
			return err;
	}

	*callp = NULL;
	LIST_FOREACH(uag_list(), le) {
		if (ua && le->data != ua)
			continue;

		*callp = call_find_id(ua_calls(le->data), id);
		if (*callp)
			return 0;
	}

	return fail(req, "no call with id '%s'", id);
}


static int require_state(struct request *req, const struct call *call,
			 bool early_ok)
{
	enum call_state state = call_state(call);

	if (state == CALL_STATE_ESTABLISHED ||
	    (early_ok && state == CALL_STATE_EARLY))
		return 0;

	return fail(req, "call '%s' is not connected (it is %s)",
		    call_id(call), call_state_name(state));
}


/* ---- Account commands ------------------------------------------------- */

struct account_settings {
	const char *aor;
	const char *password;
	const char *auth_user;
	const char *display_name;
	const char *transport;
	const char *outbound;
	const char *mediaenc;
	const char *stun;
	int64_t regint;
	bool ice;
	bool catchall;
};


static int read_account_settings(struct request *req,
				 struct account_settings *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->regint = 3600;

	err = get_string(req, "aor", true, &s->aor);
	err = err ? err : get_string(req, "password", false, &s->password);
	err = err ? err : get_string(req, "auth_user", false, &s->auth_user);
	err = err ? err : get_string(req, "display_name", false,
				     &s->display_name);
	err = err ? err : get_string(req, "transport", false, &s->transport);
	err = err ? err : get_string(req, "outbound", false, &s->outbound);
	err = err ? err : get_string(req, "mediaenc", false, &s->mediaenc);
	err = err ? err : get_string(req, "stun", false, &s->stun);
	err = err ? err : get_integer(req, "regint", 0, UINT32_MAX,
				      &s->regint);
	err = err ? err : get_bool(req, "ice", false, &s->ice);
	err = err ? err : get_bool(req, "catchall", false, &s->catchall);

	return err;
}


static int check_account_settings(struct request *req,
				  const struct account_settings *s)
{
	int err;

	err = check_sip_uri(req, "aor", s->aor);
	if (!err && s->outbound)
		err = check_sip_uri(req, "outbound", s->outbound);
	err = err ? err : check_header_text(req, "auth_user", s->auth_user);
	err = err ? err : check_header_text(req, "display_name",
					    s->display_name);
	err = err ? err : check_header_text(req, "stun", s->stun);
	if (err)
		return err;

	if (s->transport && strcmp(s->transport, "udp") &&
	    strcmp(s->transport, "tcp") && strcmp(s->transport, "tls"))
		return fail(req, "transport must be udp, tcp or tls");

	if (s->mediaenc && strcmp(s->mediaenc, "srtp") &&
	    strcmp(s->mediaenc, "srtp-mand"))
		return fail(req, "mediaenc must be srtp or srtp-mand");

	return 0;
}


/* The AOR as baresip will store it: the URI without password, parameters
 * and headers. */
static int normalise_aor(char **aorp, const char *aor)
{
	struct uri uri;
	struct pl pl;
	int err;

	pl_set_str(&pl, aor);
	err = uri_decode(&uri, &pl);
	if (err)
		return err;

	uri.password = uri.params = uri.headers = pl_null;

	return re_sdprintf(aorp, "%H", uri_encode, &uri);
}


static int apply_account_settings(struct request *req, struct ua *ua,
				  const struct account_settings *s)
{
	struct account *acc = ua_account(ua);
	const char *medianat = s->ice ? "ice" : s->stun ? "stun" : NULL;
	int err;

	err  = account_set_display_name(acc, s->display_name);
	err |= account_set_auth_user(acc, s->auth_user);
	err |= account_set_auth_pass(acc, s->password);
	err |= account_set_outbound(acc, s->outbound, 0);
	err |= account_set_regint(acc, (uint32_t)s->regint);
	if (err)
		return fail(req, "could not store the account settings");

	if (s->stun && account_set_stun_uri(acc, s->stun))
		return fail(req, "stun '%s' is not a valid stun: URI", s->stun);

	if (s->mediaenc && account_set_mediaenc(acc, s->mediaenc))
		return fail(req, "media encryption '%s' is not available",
			    s->mediaenc);

	if (medianat && account_set_medianat(acc, medianat))
		return fail(req, "media NAT traversal '%s' is not available",
			    medianat);

	/* the registration clients were made from the defaults */
	if (ua_update_account(ua))
		return fail(req, "could not set up registration");

	ua_set_catchall(ua, s->catchall);

	return 0;
}


static int add_account(struct request *req, const struct account_settings *s)
{
	bool plain_udp = !s->transport || !strcmp(s->transport, "udp");
	char *sipaddr = NULL;
	struct ua *ua = NULL;
	int err;

	err = re_sdprintf(&sipaddr, "<%s%s%s>", s->aor,
			  plain_udp ? "" : ";transport=",
			  plain_udp ? "" : s->transport);
	if (err)
		return fail(req, "out of memory");

	err = ua_alloc(&ua, sipaddr);
	mem_deref(sipaddr);
	if (err)
		return fail(req, "could not add account '%s' (%m)", s->aor, err);

	err = apply_account_settings(req, ua, s);
	if (err) {
		/* the app never heard of this account: no events about it */
		bridge.discarded_ua = ua;
		ua_destroy(ua);
		bridge.discarded_ua = NULL;
		return err;
	}

	if (s->regint > 0)
		(void)ua_register(ua);  /* failures arrive as REGISTER_FAIL */

	return odict_entry_add(req->reply, "aor", ODICT_STRING, ua_aor(ua));
}


static int cmd_account_add(struct request *req)
{
	struct account_settings s;
	char *aor = NULL;
	int err;

	err = read_account_settings(req, &s);
	err = err ? err : check_account_settings(req, &s);
	if (err)
		return err;

	if (normalise_aor(&aor, s.aor))
		return fail(req, "aor '%s' is not a valid SIP URI", s.aor);

	if (uag_find_aor(aor))
		err = fail(req, "account '%s' already exists", aor);
	else
		err = add_account(req, &s);

	mem_deref(aor);

	return err;
}


/* Ends a call on the app's behalf; its CALL_CLOSED says local. */
static void hang_up(struct call *call, uint16_t scode, const char *reason)
{
	bool declining = call_state(call) == CALL_STATE_INCOMING;

	/* baresip rejects an incoming call with 486 unless told 4xx-6xx */
	bridge.hanging_up = call;
	bridge.hangup_scode = !declining ? 0 : scode >= 400 ? scode : 486;

	ua_hangup(call_get_ua(call), call, scode, reason);

	bridge.hanging_up = NULL;
}


static int cmd_account_remove(struct request *req)
{
	struct ua *ua;
	struct le *le;
	int err;

	err = find_account(req, "aor", &ua);
	if (err)
		return err;

	le = list_head(ua_calls(ua));
	while (le) {
		struct call *call = le->data;

		le = le->next;
		hang_up(call, 0, NULL);
	}

	ua_destroy(ua);

	return 0;
}


static int cmd_account_register(struct request *req)
{
	struct ua *ua;
	int err;

	err = find_account(req, "aor", &ua);
	if (err)
		return err;

	if (!account_regint(ua_account(ua)))
		return fail(req, "account '%s' has regint 0: it never"
			    " registers", ua_aor(ua));

	err = ua_register(ua);
	if (err)
		return fail(req, "could not register '%s' (%m)", ua_aor(ua),
			    err);

	return 0;
}


static int cmd_account_unregister(struct request *req)
{
	struct ua *ua;
	int err;

	err = find_account(req, "aor", &ua);
	if (err)
		return err;

	ua_unregister(ua);

	return 0;
}


/* ---- Call commands ---------------------------------------------------- */

/* What ua_connect does, minus its completion of the URI: that turns
 * sips:bob@example.org into sip:sips:bob@example.org. */
static int place_call(struct ua *ua, const char *uri, struct call **callp)
{
	const struct uri *luri = account_luri(ua_account(ua));
	struct call *call = NULL;
	char *target = NULL;
	struct pl pl;
	int err;

	/* account URI parameters such as transport=tcp apply to its calls */
	err = re_sdprintf(&target, "%s%r", uri, &luri->params);
	if (err)
		return err;

	err = ua_call_alloc(&call, ua, VIDMODE_OFF, NULL, NULL, NULL, true);
	if (!err) {
		pl_set_str(&pl, target);
		err = call_connect(call, &pl);
		if (err)
			mem_deref(call);
	}

	mem_deref(target);

	if (!err)
		*callp = call;

	return err;
}


static int cmd_call_dial(struct request *req)
{
	struct call *call = NULL;
	const char *uri;
	struct ua *ua;
	int err;

	err = find_account(req, "account", &ua);
	err = err ? err : get_string(req, "uri", true, &uri);
	err = err ? err : check_sip_uri(req, "uri", uri);
	if (err)
		return err;

	err = place_call(ua, uri, &call);
	if (err)
		return fail(req, "could not call '%s' (%m)", uri, err);

	if (call_id(call)) {
		announce_call(call);
		return odict_entry_add(req->reply, "call", ODICT_STRING,
				       call_id(call));
	}

	err = add_pending_dial(req->id, call);
	if (err) {
		hang_up(call, 0, NULL);
		return fail(req, "out of memory");
	}

	req->deferred = true;

	return 0;
}


static int cmd_call_answer(struct request *req)
{
	struct call *call;
	int err;

	err = find_call(req, &call);
	if (err)
		return err;

	if (call_state(call) != CALL_STATE_INCOMING)
		return fail(req, "call '%s' is not waiting for an answer"
			    " (it is %s)", call_id(call),
			    call_state_name(call_state(call)));

	err = ua_answer(call_get_ua(call), call, VIDMODE_OFF);
	if (err)
		return fail(req, "could not answer call '%s' (%m)",
			    call_id(call), err);

	return 0;
}


static const char *reason_phrase(uint16_t scode)
{
	switch (scode) {

	case 480: return "Temporarily Unavailable";
	case 486: return "Busy Here";
	case 600: return "Busy Everywhere";
	case 603: return "Decline";
	default:  return "Rejected";
	}
}


static int cmd_call_hangup(struct request *req)
{
	int64_t code = 0;
	const char *reason;
	struct call *call;
	int err;

	err = find_call(req, &call);
	err = err ? err : get_integer(req, "code", 300, 699, &code);
	err = err ? err : get_string(req, "reason", false, &reason);
	err = err ? err : check_header_text(req, "reason", reason);
	if (err)
		return err;

	if (code && !reason)
		reason = reason_phrase((uint16_t)code);

	hang_up(call, (uint16_t)code, reason);

	return 0;
}


static int hold_or_resume(struct request *req, bool on)
{
	struct call *call;
	int err;

	err = find_call(req, &call);
	err = err ? err : require_state(req, call, false);
	if (err)
		return err;

	err = call_hold(call, on);
	if (err)
		return fail(req, "could not %s call '%s' (%m)",
			    on ? "hold" : "resume", call_id(call), err);

	return 0;
}


static int cmd_call_hold(struct request *req)
{
	return hold_or_resume(req, true);
}


static int cmd_call_resume(struct request *req)
{
	return hold_or_resume(req, false);
}


static int cmd_call_mute(struct request *req)
{
	struct call *call;
	bool muted = false;
	int err;

	err = find_call(req, &call);
	err = err ? err : get_bool(req, "muted", true, &muted);
	if (err)
		return err;

	audio_mute(call_audio(call), muted);

	return 0;
}


static bool dtmf_digits_valid(const char *digits)
{
	size_t n = strlen(digits);

	return n >= 1 && n <= MAX_DTMF_DIGITS &&
		strspn(digits, "0123456789*#ABCD") == n;
}


static int cmd_call_dtmf(struct request *req)
{
	const char *digits, *p;
	struct call *call;
	int err;

	err = find_call(req, &call);
	err = err ? err : get_string(req, "digits", true, &digits);
	if (err)
		return err;

	if (!dtmf_digits_valid(digits))
		return fail(req, "digits must be 1 to %d of 0-9 * # A-D",
			    MAX_DTMF_DIGITS);

	err = require_state(req, call, true);
	if (err)
		return err;

	/* baresip queues the telephone events; a digit lasts until the
	 * next key or a release, so release each one. */
	for (p = digits; *p && !err; p++) {
		err  = call_send_digit(call, *p);
		err |= call_send_digit(call, KEYCODE_REL);
	}

	if (err)
		return fail(req, "could not send the digits (%m)", err);

	return 0;
}


static int cmd_call_transfer(struct request *req)
{
	struct call *call;
	const char *uri;
	int err;

	err = find_call(req, &call);
	err = err ? err : get_string(req, "uri", true, &uri);
	err = err ? err : check_sip_uri(req, "uri", uri);
	err = err ? err : require_state(req, call, false);
	if (err)
		return err;

	err = call_transfer(call, uri);
	if (err)
		return fail(req, "could not transfer call '%s' (%m)",
			    call_id(call), err);

	return 0;
}


/* ---- engine.status ---------------------------------------------------- */

static int add_array_item(struct odict *array, struct odict *item)
{
	char key[16];

	(void)re_snprintf(key, sizeof(key), "%zu", odict_count(array, false));

	return odict_entry_add(array, key, ODICT_OBJECT, item);
}


static int describe_account(struct odict *accounts, const struct ua *ua)
{
	struct odict *od = NULL;
	int err;

	err = odict_alloc(&od, ODICT_HASH_SIZE);
	if (err)
		return err;

	err  = odict_entry_add(od, "aor", ODICT_STRING, ua_aor(ua));
	err |= odict_entry_add(od, "registered", ODICT_BOOL,
			       ua_isregistered(ua));
	err |= add_array_item(accounts, od);

	mem_deref(od);

	return err;
}


static int describe_call(struct odict *calls, const struct ua *ua,
			 const struct call *call)
{
	struct odict *od = NULL;
	int err;

	if (!call_id(call))
		return 0;

	err = odict_alloc(&od, ODICT_HASH_SIZE);
	if (err)
		return err;

	err  = odict_entry_add(od, "id", ODICT_STRING, call_id(call));
	err |= odict_entry_add(od, "account", ODICT_STRING, ua_aor(ua));
	err |= odict_entry_add(od, "peeruri", ODICT_STRING,
			       call_peeruri(call));
	err |= odict_entry_add(od, "direction", ODICT_STRING,
			       call_is_outgoing(call) ? "outgoing"
			       : "incoming");
	err |= odict_entry_add(od, "state", ODICT_STRING,
			       call_state_name(call_state(call)));
	err |= odict_entry_add(od, "onhold", ODICT_BOOL,
			       call_is_onhold(call));
	err |= odict_entry_add(od, "muted", ODICT_BOOL,
			       audio_ismuted(call_audio(call)));
	err |= add_array_item(calls, od);

	mem_deref(od);

	return err;
}


static int add_listen_address(struct odict *reply)
{
	char addr[64];
	struct sa laddr;

	if (sip_transp_laddr(uag_sip(), &laddr, SIP_TRANSP_UDP, NULL))
		return 0;

	(void)re_snprintf(addr, sizeof(addr), "%J", &laddr);

	return odict_entry_add(reply, "listen", ODICT_STRING, addr);
}


static int cmd_engine_status(struct request *req)
{
	struct odict *accounts = NULL, *calls = NULL;
	struct le *ule, *cle;
	int err;

	err  = odict_alloc(&accounts, ODICT_HASH_SIZE);
	err |= odict_alloc(&calls, ODICT_HASH_SIZE);

	LIST_FOREACH(uag_list(), ule) {
		if (err)
			break;

		err |= describe_account(accounts, ule->data);
		LIST_FOREACH(ua_calls(ule->data), cle)
			err |= describe_call(calls, ule->data, cle->data);
	}

	if (!err) {
		err  = odict_entry_add(req->reply, "accounts", ODICT_ARRAY,
				       accounts);
		err |= odict_entry_add(req->reply, "calls", ODICT_ARRAY, calls);
		err |= add_listen_address(req->reply);
	}

	mem_deref(accounts);
	mem_deref(calls);

	return err ? fail(req, "could not describe the engine") : 0;
}


/* ---- Dispatch --------------------------------------------------------- */

static const struct command {
	const char *name;
	int (*run)(struct request *req);
} commands[] = {
	{ "account.add",        cmd_account_add },
	{ "account.remove",     cmd_account_remove },
	{ "account.register",   cmd_account_register },
	{ "account.unregister", cmd_account_unregister },
	{ "call.dial",          cmd_call_dial },
	{ "call.answer",        cmd_call_answer },
	{ "call.hangup",        cmd_call_hangup },
	{ "call.hold",          cmd_call_hold },
	{ "call.resume",        cmd_call_resume },
	{ "call.mute",          cmd_call_mute },
	{ "call.dtmf",          cmd_call_dtmf },
	{ "call.transfer",      cmd_call_transfer },
	{ "engine.status",      cmd_engine_status },
};


static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	}

	return NULL;
}


static int run_command(struct request *req)
{
	const struct command *command;
	const char *name;
	int err;

	err = get_string(req, "command", true, &name);
	if (err)
		return err;

	command = find_command(name);
	if (!command)
		return fail(req, "unknown command '%s'", name);

	req->reply = new_response(req->id, true);
	if (!req->reply)
		return fail(req, "out of memory");

	return command->run(req);
}


static void run_request(struct request *req)
{
	int err = run_command(req);

	if (err)
		send_error(req->id, req->error ? req->error : "internal error");
	else if (!req->deferred)
		send_odict(req->reply);
}


static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}


/* libre's JSON decoder also takes arrays and ignores text after the
 * object, so the braces are checked here. */
static const char *check_line(const char *p, size_t n)
{
	while (n && is_json_space(p[0]))
		p++, n--;
	while (n && is_json_space(p[n - 1]))
		n--;

	if (!n || p[0] != '{')
		return "not a JSON object";

	if (n < 2 || p[n - 1] != '}')
		return "invalid JSON";

	return NULL;
}


static void handle_line(const char *p, size_t n)
{
	struct request req = { 0 };
	struct odict *args = NULL;
	const char *problem = check_line(p, n);
	const struct odict_entry *id;

	if (problem) {
		send_error(0, problem);
		return;
	}

	if (json_decode_odict(&args, ODICT_HASH_SIZE, p, n, JSON_MAX_DEPTH)) {
		send_error(0, "invalid JSON");
		return;
	}

	id = odict_get_type(args, ODICT_INT, "id");
	if (!id || id->u.integer <= 0) {
		send_error(0, "missing field 'id' (a positive integer)");
		mem_deref(args);
		return;
	}

	req.id = id->u.integer;
	req.args = args;
	run_request(&req);

	mem_deref(req.reply);
	mem_deref(req.error);
	mem_deref(args);

	sync_calls(NULL);
}


/* ---- Input ------------------------------------------------------------ */

static void take_input(const uint8_t *p, size_t n)
{
	while (n && bridge.fd >= 0) {
		const uint8_t *newline = memchr(p, '\n', n);
		size_t part = newline ? (size_t)(newline - p) : n;
		struct mbuf *line = bridge.line;

		if (!bridge.skipping_line && line->end + part > MAX_LINE) {
			send_error(0, "line longer than 64 KiB discarded");
			bridge.skipping_line = true;
			mbuf_rewind(line);
		}

		if (!bridge.skipping_line && mbuf_write_mem(line, p, part)) {
			send_error(0, "out of memory, line discarded");
			bridge.skipping_line = true;
			mbuf_rewind(line);
		}

		if (newline) {
			if (!bridge.skipping_line)
				handle_line((const char *)line->buf, line->end);

			bridge.skipping_line = false;
			mbuf_rewind(line);
			part++;
		}

		p += part;
		n -= part;
	}
}


static void read_input(void)
{
	uint8_t buf[READ_CHUNK];
	ssize_t n;

	n = recv(bridge.fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		      errno == EINTR))
		return;

	if (n <= 0) {
		lose_app();
		return;
	}

	take_input(buf, (size_t)n);
}


static void on_fd_ready(int flags, void *arg)
{
	(void)arg;

	if (flags & FD_WRITE)
		flush_output();

	if (bridge.fd >= 0 && (flags & (FD_READ | FD_EXCEPT)))
		read_input();
}


/* ---- Module ----------------------------------------------------------- */

static int inherited_fd(int *fdp)
{
	const char *text = getenv("PARLO_BRIDGE_FD");
	char *end = NULL;
	long fd;

	if (!text || !*text)
		return ENOENT;

	errno = 0;
	fd = strtol(text, &end, 10);
	if (errno || *end || fd < 0 || fd > INT_MAX)
		return EINVAL;

	if (fcntl((int)fd, F_SETFL, fcntl((int)fd, F_GETFL) | O_NONBLOCK) ||
	    fcntl((int)fd, F_SETFD, FD_CLOEXEC))
		return errno;

	*fdp = (int)fd;

	return 0;
}


static int module_close(void)
{
	uag_event_unregister(on_ua_event);
	tmr_cancel(&bridge.sync_tmr);
	tmr_cancel(&bridge.stop_tmr);

	if (bridge.output)
		flush_output();  /* last chance for the EXIT event */

	if (bridge.fd >= 0) {
		fd_close(bridge.fd);
		(void)close(bridge.fd);
		bridge.fd = -1;
	}

	list_flush(&bridge.snapshots);
	list_flush(&bridge.pending_dials);
	bridge.line = mem_deref(bridge.line);
	bridge.output = mem_deref(bridge.output);

	return 0;
}


static int module_init(void)
{
	int err;

	err = inherited_fd(&bridge.fd);
	if (err) {
		warning("parlo_bridge: no usable socket in PARLO_BRIDGE_FD"
			" (%m)\n", err);
		return err;
	}

	list_init(&bridge.snapshots);
	list_init(&bridge.pending_dials);
	tmr_init(&bridge.sync_tmr);
	tmr_init(&bridge.stop_tmr);

	bridge.line = mbuf_alloc(1024);
	bridge.output = mbuf_alloc(4096);
	err = bridge.line && bridge.output ? 0 : ENOMEM;
	err = err ? err : fd_listen(bridge.fd, FD_READ, on_fd_ready, NULL);
	err = err ? err : uag_event_register(on_ua_event, NULL);

	/* baresip unloads a module whose init fails: leave no handler */
	if (err)
		module_close();

	return err;
}


EXPORT_SYM const struct mod_export exports = {
	"parlo_bridge",
	"application",
	module_init,
	module_close,
};
