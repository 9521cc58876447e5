/* parlo-contact.c — someone Parlo knows from the call history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-contact.h"
#include "parlo-util.h"

struct _ParloContact
{
  GObject     parent_instance;

  char       *name;
  char       *uri;
  guint       n_calls;
  GDateTime  *last_call;
};

G_DEFINE_FINAL_TYPE (ParloContact, parlo_contact, G_TYPE_OBJECT)

static void
parlo_contact_finalize (GObject *object)
{
  ParloContact *self = PARLO_CONTACT (object);

  g_free (self->name);
  g_free (self->uri);
  g_clear_pointer (&self->last_call, g_date_time_unref);
  G_OBJECT_CLASS (parlo_contact_parent_class)->finalize (object);
}

static void
parlo_contact_class_init (ParloContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlo_contact_finalize;
}

static void
parlo_contact_init (ParloContact *self)
{
}

ParloContact *
parlo_contact_new (const char *name, const char *uri, guint n_calls, gint64 last_call_us)
{
  ParloContact *self = g_object_new (PARLO_TYPE_CONTACT, NULL);

  self->name = g_strdup (name);
  self->uri = g_strdup (uri);
  self->n_calls = n_calls;
  self->last_call = parlo_date_time_new_from_unix_usec (last_call_us);
  return self;
}

const char *
parlo_contact_get_name (ParloContact *self)
{
  g_return_val_if_fail (PARLO_IS_CONTACT (self), NULL);
  return self->name;
}

const char *
parlo_contact_get_uri (ParloContact *self)
{
  g_return_val_if_fail (PARLO_IS_CONTACT (self), NULL);
  return self->uri;
}

guint
parlo_contact_get_n_calls (ParloContact *self)
{
  g_return_val_if_fail (PARLO_IS_CONTACT (self), 0);
  return self->n_calls;
}

GDateTime *
parlo_contact_get_last_call (ParloContact *self)
{
  g_return_val_if_fail (PARLO_IS_CONTACT (self), NULL);
  return self->last_call;
}
