/* parlo-contacts.c — the people Parlo knows: named peers from the call history
 *
 * A GListModel of ParloContact: every address that came with a display name,
 * most recent and most frequent first, optionally only those matching a text
 * (the dialpad's suggestions). It reads the history's peers again whenever the
 * history changes, which costs one small query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-contacts.h"

struct _ParloContacts
{
  GObject       parent_instance;

  ParloHistory *history;
  guint         limit;
  char         *filter;
  GPtrArray    *contacts;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParloContacts, parlo_contacts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
parlo_contacts_get_item_type (GListModel *model)
{
  return PARLO_TYPE_CONTACT;
}

static guint
parlo_contacts_get_n_items (GListModel *model)
{
  return PARLO_CONTACTS (model)->contacts->len;
}

static gpointer
parlo_contacts_get_item (GListModel *model, guint position)
{
  ParloContacts *self = PARLO_CONTACTS (model);

  if (position >= self->contacts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->contacts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = parlo_contacts_get_item_type;
  iface->get_n_items = parlo_contacts_get_n_items;
  iface->get_item = parlo_contacts_get_item;
}

static gboolean
same_contact (ParloContact *a, ParloContact *b)
{
  return g_strcmp0 (parlo_contact_get_uri (a), parlo_contact_get_uri (b)) == 0 &&
         g_strcmp0 (parlo_contact_get_name (a), parlo_contact_get_name (b)) == 0;
}

static gboolean
same_list (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!same_contact (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static void
reload (ParloContacts *self)
{
  g_autoptr(GPtrArray) old = self->contacts;

  self->contacts = parlo_history_find_contacts (self->history, self->filter, self->limit);
  /* A call with someone already on top changes nothing a view shows. */
  if (!same_list (old, self->contacts))
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->contacts->len);
}

static void
on_history_entry (ParloHistory *history, gint64 id, ParloContacts *self)
{
  reload (self);
}

static void
on_history_cleared (ParloHistory *history, ParloContacts *self)
{
  reload (self);
}

static void
parlo_contacts_dispose (GObject *object)
{
  ParloContacts *self = PARLO_CONTACTS (object);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (parlo_contacts_parent_class)->dispose (object);
}

static void
parlo_contacts_finalize (GObject *object)
{
  ParloContacts *self = PARLO_CONTACTS (object);

  g_ptr_array_unref (self->contacts);
  g_free (self->filter);
  G_OBJECT_CLASS (parlo_contacts_parent_class)->finalize (object);
}

static void
parlo_contacts_class_init (ParloContactsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_contacts_dispose;
  object_class->finalize = parlo_contacts_finalize;
}

static void
parlo_contacts_init (ParloContacts *self)
{
  self->contacts = g_ptr_array_new_with_free_func (g_object_unref);
}

ParloContacts *
parlo_contacts_new (ParloHistory *history, guint limit)
{
  ParloContacts *self;

  g_return_val_if_fail (PARLO_IS_HISTORY (history), NULL);

  self = g_object_new (PARLO_TYPE_CONTACTS, NULL);
  self->history = g_object_ref (history);
  self->limit = limit;
  g_signal_connect (history, "added", G_CALLBACK (on_history_entry), self);
  g_signal_connect (history, "changed", G_CALLBACK (on_history_entry), self);
  g_signal_connect (history, "removed", G_CALLBACK (on_history_entry), self);
  g_signal_connect (history, "cleared", G_CALLBACK (on_history_cleared), self);
  reload (self);
  return self;
}

void
parlo_contacts_set_filter (ParloContacts *self, const char *text)
{
  g_return_if_fail (PARLO_IS_CONTACTS (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->filter, text) == 0)
    return;
  g_free (self->filter);
  self->filter = g_strdup (text);
  reload (self);
}
