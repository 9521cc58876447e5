/* parlo-test-desktop.c — Parlo as the desktop reaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "session/parlo-local-account.h"
#include "parlo-test.h"
#include "parlo-test-desktop.h"

static const char *const link_schemes[] = { "sip", "sips", "tel", "callto" };

const char *
parlo_test_desktop_program (void)
{
  const char *program = g_getenv ("PARLO_APP");

  g_assert_nonnull (program);
  return program;
}

char *
parlo_test_desktop_home (void)
{
  static const struct { const char *variable, *name; } folders[] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_RUNTIME_DIR", "runtime" },
  };
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp ("parlo-desktop-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (home, folders[i].name, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (folders[i].variable, path, TRUE);
    }
  return home;
}

void
parlo_test_desktop_install_handler (gboolean dbus_activatable)
{
  g_autofree char *applications = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *entry_path = g_build_filename (applications, PARLO_TEST_APP_ID ".desktop", NULL);
  g_autofree char *mimeapps_path = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autoptr(GString) entry = g_string_new (NULL);
  g_autoptr(GString) mimeapps = g_string_new ("[Default Applications]\n");
  const char *update[] = { "update-desktop-database", applications, NULL };
  g_autoptr(GError) error = NULL;

  g_string_append_printf (entry, "[Desktop Entry]\nType=Application\nName=Parlo\nExec=%s %%U\n"
                                 "DBusActivatable=%s\nMimeType=",
                          parlo_test_desktop_program (), dbus_activatable ? "true" : "false");
  for (guint i = 0; i < G_N_ELEMENTS (link_schemes); i++)
    {
      g_string_append_printf (entry, "x-scheme-handler/%s;", link_schemes[i]);
      g_string_append_printf (mimeapps, "x-scheme-handler/%s=" PARLO_TEST_APP_ID ".desktop\n", link_schemes[i]);
    }
  g_string_append_c (entry, '\n');

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_file_set_contents (entry_path, entry->str, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps_path, mimeapps->str, -1, &error);
  g_assert_no_error (error);
  /* The MIME cache is how GLib finds a handler for a kind of link. */
  g_assert_cmpint (parlo_test_desktop_run (update, NULL, NULL), ==, 0);
}

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
} Finished;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Finished *finished = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &finished->out, &finished->err, &error);
  g_assert_no_error (error);
  finished->done = TRUE;
}

int
parlo_test_desktop_run (const char * const *argv, char **out, char **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Finished finished = { FALSE };

  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &finished);
  PARLO_TEST_WAIT_UNTIL (finished.done);
  g_test_message ("%s: exit %d%s%s", argv[0], g_subprocess_get_exit_status (process),
                  *finished.err ? "; " : "", finished.err);
  if (out != NULL)
    *out = g_steal_pointer (&finished.out);
  if (err != NULL)
    *err = g_steal_pointer (&finished.err);
  g_free (finished.out);
  g_free (finished.err);
  return g_subprocess_get_exit_status (process);
}

gboolean
parlo_test_desktop_app_on_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", PARLO_TEST_APP_ID),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

GPid
parlo_test_desktop_app_pid (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 pid;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetConnectionUnixProcessID", g_variant_new ("(s)", PARLO_TEST_APP_ID),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &pid);
  return (GPid) pid;
}

/* A window can close between listing the windows and reading its properties:
 * that window is simply not there any more. Any other X error fails the test. */
static int
on_x_error (Display *x_display, XErrorEvent *event)
{
  if (event->error_code == BadWindow)
    return 0;
  g_error ("X error %u (request %u)", event->error_code, event->request_code);
}

static Display *
display (void)
{
  static Display *opened;

  if (opened == NULL)
    {
      opened = XOpenDisplay (NULL);
      XSetErrorHandler (on_x_error);
    }
  g_assert_nonnull (opened);
  return opened;
}

/* The window of process pid on the screen, or None. */
static Window
shown_window (GPid pid)
{
  Atom wm_pid = XInternAtom (display (), "_NET_WM_PID", False);
  Window root, parent, *children = NULL, found = None;
  unsigned int n_children = 0;

  XSync (display (), False);
  if (!XQueryTree (display (), DefaultRootWindow (display ()), &root, &parent, &children, &n_children))
    return None;
  for (unsigned int i = 0; i < n_children && found == None; i++)
    {
      XWindowAttributes attributes;
      unsigned char *value = NULL;
      unsigned long n_items, left;
      Atom type;
      int format;

      if (!XGetWindowAttributes (display (), children[i], &attributes) || attributes.map_state != IsViewable)
        continue;
      if (XGetWindowProperty (display (), children[i], wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                              &n_items, &left, &value) == Success &&
          value != NULL && n_items == 1 && *(unsigned long *) value == (unsigned long) pid)
        found = children[i];
      if (value != NULL)
        XFree (value);
    }
  if (children != NULL)
    XFree (children);
  return found;
}

gboolean
parlo_test_desktop_window_shown (GPid pid)
{
  return shown_window (pid) != None;
}

void
parlo_test_desktop_close_window (GPid pid)
{
  XEvent event = { 0 };

  event.xclient.type = ClientMessage;
  event.xclient.window = shown_window (pid);
  event.xclient.message_type = XInternAtom (display (), "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = (long) XInternAtom (display (), "WM_DELETE_WINDOW", False);
  event.xclient.data.l[1] = CurrentTime;
  g_assert_true (event.xclient.window != None);
  XSendEvent (display (), event.xclient.window, False, NoEventMask, &event);
  XFlush (display ());
}

static char *
keyfile_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
}

GSettings *
parlo_test_app_settings (void)
{
  g_autofree char *path = keyfile_path ();
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);

  return g_settings_new_with_backend (PARLO_TEST_APP_ID, backend);
}

void
parlo_test_app_add_account (GSettings *settings, const char *address, const char *server, const char *password)
{
  g_autoptr(ParloAccountStore) store = parlo_account_store_new (settings, "sip:me@127.0.0.1");
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  g_object_set (draft, "address", address, "server", server, NULL);
  parlo_account_store_add_async (store, draft, password, NULL, parlo_test_result_ready, &result);
  g_assert_nonnull (parlo_account_store_add_finish (store, parlo_test_result_wait (&result), &error));
  g_assert_no_error (error);
}

ParloTestRegistrar *
parlo_test_app_add_alice (GSettings *settings, const char *password)
{
  guint16 port = parlo_test_free_port ();
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  ParloTestRegistrar *registrar = parlo_test_registrar_start (port, "udp", "alice", password);

  parlo_test_app_add_account (settings, "alice@parlo.test", server, password);
  return registrar;
}

/* Something listens for SIP on port: the app's engine has started. */
static gboolean
port_in_use (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_DGRAM, 0);
  gboolean in_use = bind (fd, (struct sockaddr *) &address, sizeof address) != 0 && errno == EADDRINUSE;

  close (fd);
  return in_use;
}

ParloTestApp *
parlo_test_app_start (void)
{
  ParloTestApp *app = g_new0 (ParloTestApp, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *listen = NULL;
  g_autoptr(GError) error = NULL;

  /* Whatever the test wrote is in the file before the app reads it. */
  g_settings_sync ();
  app->port = parlo_test_free_port ();
  listen = g_strdup_printf ("127.0.0.1:%u", app->port);
  app->aor = parlo_local_account_aor (g_get_user_name (), listen);
  g_subprocess_launcher_setenv (launcher, "PARLO_SIP_LISTEN", listen, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  app->process = g_subprocess_launcher_spawn (launcher, &error, parlo_test_desktop_program (), NULL);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_app_on_bus () && port_in_use (app->port));
  return app;
}

ParloCall *
parlo_test_app_try_call (ParloTestPeer *peer, const char *from, const char *to)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autofree char *call_id = NULL;
  g_autoptr(GError) error = NULL;
  ParloCall *call;

  parlo_engine_dial_async (peer->engine, from, to, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (peer->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  call = parlo_test_peer_find_account_call (peer, from, call_id);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_RINGING ||
                         parlo_call_get_state (call) == PARLO_CALL_STATE_TERMINATED);
  return call;
}

ParloCall *
parlo_test_app_ring_at (ParloTestPeer *peer, const char *from, const char *to)
{
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(ParloCall) call = parlo_test_app_try_call (peer, from, to);

      if (parlo_call_get_state (call) == PARLO_CALL_STATE_RINGING)
        return g_steal_pointer (&call);
      parlo_test_run_for (200);
    }
  g_error ("Calls from %s to %s did not ring in %d s", from, to, PARLO_TEST_TIMEOUT_SECONDS);
}

ParloCall *
parlo_test_app_ring (ParloTestPeer *peer, ParloTestApp *app)
{
  return parlo_test_app_ring_at (peer, peer->aor, app->aor);
}

GPid
parlo_test_app_pid (ParloTestApp *app)
{
  return (GPid) g_ascii_strtoll (g_subprocess_get_identifier (app->process), NULL, 10);
}

static void
on_app_ended (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

gboolean
parlo_test_app_ends (ParloTestApp *app)
{
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  gboolean ended = FALSE;

  g_subprocess_wait_async (app->process, NULL, on_app_ended, &ended);
  while (!ended && g_get_monotonic_time () < deadline)
    parlo_test_iterate ();
  if (!ended)
    {
      g_subprocess_force_exit (app->process);
      PARLO_TEST_WAIT_UNTIL (ended);
      return FALSE;
    }
  return TRUE;
}

gboolean
parlo_test_app_activate (const char *action, GVariant *parameter, GError **error)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariantBuilder) parameters = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;

  if (parameter != NULL)
    g_variant_builder_add (parameters, "v", parameter);
  reply = g_dbus_connection_call_sync (bus, PARLO_TEST_APP_ID, PARLO_TEST_APP_PATH, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, parameters, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, PARLO_TEST_TIMEOUT_SECONDS * 1000,
                                       NULL, error);
  return reply != NULL;
}

/* Quits it if it still runs, so that its own exit runs too: in the sanitized
 * build that is where its leaks are found, and a finding fails the test. One
 * that is no longer on the bus (killed by the test) is killed for good. */
void
parlo_test_app_free (ParloTestApp *app)
{
  if (g_subprocess_get_identifier (app->process) != NULL)
    {
      if (parlo_test_desktop_app_on_bus () && parlo_test_desktop_app_pid () == parlo_test_app_pid (app) &&
          parlo_test_app_activate ("quit", NULL, NULL))
        {
          if (!parlo_test_app_ends (app))
            g_error ("Parlo did not quit in %d s", PARLO_TEST_TIMEOUT_SECONDS);
          if (!g_subprocess_get_successful (app->process))
            g_error ("Parlo did not quit cleanly (status %d); what it reported is above",
                     g_subprocess_get_status (app->process));
        }
      else
        {
          g_subprocess_force_exit (app->process);
          g_subprocess_wait (app->process, NULL, NULL);
        }
    }
  g_object_unref (app->process);
  g_free (app->aor);
  g_free (app);
}
