/* parlo-audio-device-row.h — a choice of sink or source, the system default first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-audio-devices.h"

G_BEGIN_DECLS

#define PARLO_TYPE_AUDIO_DEVICE_ROW (parlo_audio_device_row_get_type ())
G_DECLARE_FINAL_TYPE (ParloAudioDeviceRow, parlo_audio_device_row, PARLO, AUDIO_DEVICE_ROW, AdwComboRow)

void        parlo_audio_device_row_set_devices (ParloAudioDeviceRow  *self,
                                                ParloAudioDevices    *devices,
                                                ParloAudioDeviceKind  kind);
void        parlo_audio_device_row_set_device  (ParloAudioDeviceRow  *self,
                                                const char           *device);

G_END_DECLS
