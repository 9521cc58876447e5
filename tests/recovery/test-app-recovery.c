/* The real program's end, as the people around it see it: killed during a call,
 * its engine does not stay behind (the peer gets a BYE and no baresip is left:
 * the bridge module stops baresip when its socket reaches its end, which the
 * kernel brings about when it closes the dead app's files);
 * asked to quit after calls, its history.db alone, copied as a backup would be
 * without the write-ahead log beside it, has every call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>

#include "parlo-test.h"
#include "parlo-test-desktop.h"

#define N_CALLS 3

static int
run_parlo (const char *argument)
{
  const char *argv[] = { parlo_test_desktop_program (), argument, NULL };

  return parlo_test_desktop_run (argv, NULL, NULL);
}

static ParloCall *
answered_call (ParloTestPeer *peer, ParloTestApp *app)
{
  ParloCall *call = parlo_test_app_ring (peer, app);

  g_assert_cmpint (run_parlo ("--answer"), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  return call;
}

/* The app's baresip: its one child process. */
static GPid
engine_of (GPid app)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", app, app);
  g_autofree char *children = NULL;

  g_assert_true (g_file_get_contents (path, &children, NULL, NULL));
  g_assert_cmpstr (children, !=, "");
  return (GPid) g_ascii_strtoll (children, NULL, 10);
}

/* Gone, or a zombie that only waits for init to reap it. */
static gboolean
has_ended (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  state = strrchr (stat, ')');
  return state != NULL && state[2] == 'Z';
}

static void
test_killed_during_call (void)
{
  ParloTestPeer *peer = parlo_test_peer_new ("peer");
  ParloTestApp *app = parlo_test_app_start ();
  g_autoptr(ParloCall) call = answered_call (peer, app);
  GPid engine = engine_of (parlo_test_app_pid (app));
  g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", engine);
  g_autofree char *comm = NULL;
  gint64 killed, deadline;

  g_assert_true (g_file_get_contents (comm_path, &comm, NULL, NULL));
  g_assert_cmpstr (g_strstrip (comm), ==, "baresip");

  /* The module gives baresip 0.5 s to end its calls; ending a call joins
   * baresip's PulseAudio recorder thread after its blocking read, which took
   * about 2 s on the test's null-sink monitor. */
  killed = g_get_monotonic_time ();
  deadline = killed + 3 * G_USEC_PER_SEC;
  g_assert_cmpint (kill (parlo_test_app_pid (app), SIGKILL), ==, 0);
  while (!has_ended (engine))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      parlo_test_iterate ();
    }
  g_test_message ("the engine ended %" G_GINT64_FORMAT " ms after the app was killed",
                  (g_get_monotonic_time () - killed) / 1000);

  /* It hung up on its way out: the peer got a BYE, not a silence. */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_TERMINATED);
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_HANGUP_REMOTE);
  g_assert_cmpint (g_get_monotonic_time (), <, deadline);

  parlo_test_app_free (app);
  parlo_test_peer_free (peer);
}

static int
count_calls (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM calls", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_quit_checkpoints (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "parlo", "history.db", NULL);
  g_autofree char *history_dir = g_path_get_dirname (path);
  ParloTestPeer *peer = NULL;
  ParloTestApp *app = NULL;
  g_autofree char *backup_dir = g_dir_make_tmp ("parlo-backup-XXXXXX", NULL);
  g_autofree char *backup = g_build_filename (backup_dir, "history.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  /* Only this test's calls. */
  parlo_test_remove_tree (history_dir);
  peer = parlo_test_peer_new ("peer");
  app = parlo_test_app_start ();
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr(ParloCall) call = answered_call (peer, app);

      parlo_test_peer_hangup (peer, call, 0);
      PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (peer->calls)) == 0);
    }
  g_assert_cmpint (run_parlo ("--quit"), ==, 0);
  g_assert_true (parlo_test_app_ends (app));

  /* The file alone, as a backup of it would be. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (backup, contents, length, NULL));
  g_assert_cmpint (count_calls (backup), ==, N_CALLS);
  /* Nothing is left only in the log. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *wal_contents = NULL;
      gsize wal_length = 0;

      g_assert_true (g_file_get_contents (wal, &wal_contents, &wal_length, NULL));
      g_assert_cmpuint (wal_length, ==, 0);
    }

  parlo_test_app_free (app);
  parlo_test_peer_free (peer);
  parlo_test_remove_tree (backup_dir);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);
  g_test_add_func ("/app-recovery/killed-during-call", test_killed_during_call);
  g_test_add_func ("/app-recovery/quit-checkpoints-history", test_quit_checkpoints);
  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
