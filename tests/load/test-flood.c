/* A flood of INVITEs at the real Parlo's port, as SIP scanners send within
 * minutes of a softphone going online: sipp at 100 calls a second, each from
 * its own source port, while Parlo runs in the background (window closed).
 * What the person sees: one notification for the flood's caller, never one
 * per INVITE; every call that rang in Recent; a real caller during the flood
 * still rings; the app answers its D-Bus calls throughout (its main loop
 * runs), and neither keeps a file open afterwards. What the flood costs in
 * memory is the bench's figure (bench-load flood), next to its target.
 * Aimed at a server account instead, the same flood is refused (403): it
 * never rings, and the real caller, who calls through the server, rings at
 * the first try.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test-notifications.h"
#include "load-fixture.h"

/* Shorter than the bench's 30 s, to keep the suite quick. */
#define RATE 100
#define CALLS 1000
#define RING_MS 50

/* What every flood must leave: sipp saw each call end as its scenario says,
 * the main loop answered every probe (how fast is the bench's figure), and
 * 10 s after, both processes hold the files they held before. */
static void
assert_flood_survived (const LoadFloodRun *run)
{
  g_test_message ("flood: %u rang, %u refused, %u forbidden; the real caller rang after %u tries",
                  run->flood.ringing, run->flood.refused, run->flood.forbidden, run->real_caller_tries);
  g_test_message ("RSS before/after: app %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " KiB, engine %"
                  G_GINT64_FORMAT "/%" G_GINT64_FORMAT " KiB", run->before.app_rss_kib, run->after.app_rss_kib,
                  run->before.engine_rss_kib, run->after.engine_rss_kib);
  g_assert_false (run->flood.failed);
  for (guint i = 0; i < run->latencies->len; i++)
    g_assert_cmpfloat (g_array_index (run->latencies, double, i), <, 5000);
  g_assert_cmpuint (run->latencies->len, >=, CALLS / RATE * 1000 / LOAD_PROBE_INTERVAL_MS / 2);
  g_assert_cmpint (run->after.app_fds, ==, run->before.app_fds);
  g_assert_cmpint (run->after.engine_fds, ==, run->before.engine_fds);
}

/* Direct calls: the flood's INVITEs reach the person. Its calls take call
 * slots; the engine refuses those beyond them (486/503), which never reach
 * the app. */
static void
test_direct_calls (void)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  LoadFixture fixture;
  LoadFloodRun run;

  load_fixture_set_up (&fixture, LOAD_BACKGROUND);
  load_flood_run (&fixture, server, RATE, CALLS, RING_MS, &run);
  assert_flood_survived (&run);

  /* Every INVITE rang or was refused; none went unanswered. */
  g_assert_cmpuint (run.flood.ringing + run.flood.refused, ==, CALLS);
  g_assert_cmpuint (run.flood.ringing, >, 0);
  /* One notification at a time for the flood's caller. */
  g_assert_cmpuint (parlo_test_notifications_peak (server, "Incoming call"), ==, 1);
  /* Recent has each call that rang, the real caller's too, and no other. */
  g_assert_cmpuint (run.flood_history, ==, run.flood.ringing);
  g_assert_cmpuint (run.real_caller_history, ==, 1);

  g_array_unref (run.latencies);
  load_fixture_tear_down (&fixture);
  parlo_test_notifications_stop (server);
}

/* A server account: the flood comes straight from a scanner's address, not
 * from its server, and is refused (403) before it takes a call slot or
 * reaches the app; a real caller through the server rings at once. */
static void
test_server_account (void)
{
  ParloTestNotifications *server = parlo_test_notifications_start ();
  LoadFixture fixture;
  LoadFloodRun run;

  load_fixture_set_up (&fixture, LOAD_SERVER_ONLY);
  load_flood_run (&fixture, server, RATE, CALLS, RING_MS, &run);
  assert_flood_survived (&run);

  /* Every INVITE was refused as a direct call. */
  g_assert_cmpuint (run.flood.forbidden, ==, CALLS);
  g_assert_cmpuint (run.flood.ringing + run.flood.refused, ==, 0);
  /* The person saw the real caller ring and then go, and nothing of the
   * flood: the missed calls are the first call's and the real caller's. */
  g_assert_cmpuint (run.real_caller_tries, ==, 1);
  g_assert_cmpuint (parlo_test_notifications_peak (server, "Incoming call"), ==, 1);
  g_assert_cmpuint (run.notifications, ==, 2);
  g_assert_cmpstr (server->summary, ==, "2 missed calls");
  g_assert_cmpuint (run.flood_history, ==, 0);
  g_assert_cmpuint (run.real_caller_history, ==, 1);

  g_array_unref (run.latencies);
  load_fixture_tear_down (&fixture);
  parlo_test_notifications_stop (server);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);
  /* First: the missed calls it counts are its own. */
  g_test_add_func ("/flood/server-account", test_server_account);
  g_test_add_func ("/flood/direct-calls", test_direct_calls);
  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
