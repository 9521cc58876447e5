/* bridge.h — what every file of the parlo_bridge module includes.
 *
 * The module's files, each with its own state and header, and whom they call:
 *
 *   bridge.c           module init and close: starts the others, wires their
 *                      callbacks together
 *   bridge-socket.c    the inherited socket: frames the lines read, hands each
 *                      to a callback, queues the lines written
 *   bridge-commands*.c decode and run the app's commands and answer them
 *                      → bridge-request, bridge-calls, bridge-audio,
 *                        bridge-auth, bridge-events (names only)
 *   bridge-request.c   one command's fields and its response → bridge-socket
 *   bridge-calls.c     what the app knows of each call: snapshots, dials
 *                      waiting for their id, who ended a call; reacts to UA
 *                      events → bridge-events
 *   bridge-events.c    encodes events → bridge-socket
 *   bridge-audio.c     devices, tones, level meters, echo probe; reports
 *                      through a callback
 *   bridge-auth.c      stops registrations whose credentials were refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libre's headers expect the fixed-width and bool types to be defined */
#include <re.h>

#include "baresip-api.h"
#include "parlo-bridge-protocol.h"

enum {
	ODICT_HASH_SIZE = 16,
};

/* ---- Still shared by several parts, until each has its own header ------ */

enum bridge_audio_role {
	BRIDGE_AUDIO_SOURCE,
	BRIDGE_AUDIO_PLAYER,
	BRIDGE_AUDIO_ALERT,
};

struct bridge {
	struct play *tone;         /* the tone playing, NULL when none */
};

extern struct bridge bridge;

/* bridge-auth.c */
void bridge_auth_init(void);
void bridge_auth_close(void);
void bridge_auth_forget(const char *aor);

/* bridge-audio.c */
int bridge_audio_set_device(enum bridge_audio_role role, const char *device);
int bridge_tone_play(const char *file, bool alert, bool repeat);
void bridge_tone_stop(void);
void bridge_levels_init(void);
void bridge_levels_close(void);
int bridge_probe_echo(struct call *call);
void bridge_probe_forget(const struct call *call);

/* bridge-commands.c */
struct odict *bridge_new_response(int64_t id, bool ok);
void bridge_send_error(int64_t id, const char *error);
void bridge_handle_line(const char *p, size_t n, int err, void *arg);
