/* parlo-application.c — owns the engine and the models for the app's lifetime
 *
 * One Parlo runs per session: starting it again, a link opened from another
 * program (org.freedesktop.Application.Open, or `parlo ADDRESS`) and the
 * command line's --answer, --hangup and --quit all reach the running one. A
 * link never calls by itself unless the person asked for that: it fills in the
 * dialpad, with Call focused.
 *
 * Closing the window does not stop Parlo while it can be called through an
 * account or a call goes on: it holds itself, and the window comes back when
 * Parlo is started again or a notification is clicked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "parlo-application.h"
#include "audio/parlo-audio-sync.h"
#include "audio/parlo-echo-test.h"
#include "audio/parlo-ringer.h"
#include "engine/parlo-account-sync.h"
#include "model/parlo-history-recorder.h"
#include "model/parlo-local-account.h"
#include "model/parlo-uri.h"
#include "ui/parlo-incoming-notifier.h"
#include "ui/parlo-missed-notifier.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-registration-notifier.h"
#include "ui/parlo-window.h"

#define DEFAULT_SIP_LISTEN "0.0.0.0:5060"
#define SHUTDOWN_WAIT_US   (4 * G_USEC_PER_SEC)
/* How long a link to call at once waits for its account, as when the link
 * started Parlo: later, a call would surprise the person who clicked it. */
#define LINK_WAIT_SECONDS  10

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
  gboolean          held_in_background;  /* running without a window, to take calls */
  gboolean          background_requested;
  /* A link to call at once that came before its account could call. */
  ParloAccount     *waiting_account;
  char             *waiting_target;
  guint             waiting_timeout;
};

G_DEFINE_FINAL_TYPE (ParloApplication, parlo_application, ADW_TYPE_APPLICATION)

ParloApplication *
parlo_application_new (void)
{
  return g_object_new (PARLO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
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

/* Windows and dialogs belong to the main window, not to whichever had focus last. */
static GtkWindow *
main_window (ParloApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PARLO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static ParloWindow *
present_window (ParloApplication *self)
{
  GtkWindow *window = main_window (self);

  if (window == NULL)
    {
      window = GTK_WINDOW (parlo_window_new (GTK_APPLICATION (self), self->engine, self->accounts,
                                             self->call_model, self->call_actions, self->history));
      if (self->history_problem != NULL)
        parlo_window_show_history_problem (PARLO_WINDOW (window), self->history_problem);
    }
  gtk_window_present (window);
  return PARLO_WINDOW (window);
}

/* Whether Parlo has something to do without a window: calls to take through an
 * account, or a call going on. Direct calls alone do not count: they are on
 * unless turned off, and would keep every Parlo running for good. */
static gboolean
has_work_in_background (ParloApplication *self)
{
  GListModel *accounts = G_LIST_MODEL (self->accounts);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->call_model)) > 0)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(ParloAccount) account = g_list_model_get_item (accounts, i);

      if (!parlo_account_is_direct (account) && parlo_account_get_enabled (account))
        return TRUE;
    }
  return FALSE;
}

static void
on_background_requested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_debug ("Could not ask the background portal to let Parlo run: %s", error->message);
}

/* A sandbox may stop an app that runs without a window unless the Background
 * portal let it; outside one nothing does. So it is asked only in a sandbox,
 * once a run, and whatever it answers Parlo goes on as before. */
static void
request_background (ParloApplication *self)
{
  GDBusConnection *bus;
  GVariantBuilder options;

  if (self->background_requested || !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;
  self->background_requested = TRUE;
  bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Parlo keeps running to take calls")));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_background_requested, NULL);
}

/* Without a window, Parlo holds itself while it has work in the background and
 * the person lets it run there; otherwise it ends as GTK apps do when their
 * last window closes. */
static void
update_background (ParloApplication *self)
{
  gboolean stay;

  /* Once Parlo has quit, windows that close keep nothing running. */
  if (!g_application_get_is_registered (G_APPLICATION (self)))
    return;
  stay = main_window (self) == NULL &&
         g_settings_get_boolean (self->settings, "run-in-background") &&
         has_work_in_background (self);

  if (stay == self->held_in_background)
    return;
  self->held_in_background = stay;
  if (stay)
    {
      g_debug ("Running in the background");
      g_application_hold (G_APPLICATION (self));
      request_background (self);
    }
  else
    {
      g_application_release (G_APPLICATION (self));
    }
}

static void
dial_link (ParloApplication *self, const char *target)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "dial", g_variant_new_string (target));
}

/* The link that waits for its account waits no more: it was called, something
 * else was (as the person may have done from the dialpad), or it waited too
 * long and stays in the dialpad. */
static void
forget_waiting_link (ParloApplication *self)
{
  if (self->waiting_account != NULL)
    g_signal_handlers_disconnect_by_data (self->waiting_account, self);
  g_clear_object (&self->waiting_account);
  g_clear_pointer (&self->waiting_target, g_free);
  g_clear_handle_id (&self->waiting_timeout, g_source_remove);
}

static void
on_waiting_account_changed (ParloApplication *self)
{
  g_autofree char *target = NULL;
  gboolean can_call;

  if (parlo_account_get_registration_state (self->waiting_account) == PARLO_REGISTRATION_REGISTERING)
    return;
  can_call = parlo_account_can_call (self->waiting_account);
  target = g_steal_pointer (&self->waiting_target);
  forget_waiting_link (self);
  if (can_call)
    dial_link (self, target);
}

static gboolean
on_waiting_too_long (gpointer user_data)
{
  ParloApplication *self = user_data;

  self->waiting_timeout = 0;
  forget_waiting_link (self);
  return G_SOURCE_REMOVE;
}

/* Calls target through account once it has registered, if that is soon. */
static void
call_when_ready (ParloApplication *self, ParloAccount *account, const char *target)
{
  self->waiting_account = g_object_ref (account);
  self->waiting_target = g_strdup (target);
  self->waiting_timeout = g_timeout_add_seconds (LINK_WAIT_SECONDS, on_waiting_too_long, self);
  g_signal_connect_swapped (account, "notify::registration-state", G_CALLBACK (on_waiting_account_changed), self);
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

  /* A call that ends without a window may leave nothing to stay for. */
  g_signal_connect_object (self->call_model, "items-changed", G_CALLBACK (update_background), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::run-in-background", G_CALLBACK (update_background), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call_actions, "dialled", G_CALLBACK (forget_waiting_link), self,
                           G_CONNECT_SWAPPED);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
parlo_application_activate (GApplication *application)
{
  present_window (PARLO_APPLICATION (application));
}

/* A link from another program or the command line, as text. It is normalised
 * for the account that would place the call, and shown in the dialpad with
 * that account and Call focused, so that one key press calls it. It calls at
 * once only if the person asked for that: at once if the account can call,
 * when it can if it is still registering (the link may have started Parlo),
 * and not at all if it cannot. */
static gboolean
open_link (ParloApplication *self, const char *text, GError **error)
{
  ParloAccount *account = parlo_account_store_choose_for_call (self->accounts, NULL);
  g_autofree char *target = parlo_uri_normalize (text, account ? parlo_account_get_aor (account) : NULL, error);
  gboolean at_once = account != NULL && g_settings_get_boolean (self->settings, "links-call-immediately");
  ParloWindow *window;

  if (target == NULL)
    return FALSE;
  window = present_window (self);
  /* A newer link replaces one that waits. */
  forget_waiting_link (self);
  if (at_once && parlo_account_can_call (account))
    {
      dial_link (self, target);
      return TRUE;
    }
  parlo_window_offer_call (window, target);
  if (at_once && parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERING)
    call_when_ready (self, account, target);
  return TRUE;
}

/* org.freedesktop.Application.Open: links opened on the desktop. One call at a
 * time can be offered, so only the first is. */
static void
parlo_application_open (GApplication *application, GFile **files, int n_files, const char *hint)
{
  ParloApplication *self = PARLO_APPLICATION (application);
  g_autofree char *uri = g_file_get_uri (files[0]);
  g_autoptr(GError) error = NULL;

  if (n_files > 1)
    g_debug ("Opening the first of %d links", n_files);
  if (!open_link (self, uri, &error))
    {
      /* Translators: %s says why, as in "Addresses with “?” headers are not accepted" */
      g_autofree char *message = g_strdup_printf (_("Could not open the link: %s"), error->message);

      parlo_window_show_message (present_window (self), message);
    }
}

static gboolean
is_ringing (ParloCall *call)
{
  return parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING;
}

static gboolean
is_talking (ParloCall *call)
{
  return parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED;
}

static gboolean
is_being_placed (ParloCall *call)
{
  ParloCallState state = parlo_call_get_state (call);

  return state == PARLO_CALL_STATE_OUTGOING || state == PARLO_CALL_STATE_RINGING ||
         state == PARLO_CALL_STATE_EARLY;
}

/* The oldest live call that is, or NULL. */
static ParloCall *
find_call (ParloApplication *self, gboolean (*is) (ParloCall *call))
{
  GListModel *calls = G_LIST_MODEL (self->call_model);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      if (is (call))
        return g_steal_pointer (&call);
    }
  return NULL;
}

/* Runs one of the call actions on call; says why not when there is none. */
static int
act_on (ParloApplication *self, GApplicationCommandLine *command_line, const char *action, ParloCall *call,
        const char *no_call)
{
  if (call == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", no_call);
      return EXIT_FAILURE;
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), action,
                                  g_variant_new ("(ss)", parlo_call_get_account (call), parlo_call_get_id (call)));
  return EXIT_SUCCESS;
}

/* The command line of any `parlo`, run here in the one that runs; what it
 * prints goes to the terminal it was started from. */
static int
parlo_application_command_line (GApplication *application, GApplicationCommandLine *command_line)
{
  ParloApplication *self = PARLO_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **words = NULL;

  if (g_variant_dict_contains (options, "quit"))
    {
      g_application_quit (application);
      return EXIT_SUCCESS;
    }
  if (g_variant_dict_contains (options, "answer"))
    {
      g_autoptr(ParloCall) call = find_call (self, is_ringing);

      return act_on (self, command_line, "answer", call, _("No call is ringing"));
    }
  if (g_variant_dict_contains (options, "hangup"))
    {
      /* The call being talked in, else the one being placed; a held call waits. */
      g_autoptr(ParloCall) call = find_call (self, is_talking);

      if (call == NULL)
        call = find_call (self, is_being_placed);
      return act_on (self, command_line, "hangup", call, _("There is no call to hang up"));
    }
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &words))
    {
      /* A number is often written in several words: "+49 30 123456". */
      g_autofree char *text = g_strjoinv (" ", (char **) words);
      g_autoptr(GError) error = NULL;

      if (!open_link (self, text, &error))
        {
          /* The reason only: the text may hold what a terminal would obey. */
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return EXIT_FAILURE;
        }
      return EXIT_SUCCESS;
    }
  g_application_activate (application);
  return EXIT_SUCCESS;
}

/* Whether a Parlo runs in this session, without starting one. */
static gboolean
is_running (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

/* What this process answers by itself: the version, and what cannot work.
 * --answer, --hangup and --quit are for a Parlo that runs already: they must
 * not start one, which would register its accounts for nothing. */
static int
parlo_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  static const char *const requests[] = { "answer", "hangup", "quit", G_OPTION_REMAINING };
  guint n_requests = 0;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("Parlo %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    n_requests += g_variant_dict_contains (options, requests[i]);
  if (n_requests > 1)
    {
      g_printerr ("%s\n", _("Give only one of --answer, --hangup, --quit and an address"));
      return EXIT_FAILURE;
    }
  if (n_requests == 1 && !g_variant_dict_contains (options, G_OPTION_REMAINING) && !is_running ())
    {
      /* Nothing runs, so nothing is left to quit. */
      if (g_variant_dict_contains (options, "quit"))
        return EXIT_SUCCESS;
      g_printerr ("%s\n", _("Parlo is not running"));
      return EXIT_FAILURE;
    }
  return -1;
}

static void
parlo_application_window_added (GtkApplication *application, GtkWindow *window)
{
  GTK_APPLICATION_CLASS (parlo_application_parent_class)->window_added (application, window);
  update_background (PARLO_APPLICATION (application));
}

static void
parlo_application_window_removed (GtkApplication *application, GtkWindow *window)
{
  GTK_APPLICATION_CLASS (parlo_application_parent_class)->window_removed (application, window);
  update_background (PARLO_APPLICATION (application));
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
  forget_waiting_link (self);
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
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = parlo_application_finalize;
  app_class->startup = parlo_application_startup;
  app_class->activate = parlo_application_activate;
  app_class->open = parlo_application_open;
  app_class->command_line = parlo_application_command_line;
  app_class->handle_local_options = parlo_application_handle_local_options;
  app_class->shutdown = parlo_application_shutdown;
  gtk_app_class->window_added = parlo_application_window_added;
  gtk_app_class->window_removed = parlo_application_window_removed;
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

  static const GOptionEntry options[] = {
    { "answer", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Answer the call that is ringing"), NULL },
    { "hangup", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Hang up the call in progress"), NULL },
    { "quit", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Quit Parlo, ending its calls"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[ADDRESS]") },
    G_OPTION_ENTRY_NULL
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows Parlo; with an ADDRESS — a number, or a sip:, sips:, "
                                              "tel: or callto: link — fills it in, ready to call.\n"
                                              "--answer, --hangup and --quit act on the Parlo that runs."));
}
