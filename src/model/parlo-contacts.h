/* parlo-contacts.h — the people Parlo knows: named peers from the call history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-contact.h"
#include "parlo-history.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CONTACTS (parlo_contacts_get_type ())
G_DECLARE_FINAL_TYPE (ParloContacts, parlo_contacts, PARLO, CONTACTS, GObject)

/* A GListModel of ParloContact, most recent and most frequent first, at most limit
 * of them; it follows the history as calls are recorded, deleted or cleared. */
ParloContacts *parlo_contacts_new        (ParloHistory  *history,
                                          guint          limit);
/* Only contacts whose name or address contains text (NULL or "" for all). */
void           parlo_contacts_set_filter (ParloContacts *self,
                                          const char    *text);

G_END_DECLS
