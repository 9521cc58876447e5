/* parlo-audio-devices.h — the sinks and sources PulseAudio offers, kept up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-audio-device.h"

G_BEGIN_DECLS

#define PARLO_TYPE_AUDIO_DEVICES (parlo_audio_devices_get_type ())
G_DECLARE_FINAL_TYPE (ParloAudioDevices, parlo_audio_devices, PARLO, AUDIO_DEVICES, GObject)

ParloAudioDevices *parlo_audio_devices_new           (void);
gboolean           parlo_audio_devices_get_connected (ParloAudioDevices    *self);
GListModel        *parlo_audio_devices_get_devices   (ParloAudioDevices    *self,
                                                      ParloAudioDeviceKind  kind);
ParloAudioDevice  *parlo_audio_devices_get_default   (ParloAudioDevices    *self,
                                                      ParloAudioDeviceKind  kind);
ParloAudioDevice  *parlo_audio_devices_find          (ParloAudioDevices    *self,
                                                      ParloAudioDeviceKind  kind,
                                                      const char           *name);

G_END_DECLS
