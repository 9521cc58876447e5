/* parlo-contacts.h — the people Parlo knows: named peers of past calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-call.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CONTACTS (parlo_contacts_get_type ())
G_DECLARE_FINAL_TYPE (ParloContacts, parlo_contacts, PARLO, CONTACTS, GObject)

ParloContacts *parlo_contacts_new (GListModel *ended);

G_END_DECLS
