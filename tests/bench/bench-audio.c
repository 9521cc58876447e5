/* Mouth-to-ear delay and CPU per call through ParloEngine, next to a pair of
 * plain baresip processes with the same codecs and the same sound devices.
 *
 * Devices are null sinks of a private PulseAudio: a sine starts in the
 * caller's microphone sink during a call, and the delay runs from its first
 * sample there to its first sample in the callee's loudspeaker sink.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench-util.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"

#define N_CALLS     20
#define CPU_SECONDS 10
#define TONE        1000
#define ONSET_DBFS  (-20.0)   /* the sine plays at -9 */

/* Every sink a call uses is recorded for the whole run: a null sink nobody
 * records renders two seconds at a time. */
enum { MOUTH, EAR, QUIET, SPARE, N_SINKS };
static const char * const sink_names[] = { "mouth", "ear", "quiet", "spare" };
static ParloTestRecorder *recorders[N_SINKS];

/* A plain baresip's directory; account_params ";answermode=auto" answers
 * every call. */
static char *
plain_dir (guint16 port, const char *source, const char *player, const char *account_params)
{
  g_autofree char *config = g_strdup_printf (
    "sip_listen 127.0.0.1:%u\n"
    "module_path %s\n"
    "module opus.so\nmodule g722.so\nmodule g711.so\nmodule pulse.so\n"
    "module account.so\nmodule menu.so\n"
    "audio_player pulse,%s\naudio_source pulse,%s\naudio_alert pulse,%s\n",
    port, BARESIP_SYSTEM_MODULE_DIR, player, source, player);
  g_autofree char *accounts = g_strdup_printf ("<sip:plain@127.0.0.1:%u>;regint=0%s\n", port, account_params);

  return bench_baresip_dir_new (config, accounts);
}

/* With dial, returns once the call to dial is established. */
static GSubprocess *
plain_start (const char *directory, const char *dial)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = dial ? g_strdup_printf ("/dial %s", dial) : NULL;
  GSubprocess *process;

  if (command == NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                &error, "baresip", "-f", directory, NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                &error, "stdbuf", "-oL", "baresip", "-f", directory, "-e", command, NULL);
  g_assert_no_error (error);
  if (command != NULL)
    {
      g_autoptr(GDataInputStream) output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

      /* Read in this thread: nothing else runs until the call is up. */
      for (;;)
        {
          g_autofree char *line = g_data_input_stream_read_line (output, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);
          if (strstr (line, "Call established") != NULL)
            break;
        }
    }
  return process;
}

static void
plain_stop (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  PARLO_TEST_WAIT_UNTIL (g_get_monotonic_time () >= until);
}

/* A sine starts in the microphone: how long until the loudspeaker plays it. */
static double
mouth_to_ear_ms (void)
{
  gint64 start = g_get_monotonic_time ();
  guint sine = parlo_test_pulse_sine (sink_names[MOUTH], TONE);
  gint64 spoken = parlo_test_recorder_rise (recorders[MOUTH], ONSET_DBFS, start, start + G_TIME_SPAN_SECOND);
  gint64 heard = parlo_test_recorder_rise (recorders[EAR], ONSET_DBFS, spoken, spoken + 2 * G_TIME_SPAN_SECOND);

  g_assert_cmpint (spoken, >, 0);
  g_assert_cmpint (heard, >, 0);
  parlo_test_pulse_unload_module (sine);
  return (heard - spoken) / 1000.0;
}

static void
use_device (ParloTestPeer *peer, const char *role, const char *device)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_set_audio_device_async (peer->engine, role, device, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

static ParloCall *
parlo_connect (ParloTestPeer *caller, ParloTestPeer *callee)
{
  g_autofree char *call_id = parlo_test_peer_dial (caller, callee);
  ParloCall *call = parlo_call_model_find (caller->calls, caller->aor, call_id);
  g_autoptr(ParloCall) incoming = NULL;

  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (callee->calls)) == 1);
  incoming = parlo_test_peer_call (callee, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (incoming) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (callee, incoming);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  return call;
}

static void
parlo_hang_up (ParloTestPeer *caller, ParloTestPeer *callee, ParloCall *call)
{
  parlo_test_peer_hangup (caller, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (caller->calls)) == 0 &&
                         g_list_model_get_n_items (G_LIST_MODEL (callee->calls)) == 0);
}

/* User and system CPU time a process used so far, in seconds. */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* The name in parentheses may hold spaces; utime and stime are the 12th
   * and 13th fields after it. */
  after_name = strrchr (text, ')') + 2;
  fields = g_strsplit (after_name, " ", 0);
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

/* The CPU that each of pids used over CPU_SECONDS, in percent of one core. */
static void
cpu_percent (const GPid *pids, double *percent, guint n)
{
  for (guint i = 0; i < n; i++)
    percent[i] = cpu_seconds (pids[i]);
  wait_ms (CPU_SECONDS * 1000);
  for (guint i = 0; i < n; i++)
    percent[i] = 100 * (cpu_seconds (pids[i]) - percent[i]) / CPU_SECONDS;
}

/* Mouth-to-ear delay of N_CALLS calls from alice to bob, and as many between
 * plain baresip processes, interleaved so that whatever else the machine does
 * weighs on both alike. */
static void
measure_delay (ParloTestPeer *alice, ParloTestPeer *bob, const char *caller_dir, const char *callee_uri)
{
  g_autoptr(GArray) parlo_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  double parlo_delay, plain_delay;

  for (int i = 0; i < N_CALLS; i++)
    {
      GSubprocess *caller;
      ParloCall *call;
      double delay;

      call = parlo_connect (alice, bob);
      wait_ms (500);
      delay = mouth_to_ear_ms ();
      g_array_append_val (parlo_ms, delay);
      parlo_hang_up (alice, bob, call);

      caller = plain_start (caller_dir, callee_uri);
      wait_ms (500);
      delay = mouth_to_ear_ms ();
      g_array_append_val (plain_ms, delay);
      plain_stop (caller);
    }
  parlo_delay = bench_median (parlo_ms);
  plain_delay = bench_median (plain_ms);
  g_print ("mouth-to-ear delay on loopback (Opus, PulseAudio null sinks), median of %d calls: "
           "Parlo %.1f ms, plain baresip %.1f ms, ratio %.2f\n",
           N_CALLS, parlo_delay, plain_delay, parlo_delay / plain_delay);
}

/* CPU of an established call from alice to bob, and of one between plain
 * baresip processes, the callee already running. */
static void
measure_cpu (ParloTestPeer *alice, ParloTestPeer *bob, GSubprocess *callee, const char *caller_dir,
             const char *callee_uri)
{
  GSubprocess *caller;
  ParloCall *call;
  double app_cpu, engine_cpu, plain_cpu;
  double cpu[3];
  GPid pids[3];

  call = parlo_connect (alice, bob);
  wait_ms (1000);
  pids[0] = getpid ();
  pids[1] = parlo_engine_get_process_id (alice->engine);
  pids[2] = parlo_engine_get_process_id (bob->engine);
  cpu_percent (pids, cpu, 3);
  /* This process is the app of both ends. */
  app_cpu = cpu[0] / 2;
  engine_cpu = (cpu[1] + cpu[2]) / 2;
  parlo_hang_up (alice, bob, call);

  caller = plain_start (caller_dir, callee_uri);
  wait_ms (1000);
  pids[0] = atoi (g_subprocess_get_identifier (caller));
  pids[1] = atoi (g_subprocess_get_identifier (callee));
  cpu_percent (pids, cpu, 2);
  plain_cpu = (cpu[0] + cpu[1]) / 2;
  plain_stop (caller);
  g_print ("CPU per established call and end, over %d s: Parlo %.1f %% of a core (app %.1f %% + engine %.1f %%), "
           "plain baresip %.1f %%, ratio %.2f\n", CPU_SECONDS, app_cpu + engine_cpu, app_cpu, engine_cpu,
           plain_cpu, (app_cpu + engine_cpu) / plain_cpu);
}

int
main (int argc, char *argv[])
{
  g_autofree char *runtime_dir = g_dir_make_tmp ("parlo-bench-XXXXXX", NULL);
  g_autofree char *callee_dir = NULL;
  g_autofree char *caller_dir = NULL;
  g_autofree char *callee_uri = NULL;
  guint sinks[N_SINKS];
  ParloTestPulse *pulse;
  ParloTestPeer *alice, *bob;
  GSubprocess *callee;
  guint16 callee_port;

  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  pulse = parlo_test_pulse_start ();
  for (guint i = 0; i < N_SINKS; i++)
    {
      g_autofree char *monitor = g_strdup_printf ("%s.monitor", sink_names[i]);

      sinks[i] = parlo_test_pulse_null_sink (sink_names[i]);
      recorders[i] = parlo_test_recorder_start (monitor);
    }

  alice = parlo_test_peer_new ("alice");
  bob = parlo_test_peer_new ("bob");
  use_device (alice, "source", "mouth.monitor");
  use_device (alice, "player", "spare");
  use_device (bob, "source", "quiet.monitor");
  use_device (bob, "player", "ear");

  callee_port = parlo_test_free_port ();
  callee_uri = g_strdup_printf ("sip:plain@127.0.0.1:%u", callee_port);
  callee_dir = plain_dir (callee_port, "quiet.monitor", "ear", ";answermode=auto");
  caller_dir = plain_dir (parlo_test_free_port (), "mouth.monitor", "spare", "");
  callee = plain_start (callee_dir, NULL);
  wait_ms (500);

  measure_delay (alice, bob, caller_dir, callee_uri);
  /* The recorders are this process's threads: not part of an app's call. */
  for (guint i = 0; i < N_SINKS; i++)
    parlo_test_recorder_stop (recorders[i]);
  measure_cpu (alice, bob, callee, caller_dir, callee_uri);

  plain_stop (callee);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  for (guint i = 0; i < N_SINKS; i++)
    parlo_test_pulse_unload_module (sinks[i]);
  parlo_test_remove_tree (callee_dir);
  parlo_test_remove_tree (caller_dir);
  parlo_test_remove_tree (runtime_dir);
  parlo_test_pulse_stop (pulse);
  return 0;
}
