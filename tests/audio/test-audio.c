/* What a person on a call hears: two real engines on 127.0.0.1 whose
 * microphones hear a sine and whose loudspeakers are null sinks of a private
 * PulseAudio; each test records a loudspeaker and asserts which tone it
 * plays, or that it plays none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-util.h"

#define A_TONE 1000   /* Hz: what A's microphone picks up */
#define B_TONE 700
#define MODULE_GONE G_MAXUINT

enum { MOUTH_A, MOUTH_B, EAR_A, EAR_B, N_DEVICES };

/* Each device is a null sink, recorded from before an engine opens it. */
typedef struct {
  ParloTestPeer     *a;
  ParloTestPeer     *b;
  guint              modules[N_DEVICES];
  ParloTestRecorder *heard[N_DEVICES];
} Fixture;

static ParloTestRecorder *
record_sink (const char *sink)
{
  g_autofree char *monitor = g_strdup_printf ("%s.monitor", sink);

  return parlo_test_recorder_start (monitor);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char * const names[] = { "mouth_a", "mouth_b", "ear_a", "ear_b" };

  fixture->modules[MOUTH_A] = parlo_test_pulse_tone_source ("mouth_a", A_TONE);
  fixture->modules[MOUTH_B] = parlo_test_pulse_tone_source ("mouth_b", B_TONE);
  fixture->modules[EAR_A] = parlo_test_pulse_null_sink ("ear_a");
  fixture->modules[EAR_B] = parlo_test_pulse_null_sink ("ear_b");
  for (gsize i = 0; i < N_DEVICES; i++)
    fixture->heard[i] = record_sink (names[i]);

  fixture->a = parlo_test_peer_new ("alice");
  fixture->b = parlo_test_peer_new ("bob");
  parlo_test_peer_use_device (fixture->a, "source", "mouth_a.monitor");
  parlo_test_peer_use_device (fixture->a, "player", "ear_a");
  parlo_test_peer_use_device (fixture->b, "source", "mouth_b.monitor");
  parlo_test_peer_use_device (fixture->b, "player", "ear_b");
}

/* Unplugs a device of the fixture. */
static void
unload (Fixture *fixture, guint device)
{
  g_clear_pointer (&fixture->heard[device], parlo_test_recorder_stop);
  parlo_test_pulse_unload_module (fixture->modules[device]);
  fixture->modules[device] = MODULE_GONE;
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  parlo_test_peer_free (fixture->a);
  parlo_test_peer_free (fixture->b);
  for (guint i = 0; i < N_DEVICES; i++)
    if (fixture->modules[i] != MODULE_GONE)
      unload (fixture, i);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

/* from dials to_uri from its account from_aor; to answers. Returns both
 * sides' calls, established. */
static void
connect_accounts (ParloTestPeer *from, const char *from_aor, ParloTestPeer *to, const char *to_uri,
                  ParloCall **from_call, ParloCall **to_call)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  guint to_before = n_calls (to);

  parlo_engine_dial_async (from->engine, from_aor, to_uri, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (from->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  *from_call = g_object_ref (parlo_call_model_find (from->calls, from_aor, call_id));
  PARLO_TEST_WAIT_UNTIL (n_calls (to) == to_before + 1);
  *to_call = parlo_test_peer_call (to, to_before);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*to_call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (to, *to_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*from_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (*to_call) == PARLO_CALL_STATE_ESTABLISHED);
}

static void
connect_call (Fixture *fixture, ParloCall **a_call, ParloCall **b_call)
{
  connect_accounts (fixture->a, fixture->a->aor, fixture->b, fixture->b->aor, a_call, b_call);
}

static void
hang_up (Fixture *fixture, ParloCall *a_call)
{
  parlo_test_peer_hangup (fixture->a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (fixture->a) == 0 && n_calls (fixture->b) == 0);
}

/* What the recording holds over ms milliseconds from since on: the tone of
 * frequency, or silence for 0. */
static gboolean
holds (ParloTestRecorder *recorder, double frequency, gint64 since, guint ms)
{
  gsize n = PARLO_TEST_AUDIO_SAMPLES (ms);
  g_autofree gint16 *samples = g_new (gint16, n);

  parlo_test_recorder_read (recorder, parlo_test_recorder_index_at (recorder, since), n, samples);
  g_test_message ("%u ms: %.1f dBFS, %.0f %% at %.0f Hz", ms, parlo_test_audio_level (samples, n),
                  100 * parlo_test_audio_dominance (samples, n, MAX (frequency, 1)), frequency);
  return frequency > 0 ? parlo_test_audio_is_tone (samples, n, frequency)
                       : parlo_test_audio_is_silent (samples, n);
}

/* How long after since the recording first holds frequency (0: silence);
 * fails the test if that takes longer than within_ms. */
static double
delay_ms (ParloTestRecorder *recorder, double frequency, gint64 since, guint within_ms)
{
  const char *what = frequency > 0 ? "tone" : "silence";
  gint64 onset = parlo_test_recorder_onset (recorder, frequency, since,
                                            since + (within_ms + 1000) * G_TIME_SPAN_MILLISECOND);
  double delay = MAX (onset - since, 0) / 1000.0;

  if (onset < 0)
    {
      holds (recorder, frequency, since, within_ms + 1000);
      g_error ("No %s within %u ms", what, within_ms + 1000);
    }
  g_test_message ("%s after %.0f ms", what, delay);
  g_assert_cmpfloat (delay, <=, within_ms);
  return delay;
}

/* Each side hears the other's tone within a second of the call being established. */
static void
test_both_directions (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  ParloTestRecorder *ear_a = fixture->heard[EAR_A];
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];
  gint64 established;

  connect_call (fixture, &a_call, &b_call);
  established = g_get_monotonic_time ();
  delay_ms (ear_b, A_TONE, established, 1000);
  delay_ms (ear_a, B_TONE, established, 1000);
  g_assert_true (holds (ear_b, A_TONE, g_get_monotonic_time (), 500));
  g_assert_true (holds (ear_a, B_TONE, g_get_monotonic_time (), 500));

  hang_up (fixture, a_call);
}

static void
mute (ParloTestPeer *peer, ParloCall *call, gboolean muted)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_mute_async (peer->engine, peer->aor, parlo_call_get_id (call), muted,
                           NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

/* Muting A silences A at B within 200 ms, and only A; unmuting brings A back. */
static void
test_mute (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  ParloTestRecorder *ear_a = fixture->heard[EAR_A];
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];
  gint64 muted_at, silent_at, unmuted_at;

  connect_call (fixture, &a_call, &b_call);
  delay_ms (ear_b, A_TONE, g_get_monotonic_time (), 1000);

  muted_at = g_get_monotonic_time ();
  mute (fixture->a, a_call, TRUE);
  silent_at = muted_at + delay_ms (ear_b, 0, muted_at, 200) * G_TIME_SPAN_MILLISECOND;
  g_assert_true (holds (ear_b, 0, silent_at + 20 * G_TIME_SPAN_MILLISECOND, 500));
  g_assert_true (holds (ear_a, B_TONE, silent_at, 500));

  unmuted_at = g_get_monotonic_time ();
  mute (fixture->a, a_call, FALSE);
  delay_ms (ear_b, A_TONE, unmuted_at, 1000);

  hang_up (fixture, a_call);
}

static void
hold (ParloTestPeer *peer, ParloCall *call, gboolean on_hold)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_hold_async (peer->engine, peer->aor, parlo_call_get_id (call), on_hold,
                           NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

/* A held call is silent both ways; resumed, both tones come back. */
static void
test_hold (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  ParloTestRecorder *ear_a = fixture->heard[EAR_A];
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];
  gint64 held_at, resumed_at;

  connect_call (fixture, &a_call, &b_call);
  delay_ms (ear_b, A_TONE, g_get_monotonic_time (), 1000);

  hold (fixture->a, a_call, TRUE);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_remote_held (b_call));
  held_at = g_get_monotonic_time ();
  delay_ms (ear_b, 0, held_at, 1000);
  delay_ms (ear_a, 0, held_at, 1000);
  g_assert_true (holds (ear_b, 0, g_get_monotonic_time (), 500));
  g_assert_true (holds (ear_a, 0, g_get_monotonic_time (), 500));

  resumed_at = g_get_monotonic_time ();
  hold (fixture->a, a_call, FALSE);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_remote_held (b_call));
  delay_ms (ear_b, A_TONE, resumed_at, 1000);
  delay_ms (ear_a, B_TONE, resumed_at, 1000);

  hang_up (fixture, a_call);
}

static void
add_account (ParloTestPeer *peer, const char *aor, const char *audio_codecs)
{
  g_autoptr(ParloEngineAccount) account = parlo_engine_account_new (aor);
  g_auto(ParloTestResult) result = { NULL };

  account->audio_codecs = g_strdup (audio_codecs);
  /* No server: its calls come straight from the other phone. */
  account->accept_direct = TRUE;
  parlo_engine_add_account_async (peer->engine, account, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

/* The codec engine.status names for the peer's only call. */
static char *
codec_of_call (ParloTestPeer *peer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = parlo_test_request (peer->engine, "engine.status", NULL, &error);
  JsonArray *calls;

  g_assert_no_error (error);
  calls = json_object_get_array_member (status, "calls");
  g_assert_cmpuint (json_array_get_length (calls), ==, 1);
  return g_strdup (json_object_get_string_member_with_default (json_array_get_object_element (calls, 0),
                                                               "codec", NULL));
}

static void
remember_codec (ParloEngine *engine, ParloEvent *event, char **codec)
{
  if (event->type == PARLO_EVENT_CALL_ESTABLISHED)
    parlo_set_str (codec, event->codec);
}

/* With one codec on both sides, that codec is the one used, and it carries the tone. */
static void
test_codec (Fixture *fixture, gconstpointer data)
{
  const char *codec = data;
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autofree char *a_aor = g_strdup_printf ("sip:alice-codec@127.0.0.1:%u", a->port);
  g_autofree char *b_aor = g_strdup_printf ("sip:bob-codec@127.0.0.1:%u", b->port);
  g_autofree char *a_status = NULL;
  g_autofree char *b_status = NULL;
  g_autofree char *a_event = NULL;
  g_autofree char *b_event = NULL;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  ParloTestRecorder *ear_a = fixture->heard[EAR_A];
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];

  add_account (a, a_aor, codec);
  add_account (b, b_aor, codec);
  g_signal_connect (a->engine, "event", G_CALLBACK (remember_codec), &a_event);
  g_signal_connect (b->engine, "event", G_CALLBACK (remember_codec), &b_event);

  connect_accounts (a, a_aor, b, b_aor, &a_call, &b_call);
  g_assert_cmpstr (parlo_call_get_account (b_call), ==, b_aor);
  a_status = codec_of_call (a);
  b_status = codec_of_call (b);
  g_assert_cmpstr (a_status, ==, codec);
  g_assert_cmpstr (b_status, ==, codec);
  g_assert_cmpstr (a_event, ==, codec);
  g_assert_cmpstr (b_event, ==, codec);

  delay_ms (ear_b, A_TONE, g_get_monotonic_time (), 1000);
  delay_ms (ear_a, B_TONE, g_get_monotonic_time (), 1000);

  g_signal_handlers_disconnect_by_data (a->engine, &a_event);
  g_signal_handlers_disconnect_by_data (b->engine, &b_event);
  hang_up (fixture, a_call);
}

/* Parlo's order puts Opus first, and PCMA before PCMU; an account offering
 * nothing the engine has is refused. */
static void
test_codec_order (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloCall) a_g711 = NULL;
  g_autoptr(ParloCall) b_g711 = NULL;
  g_autofree char *a_codec = NULL;
  g_autofree char *b_codec = NULL;
  g_autofree char *g711_aor = g_strdup_printf ("sip:bob-g711@127.0.0.1:%u", b->port);
  g_autofree char *nothing_aor = g_strdup_printf ("sip:nothing@127.0.0.1:%u", a->port);
  g_autoptr(ParloEngineAccount) nothing = parlo_engine_account_new (nothing_aor);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  connect_call (fixture, &a_call, &b_call);
  a_codec = codec_of_call (a);
  b_codec = codec_of_call (b);
  g_assert_cmpstr (a_codec, ==, "opus/48000/2");
  g_assert_cmpstr (b_codec, ==, "opus/48000/2");
  hang_up (fixture, a_call);
  g_clear_pointer (&a_codec, g_free);
  g_clear_pointer (&b_codec, g_free);

  /* B has only G.711, in the engine's own order: A's order decides. */
  add_account (b, g711_aor, "PCMU/8000/1,PCMA/8000/1");
  connect_accounts (a, a->aor, b, g711_aor, &a_g711, &b_g711);
  a_codec = codec_of_call (a);
  b_codec = codec_of_call (b);
  g_assert_cmpstr (a_codec, ==, "PCMA/8000/1");
  g_assert_cmpstr (b_codec, ==, "PCMA/8000/1");
  hang_up (fixture, a_g711);

  nothing->audio_codecs = g_strdup ("G729/8000/1,speex/16000/1");
  parlo_engine_add_account_async (a->engine, nothing, NULL, parlo_test_result_ready, &result);
  g_assert_false (parlo_engine_command_finish (a->engine, parlo_test_result_wait (&result), &error));
  g_assert_error (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "none of the audio codecs"));
}

/* B's loudspeaker is unplugged mid-call: the call goes on, on the default one. */
static void
test_player_goes_away (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];
  ParloTestRecorder *fallback = record_sink ("parlo_test");
  gint64 gone_at;

  connect_call (fixture, &a_call, &b_call);
  delay_ms (ear_b, A_TONE, g_get_monotonic_time (), 1000);

  gone_at = g_get_monotonic_time ();
  unload (fixture, EAR_B);
  delay_ms (fallback, A_TONE, gone_at, 1000);
  g_assert_true (holds (fallback, A_TONE, g_get_monotonic_time (), 1000));
  g_assert_cmpint (parlo_call_get_state (b_call), ==, PARLO_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (parlo_call_get_state (a_call), ==, PARLO_CALL_STATE_ESTABLISHED);

  parlo_test_recorder_stop (fallback);
  hang_up (fixture, a_call);
}

static void
play_tone (ParloTestPeer *peer, const char *tone, const char *key, gboolean repeat)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_play_tone_async (peer->engine, tone, key, repeat, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

/* The loudest 20 ms of ms milliseconds, in dBFS. */
static double
loudest (ParloTestRecorder *recorder, gint64 since, guint ms)
{
  gsize window = PARLO_TEST_AUDIO_SAMPLES (20);
  gsize n = PARLO_TEST_AUDIO_SAMPLES (ms);
  g_autofree gint16 *samples = g_new (gint16, n);
  double level = -120;

  parlo_test_recorder_read (recorder, parlo_test_recorder_index_at (recorder, since), n, samples);
  for (gsize i = 0; i + window <= n; i += window)
    level = MAX (level, parlo_test_audio_level (samples + i, window));
  return level;
}

/* Ringing goes to the alert device and nowhere else, until stopped; a key's
 * tone goes to the call device. */
static void
test_tones (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *b = fixture->b;
  guint alert_sink = parlo_test_pulse_null_sink ("alert_b");
  ParloTestRecorder *alert = record_sink ("alert_b");
  ParloTestRecorder *ear = fixture->heard[EAR_B];
  g_auto(ParloTestResult) stopped = { NULL };
  g_auto(ParloTestResult) refused = { NULL };
  g_autoptr(GError) error = NULL;
  gint64 ring_at, stopped_at, key_at;

  parlo_test_peer_use_device (b, "alert", "alert_b");
  ring_at = g_get_monotonic_time ();
  play_tone (b, "ring", NULL, TRUE);
  /* ring.wav rings for a second of its 1.5, over and over */
  g_assert_cmpfloat (loudest (alert, ring_at, 1500), >, -30);
  g_assert_cmpfloat (loudest (ear, ring_at, 1500), <, -60);
  g_assert_cmpfloat (loudest (alert, ring_at + 4 * G_TIME_SPAN_SECOND, 1500), >, -30);

  stopped_at = g_get_monotonic_time ();
  parlo_engine_stop_tone_async (b->engine, NULL, parlo_test_result_ready, &stopped);
  parlo_test_command_succeeds (b->engine, &stopped);
  g_assert_cmpfloat (loudest (alert, stopped_at + 200 * G_TIME_SPAN_MILLISECOND, 5000), <, -60);

  key_at = g_get_monotonic_time ();
  play_tone (b, "dtmf", "5", FALSE);
  g_assert_cmpfloat (loudest (ear, key_at, 1000), >, -30);
  g_assert_cmpfloat (loudest (alert, key_at, 1000), <, -60);

  parlo_engine_play_tone_async (b->engine, "dtmf", "A", FALSE, NULL, parlo_test_result_ready, &refused);
  g_assert_false (parlo_engine_command_finish (b->engine, parlo_test_result_wait (&refused), &error));
  g_assert_error (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "key must be one of"));

  parlo_test_recorder_stop (alert);
  parlo_test_pulse_unload_module (alert_sink);
}

/* B chooses another loudspeaker during a call: the call moves to it at once.
 * A loudspeaker that is not there leaves the call where it is. */
static void
test_switch_player (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  guint headset_sink = parlo_test_pulse_null_sink ("headset_b");
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];
  ParloTestRecorder *headset = record_sink ("headset_b");
  g_auto(ParloTestResult) refused = { NULL };
  g_autoptr(GError) error = NULL;
  gint64 switched_at;

  connect_call (fixture, &a_call, &b_call);
  delay_ms (ear_b, A_TONE, g_get_monotonic_time (), 1000);
  g_assert_true (holds (headset, 0, g_get_monotonic_time (), 200));

  switched_at = g_get_monotonic_time ();
  parlo_test_peer_use_device (fixture->b, "player", "headset_b");
  delay_ms (headset, A_TONE, switched_at, 1000);
  g_assert_true (holds (ear_b, 0, g_get_monotonic_time (), 500));
  g_assert_true (holds (headset, A_TONE, g_get_monotonic_time (), 500));
  g_assert_cmpint (parlo_call_get_state (b_call), ==, PARLO_CALL_STATE_ESTABLISHED);

  /* A device that is not there is refused, and the call stays where it was. */
  parlo_engine_set_audio_device_async (fixture->b->engine, "player", "no_such_sink", NULL,
                                       parlo_test_result_ready, &refused);
  g_assert_false (parlo_engine_command_finish (fixture->b->engine, parlo_test_result_wait (&refused), &error));
  g_assert_error (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED);
  g_test_message ("%s", error->message);
  delay_ms (headset, A_TONE, g_get_monotonic_time (), 1000);
  g_assert_true (holds (headset, A_TONE, g_get_monotonic_time (), 500));

  parlo_test_recorder_stop (headset);
  hang_up (fixture, a_call);
  parlo_test_pulse_unload_module (headset_sink);
}

/* An echo engine answers by itself and sends A's own tone back to A. */
static void
test_echo (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a;
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (port);
  g_autoptr(ParloEngine) echo = NULL;
  g_autofree char *echo_aor = g_strdup_printf ("sip:echo@127.0.0.1:%u", port);
  g_autoptr(ParloEngineAccount) account = parlo_engine_account_new (echo_aor);
  g_auto(ParloTestResult) added = { NULL };
  g_auto(ParloTestResult) dialled = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  ParloTestRecorder *ear_a = fixture->heard[EAR_A];
  ParloCall *a_call;

  /* No server: the caller reaches it straight. */
  account->accept_direct = TRUE;
  parlo_engine_config_set_echo (config, TRUE);
  echo = parlo_engine_new (config);
  g_assert_true (parlo_engine_start (echo, &error));
  g_assert_no_error (error);
  parlo_engine_add_account_async (echo, account, NULL, parlo_test_result_ready, &added);
  parlo_test_command_succeeds (echo, &added);

  parlo_engine_dial_async (a->engine, a->aor, echo_aor, NULL, parlo_test_result_ready, &dialled);
  call_id = parlo_engine_dial_finish (a->engine, parlo_test_result_wait (&dialled), &error);
  g_assert_no_error (error);
  a_call = parlo_call_model_find (a->calls, a->aor, call_id);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  delay_ms (ear_a, A_TONE, g_get_monotonic_time (), 1000);
  g_assert_true (holds (ear_a, A_TONE, g_get_monotonic_time (), 1000));

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0);
  parlo_engine_stop (echo);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (echo) == PARLO_ENGINE_STATE_STOPPED);
}

static void
on_engine_lost (ParloEngine *engine, gboolean *lost)
{
  *lost = TRUE;
}

/* The devices chosen outlive the engine: after a crash, calls use them again. */
static void
test_devices_survive_restart (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  ParloTestRecorder *ear_b = fixture->heard[EAR_B];
  ParloAccount *direct = parlo_account_store_get_direct (b->accounts);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  gboolean lost = FALSE;

  g_signal_connect (b->engine, "engine-lost", G_CALLBACK (on_engine_lost), &lost);
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING,
                         "The engine stopped unexpectedly (killed by signal 9)*");
  g_assert_cmpint (kill (parlo_engine_get_process_id (b->engine), SIGKILL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (lost &&
                         parlo_engine_get_state (b->engine) == PARLO_ENGINE_STATE_RUNNING &&
                         parlo_account_get_registration_state (direct) == PARLO_REGISTRATION_READY);
  g_test_assert_expected_messages ();
  g_signal_handlers_disconnect_by_data (b->engine, &lost);
  /* Answered after the account the restart re-added. */
  status = parlo_test_request (b->engine, "engine.status", NULL, &error);
  g_assert_no_error (error);

  connect_call (fixture, &a_call, &b_call);
  delay_ms (ear_b, A_TONE, g_get_monotonic_time (), 1000);

  hang_up (fixture, a_call);
}

typedef struct {
  ParloEventType type;
  guint          count;
  double         last;
  double         highest;
} Levels;

static void
collect_levels (ParloEngine *engine, ParloEvent *event, Levels *levels)
{
  if (event->type != levels->type)
    return;
  g_assert_true (event->has_level);
  g_assert_nonnull (event->call_id);
  levels->count++;
  levels->last = event->level;
  levels->highest = MAX (levels->highest, event->level);
}

static void
watch_levels (ParloTestPeer *peer, ParloEventType type, Levels *levels)
{
  *levels = (Levels) { type, 0, -200, -200 };
  g_signal_connect (peer->engine, "event", G_CALLBACK (collect_levels), levels);
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  PARLO_TEST_WAIT_UNTIL (g_get_monotonic_time () >= until);
}

/* The level meters: what A sends and what B receives, at most ten times a
 * second each; A's meter drops to silence when A mutes. */
static void
test_levels (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  Levels sent, received;

  connect_call (fixture, &a_call, &b_call);
  wait_ms (1000);
  watch_levels (a, PARLO_EVENT_VU_TX, &sent);
  watch_levels (b, PARLO_EVENT_VU_RX, &received);
  wait_ms (2000);
  g_test_message ("in 2 s: %u sent levels (last %.1f dBov), %u received (last %.1f dBov)",
                  sent.count, sent.last, received.count, received.last);
  g_assert_cmpuint (sent.count, >=, 15);
  g_assert_cmpuint (sent.count, <=, 21);
  g_assert_cmpuint (received.count, >=, 15);
  g_assert_cmpuint (received.count, <=, 21);
  /* the sines play at -9 dBFS */
  g_assert_cmpfloat (sent.last, >, -15);
  g_assert_cmpfloat (sent.last, <, -3);
  g_assert_cmpfloat (received.last, >, -20);
  g_assert_cmpfloat (received.last, <, -3);

  mute (a, a_call, TRUE);
  wait_ms (300);
  sent.highest = -200;
  wait_ms (500);
  g_assert_cmpfloat (sent.highest, <=, -90);

  g_signal_handlers_disconnect_by_data (a->engine, &sent);
  g_signal_handlers_disconnect_by_data (b->engine, &received);
  hang_up (fixture, a_call);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_ISOLATE_DIRS);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/audio/both-directions", test_both_directions, NULL);
  ADD ("/audio/mute", test_mute, NULL);
  ADD ("/audio/hold", test_hold, NULL);
  ADD ("/audio/codec/opus", test_codec, "opus/48000/2");
  ADD ("/audio/codec/g722", test_codec, "G722/16000/1");
  ADD ("/audio/codec/pcma", test_codec, "PCMA/8000/1");
  ADD ("/audio/codec/pcmu", test_codec, "PCMU/8000/1");
  ADD ("/audio/codec/order", test_codec_order, NULL);
  ADD ("/audio/player-goes-away", test_player_goes_away, NULL);
  ADD ("/audio/tones", test_tones, NULL);
  ADD ("/audio/switch-player", test_switch_player, NULL);
  ADD ("/audio/echo", test_echo, NULL);
  ADD ("/audio/devices-survive-restart", test_devices_survive_restart, NULL);
  ADD ("/audio/levels", test_levels, NULL);

  result = parlo_test_run ();
  return result;
}
