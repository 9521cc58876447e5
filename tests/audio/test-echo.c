/* The echo test: a call to the echo peer brings back what the microphone hears,
 * and says how long it took.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "audio/parlo-echo-test.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"

#define TONE 1000

static char *
start (ParloEchoTest *echo_test)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  char *uri;

  parlo_echo_test_start_async (echo_test, NULL, parlo_test_result_ready, &result);
  uri = parlo_echo_test_start_finish (echo_test, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return uri;
}

static void
test_echo_returns_the_microphone (void)
{
  guint mouth = parlo_test_pulse_tone_source ("mouth", TONE);
  guint speaker = parlo_test_pulse_null_sink ("speaker");
  ParloTestPeer *phone = parlo_test_peer_new ("me");
  g_autoptr(ParloEchoTest) echo_test = parlo_echo_test_new (phone->engine, phone->calls);
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(ParloCall) call = NULL;
  g_autofree gint16 *heard = NULL;
  g_autofree char *uri = start (echo_test);
  g_autofree char *again = start (echo_test);

  /* Asking again reuses the running peer. */
  g_assert_true (g_str_has_prefix (uri, "sip:echo@127.0.0.1:"));
  g_assert_cmpstr (again, ==, uri);

  parlo_test_peer_use_device (phone, "source", "mouth.monitor");
  parlo_test_peer_use_device (phone, "player", "speaker");
  parlo_call_actions_add_to (phone->actions, G_ACTION_MAP (actions));
  g_action_group_activate_action (G_ACTION_GROUP (actions), "dial-direct", g_variant_new_string (uri));
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (phone->calls)) == 1);
  call = parlo_test_peer_call (phone, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);

  heard = parlo_test_audio_record ("speaker", 1000);
  g_assert_true (parlo_test_audio_is_tone (heard + PARLO_TEST_AUDIO_SAMPLES (500), PARLO_TEST_AUDIO_SAMPLES (500),
                                           TONE));

  /* A moment after it settles, the call knows how long its sound takes to come
   * back: on this machine, about two trips through the jitter buffers. */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_echo_delay_ms (call) != -1);
  g_test_message ("echo delay %d ms", parlo_call_get_echo_delay_ms (call));
  g_assert_cmpint (parlo_call_get_echo_delay_ms (call), >, 40);
  g_assert_cmpint (parlo_call_get_echo_delay_ms (call), <, 600);

  parlo_test_peer_hangup (phone, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (phone->calls)) == 0);
  parlo_test_peer_free (phone);
  parlo_echo_test_stop (echo_test);
  parlo_test_pulse_unload_module (mouth);
  parlo_test_pulse_unload_module (speaker);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR);
  g_test_add_func ("/echo-test/returns-the-microphone", test_echo_returns_the_microphone);
  result = parlo_test_run ();
  return result;
}
