/* parlo-audio-device.h — one PulseAudio sink or source, as a person picks it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  PARLO_AUDIO_DEVICE_SINK,    /* plays: speakers, headphones */
  PARLO_AUDIO_DEVICE_SOURCE,  /* records: microphones */
} ParloAudioDeviceKind;

#define PARLO_TYPE_AUDIO_DEVICE (parlo_audio_device_get_type ())
G_DECLARE_FINAL_TYPE (ParloAudioDevice, parlo_audio_device, PARLO, AUDIO_DEVICE, GObject)

ParloAudioDevice     *parlo_audio_device_new             (ParloAudioDeviceKind  kind,
                                                          const char           *name,
                                                          const char           *description);
ParloAudioDeviceKind  parlo_audio_device_get_kind        (ParloAudioDevice     *self);
const char           *parlo_audio_device_get_name        (ParloAudioDevice     *self);
const char           *parlo_audio_device_get_description (ParloAudioDevice     *self);
gboolean              parlo_audio_device_get_is_default  (ParloAudioDevice     *self);

G_END_DECLS
