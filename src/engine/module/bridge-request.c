/* bridge-request.c — one command of the app: its fields and its response.
 *
 * Reads and checks the fields of a command, finds the account or call they
 * address, and writes responses. Everything from the app is checked before it
 * reaches baresip: a field of the wrong type, a URI that does not belong in a
 * SIP header, an unknown account or call fail the command with an error the
 * app can show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "bridge.h"
#include "bridge-events.h"
#include "bridge-request.h"
#include "bridge-socket.h"


int req_fail(struct request *req, const char *fmt, ...)
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
int req_get_string(struct request *req, const char *key, bool required,
		   const char **value)
{
	const struct odict_entry *e = odict_lookup(req->args, key);

	*value = NULL;

	if (!e || e->type == ODICT_NULL) {
		return required ? req_fail(req, "missing field '%s'", key) : 0;
	}

	if (e->type != ODICT_STRING)
		return req_fail(req, "field '%s' must be a string", key);

	if (required || str_isset(e->u.str))
		*value = e->u.str;

	return 0;
}


int req_get_bool(struct request *req, const char *key, bool required,
		 bool *value)
{
	const struct odict_entry *e = odict_lookup(req->args, key);

	if (!e || e->type == ODICT_NULL) {
		return required ? req_fail(req, "missing field '%s'", key) : 0;
	}

	if (e->type != ODICT_BOOL)
		return req_fail(req, "field '%s' must be true or false", key);

	*value = e->u.boolean;

	return 0;
}


/* Leaves *value alone when the optional field is absent. */
int req_get_integer(struct request *req, const char *key,
		    int64_t min, int64_t max, int64_t *value)
{
	const struct odict_entry *e = odict_lookup(req->args, key);

	if (!e || e->type == ODICT_NULL)
		return 0;

	if (e->type != ODICT_INT || e->u.integer < min || e->u.integer > max) {
		return req_fail(req, "field '%s' must be an integer from"
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
/* "%0d", "%00", "%7F"…: a control character once a peer decodes the URI. */
static bool has_escaped_control(const char *uri)
{
	const char *p;

	for (p = strchr(uri, '%'); p; p = strchr(p + 1, '%')) {
		if ((p[1] == '0' || p[1] == '1') && isxdigit((unsigned char)p[2]))
			return true;
		if (p[1] == '7' && (p[2] == 'f' || p[2] == 'F'))
			return true;
	}

	return false;
}


int req_check_sip_uri(struct request *req, const char *key, const char *uri)
{
	struct uri parsed;
	struct pl pl;
	const char *p;

	if (!has_scheme(uri, "sip:") && !has_scheme(uri, "sips:"))
		return req_fail(req, "%s '%s' is not a sip: or sips: URI",
				key, uri);

	for (p = uri; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ' || c >= 0x7f || strchr("<>\"?", c)) {
			return req_fail(req, "%s '%s' contains a space, a"
					" control or non-ASCII character, or"
					" one of < > \" ?", key, uri);
		}
	}

	if (has_escaped_control(uri))
		return req_fail(req, "%s '%s' contains an escaped control"
				" character, such as %%0D%%0A", key, uri);

	pl_set_str(&pl, uri);
	if (uri_decode(&parsed, &pl) || !pl_isset(&parsed.host))
		return req_fail(req, "%s '%s' is not a valid SIP URI",
				key, uri);

	return 0;
}


/* Free text that baresip puts into SIP headers or status lines. */
int req_check_header_text(struct request *req, const char *key,
			  const char *text)
{
	const char *p;

	for (p = text; p && *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < ' ' || c == 0x7f || c == '"' || c == '\\') {
			return req_fail(req, "field '%s' must not contain"
					" control characters, quotes or"
					" backslashes", key);
		}
	}

	return 0;
}


/* ---- Finding accounts and calls --------------------------------------- */

/* The account whose AOR is in the field key. */
int req_find_account(struct request *req, const char *key, struct ua **uap)
{
	const char *aor;
	int err;

	err = req_get_string(req, key, true, &aor);
	if (err)
		return err;

	/* an empty AOR would match the first account */
	*uap = str_isset(aor) ? uag_find_aor(aor) : NULL;
	if (!*uap)
		return req_fail(req, "no account '%s'", aor);

	return 0;
}


/* The call whose id is in "call", of the account in "account" if given. */
int req_find_call(struct request *req, struct call **callp)
{
	const char *id, *aor;
	struct ua *ua = NULL;
	struct le *le;
	int err;

	err = req_get_string(req, PARLO_BRIDGE_FIELD_CALL, true, &id);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_ACCOUNT,
					 false, &aor);
	if (err)
		return err;

	if (aor) {
		err = req_find_account(req, PARLO_BRIDGE_FIELD_ACCOUNT, &ua);
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

	return req_fail(req, "no call with id '%s'", id);
}


int req_require_state(struct request *req, const struct call *call,
		      bool early_ok)
{
	enum call_state state = call_state(call);

	if (state == CALL_STATE_ESTABLISHED ||
	    (early_ok && state == CALL_STATE_EARLY))
		return 0;

	return req_fail(req, "call '%s' is not connected (it is %s)",
			call_id(call), bridge_call_state_name(state));
}


/* ---- Responses -------------------------------------------------------- */

/* id 0: the line had no usable id, the response has none either. */
struct odict *bridge_response_alloc(int64_t id, bool ok)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return NULL;

	err = odict_entry_add(od, PARLO_BRIDGE_FIELD_RESPONSE, ODICT_BOOL,
			      true);
	if (id > 0)
		err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_ID, ODICT_INT,
				       id);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_OK, ODICT_BOOL, ok);

	return err ? mem_deref(od) : od;
}


void bridge_response_send_error(int64_t id, const char *error)
{
	struct odict *od = bridge_response_alloc(id, false);

	if (od && !odict_entry_add(od, PARLO_BRIDGE_FIELD_ERROR, ODICT_STRING,
				   error))
		bridge_socket_send(od);

	mem_deref(od);
}
