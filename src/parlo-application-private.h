/* parlo-application-private.h — what the application's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-application.h"
#include "parlo-background-keeper.h"
#include "parlo-link-opener.h"
#include "parlo-audio-sync.h"
#include "parlo-echo-test.h"
#include "parlo-ringer.h"
#include "parlo-account-sync.h"
#include "parlo-call-sync.h"
#include "parlo-history-recorder.h"
#include "parlo-incoming-notifier.h"
#include "parlo-missed-notifier.h"
#include "parlo-preferences-window.h"
#include "parlo-registration-notifier.h"
#include "parlo-window.h"

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
  ParloCallSync    *call_sync;
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
