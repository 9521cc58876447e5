/* parlo-incoming-notifier.h — tells a person a call is coming in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-call-model.h"

G_BEGIN_DECLS

#define PARLO_TYPE_INCOMING_NOTIFIER (parlo_incoming_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ParloIncomingNotifier, parlo_incoming_notifier, PARLO, INCOMING_NOTIFIER, GObject)

ParloIncomingNotifier *parlo_incoming_notifier_new (GtkApplication *application,
                                                    ParloCallModel *calls);
char                  *parlo_incoming_notification_id (ParloCall   *call);

G_END_DECLS
