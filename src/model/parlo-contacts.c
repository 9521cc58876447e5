/* parlo-contacts.c — the people Parlo knows: named peers of past calls
 *
 * A GListModel of ParloCall, one per address that came with a display name, the
 * most recent call with that address first, drawn from a list of ended calls
 * (newest first). Until the history store exists that is this run's calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-contacts.h"

struct _ParloContacts
{
  GObject         parent_instance;

  GListModel     *ended;
  GListStore     *people;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParloContacts, parlo_contacts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
parlo_contacts_get_item_type (GListModel *model)
{
  return PARLO_TYPE_CALL;
}

static guint
parlo_contacts_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (PARLO_CONTACTS (model)->people));
}

static gpointer
parlo_contacts_get_item (GListModel *model, guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (PARLO_CONTACTS (model)->people), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = parlo_contacts_get_item_type;
  iface->get_n_items = parlo_contacts_get_n_items;
  iface->get_item = parlo_contacts_get_item;
}

static gboolean
same_address (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (parlo_call_get_peer_uri ((ParloCall *) a), parlo_call_get_peer_uri ((ParloCall *) b)) == 0;
}

static void
remember (ParloContacts *self, ParloCall *call)
{
  guint position;

  if (parlo_call_get_peer_name (call) == NULL)
    return;
  if (g_list_store_find_with_equal_func (self->people, call, same_address, &position))
    g_list_store_remove (self->people, position);
  g_list_store_insert (self->people, 0, call);
}

static void
on_ended_changed (GListModel *ended, guint position, guint removed, guint added, ParloContacts *self)
{
  /* Oldest first, so that the newest call of an address ends up on top. */
  for (guint i = position + added; i > position; i--)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (ended, i - 1);
      remember (self, call);
    }
}

static void
on_people_changed (GListModel *people, guint position, guint removed, guint added, ParloContacts *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
parlo_contacts_dispose (GObject *object)
{
  ParloContacts *self = PARLO_CONTACTS (object);

  if (self->ended != NULL)
    g_signal_handlers_disconnect_by_data (self->ended, self);
  g_clear_object (&self->ended);
  if (self->people != NULL)
    g_signal_handlers_disconnect_by_data (self->people, self);
  g_clear_object (&self->people);
  G_OBJECT_CLASS (parlo_contacts_parent_class)->dispose (object);
}

static void
parlo_contacts_class_init (ParloContactsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_contacts_dispose;
}

static void
parlo_contacts_init (ParloContacts *self)
{
  self->people = g_list_store_new (PARLO_TYPE_CALL);
  g_signal_connect (self->people, "items-changed", G_CALLBACK (on_people_changed), self);
}

/* ended lists ended calls, newest first (ParloCallModel's, or the history's). */
ParloContacts *
parlo_contacts_new (GListModel *ended)
{
  ParloContacts *self = g_object_new (PARLO_TYPE_CONTACTS, NULL);

  self->ended = g_object_ref (ended);
  g_signal_connect (ended, "items-changed", G_CALLBACK (on_ended_changed), self);
  on_ended_changed (ended, 0, 0, g_list_model_get_n_items (ended), self);
  return self;
}
