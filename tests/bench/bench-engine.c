/* Call set-up and event latency through ParloEngine, next to plain baresip.
 *
 * Prints one line per figure; the reference runs in the same process run,
 * against the same auto-answering peer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "parlo-test.h"

#define N_CALLS  50
#define N_EVENTS 1000

/* A plain baresip that answers every call at once, its audio looped back in
 * memory so that no sound server sits on the path being measured. */
typedef struct {
  GSubprocess *process;
  char        *directory;
  char        *uri;
} AnsweringPeer;

/* audio is "pulse" (the test sink) or "aubridge" (no sound server at all). */
static char *
make_baresip_dir (const char *name, guint16 port, const char *audio, const char *account_params)
{
  gboolean pulse = g_str_equal (audio, "pulse");
  g_autofree char *config = g_strdup_printf (
    "sip_listen 127.0.0.1:%u\n"
    "module_path /usr/lib/baresip/modules\n"
    "module g711.so\nmodule %s.so\nmodule account.so\nmodule menu.so\n"
    "audio_player %s\naudio_source %s\naudio_alert %s\n",
    port, audio,
    pulse ? "pulse,parlo_test" : "aubridge,peer",
    pulse ? "pulse,parlo_test.monitor" : "aubridge,peer",
    pulse ? "pulse,parlo_test" : "aubridge,peer");
  g_autofree char *accounts = g_strdup_printf ("<sip:%s@127.0.0.1:%u>;regint=0%s\n",
                                               name, port, account_params);

  return bench_baresip_dir_new (config, accounts);
}

static AnsweringPeer *
answering_peer_start (void)
{
  AnsweringPeer *peer = g_new0 (AnsweringPeer, 1);
  guint16 port = parlo_test_free_port ();
  g_autoptr(GError) error = NULL;

  peer->directory = make_baresip_dir ("answer", port, "aubridge", ";answermode=auto");
  peer->uri = g_strdup_printf ("sip:answer@127.0.0.1:%u", port);
  peer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                    G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                    &error, "baresip", "-f", peer->directory, NULL);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 2);
  return peer;
}

static void
answering_peer_stop (AnsweringPeer *peer)
{
  g_subprocess_send_signal (peer->process, SIGTERM);
  g_subprocess_wait (peer->process, NULL, NULL);
  g_object_unref (peer->process);
  parlo_test_remove_tree (peer->directory);
  g_free (peer->directory);
  g_free (peer->uri);
  g_free (peer);
}

/* Dial → established as the call model sees it. */
static double
parlo_call_setup_ms (ParloTestPeer *caller, const char *uri)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  ParloCall *call;
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  parlo_engine_dial_async (caller->engine, caller->aor, uri, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (caller->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  call = parlo_call_model_find (caller->calls, caller->aor, call_id);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  elapsed = (g_get_monotonic_time () - start) / 1000.0;

  parlo_test_peer_hangup (caller, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (caller->calls)) == 0);
  return elapsed;
}

/* baresip's own "/dial": from the moment it runs the command (right after it
 * says it is ready) to its "Call established". */
static double
plain_call_setup_ms (const char *directory, const char *uri)
{
  BenchPlainDial *dial = bench_plain_dial_start (NULL, directory, uri);
  double elapsed = bench_plain_dial_setup_ms (dial);

  bench_plain_dial_stop (dial);
  return elapsed;
}

static void
on_muted (ParloCall *call, GParamSpec *pspec, gint64 *changed_at)
{
  *changed_at = g_get_monotonic_time ();
}

/* A command goes out, the engine answers with an event, the model changes:
 * the whole round trip bounds the event path from above. */
static void
bench_event_latency (ParloTestPeer *caller, const char *uri)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(ParloTestResult) dialled = { NULL };
  g_autofree char *call_id = NULL;
  gint64 changed_at = 0;
  ParloCall *call;

  parlo_engine_dial_async (caller->engine, caller->aor, uri, NULL, parlo_test_result_ready, &dialled);
  call_id = parlo_engine_dial_finish (caller->engine, parlo_test_result_wait (&dialled), NULL);
  call = parlo_call_model_find (caller->calls, caller->aor, call_id);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  g_signal_connect (call, "notify::muted", G_CALLBACK (on_muted), &changed_at);

  for (int i = 0; i < N_EVENTS; i++)
    {
      gboolean muted = !parlo_call_get_muted (call);
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      changed_at = 0;
      parlo_engine_mute_async (caller->engine, caller->aor, call_id, muted, NULL, NULL, NULL);
      PARLO_TEST_WAIT_UNTIL (changed_at != 0);
      elapsed = (changed_at - start) / 1000.0;
      g_array_append_val (samples, elapsed);
    }

  g_print ("event round trip (command -> engine event -> model), %d events: p50 %.3f ms, p99 %.3f ms\n",
           N_EVENTS, bench_percentile (samples, 0.5), bench_percentile (samples, 0.99));
  parlo_test_peer_hangup (caller, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (caller->calls)) == 0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *runtime_dir = g_dir_make_tmp ("parlo-bench-XXXXXX", NULL);
  g_autoptr(GArray) parlo_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *plain_dir = NULL;
  ParloTestPulse *pulse;
  AnsweringPeer *peer;
  ParloTestPeer *caller;
  double parlo_median, plain_median;

  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  pulse = parlo_test_pulse_start ();
  peer = answering_peer_start ();
  caller = parlo_test_peer_new ("caller");
  plain_dir = make_baresip_dir ("plain", parlo_test_free_port (), "pulse", "");

  /* Interleaved, so that whatever else the machine does weighs on both alike. */
  for (int i = 0; i < N_CALLS; i++)
    {
      double parlo = parlo_call_setup_ms (caller, peer->uri);
      double plain = plain_call_setup_ms (plain_dir, peer->uri);

      g_array_append_val (parlo_ms, parlo);
      g_array_append_val (plain_ms, plain);
    }
  parlo_median = bench_median (parlo_ms);
  plain_median = bench_median (plain_ms);
  g_print ("call set-up (dial -> established), median of %d: Parlo %.2f ms, plain baresip %.2f ms, "
           "ratio %.3f\n", N_CALLS, parlo_median, plain_median, parlo_median / plain_median);

  bench_event_latency (caller, peer->uri);

  parlo_test_peer_free (caller);
  answering_peer_stop (peer);
  parlo_test_remove_tree (plain_dir);
  parlo_test_remove_tree (runtime_dir);
  parlo_test_pulse_stop (pulse);
  return 0;
}
