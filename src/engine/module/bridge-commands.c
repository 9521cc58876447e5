/* bridge-commands.c — reads the app's command lines and runs their commands.
 *
 * A command line is one JSON object: its id, its command and the command's
 * fields. Each command acts on the account or call those fields address and
 * fills in its response, or fails with an error the app can show. The
 * commands themselves are in bridge-commands-account.c, -call.c and -audio.c;
 * engine.status, which describes the whole engine, is here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "bridge-calls.h"
#include "bridge-commands.h"
#include "bridge-direct.h"
#include "bridge-events.h"
#include "bridge-request.h"
#include "bridge-socket.h"

enum {
	JSON_MAX_DEPTH = 8,
};


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

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_AOR, ODICT_STRING,
			       ua_aor(ua));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_REGISTERED, ODICT_BOOL,
			       ua_isregistered(ua));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_REFUSED_DIRECT,
			       ODICT_INT,
			       (int64_t)bridge_direct_refused(ua));
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

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_ID, ODICT_STRING,
			       call_id(call));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_ACCOUNT, ODICT_STRING,
			       ua_aor(ua));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_PEERURI, ODICT_STRING,
			       call_peeruri(call));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_DIRECTION, ODICT_STRING,
			       call_is_outgoing(call)
			       ? PARLO_BRIDGE_DIRECTION_OUTGOING
			       : PARLO_BRIDGE_DIRECTION_INCOMING);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_STATE, ODICT_STRING,
			       bridge_call_state_name(call_state(call)));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_ONHOLD, ODICT_BOOL,
			       call_is_onhold(call));
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_MUTED, ODICT_BOOL,
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

	return odict_entry_add(reply, PARLO_BRIDGE_FIELD_LISTEN, ODICT_STRING,
			       addr);
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
		err  = odict_entry_add(req->reply, PARLO_BRIDGE_FIELD_ACCOUNTS,
				       ODICT_ARRAY, accounts);
		err |= odict_entry_add(req->reply, PARLO_BRIDGE_FIELD_CALLS,
				       ODICT_ARRAY, calls);
		err |= add_listen_address(req->reply);
	}

	mem_deref(accounts);
	mem_deref(calls);

	return err ? req_fail(req, "could not describe the engine") : 0;
}


static const struct bridge_command engine_commands[] = {
	{ PARLO_BRIDGE_COMMAND_ENGINE_STATUS, cmd_engine_status },
	{ NULL, NULL },
};


/* ---- Dispatch --------------------------------------------------------- */

static const struct bridge_command *const command_tables[] = {
	bridge_account_commands,
	bridge_call_commands,
	bridge_audio_commands,
	engine_commands,
};


static const struct bridge_command *find_command(const char *name)
{
	const struct bridge_command *command;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(command_tables); i++) {
		for (command = command_tables[i]; command->name; command++) {
			if (!strcmp(command->name, name))
				return command;
		}
	}

	return NULL;
}


static int run_command(struct request *req)
{
	const struct bridge_command *command;
	const char *name;
	int err;

	err = req_get_string(req, PARLO_BRIDGE_FIELD_COMMAND, true, &name);
	if (err)
		return err;

	command = find_command(name);
	if (!command)
		return req_fail(req, "unknown command '%s'", name);

	req->reply = bridge_response_alloc(req->id, true);
	if (!req->reply)
		return req_fail(req, "out of memory");

	return command->run(req);
}


static void run_request(struct request *req)
{
	int err = run_command(req);

	if (err)
		bridge_response_send_error(req->id, req->error ? req->error
					   : "internal error");
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


/* A line the socket discarded is answered all the same, without an id. */
static void refuse_discarded_line(int err)
{
	char error[64];

	if (err == EMSGSIZE)
		(void)re_snprintf(error, sizeof(error),
				  "line longer than %u KiB discarded",
				  (unsigned)PARLO_BRIDGE_MAX_LINE / 1024);
	else
		str_ncpy(error, "out of memory, line discarded",
			 sizeof(error));

	bridge_response_send_error(0, error);
}


static void refuse_line_without_id(void)
{
	char error[64];

	(void)re_snprintf(error, sizeof(error),
			  "missing field '%s' (a positive integer)",
			  PARLO_BRIDGE_FIELD_ID);

	bridge_response_send_error(0, error);
}


void bridge_commands_handle_line(const char *p, size_t n, int err, void *arg)
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
		bridge_response_send_error(0, problem);
		return;
	}

	if (json_decode_odict(&args, ODICT_HASH_SIZE, p, n, JSON_MAX_DEPTH)) {
		bridge_response_send_error(0, "invalid JSON");
		return;
	}

	id = odict_get_type(args, ODICT_INT, PARLO_BRIDGE_FIELD_ID);
	if (!id || id->u.integer <= 0) {
		refuse_line_without_id();
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
