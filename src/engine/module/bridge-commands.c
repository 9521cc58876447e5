/* bridge-commands.c — reads, checks and runs the app's commands.
 *
 * A command line names its command and gives its fields; each command acts on
 * the account or call those fields address and fills in its response, or
 * fails with an error the app can show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "bridge.h"
#include "bridge-audio.h"
#include "bridge-auth.h"
#include "bridge-calls.h"
#include "bridge-events.h"
#include "bridge-socket.h"

enum {
	MAX_DTMF_DIGITS = 64,
	MAX_AUDIO_CODECS = 200,  /* baresip reads them from a 256-byte line */
	JSON_MAX_DEPTH = 8,
};

#define CODEC_LIST_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"abcdefghijklmnopqrstuvwxyz0123456789/,.-_"

struct request {
	int64_t id;
	const struct odict *args;
	struct odict *reply;       /* the success response, filled by a command */
	char *error;
	bool deferred;             /* the command answers later itself */
};


/* ---- Responses -------------------------------------------------------- */

/* id 0: the line had no usable id, the response has none either. */
struct odict *bridge_new_response(int64_t id, bool ok)
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


void bridge_send_error(int64_t id, const char *error)
{
	struct odict *od = bridge_new_response(id, false);

	if (od && !odict_entry_add(od, "error", ODICT_STRING, error))
		bridge_socket_send(od);

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
		    call_id(call), bridge_call_state_name(state));
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
	const char *audio_codecs;
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
	err = err ? err : get_string(req, "audio_codecs", false,
				     &s->audio_codecs);
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

	/* baresip parses them out of an account parameter */
	if (s->audio_codecs && (strlen(s->audio_codecs) > MAX_AUDIO_CODECS ||
				strspn(s->audio_codecs, CODEC_LIST_CHARS) !=
				strlen(s->audio_codecs)))
		return fail(req, "audio_codecs must be a comma-separated list"
			    " such as opus/48000/2,PCMA/8000/1");

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

	/* baresip skips the codecs it lacks, and offers all of them when
	 * none is left */
	if (s->audio_codecs &&
	    (account_set_audio_codecs(acc, s->audio_codecs) ||
	     account_aucodecl(acc) == baresip_aucodecl()))
		return fail(req, "none of the audio codecs '%s' is available",
			    s->audio_codecs);

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
		bridge_calls_destroy_unheard(ua);
		return err;
	}

	if (s->regint > 0) {
		bridge_auth_forget(ua_aor(ua));
		(void)ua_register(ua);  /* failures arrive as REGISTER_FAIL */
	}

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
		bridge_calls_hang_up(call, 0, NULL);
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

	bridge_auth_forget(ua_aor(ua));
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


/* Answers a call.dial whose call got its id only later. */
static void answer_dial(int64_t id, struct call *call, const char *why)
{
	struct odict *od;
	char *error = NULL;

	if (why) {
		(void)re_sdprintf(&error, "the call could not be placed: %s",
				  why);
		bridge_send_error(id, error ? error : why);
		mem_deref(error);
		return;
	}

	od = bridge_new_response(id, true);
	if (od && !odict_entry_add(od, "call", ODICT_STRING, call_id(call)))
		bridge_socket_send(od);

	mem_deref(od);
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
		bridge_calls_announce(call);
		return odict_entry_add(req->reply, "call", ODICT_STRING,
				       call_id(call));
	}

	err = bridge_calls_await_id(call, req->id, answer_dial);
	if (err) {
		bridge_calls_hang_up(call, 0, NULL);
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
			    bridge_call_state_name(call_state(call)));

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

	bridge_calls_hang_up(call, (uint16_t)code, reason);

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


/* Measures how long sound takes to come back; the answer is an
 * ECHO_DELAY event. */
static int cmd_call_measure_echo(struct request *req)
{
	struct call *call;
	int err;

	err = find_call(req, &call);
	err = err ? err : require_state(req, call, true);
	if (err)
		return err;

	err = bridge_probe_echo(call);
	if (err == EBUSY)
		return fail(req, "a measurement is already running");
	if (err)
		return fail(req, "call '%s' has no audio", call_id(call));

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

	bridge_calls_mark_transferring(call);

	return 0;
}


/* ---- Audio commands --------------------------------------------------- */

static const struct {
	const char *name;
	enum bridge_audio_role role;
} audio_roles[] = {
	{ "source", BRIDGE_AUDIO_SOURCE },
	{ "player", BRIDGE_AUDIO_PLAYER },
	{ "alert",  BRIDGE_AUDIO_ALERT },
};


/* Device names go into baresip's configuration, whose lines separate the
 * module from the device with a comma. */
static int check_device(struct request *req, const char *device)
{
	const char *p;

	for (p = device; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < ' ' || c == 0x7f || c == ',')
			return fail(req, "device must not contain control"
				    " characters or commas");
	}

	return 0;
}


static int cmd_audio_set(struct request *req)
{
	const char *role_name, *device;
	size_t i;
	int err;

	err = get_string(req, "role", true, &role_name);
	err = err ? err : get_string(req, "device", true, &device);
	err = err ? err : check_device(req, device);
	if (err)
		return err;

	for (i = 0; i < ARRAY_SIZE(audio_roles); i++) {
		if (!strcmp(audio_roles[i].name, role_name))
			break;
	}

	if (i == ARRAY_SIZE(audio_roles))
		return fail(req, "role must be source, player or alert");

	err = bridge_audio_set_device(audio_roles[i].role, device);
	if (err == ENOTSUP)
		return fail(req, "the engine's %s is not PulseAudio",
			    role_name);
	if (err)
		return fail(req, "could not use '%s' as the %s (%m)", device,
			    role_name, err);

	return 0;
}


/* baresip's own sound files; "ring" and "waiting" call for attention and
 * go to the alert device, the others belong to a call. */
static const struct {
	const char *name;
	const char *file;
	bool alert;
} tones[] = {
	{ "ring",     "ring.wav",        true },
	{ "waiting",  "callwaiting.wav", true },
	{ "ringback", "ringback.wav",    false },
	{ "busy",     "busy.wav",        false },
	{ "error",    "error.wav",       false },
};


static int dtmf_tone_file(struct request *req, char *file, size_t size)
{
	const char *key;
	int err;

	err = get_string(req, "key", true, &key);
	if (err)
		return err;

	if (strlen(key) != 1 || !strchr("0123456789*#", key[0]))
		return fail(req, "key must be one of 0-9 * #");

	if (key[0] == '*')
		str_ncpy(file, "soundstar.wav", size);
	else if (key[0] == '#')
		str_ncpy(file, "soundroute.wav", size);
	else
		(void)re_snprintf(file, size, "sound%c.wav", key[0]);

	return 0;
}


static int cmd_tone_play(struct request *req)
{
	const char *name;
	bool repeat = false, alert = false;
	char file[32] = "";
	size_t i;
	int err;

	err = get_string(req, "tone", true, &name);
	err = err ? err : get_bool(req, "repeat", false, &repeat);
	if (err)
		return err;

	for (i = 0; i < ARRAY_SIZE(tones); i++) {
		if (!strcmp(tones[i].name, name)) {
			str_ncpy(file, tones[i].file, sizeof(file));
			alert = tones[i].alert;
		}
	}

	if (!strcmp(name, "dtmf")) {
		err = dtmf_tone_file(req, file, sizeof(file));
		if (err)
			return err;
	}

	if (!file[0])
		return fail(req, "tone must be ring, ringback, busy, error,"
			    " waiting or dtmf");

	err = bridge_tone_play(file, alert, repeat);
	if (err)
		return fail(req, "could not play %s (%m)", file, err);

	return 0;
}


static int cmd_tone_stop(struct request *req)
{
	(void)req;

	bridge_tone_stop();

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
			       bridge_call_state_name(call_state(call)));
	err |= odict_entry_add(od, "onhold", ODICT_BOOL,
			       call_is_onhold(call));
	err |= odict_entry_add(od, "muted", ODICT_BOOL,
			       audio_ismuted(call_audio(call)));
	err |= bridge_add_codec(od, call);
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
	{ "call.measure_echo",  cmd_call_measure_echo },
	{ "call.transfer",      cmd_call_transfer },
	{ "audio.set",          cmd_audio_set },
	{ "tone.play",          cmd_tone_play },
	{ "tone.stop",          cmd_tone_stop },
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

	req->reply = bridge_new_response(req->id, true);
	if (!req->reply)
		return fail(req, "out of memory");

	return command->run(req);
}


static void run_request(struct request *req)
{
	int err = run_command(req);

	if (err)
		bridge_send_error(req->id,
				  req->error ? req->error : "internal error");
	else if (!req->deferred)
		bridge_socket_send(req->reply);
}


/* ---- Command lines ---------------------------------------------------- */

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


/* A line the socket discarded is answered all the same. */
static void refuse_discarded_line(int err)
{
	if (err == EMSGSIZE)
		bridge_send_error(0, "line longer than 64 KiB discarded");
	else
		bridge_send_error(0, "out of memory, line discarded");
}


void bridge_handle_line(const char *p, size_t n, int err, void *arg)
{
	struct request req = { 0 };
	struct odict *args = NULL;
	const char *problem;
	const struct odict_entry *id;
	(void)arg;

	if (err) {
		refuse_discarded_line(err);
		return;
	}

	problem = check_line(p, n);
	if (problem) {
		bridge_send_error(0, problem);
		return;
	}

	if (json_decode_odict(&args, ODICT_HASH_SIZE, p, n, JSON_MAX_DEPTH)) {
		bridge_send_error(0, "invalid JSON");
		return;
	}

	id = odict_get_type(args, ODICT_INT, "id");
	if (!id || id->u.integer <= 0) {
		bridge_send_error(0, "missing field 'id' (a positive integer)");
		mem_deref(args);
		return;
	}

	req.id = id->u.integer;
	req.args = args;
	run_request(&req);

	mem_deref(req.reply);
	mem_deref(req.error);
	mem_deref(args);

	bridge_calls_sync();
}
