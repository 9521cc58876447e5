/* bridge-commands-account.c — the account commands.
 *
 * account.add makes a user agent from the fields and registers it;
 * account.remove ends its calls and destroys it; account.register and
 * account.unregister start and stop its registration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "bridge.h"
#include "bridge-auth.h"
#include "bridge-calls.h"
#include "bridge-direct.h"
#include "bridge-commands.h"
#include "bridge-contact.h"
#include "bridge-net.h"
#include "bridge-request.h"
#include "bridge-tls.h"
#include "bridge-tls-cert.h"

enum {
	MAX_AUDIO_CODECS = 200,  /* baresip reads them from a 256-byte line */
	DEFAULT_KEEPALIVE = 15,  /* seconds: under the shortest NAT timeouts */
	MAX_KEEPALIVE = 3600,
};

#define CODEC_LIST_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"abcdefghijklmnopqrstuvwxyz0123456789/,.-_"

struct account_settings {
	const char *aor;
	const char *password;
	const char *auth_user;
	const char *display_name;
	const char *transport;
	const char *outbound;
	const char *server;
	const char *mediaenc;
	const char *stun;
	const char *turn;
	const char *turn_user;
	const char *turn_password;
	const char *audio_codecs;
	const char *tls_pin;
	const char *contact_user;
	int64_t regint;
	int64_t keepalive;
	bool ice;
	bool catchall;
	bool accept_direct;
};


static int read_account_settings(struct request *req,
				 struct account_settings *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->regint = 3600;
	s->keepalive = DEFAULT_KEEPALIVE;

	err = req_get_string(req, PARLO_BRIDGE_FIELD_AOR, true, &s->aor);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_PASSWORD,
					 false, &s->password);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_AUTH_USER,
					 false, &s->auth_user);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_DISPLAY_NAME,
					 false, &s->display_name);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_TRANSPORT,
					 false, &s->transport);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_OUTBOUND,
					 false, &s->outbound);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_SERVER,
					 false, &s->server);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_MEDIAENC,
					 false, &s->mediaenc);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_STUN,
					 false, &s->stun);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_TURN,
					 false, &s->turn);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_TURN_USER,
					 false, &s->turn_user);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_TURN_PASSWORD,
					 false, &s->turn_password);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_AUDIO_CODECS,
					 false, &s->audio_codecs);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_TLS_PIN,
					 false, &s->tls_pin);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_CONTACT_USER,
					 false, &s->contact_user);
	err = err ? err : req_get_integer(req, PARLO_BRIDGE_FIELD_REGINT,
					  0, UINT32_MAX, &s->regint);
	err = err ? err : req_get_integer(req, PARLO_BRIDGE_FIELD_KEEPALIVE,
					  0, MAX_KEEPALIVE, &s->keepalive);
	err = err ? err : req_get_bool(req, PARLO_BRIDGE_FIELD_ICE,
				       false, &s->ice);
	err = err ? err : req_get_bool(req, PARLO_BRIDGE_FIELD_CATCHALL,
				       false, &s->catchall);
	/* without it, only an account that never registers takes direct
	 * calls: it has no server to tell its own calls by */
	s->accept_direct = s->regint == 0;
	err = err ? err : req_get_bool(req, PARLO_BRIDGE_FIELD_ACCEPT_DIRECT,
				       false, &s->accept_direct);

	return err;
}


static bool is_transport(const char *transport)
{
	return !strcmp(transport, PARLO_BRIDGE_TRANSPORT_UDP) ||
		!strcmp(transport, PARLO_BRIDGE_TRANSPORT_TCP) ||
		!strcmp(transport, PARLO_BRIDGE_TRANSPORT_TLS);
}


static bool is_mediaenc(const char *mediaenc)
{
	return !strcmp(mediaenc, PARLO_BRIDGE_MEDIAENC_SRTP) ||
		!strcmp(mediaenc, PARLO_BRIDGE_MEDIAENC_SRTP_MANDATORY) ||
		!strcmp(mediaenc, PARLO_BRIDGE_MEDIAENC_DTLS_SRTP);
}


/* baresip parses them out of an account parameter */
static bool is_codec_list(const char *codecs)
{
	return strlen(codecs) <= MAX_AUDIO_CODECS &&
		strspn(codecs, CODEC_LIST_CHARS) == strlen(codecs);
}


/* A hop of the route set: a SIP URI without a comma, which would start
 * another hop in the Route header. */
static int check_route_uri(struct request *req, const char *key,
			   const char *uri)
{
	if (!uri)
		return 0;

	if (strchr(uri, ','))
		return req_fail(req, "%s '%s' must not contain a comma",
				key, uri);

	return req_check_sip_uri(req, key, uri);
}


/* A turn: URI needs its credentials: without them baresip would present the
 * SIP user and password to the TURN server. */
static int check_turn(struct request *req, const struct account_settings *s)
{
	int err;

	err = req_check_header_text(req, PARLO_BRIDGE_FIELD_TURN, s->turn);
	err = err ? err : req_check_header_text(req,
			PARLO_BRIDGE_FIELD_TURN_USER, s->turn_user);
	if (err)
		return err;

	if (!s->turn) {
		if (s->turn_user || s->turn_password)
			return req_fail(req, "%s and %s need %s",
					PARLO_BRIDGE_FIELD_TURN_USER,
					PARLO_BRIDGE_FIELD_TURN_PASSWORD,
					PARLO_BRIDGE_FIELD_TURN);
		return 0;
	}

	if (strncmp(s->turn, "turn:", 5))
		return req_fail(req, "%s '%s' is not a turn: URI",
				PARLO_BRIDGE_FIELD_TURN, s->turn);

	if (!str_isset(s->turn_user) || !str_isset(s->turn_password))
		return req_fail(req, "%s needs %s and %s",
				PARLO_BRIDGE_FIELD_TURN,
				PARLO_BRIDGE_FIELD_TURN_USER,
				PARLO_BRIDGE_FIELD_TURN_PASSWORD);

	return 0;
}


static int check_account_settings(struct request *req,
				  const struct account_settings *s)
{
	uint8_t fp[TLS_FINGERPRINT_SIZE];
	int err;

	err = req_check_sip_uri(req, PARLO_BRIDGE_FIELD_AOR, s->aor);
	err = err ? err : check_route_uri(req, PARLO_BRIDGE_FIELD_OUTBOUND,
					  s->outbound);
	err = err ? err : check_route_uri(req, PARLO_BRIDGE_FIELD_SERVER,
					  s->server);
	err = err ? err : req_check_header_text(req,
			PARLO_BRIDGE_FIELD_AUTH_USER, s->auth_user);
	err = err ? err : req_check_header_text(req,
			PARLO_BRIDGE_FIELD_DISPLAY_NAME, s->display_name);
	err = err ? err : req_check_header_text(req,
			PARLO_BRIDGE_FIELD_STUN, s->stun);
	err = err ? err : check_turn(req, s);
	if (err)
		return err;

	if (s->transport && !is_transport(s->transport))
		return req_fail(req, "%s must be %s, %s or %s",
				PARLO_BRIDGE_FIELD_TRANSPORT,
				PARLO_BRIDGE_TRANSPORT_UDP,
				PARLO_BRIDGE_TRANSPORT_TCP,
				PARLO_BRIDGE_TRANSPORT_TLS);

	if (s->mediaenc && !is_mediaenc(s->mediaenc))
		return req_fail(req, "%s must be %s, %s or %s",
				PARLO_BRIDGE_FIELD_MEDIAENC,
				PARLO_BRIDGE_MEDIAENC_SRTP,
				PARLO_BRIDGE_MEDIAENC_SRTP_MANDATORY,
				PARLO_BRIDGE_MEDIAENC_DTLS_SRTP);

	if (s->tls_pin && bridge_tls_cert_parse_pin(fp, s->tls_pin))
		return req_fail(req, "%s must be a SHA-256 fingerprint:"
				" 32 bytes in hex, such as AB:CD:…",
				PARLO_BRIDGE_FIELD_TLS_PIN);

	if (s->contact_user && !bridge_contact_user_is_valid(s->contact_user))
		return req_fail(req, "%s must be 1 to 32 lowercase letters"
				" and digits", PARLO_BRIDGE_FIELD_CONTACT_USER);

	if (s->audio_codecs && !is_codec_list(s->audio_codecs))
		return req_fail(req, "%s must be a comma-separated list"
				" such as opus/48000/2,PCMA/8000/1",
				PARLO_BRIDGE_FIELD_AUDIO_CODECS);

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


static bool is_plain_udp(const struct account_settings *s)
{
	return !s->transport || !strcmp(s->transport, PARLO_BRIDGE_TRANSPORT_UDP);
}


static bool has_lr(const char *uri)
{
	struct uri parsed;
	struct pl pl;

	pl_set_str(&pl, uri);

	return !uri_decode(&parsed, &pl) &&
		msg_param_exists(&parsed.params, "lr", &pl) == 0;
}


/* baresip 1.0.0 gives libre one route, which libre writes as
 * "Route: <%s;lr>" into REGISTER, INVITE and OPTIONS alike, and sends to.
 * With an outbound proxy and a server, that one route is written so that the
 * header names both hops, "Route: <proxy;lr>,<server;lr>": the proxy takes
 * every request and passes it on to the server (docs/nat.md). */
static int set_route(struct account *acc, const struct account_settings *s)
{
	char *route = NULL;
	int err;

	if (!s->outbound || !s->server)
		return account_set_outbound(acc, s->outbound ? s->outbound :
					    s->server, 0);

	err = re_sdprintf(&route, "%s%s>,<%s", s->outbound,
			  has_lr(s->outbound) ? "" : ";lr", s->server);
	if (err)
		return err;

	err = account_set_outbound(acc, route, 0);
	mem_deref(route);

	return err;
}


/* dtls_srtp is not loaded at start (parlo-engine-config.c says why): the
 * first account that asks for it loads it from the engine's module path. */
static int load_mediaenc(const char *mediaenc)
{
	char path[256];
	uint64_t start;
	int err;

	if (strcmp(mediaenc, PARLO_BRIDGE_MEDIAENC_DTLS_SRTP) ||
	    menc_find(baresip_mencl(), mediaenc))
		return 0;

	err = conf_get_str(conf_cur(), "module_path", path, sizeof(path));
	if (err)
		return err;

	start = tmr_jiffies();
	err = module_load(path, mediaenc);
	info("parlo_bridge: loading %s took %llu ms\n", mediaenc,
	     (unsigned long long)(tmr_jiffies() - start));

	return err;
}


/* A TURN server relays every call (medianat turn), ICE or not: baresip
 * 1.0.0's ICE drops its relay for good at the first error the TURN server
 * answers (a 400 to one ChannelBind of libre 1.1.0 does it), and finds no pair
 * where only the relay would carry the sound (docs/nat.md). Without TURN, ICE
 * or STUN. The SIP credentials, which baresip takes as the default, never go
 * to a STUN or TURN server. */
static int set_media_nat(struct request *req, struct account *acc,
			 const struct account_settings *s)
{
	const char *uri = s->turn ? s->turn : s->stun;
	const char *medianat = s->turn ? "turn" : s->ice ? "ice" :
		s->stun ? "stun" : NULL;

	if (uri && account_set_stun_uri(acc, uri))
		return req_fail(req, "%s '%s' is not a valid %s URI",
				s->turn ? PARLO_BRIDGE_FIELD_TURN :
				PARLO_BRIDGE_FIELD_STUN, uri,
				s->turn ? "turn:" : "stun:");

	if (account_set_stun_user(acc, s->turn_user) ||
	    account_set_stun_pass(acc, s->turn_password))
		return req_fail(req, "could not store the TURN credentials");

	if (medianat && account_set_medianat(acc, medianat))
		return req_fail(req, "media NAT traversal '%s' is not"
				" available", medianat);

	return 0;
}


static int apply_account_settings(struct request *req, struct ua *ua,
				  const struct account_settings *s)
{
	struct account *acc = ua_account(ua);
	int err;

	err  = account_set_display_name(acc, s->display_name);
	err |= account_set_auth_user(acc, s->auth_user);
	err |= account_set_auth_pass(acc, s->password);
	err |= set_route(acc, s);
	err |= account_set_regint(acc, (uint32_t)s->regint);
	if (err)
		return req_fail(req, "could not store the account settings");

	err = set_media_nat(req, acc, s);
	if (err)
		return err;

	if (s->mediaenc && (load_mediaenc(s->mediaenc) ||
			    account_set_mediaenc(acc, s->mediaenc)))
		return req_fail(req, "media encryption '%s' is not available",
				s->mediaenc);

	/* baresip skips the codecs it lacks, and offers all of them when
	 * none is left */
	if (s->audio_codecs &&
	    (account_set_audio_codecs(acc, s->audio_codecs) ||
	     account_aucodecl(acc) == baresip_aucodecl()))
		return req_fail(req, "none of the audio codecs '%s' is"
				" available", s->audio_codecs);

	/* the registration clients were made from the defaults */
	if (ua_update_account(ua))
		return req_fail(req, "could not set up registration");

	ua_set_catchall(ua, s->catchall);

	if (bridge_direct_set(ua, s->accept_direct))
		return req_fail(req, "out of memory");

	if (bridge_tls_set_pin(ua_aor(ua), s->tls_pin))
		return req_fail(req, "out of memory");

	/* TCP and TLS keep their connection, which carries the calls */
	if (s->regint > 0 && is_plain_udp(s) &&
	    bridge_net_keep_alive(ua, (uint32_t)s->keepalive))
		return req_fail(req, "out of memory");

	return 0;
}


static int add_account(struct request *req, const struct account_settings *s)
{
	bool plain_udp = is_plain_udp(s);
	char *sipaddr = NULL;
	struct ua *ua = NULL;
	int err;

	err = re_sdprintf(&sipaddr, "<%s%s%s>", s->aor,
			  plain_udp ? "" : ";transport=",
			  plain_udp ? "" : s->transport);
	if (err)
		return req_fail(req, "out of memory");

	err = ua_alloc(&ua, sipaddr);
	mem_deref(sipaddr);
	if (err)
		return req_fail(req, "could not add account '%s' (%m)",
				s->aor, err);

	/* before anything goes out with baresip's "login-0x…" */
	bridge_contact_set_user(ua, s->contact_user);

	err = apply_account_settings(req, ua, s);
	if (err) {
		/* the app never heard of this account: no events about it */
		bridge_tls_set_pin(ua_aor(ua), NULL);
		bridge_net_forget(ua);
		bridge_direct_forget(ua);
		bridge_calls_destroy_unheard(ua);
		return err;
	}

	if (s->regint > 0) {
		bridge_auth_forget(ua_aor(ua));
		(void)ua_register(ua);  /* failures arrive as REGISTER_FAIL */
	}

	return odict_entry_add(req->reply, PARLO_BRIDGE_FIELD_AOR,
			       ODICT_STRING, ua_aor(ua));
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
		return req_fail(req, "%s '%s' is not a valid SIP URI",
				PARLO_BRIDGE_FIELD_AOR, s.aor);

	if (uag_find_aor(aor))
		err = req_fail(req, "account '%s' already exists", aor);
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

	err = req_find_account(req, PARLO_BRIDGE_FIELD_AOR, &ua);
	if (err)
		return err;

	le = list_head(ua_calls(ua));
	while (le) {
		struct call *call = le->data;

		le = le->next;
		bridge_calls_hang_up(call, 0, NULL);
	}

	bridge_tls_set_pin(ua_aor(ua), NULL);
	bridge_net_forget(ua);
	bridge_direct_forget(ua);
	ua_destroy(ua);

	return 0;
}


static int cmd_account_register(struct request *req)
{
	struct ua *ua;
	int err;

	err = req_find_account(req, PARLO_BRIDGE_FIELD_AOR, &ua);
	if (err)
		return err;

	if (!account_regint(ua_account(ua)))
		return req_fail(req, "account '%s' has %s 0: it never"
				" registers", ua_aor(ua),
				PARLO_BRIDGE_FIELD_REGINT);

	bridge_auth_forget(ua_aor(ua));
	err = ua_register(ua);
	if (err)
		return req_fail(req, "could not register '%s' (%m)",
				ua_aor(ua), err);

	return 0;
}


static int cmd_account_unregister(struct request *req)
{
	struct ua *ua;
	int err;

	err = req_find_account(req, PARLO_BRIDGE_FIELD_AOR, &ua);
	if (err)
		return err;

	ua_unregister(ua);

	return 0;
}


const struct bridge_command bridge_account_commands[] = {
	{ PARLO_BRIDGE_COMMAND_ACCOUNT_ADD,        cmd_account_add },
	{ PARLO_BRIDGE_COMMAND_ACCOUNT_REMOVE,     cmd_account_remove },
	{ PARLO_BRIDGE_COMMAND_ACCOUNT_REGISTER,   cmd_account_register },
	{ PARLO_BRIDGE_COMMAND_ACCOUNT_UNREGISTER, cmd_account_unregister },
	{ NULL, NULL },
};
