/* parlo-audio-device-private.h — what only ParloAudioDevices changes on a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-audio-device.h"

G_BEGIN_DECLS

void parlo_audio_device_set_is_default (ParloAudioDevice *self,
                                        gboolean          is_default);

G_END_DECLS
