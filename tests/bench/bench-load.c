/* bench-load — the real Parlo under load, with its targets:
 *
 *   bench-load soak CALLS     calls in a row; RSS and open files every 100
 *   bench-load flood SECONDS  100 INVITEs a second at Direct calls; main-loop
 *                             latency, RSS, notifications, history
 *   bench-load flood-server SECONDS  the same at a server account, from an
 *                             address that is not its server's (all refused)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test-notifications.h"
#include "bench-util.h"
#include "load-fixture.h"

#define FLOOD_RATE 100
#define FLOOD_RING_MS 50

static double
mib (gint64 kib)
{
  return (double) kib / 1024;
}

static void
print_sample (guint call, const LoadSample *sample, const LoadSample *warm)
{
  g_print ("  call %4u: app RSS %6.1f MiB (%+5.2f since call %u), engine RSS %5.1f MiB (%+5.2f);"
           " open files app %d, engine %d\n", call, mib (sample->app_rss_kib),
           mib (sample->app_rss_kib - warm->app_rss_kib), LOAD_SOAK_WARM_CALLS, mib (sample->engine_rss_kib),
           mib (sample->engine_rss_kib - warm->engine_rss_kib), sample->app_fds, sample->engine_fds);
}

static void
soak (guint calls)
{
  LoadFixture fixture;
  LoadSample idle, warm = { 0 }, last = { 0 };
  gint64 start;
  guint fd_changes = 0;

  load_fixture_set_up (&fixture, LOAD_DIRECT_CALLS);
  load_soak_call (&fixture);
  parlo_test_run_for (1000);
  idle = load_fixture_sample (&fixture);
  start = g_get_monotonic_time ();
  g_print ("soak: %u calls, app (the real parlo) and its engine (baresip) measured after each\n", calls);
  for (guint i = 2; i <= calls; i++)
    {
      load_soak_call (&fixture);
      fd_changes += !load_fixture_settle_fds (&fixture, &idle, &last);
      if (i == LOAD_SOAK_WARM_CALLS)
        warm = last;
      if (i % 100 == 0)
        print_sample (i, &last, i < LOAD_SOAK_WARM_CALLS ? &idle : &warm);
    }
  g_print ("soak: RSS growth after call %u: app %+.2f MiB, engine %+.2f MiB (target: at most +%d MB each);"
           " open files after call 1: app %d, engine %d; calls after which they did not come back: %u"
           " (target 0); history %u of %u calls (target all); %.2f s a call\n", LOAD_SOAK_WARM_CALLS,
           mib (last.app_rss_kib - warm.app_rss_kib), mib (last.engine_rss_kib - warm.engine_rss_kib),
           LOAD_SOAK_GROWTH_KIB / 1024,
           idle.app_fds, idle.engine_fds, fd_changes, load_history_count (fixture.peer->aor), calls,
           (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC / (calls - 1));
  load_fixture_tear_down (&fixture);
}

static void
flood (LoadAccounts accounts, guint seconds)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  LoadFixture fixture;
  LoadFloodRun run;

  load_fixture_set_up (&fixture, accounts);
  load_flood_run (&fixture, server, FLOOD_RATE, FLOOD_RATE * seconds, FLOOD_RING_MS, &run);
  g_print ("flood: %u INVITEs at %u/s for %u s from one UDP socket each: %u rang, %u refused (486/503),"
           " %u forbidden (403); sipp %s\n", FLOOD_RATE * seconds, FLOOD_RATE, seconds, run.flood.ringing,
           run.flood.refused, run.flood.forbidden, run.flood.failed ? "saw calls fail" : "saw every call end as scripted");
  g_print ("flood: main loop (org.gtk.Actions.List every %u ms, %u calls): p50 %.1f ms, p99 %.1f ms,"
           " max %.1f ms (target: under %.0f ms throughout)\n", LOAD_PROBE_INTERVAL_MS, run.latencies->len,
           bench_percentile (run.latencies, 0.5), bench_percentile (run.latencies, 0.99),
           bench_percentile (run.latencies, 1), LOAD_FLOOD_LATENCY_MS);
  g_print ("flood: RSS before/%u s after: app %.1f/%.1f MiB (%+.2f), engine %.1f/%.1f MiB (%+.2f)"
           " (target: within %d MB); open files app %d/%d, engine %d/%d\n", LOAD_FLOOD_SETTLE_MS / 1000,
           mib (run.before.app_rss_kib), mib (run.after.app_rss_kib),
           mib (run.after.app_rss_kib - run.before.app_rss_kib), mib (run.before.engine_rss_kib),
           mib (run.after.engine_rss_kib), mib (run.after.engine_rss_kib - run.before.engine_rss_kib),
           LOAD_FLOOD_RSS_KIB / 1024, run.before.app_fds, run.after.app_fds, run.before.engine_fds, run.after.engine_fds);
  g_print ("flood: incoming-call notifications on screen at once for one caller: at most %u (target 1);"
           " history: %u of %u calls that rang, real caller %u (target all); the real caller rang at try %u\n",
           parlo_test_notifications_peak (server, "Incoming call"), run.flood_history, run.flood.ringing,
           run.real_caller_history, run.real_caller_tries);
  g_array_unref (run.latencies);
  load_fixture_tear_down (&fixture);
  parlo_test_notifications_stop (server);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  guint count = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 0;

  if (argc != 3 || count == 0 ||
      !g_strv_contains ((const char * const[]) { "soak", "flood", "flood-server", NULL }, argv[1]))
    {
      g_printerr ("Usage: bench-load soak CALLS | flood SECONDS | flood-server SECONDS\n");
      return 2;
    }
  /* The test library's PulseAudio and keyring, without g_test's run. */
  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);
  if (g_str_equal (argv[1], "soak"))
    soak (count);
  else
    flood (g_str_equal (argv[1], "flood") ? LOAD_BACKGROUND : LOAD_SERVER_ONLY, count);
  parlo_test_run ();
  parlo_test_remove_tree (home);
  return 0;
}
