/* parlo-application.c — owns the engine and the models for the app's lifetime
 *
 * It makes the parts and wires them together: the engine, the models, what
 * keeps them in step, the notifiers and the window. One Parlo runs per
 * session: starting it again, a link opened from another program
 * (org.freedesktop.Application.Open, or `parlo ADDRESS`) and the command
 * line's --answer, --hangup and --quit all reach the running one. Links go to
 * ParloLinkOpener, running without a window is ParloBackgroundKeeper's, and
 * the app's actions are in parlo-application-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "parlo-application-private.h"
#include "parlo-local-account.h"

#define DEFAULT_SIP_LISTEN "0.0.0.0:5060"
#define SHUTDOWN_WAIT_US   (4 * G_USEC_PER_SEC)

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
GtkWindow *
parlo_application_get_main_window (ParloApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PARLO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static ParloWindow *
present_window (ParloApplication *self)
{
  GtkWindow *window = parlo_application_get_main_window (self);

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

static void
on_link_present (ParloApplication *self)
{
  present_window (self);
}

static void
on_link_offer (ParloApplication *self, const char *target)
{
  parlo_window_offer_call (PARLO_WINDOW (parlo_application_get_main_window (self)), target);
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
  self->call_model = parlo_call_model_new ();
  self->call_sync = parlo_call_sync_new (self->engine, self->call_model);
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

  self->background = parlo_background_keeper_new (GTK_APPLICATION (self), self->settings, self->accounts,
                                                  self->call_model);
  self->links = parlo_link_opener_new (self->accounts, self->settings, self->call_actions, G_ACTION_GROUP (self));
  g_signal_connect_object (self->links, "present", G_CALLBACK (on_link_present), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->links, "offer", G_CALLBACK (on_link_offer), self, G_CONNECT_SWAPPED);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
parlo_application_activate (GApplication *application)
{
  present_window (PARLO_APPLICATION (application));
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
  if (!parlo_link_opener_open (self->links, uri, &error))
    {
      /* Translators: %s says why, as in "Addresses with “?” headers are not accepted" */
      g_autofree char *message = g_strdup_printf (_("Could not open the link: %s"), error->message);

      parlo_window_show_message (present_window (self), message);
    }
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
      ParloCall *call = parlo_call_model_find_first (self->call_model, parlo_call_is_ringing_here);

      return act_on (self, command_line, "answer", call, _("No call is ringing"));
    }
  if (g_variant_dict_contains (options, "hangup"))
    {
      /* The call being talked in, else the one being placed; a held call waits. */
      ParloCall *call = parlo_call_model_find_first (self->call_model, parlo_call_is_talking);

      if (call == NULL)
        call = parlo_call_model_find_first (self->call_model, parlo_call_is_being_placed);
      return act_on (self, command_line, "hangup", call, _("There is no call to hang up"));
    }
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &words))
    {
      /* A number is often written in several words: "+49 30 123456". */
      g_autofree char *text = g_strjoinv (" ", (char **) words);
      g_autoptr(GError) error = NULL;

      if (!parlo_link_opener_open (self->links, text, &error))
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
  if (PARLO_APPLICATION (application)->background != NULL)
    parlo_background_keeper_update (PARLO_APPLICATION (application)->background);
}

static void
parlo_application_window_removed (GtkApplication *application, GtkWindow *window)
{
  GTK_APPLICATION_CLASS (parlo_application_parent_class)->window_removed (application, window);
  if (PARLO_APPLICATION (application)->background != NULL)
    parlo_background_keeper_update (PARLO_APPLICATION (application)->background);
}

/* Gives the engine a moment to unregister and end its calls before we exit. */
static void
parlo_application_shutdown (GApplication *application)
{
  ParloApplication *self = PARLO_APPLICATION (application);
  gint64 deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;
  g_autoptr(GError) error = NULL;

  if (self->echo_test != NULL)
    parlo_echo_test_stop (self->echo_test);
  parlo_engine_stop (self->engine);
  while (parlo_engine_get_state (self->engine) != PARLO_ENGINE_STATE_STOPPED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* After the engine: its calls' ends are written by now. */
  if (!parlo_history_checkpoint (self->history, &error))
    g_warning ("%s", error->message);

  G_APPLICATION_CLASS (parlo_application_parent_class)->shutdown (application);
}

static void
parlo_application_finalize (GObject *object)
{
  ParloApplication *self = PARLO_APPLICATION (object);

  g_clear_weak_pointer (&self->preferences);
  g_clear_object (&self->links);
  g_clear_object (&self->background);
  g_clear_object (&self->incoming);
  g_clear_object (&self->missed);
  g_clear_object (&self->registration);
  g_clear_object (&self->call_actions);
  g_clear_object (&self->ringer);
  g_clear_object (&self->echo_test);
  g_clear_object (&self->recorder);
  g_clear_object (&self->history);
  g_free (self->history_problem);
  g_clear_object (&self->call_sync);
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
parlo_application_init (ParloApplication *self)
{
  static const GOptionEntry options[] = {
    { "answer", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Answer the call that is ringing"), NULL },
    { "hangup", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Hang up the call in progress"), NULL },
    { "quit", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Quit Parlo, ending its calls"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[ADDRESS]") },
    G_OPTION_ENTRY_NULL
  };

  parlo_application_add_actions (self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows Parlo; with an ADDRESS — a number, or a sip:, sips:, "
                                              "tel: or callto: link — fills it in, ready to call.\n"
                                              "--answer, --hangup and --quit act on the Parlo that runs."));
}
