/* parlo-audio-page.h — the preferences' audio page: devices, and not ringing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-audio-devices.h"

G_BEGIN_DECLS

#define PARLO_TYPE_AUDIO_PAGE (parlo_audio_page_get_type ())
G_DECLARE_FINAL_TYPE (ParloAudioPage, parlo_audio_page, PARLO, AUDIO_PAGE, AdwPreferencesPage)

GtkWidget *parlo_audio_page_new (ParloAudioDevices *devices,
                                 GSettings         *settings);

G_END_DECLS
