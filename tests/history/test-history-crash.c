/* The call history survives crashes: the real app killed in the middle of a
 * call, and a writer killed at random moments of a long run of writes. After
 * each, the file is sound and holds every call that was written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "model/parlo-call-private.h"
#include "session/parlo-local-account.h"
#include "parlo-test.h"
#include "parlo-test-history.h"

#define APP_ID "io.github.parlo.Parlo"
#define APP_PATH "/io/github/parlo/Parlo"
#define WRITER_OPTION "--write-history"
#define WRITER_ACCOUNT "sip:writer@127.0.0.1"
#define N_RECORDS 10000
#define N_KILLS 10
/* About 400 bytes a call in the file, and sqlite's default of 1000 pages
 * before the log is folded back: well under this. */
#define MAX_BYTES_ON_DISK (32 * 1000 * 1000)
/* Times in the history are taken a moment after or before the test sees the event. */
#define SLACK_US G_USEC_PER_SEC
/* The app notes this often that a live call goes on: the end a crash leaves. */
#define TOUCH_US (5 * G_USEC_PER_SEC)
/* How long the call lasts before the app is killed: long enough that an end
 * time left by a touch is told from one left by the answer. */
#define TALK_US (TOUCH_US + 3 * G_USEC_PER_SEC)

/* The writer: a separate process, so that it can be killed at any moment */

/* Call n of the writer, ended in one of four ways. */
static ParloHistoryResult
writer_result (guint n)
{
  static const ParloHistoryResult results[] = {
    PARLO_HISTORY_RESULT_ANSWERED, PARLO_HISTORY_RESULT_MISSED,
    PARLO_HISTORY_RESULT_BUSY, PARLO_HISTORY_RESULT_FAILED,
  };
  return results[n % G_N_ELEMENTS (results)];
}

static ParloCallDirection
writer_direction (guint n)
{
  return writer_result (n) == PARLO_HISTORY_RESULT_MISSED ? PARLO_CALL_DIRECTION_INCOMING
                                                          : PARLO_CALL_DIRECTION_OUTGOING;
}

static char *
writer_peer (guint n)
{
  return g_strdup_printf ("sip:peer-%u@example.org", n);
}

static void
end_writer_call (ParloCall *call, guint n)
{
  switch (writer_result (n))
    {
    case PARLO_HISTORY_RESULT_ANSWERED:
      parlo_call_set_state (call, PARLO_CALL_STATE_ESTABLISHED);
      parlo_call_end (call, PARLO_CALL_END_HANGUP_REMOTE, 0, NULL);
      break;
    case PARLO_HISTORY_RESULT_MISSED:
      parlo_call_end (call, PARLO_CALL_END_CANCELLED, 0, NULL);
      break;
    case PARLO_HISTORY_RESULT_BUSY:
      parlo_call_end (call, PARLO_CALL_END_BUSY, 486, "Busy Here");
      break;
    default:
      parlo_call_end (call, PARLO_CALL_END_FAILED, 503, "Service Unavailable");
      break;
    }
}

/* Writes calls first … N_RECORDS - 1 one at a time, as the recorder does: added
 * when they start, updated when they end. Each line it prints is a promise that
 * the write before it returned: "added N ID", "ended N ID". */
static int
write_history (const char *path, guint first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloHistory) history = parlo_history_open (path, &error);

  if (history == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint n = first; n < N_RECORDS; n++)
    {
      g_autofree char *call_id = g_strdup_printf ("call-%u", n);
      g_autofree char *peer = writer_peer (n);
      g_autofree char *name = g_strdup_printf ("Peer %u", n);
      g_autoptr(ParloCall) call = parlo_call_new (call_id, WRITER_ACCOUNT, writer_direction (n), peer, name);
      gint64 id = parlo_test_history_add (history, call, &error);

      if (id <= 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("added %u %" G_GINT64_FORMAT "\n", n, id);
      fflush (stdout);
      end_writer_call (call, n);
      if (!parlo_test_history_update (history, id, call, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("ended %u %" G_GINT64_FORMAT "\n", n, id);
      fflush (stdout);
    }
  return 0;
}

/* What the writer promised, over all its runs. */
typedef struct {
  gint64   ids[N_RECORDS];   /* 0: not added */
  gboolean ended[N_RECORDS];
  guint    n_added;
  GString *pending;          /* a line not complete yet */
} Promises;

static void
take_output (Promises *promises, const char *data, gsize length)
{
  char *newline;

  g_string_append_len (promises->pending, data, length);
  while ((newline = strchr (promises->pending->str, '\n')) != NULL)
    {
      char what[8];
      guint n;
      gint64 id;

      *newline = '\0';
      g_assert_cmpint (sscanf (promises->pending->str, "%7s %u %" G_GINT64_FORMAT, what, &n, &id), ==, 3);
      g_assert_cmpuint (n, <, N_RECORDS);
      g_assert_cmpint (id, >, 0);
      if (g_str_equal (what, "added"))
        {
          g_assert_cmpint (promises->ids[n], ==, 0);
          g_assert_cmpuint (n, ==, promises->n_added);
          promises->ids[n] = id;
          promises->n_added++;
        }
      else
        {
          g_assert_cmpstr (what, ==, "ended");
          g_assert_cmpint (promises->ids[n], ==, id);
          promises->ended[n] = TRUE;
        }
      g_string_erase (promises->pending, 0, newline - promises->pending->str + 1);
    }
}

/* Reads what the writer prints until it promised call until_added - 1 (0: until
 * it closes its output) or until deadline (monotonic µs); FALSE at the end of
 * its output. */
static gboolean
read_output (Promises *promises, int fd, guint until_added, gint64 deadline)
{
  while (until_added == 0 || promises->n_added < until_added)
    {
      struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
      gint64 left = deadline - g_get_monotonic_time ();
      char buffer[4096];
      gssize length;
      int ready;

      if (left <= 0)
        g_error ("The writer promised %u calls, not %u", promises->n_added, until_added);
      ready = poll (&poll_fd, 1, (int) MAX (left / 1000, 1));
      if (ready < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (ready, >=, 0);
      if (ready == 0)
        continue;
      length = read (fd, buffer, sizeof buffer);
      if (length < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (length, >=, 0);
      if (length == 0)
        return FALSE;
      take_output (promises, buffer, length);
    }
  return TRUE;
}

static goffset
file_size (const char *path)
{
  GStatBuf buffer;

  return g_stat (path, &buffer) == 0 ? buffer.st_size : 0;
}

static gboolean
is_checked (ParloHistory *history)
{
  gboolean checked;

  g_object_get (history, "checked", &checked, NULL);
  return checked;
}

/* Opens the file as the next run of Parlo does, and waits for the full check
 * Parlo makes after opening: it found nothing to move aside. */
static ParloHistory *
open_checked (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloHistory) history = parlo_history_open (path, &error);

  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (is_checked (history));
  g_assert_null (parlo_history_get_recovery_message (history));
  return g_steal_pointer (&history);
}

static int
compare_uint (gconstpointer a, gconstpointer b)
{
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

static GSubprocess *
start_writer (const char *path, guint first)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *first_text = g_strdup_printf ("%u", first);
  g_autoptr(GError) error = NULL;
  GSubprocess *writer;

  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  writer = g_subprocess_launcher_spawn (launcher, &error, "/proc/self/exe", WRITER_OPTION, path,
                                        first_text, NULL);
  g_assert_no_error (error);
  return writer;
}

static int
stdout_of (GSubprocess *process)
{
  return g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (process)));
}

/* Runs writers on the file at path, each going on where the last one stopped;
 * all but the last are killed at random moments spread over the run. */
static void
run_killed_writers (const char *path, Promises *promises)
{
  g_autoptr(GError) error = NULL;
  guint kill_at[N_KILLS];
  gint64 started = g_get_monotonic_time ();

  /* Where the kills fall: spread over the whole run, in order. */
  for (guint i = 0; i < N_KILLS; i++)
    kill_at[i] = g_test_rand_int_range (1, N_RECORDS - 100);
  qsort (kill_at, N_KILLS, sizeof kill_at[0], compare_uint);

  for (guint round = 0; round <= N_KILLS; round++)
    {
      g_autoptr(GSubprocess) writer = start_writer (path, promises->n_added);
      int fd = stdout_of (writer);
      gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

      if (round < N_KILLS)
        {
          /* Once it got that far, at a random moment within the next call or
           * two: inside a write, between the two writes of a call, or between
           * calls. */
          read_output (promises, fd, MAX (kill_at[round], promises->n_added + 1), deadline);
          g_usleep (g_test_rand_int_range (0, 2000));
          g_subprocess_send_signal (writer, SIGKILL);
        }
      /* Whatever it printed before it died is in the pipe still. */
      read_output (promises, fd, 0, deadline);
      g_subprocess_wait (writer, NULL, &error);
      g_assert_no_error (error);
      if (round < N_KILLS)
        {
          g_assert_true (g_subprocess_get_if_signaled (writer));
          g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
          g_test_message ("killed after call %u was %s", promises->n_added - 1,
                          promises->ended[promises->n_added - 1] ? "ended" : "added");
        }
      else
        {
          g_assert_true (g_subprocess_get_successful (writer));
        }
      g_assert_cmpuint (promises->pending->len, ==, 0);
    }
  g_assert_cmpuint (promises->n_added, ==, N_RECORDS);
  g_test_message ("10 000 calls written in %.1f s", (g_get_monotonic_time () - started) / 1e6);
}

/* Every entry of history by its id (a gint64 *), each once. */
static GHashTable *
entries_by_id (ParloHistory *history)
{
  g_autoptr(GPtrArray) entries = parlo_history_fetch (history, NULL, FALSE, 0, 2 * N_RECORDS);
  GHashTable *by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  g_assert_cmpuint (entries->len, >=, N_RECORDS);
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      ParloHistoryEntry *entry = g_ptr_array_index (entries, i);
      gint64 *id = g_new (gint64, 1);

      *id = parlo_history_entry_get_id (entry);
      g_assert_false (g_hash_table_contains (by_id, id));
      g_hash_table_insert (by_id, id, g_object_ref (entry));
    }
  return by_id;
}

/* Each call the writers promised is there as it was written, or, if it was
 * never ended, interrupted. */
static void
assert_promised (GHashTable *by_id, const Promises *promises, guint *n_ended, guint *n_interrupted)
{
  for (guint n = 0; n < N_RECORDS; n++)
    {
      ParloHistoryEntry *entry = g_hash_table_lookup (by_id, &promises->ids[n]);
      g_autofree char *peer = writer_peer (n);
      g_autofree char *name = g_strdup_printf ("Peer %u", n);
      ParloHistoryResult result;

      g_assert_nonnull (entry);
      g_assert_cmpstr (parlo_history_entry_get_account (entry), ==, WRITER_ACCOUNT);
      g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, peer);
      g_assert_cmpstr (parlo_history_entry_get_peer_name (entry), ==, name);
      g_assert_cmpint (parlo_history_entry_get_direction (entry), ==, writer_direction (n));
      g_assert_nonnull (parlo_history_entry_get_started (entry));
      result = parlo_history_entry_get_result (entry);
      if (!promises->ended[n] && result == PARLO_HISTORY_RESULT_INTERRUPTED)
        {
          /* Added, and the writer died before it ended the call: the next run
           * closed it as interrupted. */
          (*n_interrupted)++;
          g_assert_nonnull (parlo_history_entry_get_ended (entry));
          continue;
        }
      g_assert_cmpint (result, ==, writer_result (n));
      (*n_ended)++;
      g_assert_nonnull (parlo_history_entry_get_ended (entry));
      switch (result)
        {
        case PARLO_HISTORY_RESULT_ANSWERED:
          g_assert_nonnull (parlo_history_entry_get_answered (entry));
          break;
        case PARLO_HISTORY_RESULT_MISSED:
          g_assert_false (parlo_history_entry_get_seen (entry));
          break;
        case PARLO_HISTORY_RESULT_BUSY:
          g_assert_cmpuint (parlo_history_entry_get_sip_status (entry), ==, 486);
          g_assert_cmpstr (parlo_history_entry_get_reason (entry), ==, "Busy Here");
          break;
        default:
          g_assert_cmpuint (parlo_history_entry_get_sip_status (entry), ==, 503);
          g_assert_cmpstr (parlo_history_entry_get_reason (entry), ==, "Service Unavailable");
          break;
        }
    }
}

/* A writer keeps adding and ending calls, and is killed at random moments
 * spread over the run, ten times, each run going on in the same file where the
 * last one stopped. Then the file is sound, and every call whose write returned
 * is there as it was written: a crash never costs the history calls it had
 * already recorded, nor leaves it damaged. */
static void
test_writer_killed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("parlo-history-writer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (directory, "history.db", NULL);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autofree Promises *promises = g_new0 (Promises, 1);
  g_autoptr(ParloHistory) history = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  GHashTableIter unpromised;
  ParloHistoryEntry *orphan;
  guint n_ended = 0, n_interrupted = 0;
  goffset on_disk;

  g_assert_no_error (error);
  promises->pending = g_string_new (NULL);
  run_killed_writers (path, promises);

  on_disk = file_size (path) + file_size (wal_path);
  g_test_message ("on disk: %.1f MB (write-ahead log %.1f MB)", on_disk / 1e6, file_size (wal_path) / 1e6);

  integrity = parlo_test_history_integrity (path);
  g_assert_cmpstr (integrity, ==, "ok");

  history = open_checked (path);
  by_id = entries_by_id (history);
  assert_promised (by_id, promises, &n_ended, &n_interrupted);
  for (guint n = 0; n < N_RECORDS; n++)
    g_hash_table_remove (by_id, &promises->ids[n]);
  /* What is left was added by a writer killed before it could say so: a call
   * that started and never ended, closed as interrupted like any other. */
  g_hash_table_iter_init (&unpromised, by_id);
  while (g_hash_table_iter_next (&unpromised, NULL, (gpointer *) &orphan))
    {
      g_assert_cmpstr (parlo_history_entry_get_account (orphan), ==, WRITER_ACCOUNT);
      g_assert_cmpint (parlo_history_entry_get_result (orphan), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
      g_assert_nonnull (parlo_history_entry_get_ended (orphan));
    }
  g_assert_cmpuint (n_interrupted + g_hash_table_size (by_id), <=, N_KILLS);
  g_test_message ("%u calls ended as written, %u interrupted, %u written but not promised",
                  n_ended, n_interrupted, g_hash_table_size (by_id));

  g_clear_pointer (&by_id, g_hash_table_unref);
  g_clear_object (&history);
  g_string_free (promises->pending, TRUE);
  parlo_test_remove_tree (directory);

  /* 10 000 calls take a few megabytes on disk, the write-ahead log included:
   * it is folded into the file as the writes go, not left to grow. */
  g_assert_cmpint (on_disk, <, MAX_BYTES_ON_DISK);
}

/* The app, killed in the middle of a call */

typedef struct {
  char        *directory;
  char        *history_path;
  guint16      port;
  char        *listen;
  char        *aor;         /* the app's account for direct calls */
  GSubprocess *app;
  GPid         engine;      /* the app's baresip */
} App;

/* The app's engine is this process's child once the app died (the test is a
 * subreaper): reaped here when it ends, so that no zombie is left either. */
static gboolean
is_running (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (waitpid (pid, NULL, WNOHANG) == pid)
    return FALSE;
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;
  /* "PID (comm) S …": a zombie has died. */
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

/* Waits a while for pid to end; kills it if it did not, so that it does not
 * outlive the test, and says whether it ended by itself. */
static gboolean
ends_by_itself (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (is_running (pid))
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          return FALSE;
        }
      parlo_test_iterate ();
    }
  return TRUE;
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

/* The app's baresip: its child started from the baresip program. */
static GPid
engine_of (GSubprocess *app)
{
  const char *pid = g_subprocess_get_identifier (app);
  g_autofree char *children_path = g_strdup_printf ("/proc/%s/task/%s/children", pid, pid);
  g_autofree char *children = NULL;
  g_auto(GStrv) pids = NULL;

  if (!g_file_get_contents (children_path, &children, NULL, NULL))
    return 0;
  pids = g_strsplit (g_strstrip (children), " ", -1);
  for (guint i = 0; pids[i] != NULL; i++)
    {
      g_autofree char *exe_path = g_strdup_printf ("/proc/%s/exe", pids[i]);
      g_autofree char *exe = g_file_read_link (exe_path, NULL);

      if (exe != NULL && g_str_has_suffix (exe, "/baresip"))
        return (GPid) g_ascii_strtoll (pids[i], NULL, 10);
    }
  return 0;
}

static void
app_start (App *app)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *program = g_getenv ("PARLO_APP");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  guint16 port = parlo_test_free_port ();

  g_assert_nonnull (program);
  app->directory = g_dir_make_tmp ("parlo-history-app-XXXXXX", &error);
  g_assert_no_error (error);
  app->port = port;
  app->listen = g_strdup_printf ("127.0.0.1:%u", port);
  app->aor = parlo_local_account_aor (g_get_user_name (), app->listen);
  data = g_build_filename (app->directory, "data", NULL);

  for (guint i = 0; i < 4; i++)
    {
      static const char *const variables[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                               "XDG_RUNTIME_DIR" };
      static const char *const folders[] = { "data", "config", "cache", "runtime" };
      g_autofree char *folder = g_build_filename (app->directory, folders[i], NULL);

      g_mkdir_with_parents (folder, 0700);
      g_subprocess_launcher_setenv (launcher, variables[i], folder, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "PARLO_SIP_LISTEN", app->listen, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  app->app = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  g_assert_no_error (error);

  /* Where the app keeps its history, given that data folder. */
  app->history_path = g_build_filename (data, "parlo", "history.db", NULL);
}

static void
app_clear (App *app)
{
  if (app->app != NULL && g_subprocess_get_identifier (app->app) != NULL)
    {
      g_subprocess_force_exit (app->app);
      g_subprocess_wait (app->app, NULL, NULL);
    }
  if (app->engine > 0 && is_running (app->engine))
    {
      kill (app->engine, SIGKILL);
      waitpid (app->engine, NULL, 0);
    }
  g_clear_object (&app->app);
  parlo_test_remove_tree (app->directory);
  g_free (app->directory);
  g_free (app->history_path);
  g_free (app->listen);
  g_free (app->aor);
}

/* The app's call actions, as the desktop reaches them: org.freedesktop.Application. */
static void
app_activate_action (const char *action, GVariant *parameter)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariantBuilder) parameters = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_builder_add (parameters, "v", parameter);
  reply = g_dbus_connection_call_sync (bus, APP_ID, APP_PATH, "org.freedesktop.Application",
                                       "ActivateAction",
                                       g_variant_new ("(sav@a{sv})", action, parameters,
                                                      g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, &error);
  g_assert_no_error (error);
}

static void
on_name_appeared (GDBusConnection *bus, const char *name, const char *owner, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
history_shows_answer (App *app)
{
  g_autoptr(ParloHistory) copy = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;

  if (!g_file_test (app->history_path, G_FILE_TEST_EXISTS))
    return FALSE;
  copy = parlo_test_history_open_copy (app->history_path, app->directory);
  if (parlo_history_count (copy, NULL, FALSE) == 0)
    return FALSE;
  entry = parlo_test_history_only_entry (copy);
  return parlo_history_entry_get_answered (entry) != NULL;
}

/* The peer calls aor until it rings there: the app takes calls once its engine
 * runs with its account. */
static ParloCall *
call_until_ringing (ParloTestPeer *peer, const char *aor)
{
  ParloCall *peer_call = NULL;

  while (peer_call == NULL)
    {
      g_auto(ParloTestResult) result = { NULL };
      g_autofree char *call_id = NULL;
      g_autoptr(GError) error = NULL;

      parlo_engine_dial_async (peer->engine, peer->aor, aor, NULL, parlo_test_result_ready, &result);
      call_id = parlo_engine_dial_finish (peer->engine, parlo_test_result_wait (&result), &error);
      g_assert_no_error (error);
      peer_call = parlo_test_peer_find_call (peer, call_id);
      PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (peer_call) == PARLO_CALL_STATE_RINGING ||
                             parlo_call_get_state (peer_call) == PARLO_CALL_STATE_TERMINATED);
      if (parlo_call_get_state (peer_call) == PARLO_CALL_STATE_TERMINATED)
        {
          g_test_message ("The app refused a call while starting: %u %s", parlo_call_get_end_status (peer_call),
                          parlo_call_get_end_message (peer_call));
          g_clear_object (&peer_call);
          g_usleep (200 * 1000);
        }
    }
  return peer_call;
}

/* Parlo is killed (SIGKILL: no shutdown, no last write) while a call is going.
 * The next run finds the call in Recent, ended as interrupted around when the
 * app died, in a sound file. Its engine stops by itself and hangs up, so the
 * other side does not stay on a dead line, and no baresip is left running. */
static void
test_app_killed_during_call (void)
{
  App app = { NULL };
  g_autoptr(ParloCall) peer_call = NULL;
  g_autoptr(ParloHistory) history = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GError) error = NULL;
  ParloTestKeyring *keyring = parlo_test_keyring_start ();
  ParloTestPeer *peer;
  gboolean app_on_bus = FALSE;
  guint watch;
  gint64 killed_us, answered_us, ended_us;

  /* The app's engine outlives the app for a moment: it becomes ours to reap. */
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 1), ==, 0);
  /* The app's session bus is the private one of the keyring. */
  app_start (&app);
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            on_name_appeared, NULL, &app_on_bus, NULL);
  peer = parlo_test_peer_new ("peer");
  PARLO_TEST_WAIT_UNTIL (app_on_bus && port_in_use (app.port));
  g_bus_unwatch_name (watch);

  peer_call = call_until_ringing (peer, app.aor);

  /* The app's call has the same id as the caller's (the SIP Call-ID). */
  app_activate_action ("answer", g_variant_new ("(ss)", app.aor, parlo_call_get_id (peer_call)));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (peer_call) == PARLO_CALL_STATE_ESTABLISHED);
  answered_us = g_get_real_time ();
  PARLO_TEST_WAIT_UNTIL (history_shows_answer (&app));
  app.engine = engine_of (app.app);
  g_assert_cmpint (app.engine, >, 0);
  while (g_get_real_time () < answered_us + TALK_US)
    parlo_test_iterate ();

  killed_us = g_get_real_time ();
  g_subprocess_send_signal (app.app, SIGKILL);
  g_subprocess_wait (app.app, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (app.app));

  /* The engine notices that the app is gone, hangs up and stops. */
  g_assert_true (ends_by_itself (app.engine));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (peer_call) == PARLO_CALL_STATE_TERMINATED);
  g_assert_cmpint (parlo_call_get_end_reason (peer_call), ==, PARLO_CALL_END_HANGUP_REMOTE);

  integrity = parlo_test_history_integrity (app.history_path);
  g_assert_cmpstr (integrity, ==, "ok");
  history = open_checked (app.history_path);
  entry = parlo_test_history_only_entry (history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
  g_assert_cmpint (parlo_history_entry_get_direction (entry), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (parlo_history_entry_get_account (entry), ==, app.aor);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, peer->aor);
  parlo_test_assert_time_near (parlo_history_entry_get_answered (entry), answered_us, SLACK_US);
  /* It ended when the app last said it was going: at most one touch before
   * the kill, and after the answer (the call lasted longer than a touch). */
  ended_us = parlo_test_history_usec (parlo_history_entry_get_ended (entry));
  g_test_message ("The call's recorded end is %.1f s before the kill, %u s after the answer",
                  (killed_us - ended_us) / 1e6, parlo_history_entry_get_duration (entry));
  g_assert_cmpint (ended_us, <=, killed_us);
  g_assert_cmpint (ended_us, >=, killed_us - TOUCH_US - SLACK_US);
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), >=, (TALK_US - TOUCH_US - SLACK_US) / G_USEC_PER_SEC);

  g_clear_object (&history);
  parlo_test_peer_free (peer);
  app_clear (&app);
  parlo_test_keyring_stop (keyring);
  prctl (PR_SET_CHILD_SUBREAPER, 0);
}

int
main (int argc, char *argv[])
{
  int result;

  if (argc == 4 && g_str_equal (argv[1], WRITER_OPTION))
    return write_history (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  parlo_test_init (&argc, &argv, PARLO_TEST_ISOLATE_DIRS);

  g_test_add_func ("/history/crash/app-killed-during-call", test_app_killed_during_call);
  g_test_add_func ("/history/crash/writer-killed", test_writer_killed);

  result = parlo_test_run ();
  return result;
}
