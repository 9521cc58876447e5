/* bridge-sip-stack.c — what the module changes in libre's SIP stack that
 * libre 1.1.0 offers no function for.
 *
 * libre hands each SIP message to its listeners in the order sip_listen
 * added them, and baresip's user agent adds its own at ua_init, before any
 * module loads: a module's listener would only see what baresip left. And
 * the Server / User-Agent text is fixed by ua_init to baresip's name and
 * version. Both live in libre's private struct sip; the shadows below are
 * libre 1.1.0's src/sip/sip.h, checked against the listener sip_listen just
 * made before anything is written through them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "bridge.h"
#include "bridge-sip-stack.h"

/* libre 1.1.0, src/sip/sip.h */
struct shadow_sip {
	struct list transpl;
	struct list lsnrl;
	struct list reql;
	struct hash *ht_ctrans;
	struct hash *ht_strans;
	struct hash *ht_strans_mrg;
	struct hash *ht_conn;
	struct hash *ht_udpconn;
	struct dnsc *dnsc;
	struct stun *stun;
	struct websock *websock;
	char *software;
	sip_exit_h *exith;
	sip_trace_h *traceh;
	void *arg;
	bool closing;
};

struct shadow_sip_lsnr {
	struct le le;
	struct sip_lsnr **lsnrp;
	sip_msg_h *msgh;
	void *arg;
	bool req;
};

static bool layout_checked;


/* The listener sip_listen just appended must be the tail of the stack's
 * list, with the fields it was given: then both shadows match. */
static bool layout_matches(const struct shadow_sip *s,
			   const struct shadow_sip_lsnr *l,
			   struct sip_lsnr **lsnrp, sip_msg_h *msgh,
			   void *arg, bool req)
{
	return s->lsnrl.tail == &l->le && l->le.data == l &&
		l->le.list == &s->lsnrl && l->lsnrp == lsnrp &&
		l->msgh == msgh && l->arg == arg && l->req == req;
}


int bridge_sip_listen_first(struct sip_lsnr **lsnrp, struct sip *sip,
			    bool req, sip_msg_h *msgh, void *arg)
{
	struct shadow_sip *s = (struct shadow_sip *)sip;
	struct shadow_sip_lsnr *l;
	int err;

	err = sip_listen(lsnrp, sip, req, msgh, arg);
	if (err)
		return err;

	l = (struct shadow_sip_lsnr *)*lsnrp;
	if (!layout_matches(s, l, lsnrp, msgh, arg, req)) {
		warning("parlo_bridge: libre's SIP stack is not laid out as"
			" libre 1.1.0's: the SIP guard cannot go first\n");
		*lsnrp = mem_deref(*lsnrp);
		return EPROTO;
	}

	layout_checked = true;
	list_unlink(&l->le);
	list_prepend(&s->lsnrl, &l->le, l);

	return 0;
}


int bridge_sip_set_software(struct sip *sip, const char *software)
{
	struct shadow_sip *s = (struct shadow_sip *)sip;
	char *copy = NULL;
	int err;

	/* only through a layout that a listener proved, and over the text
	 * baresip's ua_init gave it */
	if (!layout_checked || !s->software ||
	    strncmp(s->software, "baresip", 7))
		return EPROTO;

	err = str_dup(&copy, software);
	if (err)
		return err;

	mem_deref(s->software);
	s->software = copy;

	return 0;
}
