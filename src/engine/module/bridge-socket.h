/* bridge-socket.h — the socket to the app: lines in, lines out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* One line read, without its newline. err is EMSGSIZE for a line longer than
 * PARLO_BRIDGE_MAX_LINE and ENOMEM for one that could not be kept: either is
 * discarded, p is NULL and n 0. */
typedef void (bridge_line_h)(const char *p, size_t n, int err, void *arg);

/* The app closed its end. Called from a timer of its own, never from inside
 * another callback. */
typedef void (bridge_closed_h)(void *arg);

int bridge_socket_open(bridge_line_h *lineh, bridge_closed_h *closedh,
		       void *arg);
void bridge_socket_close(void);
void bridge_socket_send(const struct odict *od);
