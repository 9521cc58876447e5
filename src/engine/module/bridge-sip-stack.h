/* bridge-sip-stack.h — what the module changes in libre's SIP stack that
 * libre 1.1.0 offers no function for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* sip_listen, then move the new listener to the head of the stack's list,
 * ahead of the user agent's and of the transactions'. EPROTO when the stack
 * is not laid out as this module expects: nothing is then installed. */
int bridge_sip_listen_first(struct sip_lsnr **lsnrp, struct sip *sip,
			    bool req, sip_msg_h *msgh, void *arg);

/* The Server and User-Agent header value of every message the stack sends. */
int bridge_sip_set_software(struct sip *sip, const char *software);
