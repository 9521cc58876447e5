/* bridge-media.h — what a call's media says: required encryption missing,
 * and whether the peer's audio still arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The peer's RTP stopped arriving (stopped), or came back; packets is how
 * many arrived so far. */
typedef void (bridge_rx_h)(struct call *call, bool stopped, uint32_t packets);

void bridge_media_init(bridge_rx_h *rxh);
void bridge_media_close(void);
void bridge_media_watch(void);

bool bridge_media_lacks_required_encryption(const struct call *call);
bool bridge_media_is_encrypted(const struct call *call);
