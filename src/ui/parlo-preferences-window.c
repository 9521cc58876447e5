/* parlo-preferences-window.c — the preferences: accounts, audio, links, background
 *
 * Lists the store's accounts, one ParloAccountRow each, and opens the account
 * editor as a subpage to add an account or to change one. The store does the
 * saving; this window only shows it and hands it what the person asks for.
 * The audio devices and ringing are on a page of their own, ParloAudioPage.
 * The General page holds what links and closing the window do; its switches
 * are the settings themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "parlo-account-editor.h"
#include "parlo-account-row.h"
#include "parlo-audio-page.h"
#include "parlo-preferences-window.h"

struct _ParloPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  ParloAccountStore    *accounts;

  GtkListBox           *account_list;
  GtkSwitch            *links_call_immediately_switch;
  GtkSwitch            *run_in_background_switch;
};

G_DEFINE_FINAL_TYPE (ParloPreferencesWindow, parlo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GtkWidget *
create_account_row (gpointer item, gpointer user_data)
{
  return parlo_account_row_new (PARLO_ACCOUNT (item));
}

/* account NULL adds one. */
static void
open_editor (ParloPreferencesWindow *self, ParloAccount *account)
{
  GtkWidget *editor = parlo_account_editor_new (self->accounts, account);

  g_signal_connect_object (editor, "done", G_CALLBACK (adw_preferences_window_close_subpage), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
}

static void
on_account_activated (ParloPreferencesWindow *self, GtkListBoxRow *row)
{
  ParloAccount *account = parlo_account_row_get_account (PARLO_ACCOUNT_ROW (row));

  /* "Direct calls" has no settings to edit: its row works its switch. */
  if (!parlo_account_is_direct (account))
    open_editor (self, account);
}

static void
on_add_clicked (ParloPreferencesWindow *self)
{
  open_editor (self, NULL);
}

static void
parlo_preferences_window_dispose (GObject *object)
{
  ParloPreferencesWindow *self = PARLO_PREFERENCES_WINDOW (object);

  g_clear_object (&self->accounts);
  G_OBJECT_CLASS (parlo_preferences_window_parent_class)->dispose (object);
}

static void
parlo_preferences_window_class_init (ParloPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/parlo/Parlo/parlo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloPreferencesWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, ParloPreferencesWindow, links_call_immediately_switch);
  gtk_widget_class_bind_template_child (widget_class, ParloPreferencesWindow, run_in_background_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_account_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
parlo_preferences_window_init (ParloPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ParloPreferencesWindow *
parlo_preferences_window_new (GtkWindow *parent, ParloAccountStore *accounts, ParloAudioDevices *devices,
                              GSettings *settings)
{
  ParloPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PARLO_IS_ACCOUNT_STORE (accounts), NULL);
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (devices), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PARLO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->accounts = g_object_ref (accounts);
  gtk_list_box_bind_model (self->account_list, G_LIST_MODEL (accounts), create_account_row, NULL, NULL);
  g_settings_bind (settings, "links-call-immediately", self->links_call_immediately_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->run_in_background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (parlo_audio_page_new (devices, settings)));
  return self;
}
