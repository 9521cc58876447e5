/* bridge-request.h — one command of the app: its fields and its response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

struct request {
	int64_t id;
	const struct odict *args;
	struct odict *reply;       /* the success response, filled by a command */
	char *error;
	bool deferred;             /* the command answers later itself */
};

/* Each returns 0, or EINVAL with req->error saying what is wrong. */
int req_fail(struct request *req, const char *fmt, ...);
int req_get_string(struct request *req, const char *key, bool required,
		   const char **value);
int req_get_bool(struct request *req, const char *key, bool required,
		 bool *value);
int req_get_integer(struct request *req, const char *key,
		    int64_t min, int64_t max, int64_t *value);
int req_check_sip_uri(struct request *req, const char *key, const char *uri);
int req_check_header_text(struct request *req, const char *key,
			  const char *text);
int req_find_account(struct request *req, const char *key, struct ua **uap);
int req_find_call(struct request *req, struct call **callp);
int req_require_state(struct request *req, const struct call *call,
		      bool early_ok);

struct odict *bridge_response_alloc(int64_t id, bool ok);
void bridge_response_send_error(int64_t id, const char *error);
