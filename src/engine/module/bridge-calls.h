/* bridge-calls.h — what the app knows about each call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* A call.dial is settled: its call got an id (error NULL), or it failed. */
typedef void (bridge_dial_h)(int64_t request_id, struct call *call,
			     const char *error);

/* A call is over; call is for comparing only. */
typedef void (bridge_call_ended_h)(const struct call *call);

void bridge_calls_init(bridge_call_ended_h *endedh);
void bridge_calls_close(void);
void bridge_calls_on_ua_event(struct ua *ua, enum ua_event ev,
			      struct call *call, const char *prm, void *arg);
void bridge_calls_sync(void);

void bridge_calls_announce(struct call *call);
int bridge_calls_await_id(struct call *call, int64_t request_id,
			  bridge_dial_h *dialh);
void bridge_calls_hang_up(struct call *call, uint16_t scode,
			  const char *reason);
void bridge_calls_mark_transferring(struct call *call);
void bridge_calls_destroy_unheard(struct ua *ua);
