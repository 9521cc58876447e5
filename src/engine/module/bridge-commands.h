/* bridge-commands.h — the app's commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

struct request;

/* bridge-commands.c: decodes one command line, runs its command and
 * answers; has the signature of bridge-socket.h's bridge_line_h. */
void bridge_commands_handle_line(const char *p, size_t n, int err, void *arg);

/* A command: its name and what runs it, filling in req->reply or failing. */
struct bridge_command {
	const char *name;
	int (*run)(struct request *req);
};

/* The commands of each kind, each table ending with { NULL, NULL }:
 * bridge-commands-account.c, bridge-commands-call.c and
 * bridge-commands-audio.c. */
extern const struct bridge_command bridge_account_commands[];
extern const struct bridge_command bridge_call_commands[];
extern const struct bridge_command bridge_audio_commands[];
