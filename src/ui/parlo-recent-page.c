/* parlo-recent-page.c — the Recent view: the call history, searched and filtered
 *
 * The history shows through a list view, which makes rows only for what is on
 * screen, over a model that reads the store page by page: a history of a
 * million calls opens as fast as one of ten. Nothing here walks the list. A
 * list view makes a few hundred rows as soon as it has a model, even while
 * hidden, so it gets its model when the page is first shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "parlo-history-model.h"
#include "parlo-recent-page.h"
#include "parlo-recent-row.h"

struct _ParloRecentPage
{
  GtkWidget          parent_instance;

  ParloHistory      *history;
  ParloHistoryModel *calls;
  gboolean           can_clear;
  guint              midnight_source;

  GtkStack          *stack;
  GtkWidget         *empty;
  GtkWidget         *calls_page;
  GtkSearchEntry    *search;
  GtkToggleButton   *all_calls_button;
  GtkToggleButton   *missed_calls_button;
  GtkStack          *results;
  GtkWidget         *scroller;
  GtkListView       *list;
  AdwStatusPage     *no_results;
};

enum {
  PROP_0,
  PROP_CAN_CLEAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloRecentPage, parlo_recent_page, GTK_TYPE_WIDGET)

/* Says it on the window's toasts. */
static void
toast (ParloRecentPage *self, const char *text)
{
  GtkWidget *toasts = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (toasts != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toasts), adw_toast_new (text));
}

static void
set_can_clear (ParloRecentPage *self, gboolean can_clear)
{
  if (self->can_clear == can_clear)
    return;
  self->can_clear = can_clear;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CLEAR]);
}

/* The list, or why it is empty: no calls at all, or none that match. */
static void
on_calls_changed (ParloRecentPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search));
  gboolean missed_only = gtk_toggle_button_get_active (self->missed_calls_button);
  gboolean empty;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0)
    {
      gtk_stack_set_visible_child (self->stack, self->calls_page);
      gtk_stack_set_visible_child (self->results, self->scroller);
      set_can_clear (self, TRUE);
      return;
    }
  /* Only an empty list costs a second look at the store. */
  empty = (*search == '\0' && !missed_only) || parlo_history_count (self->history, NULL, FALSE) == 0;
  set_can_clear (self, !empty);
  if (empty)
    {
      /* A search left over would hide the next calls. */
      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      gtk_toggle_button_set_active (self->all_calls_button, TRUE);
      gtk_stack_set_visible_child (self->stack, self->empty);
      return;
    }
  if (*search == '\0')
    {
      adw_status_page_set_title (self->no_results, _("No Missed Calls"));
      adw_status_page_set_description (self->no_results, NULL);
    }
  else
    {
      adw_status_page_set_title (self->no_results, _("No Results"));
      adw_status_page_set_description (self->no_results, _("No calls match this search"));
    }
  gtk_stack_set_visible_child (self->stack, self->calls_page);
  gtk_stack_set_visible_child (self->results, GTK_WIDGET (self->no_results));
}

static void
on_search_changed (ParloRecentPage *self)
{
  parlo_history_model_set_search (self->calls, gtk_editable_get_text (GTK_EDITABLE (self->search)));
  on_calls_changed (self);
}

static void
on_filter_toggled (ParloRecentPage *self)
{
  parlo_history_model_set_missed_only (self->calls, gtk_toggle_button_get_active (self->missed_calls_button));
  on_calls_changed (self);
}

static void
copy_address (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
  toast (PARLO_RECENT_PAGE (widget), _("Address copied"));
}

static void
delete_call (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ParloRecentPage *self = PARLO_RECENT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!parlo_history_delete (self->history, g_variant_get_int64 (parameter), &error))
    {
      g_warning ("Could not delete a call from the history: %s", error->message);
      toast (self, error->message);
    }
}

static void
on_clear_response (AdwMessageDialog *dialog, const char *response, ParloRecentPage *self)
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

void
parlo_recent_page_ask_to_clear (ParloRecentPage *self)
{
  GtkRoot *window;
  guint n_calls;
  GtkWidget *dialog;

  g_return_if_fail (PARLO_IS_RECENT_PAGE (self));

  window = gtk_widget_get_root (GTK_WIDGET (self));
  n_calls = parlo_history_count (self->history, NULL, FALSE);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
                                   _("Clear the call history?"), NULL);
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
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clear_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void schedule_new_day (ParloRecentPage *self);

/* "Today" becomes "Yesterday" at midnight: the rows on screen are made again. */
static gboolean
on_new_day (gpointer user_data)
{
  ParloRecentPage *self = user_data;
  GtkSelectionModel *shown = gtk_list_view_get_model (self->list);
  g_autoptr(GtkSelectionModel) rows = shown != NULL ? g_object_ref (shown) : NULL;

  self->midnight_source = 0;
  if (rows != NULL)
    {
      gtk_list_view_set_model (self->list, NULL);
      gtk_list_view_set_model (self->list, rows);
    }
  schedule_new_day (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_new_day (ParloRecentPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  GTimeSpan until = g_date_time_difference (tomorrow, now);

  self->midnight_source = g_timeout_add_seconds (until / G_USEC_PER_SEC + 1, on_new_day, self);
}

/* The list gets its rows once the page is on screen. */
static void
give_list_rows (ParloRecentPage *self)
{
  g_autoptr(GtkNoSelection) rows = NULL;

  if (self->calls == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) || gtk_list_view_get_model (self->list) != NULL)
    return;
  rows = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->calls)));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (rows));
}

static void
parlo_recent_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (parlo_recent_page_parent_class)->map (widget);
  give_list_rows (PARLO_RECENT_PAGE (widget));
}

static void
parlo_recent_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloRecentPage *self = PARLO_RECENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_CLEAR:
      g_value_set_boolean (value, self->can_clear);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_recent_page_dispose (GObject *object)
{
  ParloRecentPage *self = PARLO_RECENT_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->calls);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (parlo_recent_page_parent_class)->dispose (object);
}

static void
parlo_recent_page_class_init (ParloRecentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = parlo_recent_page_get_property;
  object_class->dispose = parlo_recent_page_dispose;
  widget_class->map = parlo_recent_page_map;

  properties[PROP_CAN_CLEAR] =
    g_param_spec_boolean ("can-clear", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* For the rows' menus. */
  gtk_widget_class_install_action (widget_class, "recent.copy-address", "s", copy_address);
  gtk_widget_class_install_action (widget_class, "recent.delete-call", "x", delete_call);

  g_type_ensure (PARLO_TYPE_RECENT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-recent-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, empty);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, calls_page);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, search);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, all_calls_button);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, missed_calls_button);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, results);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, list);
  gtk_widget_class_bind_template_child (widget_class, ParloRecentPage, no_results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_toggled);
}

static void
parlo_recent_page_init (ParloRecentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
parlo_recent_page_set_history (ParloRecentPage *self, ParloHistory *history)
{
  g_return_if_fail (PARLO_IS_RECENT_PAGE (self));
  g_return_if_fail (self->history == NULL);

  self->history = g_object_ref (history);
  self->calls = parlo_history_model_new (history);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (on_calls_changed), self, G_CONNECT_SWAPPED);
  schedule_new_day (self);
  on_calls_changed (self);
  give_list_rows (self);
}


void
parlo_recent_page_focus_search (ParloRecentPage *self)
{
  g_return_if_fail (PARLO_IS_RECENT_PAGE (self));
  /* With no calls yet the page says that there are none, and has no search. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->search)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search));
}
