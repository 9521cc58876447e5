/* parlo-contacts-page.c — the Contacts view: the built-in echo test and the people from history
 *
 * People who called or were called with a name, most called first; choosing
 * one calls them. The list gets its model when the page is first shown: a list
 * view makes a few hundred rows as soon as it has one, even while hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "parlo-contacts.h"
#include "parlo-contact-row.h"
#include "parlo-contacts-page.h"

/* Enough people to scroll through; the list view makes rows only for those shown. */
#define MAX_CONTACTS 500

struct _ParloContactsPage
{
  GtkWidget      parent_instance;

  ParloContacts *contacts;

  GtkStack      *stack;
  GtkWidget     *empty;
  GtkWidget     *people_page;
  GtkListView   *list;
};

G_DEFINE_FINAL_TYPE (ParloContactsPage, parlo_contacts_page, GTK_TYPE_WIDGET)

static void
on_contact_activated (ParloContactsPage *self, guint position)
{
  g_autoptr(ParloContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), position);

  gtk_widget_activate_action (GTK_WIDGET (self), "call.dial", "s", parlo_contact_get_uri (contact));
}

static void
on_contacts_changed (ParloContactsPage *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) > 0;

  gtk_stack_set_visible_child (self->stack, any ? self->people_page : self->empty);
}

static void
give_list_rows (ParloContactsPage *self)
{
  g_autoptr(GtkNoSelection) rows = NULL;

  if (self->contacts == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      gtk_list_view_get_model (self->list) != NULL)
    return;
  rows = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->contacts)));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (rows));
}

static void
parlo_contacts_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (parlo_contacts_page_parent_class)->map (widget);
  give_list_rows (PARLO_CONTACTS_PAGE (widget));
}

static void
parlo_contacts_page_dispose (GObject *object)
{
  ParloContactsPage *self = PARLO_CONTACTS_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->contacts);
  G_OBJECT_CLASS (parlo_contacts_page_parent_class)->dispose (object);
}

static void
parlo_contacts_page_class_init (ParloContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_contacts_page_dispose;
  widget_class->map = parlo_contacts_page_map;

  g_type_ensure (PARLO_TYPE_CONTACT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-contacts-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParloContactsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ParloContactsPage, empty);
  gtk_widget_class_bind_template_child (widget_class, ParloContactsPage, people_page);
  gtk_widget_class_bind_template_child (widget_class, ParloContactsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_activated);
}

static void
parlo_contacts_page_init (ParloContactsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
parlo_contacts_page_set_history (ParloContactsPage *self, ParloHistory *history)
{
  g_return_if_fail (PARLO_IS_CONTACTS_PAGE (self));
  g_return_if_fail (self->contacts == NULL);

  self->contacts = parlo_contacts_new (history, MAX_CONTACTS);
  g_signal_connect_object (self->contacts, "items-changed", G_CALLBACK (on_contacts_changed), self,
                           G_CONNECT_SWAPPED);
  on_contacts_changed (self);
  give_list_rows (self);
}
