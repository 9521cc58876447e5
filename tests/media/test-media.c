/* Media a person can see: whether a call's audio is encrypted, calls refused
 * for want of the encryption the account requires, and calls whose far end
 * sends no audio. Real baresip engines with our module on 127.0.0.1, sipp as a
 * far end that answers and stays mute, and the history the app would write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <glib/gstdio.h>

#include "parlo-test.h"
#include "parlo-test-history.h"
#include "parlo-test-servers.h"
#include "model/parlo-history-recorder.h"

/* A far end that stays mute is reported within this long of the answer. */
#define NO_AUDIO_WITHIN_MS 6000

typedef struct {
  ParloTestPeer        *peer;
  ParloHistory         *history;
  ParloHistoryRecorder *recorder;
  char                 *directory;
} RecordingPeer;

static ParloTestPeer *
peer_new (const char *user, const char *mediaenc)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();

  return parlo_test_peer_new_with (user, NULL, settings, mediaenc);
}

/* A peer whose calls go into a history, as the app records them. */
static RecordingPeer *
recording_peer_new (const char *user, const char *mediaenc)
{
  RecordingPeer *r = g_new0 (RecordingPeer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  r->directory = g_dir_make_tmp ("parlo-media-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (r->directory, "history.db", NULL);
  r->peer = peer_new (user, mediaenc);
  r->history = parlo_test_history_open (path);
  r->recorder = parlo_history_recorder_new (r->history, r->peer->calls);
  return r;
}

static void
recording_peer_free (RecordingPeer *r)
{
  g_object_unref (r->recorder);
  parlo_test_history_close (&r->history);
  parlo_test_peer_free (r->peer);
  parlo_test_remove_tree (r->directory);
  g_free (r->directory);
  g_free (r);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

static guint
n_ended (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->ended));
}

/* A dials B and B answers; both sides' calls, established. */
static void
connect_call (ParloTestPeer *a, ParloTestPeer *b, ParloCall **a_call, ParloCall **b_call)
{
  g_autofree char *call_id = parlo_test_peer_dial (a, b);

  *a_call = parlo_test_peer_find_call (a, call_id);
  PARLO_TEST_WAIT_UNTIL (n_calls (b) == 1);
  *b_call = parlo_test_peer_call (b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*b_call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (b, *b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*a_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (*b_call) == PARLO_CALL_STATE_ESTABLISHED);
}

static char *
dial_uri (ParloTestPeer *from, const char *uri)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  char *call_id;

  parlo_engine_dial_async (from->engine, from->aor, uri, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (from->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return call_id;
}

/* Both ends of a call between two accounts of mediaenc report encrypted. */
static void
check_encrypted_call (const char *mediaenc)
{
  ParloTestPeer *a = peer_new ("alice", mediaenc);
  ParloTestPeer *b = peer_new ("bob", mediaenc);
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  connect_call (a, b, &a_call, &b_call);
  /* The engine says so once the keys are agreed, which may follow the answer. */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_encrypted (a_call) && parlo_call_get_encrypted (b_call));

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
}

static void
test_srtp_required_is_encrypted (void)
{
  check_encrypted_call ("srtp-mand");
}

static void
test_srtp_is_encrypted (void)
{
  check_encrypted_call ("srtp");
}

static void
test_dtls_srtp_is_encrypted (void)
{
  check_encrypted_call ("dtls_srtp");
}

/* Plain on both sides: connected, talking, and not encrypted. */
static void
test_plain_is_not_encrypted (void)
{
  ParloTestPeer *a = peer_new ("alice", NULL);
  ParloTestPeer *b = peer_new ("bob", NULL);
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  connect_call (a, b, &a_call, &b_call);
  parlo_test_run_for (1000);
  g_assert_false (parlo_call_get_encrypted (a_call));
  g_assert_false (parlo_call_get_encrypted (b_call));

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
}

/* A on "SRTP required" calls plain B: B refuses the encrypted offer, and A's
 * call ends saying why; its history row keeps it. */
static void
test_required_refused_outgoing (void)
{
  RecordingPeer *a = recording_peer_new ("alice", "srtp-mand");
  ParloTestPeer *b = peer_new ("bob", NULL);
  g_autofree char *call_id = parlo_test_peer_dial (a->peer, b);
  g_autoptr(ParloCall) a_call = parlo_test_peer_find_call (a->peer, call_id);
  g_autoptr(ParloHistoryEntry) entry = NULL;

  PARLO_TEST_WAIT_UNTIL (n_calls (a->peer) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_cmpuint (parlo_call_get_end_status (a_call), ==, 488);
  g_assert_null (parlo_call_get_answered (a_call));
  g_assert_cmpuint (n_ended (b), ==, 0);

  entry = parlo_test_history_only_entry (a->history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_FAILED);
  g_assert_cmpint (parlo_history_entry_get_media (entry), ==, PARLO_HISTORY_MEDIA_UNENCRYPTED);

  recording_peer_free (a);
  parlo_test_peer_free (b);
}

/* DTLS-SRTP has no plain fallback: calling a plain peer is refused as on "SRTP
 * required", in the same words. */
static void
test_dtls_refused_outgoing (void)
{
  ParloTestPeer *a = peer_new ("alice", "dtls_srtp");
  ParloTestPeer *b = peer_new ("bob", NULL);
  g_autofree char *call_id = parlo_test_peer_dial (a, b);
  g_autoptr(ParloCall) a_call = parlo_test_peer_find_call (a, call_id);

  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_null (parlo_call_get_answered (a_call));
  g_assert_cmpuint (n_ended (b), ==, 0);

  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
}

/* Plain A calls B on "SRTP required": B's engine refuses the offer with 488
 * before it rings, and B still learns of the call and why it was refused. */
static void
test_required_refused_incoming (void)
{
  ParloTestPeer *a = peer_new ("alice", NULL);
  RecordingPeer *b = recording_peer_new ("bob", "srtp-mand");
  g_autofree char *call_id = parlo_test_peer_dial (a, b->peer);
  g_autoptr(ParloCall) a_call = parlo_test_peer_find_call (a, call_id);
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;

  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_ended (b->peer) == 1);
  g_assert_cmpuint (parlo_call_get_end_status (a_call), ==, 488);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_FAILED);

  b_call = g_list_model_get_item (G_LIST_MODEL (b->peer->ended), 0);
  g_assert_cmpint (parlo_call_get_direction (b_call), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (parlo_call_get_peer_uri (b_call), ==, a->aor);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_false (parlo_call_is_missed (b_call));

  entry = parlo_test_history_only_entry (b->history);
  g_assert_cmpint (parlo_history_entry_get_direction (entry), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_FAILED);
  g_assert_cmpint (parlo_history_entry_get_media (entry), ==, PARLO_HISTORY_MEDIA_UNENCRYPTED);

  parlo_test_peer_free (a);
  recording_peer_free (b);
}

/* A far end that answers an encrypted offer with plain audio: baresip would
 * connect the call without sound; it ends instead, never shown as answered. */
static void
test_required_refuses_plain_answer (void)
{
  RecordingPeer *a = recording_peer_new ("alice", "srtp-mand");
  guint16 port = parlo_test_free_port ();
  ParloTestFarEnd *far_end = parlo_test_far_end_start (port);
  g_autofree char *uri = g_strdup_printf ("sip:mute@127.0.0.1:%u", port);
  g_autofree char *call_id = dial_uri (a->peer, uri);
  g_autoptr(ParloCall) a_call = parlo_test_peer_find_call (a->peer, call_id);
  g_autoptr(ParloHistoryEntry) entry = NULL;

  PARLO_TEST_WAIT_UNTIL (n_calls (a->peer) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_null (parlo_call_get_answered (a_call));
  entry = parlo_test_history_only_entry (a->history);
  g_assert_cmpint (parlo_history_entry_get_media (entry), ==, PARLO_HISTORY_MEDIA_UNENCRYPTED);

  recording_peer_free (a);
  parlo_test_far_end_stop (far_end);
}

/* sipp answers and sends no RTP: within 6 s of the answer the call says the
 * other side's sound is missing, and its history row keeps that. */
static void
test_no_audio_from_far_end (void)
{
  RecordingPeer *a = recording_peer_new ("alice", NULL);
  guint16 port = parlo_test_free_port ();
  ParloTestFarEnd *far_end = parlo_test_far_end_start (port);
  g_autofree char *uri = g_strdup_printf ("sip:mute@127.0.0.1:%u", port);
  g_autofree char *call_id = dial_uri (a->peer, uri);
  g_autoptr(ParloCall) a_call = parlo_test_peer_find_call (a->peer, call_id);
  g_autoptr(ParloHistoryEntry) entry = NULL;
  gint64 answered;

  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  answered = g_get_monotonic_time ();
  g_assert_false (parlo_call_get_audio_missing (a_call));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_audio_missing (a_call));
  g_assert_cmpint ((g_get_monotonic_time () - answered) / 1000, <=, NO_AUDIO_WITHIN_MS);

  parlo_test_peer_hangup (a->peer, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a->peer) == 0);
  entry = parlo_test_history_only_entry (a->history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ANSWERED);
  g_assert_cmpint (parlo_history_entry_get_media (entry), ==, PARLO_HISTORY_MEDIA_NO_AUDIO);

  recording_peer_free (a);
  parlo_test_far_end_stop (far_end);
}

/* B's microphone is a silent null sink's monitor: B sends silence, which is
 * sound arriving, not sound missing. When B's engine freezes, its RTP stops and
 * A says so; when it thaws, the message goes away. */
static void
test_silence_is_not_missing_audio (void)
{
  ParloTestPeer *a = peer_new ("alice", NULL);
  ParloTestPeer *b = peer_new ("bob", NULL);
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  GPid b_pid = parlo_engine_get_process_id (b->engine);

  connect_call (a, b, &a_call, &b_call);
  parlo_test_run_for (NO_AUDIO_WITHIN_MS + 1000);
  g_assert_false (parlo_call_get_audio_missing (a_call));
  g_assert_false (parlo_call_get_audio_missing (b_call));

  g_assert_cmpint (kill (b_pid, SIGSTOP), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_audio_missing (a_call));
  g_assert_cmpint (kill (b_pid, SIGCONT), ==, 0);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_audio_missing (a_call));
  g_assert_true (parlo_call_get_audio_went_missing (a_call));

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
}

int
main (int argc, char **argv)
{
  parlo_test_init (&argc, &argv, PARLO_TEST_ISOLATE_DIRS);
  g_test_add_func ("/media/encrypted/srtp-required", test_srtp_required_is_encrypted);
  g_test_add_func ("/media/encrypted/srtp", test_srtp_is_encrypted);
  g_test_add_func ("/media/encrypted/dtls-srtp", test_dtls_srtp_is_encrypted);
  g_test_add_func ("/media/encrypted/plain", test_plain_is_not_encrypted);
  g_test_add_func ("/media/required/outgoing", test_required_refused_outgoing);
  g_test_add_func ("/media/required/incoming", test_required_refused_incoming);
  g_test_add_func ("/media/required/plain-answer", test_required_refuses_plain_answer);
  g_test_add_func ("/media/required/dtls-srtp", test_dtls_refused_outgoing);
  g_test_add_func ("/media/no-audio/far-end", test_no_audio_from_far_end);
  g_test_add_func ("/media/no-audio/silence", test_silence_is_not_missing_audio);
  return parlo_test_run ();
}
