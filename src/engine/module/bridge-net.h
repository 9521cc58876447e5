/* bridge-net.h — NAT keepalives of registered accounts, the SDP address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void bridge_net_init(void);
void bridge_net_close(void);

/* While ua is registered, send its registrar an OPTIONS every interval
 * seconds; 0 sends none. */
int bridge_net_keep_alive(struct ua *ua, uint32_t interval);
void bridge_net_forget(const struct ua *ua);
void bridge_net_on_ua_event(struct ua *ua, enum ua_event ev,
			    struct call *call, const char *prm, void *arg);
