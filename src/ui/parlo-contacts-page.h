/* parlo-contacts-page.h — the Contacts view: the built-in echo test and the people from history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-history.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CONTACTS_PAGE (parlo_contacts_page_get_type ())
G_DECLARE_FINAL_TYPE (ParloContactsPage, parlo_contacts_page, PARLO, CONTACTS_PAGE, GtkWidget)

void parlo_contacts_page_set_history (ParloContactsPage *self,
                                      ParloHistory      *history);

G_END_DECLS
