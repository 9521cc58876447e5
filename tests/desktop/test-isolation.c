/* What the real program exposes on this machine: the only sockets it listens
 * on are SIP's (and RTP's during a call), its engine's directory is private and
 * holds no secret, and another local user can reach neither the engine's
 * socket nor its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parlo-test.h"
#include "parlo-test-desktop.h"
#include "parlo-test-servers.h"

#define PASSWORD  "Tr0ub4dor-and-3"
#define NOBODY_ID "65534"

/* A registrar that knows alice, her account in the settings the app reads, and
 * the real program, registered. */
typedef struct {
  GSettings          *settings;
  ParloTestRegistrar *registrar;
  ParloTestApp       *app;
  GPid                engine;
} Fixture;

/* The app's engine: its child that runs baresip. */
static GPid
engine_of (GPid app)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_name;
      int parent = 0;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      after_name = strrchr (stat, ')');
      if (after_name != NULL && sscanf (after_name, ") %*c %d", &parent) == 1 && parent == app &&
          strstr (stat, "(baresip)") != NULL)
        return (GPid) g_ascii_strtoll (name, NULL, 10);
    }
  return 0;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->settings = parlo_test_app_settings ();
  g_settings_reset (fixture->settings, "accounts");
  fixture->registrar = parlo_test_app_add_alice (fixture->settings, PASSWORD);

  fixture->app = parlo_test_app_start ();
  /* The password went from the keyring to the engine: the registrar checked it. */
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (fixture->registrar, "authorized") >= 1);
  fixture->engine = engine_of (parlo_test_app_pid (fixture->app));
  g_assert_cmpint (fixture->engine, >, 0);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->app, parlo_test_app_free);
  g_clear_pointer (&fixture->registrar, parlo_test_registrar_stop);
  g_clear_object (&fixture->settings);
}

static char *
run (const char *command_line, int *status)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_command_line_sync (command_line, &out, &err, status, &error));
  g_assert_no_error (error);
  return g_strconcat (out, err, NULL);
}

/* "proto local-address" of every socket that `ss ARGUMENTS` lists for pid. */
static GPtrArray *
sockets_of (GPid pid, const char *arguments)
{
  g_autofree char *command_line = g_strdup_printf ("ss -H -n -p %s", arguments);
  g_autofree char *users = g_strdup_printf ("pid=%d,", pid);
  g_autofree char *table = run (command_line, NULL);
  g_auto(GStrv) lines = g_strsplit (table, "\n", -1);
  GPtrArray *sockets = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;

      if (strstr (lines[i], users) == NULL)
        continue;
      columns = g_strsplit_set (lines[i], " \t", -1);
      {
        g_autoptr(GPtrArray) words = g_ptr_array_new ();

        for (guint j = 0; columns[j] != NULL; j++)
          if (*columns[j] != '\0')
            g_ptr_array_add (words, columns[j]);
        /* Netid State Recv-Q Send-Q Local Peer Process */
        g_assert_cmpuint (words->len, >=, 5);
        g_ptr_array_add (sockets, g_strdup_printf ("%s %s", (char *) words->pdata[0],
                                                   (char *) words->pdata[4]));
      }
    }
  return sockets;
}

static gboolean
has (GPtrArray *sockets, const char *socket)
{
  return g_ptr_array_find_with_equal_func (sockets, socket, g_str_equal, NULL);
}

static guint
n_listening (GPid pid)
{
  g_autoptr(GPtrArray) sockets = sockets_of (pid, "-l -t -u -x -w");

  return sockets->len;
}

static void
print_sockets (const char *what, GPtrArray *sockets)
{
  for (guint i = 0; i < sockets->len; i++)
    g_test_message ("%s: %s", what, (char *) sockets->pdata[i]);
}

/* The app listens on nothing; its engine on SIP over UDP and TCP at the port
 * it was given and TLS one above. During a call the engine adds only UDP
 * sockets (RTP and RTCP), and they are gone after it. */
static void
test_listening_sockets (Fixture *fixture, gconstpointer data)
{
  guint16 port = fixture->app->port;
  g_autofree char *udp = g_strdup_printf ("udp 127.0.0.1:%u", port);
  g_autofree char *tcp = g_strdup_printf ("tcp 127.0.0.1:%u", port);
  g_autofree char *tls = g_strdup_printf ("tcp 127.0.0.1:%u", port + 1);
  g_autoptr(GPtrArray) app_sockets = sockets_of (parlo_test_app_pid (fixture->app), "-l -t -u -x -w");
  g_autoptr(GPtrArray) idle = sockets_of (fixture->engine, "-l -t -u -x -w");
  g_autoptr(GPtrArray) in_call = NULL;
  ParloTestPeer *caller = parlo_test_peer_new ("carol");
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  print_sockets ("app", app_sockets);
  print_sockets ("engine", idle);
  g_assert_cmpuint (app_sockets->len, ==, 0);
  g_assert_cmpuint (idle->len, ==, 3);
  g_assert_true (has (idle, udp) && has (idle, tcp) && has (idle, tls));

  parlo_engine_dial_async (caller->engine, caller->aor, fixture->app->aor, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (caller->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (n_listening (fixture->engine) > 3);
  in_call = sockets_of (fixture->engine, "-l -t -u -x -w");
  print_sockets ("engine in a call", in_call);
  for (guint i = 0; i < in_call->len; i++)
    if (!has (idle, in_call->pdata[i]))
      g_assert_true (g_str_has_prefix (in_call->pdata[i], "udp "));

  parlo_test_peer_hangup (caller, parlo_call_model_find (caller->calls, caller->aor, call_id), 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (caller->calls)) == 0);
  PARLO_TEST_WAIT_UNTIL (n_listening (fixture->engine) == 3);
  parlo_test_peer_free (caller);
}

static void
assert_no_password_in_tree (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      GStatBuf info;

      g_assert_cmpint (g_lstat (path, &info), ==, 0);
      if (S_ISDIR (info.st_mode))
        assert_no_password_in_tree (path);
      else if (S_ISREG (info.st_mode) && g_file_get_contents (path, &contents, &length, NULL))
        g_assert_null (g_strstr_len (contents, length, PASSWORD));
    }
}

static char *
engine_directory (GPid engine)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", engine);
  g_autofree char *cmdline = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &cmdline, &length, NULL));
  g_assert_null (g_strstr_len (cmdline, length, PASSWORD));
  /* baresip -f DIRECTORY */
  for (const char *arg = cmdline; arg < cmdline + length; arg += strlen (arg) + 1)
    if (g_str_equal (arg, "-f"))
      return g_strdup (arg + strlen (arg) + 1);
  g_assert_not_reached ();
}

/* The engine's directory is the user's alone (0700), and neither it nor the
 * engine's command line and environment, nor any file Parlo wrote for the
 * user, holds the password, which only went over the socket. */
static void
test_engine_directory (Fixture *fixture, gconstpointer data)
{
  g_autofree char *directory = engine_directory (fixture->engine);
  g_autofree char *environ_path = g_strdup_printf ("/proc/%d/environ", fixture->engine);
  g_autofree char *environment = NULL;
  gsize length = 0;
  GStatBuf info;

  g_test_message ("engine directory %s", directory);
  g_assert_cmpint (g_stat (directory, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  g_assert_cmpint (info.st_uid, ==, getuid ());
  assert_no_password_in_tree (directory);
  g_assert_true (g_file_get_contents (environ_path, &environment, &length, NULL));
  g_assert_null (g_strstr_len (environment, length, PASSWORD));
  assert_no_password_in_tree (g_get_user_config_dir ());
  assert_no_password_in_tree (g_get_user_data_dir ());
  assert_no_password_in_tree (g_get_user_cache_dir ());
}

/* Runs shell_command as the user nobody; returns its exit status. */
static int
run_as_nobody (const char *shell_command, char **output)
{
  g_autofree char *quoted = g_shell_quote (shell_command);
  g_autofree char *command_line = g_strdup_printf ("setpriv --reuid=" NOBODY_ID " --regid=" NOBODY_ID
                                                   " --clear-groups sh -c %s", quoted);
  int status = 0;

  *output = run (command_line, &status);
  return status;
}

/* Another user of this machine finds no way in: the bridge is a socketpair
 * with no name to connect to, and the engine's descriptors and directory are
 * closed to them. */
static void
test_other_user (Fixture *fixture, gconstpointer data)
{
  g_autofree char *directory = engine_directory (fixture->engine);
  g_autoptr(GPtrArray) unix_sockets = sockets_of (fixture->engine, "-x -a");
  g_autoptr(GPtrArray) app_unix = sockets_of (parlo_test_app_pid (fixture->app), "-x -l");
  g_autofree char *fds = g_strdup_printf ("ls /proc/%d/fd", fixture->engine);
  g_autofree char *bridge = g_strdup_printf ("cat /proc/%d/fd/3 </dev/null", fixture->engine);
  g_autofree char *config = g_strdup_printf ("cat %s/config", directory);
  g_autofree char *listing = g_strdup_printf ("ls %s", directory);
  const char *attempts[] = { fds, bridge, config, listing };

  if (getuid () != 0)
    {
      g_test_skip ("Needs root to act as another user");
      return;
    }
  print_sockets ("engine unix", unix_sockets);
  g_assert_cmpuint (unix_sockets->len, >, 0);
  for (guint i = 0; i < unix_sockets->len; i++)
    g_assert_true (g_str_has_suffix (unix_sockets->pdata[i], " *"));
  g_assert_cmpuint (app_unix->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *output = NULL;
      int status = run_as_nobody (attempts[i], &output);

      g_test_message ("as nobody, %s: %s", attempts[i], output);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (output, "Permission denied"));
    }
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/isolation/listening-sockets", test_listening_sockets);
  ADD ("/isolation/engine-directory", test_engine_directory);
  ADD ("/isolation/other-user", test_other_user);

  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
