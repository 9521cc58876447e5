/* parlo-contact.h — someone Parlo knows from the call history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PARLO_TYPE_CONTACT (parlo_contact_get_type ())
G_DECLARE_FINAL_TYPE (ParloContact, parlo_contact, PARLO, CONTACT, GObject)

ParloContact *parlo_contact_new           (const char   *name,
                                           const char   *uri,
                                           guint         n_calls,
                                           gint64        last_call_us);
const char   *parlo_contact_get_name      (ParloContact *self);
const char   *parlo_contact_get_uri       (ParloContact *self);
guint         parlo_contact_get_n_calls   (ParloContact *self);
GDateTime    *parlo_contact_get_last_call (ParloContact *self);

G_END_DECLS
