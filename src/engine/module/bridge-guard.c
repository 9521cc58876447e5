/* bridge-guard.c — the SIP requests that must not reach baresip, and the
 * answer to OPTIONS.
 *
 * Its request listener is the first of libre's stack (bridge-sip-stack.c),
 * so it sees every request before baresip's user agent, sessions and
 * transactions do, and a request it refuses never rings, never reaches the
 * app and never takes a call slot:
 *  - a request without one of RFC 3261 §8.1.1's mandatory headers, with a
 *    Content-Length that is not a number or promises more than came, a NUL
 *    byte or text that is not UTF-8 in its headers, or a CSeq naming another
 *    method: 400, with a reason phrase that says which;
 *  - an INVITE to a server account from an address that is not its server,
 *    while the account does not accept direct calls (bridge-direct.c): 403;
 *  - an INVITE whose SDP does not parse: 488.
 * Without a Via there is nowhere to send an answer, and an ACK gets none:
 * those are dropped. What libre drops before any listener, and why, is in
 * docs/sip-guard.md.
 *
 * OPTIONS is answered here as RFC 3261 §11.2 asks (Allow, Accept,
 * Accept-Encoding, Accept-Language, Supported), without the SDP baresip
 * would build from a whole call allocated for each one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "bridge.h"
#include "bridge-direct.h"
#include "bridge-guard.h"
#include "bridge-sip-stack.h"

static struct sip_lsnr *request_lsnr;
static struct sip_lsnr *response_lsnr;


/* A UTF-8 sequence as RFC 3629 allows it: no overlong forms, surrogates or
 * code points past U+10FFFF. *lenp is its length. */
static bool utf8_sequence_valid(const uint8_t *p, size_t left, size_t *lenp)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0x80) {
		*lenp = 1;
		return true;
	}

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1f;
	}
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		cp = p[0] & 0x0f;
	}
	else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07;
	}
	else {
		return false;
	}

	if (left < n)
		return false;

	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return false;
		cp = (cp << 6) | (p[i] & 0x3f);
	}

	*lenp = n;

	return !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) &&
		!(cp >= 0xd800 && cp <= 0xdfff) && cp <= 0x10ffff;
}


/* The start line and headers: what precedes the body. */
static const char *check_header_bytes(const struct sip_msg *msg)
{
	/* the request's method starts the message in its buffer */
	const uint8_t *p = (const uint8_t *)msg->met.p;
	size_t end = mbuf_buf(msg->mb) - p;
	size_t i = 0, n;

	while (i < end) {
		if (!p[i])
			return "NUL Byte in Header";
		if (!utf8_sequence_valid(p + i, end - i, &n))
			return "Header Not UTF-8";
		i += n;
	}

	return NULL;
}


static bool is_decimal(const struct pl *pl)
{
	size_t i;

	if (!pl->l || pl->l > 10)
		return false;

	for (i = 0; i < pl->l; i++) {
		if (pl->p[i] < '0' || pl->p[i] > '9')
			return false;
	}

	return true;
}


/* Over TCP and TLS libre already refused a message without it (it closes
 * the connection) and waited for the whole body it announces; over UDP the
 * body is the rest of the datagram. */
static const char *check_content_length(const struct sip_msg *msg)
{
	if (!msg->clen.p)
		return msg->tp == SIP_TRANSP_UDP ? NULL
			: "Missing Content-Length";

	/* a sign, a fraction or more than 10 digits: libre reads a
	 * number of its own from it */
	if (!is_decimal(&msg->clen) ||
	    pl_u64(&msg->clen) > mbuf_get_left(msg->mb))
		return "Bad Content-Length";

	return NULL;
}


static bool hdr_present(const struct sip_msg *msg, enum sip_hdrid id)
{
	const struct sip_hdr *hdr = sip_msg_hdr(msg, id);

	return hdr && hdr->val.l;
}


/* Why msg must be refused with 400, or NULL. */
static const char *bad_request_reason(const struct sip_msg *msg)
{
	const char *reason;

	if (!hdr_present(msg, SIP_HDR_TO))
		return "Missing To";
	if (!hdr_present(msg, SIP_HDR_FROM))
		return "Missing From";
	if (!hdr_present(msg, SIP_HDR_CSEQ))
		return "Missing CSeq";
	if (!pl_isset(&msg->callid))
		return "Missing Call-ID";
	if (!pl_isset(&msg->maxfwd))
		return "Missing Max-Forwards";
	if (!is_decimal(&msg->maxfwd) || pl_u32(&msg->maxfwd) > 255)
		return "Bad Max-Forwards";
	if (pl_cmp(&msg->cseq.met, &msg->met))
		return "CSeq Method Mismatch";

	reason = check_content_length(msg);

	return reason ? reason : check_header_bytes(msg);
}


static bool sdp_unreadable(const struct sip_msg *msg)
{
	struct sdp_session *sess = NULL;
	struct mbuf mb = *msg->mb;  /* sdp_decode reads from pos */
	int err;

	if (!mbuf_get_left(msg->mb) ||
	    !msg_ctype_cmp(&msg->ctyp, "application", "sdp"))
		return false;

	err = sdp_session_alloc(&sess, &msg->dst);
	if (!err)
		err = sdp_decode(sess, &mb, true);
	mem_deref(sess);

	/* out of memory says nothing about the SDP */
	return err && err != ENOMEM;
}


static void answer_options(const struct sip_msg *msg)
{
	const struct ua *ua = uag_find(&msg->uri.user);

	if (!ua) {
		(void)sip_treply(NULL, uag_sip(), msg, 404, "Not Found");
		return;
	}

	(void)sip_treplyf(NULL, NULL, uag_sip(), msg, false, 200, "OK",
			  "Allow: %H\r\n"
			  "Accept: application/sdp\r\n"
			  "Accept-Encoding: identity\r\n"
			  "Accept-Language: en\r\n"
			  "%H"
			  "Content-Length: 0\r\n"
			  "\r\n",
			  ua_print_allowed, ua,
			  ua_print_supported, ua);
}


/* true: the request is answered or dropped here, baresip never sees it */
static bool request_handler(const struct sip_msg *msg, void *arg)
{
	bool ack = !pl_strcmp(&msg->met, "ACK");
	const char *reason;
	const struct ua *ua;
	(void)arg;

	/* no Via: an answer could not be routed */
	if (!pl_isset(&msg->via.sentby))
		return true;

	reason = bad_request_reason(msg);
	if (reason) {
		if (!ack)
			(void)sip_reply(uag_sip(), msg, 400, reason);
		return true;
	}

	if (!pl_strcmp(&msg->met, "OPTIONS")) {
		answer_options(msg);
		return true;
	}

	if (pl_strcmp(&msg->met, "INVITE") || pl_isset(&msg->to.tag))
		return false;

	/* a new call: baresip would hand it to this account */
	ua = uag_find(&msg->uri.user);
	if (ua && !bridge_direct_allows(ua, &msg->src)) {
		(void)sip_reply(uag_sip(), msg, 403,
				"Direct Calls Not Accepted");
		return true;
	}

	if (sdp_unreadable(msg)) {
		(void)sip_reply(uag_sip(), msg, 488, "Unreadable SDP");
		return true;
	}

	return false;
}


/* Only watches: the client transactions after it still get every
 * response. */
static bool response_handler(const struct sip_msg *msg, void *arg)
{
	(void)arg;

	if (!pl_strcmp(&msg->cseq.met, "REGISTER"))
		bridge_direct_on_register_response(&msg->src);

	return false;
}


int bridge_guard_init(void)
{
	struct sip *sip = uag_sip();
	int err;

	err = bridge_sip_listen_first(&request_lsnr, sip, true,
				      request_handler, NULL);
	if (!err)
		err = bridge_sip_listen_first(&response_lsnr, sip, false,
					      response_handler, NULL);
	if (!err)
		err = bridge_sip_set_software(sip, "Parlo/" PARLO_VERSION);
	if (err) {
		warning("parlo_bridge: the SIP guard could not be installed"
			" (%m)\n", err);
		bridge_guard_close();
	}

	return err;
}


void bridge_guard_close(void)
{
	request_lsnr = mem_deref(request_lsnr);
	response_lsnr = mem_deref(response_lsnr);
}
