/* parlo-call-row.c — one live call in the window's list
 *
 * Observes its ParloCall; its buttons activate the window's "call" actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-row.h"
#include "parlo-call-text.h"

struct _ParloCallRow
{
  AdwActionRow  parent_instance;

  ParloCall    *call;
  guint         clock_source;

  GtkButton    *answer_button;
  GtkButton    *hangup_button;
};

G_DEFINE_FINAL_TYPE (ParloCallRow, parlo_call_row, ADW_TYPE_ACTION_ROW)

static void update (ParloCallRow *self);

static gboolean
on_clock_tick (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update (ParloCallRow *self)
{
  ParloCallState state = parlo_call_get_state (self->call);
  gboolean unanswered_incoming = state == PARLO_CALL_STATE_INCOMING;
  g_autofree char *peer = parlo_call_text_peer (self->call);
  g_autofree char *text = parlo_call_text_state (self->call);
  const char *hangup_label = unanswered_incoming ? _("Decline") : _("Hang up");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), peer);
  if (parlo_call_get_peer_name (self->call) != NULL)
    {
      /* The name is the title; the address it came from still shows. */
      g_autofree char *address = parlo_call_text_address (self->call);
      g_autofree char *with_address = g_strdup_printf ("%s · %s", address, text);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), with_address);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_button), unanswered_incoming);
  gtk_widget_set_visible (GTK_WIDGET (self->hangup_button), state != PARLO_CALL_STATE_TERMINATED);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->hangup_button),
                                  unanswered_incoming ? "call.decline" : "call.hangup");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hangup_button), hangup_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->hangup_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, hangup_label, -1);

  /* The connected time ticks only while there is a connected call to show. */
  if (state == PARLO_CALL_STATE_ESTABLISHED && self->clock_source == 0)
    self->clock_source = g_timeout_add_seconds (1, on_clock_tick, self);
  else if (state != PARLO_CALL_STATE_ESTABLISHED)
    g_clear_handle_id (&self->clock_source, g_source_remove);
}

static void
parlo_call_row_dispose (GObject *object)
{
  ParloCallRow *self = PARLO_CALL_ROW (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_clear_object (&self->call);
  G_OBJECT_CLASS (parlo_call_row_parent_class)->dispose (object);
}

static void
parlo_call_row_class_init (ParloCallRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_call_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-call-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloCallRow, answer_button);
  gtk_widget_class_bind_template_child (widget_class, ParloCallRow, hangup_button);
}

static void
parlo_call_row_init (ParloCallRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
parlo_call_row_new (ParloCall *call)
{
  ParloCallRow *self = g_object_new (PARLO_TYPE_CALL_ROW, "activatable", TRUE, NULL);

  GVariant *target = g_variant_new ("(ss)", parlo_call_get_account (call), parlo_call_get_id (call));

  self->call = g_object_ref (call);
  /* The buttons act through the "call" actions on this call, named by account and id. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->answer_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->hangup_button), target);
  g_signal_connect_swapped (call, "notify", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

ParloCall *
parlo_call_row_get_call (ParloCallRow *self)
{
  g_return_val_if_fail (PARLO_IS_CALL_ROW (self), NULL);
  return self->call;
}
