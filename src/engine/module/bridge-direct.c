/* bridge-direct.c — which accounts take calls that did not come through
 * their server, the server's addresses, and the calls refused.
 *
 * A SIP scanner sends INVITEs straight to the port; a server account only
 * rings for the ones its registrar or outbound proxy relayed, unless the
 * person turned "Accept direct calls" on. The server's addresses are
 * learned where they cannot be forged: the source of the response that
 * made libre's registration client report REGISTER_OK. libre hands that
 * response to our listener first and then, in the same call, to the
 * client transaction that matches it, which emits the event; a forged
 * response matches no transaction and makes no event. The next hop answers
 * REGISTER, so that is the outbound proxy when there is one, and the
 * registrar otherwise. Addresses compare without the port: a server sends
 * from other ports than it listens on, and over TCP or TLS its connection's
 * address cannot be forged.
 *
 * Refusals are counted per account (engine.status) and logged: the first
 * at once, then at most one summary every LOG_INTERVAL, however many come.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bridge.h"
#include "bridge-direct.h"

enum {
	MAX_SERVERS = 8,
	LOG_INTERVAL = 10000,  /* ms */
};

struct direct {
	struct le le;
	const struct ua *ua;
	bool accept;
	struct sa servers[MAX_SERVERS];
	size_t n_servers;
	size_t next_server;   /* the one replaced when all are taken */
	uint64_t refused;
	uint64_t logged;      /* refused, as the last log line said */
	struct tmr log_tmr;
};

static struct list directs;
static struct sa register_src;  /* of the last response to a REGISTER */
static bool register_src_set;


static void direct_destructor(void *arg)
{
	struct direct *d = arg;

	tmr_cancel(&d->log_tmr);
	list_unlink(&d->le);
}


static struct direct *find_direct(const struct ua *ua)
{
	struct le *le;

	LIST_FOREACH(&directs, le) {
		struct direct *d = le->data;

		if (d->ua == ua)
			return d;
	}

	return NULL;
}


void bridge_direct_init(void)
{
	list_init(&directs);
	register_src_set = false;
}


void bridge_direct_close(void)
{
	list_flush(&directs);
}


int bridge_direct_set(const struct ua *ua, bool accept_direct)
{
	struct direct *d = find_direct(ua);

	if (!d) {
		d = mem_zalloc(sizeof(*d), direct_destructor);
		if (!d)
			return ENOMEM;

		d->ua = ua;
		tmr_init(&d->log_tmr);
		list_append(&directs, &d->le, d);
	}

	d->accept = accept_direct;

	return 0;
}


void bridge_direct_forget(const struct ua *ua)
{
	mem_deref(find_direct(ua));
}


static void log_summary(void *arg)
{
	struct direct *d = arg;

	if (d->refused == d->logged)
		return;

	info("parlo_bridge: %s: refused %llu more direct INVITEs"
	     " (%llu in all)\n", ua_aor(d->ua),
	     (unsigned long long)(d->refused - d->logged),
	     (unsigned long long)d->refused);
	d->logged = d->refused;
	tmr_start(&d->log_tmr, LOG_INTERVAL, log_summary, d);
}


static void count_refusal(struct direct *d, const struct sa *src)
{
	++d->refused;

	if (tmr_isrunning(&d->log_tmr))
		return;

	info("parlo_bridge: %s: refused a direct INVITE from %j, which is"
	     " not its server (%llu in all; a summary follows every %u s)\n",
	     ua_aor(d->ua), src, (unsigned long long)d->refused,
	     LOG_INTERVAL / 1000);
	d->logged = d->refused;
	tmr_start(&d->log_tmr, LOG_INTERVAL, log_summary, d);
}


bool bridge_direct_allows(const struct ua *ua, const struct sa *src)
{
	struct direct *d = find_direct(ua);
	size_t i;

	/* an account the app did not add (none today) keeps baresip's way */
	if (!d || d->accept)
		return true;

	for (i = 0; i < d->n_servers; i++) {
		if (sa_cmp(&d->servers[i], src, SA_ADDR))
			return true;
	}

	count_refusal(d, src);

	return false;
}


uint64_t bridge_direct_refused(const struct ua *ua)
{
	const struct direct *d = find_direct(ua);

	return d ? d->refused : 0;
}


void bridge_direct_on_register_response(const struct sa *src)
{
	register_src = *src;
	register_src_set = true;
}


static void learn_server(struct direct *d, const struct sa *src)
{
	size_t i;

	for (i = 0; i < d->n_servers; i++) {
		if (sa_cmp(&d->servers[i], src, SA_ADDR))
			return;
	}

	if (d->n_servers < MAX_SERVERS) {
		d->servers[d->n_servers++] = *src;
		return;
	}

	d->servers[d->next_server] = *src;
	d->next_server = (d->next_server + 1) % MAX_SERVERS;
}


void bridge_direct_on_ua_event(struct ua *ua, enum ua_event ev,
			       struct call *call, const char *prm, void *arg)
{
	struct direct *d;
	(void)call;
	(void)prm;
	(void)arg;

	if (ev != UA_EVENT_REGISTER_OK || !register_src_set)
		return;

	/* the response is used once: a later event has its own */
	register_src_set = false;

	d = find_direct(ua);
	if (d)
		learn_server(d, &register_src);
}
