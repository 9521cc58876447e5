/* bridge-net.c — staying reachable behind a NAT, and the address in SDP.
 *
 * Keepalives: a NAT router forgets a UDP mapping that carried nothing for a
 * while (Linux conntrack after 30 s without a reply, home routers after 30 s
 * to a few minutes); then the registrar's INVITEs no longer reach us, although
 * the registration is still valid. So while an account is registered over
 * UDP, the module sends its registrar a SIP OPTIONS request every `keepalive`
 * seconds, from the socket and over the route the REGISTER used. Any answer,
 * even an error, refreshes the mapping both ways; no answer does no harm.
 * The timer runs only while the account is registered (docs/nat.md).
 *
 * The SDP address: baresip offers net_laddr_af(), the source address of the
 * default route. An engine told to listen on one address offers that one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bridge.h"
#include "bridge-net.h"

struct keepalive {
	struct le le;
	struct ua *ua;
	char *uri;           /* the REGISTER's Request-URI */
	uint32_t interval;   /* seconds */
	struct tmr tmr;
};

static struct list keepalives;


static void keepalive_destructor(void *arg)
{
	struct keepalive *ka = arg;

	tmr_cancel(&ka->tmr);
	list_unlink(&ka->le);
	mem_deref(ka->uri);
}


static struct keepalive *find_keepalive(const struct ua *ua)
{
	struct le *le;

	LIST_FOREACH(&keepalives, le) {
		struct keepalive *ka = le->data;

		if (ka->ua == ua)
			return ka;
	}

	return NULL;
}


static void send_keepalive(void *arg)
{
	struct keepalive *ka = arg;
	int err;

	/* the answer matters to nobody: the packets have done their job */
	err = sip_req_send(ka->ua, "OPTIONS", ka->uri, NULL, NULL,
			   "Content-Length: 0\r\n\r\n");
	if (err)
		warning("parlo_bridge: keepalive for %s not sent (%m)\n",
			ua_aor(ka->ua), err);

	tmr_start(&ka->tmr, ka->interval * 1000, send_keepalive, ka);
}


/* The URI baresip 1.0.0 registers at (ua_register): the AOR without user. */
static int registrar_uri(char **urip, struct ua *ua)
{
	struct uri uri = *account_luri(ua_account(ua));

	uri.user = uri.password = pl_null;

	return re_sdprintf(urip, "%H", uri_encode, &uri);
}


int bridge_net_keep_alive(struct ua *ua, uint32_t interval)
{
	struct keepalive *ka;
	int err;

	bridge_net_forget(ua);
	if (!interval)
		return 0;

	ka = mem_zalloc(sizeof(*ka), keepalive_destructor);
	if (!ka)
		return ENOMEM;

	err = registrar_uri(&ka->uri, ua);
	if (err) {
		mem_deref(ka);
		return err;
	}

	ka->ua = ua;
	ka->interval = interval;
	tmr_init(&ka->tmr);
	list_append(&keepalives, &ka->le, ka);

	return 0;
}


void bridge_net_forget(const struct ua *ua)
{
	mem_deref(find_keepalive(ua));
}


void bridge_net_on_ua_event(struct ua *ua, enum ua_event ev,
			    struct call *call, const char *prm, void *arg)
{
	struct keepalive *ka = find_keepalive(ua);
	(void)call;
	(void)prm;
	(void)arg;

	if (!ka)
		return;

	switch (ev) {

	case UA_EVENT_REGISTER_OK:
		/* a refresh restarts the interval: the REGISTER kept the
		 * mapping open too */
		tmr_start(&ka->tmr, ka->interval * 1000, send_keepalive, ka);
		break;

	case UA_EVENT_REGISTER_FAIL:
	case UA_EVENT_UNREGISTERING:
		tmr_cancel(&ka->tmr);
		break;

	default:
		break;
	}
}


/* With sip_listen on one address, offer that address in SDP: the default
 * route's may belong to another interface, which the peer cannot reach. */
static void pin_sdp_address(void)
{
	struct network *net = baresip_network();
	struct sa laddr;

	if (conf_get_sa(conf_cur(), "sip_listen", &laddr) ||
	    !sa_isset(&laddr, SA_ADDR))
		return;

	sa_set_port(&laddr, 0);
	if (net_set_address(net, &laddr)) {
		warning("parlo_bridge: cannot offer %j in SDP\n", &laddr);
		return;
	}

	/* the network check every 60 s (bridge-tls's, in place of baresip's;
	 * bridge.c starts this after it) would put the default route's
	 * address back; an engine bound to one address has nothing to follow */
	net_change(net, 0, NULL, NULL);
	info("parlo_bridge: media address %j\n", &laddr);
}


void bridge_net_init(void)
{
	list_init(&keepalives);
	pin_sdp_address();
}


void bridge_net_close(void)
{
	list_flush(&keepalives);
}
