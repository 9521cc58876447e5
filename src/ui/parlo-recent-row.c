/* parlo-recent-row.c — one recorded call in the Recent list
 *
 * Direction (missed calls stand out), who, when and how it went, and above
 * the first call of a day that day's name: GTK 4.8's list view has no
 * sections, so the row carries its own heading. Rows are recycled, so all of
 * this follows the "entry" property. Clicking calls back; the menu calls back,
 * copies the address or deletes the entry, through the window's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-text.h"
#include "parlo-recent-row.h"

struct _ParloRecentRow
{
  GtkWidget          parent_instance;

  ParloHistoryEntry *entry;

  GtkLabel          *day_label;
  GtkButton         *call_back_button;
  GtkImage          *direction_icon;
  GtkLabel          *peer_label;
  GtkLabel          *summary_label;
  GtkMenuButton     *menu_button;
  GMenuModel        *entry_menu;
};

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloRecentRow, parlo_recent_row, GTK_TYPE_WIDGET)

static const char *
direction_icon_name (ParloHistoryEntry *entry)
{
  if (parlo_history_entry_get_result (entry) == PARLO_HISTORY_RESULT_MISSED)
    return "call-missed-symbolic";
  return parlo_history_entry_get_direction (entry) == PARLO_CALL_DIRECTION_INCOMING
    ? "call-incoming-symbolic" : "call-outgoing-symbolic";
}

static void
show_entry (ParloRecentRow *self)
{
  ParloHistoryEntry *entry = self->entry;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *peer = parlo_call_text_entry_peer (entry);
  g_autofree char *summary = parlo_call_text_entry_summary (entry);
  g_autofree char *description = parlo_call_text_entry_description (entry, now);
  /* Translators: the name of a call's menu button, for a screen reader; %s is
   * who the call was with, as in "Alan Turing" */
  g_autofree char *menu_name = g_strdup_printf (_("More options for %s"), peer);
  gboolean starts_day = parlo_history_entry_get_starts_day (entry);
  GtkWidget *list_item = gtk_widget_get_parent (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self->day_label), starts_day);
  if (starts_day)
    {
      g_autofree char *day = parlo_call_text_day (parlo_history_entry_get_started (entry), now);

      gtk_label_set_text (self->day_label, day);
    }
  gtk_image_set_from_icon_name (self->direction_icon, direction_icon_name (entry));
  if (parlo_history_entry_get_result (entry) == PARLO_HISTORY_RESULT_MISSED)
    gtk_widget_add_css_class (GTK_WIDGET (self->direction_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->direction_icon), "error");
  gtk_label_set_text (self->peer_label, peer);
  gtk_label_set_text (self->summary_label, summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->call_back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  menu_name, -1);
  /* The list's item around the row is what the list moves the focus to, and
   * GTK 4.8 gives it no name of its own. */
  if (list_item != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list_item), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

ParloHistoryEntry *
parlo_recent_row_get_entry (ParloRecentRow *self)
{
  g_return_val_if_fail (PARLO_IS_RECENT_ROW (self), NULL);
  return self->entry;
}

void
parlo_recent_row_set_entry (ParloRecentRow *self, ParloHistoryEntry *entry)
{
  g_return_if_fail (PARLO_IS_RECENT_ROW (self));

  if (!g_set_object (&self->entry, entry))
    return;
  if (entry != NULL)
    show_entry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

static void
on_call_back (GtkWidget *widget, const char *action, GVariant *parameter)
{
  ParloRecentRow *self = PARLO_RECENT_ROW (widget);

  gtk_widget_activate_action (widget, "call.dial", "s", parlo_history_entry_get_peer_uri (self->entry));
}

static void
on_copy_address (GtkWidget *widget, const char *action, GVariant *parameter)
{
  ParloRecentRow *self = PARLO_RECENT_ROW (widget);

  gtk_widget_activate_action (widget, "recent.copy-address", "s", parlo_history_entry_get_peer_uri (self->entry));
}

static void
on_delete (GtkWidget *widget, const char *action, GVariant *parameter)
{
  ParloRecentRow *self = PARLO_RECENT_ROW (widget);

  gtk_widget_activate_action (widget, "recent.delete-call", "x", parlo_history_entry_get_id (self->entry));
}

static void
parlo_recent_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloRecentRow *self = PARLO_RECENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_recent_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ParloRecentRow *self = PARLO_RECENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      parlo_recent_row_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_recent_row_dispose (GObject *object)
{
  ParloRecentRow *self = PARLO_RECENT_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->entry);
  G_OBJECT_CLASS (parlo_recent_row_parent_class)->dispose (object);
}

static void
parlo_recent_row_class_init (ParloRecentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = parlo_recent_row_get_property;
  object_class->set_property = parlo_recent_row_set_property;
  object_class->dispose = parlo_recent_row_dispose;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, PARLO_TYPE_HISTORY_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-recent-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, day_label);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, call_back_button);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, peer_label);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentRow, entry_menu);
  gtk_widget_class_install_action (widget_class, "entry.call-back", NULL, on_call_back);
  gtk_widget_class_install_action (widget_class, "entry.copy-address", NULL, on_copy_address);
  gtk_widget_class_install_action (widget_class, "entry.delete", NULL, on_delete);
}

/* A menu popover for every row would cost more than the rest of the row: it is
 * made when the menu is first opened. */
static void
create_menu (GtkMenuButton *button, gpointer user_data)
{
  ParloRecentRow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->entry_menu);
}

static void
parlo_recent_row_init (ParloRecentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu, self, NULL);
}
