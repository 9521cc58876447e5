/* bridge.c — the baresip module parlo_bridge: the engine side of the bridge.
 *
 * Runs inside baresip's re_main loop. Reads JSON command lines from the socket
 * whose fd number is in PARLO_BRIDGE_FD, executes them on accounts and calls
 * addressed by AOR and call id, and writes responses and every UA event back
 * as JSON lines (docs/bridge-protocol.md).
 *
 * This file owns the socket: it frames the lines read and queues the lines
 * written. bridge-commands.c runs each command line, bridge-events.c reports
 * the UA events.
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

enum {
	MAX_LINE = 64 * 1024,            /* longest accepted command line */
	MAX_QUEUED_OUTPUT = 4 * 1024 * 1024,
	COMPACT_AFTER = 64 * 1024,       /* sent bytes kept before compacting */
	READ_CHUNK = 16 * 1024,
};

struct bridge bridge = { .fd = -1 };


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


static void stop_baresip(void *arg)
{
	(void)arg;

	info("parlo_bridge: the app went away, stopping\n");
	ua_stop_all(false);
}


/* The app closed its end. Stop from a timer: this may be noticed deep inside
 * a baresip callback that still uses its call afterwards. */
static void lose_app(void)
{
	if (bridge.fd < 0)
		return;

	fd_close(bridge.fd);
	(void)close(bridge.fd);
	bridge.fd = -1;
	tmr_start(&bridge.stop_tmr, 0, stop_baresip, NULL);
}


static void watch_writable(bool writable)
{
	int flags = FD_READ | (writable ? FD_WRITE : 0);

	if (bridge.fd < 0 || writable == bridge.waiting_writable)
		return;

	if (fd_listen(bridge.fd, flags, on_fd_ready, NULL) == 0)
		bridge.waiting_writable = writable;
}


static void compact_output(void)
{
	struct mbuf *mb = bridge.output;
	size_t left = mbuf_get_left(mb);

	memmove(mb->buf, mbuf_buf(mb), left);
	mb->pos = 0;
	mb->end = left;
}


static void flush_output(void)
{
	struct mbuf *mb = bridge.output;

	while (bridge.fd >= 0 && mbuf_get_left(mb)) {
		ssize_t n = send(bridge.fd, mbuf_buf(mb), mbuf_get_left(mb),
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

	if (bridge.dropped) {
		warning("parlo_bridge: the app was not reading,"
			" %zu messages were dropped\n", bridge.dropped);
		bridge.dropped = 0;
	}
}


/* Queues one line and sends what the socket takes now; the rest goes out
 * when the socket is writable, so the event loop never blocks. */
static void send_line(const char *line)
{
	struct mbuf *mb = bridge.output;
	size_t n = strlen(line);
	size_t unsent_from, old_end;

	if (bridge.fd < 0)
		return;

	if (mbuf_get_left(mb) + n > MAX_QUEUED_OUTPUT) {
		++bridge.dropped;
		return;
	}

	if (mb->pos >= COMPACT_AFTER)
		compact_output();

	unsent_from = mb->pos;
	old_end = mb->end;
	mb->pos = mb->end;
	if (write_utf8(mb, (const uint8_t *)line, n)) {
		mb->end = old_end;  /* never leave half a line */
		++bridge.dropped;
	}
	mb->pos = unsent_from;

	flush_output();
}


void bridge_send_odict(const struct odict *od)
{
	char *line = NULL;

	if (re_sdprintf(&line, "%H\n", json_encode_odict, od)) {
		warning("parlo_bridge: could not encode a message\n");
		return;
	}

	send_line(line);
	mem_deref(line);
}


/* ---- Responses -------------------------------------------------------- */

/* id 0: the line had no usable id, the response has none either. */
struct odict *bridge_new_response(int64_t id, bool ok)
{
	struct odict *od = NULL;
	int err;

	if (odict_alloc(&od, ODICT_HASH_SIZE))
		return NULL;

	err = odict_entry_add(od, "response", ODICT_BOOL, true);
	if (id > 0)
		err |= odict_entry_add(od, "id", ODICT_INT, id);
	err |= odict_entry_add(od, "ok", ODICT_BOOL, ok);

	return err ? mem_deref(od) : od;
}


void bridge_send_error(int64_t id, const char *error)
{
	struct odict *od = bridge_new_response(id, false);

	if (od && !odict_entry_add(od, "error", ODICT_STRING, error))
		bridge_send_odict(od);

	mem_deref(od);
}


/* ---- Input ------------------------------------------------------------ */

static void take_input(const uint8_t *p, size_t n)
{
	while (n && bridge.fd >= 0) {
		const uint8_t *newline = memchr(p, '\n', n);
		size_t part = newline ? (size_t)(newline - p) : n;
		struct mbuf *line = bridge.line;

		if (!bridge.skipping_line && line->end + part > MAX_LINE) {
			bridge_send_error(0,
					  "line longer than 64 KiB discarded");
			bridge.skipping_line = true;
			mbuf_rewind(line);
		}

		if (!bridge.skipping_line && mbuf_write_mem(line, p, part)) {
			bridge_send_error(0, "out of memory, line discarded");
			bridge.skipping_line = true;
			mbuf_rewind(line);
		}

		if (newline) {
			if (!bridge.skipping_line)
				bridge_handle_line((const char *)line->buf,
						   line->end);

			bridge.skipping_line = false;
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

	n = recv(bridge.fd, buf, sizeof(buf), MSG_DONTWAIT);

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

	if (bridge.fd >= 0 && (flags & (FD_READ | FD_EXCEPT)))
		read_input();
}


/* ---- Module ----------------------------------------------------------- */

static int inherited_fd(int *fdp)
{
	const char *text = getenv("PARLO_BRIDGE_FD");
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


static int module_close(void)
{
	uag_event_unregister(bridge_on_ua_event);
	bridge_auth_close();
	bridge_levels_close();
	bridge_tone_stop();
	tmr_cancel(&bridge.sync_tmr);
	tmr_cancel(&bridge.stop_tmr);

	if (bridge.output)
		flush_output();  /* last chance for the EXIT event */

	if (bridge.fd >= 0) {
		fd_close(bridge.fd);
		(void)close(bridge.fd);
		bridge.fd = -1;
	}

	list_flush(&bridge.snapshots);
	list_flush(&bridge.pending_dials);
	bridge.line = mem_deref(bridge.line);
	bridge.output = mem_deref(bridge.output);

	return 0;
}


static int module_init(void)
{
	int err;

	err = inherited_fd(&bridge.fd);
	if (err) {
		warning("parlo_bridge: no usable socket in PARLO_BRIDGE_FD"
			" (%m)\n", err);
		return err;
	}

	list_init(&bridge.snapshots);
	list_init(&bridge.pending_dials);
	tmr_init(&bridge.sync_tmr);
	tmr_init(&bridge.stop_tmr);

	bridge.line = mbuf_alloc(1024);
	bridge.output = mbuf_alloc(4096);
	err = bridge.line && bridge.output ? 0 : ENOMEM;
	err = err ? err : fd_listen(bridge.fd, FD_READ, on_fd_ready, NULL);
	err = err ? err : uag_event_register(bridge_on_ua_event, NULL);
	if (!err) {
		bridge_auth_init();
		bridge_levels_init();
	}

	/* baresip unloads a module whose init fails: leave no handler */
	if (err)
		module_close();

	return err;
}


/* The one symbol baresip looks up: the build hides all the others. */
EXPORT_SYM __attribute__((visibility("default")))
const struct mod_export exports = {
	"parlo_bridge",
	"application",
	module_init,
	module_close,
};
