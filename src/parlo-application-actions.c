/* parlo-application-actions.c — the app's own actions: windows, the echo test, quitting
 *
 * The actions on calls ("answer", "dial", …) are ParloCallActions', added to
 * the app as well for notifications and the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo"

#include "config.h"

#include <glib/gi18n.h>

#include "parlo-application-private.h"

static void
on_quit (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
on_show_window (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

/* From the missed-call notification. */
static void
on_show_recent (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloApplication *self = user_data;

  g_application_activate (G_APPLICATION (self));
  parlo_window_show_recent (PARLO_WINDOW (parlo_application_get_main_window (self)));
}

static void
on_preferences (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloApplication *self = user_data;

  /* Asking again brings the open one to the front. */
  if (self->preferences == NULL)
    g_set_weak_pointer (&self->preferences, parlo_preferences_window_new (parlo_application_get_main_window (self), self->accounts,
                                                                          self->audio_devices, self->settings));
  gtk_window_present (GTK_WINDOW (self->preferences));
}

static void
on_echo_test_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ParloApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = parlo_echo_test_start_finish (PARLO_ECHO_TEST (source), result, &error);

  if (uri == NULL)
    {
      g_warning ("Could not start the echo test: %s", error->message);
      return;
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), "dial-direct", g_variant_new_string (uri));
}

/* Calls the echo peer, started on first use. */
static void
on_echo_test (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloApplication *self = user_data;

  parlo_echo_test_start_async (self->echo_test, NULL, on_echo_test_started, g_object_ref (self));
}

static void
on_about (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                   "transient-for", parlo_application_get_main_window (user_data),
                                   "application-name", _("Parlo"),
                                   "application-icon", APP_ID,
                                   "version", PACKAGE_VERSION,
                                   "developer-name", _("The Parlo developers"),
                                   /* GTK's GPL 3.0 is "version 3 or later". */
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   NULL);

  gtk_window_present (about);
}

void
parlo_application_add_actions (ParloApplication *self)
{
  static const GActionEntry actions[] = {
    { .name = "quit", .activate = on_quit },
    { .name = "show-window", .activate = on_show_window },
    { .name = "show-recent", .activate = on_show_recent },
    { .name = "preferences", .activate = on_preferences },
    { .name = "about", .activate = on_about },
    { .name = "echo-test", .activate = on_echo_test },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
}
