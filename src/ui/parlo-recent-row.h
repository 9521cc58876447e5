/* parlo-recent-row.h — one recorded call in the Recent list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-history-entry.h"

G_BEGIN_DECLS

#define PARLO_TYPE_RECENT_ROW (parlo_recent_row_get_type ())
G_DECLARE_FINAL_TYPE (ParloRecentRow, parlo_recent_row, PARLO, RECENT_ROW, GtkWidget)

ParloHistoryEntry *parlo_recent_row_get_entry (ParloRecentRow    *self);
void               parlo_recent_row_set_entry (ParloRecentRow    *self,
                                               ParloHistoryEntry *entry);

G_END_DECLS
