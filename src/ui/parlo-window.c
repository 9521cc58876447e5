/* parlo-window.c — the main window: Dial, Recent and Contacts views, and the call page
 *
 * The window observes the call model and the engine's state; what a person does
 * goes through the "call" actions, so it never speaks to the engine itself.
 * A new call opens the call page; when the last call ends the views return.
 *
 * Recent shows the call history through a list view, which makes rows only for
 * what is on screen, over a model that reads the store page by page: a history
 * of a million calls opens as fast as one of ten. Nothing here walks the list.
 * Missed calls nobody has seen are counted on the Recent tab, and count as seen
 * once Recent is in front in the active window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "model/parlo-contacts.h"
#include "model/parlo-history-model.h"
#include "parlo-call-row.h"
#include "parlo-call-text.h"
#include "parlo-call-view.h"
#include "parlo-contact-row.h"
#include "parlo-dialpad.h"
#include "parlo-recent-row.h"
#include "parlo-window-private.h"

/* Enough people to scroll through; the list view makes rows only for those shown. */
#define MAX_CONTACTS 500

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
on_contact_activated (ParloWindow *self, guint position)
{
  g_autoptr(ParloContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), position);

  gtk_widget_activate_action (GTK_WIDGET (self), "call.dial", "s", parlo_contact_get_uri (contact));
}

static void
on_contacts_changed (ParloWindow *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) > 0;

  gtk_stack_set_visible_child (self->contacts_stack, any ? self->contacts_page : self->contacts_empty);
}

static gboolean
history_is_empty (ParloWindow *self)
{
  return parlo_history_count (self->history, NULL, FALSE) == 0;
}

static void
allow_clearing (ParloWindow *self, gboolean allowed)
{
  GAction *clear = g_action_map_lookup_action (G_ACTION_MAP (self), "clear-history");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (clear), allowed);
}

/* The list, or why it is empty: no calls at all, or none that match. */
static void
on_recent_changed (ParloWindow *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->recent_search));
  gboolean missed_only = gtk_toggle_button_get_active (self->missed_calls_button);
  gboolean empty;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->recent)) > 0)
    {
      gtk_stack_set_visible_child (self->recent_stack, self->recent_page);
      gtk_stack_set_visible_child (self->recent_results, self->recent_scroller);
      allow_clearing (self, TRUE);
      return;
    }
  /* Only an empty list costs a second look at the store. */
  empty = (*search == '\0' && !missed_only) || history_is_empty (self);
  allow_clearing (self, !empty);
  if (empty)
    {
      /* A search left over would hide the next calls. */
      gtk_editable_set_text (GTK_EDITABLE (self->recent_search), "");
      gtk_toggle_button_set_active (self->all_calls_button, TRUE);
      gtk_stack_set_visible_child (self->recent_stack, self->recent_empty);
      return;
    }
  if (*search == '\0')
    {
      adw_status_page_set_title (self->recent_no_results, _("No Missed Calls"));
      adw_status_page_set_description (self->recent_no_results, NULL);
    }
  else
    {
      adw_status_page_set_title (self->recent_no_results, _("No Results"));
      adw_status_page_set_description (self->recent_no_results, _("No calls match this search"));
    }
  gtk_stack_set_visible_child (self->recent_stack, self->recent_page);
  gtk_stack_set_visible_child (self->recent_results, GTK_WIDGET (self->recent_no_results));
}

static void
on_recent_search_changed (ParloWindow *self)
{
  parlo_history_model_set_search (self->recent, gtk_editable_get_text (GTK_EDITABLE (self->recent_search)));
  on_recent_changed (self);
}

static void
on_recent_filter_toggled (ParloWindow *self)
{
  parlo_history_model_set_missed_only (self->recent, gtk_toggle_button_get_active (self->missed_calls_button));
  on_recent_changed (self);
}

static void
on_copy_address (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloWindow *self = user_data;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), g_variant_get_string (parameter, NULL));
  toast (self, _("Address copied"));
}

static void
on_delete_call (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlo_history_delete (self->history, g_variant_get_int64 (parameter), &error))
    {
      g_warning ("Could not delete a call from the history: %s", error->message);
      toast (self, error->message);
    }
}

static void
on_clear_history_response (AdwMessageDialog *dialog, const char *response, ParloWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "clear"))
    return;
  if (!parlo_history_clear (self->history, &error))
    {
      g_warning ("Could not clear the history: %s", error->message);
      toast (self, error->message);
    }
}

static void
on_clear_history (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloWindow *self = user_data;
  guint n_calls = parlo_history_count (self->history, NULL, FALSE);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Clear the call history?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("%u call will be deleted. This cannot be undone.",
                                            "All %u calls will be deleted. This cannot be undone.",
                                            n_calls),
                                  n_calls);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("_Clear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clear_history_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
recent_in_front (ParloWindow *self)
{
  return gtk_window_is_active (GTK_WINDOW (self)) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "views") == 0 &&
         g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "recent") == 0;
}

/* A list view makes a few hundred rows as soon as it has a model, even while its
 * page is hidden: Recent and Contacts get theirs when first shown, so that the
 * window opens as fast with a long history as with none. */
static void
bind_list_when_shown (ParloWindow *self)
{
  const char *shown = adw_view_stack_get_visible_child_name (self->views);
  GtkListView *list = NULL;
  GListModel *model = NULL;
  g_autoptr(GtkNoSelection) rows = NULL;

  if (g_strcmp0 (shown, "recent") == 0)
    {
      list = self->recent_list;
      model = G_LIST_MODEL (self->recent);
    }
  else if (g_strcmp0 (shown, "contacts") == 0)
    {
      list = self->contacts_list;
      model = G_LIST_MODEL (self->contacts);
    }
  if (list == NULL || gtk_list_view_get_model (list) != NULL)
    return;
  rows = gtk_no_selection_new (g_object_ref (model));
  gtk_list_view_set_model (list, GTK_SELECTION_MODEL (rows));
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
  AdwViewStackPage *page = adw_view_stack_get_page (self->views, GTK_WIDGET (self->recent_stack));
  guint unseen = parlo_history_get_unseen_missed (self->history);

  adw_view_stack_page_set_badge_number (page, unseen);
  adw_view_stack_page_set_needs_attention (page, unseen > 0);
  mark_missed_seen_if_shown (self);
}

static void schedule_new_day (ParloWindow *self);

/* "Today" becomes "Yesterday" at midnight: the rows on screen are made again. */
static gboolean
on_new_day (gpointer user_data)
{
  ParloWindow *self = user_data;
  GtkSelectionModel *shown = gtk_list_view_get_model (self->recent_list);
  g_autoptr(GtkSelectionModel) rows = shown != NULL ? g_object_ref (shown) : NULL;

  self->midnight_source = 0;
  if (rows != NULL)
    {
      gtk_list_view_set_model (self->recent_list, NULL);
      gtk_list_view_set_model (self->recent_list, rows);
    }
  schedule_new_day (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_new_day (ParloWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  GTimeSpan until = g_date_time_difference (tomorrow, now);

  self->midnight_source = g_timeout_add_seconds (until / G_USEC_PER_SEC + 1, on_new_day, self);
}

static void
on_history_banner_dismissed (ParloWindow *self)
{
  gtk_revealer_set_reveal_child (self->history_banner, FALSE);
}

/* The store checks the whole file after it opened, so damage can be found late. */
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
  const char *title = NULL;

  if (state == PARLO_ENGINE_STATE_RESTARTING)
    title = _("Restarting the call engine…");
  else if (state == PARLO_ENGINE_STATE_STOPPED && error != NULL)
    title = _("The call engine could not start");

  if (title != NULL)
    {
      gtk_label_set_text (self->engine_banner_title, title);
      gtk_label_set_text (self->engine_banner_detail, error ? error : "");
      /* An empty selectable label would be a Tab stop that says nothing. */
      gtk_widget_set_visible (GTK_WIDGET (self->engine_banner_detail), error != NULL);
    }
  gtk_revealer_set_reveal_child (self->engine_banner, title != NULL);
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
  g_clear_handle_id (&self->midnight_source, g_source_remove);
  g_clear_object (&self->engine);
  g_clear_object (&self->accounts);
  g_clear_object (&self->default_account);
  g_clear_object (&self->call_model);
  g_clear_object (&self->call_actions);
  g_clear_object (&self->contacts);
  g_clear_object (&self->recent);
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
  g_type_ensure (PARLO_TYPE_RECENT_ROW);
  g_type_ensure (PARLO_TYPE_CONTACT_ROW);
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
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_stack);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_empty);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_page);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_search);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, all_calls_button);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, missed_calls_button);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_results);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_scroller);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, recent_no_results);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, contacts_stack);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, contacts_empty);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, contacts_page);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner_title);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, engine_banner_detail);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, history_banner);
  gtk_widget_class_bind_template_child (widget_class, ParloWindow, history_banner_text);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_filter_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_history_banner_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_call_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
parlo_window_init (ParloWindow *self)
{
  static const GActionEntry actions[] = {
    { .name = "copy-address", .activate = on_copy_address, .parameter_type = "s" },
    { .name = "delete-call", .activate = on_delete_call, .parameter_type = "x" },
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

  self->recent = parlo_history_model_new (history);
  g_signal_connect_swapped (self->views, "notify::visible-child", G_CALLBACK (bind_list_when_shown), self);
  bind_list_when_shown (self);
  g_signal_connect_object (self->recent, "items-changed", G_CALLBACK (on_recent_changed), self, G_CONNECT_SWAPPED);
  schedule_new_day (self);
  self->contacts = parlo_contacts_new (history, MAX_CONTACTS);
  g_signal_connect_swapped (self->contacts, "items-changed", G_CALLBACK (on_contacts_changed), self);

  on_contacts_changed (self);
  g_signal_connect_object (history, "notify::unseen-missed", G_CALLBACK (on_unseen_missed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->views, "notify::visible-child", G_CALLBACK (mark_missed_seen_if_shown), self);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (mark_missed_seen_if_shown), self);
  g_signal_connect_object (history, "notify::recovery-message", G_CALLBACK (on_history_recovered), self,
                           G_CONNECT_SWAPPED);
  on_history_recovered (self);
  g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (on_engine_state), self);
  g_signal_connect_swapped (engine, "notify::last-error", G_CALLBACK (on_engine_state), self);
  /* A window opened during calls shows them at once. */
  on_calls_changed (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (call_model)));
  on_recent_changed (self);
  on_unseen_missed (self);
  on_engine_state (self);
  return self;
}
