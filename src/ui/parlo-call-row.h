/* parlo-call-row.h — one live call in the window's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-call.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CALL_ROW (parlo_call_row_get_type ())
G_DECLARE_FINAL_TYPE (ParloCallRow, parlo_call_row, PARLO, CALL_ROW, AdwActionRow)

GtkWidget *parlo_call_row_new      (ParloCall    *call);
ParloCall *parlo_call_row_get_call (ParloCallRow *self);

G_END_DECLS
