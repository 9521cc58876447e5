/* bridge-commands-audio.c — the audio and tone commands.
 *
 * audio.set chooses the device of a role, tone.play and tone.stop play and
 * stop one of baresip's sound files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "bridge-audio.h"
#include "bridge-commands.h"
#include "bridge-request.h"


/* ---- audio.set -------------------------------------------------------- */

static const struct {
	const char *name;
	enum bridge_audio_role role;
} audio_roles[] = {
	{ PARLO_BRIDGE_ROLE_SOURCE, BRIDGE_AUDIO_SOURCE },
	{ PARLO_BRIDGE_ROLE_PLAYER, BRIDGE_AUDIO_PLAYER },
	{ PARLO_BRIDGE_ROLE_ALERT,  BRIDGE_AUDIO_ALERT },
};


/* Device names go into baresip's configuration, whose lines separate the
 * module from the device with a comma. */
static int check_device(struct request *req, const char *device)
{
	const char *p;

	for (p = device; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < ' ' || c == 0x7f || c == ',')
			return req_fail(req, "%s must not contain control"
					" characters or commas",
					PARLO_BRIDGE_FIELD_DEVICE);
	}

	return 0;
}


static int cmd_audio_set(struct request *req)
{
	const char *role_name, *device;
	size_t i;
	int err;

	err = req_get_string(req, PARLO_BRIDGE_FIELD_ROLE, true, &role_name);
	err = err ? err : req_get_string(req, PARLO_BRIDGE_FIELD_DEVICE, true,
					 &device);
	err = err ? err : check_device(req, device);
	if (err)
		return err;

	for (i = 0; i < ARRAY_SIZE(audio_roles); i++) {
		if (!strcmp(audio_roles[i].name, role_name))
			break;
	}

	if (i == ARRAY_SIZE(audio_roles))
		return req_fail(req, "%s must be %s, %s or %s",
				PARLO_BRIDGE_FIELD_ROLE,
				PARLO_BRIDGE_ROLE_SOURCE,
				PARLO_BRIDGE_ROLE_PLAYER,
				PARLO_BRIDGE_ROLE_ALERT);

	err = bridge_audio_set_device(audio_roles[i].role, device);
	if (err == ENOTSUP)
		return req_fail(req, "the engine's %s is not PulseAudio",
				role_name);
	if (err)
		return req_fail(req, "could not use '%s' as the %s (%m)",
				device, role_name, err);

	return 0;
}


/* ---- Tones ------------------------------------------------------------ */

/* baresip's own sound files; "ring" and "waiting" call for attention and
 * go to the alert device, the others belong to a call. */
static const struct {
	const char *name;
	const char *file;
	bool alert;
} tones[] = {
	{ PARLO_BRIDGE_TONE_RING,     "ring.wav",        true },
	{ PARLO_BRIDGE_TONE_WAITING,  "callwaiting.wav", true },
	{ PARLO_BRIDGE_TONE_RINGBACK, "ringback.wav",    false },
	{ PARLO_BRIDGE_TONE_BUSY,     "busy.wav",        false },
	{ PARLO_BRIDGE_TONE_ERROR,    "error.wav",       false },
};


static int dtmf_tone_file(struct request *req, char *file, size_t size)
{
	const char *key;
	int err;

	err = req_get_string(req, PARLO_BRIDGE_FIELD_KEY, true, &key);
	if (err)
		return err;

	if (strlen(key) != 1 || !strchr("0123456789*#", key[0]))
		return req_fail(req, "%s must be one of 0-9 * #",
				PARLO_BRIDGE_FIELD_KEY);

	if (key[0] == '*')
		str_ncpy(file, "soundstar.wav", size);
	else if (key[0] == '#')
		str_ncpy(file, "soundroute.wav", size);
	else
		(void)re_snprintf(file, size, "sound%c.wav", key[0]);

	return 0;
}


static int cmd_tone_play(struct request *req)
{
	const char *name;
	bool repeat = false, alert = false;
	char file[32] = "";
	size_t i;
	int err;

	err = req_get_string(req, PARLO_BRIDGE_FIELD_TONE, true, &name);
	err = err ? err : req_get_bool(req, PARLO_BRIDGE_FIELD_REPEAT, false,
				       &repeat);
	if (err)
		return err;

	for (i = 0; i < ARRAY_SIZE(tones); i++) {
		if (!strcmp(tones[i].name, name)) {
			str_ncpy(file, tones[i].file, sizeof(file));
			alert = tones[i].alert;
		}
	}

	if (!strcmp(name, PARLO_BRIDGE_TONE_DTMF)) {
		err = dtmf_tone_file(req, file, sizeof(file));
		if (err)
			return err;
	}

	if (!file[0])
		return req_fail(req, "%s must be %s, %s, %s, %s, %s or %s",
				PARLO_BRIDGE_FIELD_TONE,
				PARLO_BRIDGE_TONE_RING,
				PARLO_BRIDGE_TONE_RINGBACK,
				PARLO_BRIDGE_TONE_BUSY,
				PARLO_BRIDGE_TONE_ERROR,
				PARLO_BRIDGE_TONE_WAITING,
				PARLO_BRIDGE_TONE_DTMF);

	err = bridge_tone_play(file, alert, repeat);
	if (err)
		return req_fail(req, "could not play %s (%m)", file, err);

	return 0;
}


static int cmd_tone_stop(struct request *req)
{
	(void)req;

	bridge_tone_stop();

	return 0;
}


const struct bridge_command bridge_audio_commands[] = {
	{ PARLO_BRIDGE_COMMAND_AUDIO_SET, cmd_audio_set },
	{ PARLO_BRIDGE_COMMAND_TONE_PLAY, cmd_tone_play },
	{ PARLO_BRIDGE_COMMAND_TONE_STOP, cmd_tone_stop },
	{ NULL, NULL },
};
