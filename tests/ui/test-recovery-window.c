/* What the window says when things break, on a real engine: the engine killed
 * ("Restarting the call engine…"), an engine that cannot start because another
 * program holds its port ("Port N is in use by another program", and a Try
 * Again button that a person clicks once the port is free), and a full disk under
 * the history (calls still work; "Call history could not be saved: the disk is
 * full", gone once there is space; nothing stored before is lost).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <adwaita.h>

#include "parlo-test-input.h"
#include "parlo-test-servers.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "model/parlo-history-recorder.h"

#define PASSWORD "Port-Free-Again-4"

/* A mount namespace of this process's own, made before any thread exists, for
 * the small tmpfs; FALSE when it cannot be had (not root). */
static gboolean own_mounts;

/* The banner's label that starts with prefix, shown. */
static gboolean
banner_shows (GtkWidget *window, const char *prefix)
{
  GtkLabel *label = parlo_test_find_label_prefix (window, prefix);
  GtkWidget *revealer;

  if (label == NULL)
    return FALSE;
  revealer = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_REVEALER);
  return revealer != NULL && gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static gboolean
banner_hidden (GtkWidget *window, const char *prefix)
{
  return !banner_shows (window, prefix);
}

static void
expect_losses (guint n)
{
  for (guint i = 0; i < n; i++)
    g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
}

/* Killed, the engine comes back by itself; meanwhile the window says so. */
static void
test_engine_killed (ParloTestWindowFixture *fixture, gconstpointer data)
{
  GtkWidget *window = parlo_test_window_open (fixture, NULL, "dial");
  ParloEngine *engine = fixture->peer->engine;
  GPid pid = parlo_engine_get_process_id (engine);

  expect_losses (1);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (banner_shows (window, "Restarting the call engine"));
  g_assert_nonnull (parlo_test_find_label_prefix (window, "The engine stopped unexpectedly (killed by signal 9)"));
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RUNNING &&
                         parlo_engine_get_process_id (engine) != pid);
  PARLO_TEST_WAIT_UNTIL (banner_hidden (window, "Restarting the call engine"));
  g_test_assert_expected_messages ();
}

static GSocket *
hold_port (guint16 port)
{
  GSocket *holder = parlo_test_socket_new_in (NULL, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (holder, address, FALSE, &error));
  return holder;
}

static void
expect_failed_start (void)
{
  expect_losses (3);
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine could not start several times*");
}

/* Another program holds the SIP port: the window names it and offers Try
 * Again; clicked while the port is still taken it fails again, clicked once it
 * is free the engine runs and the account registers. */
static void
test_port_in_use (ParloTestWindowFixture *fixture, gconstpointer data)
{
  ParloEngine *engine = fixture->peer->engine;
  guint16 registrar_port = parlo_test_free_port ();
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", registrar_port);
  ParloTestRegistrar *registrar = parlo_test_registrar_start (registrar_port, "udp", "alice", PASSWORD);
  ParloTestAccountOptions options = { .address = "alice@parlo.test", .password = PASSWORD, .server = server };
  g_autoptr(ParloAccount) account = parlo_test_peer_add_account (fixture->peer, &options);
  g_autofree char *says = g_strdup_printf ("Port %u is in use by another program", fixture->peer->port);
  g_autoptr(GSocket) holder = NULL;
  GtkWidget *window, *retry;
  guint registers;
  g_autoptr(GError) error = NULL;

  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);
  parlo_engine_stop (engine);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_STOPPED);
  holder = hold_port (fixture->peer->port);
  window = parlo_test_window_open (fixture, NULL, "dial");

  expect_failed_start ();
  g_assert_true (parlo_engine_start (engine, &error));
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_FAILED);
  g_test_assert_expected_messages ();
  PARLO_TEST_WAIT_UNTIL (banner_shows (window, says));
  g_assert_true (banner_shows (window, "The call engine could not start"));
  retry = GTK_WIDGET (gtk_widget_get_ancestor (GTK_WIDGET (parlo_test_find_label (window, "Try Again")), GTK_TYPE_BUTTON));
  g_assert_nonnull (retry);

  /* Still taken: it tries, and says so again. */
  expect_failed_start ();
  parlo_test_click (retry);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) != PARLO_ENGINE_STATE_FAILED);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_FAILED);
  g_test_assert_expected_messages ();
  PARLO_TEST_WAIT_UNTIL (banner_shows (window, says));

  /* The other program is gone. */
  g_socket_close (holder, NULL);
  registers = parlo_test_registrar_count (registrar, "all");
  parlo_test_click (retry);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RUNNING);
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "all") > registers &&
                         parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);
  PARLO_TEST_WAIT_UNTIL (banner_hidden (window, "The call engine could not start"));
  g_assert_false (gtk_widget_get_visible (retry));
  parlo_test_registrar_stop (registrar);
}

/* Fills the file system of directory; the filler's path, to delete for space. */
static char *
fill_up (const char *directory)
{
  char *filler = g_build_filename (directory, "filler", NULL);
  int fd = open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  char block[4096] = { 0 };

  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < 1024 * 1024; i++)
    if (write (fd, block, sizeof block) < 0)
      break;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
  return filler;
}

/* The peer calls "me", which answers; the peer hangs up after a moment. */
static void
answered_call (ParloTestWindowFixture *fixture, ParloTestPeer *caller)
{
  g_autofree char *call_id = parlo_test_peer_dial (caller, fixture->peer);
  g_autoptr(ParloCall) out = parlo_test_peer_find_call (caller, call_id);
  g_autoptr(ParloCall) in = NULL;

  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 1);
  in = parlo_test_peer_call (fixture->peer, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (in) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (fixture->peer, in);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (out) == PARLO_CALL_STATE_ESTABLISHED);
  parlo_test_run_for (300);
  parlo_test_peer_hangup (caller, out, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 0);
}

static void
test_history_disk_full (ParloTestWindowFixture *fixture, gconstpointer data)
{
  const char *full = "Call history could not be saved: the disk is full";
  g_autofree char *mount_point = g_dir_make_tmp ("parlo-small-disk-XXXXXX", NULL);
  g_autofree char *filler = NULL;
  g_autoptr(ParloHistoryRecorder) recorder = NULL;
  ParloTestPeer *caller;
  GtkWidget *window;

  if (!own_mounts)
    {
      g_test_skip ("needs a mount namespace of its own (root)");
      return;
    }
  g_assert_cmpint (mount ("parlo-test", mount_point, "tmpfs", 0, "size=1m"), ==, 0);
  g_free (fixture->history_path);
  fixture->history_path = g_build_filename (mount_point, "history.db", NULL);
  window = parlo_test_window_open (fixture, NULL, "recent");
  recorder = parlo_history_recorder_new (fixture->history, fixture->peer->calls);
  caller = parlo_test_peer_new ("caller");

  answered_call (fixture, caller);
  g_assert_cmpuint (parlo_history_count (fixture->history, NULL, FALSE), ==, 1);

  /* Full: the call still works, and the window says that it is not kept. */
  filler = fill_up (mount_point);
  g_test_expect_message ("parlo-model", G_LOG_LEVEL_WARNING, "Call history could not be saved: the disk is full*");
  answered_call (fixture, caller);
  g_test_assert_expected_messages ();
  PARLO_TEST_WAIT_UNTIL (banner_shows (window, full));
  g_assert_cmpuint (parlo_history_count (fixture->history, NULL, FALSE), ==, 1);

  /* Space again: the next call is kept, the banner goes, the first is there. */
  g_assert_cmpint (unlink (filler), ==, 0);
  answered_call (fixture, caller);
  PARLO_TEST_WAIT_UNTIL (banner_hidden (window, full));
  g_assert_null (parlo_history_get_write_problem (fixture->history));
  g_assert_cmpuint (parlo_history_count (fixture->history, NULL, FALSE), ==, 2);

  parlo_test_peer_free (caller);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  g_clear_object (&recorder);
  g_clear_object (&fixture->history);
  g_assert_cmpint (umount (mount_point), ==, 0);
  g_assert_cmpint (rmdir (mount_point), ==, 0);
}

int
main (int argc, char *argv[])
{
  /* Mounts made here stay in this process and go with it. */
  own_mounts = unshare (CLONE_NEWNS) == 0 && mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_KEYRING);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, ParloTestWindowFixture, NULL, parlo_test_window_set_up, func, parlo_test_window_tear_down)
  ADD ("/recovery-window/engine-killed", test_engine_killed);
  ADD ("/recovery-window/port-in-use", test_port_in_use);
  ADD ("/recovery-window/history-disk-full", test_history_disk_full);
  return parlo_test_run ();
}
