/* parlo-dialpad.h — type or tap a number or address, and call it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-account-store.h"
#include "parlo-contacts.h"

G_BEGIN_DECLS

#define PARLO_TYPE_DIALPAD (parlo_dialpad_get_type ())
G_DECLARE_FINAL_TYPE (ParloDialpad, parlo_dialpad, PARLO, DIALPAD, GtkWidget)

void        parlo_dialpad_set_accounts (ParloDialpad      *self,
                                        ParloAccountStore *accounts);
void        parlo_dialpad_set_history (ParloDialpad      *self,
                                       ParloHistory      *history);
void        parlo_dialpad_set_text    (ParloDialpad *self,
                                       const char   *text);
void        parlo_dialpad_offer       (ParloDialpad *self,
                                       const char   *text);
const char *parlo_dialpad_get_target  (ParloDialpad *self);

G_END_DECLS
