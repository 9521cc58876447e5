/* parlo-window.c — the main window: dial an address, see and handle live calls
 *
 * The window observes the call model and the engine's state; what a person does
 * goes through the "call" actions, so it never speaks to the engine itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "model/parlo-uri.h"
#include "parlo-call-row.h"
#include "parlo-call-text.h"
#include "parlo-window.h"

struct _ParloWindow
{
  AdwApplicationWindow  parent_instance;

  ParloEngine          *engine;
  ParloCallModel       *call_model;
  ParloCallActions     *call_actions;
  char                 *target;     /* the normalised address to call, or NULL */

  AdwPreferencesGroup  *dial_group;
  AdwEntryRow          *target_row;
  GtkButton            *call_button;
  GtkLabel             *target_message;
  GtkListBox           *call_list;
  GtkLabel             *last_call_label;
  GtkRevealer          *engine_banner;
  GtkLabel             *engine_banner_title;
  GtkLabel             *engine_banner_detail;
};

G_DEFINE_FINAL_TYPE (ParloWindow, parlo_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_message (ParloWindow *self, const char *message)
{
  gtk_label_set_text (self->target_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->target_message), message != NULL);
}

static void
on_target_changed (ParloWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->target_row));
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->target, g_free);
  self->target = parlo_uri_normalize (text, parlo_call_actions_get_account (self->call_actions), &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->call_button), self->target != NULL);
  /* An empty entry is not a mistake worth pointing out. */
  show_message (self, *text != '\0' && error != NULL ? error->message : NULL);
}

static void
on_call_clicked (ParloWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->target_row));

  if (self->target != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "call.dial", "s", text);
}

static void
on_dialled (ParloWindow *self, const char *uri)
{
  gtk_editable_set_text (GTK_EDITABLE (self->target_row), "");
}

static void
on_action_failed (ParloWindow *self, const char *message)
{
  show_message (self, message);
}

static GtkWidget *
create_call_row (gpointer item, gpointer user_data)
{
  return parlo_call_row_new (PARLO_CALL (item));
}

static void
on_call_ended (ParloCallModel *model, ParloCall *call, ParloWindow *self)
{
  g_autofree char *peer = parlo_call_text_peer (call);
  g_autofree char *state = parlo_call_text_state (call);
  /* Translators: the last call's peer and how it ended, e.g. "bob@example.org: Call ended — Busy" */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), peer, state);

  gtk_label_set_text (self->last_call_label, text);
}

static void
on_engine_state (ParloWindow *self)
{
  ParloEngineState state = parlo_engine_get_state (self->engine);
  const char *error = parlo_engine_get_last_error (self->engine);

  const char *title = NULL;

  if (state == PARLO_ENGINE_STATE_RESTARTING)
    title = _("Restarting the call engine…");
  else if (state == PARLO_ENGINE_STATE_STOPPED && error != NULL)
    title = _("The call engine could not start");

  if (title != NULL)
    {
      gtk_label_set_text (self->engine_banner_title, title);
      gtk_label_set_text (self->engine_banner_detail, error ? error : "");
    }
  gtk_revealer_set_reveal_child (self->engine_banner, title != NULL);
}

static void
parlo_window_dispose (GObject *object)
{
  ParloWindow *self = PARLO_WINDOW (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->call_model != NULL)
    g_signal_handlers_disconnect_by_data (self->call_model, self);
  if (self->call_actions != NULL)
    g_signal_handlers_disconnect_by_data (self->call_actions, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->call_model);
  g_clear_object (&self->call_actions);
  G_OBJECT_CLASS (parlo_window_parent_class)->dispose (object);
}

static void
parlo_window_finalize (GObject *object)
{
  ParloWindow *self = PARLO_WINDOW (object);

  g_free (self->target);
  G_OBJECT_CLASS (parlo_window_parent_class)->finalize (object);
}

static void
parlo_window_class_init (ParloWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_window_dispose;
  object_class->finalize = parlo_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, dial_group);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, target_row);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, call_button);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, target_message);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, call_list);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, last_call_label);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner_title);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner_detail);
  gtk_widget_class_bind_template_callback (widget_class, on_target_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_call_clicked);
}

static void
parlo_window_init (ParloWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ParloWindow *
parlo_window_new (GtkApplication   *application,
                  ParloEngine      *engine,
                  ParloCallModel   *call_model,
                  ParloCallActions *call_actions)
{
  ParloWindow *self = g_object_new (PARLO_TYPE_WINDOW, "application", application, NULL);
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autofree char *description = NULL;

  self->engine = g_object_ref (engine);
  self->call_model = g_object_ref (call_model);
  self->call_actions = g_object_ref (call_actions);
  parlo_call_actions_add_to (call_actions, G_ACTION_MAP (actions));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "call", G_ACTION_GROUP (actions));
  g_signal_connect_swapped (call_actions, "dialled", G_CALLBACK (on_dialled), self);
  g_signal_connect_swapped (call_actions, "failed", G_CALLBACK (on_action_failed), self);

  /* Translators: %s is the user's own SIP address */
  description = g_strdup_printf (_("Others can call you at %s"),
                                 parlo_call_actions_get_account (call_actions));
  adw_preferences_group_set_description (self->dial_group, description);

  gtk_list_box_bind_model (self->call_list, G_LIST_MODEL (call_model),
                           create_call_row, NULL, NULL);
  g_signal_connect (call_model, "call-ended", G_CALLBACK (on_call_ended), self);
  g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (on_engine_state), self);
  g_signal_connect_swapped (engine, "notify::last-error", G_CALLBACK (on_engine_state), self);
  on_engine_state (self);
  return self;
}
