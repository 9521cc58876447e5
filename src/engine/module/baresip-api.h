/* baresip-api.h — the part of baresip 1.0.0's module API that the bridge calls.
 *
 * baresip 1.0.0 is installed as a program without its header. The functions
 * below are exported by the baresip executable and resolve when it loads the
 * module. Enum values must match baresip 1.0.0 exactly: they cross the ABI
 * as ints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct list;
struct odict;
struct pl;
struct sip;
struct stream;
struct sdp_media;
struct sip_msg;
struct uri;

struct ua;
struct call;
struct audio;
struct account;

enum ua_event {
	UA_EVENT_REGISTERING = 0,
	UA_EVENT_REGISTER_OK,
	UA_EVENT_REGISTER_FAIL,
	UA_EVENT_UNREGISTERING,
	UA_EVENT_MWI_NOTIFY,
	UA_EVENT_SHUTDOWN,
	UA_EVENT_EXIT,
	UA_EVENT_CALL_INCOMING,
	UA_EVENT_CALL_RINGING,
	UA_EVENT_CALL_PROGRESS,
	UA_EVENT_CALL_ESTABLISHED,
	UA_EVENT_CALL_CLOSED,
	UA_EVENT_CALL_TRANSFER,
	UA_EVENT_CALL_TRANSFER_FAILED,
	UA_EVENT_CALL_DTMF_START,
	UA_EVENT_CALL_DTMF_END,
	UA_EVENT_CALL_RTPESTAB,
	UA_EVENT_CALL_RTCP,
	UA_EVENT_CALL_MENC,
	UA_EVENT_VU_TX,
	UA_EVENT_VU_RX,
	UA_EVENT_AUDIO_ERROR,
	UA_EVENT_CALL_LOCAL_SDP,
	UA_EVENT_CALL_REMOTE_SDP,
	UA_EVENT_MAX,
};

enum call_state {
	CALL_STATE_IDLE = 0,
	CALL_STATE_INCOMING,
	CALL_STATE_OUTGOING,
	CALL_STATE_RINGING,
	CALL_STATE_EARLY,
	CALL_STATE_ESTABLISHED,
	CALL_STATE_TERMINATED,
	CALL_STATE_UNKNOWN,
};

enum vidmode {
	VIDMODE_OFF = 0,
	VIDMODE_ON,
};

/* The "key" that releases the DTMF digit being sent. */
#define KEYCODE_REL 0x04

typedef void (ua_event_h)(struct ua *ua, enum ua_event ev, struct call *call,
			  const char *prm, void *arg);

/* User agents (one per account) */
int uag_event_register(ua_event_h *eh, void *arg);
void uag_event_unregister(ua_event_h *eh);
struct list *uag_list(void);
struct ua *uag_find_aor(const char *aor);
struct sip *uag_sip(void);
int ua_alloc(struct ua **uap, const char *aor);
unsigned ua_destroy(struct ua *ua);
int ua_register(struct ua *ua);
void ua_unregister(struct ua *ua);
void ua_event(struct ua *ua, enum ua_event ev, struct call *call,
	      const char *fmt, ...);
bool ua_isregistered(const struct ua *ua);
int ua_update_account(struct ua *ua);
const char *ua_aor(const struct ua *ua);
struct account *ua_account(const struct ua *ua);
struct list *ua_calls(const struct ua *ua);
int ua_call_alloc(struct call **callp, struct ua *ua, enum vidmode vmode,
		  const struct sip_msg *msg, struct call *xcall,
		  const char *local_uri, bool use_rtp);
int ua_answer(struct ua *ua, struct call *call, enum vidmode vmode);
void ua_hangup(struct ua *ua, struct call *call, uint16_t scode,
	       const char *reason);
void ua_set_catchall(struct ua *ua, bool enabled);
void ua_stop_all(bool forced);

/* Accounts */
int account_set_display_name(struct account *acc, const char *dname);
int account_set_auth_user(struct account *acc, const char *user);
int account_set_auth_pass(struct account *acc, const char *pass);
int account_set_outbound(struct account *acc, const char *ob, unsigned ix);
int account_set_regint(struct account *acc, uint32_t regint);
int account_set_mediaenc(struct account *acc, const char *mencid);
int account_set_medianat(struct account *acc, const char *mnatid);
int account_set_stun_uri(struct account *acc, const char *uri);
uint32_t account_regint(const struct account *acc);
struct uri *account_luri(const struct account *acc);

/* Calls */
struct call *call_find_id(const struct list *calls, const char *id);
int call_connect(struct call *call, const struct pl *paddr);
const char *call_id(const struct call *call);
const char *call_localuri(const struct call *call);
int call_notify_sipfrag(struct call *call, uint16_t scode,
			const char *reason, ...);
int call_hold(struct call *call, bool hold);
bool call_is_onhold(const struct call *call);
int call_send_digit(struct call *call, char key);
int call_transfer(struct call *call, const char *uri);
enum call_state call_state(const struct call *call);
uint16_t call_scode(const struct call *call);
struct audio *call_audio(const struct call *call);
struct ua *call_get_ua(const struct call *call);
const char *call_peeruri(const struct call *call);
bool call_is_outgoing(const struct call *call);

/* Media */
void audio_mute(struct audio *a, bool muted);
bool audio_ismuted(const struct audio *a);
struct stream *audio_strm(const struct audio *a);
struct sdp_media *stream_sdpmedia(const struct stream *s);

/* Events and logging */
int event_encode_dict(struct odict *od, struct ua *ua, enum ua_event ev,
		      struct call *call, const char *prm);
void info(const char *fmt, ...);
void warning(const char *fmt, ...);
