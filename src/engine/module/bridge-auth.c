/* bridge-auth.c — stops a registration whose credentials the server refused.
 *
 * libre 1.1.0 answers every 401/407 to a REGISTER with a new authenticated
 * REGISTER as long as the server sends a fresh nonce, up to 16 times in a row;
 * a server that blocks an address after a few failed logins would block us. A
 * server that challenges for the same realm again, right after we answered its
 * challenge for that realm, has refused the credentials: the registration is
 * stopped there and reported as REGISTER_FAIL with that status.
 *
 * SIP traffic is seen through libre's trace hook, before the response reaches
 * the registration's transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "bridge.h"
#include "bridge-auth.h"

/* The last realm an account was challenged for, with no success since. */
struct challenge {
	struct le le;
	char *aor;
	char *realm;
};

static struct list challenges;


static void challenge_destructor(void *arg)
{
	struct challenge *ch = arg;

	list_unlink(&ch->le);
	mem_deref(ch->aor);
	mem_deref(ch->realm);
}


static struct challenge *find_challenge(const char *aor)
{
	struct le *le;

	for (le = challenges.head; le; le = le->next) {
		struct challenge *ch = le->data;

		if (0 == str_casecmp(ch->aor, aor))
			return ch;
	}

	return NULL;
}


/* A new registration starts with a clean slate. */
void bridge_auth_forget(const char *aor)
{
	mem_deref(find_challenge(aor));
}


static void refuse(const char *aor, const struct sip_msg *msg)
{
	struct ua *ua = uag_find_aor(aor);

	bridge_auth_forget(aor);
	if (!ua)
		return;

	/* Freeing the registration also drops its transaction, so libre
	 * sees this response as a stray and sends nothing more. */
	ua_event(ua, UA_EVENT_REGISTER_FAIL, NULL, "%u %r",
		 msg->scode, &msg->reason);
	ua_unregister(ua);
}


static void on_challenge(const char *aor, const struct sip_msg *msg)
{
	const struct sip_hdr *hdr;
	struct httpauth_digest_chall chall;
	struct challenge *ch;

	hdr = sip_msg_hdr(msg, msg->scode == 407 ? SIP_HDR_PROXY_AUTHENTICATE
				: SIP_HDR_WWW_AUTHENTICATE);
	if (!hdr || httpauth_digest_challenge_decode(&chall, &hdr->val))
		return;

	ch = find_challenge(aor);
	if (ch && 0 == pl_strcmp(&chall.realm, ch->realm) &&
	    pl_strcasecmp(&chall.stale, "true")) {
		refuse(aor, msg);
		return;
	}

	if (!ch) {
		ch = mem_zalloc(sizeof(*ch), challenge_destructor);
		if (!ch || str_dup(&ch->aor, aor)) {
			mem_deref(ch);
			return;
		}
		list_append(&challenges, &ch->le, ch);
	}
	ch->realm = mem_deref(ch->realm);
	(void)pl_strdup(&ch->realm, &chall.realm);
}


static bool is_register_outcome(const uint8_t *pkt, size_t len)
{
	static const char prefix[] = "SIP/2.0 ";
	const size_t n = sizeof(prefix) - 1;

	if (len < n + 3 || memcmp(pkt, prefix, n))
		return false;

	return pkt[n] == '2' || 0 == memcmp(pkt + n, "401", 3) ||
		0 == memcmp(pkt + n, "407", 3);
}


static void trace_handler(bool tx, enum sip_transp tp,
			  const struct sa *src, const struct sa *dst,
			  const uint8_t *pkt, size_t len, void *arg)
{
	struct sip_msg *msg = NULL;
	struct mbuf *mb;
	char *aor = NULL;
	(void)tp;
	(void)src;
	(void)dst;
	(void)arg;

	if (tx || !is_register_outcome(pkt, len))
		return;

	mb = mbuf_alloc(len);
	if (!mb || mbuf_write_mem(mb, pkt, len))
		goto out;
	mb->pos = 0;
	if (sip_msg_decode(&msg, mb) || pl_strcmp(&msg->cseq.met, "REGISTER"))
		goto out;
	if (pl_strdup(&aor, &msg->to.auri))
		goto out;

	if (msg->scode < 300)
		bridge_auth_forget(aor);
	else
		on_challenge(aor, msg);

 out:
	mem_deref(aor);
	mem_deref(msg);
	mem_deref(mb);
}


void bridge_auth_init(void)
{
	list_init(&challenges);
	sip_set_trace_handler(uag_sip(), trace_handler);
}


void bridge_auth_close(void)
{
	sip_set_trace_handler(uag_sip(), NULL);
	list_flush(&challenges);
}
