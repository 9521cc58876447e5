/* baresip-fake.c — the baresip 1.0.0 functions the bridge module calls, for the
 * command handler's fuzz target (fuzz-commands.c) only.
 *
 * baresip is a program, not a library: in a real engine the module's calls
 * resolve against the baresip executable that loads it. The fuzz binary has no
 * baresip, so each function declared in the module's baresip-api.h is defined
 * here as an engine without a SIP stack would answer: no user agents, no
 * calls, no network, no audio. Whatever would create something (an account, a
 * call, a tone) fails with ENOSYS; lookups find nothing; setters and
 * notifications do nothing; logging is dropped. Nothing is recorded and
 * nothing pretends to have worked.
 *
 * So the fuzzer covers what the module does with a command line itself —
 * framing, JSON decoding, the checks of every field, dispatch, the error
 * responses and their encoding — up to the first call into baresip that would
 * need a real engine. What the commands do to real accounts and calls is what
 * the engine suite tests with the real baresip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <re.h>

#include "baresip-api.h"

/* baresip's lists always exist; these stay empty. */
static struct list no_user_agents;
static struct list no_filters;
static struct list no_codecs;
static struct list no_encryptions;
/* An engine that read no configuration file: every field empty. */
static struct config no_config;

/* ---- User agents: there are none, and none can be made ---------------- */

int uag_event_register(ua_event_h *eh, void *arg) { (void)eh; (void)arg; return 0; }
void uag_event_unregister(ua_event_h *eh) { (void)eh; }
struct list *uag_list(void) { return &no_user_agents; }
struct ua *uag_find_aor(const char *aor) { (void)aor; return NULL; }
struct ua *uag_find(const struct pl *cuser) { (void)cuser; return NULL; }
struct sip *uag_sip(void) { return NULL; }
int uag_reset_transp(bool reg, bool reinvite) { (void)reg; (void)reinvite; return ENOSYS; }

int ua_alloc(struct ua **uap, const char *aor)
{
	(void)aor;
	if (uap)
		*uap = NULL;
	return ENOSYS;
}

unsigned ua_destroy(struct ua *ua) { (void)ua; return 0; }
int ua_register(struct ua *ua) { (void)ua; return ENOSYS; }
void ua_unregister(struct ua *ua) { (void)ua; }

void ua_event(struct ua *ua, enum ua_event ev, struct call *call,
	      const char *fmt, ...)
{
	(void)ua; (void)ev; (void)call; (void)fmt;
}

bool ua_isregistered(const struct ua *ua) { (void)ua; return false; }
int ua_update_account(struct ua *ua) { (void)ua; return ENOSYS; }
const char *ua_aor(const struct ua *ua) { (void)ua; return NULL; }
const char *ua_local_cuser(const struct ua *ua) { (void)ua; return NULL; }
int ua_print_allowed(struct re_printf *pf, const struct ua *ua) { (void)pf; (void)ua; return 0; }
int ua_print_supported(struct re_printf *pf, const struct ua *ua) { (void)pf; (void)ua; return 0; }
struct account *ua_account(const struct ua *ua) { (void)ua; return NULL; }
struct list *ua_calls(const struct ua *ua) { (void)ua; return NULL; }

int ua_call_alloc(struct call **callp, struct ua *ua, enum vidmode vmode,
		  const struct sip_msg *msg, struct call *xcall,
		  const char *local_uri, bool use_rtp)
{
	(void)ua; (void)vmode; (void)msg; (void)xcall; (void)local_uri;
	(void)use_rtp;
	if (callp)
		*callp = NULL;
	return ENOSYS;
}

int ua_answer(struct ua *ua, struct call *call, enum vidmode vmode)
{
	(void)ua; (void)call; (void)vmode;
	return ENOSYS;
}

void ua_hangup(struct ua *ua, struct call *call, uint16_t scode,
	       const char *reason)
{
	(void)ua; (void)call; (void)scode; (void)reason;
}

void ua_set_catchall(struct ua *ua, bool enabled) { (void)ua; (void)enabled; }
void ua_stop_all(bool forced) { (void)forced; }

/* ---- Accounts: only a user agent has one ------------------------------ */

int account_set_display_name(struct account *acc, const char *dname) { (void)acc; (void)dname; return ENOSYS; }
int account_set_auth_user(struct account *acc, const char *user) { (void)acc; (void)user; return ENOSYS; }
int account_set_auth_pass(struct account *acc, const char *pass) { (void)acc; (void)pass; return ENOSYS; }
int account_set_outbound(struct account *acc, const char *ob, unsigned ix) { (void)acc; (void)ob; (void)ix; return ENOSYS; }
int account_set_regint(struct account *acc, uint32_t regint) { (void)acc; (void)regint; return ENOSYS; }
int account_set_mediaenc(struct account *acc, const char *mencid) { (void)acc; (void)mencid; return ENOSYS; }
int account_set_medianat(struct account *acc, const char *mnatid) { (void)acc; (void)mnatid; return ENOSYS; }
int account_set_stun_uri(struct account *acc, const char *uri) { (void)acc; (void)uri; return ENOSYS; }
int account_set_stun_user(struct account *acc, const char *user) { (void)acc; (void)user; return ENOSYS; }
int account_set_stun_pass(struct account *acc, const char *pass) { (void)acc; (void)pass; return ENOSYS; }
int account_set_audio_codecs(struct account *acc, const char *codecs) { (void)acc; (void)codecs; return ENOSYS; }
struct list *account_aucodecl(const struct account *acc) { (void)acc; return NULL; }
uint32_t account_regint(const struct account *acc) { (void)acc; return 0; }
const char *account_mediaenc(const struct account *acc) { (void)acc; return NULL; }
struct uri *account_luri(const struct account *acc) { (void)acc; return NULL; }
const char *account_outbound(const struct account *acc, unsigned ix) { (void)acc; (void)ix; return NULL; }

/* ---- Calls: there are none -------------------------------------------- */

struct call *call_find_id(const struct list *calls, const char *id) { (void)calls; (void)id; return NULL; }
int call_connect(struct call *call, const struct pl *paddr) { (void)call; (void)paddr; return ENOSYS; }
const char *call_id(const struct call *call) { (void)call; return NULL; }
const char *call_localuri(const struct call *call) { (void)call; return NULL; }

int call_notify_sipfrag(struct call *call, uint16_t scode,
			const char *reason, ...)
{
	(void)call; (void)scode; (void)reason;
	return ENOSYS;
}

int call_hold(struct call *call, bool hold) { (void)call; (void)hold; return ENOSYS; }
bool call_is_onhold(const struct call *call) { (void)call; return false; }
int call_send_digit(struct call *call, char key) { (void)call; (void)key; return ENOSYS; }
int call_transfer(struct call *call, const char *uri) { (void)call; (void)uri; return ENOSYS; }
enum call_state call_state(const struct call *call) { (void)call; return CALL_STATE_UNKNOWN; }
uint16_t call_scode(const struct call *call) { (void)call; return 0; }
struct audio *call_audio(const struct call *call) { (void)call; return NULL; }
struct ua *call_get_ua(const struct call *call) { (void)call; return NULL; }
const char *call_peeruri(const struct call *call) { (void)call; return NULL; }
bool call_is_outgoing(const struct call *call) { (void)call; return false; }
int call_af(const struct call *call) { (void)call; return AF_UNSPEC; }
int call_reset_transp(struct call *call, const struct sa *laddr) { (void)call; (void)laddr; return ENOSYS; }

/* ---- The network: none ------------------------------------------------ */

struct network *baresip_network(void) { return NULL; }
struct dnsc *net_dnsc(const struct network *net) { (void)net; return NULL; }
const struct sa *net_laddr_af(const struct network *net, int af) { (void)net; (void)af; return NULL; }
int net_set_address(struct network *net, const struct sa *ip) { (void)net; (void)ip; return ENOSYS; }

void net_change(struct network *net, uint32_t interval,
		net_change_h *ch, void *arg)
{
	(void)net; (void)interval; (void)ch; (void)arg;
}

int sip_req_send(struct ua *ua, const char *method, const char *uri,
		 sip_resp_h *resph, void *arg, const char *fmt, ...)
{
	(void)ua; (void)method; (void)uri; (void)resph; (void)arg; (void)fmt;
	return ENOSYS;
}

/* ---- Media: no audio flows -------------------------------------------- */

void audio_mute(struct audio *a, bool muted) { (void)a; (void)muted; }
bool audio_ismuted(const struct audio *a) { (void)a; return false; }
bool audio_started(const struct audio *a) { (void)a; return false; }
int audio_set_devicename(struct audio *a, const char *src, const char *play) { (void)a; (void)src; (void)play; return ENOSYS; }
int audio_set_source(struct audio *au, const char *mod, const char *device) { (void)au; (void)mod; (void)device; return ENOSYS; }
int audio_set_player(struct audio *au, const char *mod, const char *device) { (void)au; (void)mod; (void)device; return ENOSYS; }
const struct aucodec *audio_codec(const struct audio *au, bool tx) { (void)au; (void)tx; return NULL; }
void audio_level_put(const struct audio *au, bool tx, double lvl) { (void)au; (void)tx; (void)lvl; }

/* Only the level meter, an audio filter, asks; no frame ever reaches it here. */
double aulevel_calc_dbov(int fmt, const void *sampv, size_t sampc)
{
	(void)fmt; (void)sampv; (void)sampc;
	return -96.0;
}

void aufilt_register(struct list *aufiltl, struct aufilt *af) { (void)aufiltl; (void)af; }
void aufilt_unregister(struct aufilt *af) { (void)af; }
struct list *baresip_aufiltl(void) { return &no_filters; }
struct list *baresip_aucodecl(void) { return &no_codecs; }
struct stream *audio_strm(const struct audio *a) { (void)a; return NULL; }
struct sdp_media *stream_sdpmedia(const struct stream *s) { (void)s; return NULL; }
bool stream_is_secure(const struct stream *strm) { (void)strm; return false; }
uint32_t stream_metric_get_rx_n_packets(const struct stream *strm) { (void)strm; return 0; }

/* ---- Media encryption: no module brings any --------------------------- */

struct list *baresip_mencl(void) { return &no_encryptions; }
const struct menc *menc_find(const struct list *mencl, const char *id) { (void)mencl; (void)id; return NULL; }
int module_load(const char *path, const char *name) { (void)path; (void)name; return ENOSYS; }

/* ---- Configuration and sound files ------------------------------------ */

struct config *conf_config(void) { return &no_config; }
struct conf *conf_cur(void) { return NULL; }
int conf_get_sa(const struct conf *conf, const char *name, struct sa *sa) { (void)conf; (void)name; (void)sa; return ENOENT; }
struct player *baresip_player(void) { return NULL; }

int play_file(struct play **playp, struct player *player,
	      const char *filename, int repeat,
	      const char *play_mod, const char *play_dev)
{
	(void)player; (void)filename; (void)repeat; (void)play_mod;
	(void)play_dev;
	if (playp)
		*playp = NULL;
	return ENOSYS;
}

/* ---- Events and logging ----------------------------------------------- */

int event_encode_dict(struct odict *od, struct ua *ua, enum ua_event ev,
		      struct call *call, const char *prm)
{
	(void)od; (void)ua; (void)ev; (void)call; (void)prm;
	return ENOSYS;
}

/* Dropped: a warning per refused line would only slow the fuzzer down. */
void info(const char *fmt, ...) { (void)fmt; }
void warning(const char *fmt, ...) { (void)fmt; }
