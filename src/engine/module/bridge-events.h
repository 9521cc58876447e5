/* bridge-events.h — encodes what happens to accounts and calls as events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* What a call event says of a call besides its state. */
struct bridge_call_flags {
	bool onhold;
	bool peerhold;
	bool muted;
	bool encrypted;
	const struct aucodec *codec;  /* identity only: compared */
};

/* How a call ended, for its CALL_CLOSED. */
struct bridge_closure {
	uint16_t scode;
	bool local;          /* ended by a command of the app */
	bool transferred;    /* ended by a transfer we asked for */
	const char *cause;   /* why the engine ended it itself, or NULL */
	const char *id;      /* the call's id, when baresip gave it none */
};

struct bridge_call_flags bridge_call_flags_now(const struct call *call);
bool bridge_call_flags_equal(const struct bridge_call_flags *a,
			     const struct bridge_call_flags *b);
const char *bridge_call_state_name(enum call_state state);
int bridge_add_codec(struct odict *od, const struct call *call);

void bridge_events_send(struct ua *ua, enum ua_event ev, struct call *call,
			const char *prm, const struct bridge_closure *closure);
void bridge_events_send_update(struct call *call);
void bridge_events_send_echo_delay(struct call *call, int64_t delay_ms);
void bridge_events_send_rx(struct call *call, bool stopped, uint32_t packets);
