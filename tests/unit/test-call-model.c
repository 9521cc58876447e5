/* Call-model transitions from recorded engine event sequences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/parlo-call-model.h"
#include "session/parlo-call-sync.h"
#include "parlo-model-enums.h"

#define A "sip:alice@127.0.0.1:5070"
#define CALL(type, dir, extra) \
  "{\"event\":true,\"type\":\"" type "\",\"class\":\"call\",\"accountaor\":\"" A "\"," \
  "\"direction\":\"" dir "\",\"peeruri\":\"sip:bob@127.0.0.1:5072\",\"id\":\"c1\"" extra "}"
#define FLAGS(hold, peerhold, muted) \
  ",\"onhold\":" hold ",\"peerhold\":" peerhold ",\"muted\":" muted

typedef struct {
  ParloCallModel *model;
  ParloCallSync  *sync;
  GPtrArray      *ended;
  GPtrArray      *states;    /* every state the first call went through */
} Fixture;

static void
on_call_ended (ParloCallModel *model, ParloCall *call, Fixture *fixture)
{
  g_assert_false (parlo_call_is_live (call));
  g_ptr_array_add (fixture->ended, g_object_ref (call));
}

static void
on_state (ParloCall *call, GParamSpec *pspec, Fixture *fixture)
{
  g_ptr_array_add (fixture->states, GINT_TO_POINTER (parlo_call_get_state (call)));
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  if (added == 1 && g_list_model_get_n_items (model) == 1 && fixture->states->len == 0)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (model, position);

      g_ptr_array_add (fixture->states, GINT_TO_POINTER (parlo_call_get_state (call)));
      g_signal_connect (call, "notify::state", G_CALLBACK (on_state), fixture);
    }
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->model = parlo_call_model_new ();
  fixture->sync = parlo_call_sync_new (NULL, fixture->model);
  fixture->ended = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->states = g_ptr_array_new ();
  g_signal_connect (fixture->model, "call-ended", G_CALLBACK (on_call_ended), fixture);
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_object_unref (fixture->sync);
  g_object_unref (fixture->model);
  g_ptr_array_unref (fixture->ended);
  g_ptr_array_unref (fixture->states);
}

static void
apply (Fixture *fixture, const char *line)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlo_protocol_decode (line, strlen (line), &event, &response, &error));
  g_assert_no_error (error);
  parlo_call_sync_apply_event (fixture->sync, event);
}

static void
apply_all (Fixture *fixture, const char * const *lines)
{
  for (; *lines != NULL; lines++)
    apply (fixture, *lines);
}

static guint
n_calls (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
}

static ParloCall *
ended_call (Fixture *fixture, guint index)
{
  g_assert_cmpuint (fixture->ended->len, >, index);
  return g_ptr_array_index (fixture->ended, index);
}

static void
assert_states (Fixture *fixture, const ParloCallState *expected, gsize n_expected)
{
  g_assert_cmpuint (fixture->states->len, ==, n_expected);
  for (gsize i = 0; i < n_expected; i++)
    g_assert_cmpint (GPOINTER_TO_INT (fixture->states->pdata[i]), ==, expected[i]);
}

static void
test_incoming_answered_then_closed (Fixture *fixture, gconstpointer data)
{
  const char *lines[] = {
    CALL ("CALL_REMOTE_SDP", "incoming", ",\"param\":\"offer\"" FLAGS ("false", "false", "false")),
    CALL ("CALL_INCOMING", "incoming", ",\"peerdisplayname\":\"Bob\"" FLAGS ("false", "false", "false")),
    NULL };
  const char *after_answer[] = {
    CALL ("CALL_LOCAL_SDP", "incoming", ",\"param\":\"answer\"" FLAGS ("false", "false", "false")),
    CALL ("CALL_ESTABLISHED", "incoming", FLAGS ("false", "false", "false")),
    CALL ("CALL_RTCP", "incoming", ",\"param\":\"audio\",\"rtcp_stats\":{\"tx\":{\"sent\":100,\"lost\":0,\"jit\":0},"
          "\"rx\":{\"sent\":95,\"lost\":5,\"jit\":4000},\"rtt\":30000}" FLAGS ("false", "false", "false")),
    NULL };
  const ParloCallState states[] = { PARLO_CALL_STATE_INCOMING, PARLO_CALL_STATE_ESTABLISHED,
                                    PARLO_CALL_STATE_TERMINATED };
  g_autoptr(ParloCall) call = NULL;

  apply_all (fixture, lines);
  g_assert_cmpuint (n_calls (fixture), ==, 1);
  call = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_cmpint (parlo_call_get_state (call), ==, PARLO_CALL_STATE_INCOMING);
  g_assert_cmpint (parlo_call_get_direction (call), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (parlo_call_get_peer_uri (call), ==, "sip:bob@127.0.0.1:5072");
  g_assert_cmpstr (parlo_call_get_peer_name (call), ==, "Bob");
  g_assert_cmpstr (parlo_call_get_account (call), ==, A);
  g_assert_null (parlo_call_get_answered (call));

  apply_all (fixture, after_answer);
  g_assert_cmpint (parlo_call_get_state (call), ==, PARLO_CALL_STATE_ESTABLISHED);
  g_assert_nonnull (parlo_call_get_answered (call));
  g_assert_true (parlo_call_get_has_quality (call));
  g_assert_cmpfloat_with_epsilon (parlo_call_get_packet_loss (call), 5.0, 0.01);
  g_assert_cmpuint (parlo_call_get_jitter_ms (call), ==, 4);
  g_assert_cmpuint (parlo_call_get_round_trip_ms (call), ==, 30);

  apply (fixture, CALL ("CALL_CLOSED", "incoming", ",\"param\":\"Connection reset by peer\",\"scode\":0,\"local\":false"));
  g_assert_cmpuint (n_calls (fixture), ==, 0);
  g_assert_true (ended_call (fixture, 0) == call);
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_HANGUP_REMOTE);
  g_assert_nonnull (parlo_call_get_ended (call));
  assert_states (fixture, states, G_N_ELEMENTS (states));
}

static void
test_outgoing_ringing_early_established (Fixture *fixture, gconstpointer data)
{
  const char *lines[] = {
    CALL ("CALL_LOCAL_SDP", "outgoing", ",\"param\":\"offer\"" FLAGS ("false", "false", "false")),
    CALL ("CALL_RINGING", "outgoing", FLAGS ("false", "false", "false")),
    CALL ("CALL_PROGRESS", "outgoing", FLAGS ("false", "false", "false")),
    CALL ("CALL_ESTABLISHED", "outgoing", FLAGS ("false", "false", "false")),
    CALL ("CALL_UPDATE", "outgoing", FLAGS ("true", "false", "false")),
    CALL ("CALL_UPDATE", "outgoing", FLAGS ("false", "false", "true")),
    CALL ("CALL_REMOTE_SDP", "outgoing", ",\"param\":\"offer\"" FLAGS ("false", "true", "true")),
    CALL ("CALL_CLOSED", "outgoing", ",\"param\":\"Connection reset by user\",\"scode\":0,\"local\":true"),
    NULL };
  const ParloCallState states[] = {
    PARLO_CALL_STATE_OUTGOING, PARLO_CALL_STATE_RINGING, PARLO_CALL_STATE_EARLY,
    PARLO_CALL_STATE_ESTABLISHED, PARLO_CALL_STATE_HELD, PARLO_CALL_STATE_ESTABLISHED,
    PARLO_CALL_STATE_TERMINATED };
  ParloCall *call;

  apply_all (fixture, lines);
  call = ended_call (fixture, 0);
  assert_states (fixture, states, G_N_ELEMENTS (states));
  g_assert_cmpint (parlo_call_get_direction (call), ==, PARLO_CALL_DIRECTION_OUTGOING);
  g_assert_true (parlo_call_get_muted (call));
  g_assert_true (parlo_call_get_remote_held (call));
  g_assert_false (parlo_call_get_held (call));
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_HANGUP_LOCAL);
}

static void
test_declined_by_us (Fixture *fixture, gconstpointer data)
{
  apply (fixture, CALL ("CALL_INCOMING", "incoming", FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "incoming", ",\"param\":\"Busy Here\",\"scode\":486,\"local\":true"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 0)), ==, PARLO_CALL_END_DECLINED);
  g_assert_cmpuint (parlo_call_get_end_status (ended_call (fixture, 0)), ==, 486);
  g_assert_null (parlo_call_get_answered (ended_call (fixture, 0)));
}

static void
test_outgoing_busy_and_declined (Fixture *fixture, gconstpointer data)
{
  apply (fixture, CALL ("CALL_RINGING", "outgoing", FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"param\":\"486 Busy Here\",\"scode\":486,\"local\":false"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 0)), ==, PARLO_CALL_END_BUSY);
  g_assert_cmpstr (parlo_call_get_end_message (ended_call (fixture, 0)), ==, "486 Busy Here");

  apply (fixture, CALL ("CALL_RINGING", "outgoing", FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"param\":\"603 Decline\",\"scode\":603,\"local\":false"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 1)), ==, PARLO_CALL_END_DECLINED);
}

static void
test_cancelled_while_ringing (Fixture *fixture, gconstpointer data)
{
  /* The caller's side: we hung up before the answer. */
  apply (fixture, CALL ("CALL_RINGING", "outgoing", FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"param\":\"Connection reset by user\",\"scode\":0,\"local\":true"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 0)), ==, PARLO_CALL_END_CANCELLED);

  /* The callee's side: the caller gave up. */
  apply (fixture, CALL ("CALL_INCOMING", "incoming", FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "incoming", ",\"param\":\"Request Terminated\",\"scode\":0,\"local\":false"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 1)), ==, PARLO_CALL_END_CANCELLED);
}

static void
test_failed_with_status (Fixture *fixture, gconstpointer data)
{
  apply (fixture, CALL ("CALL_LOCAL_SDP", "outgoing", ",\"param\":\"offer\"" FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"param\":\"404 Not Found\",\"scode\":404,\"local\":false"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 0)), ==, PARLO_CALL_END_FAILED);
  g_assert_cmpuint (parlo_call_get_end_status (ended_call (fixture, 0)), ==, 404);
  g_assert_cmpstr (parlo_call_get_end_message (ended_call (fixture, 0)), ==, "404 Not Found");

  apply (fixture, CALL ("CALL_LOCAL_SDP", "outgoing", ",\"param\":\"offer\"" FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"param\":\"480 Temporarily Unavailable\",\"scode\":480,\"local\":false"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 1)), ==, PARLO_CALL_END_NO_ANSWER);
}

static void
test_transferred (Fixture *fixture, gconstpointer data)
{
  apply (fixture, CALL ("CALL_ESTABLISHED", "incoming", FLAGS ("false", "false", "false")));
  apply (fixture, CALL ("CALL_CLOSED", "incoming",
                        ",\"param\":\"Call transfered\",\"scode\":0,\"local\":false,\"transferred\":true"));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 0)), ==, PARLO_CALL_END_TRANSFERRED);
}

static void
test_interrupted (Fixture *fixture, gconstpointer data)
{
  apply (fixture, CALL ("CALL_ESTABLISHED", "outgoing", FLAGS ("false", "false", "false")));
  apply (fixture, "{\"event\":true,\"type\":\"CALL_INCOMING\",\"accountaor\":\"" A "\","
                  "\"direction\":\"incoming\",\"peeruri\":\"sip:carol@127.0.0.1\",\"id\":\"c2\"}");
  g_assert_cmpuint (n_calls (fixture), ==, 2);

  parlo_call_sync_interrupt_all (fixture->sync);
  g_assert_cmpuint (n_calls (fixture), ==, 0);
  g_assert_cmpuint (fixture->ended->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, i)), ==, PARLO_CALL_END_INTERRUPTED);

}

static void
test_two_calls_are_independent (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) first = NULL;
  g_autoptr(ParloCall) second = NULL;

  apply (fixture, CALL ("CALL_ESTABLISHED", "incoming", FLAGS ("false", "false", "false")));
  apply (fixture, "{\"event\":true,\"type\":\"CALL_INCOMING\",\"accountaor\":\"" A "\","
                  "\"direction\":\"incoming\",\"peeruri\":\"sip:carol@127.0.0.1\",\"id\":\"c2\"}");
  first = g_object_ref (parlo_call_model_find (fixture->model, A, "c1"));
  second = g_object_ref (parlo_call_model_find (fixture->model, A, "c2"));

  /* What the keys and the command line act on: the one that rings, the one
   * talked in, and none being placed. */
  g_assert_true (parlo_call_model_find_first (fixture->model, parlo_call_is_ringing_here) == second);
  g_assert_true (parlo_call_model_find_first (fixture->model, parlo_call_is_talking) == first);
  g_assert_null (parlo_call_model_find_first (fixture->model, parlo_call_is_being_placed));

  apply (fixture, CALL ("CALL_UPDATE", "incoming", FLAGS ("true", "false", "false")));
  g_assert_cmpint (parlo_call_get_state (first), ==, PARLO_CALL_STATE_HELD);
  g_assert_cmpint (parlo_call_get_state (second), ==, PARLO_CALL_STATE_INCOMING);
  /* A held call is not talked in. */
  g_assert_null (parlo_call_model_find_first (fixture->model, parlo_call_is_talking));
  /* The same call id on another account is another call. */
  g_assert_null (parlo_call_model_find (fixture->model, "sip:other@127.0.0.1", "c1"));
}

static void
on_dtmf (ParloCall *call, const char *key, GString *keys)
{
  g_string_append (keys, key);
}

static void
test_dtmf_and_unknown_events (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(ParloCall) call = NULL;

  /* Events that name no call, or a call that is already gone, change nothing. */
  apply (fixture, "{\"event\":true,\"type\":\"REGISTER_OK\",\"accountaor\":\"" A "\",\"param\":\"200 OK\"}");
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"scode\":0,\"local\":false"));
  g_assert_cmpuint (n_calls (fixture), ==, 0);
  g_assert_cmpuint (fixture->ended->len, ==, 0);

  apply (fixture, CALL ("CALL_ESTABLISHED", "incoming", FLAGS ("false", "false", "false")));
  call = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_signal_connect (call, "dtmf", G_CALLBACK (on_dtmf), keys);
  apply (fixture, CALL ("CALL_DTMF_START", "incoming", ",\"param\":\"1\""));
  apply (fixture, CALL ("CALL_DTMF_END", "incoming", ""));
  apply (fixture, CALL ("CALL_DTMF_START", "incoming", ",\"param\":\"#\""));
  g_assert_cmpstr (keys->str, ==, "1#");
}

/* Encrypted comes with the call flags, as the engine last saw the stream; the
 * peer's audio goes missing and comes back; once missing, the call says so to
 * the end. */
static void
test_media_flags (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) call = NULL;

  apply (fixture, CALL ("CALL_ESTABLISHED", "outgoing", FLAGS ("false", "false", "false") ",\"encrypted\":false"));
  call = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_false (parlo_call_get_encrypted (call));
  apply (fixture, CALL ("CALL_MENC", "outgoing", FLAGS ("false", "false", "false") ",\"encrypted\":true"));
  g_assert_true (parlo_call_get_encrypted (call));

  g_assert_false (parlo_call_get_audio_went_missing (call));
  apply (fixture, CALL ("CALL_RTP_RX_STOPPED", "outgoing", ",\"rx_packets\":12"));
  g_assert_true (parlo_call_get_audio_missing (call));
  apply (fixture, CALL ("CALL_RTP_RX_RESUMED", "outgoing", ",\"rx_packets\":13"));
  g_assert_false (parlo_call_get_audio_missing (call));
  g_assert_true (parlo_call_get_audio_went_missing (call));
}

/* A call refused for want of encryption ends saying so; one the engine refused
 * before it announced it still passes through the model, ended, never ringing. */
static void
test_refused_unencrypted (Fixture *fixture, gconstpointer data)
{
  static const ParloCallState states[] = { PARLO_CALL_STATE_TERMINATED };

  apply (fixture, CALL ("CALL_CLOSED", "incoming", ",\"scode\":488,\"local\":false,\"cause\":\"unencrypted\""));
  g_assert_cmpuint (n_calls (fixture), ==, 0);
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 0)), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_cmpint (parlo_call_get_direction (ended_call (fixture, 0)), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_false (parlo_call_is_missed (ended_call (fixture, 0)));
  assert_states (fixture, states, G_N_ELEMENTS (states));

  apply (fixture, CALL ("CALL_RINGING", "outgoing", ""));
  apply (fixture, CALL ("CALL_CLOSED", "outgoing", ",\"scode\":0,\"local\":true,\"cause\":\"unencrypted\""));
  g_assert_cmpint (parlo_call_get_end_reason (ended_call (fixture, 1)), ==, PARLO_CALL_END_NOT_ENCRYPTED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/call-model/incoming-answered-closed", test_incoming_answered_then_closed);
  ADD ("/call-model/outgoing-ringing-early-established", test_outgoing_ringing_early_established);
  ADD ("/call-model/declined-by-us", test_declined_by_us);
  ADD ("/call-model/outgoing-busy-and-declined", test_outgoing_busy_and_declined);
  ADD ("/call-model/cancelled-while-ringing", test_cancelled_while_ringing);
  ADD ("/call-model/failed-with-status", test_failed_with_status);
  ADD ("/call-model/transferred", test_transferred);
  ADD ("/call-model/interrupted", test_interrupted);
  ADD ("/call-model/two-calls", test_two_calls_are_independent);
  ADD ("/call-model/dtmf-and-unknown-events", test_dtmf_and_unknown_events);
  ADD ("/call-model/media-flags", test_media_flags);
  ADD ("/call-model/refused-unencrypted", test_refused_unencrypted);
  return g_test_run ();
}
