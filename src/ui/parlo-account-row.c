/* parlo-account-row.c — one account in the preferences: how it stands, and a switch
 *
 * Observes its ParloAccount: the title and the status sentence are bound to the
 * account, so a failure reads in words; an icon or a spinner repeats the state at
 * a glance. The switch is the account's "enabled" setting itself. A server
 * account's row opens its editor; "Direct calls" has nothing to edit, so its
 * row only works the switch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-account-row.h"

struct _ParloAccountRow
{
  AdwActionRow  parent_instance;

  ParloAccount *account;

  GtkImage     *state_icon;
  GtkSpinner   *state_spinner;
  GtkSwitch    *enabled_switch;
  GtkImage     *edit_icon;
};

G_DEFINE_FINAL_TYPE (ParloAccountRow, parlo_account_row, ADW_TYPE_ACTION_ROW)

static void
set_icon (ParloAccountRow *self, const char *icon_name, const char *style)
{
  static const char * const styles[] = { "success", "error", "dim-label" };

  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (styles[i], style) != 0)
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), style);
}

static void
update_state (ParloAccountRow *self)
{
  ParloRegistrationState state = parlo_account_get_registration_state (self->account);
  gboolean busy = state == PARLO_REGISTRATION_REGISTERING || state == PARLO_REGISTRATION_UNREGISTERING;

  /* A stopped spinner costs no frames while nothing is under way. */
  gtk_spinner_set_spinning (self->state_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->state_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), !busy);
  switch (state)
    {
    case PARLO_REGISTRATION_REGISTERED:
    case PARLO_REGISTRATION_READY:
      set_icon (self, "emblem-ok-symbolic", "success");
      break;
    case PARLO_REGISTRATION_FAILED:
      set_icon (self, "dialog-warning-symbolic", "error");
      break;
    case PARLO_REGISTRATION_DISABLED:
    case PARLO_REGISTRATION_REGISTERING:
    case PARLO_REGISTRATION_UNREGISTERING:
    default:
      set_icon (self, "network-offline-symbolic", "dim-label");
      break;
    }
}

static void
parlo_account_row_dispose (GObject *object)
{
  ParloAccountRow *self = PARLO_ACCOUNT_ROW (object);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (parlo_account_row_parent_class)->dispose (object);
}

static void
parlo_account_row_class_init (ParloAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_account_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloAccountRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountRow, state_spinner);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountRow, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountRow, edit_icon);
}

/* The switch says which account it turns on and off: "Use alice@example.org". */
static void
name_switch (ParloAccountRow *self)
{
  /* Translators: the name of an account's on/off switch, for a screen reader;
   * %s is the account, as in "alice@example.org" or "Direct calls" */
  g_autofree char *name = g_strdup_printf (_("Use %s"), parlo_account_get_title (self->account));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
parlo_account_row_init (ParloAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
parlo_account_row_new (ParloAccount *account)
{
  ParloAccountRow *self = g_object_new (PARLO_TYPE_ACCOUNT_ROW, NULL);
  gboolean direct = parlo_account_is_direct (account);

  self->account = g_object_ref (account);
  g_object_bind_property (account, "title", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (account, "status", self, "subtitle", G_BINDING_SYNC_CREATE);
  g_object_bind_property (account, "enabled", self->enabled_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_swapped (account, "notify::registration-state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (account, "notify::title", G_CALLBACK (name_switch), self);
  update_state (self);

  /* Activating a server account edits it; activating "Direct calls" flips its
   * switch, and its unseen arrow keeps the switches of all rows in one column. */
  if (direct)
    {
      gtk_widget_set_opacity (GTK_WIDGET (self->edit_icon), 0);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->enabled_switch));
      /* The row's title would be said after the switch's own name. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->enabled_switch), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  name_switch (self);
  return GTK_WIDGET (self);
}

ParloAccount *
parlo_account_row_get_account (ParloAccountRow *self)
{
  g_return_val_if_fail (PARLO_IS_ACCOUNT_ROW (self), NULL);
  return self->account;
}
