/* parlo-contact-row.h — someone from the call history in the Contacts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-contact.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CONTACT_ROW (parlo_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (ParloContactRow, parlo_contact_row, PARLO, CONTACT_ROW, GtkWidget)

void          parlo_contact_row_set_contact (ParloContactRow *self,
                                             ParloContact    *contact);

G_END_DECLS
