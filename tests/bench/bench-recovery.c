/* bench-recovery.c — how long a person waits after the engine crashes
 *
 * The engine of a peer with an account at a real kamailio is SIGKILLed N_KILLS
 * times, idle. Each time: kill -> engine back (a new process runs), back -> the
 * REGISTER arrives at kamailio, and kill -> the account says "registered". The
 * restart delay is held at its production minimum (250 ms) for every kill
 * (test-only PARLO_ENGINE_RESTART_DELAYS): kills this close together would
 * otherwise double it, which the recovery suite checks. Target: registered
 * again within 3 s of the engine being back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "bench-util.h"
#include "parlo-test.h"
#include "parlo-test-servers.h"

#define N_KILLS  20
#define PASSWORD "Bench-Recovery-7"

static double
ms_between (gint64 from, gint64 to)
{
  return (to - from) / 1000.0;
}

static void
print_figure (const char *what, GArray *values)
{
  g_print ("  %-36s p50 %6.0f ms, max %6.0f ms\n", what, bench_median (values), bench_percentile (values, 1));
}

static void
on_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

int
main (int argc, char *argv[])
{
  g_autofree char *runtime_dir = g_dir_make_tmp ("parlo-bench-XXXXXX", NULL);
  guint16 port;
  const char *users[] = { "alice", PASSWORD, NULL };
  g_autofree char *address = NULL;
  ParloTestAccountOptions options = { .password = PASSWORD };
  g_autoptr(GArray) back_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) register_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) registered_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(ParloAccount) account = NULL;
  ParloTestKamailio *kamailio;
  ParloTestKeyring *keyring;
  ParloTestPulse *pulse;
  ParloTestPeer *peer;

  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  /* Accounts keep their passwords in a keyring: one of the bench's own. */
  keyring = parlo_test_keyring_start ();
  /* The engine's warning about each kill is expected here. */
  g_log_set_handler ("parlo-engine", G_LOG_LEVEL_WARNING, on_log, NULL);
  pulse = parlo_test_pulse_start ();
  port = parlo_test_free_port ();
  address = g_strdup_printf ("alice@127.0.0.1:%u", port);
  options.address = address;
  kamailio = parlo_test_kamailio_start (port, users);
  g_setenv ("PARLO_ENGINE_RESTART_DELAYS", "250,250,0", TRUE);
  peer = parlo_test_peer_new ("bench");
  g_unsetenv ("PARLO_ENGINE_RESTART_DELAYS");
  account = parlo_test_peer_add_account (peer, &options);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);

  for (guint i = 0; i < N_KILLS; i++)
    {
      GPid pid = parlo_engine_get_process_id (peer->engine);
      guint registers = parlo_test_kamailio_count (kamailio, "REGISTER", NULL);
      gint64 killed, back, registering, registered;
      double value;

      killed = g_get_monotonic_time ();
      kill (pid, SIGKILL);
      PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (peer->engine) == PARLO_ENGINE_STATE_RUNNING &&
                             parlo_engine_get_process_id (peer->engine) != 0 &&
                             parlo_engine_get_process_id (peer->engine) != pid);
      back = g_get_monotonic_time ();
      registering = registered = 0;
      while (registering == 0 || registered == 0)
        {
          if (registering == 0 && parlo_test_kamailio_count (kamailio, "REGISTER", NULL) > registers)
            registering = g_get_monotonic_time ();
          if (registered == 0 && registering != 0 &&
              parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED)
            registered = g_get_monotonic_time ();
          if (g_get_monotonic_time () - back > 20 * G_USEC_PER_SEC)
            g_error ("The account did not register again after kill %u", i + 1);
          parlo_test_run_for (5);
        }
      value = ms_between (killed, back);
      g_array_append_val (back_ms, value);
      value = ms_between (back, registering);
      g_array_append_val (register_ms, value);
      value = ms_between (killed, registered);
      g_array_append_val (registered_ms, value);
      /* Not killed again before the last one is fully back. */
      parlo_test_run_for (200);
    }

  g_print ("recovery after SIGKILL, %d kills, restart delay 250 ms (production minimum):\n", N_KILLS);
  print_figure ("kill -> engine back", back_ms);
  print_figure ("engine back -> REGISTER at kamailio", register_ms);
  print_figure ("kill -> account registered", registered_ms);
  g_print ("  target: REGISTER within 3000 ms of the engine being back; max %.0f ms (%s)\n",
           bench_percentile (register_ms, 1), bench_percentile (register_ms, 1) <= 3000 ? "met" : "MISSED");

  g_clear_object (&account);
  parlo_test_peer_free (peer);
  parlo_test_kamailio_stop (kamailio);
  parlo_test_pulse_stop (pulse);
  parlo_test_keyring_stop (keyring);
  parlo_test_remove_tree (runtime_dir);
  return 0;
}
