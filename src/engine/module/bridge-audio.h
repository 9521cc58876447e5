/* bridge-audio.h — sound devices, tones, level meters and the echo probe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

enum bridge_audio_role {
	BRIDGE_AUDIO_SOURCE,
	BRIDGE_AUDIO_PLAYER,
	BRIDGE_AUDIO_ALERT,
};

/* An echo measurement is over: the delay in ms, -1 if nothing came back. */
typedef void (bridge_echo_delay_h)(struct call *call, int64_t delay_ms);

void bridge_audio_init(bridge_echo_delay_h *delayh);
void bridge_audio_close(void);

int bridge_audio_set_device(enum bridge_audio_role role, const char *device);
int bridge_tone_play(const char *file, bool alert, bool repeat);
void bridge_tone_stop(void);
int bridge_probe_echo(struct call *call);
void bridge_probe_forget(const struct call *call);
