/* bridge-commands-call.c — the call commands.
 *
 * call.dial places a call on an account; the others act on the call their
 * "call" field names, never on "the current call".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "bridge.h"
#include "bridge-audio.h"
#include "bridge-calls.h"
#include "bridge-commands.h"
#include "bridge-events.h"
#include "bridge-request.h"
#include "bridge-socket.h"

enum {
	MAX_DTMF_DIGITS = 64,
};


/* ---- call.dial -------------------------------------------------------- */

/* libre 1.1.0 sends nothing to a sips: next hop (sip_request takes only a
 * sip: route), and without an outbound route the called URI is the next hop:
 * it is called as sip:…;transport=tls instead, over TLS to that host as sips:
 * asks, its certificate checked as every TLS connection's (bridge-tls). */
static int call_target(char **targetp, struct ua *ua, const char *uri)
{
	const struct uri *luri = account_luri(ua_account(ua));
	const char *headers;

	if (strncasecmp(uri, "sips:", 5) || account_outbound(ua_account(ua), 0))
		return re_sdprintf(targetp, "%s%r", uri, &luri->params);

	headers = strchr(uri, '?');
	if (!headers)
		headers = uri + strlen(uri);

	return re_sdprintf(targetp, "sip:%b%s%r%s", uri + 5,
			   (size_t)(headers - uri - 5),
			   strstr(uri, ";transport=") ? "" : ";transport=tls",
			   &luri->params, headers);
}


/* What ua_connect does, minus its completion of the URI: that turns
 * sips:bob@example.org into sip:sips:bob@example.org. */
static int place_call(struct ua *ua, const char *uri, struct call **callp)
{
	struct call *call = NULL;
	char *target = NULL;
	struct pl pl;
	int err;

	/* account URI parameters such as transport=tcp apply to its calls */
	err = call_target(&target, ua, uri);
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


/* Answers a call.dial whose call got its id only later, or never. */
static void answer_dial(int64_t id, struct call *call, const char *why)
{
	struct odict *od;
	char *error = NULL;

	if (why) {
		(void)re_sdprintf(&error, "the call could not be placed: %s",
				  why);
		bridge_response_send_error(id, error ? error : why);
		mem_deref(error);
		return;
	}

	od = bridge_response_alloc(id, true);
	if (od && !odict_entry_add(od, PARLO_BRIDGE_FIELD_CALL, ODICT_STRING,
				   call_id(call)))
		bridge_socket_send(od);

	mem_deref(od);
}


static int cmd_call_dial(struct request *req)
{
	struct call *call = NULL;
	const char *uri;
	struct ua *ua;
	int err;

	err = req_find_account(req, PARLO_BRIDGE_FIELD_ACCOUNT, &ua);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_URI, true,
					 &uri);
	err = err ? err : req_check_sip_uri(req, PARLO_BRIDGE_FIELD_URI, uri);
	if (err)
		return err;

	err = place_call(ua, uri, &call);
	if (err)
		return req_fail(req, "could not call '%s' (%m)", uri, err);

	if (call_id(call)) {
		bridge_calls_announce(call);
		return odict_entry_add(req->reply, PARLO_BRIDGE_FIELD_CALL,
				       ODICT_STRING, call_id(call));
	}

	err = bridge_calls_await_id(call, req->id, answer_dial);
	if (err) {
		bridge_calls_hang_up(call, 0, NULL);
		return req_fail(req, "out of memory");
	}

	req->deferred = true;

	return 0;
}


/* ---- Answering and ending --------------------------------------------- */

static int cmd_call_answer(struct request *req)
{
	struct call *call;
	int err;

	err = req_find_call(req, &call);
	if (err)
		return err;

	if (call_state(call) != CALL_STATE_INCOMING)
		return req_fail(req, "call '%s' is not waiting for an answer"
				" (it is %s)", call_id(call),
				bridge_call_state_name(call_state(call)));

	err = ua_answer(call_get_ua(call), call, VIDMODE_OFF);
	if (err)
		return req_fail(req, "could not answer call '%s' (%m)",
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

	err = req_find_call(req, &call);
	err = err ? err : req_get_integer(req, PARLO_BRIDGE_FIELD_CODE,
					  300, 699, &code);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_REASON,
					 false, &reason);
	err = err ? err : req_check_header_text(req, PARLO_BRIDGE_FIELD_REASON,
						reason);
	if (err)
		return err;

	if (code && !reason)
		reason = reason_phrase((uint16_t)code);

	bridge_calls_hang_up(call, (uint16_t)code, reason);

	return 0;
}


static int cmd_call_transfer(struct request *req)
{
	struct call *call;
	const char *uri;
	int err;

	err = req_find_call(req, &call);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_URI, true,
					 &uri);
	err = err ? err : req_check_sip_uri(req, PARLO_BRIDGE_FIELD_URI, uri);
	err = err ? err : req_require_state(req, call, false);
	if (err)
		return err;

	err = call_transfer(call, uri);
	if (err)
		return req_fail(req, "could not transfer call '%s' (%m)",
				call_id(call), err);

	bridge_calls_mark_transferring(call);

	return 0;
}


/* ---- During a call ---------------------------------------------------- */

static int hold_or_resume(struct request *req, bool on)
{
	struct call *call;
	int err;

	err = req_find_call(req, &call);
	err = err ? err : req_require_state(req, call, false);
	if (err)
		return err;

	err = call_hold(call, on);
	if (err)
		return req_fail(req, "could not %s call '%s' (%m)",
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

	err = req_find_call(req, &call);
	err = err ? err : req_get_bool(req, PARLO_BRIDGE_FIELD_MUTED, true,
				       &muted);
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

	err = req_find_call(req, &call);
	err = err ? err : req_require_state(req, call, true);
	if (err)
		return err;

	err = bridge_probe_echo(call);
	if (err == EBUSY)
		return req_fail(req, "a measurement is already running");
	if (err)
		return req_fail(req, "call '%s' has no audio", call_id(call));

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

	err = req_find_call(req, &call);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_DIGITS, true,
					 &digits);
	if (err)
		return err;

	if (!dtmf_digits_valid(digits))
		return req_fail(req, "%s must be 1 to %d of 0-9 * # A-D",
				PARLO_BRIDGE_FIELD_DIGITS, MAX_DTMF_DIGITS);

	err = req_require_state(req, call, true);
	if (err)
		return err;

	/* baresip queues the telephone events; a digit lasts until the
	 * next key or a release, so release each one. */
	for (p = digits; *p && !err; p++) {
		err  = call_send_digit(call, *p);
		err |= call_send_digit(call, KEYCODE_REL);
	}

	if (err)
		return req_fail(req, "could not send the digits (%m)", err);

	return 0;
}


const struct bridge_command bridge_call_commands[] = {
	{ PARLO_BRIDGE_COMMAND_CALL_DIAL,          cmd_call_dial },
	{ PARLO_BRIDGE_COMMAND_CALL_ANSWER,        cmd_call_answer },
	{ PARLO_BRIDGE_COMMAND_CALL_HANGUP,        cmd_call_hangup },
	{ PARLO_BRIDGE_COMMAND_CALL_HOLD,          cmd_call_hold },
	{ PARLO_BRIDGE_COMMAND_CALL_RESUME,        cmd_call_resume },
	{ PARLO_BRIDGE_COMMAND_CALL_MUTE,          cmd_call_mute },
	{ PARLO_BRIDGE_COMMAND_CALL_DTMF,          cmd_call_dtmf },
	{ PARLO_BRIDGE_COMMAND_CALL_MEASURE_ECHO,  cmd_call_measure_echo },
	{ PARLO_BRIDGE_COMMAND_CALL_TRANSFER,      cmd_call_transfer },
	{ NULL, NULL },
};
