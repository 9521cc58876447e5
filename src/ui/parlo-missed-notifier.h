/* parlo-missed-notifier.h — tells a person about calls they missed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-history.h"

G_BEGIN_DECLS

/* The one notification that stands for every unseen missed call. */
#define PARLO_MISSED_NOTIFICATION_ID "missed-calls"

#define PARLO_TYPE_MISSED_NOTIFIER (parlo_missed_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ParloMissedNotifier, parlo_missed_notifier, PARLO, MISSED_NOTIFIER, GObject)

ParloMissedNotifier *parlo_missed_notifier_new (GtkApplication *application,
                                                ParloHistory   *history);

G_END_DECLS
