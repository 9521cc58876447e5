/* parlo-window.h — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-call-actions.h"
#include "parlo-engine.h"
#include "parlo-call-model.h"
#include "parlo-history.h"

G_BEGIN_DECLS

#define PARLO_TYPE_WINDOW (parlo_window_get_type ())
G_DECLARE_FINAL_TYPE (ParloWindow, parlo_window, PARLO, WINDOW, AdwApplicationWindow)

ParloWindow *parlo_window_new                  (GtkApplication    *application,
                                                ParloEngine       *engine,
                                                ParloAccountStore *accounts,
                                                ParloCallModel    *call_model,
                                                ParloCallActions  *call_actions,
                                                ParloHistory      *history);
void         parlo_window_show_recent          (ParloWindow       *self);
void         parlo_window_offer_call           (ParloWindow       *self,
                                                const char        *target);
void         parlo_window_show_message         (ParloWindow       *self,
                                                const char        *message);
void         parlo_window_show_history_problem (ParloWindow       *self,
                                                const char        *message);

G_END_DECLS
