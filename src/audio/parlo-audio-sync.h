/* parlo-audio-sync.h — gives the engine the audio devices the person chose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-engine.h"
#include "parlo-audio-devices.h"

G_BEGIN_DECLS

#define PARLO_TYPE_AUDIO_SYNC (parlo_audio_sync_get_type ())
G_DECLARE_FINAL_TYPE (ParloAudioSync, parlo_audio_sync, PARLO, AUDIO_SYNC, GObject)

ParloAudioSync *parlo_audio_sync_new (ParloEngine       *engine,
                                      ParloEngineConfig *config,
                                      GSettings         *settings,
                                      ParloAudioDevices *devices);

G_END_DECLS
