/* parlo-recent-row.h — one finished call in the Recent list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/parlo-call.h"

G_BEGIN_DECLS

#define PARLO_TYPE_RECENT_ROW (parlo_recent_row_get_type ())
G_DECLARE_FINAL_TYPE (ParloRecentRow, parlo_recent_row, PARLO, RECENT_ROW, AdwActionRow)

GtkWidget *parlo_recent_row_new      (ParloCall      *call);
ParloCall *parlo_recent_row_get_call (ParloRecentRow *self);

G_END_DECLS
