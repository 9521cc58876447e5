/* bridge-dns.c — the resolver's sockets, open only to its servers.
 *
 * libre 1.1.0's DNS client binds one UDP socket to every IPv4 address and one
 * to every IPv6 address, and takes an answer from any source that matches a
 * pending query: anyone who can reach the machine can aim forged answers at
 * them, and they listen beside SIP's and RTP's. The module connects each
 * socket to the server it last sent a query to, so the kernel drops every
 * other sender; a send to another server (a new one after a network change,
 * or the next of several) connects the socket to that one first. A socket of
 * a family without a server waits connected to the loopback discard port.
 *
 * Neither socket is reachable through libre's API: a shadow of its private
 * struct dnsc (src/dns/client.c) reaches them, checked first against what
 * the sockets say of themselves; on another layout nothing is touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bridge.h"
#include "bridge-dns.h"

enum {
	SHADOW_SRVC_MAX = 32,
	DISCARD_PORT = 9,
};

struct shadow_dnsc {
	struct dnsc_conf conf;
	struct hash *ht_query;
	struct hash *ht_tcpconn;
	struct udp_sock *us;
	struct udp_sock *us6;
	struct sa srvv[SHADOW_SRVC_MAX];
	uint32_t srvc;
};

struct dns_socket {
	struct udp_sock *us;
	struct udp_helper *helper;
	struct sa peer;
};

static struct dns_socket sockets[2];


static bool is_wildcard_socket(const struct udp_sock *us, int af)
{
	struct sa local;

	return us && !udp_local_get(us, &local) && sa_af(&local) == af &&
		sa_is_any(&local);
}


static bool layout_matches(const struct shadow_dnsc *dnsc)
{
	uint32_t i;

	if (dnsc->srvc > SHADOW_SRVC_MAX ||
	    !is_wildcard_socket(dnsc->us, AF_INET) ||
	    !is_wildcard_socket(dnsc->us6, AF_INET6))
		return false;

	for (i = 0; i < dnsc->srvc; i++) {
		int af = sa_af(&dnsc->srvv[i]);

		if ((af != AF_INET && af != AF_INET6) ||
		    !sa_port(&dnsc->srvv[i]))
			return false;
	}

	return true;
}


static int connect_to(struct dns_socket *s, const struct sa *peer)
{
	int err = udp_connect(s->us, peer);

	if (!err)
		s->peer = *peer;

	return err;
}


static bool on_send(int *err, struct sa *dst, struct mbuf *mb, void *arg)
{
	struct dns_socket *s = arg;

	(void)mb;
	if (!sa_cmp(dst, &s->peer, SA_ALL))
		*err = connect_to(s, dst);

	return false;
}


static bool on_receive(struct sa *src, struct mbuf *mb, void *arg)
{
	(void)src;
	(void)mb;
	(void)arg;

	return false;  /* the kernel let through only the server's */
}


static const struct sa *first_server(const struct shadow_dnsc *dnsc, int af)
{
	uint32_t i;

	for (i = 0; i < dnsc->srvc; i++) {
		if (sa_af(&dnsc->srvv[i]) == af)
			return &dnsc->srvv[i];
	}

	return NULL;
}


static int restrict_socket(struct dns_socket *s,
			   const struct shadow_dnsc *dnsc,
			   struct udp_sock *us, int af)
{
	const struct sa *server = first_server(dnsc, af);
	struct sa discard;
	int err;

	s->us = us;
	if (!server) {
		sa_set_str(&discard, af == AF_INET ? "127.0.0.1" : "::1",
			   DISCARD_PORT);
		server = &discard;
	}

	err = connect_to(s, server);
	if (err)
		return err;

	return udp_register_helper(&s->helper, us, 0, on_send, on_receive,
				   s);
}


void bridge_dns_init(void)
{
	const struct shadow_dnsc *dnsc =
		(const struct shadow_dnsc *)net_dnsc(baresip_network());
	int err;

	if (!dnsc || !layout_matches(dnsc)) {
		warning("parlo_bridge: unknown resolver layout; its sockets"
			" stay open to all\n");
		return;
	}

	err  = restrict_socket(&sockets[0], dnsc, dnsc->us, AF_INET);
	err |= restrict_socket(&sockets[1], dnsc, dnsc->us6, AF_INET6);
	if (err)
		warning("parlo_bridge: resolver sockets stay open: %m\n", err);
}


/* before baresip closes the resolver: the helpers point into this module */
void bridge_dns_close(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sockets); i++)
		sockets[i].helper = mem_deref(sockets[i].helper);
}
