/* parlo-application.c — owns the engine and the models for the app's lifetime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo"

#include "config.h"

#include <glib/gi18n.h>

#include "parlo-application.h"
#include "audio/parlo-audio-sync.h"
#include "audio/parlo-echo-test.h"
#include "audio/parlo-ringer.h"
#include "engine/parlo-account-sync.h"
#include "model/parlo-history-recorder.h"
#include "model/parlo-local-account.h"
#include "ui/parlo-incoming-notifier.h"
#include "ui/parlo-missed-notifier.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-registration-notifier.h"
#include "ui/parlo-window.h"

#define DEFAULT_SIP_LISTEN "0.0.0.0:5060"
#define SHUTDOWN_WAIT_US   (4 * G_USEC_PER_SEC)

struct _ParloApplication
{
  AdwApplication  parent_instance;

  GSettings        *settings;
  ParloAudioDevices *audio_devices;
  ParloAudioSync   *audio_sync;
  ParloRinger      *ringer;
  ParloEchoTest    *echo_test;
  ParloEngine      *engine;
  ParloAccountStore *accounts;
  ParloAccountSync *account_sync;
  ParloCallModel   *call_model;
  ParloCallActions *call_actions;
  ParloHistory     *history;
  ParloHistoryRecorder *recorder;
  char             *history_problem;   /* why calls of this run are not kept, or NULL */
  ParloIncomingNotifier *incoming;
  ParloMissedNotifier *missed;
  ParloRegistrationNotifier *registration;
  ParloPreferencesWindow *preferences;   /* weak: one at a time */
};

G_DEFINE_FINAL_TYPE (ParloApplication, parlo_application, ADW_TYPE_APPLICATION)

ParloApplication *
parlo_application_new (void)
{
  return g_object_new (PARLO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/parlo/Parlo",
                       NULL);
}

/* The accounts, with "Direct calls" reachable at the listening address. */
static ParloAccountStore *
load_accounts (GSettings *settings, const char *listen_address)
{
  g_autofree char *direct_aor = parlo_local_account_aor (g_get_user_name (), listen_address);
  ParloAccountStore *accounts = parlo_account_store_new (settings, direct_aor);
  const char *real_name = g_get_real_name ();

  /* GLib says "Unknown" when the system has no name for the user. */
  if (!g_str_equal (real_name, "Unknown"))
    g_object_set (parlo_account_store_get_direct (accounts), "display-name", real_name, NULL);
  return accounts;
}

/* The history file, or one in memory when the file cannot be used: calls must
 * still be shown, even if this run's are not kept. */
static void
open_history (ParloApplication *self)
{
  g_autofree char *path = parlo_history_default_path ();
  g_autoptr(GError) error = NULL;

  self->history = parlo_history_open (path, &error);
  if (self->history != NULL)
    return;
  g_warning ("Could not open the call history %s: %s", path, error->message);
  self->history_problem = g_strdup_printf (_("The call history could not be opened: %s; "
                                             "calls of this session will not be kept."),
                                           error->message);
  g_clear_error (&error);
  self->history = parlo_history_open (":memory:", &error);
  if (self->history == NULL)
    g_error ("Could not keep a call history in memory: %s", error->message);
}

static void
parlo_application_startup (GApplication *application)
{
  ParloApplication *self = PARLO_APPLICATION (application);
  g_autoptr(ParloEngineConfig) config = parlo_engine_config_new ();
  g_autoptr(GError) error = NULL;
  /* Lets tests and a second instance on one machine use another port. */
  const char *listen_address = g_getenv ("PARLO_SIP_LISTEN");
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (parlo_application_parent_class)->startup (application);

  if (listen_address == NULL || *listen_address == '\0')
    listen_address = DEFAULT_SIP_LISTEN;
  parlo_engine_config_set_listen_address (config, listen_address);

  self->settings = g_settings_new (APP_ID);
  self->audio_devices = parlo_audio_devices_new ();
  self->engine = parlo_engine_new (config);
  /* Before the engine starts, so that it starts with the chosen devices. */
  self->audio_sync = parlo_audio_sync_new (self->engine, config, self->settings, self->audio_devices);
  self->accounts = load_accounts (self->settings, listen_address);
  self->call_model = parlo_call_model_new (self->engine);
  open_history (self);
  self->recorder = parlo_history_recorder_new (self->history, self->call_model);
  self->ringer = parlo_ringer_new (self->engine, self->call_model, self->settings);
  self->echo_test = parlo_echo_test_new (self->engine, self->call_model);
  self->call_actions = parlo_call_actions_new (self->engine, self->call_model, self->accounts);
  /* As app actions too, for notifications and the command line. */
  parlo_call_actions_add_to (self->call_actions, G_ACTION_MAP (self));
  self->incoming = parlo_incoming_notifier_new (GTK_APPLICATION (self), self->call_model);
  self->missed = parlo_missed_notifier_new (GTK_APPLICATION (self), self->history);
  self->registration = parlo_registration_notifier_new (GTK_APPLICATION (self), self->accounts);
  if (!parlo_engine_start (self->engine, &error))
    g_warning ("Could not start the engine: %s", error->message);
  self->account_sync = parlo_account_sync_new (self->engine, self->accounts);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

/* Windows and dialogs belong to the main window, not to whichever had focus last. */
static GtkWindow *
main_window (ParloApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PARLO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
parlo_application_activate (GApplication *application)
{
  ParloApplication *self = PARLO_APPLICATION (application);
  GtkWindow *window = main_window (self);

  if (window == NULL)
    {
      window = GTK_WINDOW (parlo_window_new (GTK_APPLICATION (self), self->engine, self->accounts,
                                             self->call_model, self->call_actions, self->history));
      if (self->history_problem != NULL)
        parlo_window_show_history_problem (PARLO_WINDOW (window), self->history_problem);
    }
  gtk_window_present (window);
}

/* Gives the engine a moment to unregister and end its calls before we exit. */
static void
parlo_application_shutdown (GApplication *application)
{
  ParloApplication *self = PARLO_APPLICATION (application);
  gint64 deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;

  if (self->echo_test != NULL)
    parlo_echo_test_stop (self->echo_test);
  parlo_engine_stop (self->engine);
  while (parlo_engine_get_state (self->engine) != PARLO_ENGINE_STATE_STOPPED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  G_APPLICATION_CLASS (parlo_application_parent_class)->shutdown (application);
}

static void
parlo_application_finalize (GObject *object)
{
  ParloApplication *self = PARLO_APPLICATION (object);

  g_clear_weak_pointer (&self->preferences);
  g_clear_object (&self->incoming);
  g_clear_object (&self->missed);
  g_clear_object (&self->registration);
  g_clear_object (&self->call_actions);
  g_clear_object (&self->ringer);
  g_clear_object (&self->echo_test);
  g_clear_object (&self->recorder);
  g_clear_object (&self->history);
  g_free (self->history_problem);
  g_clear_object (&self->call_model);
  g_clear_object (&self->account_sync);
  g_clear_object (&self->accounts);
  g_clear_object (&self->audio_sync);
  g_clear_object (&self->engine);
  g_clear_object (&self->audio_devices);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (parlo_application_parent_class)->finalize (object);
}

static void
parlo_application_class_init (ParloApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = parlo_application_finalize;
  app_class->startup = parlo_application_startup;
  app_class->activate = parlo_application_activate;
  app_class->shutdown = parlo_application_shutdown;
}

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
  parlo_window_show_recent (PARLO_WINDOW (main_window (self)));
}

static void
on_preferences (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloApplication *self = user_data;

  /* Asking again brings the open one to the front. */
  if (self->preferences == NULL)
    g_set_weak_pointer (&self->preferences, parlo_preferences_window_new (main_window (self), self->accounts,
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
                                   "transient-for", main_window (user_data),
                                   "application-name", _("Parlo"),
                                   "application-icon", APP_ID,
                                   "version", PACKAGE_VERSION,
                                   "developer-name", _("The Parlo developers"),
                                   /* GTK's GPL 3.0 is "version 3 or later". */
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   NULL);

  gtk_window_present (about);
}

static void
parlo_application_init (ParloApplication *self)
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
