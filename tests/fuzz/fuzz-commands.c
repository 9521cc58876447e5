/* Fuzz target: the bridge module's command handler, as it runs inside baresip
 * (src/engine/module: bridge-socket.c's framing, bridge-commands*.c's decoding,
 * checks and dispatch, bridge-request.c's responses).
 *
 * The module's own code is compiled into this binary; the baresip functions it
 * calls are baresip-fake.c's, which answer as an engine without accounts,
 * calls or network. libre is set up as baresip sets it up, and the module's
 * parts are started as module_init starts them, except SIP TLS, which needs
 * baresip's SIP stack: no command reaches it before an account exists, and
 * none can exist here.
 *
 * The input is what the app writes to the socket: it is written to the app's
 * end of a socketpair made once for the whole run, and libre's main loop runs
 * until the module has read all of it and sent every response. A newline is
 * added at the end so that no half line is carried into the next input. The
 * module promises one response per line, over-long and malformed ones
 * included; a run that gets a different count stops as a crash would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge.h"
#include "bridge-audio.h"
#include "bridge-auth.h"
#include "bridge-calls.h"
#include "bridge-commands.h"
#include "bridge-events.h"
#include "bridge-media.h"
#include "bridge-net.h"
#include "bridge-socket.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	/* more than the socket buffers hold, so the module's queue is used */
	MAX_INPUT = 1024 * 1024,
	TICK_MS = 1,
};

static struct {
	int app_fd;                 /* the app's end */
	int engine_fd;              /* the module's end */
	struct tmr tick;
	size_t responses;           /* newlines read back */
} fz = { .app_fd = -1, .engine_fd = -1 };


static size_t read_responses(void)
{
	char buf[16384];
	size_t total = 0;
	ssize_t n;

	while ((n = recv(fz.app_fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		const char *p = buf, *end = buf + n;

		while ((p = memchr(p, '\n', (size_t)(end - p)))) {
			++fz.responses;
			++p;
		}
		total += (size_t)n;
	}

	return total;
}


/* After each turn of the main loop: stop when the module has taken all input
 * and a turn brought no more output. The 1 ms is what makes it a turn: libre
 * runs a timer restarted with no delay again before it polls, so a queued
 * response that waits for the socket to be writable would be missed. */
static void on_tick(void *arg)
{
	int unread = 0;
	size_t got;
	(void)arg;

	got = read_responses();
	if (ioctl(fz.engine_fd, FIONREAD, &unread) < 0)
		abort();

	if (unread > 0 || got > 0)
		tmr_start(&fz.tick, TICK_MS, on_tick, NULL);
	else
		re_cancel();
}


static void on_app_gone(void *arg)
{
	(void)arg;

	/* only this file closes the app's end, and it never does */
	abort();
}


int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char fd[16];
	int fds[2];
	int err;
	(void)argc;
	(void)argv;

	if (libre_init())
		abort();

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds))
		abort();
	fz.app_fd = fds[0];
	fz.engine_fd = fds[1];
	(void)re_snprintf(fd, sizeof(fd), "%d", fz.engine_fd);
	if (setenv(PARLO_BRIDGE_FD_VARIABLE, fd, 1))
		abort();

	/* as module_init does, without bridge_tls_init */
	err = bridge_socket_open(bridge_commands_handle_line, on_app_gone,
				 NULL);
	if (err)
		abort();
	bridge_calls_init(bridge_probe_forget);
	bridge_media_init(bridge_events_send_rx);
	bridge_net_init();
	bridge_auth_init();
	bridge_audio_init(bridge_events_send_echo_delay);
	tmr_init(&fz.tick);

	return 0;
}


static void write_all(const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t sent = send(fz.app_fd, p, n,
				    MSG_DONTWAIT | MSG_NOSIGNAL);

		if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* the module reads on the next turn of the loop */
			tmr_start(&fz.tick, TICK_MS, on_tick, NULL);
			if (re_main(NULL))
				abort();
			continue;
		}
		if (sent <= 0)
			abort();

		p += sent;
		n -= (size_t)sent;
	}
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t lines = 1;
	size_t i;

	if (size > MAX_INPUT)
		return 0;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';

	fz.responses = 0;
	write_all(data, size);
	write_all((const uint8_t *)"\n", 1);

	tmr_start(&fz.tick, TICK_MS, on_tick, NULL);
	if (re_main(NULL))
		abort();

	if (fz.responses != lines) {
		fprintf(stderr, "%zu lines got %zu responses\n", lines,
			fz.responses);
		abort();
	}

	return 0;
}
