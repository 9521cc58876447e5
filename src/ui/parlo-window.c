/* parlo-window.c — the main window: Dial, Recent and Contacts views, and the call page
 *
 * The window observes the call model and the engine's state; what a person does
 * goes through the "call" actions, so it never speaks to the engine itself.
 * A new call opens the call page; when the last call ends the views return.
 * Recent and Contacts are pages of their own (ParloRecentPage,
 * ParloContactsPage); the keys' actions are in parlo-window-actions.c.
 * Missed calls nobody has seen are counted on the Recent tab, and count as seen
 * once Recent is in front in the active window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-row.h"
#include "parlo-call-text.h"
#include "parlo-call-view.h"
#include "parlo-contacts-page.h"
#include "parlo-dialpad.h"
#include "parlo-recent-page.h"
#include "parlo-window-private.h"

G_DEFINE_FINAL_TYPE (ParloWindow, parlo_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (ParloWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
on_dialled (ParloWindow *self, const char *uri)
{
  parlo_dialpad_set_text (self->dialpad, "");
}

static void
on_action_failed (ParloWindow *self, const char *message)
{
  toast (self, message);
}

static GtkWidget *
create_call_row (gpointer item, gpointer user_data)
{
  return parlo_call_row_new (PARLO_CALL (item));
}

static void
on_clear_history (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloWindow *self = user_data;

  parlo_recent_page_ask_to_clear (self->recent_page);
}

static gboolean
recent_in_front (ParloWindow *self)
{
  return gtk_window_is_active (GTK_WINDOW (self)) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "views") == 0 &&
         g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "recent") == 0;
}

/* Missed calls are seen when Recent is in front of the person. */
static void
mark_missed_seen_if_shown (ParloWindow *self)
{
  if (parlo_history_get_unseen_missed (self->history) > 0 && recent_in_front (self))
    parlo_history_mark_missed_seen (self->history);
}

static void
on_unseen_missed (ParloWindow *self)
{
  AdwViewStackPage *page = adw_view_stack_get_page (self->views, GTK_WIDGET (self->recent_page));
  guint unseen = parlo_history_get_unseen_missed (self->history);

  adw_view_stack_page_set_badge_number (page, unseen);
  adw_view_stack_page_set_needs_attention (page, unseen > 0);
  mark_missed_seen_if_shown (self);
}

static void
on_history_banner_dismissed (ParloWindow *self)
{
  gtk_revealer_set_reveal_child (self->history_banner, FALSE);
}

/* The store checks the whole file after it opened, so damage can be found late. */
/* Shown while calls cannot be written, gone once they can again. */
static void
on_history_write_problem (ParloWindow *self)
{
  const char *problem = parlo_history_get_write_problem (self->history);

  if (problem != NULL)
    parlo_window_show_history_problem (self, problem);
  else if (self->showing_write_problem)
    gtk_revealer_set_reveal_child (self->history_banner, FALSE);
  self->showing_write_problem = problem != NULL;
}

static void
on_history_recovered (ParloWindow *self)
{
  const char *message = parlo_history_get_recovery_message (self->history);

  if (message != NULL)
    parlo_window_show_history_problem (self, message);
}

void
parlo_window_show_page (ParloWindow *self, const char *page)
{
  gtk_stack_set_visible_child_name (self->main_stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), g_str_equal (page, "call"));
  mark_missed_seen_if_shown (self);
}

static void
show_call (ParloWindow *self, ParloCall *call)
{
  parlo_call_view_set_call (self->call_view, call);
  parlo_window_show_page (self, "call");
}

void
parlo_window_activate_on (ParloWindow *self, const char *action, ParloCall *call)
{
  gtk_widget_activate_action (GTK_WIDGET (self), action, "(ss)",
                              parlo_call_get_account (call), parlo_call_get_id (call));
}

/* Talking to one call at a time: switching holds the one shown, resumes the other. */
static void
on_call_row_activated (ParloWindow *self, GtkListBoxRow *row)
{
  ParloCall *chosen = parlo_call_row_get_call (PARLO_CALL_ROW (row));
  ParloCall *shown = parlo_call_view_get_call (self->call_view);

  if (shown != NULL && shown != chosen && parlo_call_is_live (shown) &&
      parlo_call_get_state (shown) == PARLO_CALL_STATE_ESTABLISHED &&
      parlo_call_get_state (chosen) != PARLO_CALL_STATE_INCOMING)
    parlo_window_activate_on (self, "call.hold", shown);
  if (parlo_call_get_state (chosen) == PARLO_CALL_STATE_HELD)
    parlo_window_activate_on (self, "call.resume", chosen);
  show_call (self, chosen);
}

static void
on_back_clicked (ParloWindow *self)
{
  parlo_window_show_page (self, "views");
}

static void
on_calls_changed (ParloWindow *self, guint position, guint removed, guint added)
{
  GListModel *calls = G_LIST_MODEL (self->call_model);
  guint n_calls = g_list_model_get_n_items (calls);
  ParloCall *shown = parlo_call_view_get_call (self->call_view);

  gtk_revealer_set_reveal_child (self->calls_revealer, n_calls > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->call_switcher), n_calls > 1);

  if (added > 0)
    {
      g_autoptr(ParloCall) newest = g_list_model_get_item (calls, position + added - 1);
      show_call (self, newest);
    }
  else if (shown != NULL && !parlo_call_is_live (shown))
    {
      g_autoptr(ParloCall) next = n_calls > 0 ? g_list_model_get_item (calls, 0) : NULL;

      parlo_call_view_set_call (self->call_view, next);
      if (next == NULL)
        parlo_window_show_page (self, "views");
    }
}

static void
on_call_ended (ParloCallModel *model, ParloCall *call, ParloWindow *self)
{
  g_autofree char *peer = parlo_call_text_peer (call);
  g_autofree char *state = parlo_call_text_state (call);
  /* Translators: the peer and how the call ended, e.g. "bob@example.org: Call ended — Busy" */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), peer, state);

  toast (self, text);
}

static void
on_engine_state (ParloWindow *self)
{
  ParloEngineState state = parlo_engine_get_state (self->engine);
  const char *error = parlo_engine_get_last_error (self->engine);
  guint port = parlo_engine_get_port_in_use (self->engine);
  g_autofree char *detail = NULL;
  const char *title = NULL;

  if (state == PARLO_ENGINE_STATE_RESTARTING)
    title = _("Restarting the call engine…");
  else if ((state == PARLO_ENGINE_STATE_STOPPED && error != NULL) || state == PARLO_ENGINE_STATE_FAILED)
    title = _("The call engine could not start");

  /* What a person can act on, in place of the engine's own last words. */
  if (state == PARLO_ENGINE_STATE_FAILED && port != 0)
    detail = g_strdup_printf (_("Port %u is in use by another program. Close that program, then try again."), port);
  else
    detail = g_strdup (error);

  if (title != NULL)
    {
      gtk_label_set_text (self->engine_banner_title, title);
      gtk_label_set_text (self->engine_banner_detail, detail ? detail : "");
      /* An empty selectable label would be a Tab stop that says nothing. */
      gtk_widget_set_visible (GTK_WIDGET (self->engine_banner_detail), detail != NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->engine_retry_button), state == PARLO_ENGINE_STATE_FAILED);
  gtk_revealer_set_reveal_child (self->engine_banner, title != NULL);
}

static void
on_engine_retry (ParloWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!parlo_engine_start (self->engine, &error))
    g_warning ("Could not start the engine: %s", error->message);
}

/* Start-up is measured to the first frame on screen (./dev bench reads this). */
static void
on_first_frame (GdkFrameClock *clock, ParloWindow *self)
{
  g_debug ("First frame presented at %" G_GINT64_FORMAT " µs (monotonic)", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, self);
}

static void
parlo_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (parlo_window_parent_class)->map (widget);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (on_first_frame), widget, 0);
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
  if (self->default_account != NULL)
    g_signal_handlers_disconnect_by_data (self->default_account, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->accounts);
  g_clear_object (&self->default_account);
  g_clear_object (&self->call_model);
  g_clear_object (&self->call_actions);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (parlo_window_parent_class)->dispose (object);
}

static void
parlo_window_class_init (ParloWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_window_dispose;
  widget_class->map = parlo_window_map;

  g_type_ensure (PARLO_TYPE_DIALPAD);
  g_type_ensure (PARLO_TYPE_CALL_VIEW);
  g_type_ensure (PARLO_TYPE_RECENT_PAGE);
  g_type_ensure (PARLO_TYPE_CONTACTS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, call_switcher);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, call_view);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, views);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, dialpad);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, own_address);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, calls_revealer);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, call_list);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_page);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, contacts_page);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner_title);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner_detail);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_engine_retry);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, history_banner);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, history_banner_text);
  gtk_widget_class_bind_template_callback (widget_class, on_history_banner_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, on_call_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
parlo_window_init (ParloWindow *self)
{
  static const GActionEntry actions[] = {
    { .name = "clear-history", .activate = on_clear_history },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  parlo_window_add_call_actions (self);
}

/* Under the dialpad: how the account calls go through stands. */
static void
on_default_account_changed (ParloWindow *self)
{
  ParloAccount *account = parlo_account_store_get_default (self->accounts);
  g_autofree char *text = NULL;

  if (self->default_account != NULL)
    g_signal_handlers_disconnect_by_data (self->default_account, self);
  g_set_object (&self->default_account, account);
  if (account == NULL)
    {
      gtk_label_set_text (self->own_address, _("Every account is turned off"));
      return;
    }
  g_signal_connect_object (account, "notify::status", G_CALLBACK (on_default_account_changed), self,
                           G_CONNECT_SWAPPED);
  if (parlo_account_is_direct (account))
    text = g_strdup (parlo_account_get_status (account));
  else
    /* Translators: an account's name, then how it stands, as in "alice@example.org: Registered" */
    text = g_strdup_printf (_("%s: %s"), parlo_account_get_title (account), parlo_account_get_status (account));
  gtk_label_set_text (self->own_address, text);
}

/* Something about the call history a person must know, such as a damaged
 * file moved aside; it stays until they dismiss it. */
void
parlo_window_show_history_problem (ParloWindow *self, const char *message)
{
  g_return_if_fail (PARLO_IS_WINDOW (self));
  gtk_label_set_text (self->history_banner_text, message);
  gtk_revealer_set_reveal_child (self->history_banner, TRUE);
}

/* A number or address from a link: the dialpad in front with it filled in and
 * Call focused, so that one key press calls it and nothing calls by itself. */
void
parlo_window_offer_call (ParloWindow *self, const char *target)
{
  g_return_if_fail (PARLO_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->views, "dial");
  parlo_window_show_page (self, "views");
  parlo_dialpad_offer (self->dialpad, target);
}

/* Something that went wrong out of sight, such as a link that cannot be called. */
void
parlo_window_show_message (ParloWindow *self, const char *message)
{
  g_return_if_fail (PARLO_IS_WINDOW (self));
  toast (self, message);
}

void
parlo_window_show_recent (ParloWindow *self)
{
  g_return_if_fail (PARLO_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->views, "recent");
  parlo_window_show_page (self, "views");
}

ParloWindow *
parlo_window_new (GtkApplication    *application,
                  ParloEngine       *engine,
                  ParloAccountStore *accounts,
                  ParloCallModel    *call_model,
                  ParloCallActions  *call_actions,
                  ParloHistory      *history)
{
  ParloWindow *self = g_object_new (PARLO_TYPE_WINDOW, "application", application, NULL);
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();

  self->engine = g_object_ref (engine);
  self->accounts = g_object_ref (accounts);
  self->call_model = g_object_ref (call_model);
  self->call_actions = g_object_ref (call_actions);
  self->history = g_object_ref (history);
  parlo_call_actions_add_to (call_actions, G_ACTION_MAP (actions));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "call", G_ACTION_GROUP (actions));
  g_signal_connect_swapped (call_actions, "dialled", G_CALLBACK (on_dialled), self);
  g_signal_connect_swapped (call_actions, "failed", G_CALLBACK (on_action_failed), self);

  parlo_dialpad_set_accounts (self->dialpad, accounts);
  parlo_dialpad_set_history (self->dialpad, history);
  parlo_call_view_set_accounts (self->call_view, accounts);
  g_signal_connect_object (accounts, "notify::default-account", G_CALLBACK (on_default_account_changed),
                           self, G_CONNECT_SWAPPED);
  on_default_account_changed (self);

  gtk_list_box_bind_model (self->call_list, G_LIST_MODEL (call_model), create_call_row, NULL, NULL);
  gtk_list_box_bind_model (self->call_switcher, G_LIST_MODEL (call_model), create_call_row, NULL, NULL);
  g_signal_connect_swapped (call_model, "items-changed", G_CALLBACK (on_calls_changed), self);
  g_signal_connect (call_model, "call-ended", G_CALLBACK (on_call_ended), self);

  parlo_recent_page_set_history (self->recent_page, history);
  g_object_bind_property (self->recent_page, "can-clear",
                          g_action_map_lookup_action (G_ACTION_MAP (self), "clear-history"), "enabled",
                          G_BINDING_SYNC_CREATE);
  parlo_contacts_page_set_history (self->contacts_page, history);
  g_signal_connect_object (history, "notify::unseen-missed", G_CALLBACK (on_unseen_missed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->views, "notify::visible-child", G_CALLBACK (mark_missed_seen_if_shown), self);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (mark_missed_seen_if_shown), self);
  g_signal_connect_object (history, "notify::recovery-message", G_CALLBACK (on_history_recovered), self,
                           G_CONNECT_SWAPPED);
  on_history_recovered (self);
  g_signal_connect_object (history, "notify::write-problem", G_CALLBACK (on_history_write_problem), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (on_engine_state), self);
  g_signal_connect_swapped (engine, "notify::last-error", G_CALLBACK (on_engine_state), self);
  g_signal_connect_swapped (engine, "notify::port-in-use", G_CALLBACK (on_engine_state), self);
  /* A window opened during calls shows them at once. */
  on_calls_changed (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (call_model)));
  on_unseen_missed (self);
  on_engine_state (self);
  return self;
}
