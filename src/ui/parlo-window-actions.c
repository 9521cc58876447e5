/* parlo-window-actions.c — what the keys do to calls and views in the window
 *
 * Each key acts on the call a person sees: the one on the call page, else the
 * first in the list that the key fits (a ringing call for Answer). The
 * shortcuts belong to the window, so they work wherever focus is in it, and
 * are listed in the shortcuts window (gtk/help-overlay.ui).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "parlo-window-private.h"

typedef gboolean (*CallFits) (ParloCall *call);

static gboolean
is_unanswered (ParloCall *call)
{
  return parlo_call_is_ringing_here (call) || parlo_call_is_being_placed (call);
}

static gboolean
call_page_in_front (ParloWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "call") == 0;
}

/* The call shown on the call page if it fits, else the first that does. */
static ParloCall *
call_for_key (ParloWindow *self, CallFits fits)
{
  ParloCall *shown = parlo_call_view_get_call (self->call_view);

  if (shown != NULL && call_page_in_front (self) && fits (shown))
    return shown;
  return parlo_call_model_find_first (self->call_model, fits);
}

/* Whether there was a call for the key to act on. */
static gboolean
act_on_call_for_key (ParloWindow *self, CallFits fits, const char *action)
{
  ParloCall *call = call_for_key (self, fits);

  if (call != NULL)
    parlo_window_activate_on (self, action, call);
  return call != NULL;
}

static gboolean
decline (ParloWindow *self)
{
  return act_on_call_for_key (self, parlo_call_is_ringing_here, "call.decline");
}

/* Escape takes back the call on the call page that nobody has answered yet:
 * it cancels one being placed and declines one ringing here. Elsewhere in the
 * window Escape is for closing what is open, and leaves calls alone. */
static gboolean
hang_up_unanswered (ParloWindow *self)
{
  ParloCall *call = parlo_call_view_get_call (self->call_view);

  if (call == NULL || !call_page_in_front (self) || !is_unanswered (call))
    return FALSE;
  parlo_window_activate_on (self, parlo_call_is_ringing_here (call) ? "call.decline" : "call.hangup", call);
  return TRUE;
}

static void
on_answer (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  act_on_call_for_key (user_data, parlo_call_is_ringing_here, "call.answer");
}

static void
on_decline (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  decline (user_data);
}

static void
on_hang_up (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  act_on_call_for_key (user_data, parlo_call_is_live, "call.hangup");
}

static void
on_hang_up_unanswered (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  hang_up_unanswered (user_data);
}

static gboolean
on_decline_key (GtkWidget *widget, GVariant *arguments, gpointer user_data)
{
  return decline (PARLO_WINDOW (widget));
}

static gboolean
on_escape_key (GtkWidget *widget, GVariant *arguments, gpointer user_data)
{
  return hang_up_unanswered (PARLO_WINDOW (widget));
}

static void
on_show_view (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->views, g_variant_get_string (parameter, NULL));
  parlo_window_show_page (self, "views");
}

static void
on_search (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->views, "recent");
  parlo_window_show_page (self, "views");
  parlo_recent_page_focus_search (self->recent_page);
}

static void
add_shortcut (GtkShortcutController *shortcuts,
              guint                  keyval,
              GdkModifierType        modifiers,
              GtkShortcutAction     *action,
              GVariant              *argument)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers), action);

  if (argument != NULL)
    gtk_shortcut_set_arguments (shortcut, argument);
  gtk_shortcut_controller_add_shortcut (shortcuts, shortcut);
}

void
parlo_window_add_call_actions (ParloWindow *self)
{
  static const GActionEntry actions[] = {
    { .name = "answer", .activate = on_answer },
    { .name = "decline", .activate = on_decline },
    { .name = "hang-up", .activate = on_hang_up },
    { .name = "hang-up-unanswered", .activate = on_hang_up_unanswered },
    { .name = "show-view", .activate = on_show_view, .parameter_type = "s" },
    { .name = "search", .activate = on_search },
  };
  static const char *views[] = { "dial", "recent", "contacts" };
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  GtkShortcutController *first = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (shortcuts, GDK_KEY_Return, GDK_CONTROL_MASK, gtk_named_action_new ("win.answer"), NULL);
  add_shortcut (shortcuts, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, gtk_named_action_new ("win.answer"), NULL);
  add_shortcut (shortcuts, GDK_KEY_e, GDK_CONTROL_MASK, gtk_named_action_new ("win.hang-up"), NULL);
  add_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, gtk_named_action_new ("win.search"), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    add_shortcut (shortcuts, GDK_KEY_1 + i, GDK_ALT_MASK, gtk_named_action_new ("win.show-view"),
                  g_variant_new_string (views[i]));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  /* Before anything in the window sees them, for a ringing call only: the
   * toasts take Escape, and GtkWindow takes Ctrl+Shift+D for its inspector.
   * With no such call, both keys go on as if Parlo had none. */
  gtk_shortcut_controller_set_scope (first, GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (first), GTK_PHASE_CAPTURE);
  add_shortcut (first, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                gtk_callback_action_new (on_decline_key, NULL, NULL), NULL);
  add_shortcut (first, GDK_KEY_Escape, 0, gtk_callback_action_new (on_escape_key, NULL, NULL), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (first));
}
