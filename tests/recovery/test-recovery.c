/* Crash recovery of the engine, as the app lives it: the engine killed at random
 * moments comes back every time, its account registers again at a real kamailio,
 * and the calls it carried end in the model and the history as "interrupted" (the
 * person sees "Interrupted" in Recent). Dead engines are restarted after a
 * delay that doubles and goes back to its minimum after a stable run; one that
 * cannot start because another program holds its port is not restarted forever,
 * and says which port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "parlo-test.h"
#include "parlo-test-servers.h"
#include "model/parlo-history-recorder.h"

#define PASSWORD        "Kill-and-Back-9"
#define N_KILLS         50
/* The target, 3 s, in the plain build; more where the programs run slower. */
#define REGISTER_WITHIN (3 * G_USEC_PER_SEC * parlo_test_slowdown ())

static void
expect_loss (void)
{
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
}

static gint64
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000;
}

/* A process other than pid runs (a reaped one has no id, 0). */
static gboolean
runs_anew (ParloEngine *engine, GPid pid)
{
  GPid now = parlo_engine_get_process_id (engine);

  return parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RUNNING && now != 0 && now != pid;
}

/* Kills the engine when it runs and returns how long it took to run again. */
static gint64
kill_and_time_restart (ParloEngine *engine)
{
  GPid pid = parlo_engine_get_process_id (engine);
  gint64 killed = g_get_monotonic_time ();

  expect_loss ();
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (runs_anew (engine, pid));
  g_test_assert_expected_messages ();
  return ms_since (killed);
}

/* Quick deaths double the delay up to the maximum; a stable run resets it. The
 * delays are shortened (test-only PARLO_ENGINE_RESTART_DELAYS) to 200 ms … 1.6 s
 * with 3 s counting as stable. A timer never fires early, so the lower bounds
 * prove the doubling; the upper ones prove the cap and the reset. */
static void
test_backoff (void)
{
  static const gint64 expected[] = { 200, 400, 800, 1600, 1600 };
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (parlo_test_free_port ());
  g_autoptr(ParloEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 took;

  g_setenv ("PARLO_ENGINE_RESTART_DELAYS", "200,1600,3000", TRUE);
  engine = parlo_engine_new (config);
  g_unsetenv ("PARLO_ENGINE_RESTART_DELAYS");
  g_assert_true (parlo_engine_start (engine, &error));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      took = kill_and_time_restart (engine);
      g_test_message ("quick death %u: back after %" G_GINT64_FORMAT " ms (delay %" G_GINT64_FORMAT " ms)",
                      i + 1, took, expected[i]);
      g_assert_cmpint (took, >=, expected[i]);
      if (i == G_N_ELEMENTS (expected) - 1)
        g_assert_cmpint (took, <, 2 * expected[i]);   /* capped: not 3200 */
    }

  parlo_test_run_for (3500);
  took = kill_and_time_restart (engine);
  g_test_message ("after a stable run: back after %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, >=, 200);
  g_assert_cmpint (took, <, 400);
  parlo_engine_stop (engine);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_STOPPED);
}

/* Another program holds the SIP port: the engine exits at once each time; after
 * three tries ParloEngine stops (FAILED) and names the port. Once the port is
 * free, starting it again works. */
static void
test_port_in_use (void)
{
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (port);
  g_autoptr(ParloEngine) engine = NULL;
  g_autoptr(GSocket) holder = parlo_test_socket_new_in (NULL, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;
  guint restarts = 0;

  g_assert_true (g_socket_bind (holder, address, FALSE, &error));
  g_setenv ("PARLO_ENGINE_RESTART_DELAYS", "100,400,3000", TRUE);
  engine = parlo_engine_new (config);
  g_unsetenv ("PARLO_ENGINE_RESTART_DELAYS");
  for (guint i = 0; i < 3; i++)
    expect_loss ();
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine could not start several times*");
  g_assert_true (parlo_engine_start (engine, &error));
  while (parlo_engine_get_state (engine) != PARLO_ENGINE_STATE_FAILED)
    {
      PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) != PARLO_ENGINE_STATE_RUNNING);
      if (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RESTARTING)
        {
          restarts++;
          PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) != PARLO_ENGINE_STATE_RESTARTING);
        }
    }
  g_test_assert_expected_messages ();
  g_assert_cmpuint (restarts, ==, 2);
  g_assert_cmpuint (parlo_engine_get_port_in_use (engine), ==, port);
  /* It stays given up. */
  parlo_test_run_for (1000);
  g_assert_cmpint (parlo_engine_get_state (engine), ==, PARLO_ENGINE_STATE_FAILED);
  g_assert_cmpint (parlo_engine_get_process_id (engine), ==, 0);

  g_socket_close (holder, NULL);
  g_assert_true (parlo_engine_start (engine, &error));
  g_assert_cmpuint (parlo_engine_get_port_in_use (engine), ==, 0);
  parlo_test_run_for (1000);
  g_assert_cmpint (parlo_engine_get_state (engine), ==, PARLO_ENGINE_STATE_RUNNING);
  parlo_engine_stop (engine);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_STOPPED);
}

/* The moments of a kill. baresip answers with 180 and no early media, so "early"
 * (183 with SDP) does not occur between two of our engines. */
typedef enum {
  MOMENT_IDLE,
  MOMENT_INCOMING,      /* the peer calls; it rings here */
  MOMENT_RINGING,       /* we call; it rings there */
  MOMENT_ESTABLISHED,
  MOMENT_HELD,
  N_MOMENTS
} Moment;

static const char *const moment_names[] = { "idle", "incoming", "ringing", "established", "held" };

typedef struct {
  ParloTestKamailio    *kamailio;
  ParloTestPeer        *app;      /* the app's side: engine, sessions, models, history */
  ParloTestPeer        *peer;
  ParloHistory         *history;
  ParloHistoryRecorder *recorder;
  ParloAccount         *account;
  guint                 n_calls;
} Kills;

static ParloCall *
live_call (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls)) > 0 ? parlo_test_peer_call (peer, 0) : NULL;
}

static gboolean
call_in_state (ParloTestPeer *peer, ParloCallState state)
{
  g_autoptr(ParloCall) call = live_call (peer);

  return call != NULL && parlo_call_get_state (call) == state;
}

/* Brings the app to moment; FALSE if a call was refused (the engine had not yet
 * taken its direct account), which the caller retries. */
static gboolean
reach (Kills *k, Moment moment)
{
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) call = NULL;
  g_auto(ParloTestResult) result = { NULL };

  if (moment == MOMENT_IDLE)
    return TRUE;
  if (moment == MOMENT_INCOMING)
    {
      g_free (parlo_test_peer_dial (k->peer, k->app));
      PARLO_TEST_WAIT_UNTIL (call_in_state (k->app, PARLO_CALL_STATE_INCOMING) ||
                             g_list_model_get_n_items (G_LIST_MODEL (k->peer->calls)) == 0);
      return call_in_state (k->app, PARLO_CALL_STATE_INCOMING);
    }
  call_id = parlo_test_peer_dial (k->app, k->peer);
  PARLO_TEST_WAIT_UNTIL (call_in_state (k->app, PARLO_CALL_STATE_RINGING) &&
                         call_in_state (k->peer, PARLO_CALL_STATE_INCOMING));
  if (moment == MOMENT_RINGING)
    return TRUE;
  call = live_call (k->peer);
  parlo_test_peer_answer (k->peer, call);
  PARLO_TEST_WAIT_UNTIL (call_in_state (k->app, PARLO_CALL_STATE_ESTABLISHED));
  if (moment == MOMENT_ESTABLISHED)
    return TRUE;
  parlo_engine_hold_async (k->app->engine, k->app->aor, call_id, TRUE, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (k->app->engine, &result);
  PARLO_TEST_WAIT_UNTIL (call_in_state (k->app, PARLO_CALL_STATE_HELD));
  return TRUE;
}

static void
kills_set_up (Kills *k)
{
  guint16 port = parlo_test_free_port ();
  const char *users[] = { "alice", PASSWORD, NULL };
  g_autofree char *address = g_strdup_printf ("alice@127.0.0.1:%u", port);
  ParloTestAccountOptions options = { .address = address, .password = PASSWORD };

  /* 100 ms … 800 ms, and 1 s counts as a stable run (test-only). */
  g_setenv ("PARLO_ENGINE_RESTART_DELAYS", "100,800,1000", TRUE);
  k->kamailio = parlo_test_kamailio_start (port, users);
  k->app = parlo_test_peer_new ("app");
  k->peer = parlo_test_peer_new ("peer");
  g_unsetenv ("PARLO_ENGINE_RESTART_DELAYS");
  k->history = parlo_history_open (":memory:", NULL);
  k->recorder = parlo_history_recorder_new (k->history, k->app->calls);
  k->account = parlo_test_peer_add_account (k->app, &options);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (k->account) == PARLO_REGISTRATION_REGISTERED);
}

static void
kills_tear_down (Kills *k)
{
  g_clear_object (&k->account);
  g_clear_object (&k->recorder);
  g_clear_object (&k->history);
  parlo_test_peer_free (k->peer);
  parlo_test_peer_free (k->app);
  parlo_test_kamailio_stop (k->kamailio);
}

/* One kill at moment: what comes back, and what is kept. */
static void
kill_at (Kills *k, Moment moment, guint extra_ms, GArray *recovery_ms)
{
  ParloAccount *direct = parlo_account_store_get_direct (k->app->accounts);
  g_autoptr(ParloCall) call = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  guint registers = parlo_test_kamailio_count (k->kamailio, "REGISTER", NULL);
  GPid pid;
  gint64 killed, back;

  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (direct) == PARLO_REGISTRATION_READY);
  while (!reach (k, moment))
    parlo_test_run_for (100);
  call = live_call (k->app);
  if (call != NULL)
    k->n_calls++;
  parlo_test_run_for (extra_ms);

  pid = parlo_engine_get_process_id (k->app->engine);
  killed = g_get_monotonic_time ();
  expect_loss ();
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (runs_anew (k->app->engine, pid));
  back = g_get_monotonic_time ();
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (parlo_engine_get_last_error (k->app->engine), "killed by signal 9"));

  /* The REGISTER arrives at kamailio, and the account says so. */
  while (parlo_test_kamailio_count (k->kamailio, "REGISTER", NULL) == registers)
    {
      g_assert_cmpint (g_get_monotonic_time () - back, <, REGISTER_WITHIN);
      parlo_test_run_for (20);
    }
  g_array_append_vals (recovery_ms, (gint64[]) { ms_since (killed) }, 1);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (k->account) == PARLO_REGISTRATION_REGISTERED);

  /* The call is gone from the model, ended as interrupted, and so in the history. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (k->app->calls)), ==, 0);
  g_assert_cmpuint (parlo_history_count (k->history, NULL, FALSE), ==, k->n_calls);
  if (call != NULL)
    {
      g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_INTERRUPTED);
      newest = parlo_history_fetch (k->history, NULL, FALSE, 0, 1);
      g_assert_cmpint (parlo_history_entry_get_result (g_ptr_array_index (newest, 0)), ==,
                       PARLO_HISTORY_RESULT_INTERRUPTED);
    }

  /* The peer lost us without a word; it hangs up by itself. */
  if (g_list_model_get_n_items (G_LIST_MODEL (k->peer->calls)) > 0)
    {
      g_autoptr(ParloCall) stale = parlo_test_peer_call (k->peer, 0);

      parlo_test_peer_hangup (k->peer, stale, 0);
      PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (k->peer->calls)) == 0);
    }
}

static int
compare_ms (gconstpointer a, gconstpointer b)
{
  return (int) (*(const gint64 *) a - *(const gint64 *) b);
}

/* 50 SIGKILLs at moments drawn from a seeded generator (the seed is printed:
 * PARLO_TEST_SEED=N replays one run). */
static void
test_fifty_kills (void)
{
  Kills k = { NULL };
  const char *seed_text = g_getenv ("PARLO_TEST_SEED");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : g_random_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) recovery_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint per_moment[N_MOMENTS] = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_test_message ("seed %u (PARLO_TEST_SEED=%u replays it)", seed, seed);
  kills_set_up (&k);
  for (guint i = 0; i < N_KILLS; i++)
    {
      Moment moment = g_rand_int_range (rand, 0, N_MOMENTS);
      guint extra_ms = g_rand_int_range (rand, 0, 300);

      g_test_message ("kill %u: %s, +%u ms", i + 1, moment_names[moment], extra_ms);
      kill_at (&k, moment, extra_ms, recovery_ms);
      per_moment[moment]++;
    }
  g_array_sort (recovery_ms, compare_ms);
  g_test_message ("%u kills (idle %u, incoming %u, ringing %u, established %u, held %u) in %" G_GINT64_FORMAT
                  " s, %u calls interrupted; kill to registered p50 %" G_GINT64_FORMAT " ms, max %" G_GINT64_FORMAT " ms",
                  N_KILLS, per_moment[0], per_moment[1], per_moment[2], per_moment[3], per_moment[4],
                  ms_since (start) / 1000, k.n_calls,
                  g_array_index (recovery_ms, gint64, N_KILLS / 2), g_array_index (recovery_ms, gint64, N_KILLS - 1));
  kills_tear_down (&k);
}

int
main (int argc, char *argv[])
{
  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_KEYRING);
  g_test_add_func ("/recovery/backoff", test_backoff);
  g_test_add_func ("/recovery/port-in-use", test_port_in_use);
  g_test_add_func ("/recovery/fifty-kills", test_fifty_kills);
  return parlo_test_run ();
}
