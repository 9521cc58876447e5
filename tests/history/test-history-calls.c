/* What real calls leave in the history: two baresip engines with our bridge call
 * each other on 127.0.0.1, each side records its calls into a history file of
 * its own, and every way a call can end shows in Recent as it happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "model/parlo-history-recorder.h"
#include "parlo-test.h"
#include "parlo-test-history.h"

/* Times in the history may be rounded to the second and taken a moment after
 * the test saw the event. */
#define SLACK_US G_USEC_PER_SEC
#define HOLD_US  (2 * G_USEC_PER_SEC)

typedef struct {
  ParloTestPeer        *a;          /* Alice calls */
  ParloTestPeer        *b;          /* Bob is called */
  char                 *directory;
  char                 *a_path;
  char                 *b_path;
  ParloHistory         *a_history;
  ParloHistory         *b_history;
  ParloHistoryRecorder *a_recorder;
  ParloHistoryRecorder *b_recorder;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("parlo-history-calls-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->a_path = g_build_filename (fixture->directory, "alice.db", NULL);
  fixture->b_path = g_build_filename (fixture->directory, "bob.db", NULL);
  fixture->a = parlo_test_peer_new_named ("alice", "Alice Liddell");
  fixture->b = parlo_test_peer_new_named ("bob", "Bob Dylan");
  fixture->a_history = parlo_test_history_open (fixture->a_path);
  fixture->b_history = parlo_test_history_open (fixture->b_path);
  fixture->a_recorder = parlo_history_recorder_new (fixture->a_history, fixture->a->calls);
  fixture->b_recorder = parlo_history_recorder_new (fixture->b_history, fixture->b->calls);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  parlo_test_peer_free (fixture->a);
  parlo_test_peer_free (fixture->b);
  g_clear_object (&fixture->a_recorder);
  g_clear_object (&fixture->b_recorder);
  g_clear_object (&fixture->a_history);
  g_clear_object (&fixture->b_history);
  parlo_test_remove_tree (fixture->directory);
  g_free (fixture->directory);
  g_free (fixture->a_path);
  g_free (fixture->b_path);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

static void
wait_us (gint64 us)
{
  gint64 end = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < end)
    parlo_test_iterate ();
}

static gboolean
has_ended (ParloHistory *history)
{
  g_autoptr(ParloHistoryEntry) entry = parlo_test_history_only_entry (history);

  return parlo_history_entry_get_result (entry) != PARLO_HISTORY_RESULT_ONGOING;
}

static gboolean
has_answer (ParloHistory *history)
{
  g_autoptr(ParloHistoryEntry) entry = parlo_test_history_only_entry (history);

  return parlo_history_entry_get_answered (entry) != NULL;
}

/* The entry of the history's one call, once it shows as ended. */
static ParloHistoryEntry *
ended_entry (ParloHistory *history)
{
  PARLO_TEST_WAIT_UNTIL (has_ended (history));
  return parlo_test_history_only_entry (history);
}

/* While the call rings, Recent already lists it, with who calls whom: the record
 * is written when the call appears, not when it ends. And it is in the file, not
 * only in this connection: a run started after a crash now would list it, as
 * interrupted. */
static void
assert_recorded_while_ringing (Fixture *fixture, ParloHistory *history, const char *path,
                               ParloTestPeer *self, ParloTestPeer *peer, ParloCall *call)
{
  g_autoptr(ParloHistoryEntry) entry = parlo_test_history_only_entry (history);
  g_autoptr(ParloHistory) after_crash = parlo_test_history_open_copy (path, fixture->directory);
  g_autoptr(ParloHistoryEntry) from_file = parlo_test_history_only_entry (after_crash);

  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ONGOING);
  g_assert_cmpint (parlo_history_entry_get_direction (entry), ==, parlo_call_get_direction (call));
  g_assert_cmpstr (parlo_history_entry_get_account (entry), ==, self->aor);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, peer->aor);
  parlo_test_assert_time_near (parlo_history_entry_get_started (entry),
                               parlo_test_history_usec (parlo_call_get_started (call)), SLACK_US);
  g_assert_null (parlo_history_entry_get_answered (entry));
  g_assert_null (parlo_history_entry_get_ended (entry));
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==, 0);

  g_assert_cmpint (parlo_history_entry_get_result (from_file), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (from_file), ==, peer->aor);
  g_assert_nonnull (parlo_history_entry_get_ended (from_file));
}

/* Alice dials Bob; returns both sides' calls once Bob's rings and Alice hears
 * ringback, after checking that both sides recorded the call already. */
static void
ring (Fixture *fixture, ParloCall **a_call, ParloCall **b_call)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autofree char *call_id = parlo_test_peer_dial (a, b);

  *a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (n_calls (b) == 1);
  *b_call = parlo_test_peer_call (b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*b_call) == PARLO_CALL_STATE_INCOMING &&
                         parlo_call_get_state (*a_call) == PARLO_CALL_STATE_RINGING);

  assert_recorded_while_ringing (fixture, fixture->a_history, fixture->a_path, a, b, *a_call);
  assert_recorded_while_ringing (fixture, fixture->b_history, fixture->b_path, b, a, *b_call);
}

/* Alice rings Bob, and Bob refuses the call with status and reason (NULL: the
 * engine's words for status): both calls end. */
static void
ring_and_refuse (Fixture *fixture, guint status, const char *reason)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_auto(ParloTestResult) result = { NULL };

  ring (fixture, &a_call, &b_call);
  parlo_engine_hangup_async (fixture->b->engine, fixture->b->aor, parlo_call_get_id (b_call),
                             status, reason, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (fixture->b->engine, &result);
  PARLO_TEST_WAIT_UNTIL (n_calls (fixture->a) == 0 && n_calls (fixture->b) == 0);
  g_test_message ("Bob refused with %u; Alice's call ended with %u \"%s\"", status,
                  parlo_call_get_end_status (a_call), parlo_call_get_end_message (a_call));
}

/* The user sees a call that never connected: no answer time, no duration. */
static void
assert_not_answered (ParloHistoryEntry *entry)
{
  g_assert_null (parlo_history_entry_get_answered (entry));
  g_assert_nonnull (parlo_history_entry_get_ended (entry));
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==, 0);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_started (entry)), <=,
                   parlo_test_history_usec (parlo_history_entry_get_ended (entry)));
}

/* Both sides talk for two seconds and Bob hangs up: Recent shows an answered call
 * on each side, outgoing at Alice's and incoming at Bob's, with the name the
 * peer gave, the times it was answered and ended, and how long it lasted. */
static void
test_answered (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloHistoryEntry) a_entry = NULL;
  g_autoptr(ParloHistoryEntry) b_entry = NULL;
  g_autoptr(ParloHistoryEntry) b_live = NULL;
  gint64 answered_us, ended_us;
  double talked_s;

  ring (fixture, &a_call, &b_call);
  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  answered_us = g_get_real_time ();

  /* The answer is written as it happens, not only at the end. */
  PARLO_TEST_WAIT_UNTIL (has_answer (fixture->b_history));
  b_live = parlo_test_history_only_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (b_live), ==, PARLO_HISTORY_RESULT_ONGOING);

  wait_us (HOLD_US);
  parlo_test_peer_hangup (b, b_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  ended_us = g_get_real_time ();
  talked_s = (ended_us - answered_us) / (double) G_USEC_PER_SEC;

  a_entry = ended_entry (fixture->a_history);
  b_entry = ended_entry (fixture->b_history);
  g_test_message ("talked %.2f s; Alice's record says %u s (\"%s\"), Bob's %u s (\"%s\")", talked_s,
                  parlo_history_entry_get_duration (a_entry), parlo_history_entry_get_reason (a_entry),
                  parlo_history_entry_get_duration (b_entry), parlo_history_entry_get_reason (b_entry));

  for (guint i = 0; i < 2; i++)
    {
      ParloHistoryEntry *entry = i == 0 ? a_entry : b_entry;
      gint64 started = parlo_test_history_usec (parlo_history_entry_get_started (entry));
      gint64 answered = parlo_test_history_usec (parlo_history_entry_get_answered (entry));
      gint64 ended = parlo_test_history_usec (parlo_history_entry_get_ended (entry));

      g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ANSWERED);
      g_assert_cmpint (started, >, 0);
      g_assert_cmpint (started, <=, answered);
      g_assert_cmpint (answered, <=, ended);
      parlo_test_assert_time_near (parlo_history_entry_get_answered (entry), answered_us, SLACK_US);
      parlo_test_assert_time_near (parlo_history_entry_get_ended (entry), ended_us, SLACK_US);
      g_assert_cmpfloat (ABS (parlo_history_entry_get_duration (entry) - talked_s), <=, 1.0);
      g_assert_cmpuint (parlo_history_entry_get_duration (entry), >=, 1);
    }

  g_assert_cmpint (parlo_history_entry_get_direction (a_entry), ==, PARLO_CALL_DIRECTION_OUTGOING);
  g_assert_cmpstr (parlo_history_entry_get_account (a_entry), ==, a->aor);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (a_entry), ==, b->aor);
  g_assert_cmpint (parlo_history_entry_get_direction (b_entry), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (parlo_history_entry_get_account (b_entry), ==, b->aor);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (b_entry), ==, a->aor);
  g_assert_cmpstr (parlo_history_entry_get_peer_name (b_entry), ==, "Alice Liddell");
  /* An answered call is no missed call: no badge. */
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->b_history), ==, 0);
}

/* Alice gives up while Bob's phone rings: Bob's Recent shows a missed call he
 * has not looked at yet (the badge counts it); Alice's shows a call she
 * cancelled, not a missed one. */
static void
test_missed_and_cancelled (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloHistoryEntry) a_entry = NULL;
  g_autoptr(ParloHistoryEntry) b_entry = NULL;
  g_autoptr(ParloHistoryEntry) latest = NULL;

  ring (fixture, &a_call, &b_call);
  parlo_test_peer_hangup (fixture->a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (fixture->a) == 0 && n_calls (fixture->b) == 0);

  b_entry = ended_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (b_entry), ==, PARLO_HISTORY_RESULT_MISSED);
  g_assert_cmpint (parlo_history_entry_get_direction (b_entry), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (parlo_history_entry_get_peer_name (b_entry), ==, "Alice Liddell");
  g_assert_false (parlo_history_entry_get_seen (b_entry));
  assert_not_answered (b_entry);
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->b_history), ==, 1);
  latest = parlo_history_latest_unseen_missed (fixture->b_history);
  g_assert_nonnull (latest);
  g_assert_cmpint (parlo_history_entry_get_id (latest), ==, parlo_history_entry_get_id (b_entry));
  g_assert_cmpuint (parlo_history_count (fixture->b_history, NULL, TRUE), ==, 1);

  a_entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (a_entry), ==, PARLO_HISTORY_RESULT_CANCELLED);
  g_assert_cmpint (parlo_history_entry_get_direction (a_entry), ==, PARLO_CALL_DIRECTION_OUTGOING);
  assert_not_answered (a_entry);
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->a_history), ==, 0);
  g_assert_cmpuint (parlo_history_count (fixture->a_history, NULL, TRUE), ==, 0);
}

/* Bob declines with 603: each side's Recent says "declined", and Alice's says
 * with which status; neither is a missed call. */
static void
test_declined (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloHistoryEntry) a_entry = NULL;
  g_autoptr(ParloHistoryEntry) b_entry = NULL;

  ring_and_refuse (fixture, 603, NULL);

  b_entry = ended_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (b_entry), ==, PARLO_HISTORY_RESULT_DECLINED);
  assert_not_answered (b_entry);
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->b_history), ==, 0);

  a_entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (a_entry), ==, PARLO_HISTORY_RESULT_DECLINED);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (a_entry), ==, 603);
  g_assert_cmpstr (parlo_history_entry_get_reason (a_entry), ==, "603 Decline");
  assert_not_answered (a_entry);
}

/* Bob presses Decline (which answers 486): Bob's Recent says he declined it,
 * Alice's that Bob was busy. */
static void
test_busy (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloHistoryEntry) a_entry = NULL;
  g_autoptr(ParloHistoryEntry) b_entry = NULL;

  ring_and_refuse (fixture, 486, NULL);

  b_entry = ended_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (b_entry), ==, PARLO_HISTORY_RESULT_DECLINED);
  assert_not_answered (b_entry);

  a_entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (a_entry), ==, PARLO_HISTORY_RESULT_BUSY);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (a_entry), ==, 486);
  g_assert_cmpstr (parlo_history_entry_get_reason (a_entry), ==, "486 Busy Here");
  assert_not_answered (a_entry);
}

/* Bob's side fails the call with 503: Alice's Recent says it failed, and why,
 * in the words the peer sent. */
static void
test_failed_rejected (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloHistoryEntry) a_entry = NULL;
  g_autoptr(ParloHistoryEntry) b_entry = NULL;

  ring_and_refuse (fixture, 503, "Service Unavailable");

  a_entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (a_entry), ==, PARLO_HISTORY_RESULT_FAILED);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (a_entry), ==, 503);
  g_assert_cmpstr (parlo_history_entry_get_reason (a_entry), ==, "503 Service Unavailable");
  assert_not_answered (a_entry);

  /* Bob refused it himself: declined, not missed. */
  b_entry = ended_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (b_entry), ==, PARLO_HISTORY_RESULT_DECLINED);
  g_assert_cmpuint (parlo_history_get_unseen_missed (fixture->b_history), ==, 0);
}

/* Nobody answers at Bob's (480): Alice's Recent says the call failed, with
 * that status and its words. */
static void
test_failed_no_answer (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloHistoryEntry) a_entry = NULL;

  ring_and_refuse (fixture, 480, NULL);

  a_entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (a_entry), ==, PARLO_HISTORY_RESULT_FAILED);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (a_entry), ==, 480);
  g_assert_cmpstr (parlo_history_entry_get_reason (a_entry), ==, "480 Temporarily Unavailable");
  assert_not_answered (a_entry);
}

/* Alice calls an address where no program listens (over TCP, refused at once):
 * her Recent says the call failed, and why in the engine's words, though no
 * SIP status ever came back. */
static void
test_failed_nobody_there (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a;
  guint16 nowhere = parlo_test_free_port ();
  g_autofree char *uri = g_strdup_printf ("sip:nobody@127.0.0.1:%u;transport=tcp", nowhere);
  GListModel *ended = G_LIST_MODEL (a->ended);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;
  g_autoptr(ParloCall) call = NULL;

  parlo_engine_dial_async (a->engine, a->aor, uri, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (a->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  /* It may have ended already by the time the dial returns. */
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && g_list_model_get_n_items (ended) == 1);
  call = g_list_model_get_item (ended, 0);
  g_assert_cmpstr (parlo_call_get_id (call), ==, call_id);
  g_test_message ("Calling nobody ended with %u \"%s\"", parlo_call_get_end_status (call),
                  parlo_call_get_end_message (call));
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_FAILED);

  entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_FAILED);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, uri);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (entry), ==, 0);
  g_assert_cmpstr (parlo_history_entry_get_reason (entry), ==, "Connection refused");
  assert_not_answered (entry);
}

/* Bob's engine is killed during the call: Bob's Recent shows the call as
 * interrupted, ended when the engine died, not left "in progress" nor lost,
 * and listed once even after the engine came back. */
static void
test_interrupted (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;
  gint64 answered_us, killed_us;
  double talked_s;
  GPid pid;

  ring (fixture, &a_call, &b_call);
  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  answered_us = g_get_real_time ();
  wait_us (HOLD_US);

  pid = parlo_engine_get_process_id (b->engine);
  g_assert_cmpint (pid, >, 0);
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING,
                         "The engine stopped unexpectedly (killed by signal 9)*");
  killed_us = g_get_real_time ();
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  talked_s = (killed_us - answered_us) / (double) G_USEC_PER_SEC;

  entry = ended_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
  parlo_test_assert_time_near (parlo_history_entry_get_answered (entry), answered_us, SLACK_US);
  parlo_test_assert_time_near (parlo_history_entry_get_ended (entry), killed_us, SLACK_US);
  g_assert_cmpfloat (ABS (parlo_history_entry_get_duration (entry) - talked_s), <=, 1.0);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_INTERRUPTED);

  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (b->engine) == PARLO_ENGINE_STATE_RUNNING);
  g_test_assert_expected_messages ();
  g_clear_object (&entry);
  entry = parlo_test_history_only_entry (fixture->b_history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_INTERRUPTED);

  /* Alice never heard a BYE; she hangs up herself, and her call was answered. */
  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0);
  g_clear_object (&entry);
  entry = ended_entry (fixture->a_history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ANSWERED);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_ISOLATE_DIRS);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history/calls/answered", test_answered);
  ADD ("/history/calls/missed-and-cancelled", test_missed_and_cancelled);
  ADD ("/history/calls/declined", test_declined);
  ADD ("/history/calls/busy", test_busy);
  ADD ("/history/calls/failed-rejected", test_failed_rejected);
  ADD ("/history/calls/failed-no-answer", test_failed_no_answer);
  ADD ("/history/calls/failed-nobody-there", test_failed_nobody_there);
  ADD ("/history/calls/interrupted", test_interrupted);

  result = parlo_test_run ();
  return result;
}
