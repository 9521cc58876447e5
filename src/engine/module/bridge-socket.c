/* bridge-socket.c — the socket to the app.
 *
 * baresip inherits one end of a socketpair; its fd number is in the
 * environment variable PARLO_BRIDGE_FD. The socket is watched
 * with fd_listen in baresip's re_main loop: the bytes read are framed into
 * lines, each handed to a callback, and the lines written are queued and sent
 * as the socket takes them, so that the loop never blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge.h"
#include "bridge-socket.h"

enum {
	MAX_QUEUED_OUTPUT = 4 * 1024 * 1024,
	COMPACT_AFTER = 64 * 1024,       /* sent bytes kept before compacting */
	READ_CHUNK = 16 * 1024,
};

static struct {
	int fd;
	struct mbuf *line;         /* line being received */
	bool skipping_line;        /* dropping the rest of an over-long line */
	struct mbuf *output;       /* encoded lines not yet sent */
	bool waiting_writable;
	size_t dropped;            /* messages lost since the queue was full */
	struct tmr closed_tmr;
	bridge_line_h *lineh;
	bridge_closed_h *closedh;
	void *arg;
} sock = { .fd = -1 };


static void on_fd_ready(int flags, void *arg);


/* ---- Output ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p, 0 if it is not valid. */
static size_t utf8_sequence_length(const uint8_t *p, size_t n)
{
	static const uint32_t min_value[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t value;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	else if ((p[0] & 0xe0) == 0xc0)
		len = 2, value = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3, value = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4, value = p[0] & 0x07;
	else
		return 0;

	if (n < len)
		return 0;

	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (p[i] & 0x3f);
	}

	if (value < min_value[len] || value > 0x10ffff ||
	    (value >= 0xd800 && value <= 0xdfff))
		return 0;

	return len;
}


/* Names and reasons from the network may hold any bytes; the protocol
 * promises UTF-8, so invalid bytes become U+FFFD. */
static int write_utf8(struct mbuf *mb, const uint8_t *p, size_t n)
{
	static const uint8_t replacement[] = { 0xef, 0xbf, 0xbd };
	int err = 0;

	while (n && !err) {
		size_t len = utf8_sequence_length(p, n);

		if (len)
			err = mbuf_write_mem(mb, p, len);
		else
			err = mbuf_write_mem(mb, replacement,
					     sizeof(replacement));

		len = len ? len : 1;
		p += len;
		n -= len;
	}

	return err;
}


static void report_closed(void *arg)
{
	(void)arg;

	if (sock.closedh)
		sock.closedh(sock.arg);
}


/* The app closed its end. Report it from a timer: this may be noticed deep
 * inside a baresip callback that still uses its call afterwards. */
static void lose_app(void)
{
	if (sock.fd < 0)
		return;

	fd_close(sock.fd);
	(void)close(sock.fd);
	sock.fd = -1;
	tmr_start(&sock.closed_tmr, 0, report_closed, NULL);
}


static void watch_writable(bool writable)
{
	int flags = FD_READ | (writable ? FD_WRITE : 0);

	if (sock.fd < 0 || writable == sock.waiting_writable)
		return;

	if (fd_listen(sock.fd, flags, on_fd_ready, NULL) == 0)
		sock.waiting_writable = writable;
}


static void compact_output(void)
{
	struct mbuf *mb = sock.output;
	size_t left = mbuf_get_left(mb);

	memmove(mb->buf, mbuf_buf(mb), left);
	mb->pos = 0;
	mb->end = left;
}


static void flush_output(void)
{
	struct mbuf *mb = sock.output;

	while (sock.fd >= 0 && mbuf_get_left(mb)) {
		ssize_t n = send(sock.fd, mbuf_buf(mb), mbuf_get_left(mb),
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			mbuf_advance(mb, n);
			continue;
		}

		if (errno == EINTR)
			continue;

		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			watch_writable(true);
			return;
		}

		lose_app();
		return;
	}

	mbuf_rewind(mb);
	watch_writable(false);

	if (sock.dropped) {
		warning("parlo_bridge: the app was not reading,"
			" %zu messages were dropped\n", sock.dropped);
		sock.dropped = 0;
	}
}


/* Queues one line and sends what the socket takes now; the rest goes out
 * when the socket is writable. */
static void send_line(const char *line)
{
	struct mbuf *mb = sock.output;
	size_t n = strlen(line);
	size_t unsent_from, old_end;

	if (sock.fd < 0)
		return;

	if (mbuf_get_left(mb) + n > MAX_QUEUED_OUTPUT) {
		++sock.dropped;
		return;
	}

	if (mb->pos >= COMPACT_AFTER)
		compact_output();

	unsent_from = mb->pos;
	old_end = mb->end;
	mb->pos = mb->end;
	if (write_utf8(mb, (const uint8_t *)line, n)) {
		mb->end = old_end;  /* never leave half a line */
		++sock.dropped;
	}
	mb->pos = unsent_from;

	flush_output();
}


/* Sends one JSON object as one line. */
void bridge_socket_send(const struct odict *od)
{
	char *line = NULL;

	if (re_sdprintf(&line, "%H\n", json_encode_odict, od)) {
		warning("parlo_bridge: could not encode a message\n");
		return;
	}

	send_line(line);
	mem_deref(line);
}


/* ---- Input ------------------------------------------------------------ */

/* Drops the line being received, and what is left of it. */
static void discard_line(int err)
{
	sock.skipping_line = true;
	mbuf_rewind(sock.line);
	sock.lineh(NULL, 0, err, sock.arg);
}


static void take_input(const uint8_t *p, size_t n)
{
	while (n && sock.fd >= 0) {
		const uint8_t *newline = memchr(p, '\n', n);
		size_t part = newline ? (size_t)(newline - p) : n;
		struct mbuf *line = sock.line;

		if (!sock.skipping_line &&
		    line->end + part > PARLO_BRIDGE_MAX_LINE)
			discard_line(EMSGSIZE);

		if (!sock.skipping_line && mbuf_write_mem(line, p, part))
			discard_line(ENOMEM);

		if (newline) {
			if (!sock.skipping_line)
				sock.lineh((const char *)line->buf, line->end,
					   0, sock.arg);

			sock.skipping_line = false;
			mbuf_rewind(line);
			part++;
		}

		p += part;
		n -= part;
	}
}


static void read_input(void)
{
	uint8_t buf[READ_CHUNK];
	ssize_t n;

	n = recv(sock.fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		      errno == EINTR))
		return;

	if (n <= 0) {
		lose_app();
		return;
	}

	take_input(buf, (size_t)n);
}


static void on_fd_ready(int flags, void *arg)
{
	(void)arg;

	if (flags & FD_WRITE)
		flush_output();

	if (sock.fd >= 0 && (flags & (FD_READ | FD_EXCEPT)))
		read_input();
}


/* ---- Opening and closing ---------------------------------------------- */

static int inherited_fd(int *fdp)
{
	const char *text = getenv(PARLO_BRIDGE_FD_VARIABLE);
	char *end = NULL;
	long fd;

	if (!text || !*text)
		return ENOENT;

	errno = 0;
	fd = strtol(text, &end, 10);
	if (errno || *end || fd < 0 || fd > INT_MAX)
		return EINVAL;

	if (fcntl((int)fd, F_SETFL, fcntl((int)fd, F_GETFL) | O_NONBLOCK) ||
	    fcntl((int)fd, F_SETFD, FD_CLOEXEC))
		return errno;

	*fdp = (int)fd;

	return 0;
}


/* Sends what is still queued (the last events), then closes the socket. */
void bridge_socket_close(void)
{
	tmr_cancel(&sock.closed_tmr);

	if (sock.output)
		flush_output();

	if (sock.fd >= 0) {
		fd_close(sock.fd);
		(void)close(sock.fd);
		sock.fd = -1;
	}

	sock.line = mem_deref(sock.line);
	sock.output = mem_deref(sock.output);
}


/* Takes over the inherited socket and starts reading. */
int bridge_socket_open(bridge_line_h *lineh, bridge_closed_h *closedh,
		       void *arg)
{
	int err;

	err = inherited_fd(&sock.fd);
	if (err) {
		warning("parlo_bridge: no usable socket in %s (%m)\n",
			PARLO_BRIDGE_FD_VARIABLE, err);
		return err;
	}

	sock.lineh = lineh;
	sock.closedh = closedh;
	sock.arg = arg;
	tmr_init(&sock.closed_tmr);

	sock.line = mbuf_alloc(1024);
	sock.output = mbuf_alloc(4096);
	err = sock.line && sock.output ? 0 : ENOMEM;
	err = err ? err : fd_listen(sock.fd, FD_READ, on_fd_ready, NULL);
	if (err)
		bridge_socket_close();

	return err;
}
