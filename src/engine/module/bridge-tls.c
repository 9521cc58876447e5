/* bridge-tls.c — the engine's SIP TLS connections check the server's
 * certificate.
 *
 * baresip 1.0.0 gives libre's SIP stack a TLS context that verifies nothing,
 * and libre 1.1.0 starts every client TLS connection with the context of the
 * first TLS transport, naming no host. So at start the SIP transports are
 * replaced by the same ones with a context of ours, whose callbacks:
 *  - at the start of a client handshake, find the connection's peer address
 *    through libre's private struct tls_conn (a shadow of it below: the
 *    handshake fails when it does not match);
 *  - when the certificate comes, find from that address the host names Parlo
 *    expects to reach there over TLS: the next hop of every account and of
 *    every call to a sips: or ;transport=tls URI. The certificate must be for
 *    one of them (subjectAltName, no partial wildcards);
 *  - on a certificate that fails, accept it only when its SHA-256
 *    fingerprint is the one trusted for an account whose next hop that is,
 *    and otherwise keep why (bridge-tls-cert.c) and fail the handshake, before
 *    libre sends the REGISTER or INVITE it queued.
 * docs/tls.md says why each rule is what it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L
#define USE_OPENSSL  /* re_tls.h declares tls_openssl_context() then */

#include <string.h>
#include <netdb.h>
#include <sys/socket.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "bridge.h"
#include "bridge-tls.h"
#include "bridge-tls-cert.h"

enum {
	MAX_CANDIDATES = 16,
	MAX_HOST = 256,
	NET_CHANGE_INTERVAL = 60,  /* seconds, as baresip's main.c */
};

/* libre 1.1.0's struct tls_conn (src/tls/openssl/tls_tcp.c, built with
 * OpenSSL ≥ 1.1, so with its BIO_METHOD): the data of the BIO it writes to. */
struct shadow_tls_conn {
	SSL *ssl;
	BIO_METHOD *biomet;
	BIO *sbio_out;
	BIO *sbio_in;
	struct tcp_helper *th;
	struct tcp_conn *tcp;
};

/* A host a client connection may be meant for, and the fingerprint the
 * person trusted for it, if any. */
struct candidate {
	char host[MAX_HOST];
	bool ip;
	bool pinned;
	uint8_t pin[TLS_FINGERPRINT_SIZE];
};

/* What one client handshake checks, kept on its SSL. */
struct handshake {
	struct sa peer;
	struct candidate v[MAX_CANDIDATES];
	size_t n;
	bool broken;     /* its peer could not be found: refused */
	bool collected;  /* v is as it was when the certificate came */
	bool refused;    /* the refusal is recorded */
};

struct pin {
	struct le le;
	char *aor;
	uint8_t fp[TLS_FINGERPRINT_SIZE];
};

static struct tls *tls;
static struct list pins;
static int handshake_ix = -1;


static void pin_destructor(void *arg)
{
	struct pin *p = arg;

	list_unlink(&p->le);
	mem_deref(p->aor);
}


static struct pin *find_pin(const char *aor)
{
	struct le *le;

	LIST_FOREACH(&pins, le) {
		struct pin *p = le->data;

		if (0 == str_casecmp(p->aor, aor))
			return p;
	}

	return NULL;
}


int bridge_tls_set_pin(const char *aor, const char *fingerprint)
{
	struct pin *p;
	int err;

	mem_deref(find_pin(aor));
	if (!fingerprint)
		return 0;

	p = mem_zalloc(sizeof(*p), pin_destructor);
	if (!p)
		return ENOMEM;

	err = bridge_tls_cert_parse_pin(p->fp, fingerprint);
	err = err ? err : str_dup(&p->aor, aor);
	if (err) {
		mem_deref(p);
		return err;
	}

	list_append(&pins, &p->le, p);

	return 0;
}


static bool uri_is_tls(const struct uri *uri)
{
	static const struct pl transport = PL("transport");
	struct pl value;

	if (0 == pl_strcasecmp(&uri->scheme, "sips"))
		return true;

	return 0 == uri_param_get(&uri->params, &transport, &value) &&
		0 == pl_strcasecmp(&value, "tls");
}


/* The host a request of ua goes to first: its outbound proxy; else, for a
 * call, the URI called; else the account's domain. */
static bool next_hop(char host[MAX_HOST], const struct ua *ua,
		     const struct call *call, bool *pinnable)
{
	const struct account *acc = ua_account(ua);
	const char *outbound = account_outbound(acc, 0);
	struct uri uri;
	struct pl pl;

	*pinnable = !call || str_isset(outbound);
	if (str_isset(outbound) || call) {
		pl_set_str(&pl, str_isset(outbound) ? outbound
			   : call_peeruri(call));
		if (uri_decode(&uri, &pl))
			return false;
	}
	else {
		uri = *account_luri(acc);
	}

	return uri_is_tls(&uri) && 0 == pl_strcpy(&uri.host, host, MAX_HOST);
}


static bool host_has_addr(const char *host, const struct sa *peer)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct sa sa;
	bool found = false;

	if (0 == sa_set_str(&sa, host, 0))
		return sa_cmp(&sa, peer, SA_ADDR);

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res))
		return false;

	for (ai = res; ai && !found; ai = ai->ai_next) {
		if (0 == sa_set_sa(&sa, ai->ai_addr))
			found = sa_cmp(&sa, peer, SA_ADDR);
	}
	freeaddrinfo(res);

	return found;
}


static void add_candidate(struct handshake *hs, const struct ua *ua,
			  const struct call *call)
{
	struct candidate *c;
	const struct pin *pin;
	struct sa sa;
	bool pinnable;

	if (hs->n >= MAX_CANDIDATES)
		return;

	c = &hs->v[hs->n];
	if (!next_hop(c->host, ua, call, &pinnable))
		return;

	c->ip = 0 == sa_set_str(&sa, c->host, 0);
	pin = pinnable ? find_pin(ua_aor(ua)) : NULL;
	c->pinned = pin != NULL;
	if (pin)
		memcpy(c->pin, pin->fp, sizeof(c->pin));
	++hs->n;
}


/* Every TLS next hop; then only those at the peer's address, when any is:
 * behind a DNS SRV record the server's address is not the name's. */
static void collect_candidates(struct handshake *hs, const struct sa *peer)
{
	struct handshake matched;
	struct le *le, *cle;
	size_t i;

	LIST_FOREACH(uag_list(), le) {
		add_candidate(hs, le->data, NULL);
		LIST_FOREACH(ua_calls(le->data), cle)
			add_candidate(hs, le->data, cle->data);
	}

	matched.n = 0;
	for (i = 0; i < hs->n; i++) {
		if (host_has_addr(hs->v[i].host, peer))
			matched.v[matched.n++] = hs->v[i];
	}

	if (matched.n) {
		memcpy(hs->v, matched.v, matched.n * sizeof(hs->v[0]));
		hs->n = matched.n;
		for (i = 0; i < hs->n; i++)
			bridge_tls_problem_clear(hs->v[i].host);
	}
}


static int peer_of(const SSL *ssl, struct sa *peer)
{
	BIO *wbio = SSL_get_wbio(ssl);
	const struct shadow_tls_conn *tc = wbio ? BIO_get_data(wbio) : NULL;

	if (!tc || tc->ssl != ssl || tc->sbio_out != wbio ||
	    tc->sbio_in != SSL_get_rbio(ssl) || !tc->tcp)
		return EPROTO;

	return tcp_conn_peer_get(tc->tcp, peer);
}


/* The name a server with several hosts needs to pick its certificate. */
static void send_server_name(SSL *ssl, const struct handshake *hs)
{
	size_t i;

	for (i = 0; i < hs->n; i++) {
		if (!hs->v[i].ip) {
			(void)SSL_set_tlsext_host_name(ssl, hs->v[i].host);
			return;
		}
	}
}


/* Whether the certificate is for one of the names, with no partial
 * wildcards; an address must be in its subjectAltName. */
static bool is_for_candidate(const struct handshake *hs, X509 *leaf)
{
	size_t i;

	for (i = 0; i < hs->n; i++) {
		const char *host = hs->v[i].host;

		if (hs->v[i].ip ? 1 == X509_check_ip_asc(leaf, host, 0)
		    : 1 == X509_check_host(leaf, host, 0,
				X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL))
			return true;
	}

	return false;
}


static void handshake_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad,
			   int idx, long argl, void *argp)
{
	(void)parent;
	(void)ad;
	(void)idx;
	(void)argl;
	(void)argp;

	mem_deref(ptr);
}


static void info_handler(const SSL *cssl, int where, int ret)
{
	SSL *ssl = (SSL *)cssl;
	struct handshake *hs;

	(void)ret;

	if (!(where & SSL_CB_HANDSHAKE_START))
		return;

	/* a call coming in: baresip never asked callers for certificates */
	if (SSL_is_server(ssl)) {
		SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
		return;
	}

	/* TLS 1.3 signals a start again after the handshake */
	if (SSL_get_ex_data(ssl, handshake_ix))
		return;

	hs = mem_zalloc(sizeof(*hs), NULL);
	if (!hs || !SSL_set_ex_data(ssl, handshake_ix, hs)) {
		mem_deref(hs);
		return;  /* no state: the verify callback refuses */
	}

	if (peer_of(ssl, &hs->peer)) {
		warning("parlo_bridge: TLS connection of unknown layout,"
			" refused\n");
		hs->broken = true;
		return;
	}

	collect_candidates(hs, &hs->peer);
	send_server_name(ssl, hs);
}


static bool is_pinned(const struct handshake *hs, X509 *leaf, bool *any)
{
	uint8_t fp[TLS_FINGERPRINT_SIZE];
	size_t i;

	*any = false;
	bridge_tls_cert_fingerprint(leaf, fp);
	for (i = 0; i < hs->n; i++) {
		if (!hs->v[i].pinned)
			continue;
		*any = true;
		if (0 == memcmp(fp, hs->v[i].pin, sizeof(fp)))
			return true;
	}

	return false;
}


static void refuse(struct handshake *hs, X509_STORE_CTX *ctx, X509 *leaf,
		   bool any_pin)
{
	int error = X509_STORE_CTX_get_error(ctx);
	const char *reason = any_pin ? PARLO_BRIDGE_TLS_PROBLEM_CHANGED
		: bridge_tls_cert_reason(error);
	size_t i;

	info("parlo_bridge: certificate of %s refused: %s (%s)\n",
	     hs->v[0].host, reason, X509_verify_cert_error_string(error));
	for (i = 0; i < hs->n; i++)
		bridge_tls_problem_set(hs->v[i].host, reason, leaf,
				       X509_STORE_CTX_get_current_cert(ctx));
	hs->refused = true;
}


/* Called for each certificate of the chain, the server's last, and for each
 * error OpenSSL found. The candidates are taken again as the certificate
 * arrives: an account added since the connection started (after an edit,
 * its REGISTER waits on the connection its un-REGISTER opened) counts. */
static int verify_handler(int ok, X509_STORE_CTX *ctx)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(ctx,
				SSL_get_ex_data_X509_STORE_CTX_idx());
	struct handshake *hs = ssl ? SSL_get_ex_data(ssl, handshake_ix)
		: NULL;
	X509 *leaf = X509_STORE_CTX_get0_cert(ctx);
	bool any_pin;

	if (!hs || hs->broken || !leaf)
		return 0;

	if (!hs->collected) {
		hs->n = 0;
		collect_candidates(hs, &hs->peer);
		hs->collected = true;
	}

	/* without a name to check, no certificate is good enough */
	if (!hs->n)
		return 0;

	if (is_pinned(hs, leaf, &any_pin))
		return 1;

	if (ok && X509_STORE_CTX_get_error_depth(ctx) == 0 &&
	    !is_for_candidate(hs, leaf)) {
		X509_STORE_CTX_set_error(ctx, X509_V_ERR_HOSTNAME_MISMATCH);
		ok = 0;
	}

	if (ok)
		return 1;

	if (!hs->refused)
		refuse(hs, ctx, leaf, any_pin);

	return 0;
}


int bridge_tls_add_problem(struct odict *od, const struct ua *ua,
			   const struct call *call)
{
	char host[MAX_HOST];
	bool pinnable;

	if (!ua || !next_hop(host, ua, call, &pinnable))
		return 0;

	return bridge_tls_problem_encode(od, host);
}


/* As baresip 1.0.0's add_transp_af: UDP and TCP on sip_listen (or any port
 * of laddr), TLS on the port after it. */
static int add_transports_af(const struct sa *laddr)
{
	const char *listen = conf_config()->sip.local;
	struct sa local;
	int err = 0;

	if (str_isset(listen)) {
		if (sa_decode(&local, listen, strlen(listen)) &&
		    sa_set_str(&local, listen, 0))
			return EINVAL;
		if (!sa_isset(&local, SA_ADDR)) {
			uint16_t port = sa_port(&local);

			(void)sa_set_sa(&local, &laddr->u.sa);
			sa_set_port(&local, port);
		}
		if (sa_af(laddr) != sa_af(&local))
			return 0;
	}
	else {
		sa_cpy(&local, laddr);
		sa_set_port(&local, 0);
	}

	err |= sip_transp_add(uag_sip(), SIP_TRANSP_UDP, &local);
	err |= sip_transp_add(uag_sip(), SIP_TRANSP_TCP, &local);
	if (sa_isset(&local, SA_PORT))
		sa_set_port(&local, sa_port(&local) + 1);
	err |= sip_transp_add(uag_sip(), SIP_TRANSP_TLS, &local, tls);

	return err;
}


static int add_transports(void)
{
	struct network *net = baresip_network();
	int err = 0;

	sip_transp_flush(uag_sip());
	if (sa_isset(net_laddr_af(net, AF_INET), SA_ADDR))
		err |= add_transports_af(net_laddr_af(net, AF_INET));
	if (sa_isset(net_laddr_af(net, AF_INET6), SA_ADDR))
		err |= add_transports_af(net_laddr_af(net, AF_INET6));

	return err;
}


/* baresip's own handler (main.c) would bring back its transports: after
 * them come ours, then what baresip does next, registrations and calls. */
static void net_change_handler(void *arg)
{
	struct network *net = baresip_network();
	struct le *le, *cle;

	(void)arg;

	(void)uag_reset_transp(false, false);
	if (add_transports())
		warning("parlo_bridge: SIP transports failed\n");

	LIST_FOREACH(uag_list(), le) {
		struct ua *ua = le->data;

		if (account_regint(ua_account(ua)))
			(void)ua_register(ua);
		LIST_FOREACH(ua_calls(ua), cle) {
			struct call *call = cle->data;

			(void)call_reset_transp(call,
					net_laddr_af(net, call_af(call)));
		}
	}
}


static int alloc_context(void)
{
	const struct config_sip *cfg = &conf_config()->sip;
	SSL_CTX *ctx;
	int err;

	err = tls_alloc(&tls, TLS_METHOD_SSLV23,
			str_isset(cfg->cert) ? cfg->cert : NULL, NULL);
	if (!err && str_isset(cfg->cafile))
		err = tls_add_ca(tls, cfg->cafile);
	if (err)
		return err;

	ctx = tls_openssl_context(tls);
	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    !SSL_CTX_set_default_verify_paths(ctx))
		return ENOMEM;

	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_handler);
	SSL_CTX_set_info_callback(ctx, info_handler);

	return 0;
}


int bridge_tls_init(void)
{
	int err;

	handshake_ix = SSL_get_ex_new_index(0, NULL, NULL, NULL,
					    handshake_free);
	if (handshake_ix < 0)
		return ENOMEM;

	err = alloc_context();
	err = err ? err : add_transports();
	if (err) {
		warning("parlo_bridge: no verifying SIP TLS (%m)\n", err);
		return err;
	}

	net_change(baresip_network(), NET_CHANGE_INTERVAL,
		   net_change_handler, NULL);

	return 0;
}


/* The connections go first: their SSLs call back into this module. */
void bridge_tls_close(void)
{
	sip_transp_flush(uag_sip());
	net_change(baresip_network(), 0, NULL, NULL);
	tls = mem_deref(tls);
	list_flush(&pins);
	bridge_tls_problem_close();
}
