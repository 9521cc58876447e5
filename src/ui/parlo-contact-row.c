/* parlo-contact-row.c — someone from the call history in the Contacts list
 *
 * Avatar, name and address of a ParloContact. Rows are recycled by the list
 * view, so all of it follows the "contact" property; the list calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "parlo-call-text.h"
#include "parlo-contact-row.h"

struct _ParloContactRow
{
  GtkWidget     parent_instance;

  ParloContact *contact;

  AdwAvatar    *avatar;
  GtkLabel     *name_label;
  GtkLabel     *address_label;
};

enum {
  PROP_0,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloContactRow, parlo_contact_row, GTK_TYPE_WIDGET)

void
parlo_contact_row_set_contact (ParloContactRow *self, ParloContact *contact)
{
  g_return_if_fail (PARLO_IS_CONTACT_ROW (self));

  if (!g_set_object (&self->contact, contact))
    return;
  if (contact != NULL)
    {
      const char *name = parlo_contact_get_name (contact);
      g_autofree char *address = parlo_call_text_uri_address (parlo_contact_get_uri (contact));
      g_autofree char *description = g_strdup_printf ("%s, %s", name, address);
      GtkWidget *list_item = gtk_widget_get_parent (GTK_WIDGET (self));

      adw_avatar_set_text (self->avatar, name);
      gtk_label_set_text (self->name_label, name);
      gtk_label_set_text (self->address_label, address);
      /* The list's item around the row takes the focus, and GTK 4.8 gives it
       * no name of its own. */
      if (list_item != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (list_item), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        description, -1);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
}

static void
parlo_contact_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloContactRow *self = PARLO_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_contact_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ParloContactRow *self = PARLO_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      parlo_contact_row_set_contact (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_contact_row_dispose (GObject *object)
{
  ParloContactRow *self = PARLO_CONTACT_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->contact);
  G_OBJECT_CLASS (parlo_contact_row_parent_class)->dispose (object);
}

static void
parlo_contact_row_class_init (ParloContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = parlo_contact_row_get_property;
  object_class->set_property = parlo_contact_row_set_property;
  object_class->dispose = parlo_contact_row_dispose;

  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, PARLO_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-contact-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParloContactRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, ParloContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ParloContactRow, address_label);
}

static void
parlo_contact_row_init (ParloContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
