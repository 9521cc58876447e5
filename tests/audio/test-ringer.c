/* The sounds calls make, heard where a person would hear them: the ringtone on
 * the ringing device, ringback and the busy tone on the loudspeaker, silence
 * once the call is answered or with "Do not disturb" on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "audio/parlo-ringer.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"

#define LISTEN_MS 600

typedef struct {
  ParloTestPeer *a;          /* calls */
  ParloTestPeer *b;          /* is called */
  GSettings     *a_settings;
  GSettings     *b_settings;
  ParloRinger   *a_ringer;
  ParloRinger   *b_ringer;
  guint          modules[3];
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->modules[0] = parlo_test_pulse_null_sink ("speaker_a");
  fixture->modules[1] = parlo_test_pulse_null_sink ("bell_b");
  fixture->modules[2] = parlo_test_pulse_tone_source ("mouth_a", 1000);
  fixture->a_settings = parlo_test_settings_new ();
  fixture->b_settings = parlo_test_settings_new ();
  fixture->a = parlo_test_peer_new_full ("alice", NULL, fixture->a_settings);
  fixture->b = parlo_test_peer_new_full ("bob", NULL, fixture->b_settings);
  parlo_test_peer_use_device (fixture->a, "player", "speaker_a");
  parlo_test_peer_use_device (fixture->a, "source", "mouth_a.monitor");
  parlo_test_peer_use_device (fixture->b, "alert", "bell_b");
  fixture->a_ringer = parlo_ringer_new (fixture->a->engine, fixture->a->calls, fixture->a_settings);
  fixture->b_ringer = parlo_ringer_new (fixture->b->engine, fixture->b->calls, fixture->b_settings);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->a_ringer);
  g_clear_object (&fixture->b_ringer);
  parlo_test_peer_free (fixture->a);
  parlo_test_peer_free (fixture->b);
  g_clear_object (&fixture->a_settings);
  g_clear_object (&fixture->b_settings);
  for (gsize i = 0; i < G_N_ELEMENTS (fixture->modules); i++)
    parlo_test_pulse_unload_module (fixture->modules[i]);
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    parlo_test_iterate ();
}

static gboolean
sounds (const char *sink)
{
  g_autofree gint16 *samples = parlo_test_audio_record (sink, LISTEN_MS);

  return !parlo_test_audio_is_silent (samples, PARLO_TEST_AUDIO_SAMPLES (LISTEN_MS));
}

/* What still plays when a tone is stopped drains from the sink within a moment. */
#define DRAIN_US (G_USEC_PER_SEC / 2)

static void
assert_falls_silent (const char *sink)
{
  gint64 deadline = g_get_monotonic_time () + DRAIN_US;

  while (sounds (sink))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static ParloCall *
ring (Fixture *fixture)
{
  G_GNUC_UNUSED g_autofree char *call_id = parlo_test_peer_dial (fixture->a, fixture->b);
  g_autoptr(ParloCall) caller = NULL;
  ParloCall *call;

  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->b->calls)) == 1);
  call = parlo_test_peer_call (fixture->b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  caller = parlo_test_peer_call (fixture->a, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (caller) == PARLO_CALL_STATE_RINGING);
  return call;
}

/* The bell rings while the call comes in, the caller hears ringback, and both
 * stop when the call is answered; then the caller's microphone level shows. */
static void
test_ring_until_answered (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) call = ring (fixture);
  g_autoptr(ParloCall) caller = NULL;
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  ParloTestRecorder *recorder;
  g_autofree gint16 *after_key = g_new (gint16, PARLO_TEST_AUDIO_SAMPLES (1000));
  gint64 pressed;

  g_assert_true (sounds ("bell_b"));
  g_assert_true (sounds ("speaker_a"));

  parlo_test_peer_answer (fixture->b, call);
  caller = parlo_test_peer_call (fixture->a, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (caller) == PARLO_CALL_STATE_ESTABLISHED);
  assert_falls_silent ("bell_b");
  /* A's loudspeaker now plays B's (silent) microphone, not ringback. */
  assert_falls_silent ("speaker_a");

  /* What A's microphone sends shows as its level. */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_input_level (caller) > -30.0);

  /* A key pressed during the call is heard by whoever presses it. */
  parlo_call_actions_add_to (fixture->a->actions, G_ACTION_MAP (actions));
  recorder = parlo_test_recorder_start ("speaker_a.monitor");
  pressed = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (actions), "dtmf",
                                  g_variant_new ("(sss)", parlo_call_get_account (caller),
                                                 parlo_call_get_id (caller), "5"));
  parlo_test_recorder_read (recorder, parlo_test_recorder_index_at (recorder, pressed),
                            PARLO_TEST_AUDIO_SAMPLES (1000), after_key);
  parlo_test_recorder_stop (recorder);
  g_assert_false (parlo_test_audio_is_silent (after_key, PARLO_TEST_AUDIO_SAMPLES (1000)));
  parlo_test_peer_hangup (fixture->b, call, 0);
}

/* With "Do not disturb" the call is there but the bell stays silent; declining
 * it as busy gives the caller the busy tone. */
static void
test_do_not_disturb_and_busy (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) call = NULL;

  g_settings_set_boolean (fixture->b_settings, "do-not-disturb", TRUE);
  call = ring (fixture);
  g_assert_false (sounds ("bell_b"));

  parlo_test_peer_hangup (fixture->b, call, 486);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->a->calls)) == 0);
  g_assert_true (sounds ("speaker_a"));
}

/* The bell stops when the caller gives up (or another phone answers). */
static void
test_ring_until_cancelled (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) call = ring (fixture);
  g_autoptr(ParloCall) caller = parlo_test_peer_call (fixture->a, 0);

  g_assert_true (sounds ("bell_b"));
  parlo_test_peer_hangup (fixture->a, caller, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->b->calls)) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_CANCELLED);
  /* Half a second later it is silent (what the sink had queued plays out). */
  wait_ms (500);
  g_assert_false (sounds ("bell_b"));
}

/* A second call during a call beeps on the ringing device, as call waiting. */
static void
test_call_waiting (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) first = ring (fixture);
  ParloTestPeer *c = parlo_test_peer_new ("carol");
  g_autofree char *second_id = NULL;
  g_autoptr(ParloCall) second = NULL;

  parlo_test_peer_answer (fixture->b, first);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (first) == PARLO_CALL_STATE_ESTABLISHED);
  wait_ms (500);
  g_assert_false (sounds ("bell_b"));

  second_id = parlo_test_peer_dial (c, fixture->b);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->b->calls)) == 2);
  second = parlo_test_peer_call (fixture->b, 1);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (second) == PARLO_CALL_STATE_INCOMING);
  g_assert_true (sounds ("bell_b"));

  parlo_test_peer_hangup (fixture->b, second, 486);
  parlo_test_peer_hangup (fixture->b, first, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->b->calls)) == 0);
  parlo_test_peer_free (c);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR);
  g_test_add ("/ringer/ring-until-answered", Fixture, NULL, fixture_set_up, test_ring_until_answered,
              fixture_tear_down);
  g_test_add ("/ringer/ring-until-cancelled", Fixture, NULL, fixture_set_up, test_ring_until_cancelled,
              fixture_tear_down);
  g_test_add ("/ringer/call-waiting", Fixture, NULL, fixture_set_up, test_call_waiting, fixture_tear_down);
  g_test_add ("/ringer/do-not-disturb-and-busy", Fixture, NULL, fixture_set_up, test_do_not_disturb_and_busy,
              fixture_tear_down);
  result = parlo_test_run ();
  return result;
}
