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

/* bridge-commands.c */
struct odict *bridge_new_response(int64_t id, bool ok);
void bridge_send_error(int64_t id, const char *error);
void bridge_handle_line(const char *p, size_t n, int err, void *arg);
