/* bridge-media.c — what a call's media says: whether it must be refused for
 * want of encryption, and whether the peer's audio still arrives.
 *
 * baresip 1.0.0 lets a call on a "srtp-mand" or "dtls_srtp" account be
 * answered with plain audio (the media is then left without a port, and the
 * call established with no sound); the bridge refuses such a call itself. An
 * offer without encryption baresip refuses on its own, with 488 "No audio
 * codecs". DTLS-SRTP has no plain fallback in baresip: it requires
 * encryption as "srtp-mand" does.
 *
 * A call whose peer's RTP stops is silent in a way silence is not: a quiet
 * peer still sends packets. While calls are established, a timer reads how
 * many packets each has received, and reports when none came for
 * RX_SILENCE_MS and when they come again. With no established call the
 * timer does not run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>

#include "bridge.h"
#include "bridge-media.h"

enum {
	RX_CHECK_MS   = 500,
	RX_SILENCE_MS = 5000,
};

struct rx_watch {
	struct le le;
	const struct call *call;  /* identity only: compared, never followed */
	char *id;
	uint32_t packets;
	uint64_t last_change;     /* when packets last moved, or the watch began */
	bool stopped;             /* reported as stopped */
	bool seen;                /* found in this round */
};

static struct {
	struct list watches;
	struct tmr tmr;
	bridge_rx_h *rxh;
} media;


/* ---- Encryption ------------------------------------------------------- */

/* The account requires SRTP and the peer's audio cannot have it: its SDP had
 * a plain RTP/AVP line (left without a port) or, for SDES keys, no a=crypto. */
bool bridge_media_lacks_required_encryption(const struct call *call)
{
	const char *mediaenc = account_mediaenc(ua_account(call_get_ua(call)));
	const struct sdp_media *m =
		stream_sdpmedia(audio_strm(call_audio(call)));
	bool sdes = !str_cmp(mediaenc, PARLO_BRIDGE_MEDIAENC_SRTP_MANDATORY);

	if (!sdes && str_cmp(mediaenc, PARLO_BRIDGE_MEDIAENC_DTLS_SRTP))
		return false;

	return !m || !sdp_media_rport(m) ||
		(sdes && !sdp_media_rattr(m, "crypto"));
}


bool bridge_media_is_encrypted(const struct call *call)
{
	return stream_is_secure(audio_strm(call_audio(call)));
}


/* ---- Whether audio arrives -------------------------------------------- */

static void watch_destructor(void *arg)
{
	struct rx_watch *watch = arg;

	list_unlink(&watch->le);
	mem_deref(watch->id);
}


static struct rx_watch *find_watch(const struct call *call)
{
	struct le *le;

	LIST_FOREACH(&media.watches, le) {
		struct rx_watch *watch = le->data;

		if (watch->call == call && !str_cmp(watch->id, call_id(call)))
			return watch;
	}

	return NULL;
}


/* A call on hold, either way, may be sent nothing (a peer that holds us
 * need not play music). */
static bool expects_audio(const struct call *call)
{
	const struct sdp_media *m =
		stream_sdpmedia(audio_strm(call_audio(call)));

	return !call_is_onhold(call) && m &&
		sdp_media_rdir(m) == SDP_SENDRECV;
}


static struct rx_watch *add_watch(const struct call *call)
{
	struct rx_watch *watch;

	watch = mem_zalloc(sizeof(*watch), watch_destructor);
	if (!watch || str_dup(&watch->id, call_id(call)))
		return mem_deref(watch);

	watch->call = call;
	list_append(&media.watches, &watch->le, watch);

	return watch;
}


/* A new watch, or one on hold, counts from now. */
static void check_call(struct call *call, uint64_t now)
{
	struct rx_watch *watch = find_watch(call);
	uint32_t packets = stream_metric_get_rx_n_packets(
		audio_strm(call_audio(call)));

	if (!watch) {
		watch = add_watch(call);
		if (!watch)
			return;
		watch->packets = packets;
		watch->last_change = now;
	}

	watch->seen = true;

	if (!expects_audio(call)) {
		watch->packets = packets;
		watch->last_change = now;
	}
	else if (packets != watch->packets) {
		watch->packets = packets;
		watch->last_change = now;
		if (watch->stopped) {
			watch->stopped = false;
			media.rxh(call, false, packets);
		}
	}
	else if (!watch->stopped &&
		 now - watch->last_change >= RX_SILENCE_MS) {
		watch->stopped = true;
		media.rxh(call, true, packets);
	}
}


static void forget_unseen_watches(void)
{
	struct le *le = list_head(&media.watches);

	while (le) {
		struct rx_watch *watch = le->data;

		le = le->next;
		if (!watch->seen)
			mem_deref(watch);
	}
}


static void on_check(void *arg)
{
	uint64_t now = tmr_jiffies();
	struct le *ule, *cle, *le;
	(void)arg;

	LIST_FOREACH(&media.watches, le) {
		struct rx_watch *watch = le->data;

		watch->seen = false;
	}

	LIST_FOREACH(uag_list(), ule) {
		LIST_FOREACH(ua_calls(ule->data), cle) {
			struct call *call = cle->data;

			if (call_id(call) &&
			    call_state(call) == CALL_STATE_ESTABLISHED)
				check_call(call, now);
		}
	}

	forget_unseen_watches();

	if (!list_isempty(&media.watches))
		tmr_start(&media.tmr, RX_CHECK_MS, on_check, NULL);
}


/* A call may have started, or resumed, talking: watch while any does. */
void bridge_media_watch(void)
{
	if (!tmr_isrunning(&media.tmr))
		tmr_start(&media.tmr, RX_CHECK_MS, on_check, NULL);
}


/* ---- Module ----------------------------------------------------------- */

/* rxh hears when a call's audio stops arriving and when it comes back. */
void bridge_media_init(bridge_rx_h *rxh)
{
	list_init(&media.watches);
	tmr_init(&media.tmr);
	media.rxh = rxh;
}


void bridge_media_close(void)
{
	tmr_cancel(&media.tmr);
	list_flush(&media.watches);
}
