/* bridge-audio.c — sound devices, tones and level meters.
 *
 * A device chosen for a role goes into baresip's configuration, which every
 * new call copies, and live calls are moved to it at once. Tones are baresip's
 * own sound files, one at a time. Levels come from an audio filter that
 * measures every frame sent and received and hands the loudest of each
 * interval to baresip, which raises it as a VU event of the call. The same
 * filter measures how long sound takes to come back from an echoing peer: it
 * sends one loud burst and waits for it in what is received, and reports the
 * delay through the callback given at init.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>

#include "bridge.h"
#include "bridge-audio.h"

enum {
	LEVEL_INTERVAL_MS = 100,   /* at most ten reports a second */
	PROBE_POLL_MS = 10,
	PROBE_TIMEOUT_MS = 3000,
	PROBE_QUIET_MS = 500,      /* silence first, so no earlier sound returns */
	PROBE_HEARD_CB = -3000,    /* over silence, the burst stands out */
	NO_LEVEL = INT_MIN,        /* no frame since the last report */
	REPEAT_FOREVER = -1,
};


/* ---- Devices ---------------------------------------------------------- */

static char *device_slot(enum bridge_audio_role role, size_t *size,
			 const char **module)
{
	struct config_audio *cfg = &conf_config()->audio;

	switch (role) {

	case BRIDGE_AUDIO_SOURCE:
		*size = sizeof(cfg->src_dev);
		*module = cfg->src_mod;
		return cfg->src_dev;

	case BRIDGE_AUDIO_PLAYER:
		*size = sizeof(cfg->play_dev);
		*module = cfg->play_mod;
		return cfg->play_dev;

	default:
		*size = sizeof(cfg->alert_dev);
		*module = cfg->alert_mod;
		return cfg->alert_dev;
	}
}


/* baresip reopens a call's source and player by the names the call holds
 * (after a codec change, for one), so those follow the devices too. */
static int move_call(struct call *call, enum bridge_audio_role role)
{
	const struct config_audio *cfg = &conf_config()->audio;
	struct audio *au = call_audio(call);
	int err;

	err = audio_set_devicename(au, cfg->src_dev, cfg->play_dev);
	if (err || !audio_started(au))
		return err;

	if (role == BRIDGE_AUDIO_SOURCE)
		return audio_set_source(au, cfg->src_mod, cfg->src_dev);

	return audio_set_player(au, cfg->play_mod, cfg->play_dev);
}


static int move_calls(enum bridge_audio_role role)
{
	struct le *ule, *cle;
	int err = 0;

	LIST_FOREACH(uag_list(), ule) {
		LIST_FOREACH(ua_calls(ule->data), cle) {
			int call_err = move_call(cle->data, role);

			err = err ? err : call_err;
		}
	}

	return err;
}


/* A device that cannot be opened leaves the calls on the one they had. */
int bridge_audio_set_device(enum bridge_audio_role role, const char *device)
{
	const char *module;
	char previous[128];
	size_t size;
	char *slot = device_slot(role, &size, &module);
	int err;

	if (strlen(device) >= size)
		return ENAMETOOLONG;

	/* the echo peer's calls go through aubridge: leave them alone */
	if (role != BRIDGE_AUDIO_ALERT && str_casecmp(module, "pulse"))
		return ENOTSUP;

	str_ncpy(previous, slot, sizeof(previous));
	str_ncpy(slot, device, size);

	if (role == BRIDGE_AUDIO_ALERT)
		return 0;

	err = move_calls(role);
	if (err) {
		str_ncpy(slot, previous, size);
		(void)move_calls(role);
	}

	return err;
}


/* ---- Tones ------------------------------------------------------------ */

static struct play *tone;  /* the tone playing, NULL when none */


int bridge_tone_play(const char *file, bool alert, bool repeat)
{
	const struct config_audio *cfg = &conf_config()->audio;

	bridge_tone_stop();

	return play_file(&tone, baresip_player(), file,
			 repeat ? REPEAT_FOREVER : 0,
			 alert ? cfg->alert_mod : cfg->play_mod,
			 alert ? cfg->alert_dev : cfg->play_dev);
}


/* A tone that ended by itself has already cleared the pointer. */
void bridge_tone_stop(void)
{
	tone = mem_deref(tone);
}


/* ---- Level meters ----------------------------------------------------- */

struct meter {
	struct tmr tmr;
	const struct audio *au;
	uint32_t srate;
	uint8_t ch;
	bool tx;
	atomic_int loudest;        /* centibels; frames come from audio threads */
};

struct meter_enc {
	struct aufilt_enc_st af;   /* first: baresip sees this part */
	struct meter meter;
};

struct meter_dec {
	struct aufilt_dec_st af;
	struct meter meter;
};


static void report_level(void *arg)
{
	struct meter *m = arg;
	int loudest = atomic_exchange(&m->loudest, NO_LEVEL);

	tmr_start(&m->tmr, LEVEL_INTERVAL_MS, report_level, m);

	if (loudest != NO_LEVEL)
		audio_level_put(m->au, m->tx, loudest / 100.0);
}


static void meter_start(struct meter *m, const struct audio *au, bool tx)
{
	m->au = au;
	m->tx = tx;
	atomic_init(&m->loudest, NO_LEVEL);
	tmr_init(&m->tmr);
	tmr_start(&m->tmr, LEVEL_INTERVAL_MS, report_level, m);
}


/* The frame's level in centibels, kept if it is the loudest so far. */
static int measure(struct meter *m, const struct auframe *af)
{
	int level = (int)(aulevel_calc_dbov(af->fmt, af->sampv, af->sampc)
			  * 100);
	int loudest = atomic_load(&m->loudest);

	while (level > loudest &&
	       !atomic_compare_exchange_weak(&m->loudest, &loudest, level))
		;

	return level;
}


/* One echo measurement at a time. Armed by the command, it sends silence for
 * a while, so that nothing said before can come back, then one loud frame,
 * then silence again; the first loud frame received after the burst ends it.
 * The person hears a short gap and a beep. Frames come from audio threads,
 * hence the atomics. */
enum probe_phase { PROBE_IDLE, PROBE_ARMED, PROBE_SENT, PROBE_HEARD };

static struct {
	const struct audio *au;
	struct call *call;         /* used only while its audio is au */
	atomic_int phase;
	atomic_ullong quiet_from_ms;
	atomic_ullong sent_ms;
	atomic_ullong heard_ms;
	uint64_t started_ms;
	struct tmr tmr;
	bridge_echo_delay_h *delayh;
} probe;


static void probe_finish(int64_t delay_ms)
{
	struct call *call = probe.call;

	tmr_cancel(&probe.tmr);
	probe.au = NULL;
	probe.call = NULL;
	atomic_store(&probe.phase, PROBE_IDLE);
	if (call && probe.delayh)
		probe.delayh(call, delay_ms);
}


static void probe_poll(void *arg)
{
	(void)arg;

	if (atomic_load(&probe.phase) == PROBE_HEARD) {
		probe_finish((int64_t)(atomic_load(&probe.heard_ms) -
				       atomic_load(&probe.sent_ms)));
		return;
	}
	if (tmr_jiffies() - probe.started_ms > PROBE_TIMEOUT_MS) {
		probe_finish(-1);
		return;
	}
	tmr_start(&probe.tmr, PROBE_POLL_MS, probe_poll, NULL);
}


int bridge_probe_echo(struct call *call)
{
	struct audio *au = call_audio(call);

	if (!au)
		return EINVAL;
	if (atomic_load(&probe.phase) != PROBE_IDLE)
		return EBUSY;

	probe.au = au;
	probe.call = call;
	probe.started_ms = tmr_jiffies();
	atomic_store(&probe.quiet_from_ms, probe.started_ms);
	atomic_store(&probe.phase, PROBE_ARMED);
	tmr_start(&probe.tmr, PROBE_POLL_MS, probe_poll, NULL);

	return 0;
}


/* A call that ends during a measurement takes it along. */
void bridge_probe_forget(const struct call *call)
{
	if (probe.call == call)
		probe_finish(-1);
	probe.call = NULL;
}


/* Silence, and once it has lasted, a square wave at 1 kHz near full scale
 * in place of one frame. */
static void probe_send(const struct meter *m, struct auframe *af)
{
	int16_t *sampv = af->sampv;
	size_t half_period = m->srate / 2000 * m->ch;
	int phase = atomic_load(&probe.phase);
	uint64_t now = tmr_jiffies();
	size_t i;

	if (m->au != probe.au || af->fmt != AUFMT_S16LE || !half_period ||
	    (phase != PROBE_ARMED && phase != PROBE_SENT))
		return;

	if (phase == PROBE_SENT ||
	    now - atomic_load(&probe.quiet_from_ms) < PROBE_QUIET_MS) {
		memset(sampv, 0, af->sampc * sizeof(*sampv));
		return;
	}

	for (i = 0; i < af->sampc; i++)
		sampv[i] = (i / half_period) % 2 ? -24000 : 24000;
	atomic_store(&probe.sent_ms, now);
	atomic_store(&probe.phase, PROBE_SENT);
}


static void probe_listen(const struct audio *au, int level_cb)
{
	if (au != probe.au || atomic_load(&probe.phase) != PROBE_SENT ||
	    level_cb < PROBE_HEARD_CB)
		return;

	atomic_store(&probe.heard_ms, tmr_jiffies());
	atomic_store(&probe.phase, PROBE_HEARD);
}


static void enc_destructor(void *arg)
{
	struct meter_enc *st = arg;

	list_unlink(&st->af.le);
	tmr_cancel(&st->meter.tmr);
}


static void dec_destructor(void *arg)
{
	struct meter_dec *st = arg;

	list_unlink(&st->af.le);
	tmr_cancel(&st->meter.tmr);
}


static int enc_update(struct aufilt_enc_st **stp, void **ctx,
		      const struct aufilt *af, struct aufilt_prm *prm,
		      const struct audio *au)
{
	struct meter_enc *st;
	(void)ctx;
	(void)af;

	if (*stp)
		return 0;

	st = mem_zalloc(sizeof(*st), enc_destructor);
	if (!st)
		return ENOMEM;

	meter_start(&st->meter, au, true);
	st->meter.srate = prm->srate;
	st->meter.ch = prm->ch;
	*stp = &st->af;

	return 0;
}


static int dec_update(struct aufilt_dec_st **stp, void **ctx,
		      const struct aufilt *af, struct aufilt_prm *prm,
		      const struct audio *au)
{
	struct meter_dec *st;
	(void)ctx;
	(void)af;
	(void)prm;

	if (*stp)
		return 0;

	st = mem_zalloc(sizeof(*st), dec_destructor);
	if (!st)
		return ENOMEM;

	meter_start(&st->meter, au, false);
	*stp = &st->af;

	return 0;
}


static int enc_measure(struct aufilt_enc_st *st, struct auframe *af)
{
	struct meter *m = &((struct meter_enc *)st)->meter;

	probe_send(m, af);
	measure(m, af);

	return 0;
}


static int dec_measure(struct aufilt_dec_st *st, struct auframe *af)
{
	struct meter *m = &((struct meter_dec *)st)->meter;

	probe_listen(m->au, measure(m, af));

	return 0;
}


static struct aufilt level_meter = {
	.name    = "parlo_level",
	.encupdh = enc_update,
	.ench    = enc_measure,
	.decupdh = dec_update,
	.dech    = dec_measure,
};


/* ---- Module ----------------------------------------------------------- */

/* delayh hears the outcome of each echo measurement. */
void bridge_audio_init(bridge_echo_delay_h *delayh)
{
	tmr_init(&probe.tmr);
	atomic_init(&probe.phase, PROBE_IDLE);
	probe.delayh = delayh;
	aufilt_register(baresip_aufiltl(), &level_meter);
}


void bridge_audio_close(void)
{
	tmr_cancel(&probe.tmr);
	aufilt_unregister(&level_meter);
	bridge_tone_stop();
}
