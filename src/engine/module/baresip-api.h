/* baresip-api.h — the part of baresip 1.0.0's module API that the bridge calls.
 *
 * baresip 1.0.0 is installed as a program without its header. The functions
 * below are exported by the baresip executable and resolve when it loads the
 * module. Enum values must match baresip 1.0.0 exactly: they cross the ABI
 * as ints, and so must the leading members of the few structs read or
 * filled in here; members after the last one we use are left out, and no
 * struct below is ever allocated or copied by us.
 *
 * Include after <re.h>: some structs hold libre's struct le.
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
struct network;
struct player;
struct play;
struct menc;
struct conf;

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

/* The core configuration, conf_config(): only up to the audio devices. */
struct config_sip {
	char uuid[64];
	char local[64];
	char cert[256];
	char cafile[256];
};

struct config_call {
	uint32_t local_timeout;
	uint32_t max_calls;
};

struct config_audio {
	char audio_path[256];
	char src_mod[16];
	char src_dev[128];
	char play_mod[16];
	char play_dev[128];
	char alert_mod[16];
	char alert_dev[128];
};

struct config {
	struct config_sip sip;
	struct config_call call;
	struct config_audio audio;
};

/* An audio codec: the members up to its channel count. */
struct aucodec {
	struct le le;
	const char *pt;
	const char *name;
	uint32_t srate;
	uint32_t crate;
	uint8_t ch;
};

/* Audio filters: baresip runs each frame through every registered one. */
/* librem's enum aufmt: the sample format of a frame */
enum aufmt {
	AUFMT_S16LE = 0,
};

struct auframe {
	int fmt;
	void *sampv;
	size_t sampc;
	uint64_t timestamp;
};

struct aufilt;

struct aufilt_enc_st {
	const struct aufilt *af;
	struct le le;
};

struct aufilt_dec_st {
	const struct aufilt *af;
	struct le le;
};

struct aufilt_prm {
	uint32_t srate;
	uint8_t ch;
	int fmt;
};

typedef int (aufilt_encupd_h)(struct aufilt_enc_st **stp, void **ctx,
			      const struct aufilt *af, struct aufilt_prm *prm,
			      const struct audio *au);
typedef int (aufilt_encode_h)(struct aufilt_enc_st *st, struct auframe *af);
typedef int (aufilt_decupd_h)(struct aufilt_dec_st **stp, void **ctx,
			      const struct aufilt *af, struct aufilt_prm *prm,
			      const struct audio *au);
typedef int (aufilt_decode_h)(struct aufilt_dec_st *st, struct auframe *af);

struct aufilt {
	struct le le;
	const char *name;
	aufilt_encupd_h *encupdh;
	aufilt_encode_h *ench;
	aufilt_decupd_h *decupdh;
	aufilt_decode_h *dech;
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
struct ua *uag_find(const struct pl *cuser);
struct sip *uag_sip(void);
int uag_reset_transp(bool reg, bool reinvite);
int ua_alloc(struct ua **uap, const char *aor);
unsigned ua_destroy(struct ua *ua);
int ua_register(struct ua *ua);
void ua_unregister(struct ua *ua);
void ua_event(struct ua *ua, enum ua_event ev, struct call *call,
	      const char *fmt, ...);
bool ua_isregistered(const struct ua *ua);
int ua_update_account(struct ua *ua);
const char *ua_aor(const struct ua *ua);
const char *ua_local_cuser(const struct ua *ua);
struct account *ua_account(const struct ua *ua);
struct list *ua_calls(const struct ua *ua);
int ua_call_alloc(struct call **callp, struct ua *ua, enum vidmode vmode,
		  const struct sip_msg *msg, struct call *xcall,
		  const char *local_uri, bool use_rtp);
int ua_answer(struct ua *ua, struct call *call, enum vidmode vmode);
void ua_hangup(struct ua *ua, struct call *call, uint16_t scode,
	       const char *reason);
void ua_set_catchall(struct ua *ua, bool enabled);
int ua_print_allowed(struct re_printf *pf, const struct ua *ua);
int ua_print_supported(struct re_printf *pf, const struct ua *ua);
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
int account_set_stun_user(struct account *acc, const char *user);
int account_set_stun_pass(struct account *acc, const char *pass);
int account_set_audio_codecs(struct account *acc, const char *codecs);
struct list *account_aucodecl(const struct account *acc);
uint32_t account_regint(const struct account *acc);
const char *account_mediaenc(const struct account *acc);
struct uri *account_luri(const struct account *acc);
const char *account_outbound(const struct account *acc, unsigned ix);

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
/* exported, though declared in baresip's private core.h */
int call_af(const struct call *call);
int call_reset_transp(struct call *call, const struct sa *laddr);

/* The network */
typedef void (net_change_h)(void *arg);
struct network *baresip_network(void);
const struct sa *net_laddr_af(const struct network *net, int af);
int net_set_address(struct network *net, const struct sa *ip);
struct dnsc *net_dnsc(const struct network *net);
void net_change(struct network *net, uint32_t interval,
		net_change_h *ch, void *arg);


/* A request outside a dialog, over the account's route and with its
 * credentials; unlike ua_options_send, uri is taken as it is. */
int sip_req_send(struct ua *ua, const char *method, const char *uri,
		 sip_resp_h *resph, void *arg, const char *fmt, ...);

/* Media */
void audio_mute(struct audio *a, bool muted);
bool audio_ismuted(const struct audio *a);
bool audio_started(const struct audio *a);
int audio_set_devicename(struct audio *a, const char *src, const char *play);
int audio_set_source(struct audio *au, const char *mod, const char *device);
int audio_set_player(struct audio *au, const char *mod, const char *device);
const struct aucodec *audio_codec(const struct audio *au, bool tx);
void audio_level_put(const struct audio *au, bool tx, double lvl);
double aulevel_calc_dbov(int fmt, const void *sampv, size_t sampc);
void aufilt_register(struct list *aufiltl, struct aufilt *af);
void aufilt_unregister(struct aufilt *af);
struct list *baresip_aufiltl(void);
struct list *baresip_aucodecl(void);
struct stream *audio_strm(const struct audio *a);
struct sdp_media *stream_sdpmedia(const struct stream *s);
bool stream_is_secure(const struct stream *strm);
uint32_t stream_metric_get_rx_n_packets(const struct stream *strm);

/* Media encryption, and the modules that bring it */
struct list *baresip_mencl(void);
const struct menc *menc_find(const struct list *mencl, const char *id);
int module_load(const char *path, const char *name);

/* Configuration and sound files */
struct config *conf_config(void);
struct conf *conf_cur(void);
int conf_get_sa(const struct conf *conf, const char *name, struct sa *sa);
struct player *baresip_player(void);
int play_file(struct play **playp, struct player *player,
	      const char *filename, int repeat,
	      const char *play_mod, const char *play_dev);

/* Events and logging */
int event_encode_dict(struct odict *od, struct ua *ua, enum ua_event ev,
		      struct call *call, const char *prm);
void info(const char *fmt, ...);
void warning(const char *fmt, ...);
