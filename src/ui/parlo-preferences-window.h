/* parlo-preferences-window.h — the preferences: accounts, audio, links, background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-audio-devices.h"
#include "parlo-account-store.h"

G_BEGIN_DECLS

#define PARLO_TYPE_PREFERENCES_WINDOW (parlo_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ParloPreferencesWindow, parlo_preferences_window, PARLO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

ParloPreferencesWindow *parlo_preferences_window_new (GtkWindow         *parent,
                                                      ParloAccountStore *accounts,
                                                      ParloAudioDevices *devices,
                                                      GSettings         *settings);

G_END_DECLS
