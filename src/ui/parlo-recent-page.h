/* parlo-recent-page.h — the Recent view: the call history, searched and filtered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-history.h"

G_BEGIN_DECLS

#define PARLO_TYPE_RECENT_PAGE (parlo_recent_page_get_type ())
G_DECLARE_FINAL_TYPE (ParloRecentPage, parlo_recent_page, PARLO, RECENT_PAGE, GtkWidget)

/* The "can-clear" property says whether there is anything to clear. */
void     parlo_recent_page_set_history  (ParloRecentPage *self,
                                         ParloHistory    *history);
/* Asks, then deletes every call. */
void     parlo_recent_page_ask_to_clear (ParloRecentPage *self);
/* Puts the keyboard in the search, when there are calls to search. */
void     parlo_recent_page_focus_search (ParloRecentPage *self);

G_END_DECLS
