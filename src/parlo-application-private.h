/* parlo-application-private.h — what the application's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-application.h"
#include "parlo-background-keeper.h"
#include "parlo-link-opener.h"
#include "audio/parlo-audio-sync.h"
#include "audio/parlo-echo-test.h"
#include "audio/parlo-ringer.h"
#include "engine/parlo-account-sync.h"
#include "model/parlo-history-recorder.h"
#include "ui/parlo-incoming-notifier.h"
#include "ui/parlo-missed-notifier.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-registration-notifier.h"
#include "ui/parlo-window.h"

G_BEGIN_DECLS

struct _ParloApplication
{
  AdwApplication  parent_instance;

  GSettings        *settings;
  ParloAudioDevices *audio_devices;
  ParloAudioSync   *audio_sync;
  ParloRinger      *ringer;
  ParloEchoTest    *echo_test;
  ParloEngine      *engine;
  ParloAccountStore *accounts;
  ParloAccountSync *account_sync;
  ParloCallModel   *call_model;
  ParloCallActions *call_actions;
  ParloHistory     *history;
  ParloHistoryRecorder *recorder;
  char             *history_problem;   /* why calls of this run are not kept, or NULL */
  ParloIncomingNotifier *incoming;
  ParloMissedNotifier *missed;
  ParloRegistrationNotifier *registration;
  ParloPreferencesWindow *preferences;   /* weak: one at a time */
  ParloBackgroundKeeper *background;
  ParloLinkOpener  *links;
};

/* The main window, or NULL while it is closed. */
GtkWindow   *parlo_application_get_main_window (ParloApplication *self);
/* The app's actions (parlo-application-actions.c). */
void         parlo_application_add_actions     (ParloApplication *self);

G_END_DECLS
