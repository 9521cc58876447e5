/* Calls in a row between the real Parlo and a second engine: the app dials
 * through its "dial" action, the peer answers and hears the app's tone for a
 * second, the peer hangs up. What a person who leaves Parlo running for
 * weeks needs: the app and its engine keep no file open per call, and Recent
 * lists every call. Whether they grow is the bench's figure (bench-load soak):
 * a GTK process of 250 MB moves by megabytes from one reading to the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "load-fixture.h"

#define CALLS 100

static void
test_calls_in_a_row (void)
{
  LoadFixture fixture;
  LoadSample idle, last = { 0 };

  load_fixture_set_up (&fixture, LOAD_DIRECT_CALLS);
  /* The first call opens what the app keeps for the next ones (its history's
   * write-ahead log, the ringback tone's stream). */
  load_soak_call (&fixture);
  parlo_test_run_for (1000);
  idle = load_fixture_sample (&fixture);
  for (guint i = 2; i <= CALLS; i++)
    {
      load_soak_call (&fixture);
      /* No call leaves a file, socket or pipe open in either process: both
       * come back to what they held before the first (the engine closes a
       * call's sockets a moment after its end). */
      if (!load_fixture_settle_fds (&fixture, &idle, &last))
        g_error ("After call %u the app has %d files open (%d after the first), the engine %d (%d)", i,
                 last.app_fds, idle.app_fds, last.engine_fds, idle.engine_fds);
      if (i % 10 == 0)
        g_test_message ("call %u: app %" G_GINT64_FORMAT " KiB, %d fds; engine %" G_GINT64_FORMAT " KiB, %d fds",
                        i, last.app_rss_kib, last.app_fds, last.engine_rss_kib, last.engine_fds);
    }

  /* Recent has every one of them. */
  g_assert_cmpuint (load_history_count (fixture.peer->aor), ==, CALLS);
  load_fixture_tear_down (&fixture);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);
  g_test_add_func ("/soak/calls-in-a-row", test_calls_in_a_row);
  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
