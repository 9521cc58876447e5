/* parlo-call-controls.h — the Answer and Hang-up buttons and the call clock,
 * as every widget that shows a call has them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-call.h"

G_BEGIN_DECLS

void parlo_call_controls_aim    (GtkWidget   *answer_button,
                                 GtkWidget   *hangup_button,
                                 ParloCall   *call);
void parlo_call_controls_update (GtkWidget   *answer_button,
                                 GtkWidget   *hangup_button,
                                 ParloCall   *call);
void parlo_call_controls_clock  (guint       *clock_source,
                                 ParloCall   *call,
                                 GSourceFunc  tick,
                                 gpointer     widget);

G_END_DECLS
