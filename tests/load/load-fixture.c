/* load-fixture.c — the real Parlo under load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "parlo-test-audio.h"
#include "load-fixture.h"

#define PASSWORD "Tr0ub4dor-and-3"
#define TONE_HZ 440
/* From the 200 OK to the first tone the peer plays: jitter buffer, a null
 * sink's rendering steps, and a loaded machine. */
#define TONE_WAIT_S 3
/* sipp gives up on a call whose answer does not come in this long, and on the
 * whole flood this long after it should have ended. */
#define FLOOD_RECV_TIMEOUT_MS 5000
#define FLOOD_SLACK_S 60
/* The real caller tries this often while the flood holds call slots, this
 * long apart. */
#define REAL_CALLER_TRIES 10
#define REAL_CALLER_PAUSE_MS 200
/* INVITEs of the flood before its baseline. */
#define WARM_CALLS 200

enum { APP_MOUTH, PEER_EAR, PEER_MOUTH };

/* alice's server is kamailio, where the peer calls her as bob; its
 * address. */
static char *
set_up_server (LoadFixture *fixture, GSettings *settings)
{
  static const char * const users[] = { "alice", PASSWORD, "bob", PASSWORD, NULL };
  ParloTestKamailioOptions options = {
    .address = LOAD_SERVER_ADDRESS, .port = parlo_test_free_port (), .domain = "parlo.test", .users = users,
  };
  char *server = g_strdup_printf (LOAD_SERVER_ADDRESS ":%u", options.port);

  fixture->kamailio = parlo_test_kamailio_start_with (&options);
  g_settings_set_boolean (settings, "direct-calls", FALSE);
  parlo_test_app_add_account (settings, "alice@parlo.test", server, PASSWORD);
  return server;
}

static void
add_caller_at_server (LoadFixture *fixture, const char *server)
{
  ParloTestAccountOptions options = { .address = "bob@parlo.test", .password = PASSWORD, .server = server };
  g_autoptr(ParloAccount) bob = parlo_test_peer_add_account (fixture->peer, &options);

  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (bob) == PARLO_REGISTRATION_REGISTERED);
  fixture->caller = g_strdup (parlo_account_get_aor (bob));
  fixture->callee = g_strdup ("sip:alice@parlo.test");
  fixture->flood_user = g_strdup ("alice");
}

void
load_fixture_set_up (LoadFixture *fixture, LoadAccounts accounts)
{
  g_autoptr(GSettings) settings = parlo_test_app_settings ();
  g_autofree char *server = NULL;
  const char *aor;

  memset (fixture, 0, sizeof *fixture);
  fixture->modules[APP_MOUTH] = parlo_test_pulse_tone_source ("load_app_mouth", TONE_HZ);
  fixture->modules[PEER_EAR] = parlo_test_pulse_null_sink ("load_peer_ear");
  fixture->modules[PEER_MOUTH] = parlo_test_pulse_null_sink ("load_peer_mouth");
  fixture->peer_ear = parlo_test_recorder_start ("load_peer_ear.monitor");

  g_settings_reset (settings, "accounts");
  g_settings_reset (settings, "direct-calls");
  /* The app's microphone is the default source: the app settles on it once it
   * sees PulseAudio's devices, whatever the settings name. */
  g_free (parlo_test_pactl ("set-default-source load_app_mouth.monitor"));
  if (accounts == LOAD_BACKGROUND)
    fixture->registrar = parlo_test_app_add_alice (settings, PASSWORD);
  else if (accounts == LOAD_SERVER_ONLY)
    server = set_up_server (fixture, settings);
  fixture->app = parlo_test_app_start ();
  fixture->app_pid = parlo_test_app_pid (fixture->app);
  PARLO_TEST_WAIT_UNTIL ((fixture->engine_pid = parlo_test_process_child (fixture->app_pid, "baresip")) != 0);

  fixture->peer = parlo_test_peer_new ("peer");
  parlo_test_peer_use_device (fixture->peer, "source", "load_peer_mouth.monitor");
  parlo_test_peer_use_device (fixture->peer, "player", "load_peer_ear");
  if (accounts == LOAD_SERVER_ONLY)
    {
      add_caller_at_server (fixture, server);
      return;
    }
  aor = fixture->app->aor;
  fixture->caller = g_strdup (fixture->peer->aor);
  fixture->callee = g_strdup (aor);
  fixture->flood_user = g_strndup (aor + strlen ("sip:"), strcspn (aor + strlen ("sip:"), "@"));
}

void
load_fixture_tear_down (LoadFixture *fixture)
{
  parlo_test_app_free (fixture->app);
  parlo_test_peer_free (fixture->peer);
  g_clear_pointer (&fixture->registrar, parlo_test_registrar_stop);
  g_clear_pointer (&fixture->kamailio, parlo_test_kamailio_stop);
  parlo_test_recorder_stop (fixture->peer_ear);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->modules); i++)
    parlo_test_pulse_unload_module (fixture->modules[i]);
  g_free (fixture->caller);
  g_free (fixture->callee);
  g_free (fixture->flood_user);
}

LoadSample
load_fixture_sample (LoadFixture *fixture)
{
  return (LoadSample) {
    .app_rss_kib = parlo_test_process_rss_kib (fixture->app_pid),
    .engine_rss_kib = parlo_test_process_rss_kib (fixture->engine_pid),
    .app_fds = parlo_test_process_fds (fixture->app_pid),
    .engine_fds = parlo_test_process_fds (fixture->engine_pid),
  };
}

gboolean
load_fixture_settle_fds (LoadFixture *fixture, const LoadSample *idle, LoadSample *sample)
{
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (TRUE)
    {
      *sample = load_fixture_sample (fixture);
      if (sample->app_fds == idle->app_fds && sample->engine_fds == idle->engine_fds)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      parlo_test_iterate ();
    }
}

/* The app's own "dial" action, as a link or the command line start it. */
static void
app_dial (const char *uri)
{
  g_autoptr(GError) error = NULL;

  parlo_test_app_activate ("dial", g_variant_new_string (uri), &error);
  g_assert_no_error (error);
}

void
load_soak_call (LoadFixture *fixture)
{
  guint ended = g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->ended));
  g_autoptr(ParloCall) call = NULL;
  gint64 established, heard;

  app_dial (fixture->peer->aor);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 1);
  call = parlo_test_peer_call (fixture->peer, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (fixture->peer, call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);

  /* The peer hears the app's tone, then a second of it. */
  established = g_get_monotonic_time ();
  heard = parlo_test_recorder_onset (fixture->peer_ear, TONE_HZ, established,
                                     established + TONE_WAIT_S * G_USEC_PER_SEC);
  if (heard < 0)
    g_error ("Call %u: the peer heard no tone in %d s", fixture->calls + 1, TONE_WAIT_S);
  parlo_test_run_for ((guint) MAX (0, heard + G_USEC_PER_SEC - g_get_monotonic_time ()) / 1000);

  parlo_test_peer_hangup (fixture->peer, call, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_TERMINATED);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->ended)) == ended + 1);
  fixture->calls++;
}

guint
load_history_count (const char *prefix)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "parlo", "history.db", NULL);
  g_autofree char *pattern = g_strdup_printf ("%s%%", prefix != NULL ? prefix : "");
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  guint count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM calls WHERE peer_uri LIKE ?", -1, &statement,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, pattern, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return count;
}

struct _LoadFlooder
{
  GSubprocess *process;
  char        *directory;
  gboolean     exited;
};

static void
on_flood_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  ((LoadFlooder *) user_data)->exited = TRUE;
}

LoadFlooder *
load_flood_start (guint16 port, const char *user, guint rate, guint n_calls, guint ring_ms)
{
  LoadFlooder *flooder = g_new0 (LoadFlooder, 1);
  g_autofree char *scenario = g_build_filename (PARLO_TEST_DATA_DIR, "sipp", "flood.xml", NULL);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *rate_text = g_strdup_printf ("%u", rate);
  g_autofree char *calls_text = g_strdup_printf ("%u", n_calls);
  g_autofree char *ring_text = g_strdup_printf ("%u", ring_ms);
  g_autofree char *recv_timeout = g_strdup_printf ("%u", FLOOD_RECV_TIMEOUT_MS);
  g_autofree char *timeout = g_strdup_printf ("%us", n_calls / MAX (rate, 1) + FLOOD_SLACK_S);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;

  flooder->directory = g_dir_make_tmp ("parlo-flood-XXXXXX", &error);
  g_assert_no_error (error);
  g_subprocess_launcher_set_cwd (launcher, flooder->directory);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  /* Bounded three ways: the number of calls, each call's wait for an answer,
   * and a timeout for all of it. Loopback only. */
  flooder->process = g_subprocess_launcher_spawn (launcher, &error, "sipp", target, "-sf", scenario,
                                                  "-i", "127.0.0.1", "-t", "un", "-s", user,
                                                  "-r", rate_text, "-m", calls_text, "-d", ring_text,
                                                  "-recv_timeout", recv_timeout, "-timeout", timeout,
                                                  "-max_socket", "4096", "-trace_logs", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (flooder->process, NULL, on_flood_exited, flooder);
  return flooder;
}

gboolean
load_flood_running (LoadFlooder *flooder)
{
  return !flooder->exited;
}

/* Counts the lines of sipp's log (-trace_logs) that say word. */
static guint
count_logged (const char *log, const char *word)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    count += g_str_has_suffix (g_strchomp (lines[i]), word);
  return count;
}

LoadFlood
load_flood_finish (LoadFlooder *flooder)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *log = NULL;
  const char *name;
  LoadFlood flood = { 0 };

  while (!flooder->exited)
    parlo_test_iterate ();
  /* sipp's status is the share of calls that failed: 0 none, 1 some. */
  g_assert_false (g_subprocess_get_if_signaled (flooder->process));
  dir = g_dir_open (flooder->directory, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, "_logs.log"))
      {
        g_autofree char *path = g_build_filename (flooder->directory, name, NULL);

        g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
      }
  g_assert_nonnull (log);
  flood.ringing = count_logged (log, "ringing");
  flood.refused = count_logged (log, "refused");
  flood.forbidden = count_logged (log, "forbidden");
  flood.failed = g_subprocess_get_exit_status (flooder->process) == 0 ? 0 : 1;
  parlo_test_remove_tree (flooder->directory);
  g_free (flooder->directory);
  g_object_unref (flooder->process);
  g_free (flooder);
  return flood;
}

/* The peer calls the app until it rings there; how many calls that took. */
static guint
real_call_rings (LoadFixture *fixture)
{
  for (guint tries = 1; tries <= REAL_CALLER_TRIES; tries++)
    {
      g_autoptr(ParloCall) call = parlo_test_app_try_call (fixture->peer, fixture->caller, fixture->callee);

      if (parlo_call_get_state (call) == PARLO_CALL_STATE_RINGING)
        {
          parlo_test_peer_hangup (fixture->peer, call, 0);
          PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_TERMINATED);
          return tries;
        }
      /* Busy: every call slot holds a flood call; or the try got lost in
       * the flood (the engine answered it with an error). Try again. */
      g_test_message ("The real caller's try %u ended: %s", tries,
                      parlo_call_get_end_reason (call) == PARLO_CALL_END_BUSY ? "busy" : "failed");
      g_assert_true (parlo_call_get_end_reason (call) == PARLO_CALL_END_BUSY ||
                     parlo_call_get_end_reason (call) == PARLO_CALL_END_FAILED);
      parlo_test_run_for (REAL_CALLER_PAUSE_MS);
    }
  g_error ("A real caller did not ring in %u tries during the flood", REAL_CALLER_TRIES);
}

static void
close_window (LoadFixture *fixture)
{
  PARLO_TEST_WAIT_UNTIL (parlo_test_desktop_window_shown (fixture->app_pid));
  parlo_test_desktop_close_window (fixture->app_pid);
  PARLO_TEST_WAIT_UNTIL (!parlo_test_desktop_window_shown (fixture->app_pid));
}

void
load_flood_run (LoadFixture *fixture, ParloTestNotifications *notifications, guint rate, guint n_calls,
                guint ring_ms, LoadFloodRun *run)
{
  guint flood_history, real_history;
  g_autoptr(ParloCall) first_call = NULL;
  ParloTestProber *prober;
  LoadFlooder *flooder;
  guint32 first_notification;

  close_window (fixture);
  /* The baseline is an engine that has had a call and full call slots: what
   * they load (codecs, audio streams, the heap for eight calls) stays for the
   * next ones and is no flood's doing. The first call also waits for the app's
   * engine to listen, and its account to register. */
  first_call = parlo_test_app_ring_at (fixture->peer, fixture->caller, fixture->callee);
  parlo_test_peer_hangup (fixture->peer, first_call, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (first_call) == PARLO_CALL_STATE_TERMINATED);
  load_flood_finish (load_flood_start (fixture->app->port, fixture->flood_user, rate, WARM_CALLS, ring_ms));
  parlo_test_run_for (2000);
  run->before = load_fixture_sample (fixture);
  flood_history = load_history_count (LOAD_FLOOD_CALLER);
  real_history = load_history_count (fixture->caller);
  first_notification = notifications->last_id;

  prober = parlo_test_prober_start (PARLO_TEST_APP_ID, PARLO_TEST_APP_PATH, LOAD_PROBE_INTERVAL_MS);
  flooder = load_flood_start (fixture->app->port, fixture->flood_user, rate, n_calls, ring_ms);
  /* A real caller, well into the flood and before its end. */
  parlo_test_run_for (n_calls * 1000 / rate / 3);
  g_assert_true (load_flood_running (flooder));
  run->real_caller_tries = real_call_rings (fixture);
  g_assert_true (load_flood_running (flooder));
  run->flood = load_flood_finish (flooder);
  run->latencies = parlo_test_prober_stop (prober);

  /* The history is written as the calls end; the last ones are a moment
   * behind sipp. */
  parlo_test_run_for (1000);
  run->flood_history = load_history_count (LOAD_FLOOD_CALLER) - flood_history;
  run->real_caller_history = load_history_count (fixture->caller) - real_history;
  run->notifications = notifications->last_id - first_notification;
  parlo_test_run_for (LOAD_FLOOD_SETTLE_MS);
  run->after = load_fixture_sample (fixture);
}
