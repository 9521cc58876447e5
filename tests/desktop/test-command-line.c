/* The command line: `parlo --help`, `--version`, a wrong option, and --answer,
 * --hangup and --quit acting on the real program running on the test's session
 * bus, as a far engine sees it. Also the app's actions over D-Bus, through
 * `gapplication action`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "parlo-test.h"
#include "parlo-test-desktop.h"

/* Runs `parlo ARGUMENT` (NULL: none); out and err as parlo_test_desktop_run. */
static int
run_parlo (const char *argument, char **out, char **err)
{
  const char *argv[] = { parlo_test_desktop_program (), argument, NULL };

  return parlo_test_desktop_run (argv, out, err);
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("Parlo %s\n", PACKAGE_VERSION);

  g_assert_cmpint (run_parlo ("--version", &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);
  /* It answered by itself: no Parlo was started for it. */
  g_assert_false (parlo_test_desktop_app_on_bus ());
}

static void
test_help (void)
{
  static const char *const lines[] = {
    "parlo [OPTION…] [ADDRESS]",
    "--answer", "Answer the call that is ringing",
    "--hangup", "Hang up the call in progress",
    "--quit", "Quit Parlo, ending its calls",
    "--version", "Show the version",
  };
  g_autofree char *out = NULL;

  g_assert_cmpint (run_parlo ("--help", &out, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_assert_nonnull (strstr (out, lines[i]));
  g_assert_false (parlo_test_desktop_app_on_bus ());
}

/* A wrong option says which, and fails, before anything starts. */
static void
test_unknown_option (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_parlo ("--dial", NULL, &err), !=, 0);
  g_assert_cmpstr (err, ==, "Unknown option --dial\n");
  g_assert_false (parlo_test_desktop_app_on_bus ());
}

/* Commands for a running Parlo do not start one. */
static void
test_not_running (void)
{
  const char *both[] = { parlo_test_desktop_program (), "--answer", "--hangup", NULL };
  g_autofree char *answer_err = NULL;
  g_autofree char *hangup_err = NULL;
  g_autofree char *both_err = NULL;

  g_assert_cmpint (run_parlo ("--answer", NULL, &answer_err), ==, 1);
  g_assert_cmpstr (answer_err, ==, "Parlo is not running\n");
  g_assert_cmpint (run_parlo ("--hangup", NULL, &hangup_err), ==, 1);
  g_assert_cmpstr (hangup_err, ==, "Parlo is not running\n");
  /* Nothing runs, so it is as if it had quit. */
  g_assert_cmpint (run_parlo ("--quit", NULL, NULL), ==, 0);
  g_assert_cmpint (parlo_test_desktop_run (both, NULL, &both_err), ==, 1);
  g_assert_cmpstr (both_err, ==, "Give only one of --answer, --hangup, --quit and an address\n");
  g_assert_false (parlo_test_desktop_app_on_bus ());
}

/* --answer takes the call that rings, --hangup ends the one in progress, as
 * the caller sees; with no such call each says so and fails. */
static void
test_answer_and_hangup (void)
{
  ParloTestPeer *peer = parlo_test_peer_new ("peer");
  ParloTestApp *app = parlo_test_app_start ();
  g_autoptr(ParloCall) call = NULL;
  g_autofree char *no_ringing = NULL;
  g_autofree char *no_call = NULL;

  g_assert_cmpint (run_parlo ("--hangup", NULL, &no_call), ==, 1);
  g_assert_cmpstr (no_call, ==, "There is no call to hang up\n");

  call = parlo_test_app_ring (peer, app);
  g_assert_cmpint (run_parlo ("--answer", NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (run_parlo ("--answer", NULL, &no_ringing), ==, 1);
  g_assert_cmpstr (no_ringing, ==, "No call is ringing\n");

  g_assert_cmpint (run_parlo ("--hangup", NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_TERMINATED);
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_HANGUP_REMOTE);

  parlo_test_app_free (app);
  parlo_test_peer_free (peer);
}

/* `gapplication action io.github.parlo.Parlo dial "'sip:…'"` places a call;
 * --hangup takes it back while it rings. */
static void
test_dial_action (void)
{
  ParloTestPeer *peer = parlo_test_peer_new ("peer");
  ParloTestApp *app = parlo_test_app_start ();
  g_autofree char *target = g_strdup_printf ("'%s'", peer->aor);
  const char *argv[] = { "gapplication", "action", PARLO_TEST_APP_ID, "dial", target, NULL };
  g_autoptr(ParloCall) call = NULL;

  g_assert_cmpint (parlo_test_desktop_run (argv, NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (peer->calls)) == 1);
  call = parlo_test_peer_call (peer, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);

  g_assert_cmpint (run_parlo ("--hangup", NULL, NULL), ==, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_TERMINATED);
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_CANCELLED);

  parlo_test_app_free (app);
  parlo_test_peer_free (peer);
}

/* --quit ends the Parlo that runs, which gives up its name. */
static void
test_quit (void)
{
  ParloTestApp *app = parlo_test_app_start ();

  g_assert_cmpint (run_parlo ("--quit", NULL, NULL), ==, 0);
  g_assert_true (parlo_test_app_ends (app));
  g_assert_true (g_subprocess_get_successful (app->process));
  g_assert_false (parlo_test_desktop_app_on_bus ());
  parlo_test_app_free (app);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = parlo_test_desktop_home ();
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

  g_test_add_func ("/command-line/version", test_version);
  g_test_add_func ("/command-line/help", test_help);
  g_test_add_func ("/command-line/unknown-option", test_unknown_option);
  g_test_add_func ("/command-line/not-running", test_not_running);
  g_test_add_func ("/command-line/answer-and-hangup", test_answer_and_hangup);
  g_test_add_func ("/command-line/dial-action", test_dial_action);
  g_test_add_func ("/command-line/quit", test_quit);

  result = parlo_test_run ();
  parlo_test_remove_tree (home);
  return result;
}
