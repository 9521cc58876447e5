/* parlo-call-row.c — one live call in the window's list
 *
 * Observes its ParloCall; its buttons activate the window's "call" actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "parlo-call-controls.h"
#include "parlo-call-row.h"
#include "parlo-call-text.h"

struct _ParloCallRow
{
  AdwActionRow  parent_instance;

  ParloCall    *call;
  guint         clock_source;

  GtkImage     *encryption_icon;
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

/* Once connected: a lock and its word, as the engine reports the audio. */
static char *
state_text (ParloCallRow *self)
{
  ParloCallState state = parlo_call_get_state (self->call);
  gboolean connected = state == PARLO_CALL_STATE_ESTABLISHED || state == PARLO_CALL_STATE_HELD;
  const char *encryption = parlo_call_text_encryption (self->call);
  g_autofree char *text = parlo_call_text_state (self->call);

  gtk_widget_set_visible (GTK_WIDGET (self->encryption_icon), connected);
  gtk_image_set_from_icon_name (self->encryption_icon, parlo_call_text_encryption_icon (self->call));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->encryption_icon), encryption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->encryption_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, encryption, -1);
  if (!connected)
    return g_steal_pointer (&text);
  if (state == PARLO_CALL_STATE_ESTABLISHED && parlo_call_get_audio_missing (self->call))
    return g_strdup_printf ("%s · %s · %s", text, encryption, parlo_call_text_audio_missing ());
  return g_strdup_printf ("%s · %s", text, encryption);
}

static void
update (ParloCallRow *self)
{
  g_autofree char *peer = parlo_call_text_peer (self->call);
  g_autofree char *text = state_text (self);

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
  parlo_call_controls_update (GTK_WIDGET (self->answer_button), GTK_WIDGET (self->hangup_button), self->call);
  parlo_call_controls_clock (&self->clock_source, self->call, on_clock_tick, self);
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
  gtk_widget_class_bind_template_child (widget_class, ParloCallRow, encryption_icon);
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

  self->call = g_object_ref (call);
  parlo_call_controls_aim (GTK_WIDGET (self->answer_button), GTK_WIDGET (self->hangup_button), call);
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
