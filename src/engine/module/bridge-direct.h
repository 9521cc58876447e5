/* bridge-direct.h — which accounts take calls that did not come through
 * their server, the server's addresses, and the calls refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void bridge_direct_init(void);
void bridge_direct_close(void);

/* Whether ua rings for INVITEs from anywhere (accept_direct) or only for
 * those from the addresses its REGISTERs were answered from. */
int bridge_direct_set(const struct ua *ua, bool accept_direct);
void bridge_direct_forget(const struct ua *ua);

/* Whether an INVITE from src may reach ua; counts and logs a refusal. */
bool bridge_direct_allows(const struct ua *ua, const struct sa *src);
/* How many INVITEs to ua were refused so far. */
uint64_t bridge_direct_refused(const struct ua *ua);

/* A response to a REGISTER arrived from src: the REGISTER_OK event it may
 * cause, which comes before the next message, names the account. */
void bridge_direct_on_register_response(const struct sa *src);
void bridge_direct_on_ua_event(struct ua *ua, enum ua_event ev,
			       struct call *call, const char *prm, void *arg);
