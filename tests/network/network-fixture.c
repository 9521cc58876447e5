/* network-fixture.c — what the network tests share (network-fixture.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <unistd.h>

#include "network-fixture.h"

static void
start_kamailio (Fixture *fixture)
{
  static const char * const users[] = {
    "alice", ALICE_PASSWORD, "bob", BOB_PASSWORD, "carol", CAROL_PASSWORD, NULL
  };
  ParloTestKamailioOptions options = {
    .address = PARLO_TEST_PROVIDER_ADDRESS, .port = 5060, .domain = PARLO_TEST_PROVIDER_NAME,
    .tls_port = 5061, .nat = TRUE, .users = users,
    .tls_cert_file = fixture->cert->cert_file, .tls_key_file = fixture->cert->key_file,
    .netns = parlo_test_network_netns (fixture->network, PARLO_TEST_SITE_PROVIDER),
  };

  fixture->kamailio = parlo_test_kamailio_start_with (&options);
}

void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char * const names[] = { "mouth_a", "mouth_b", "ear_a", "ear_b" };

  fixture->network = parlo_test_network_new ();
  fixture->certs = parlo_test_certs_new ();
  parlo_test_certs_trust (fixture->certs);
  fixture->cert = parlo_test_certs_issue (fixture->certs, GPOINTER_TO_INT (data), PARLO_TEST_PROVIDER_NAME);
  start_kamailio (fixture);

  fixture->modules[MOUTH_A] = parlo_test_pulse_tone_source ("mouth_a", A_TONE);
  fixture->modules[MOUTH_B] = parlo_test_pulse_tone_source ("mouth_b", B_TONE);
  fixture->modules[EAR_A] = parlo_test_pulse_null_sink ("ear_a");
  fixture->modules[EAR_B] = parlo_test_pulse_null_sink ("ear_b");
  for (gsize i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *monitor = g_strdup_printf ("%s.monitor", names[i]);

      fixture->heard[i] = parlo_test_recorder_start (monitor);
    }
}

void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < N_DEVICES; i++)
    {
      parlo_test_recorder_stop (fixture->heard[i]);
      parlo_test_pulse_unload_module (fixture->modules[i]);
    }
  parlo_test_kamailio_stop (fixture->kamailio);
  parlo_test_network_free (fixture->network);
  parlo_test_certs_untrust ();
  parlo_test_certs_free (fixture->certs);
}

void
fixture_restart_kamailio (Fixture *fixture, const ParloTestCert *cert)
{
  parlo_test_kamailio_stop (fixture->kamailio);
  fixture->cert = cert;
  start_kamailio (fixture);
}

ParloTestPeer *
phone_new (Fixture *fixture, ParloTestSite site, const char *user, const char *mouth, const char *ear)
{
  ParloTestPeer *peer = parlo_test_network_peer_new (fixture->network, site, user);
  g_autofree char *monitor = g_strdup_printf ("%s.monitor", mouth);

  parlo_test_peer_use_device (peer, "source", monitor);
  parlo_test_peer_use_device (peer, "player", ear);
  return peer;
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

ParloAccount *
network_account_add (ParloTestPeer *peer, const NetworkAccount *account)
{
  const ParloTestAccountOptions *form = &account->form;
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *added;

  g_object_set (draft, "address", form->address, "server", or_empty (form->server),
                "transport", form->transport, "media-encryption", form->media_encryption,
                "stun-server", or_empty (form->stun_server), "ice", form->ice,
                "outbound-proxy", or_empty (account->outbound_proxy),
                "turn-server", or_empty (account->turn_server), "turn-user", or_empty (account->turn_user),
                NULL);
  if (form->audio_codecs != NULL)
    g_object_set (draft, "audio-codecs", form->audio_codecs, NULL);
  parlo_account_store_save_async (peer->accounts, NULL, draft, form->password, account->turn_password, NULL,
                                  parlo_test_result_ready, &result);
  added = parlo_account_store_save_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  return g_object_ref (added);
}

void
wait_registered (ParloAccount *account)
{
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);
}

guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

void
two_phones (Fixture *fixture, const NetworkAccount *common, ParloTestPeer **alice,
            ParloAccount **alice_account, ParloTestPeer **bob, ParloAccount **bob_account)
{
  NetworkAccount account = *common;

  *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  *bob = phone_new (fixture, PARLO_TEST_SITE_HOME_B, "bob", "mouth_b", "ear_b");
  account.form.address = ALICE_ADDRESS;
  account.form.password = ALICE_PASSWORD;
  *alice_account = network_account_add (*alice, &account);
  account.form.address = BOB_ADDRESS;
  account.form.password = BOB_PASSWORD;
  *bob_account = network_account_add (*bob, &account);
  wait_registered (*alice_account);
  wait_registered (*bob_account);
}

ParloCall *
dial (ParloTestPeer *from, ParloAccount *account, const char *to_uri)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  parlo_engine_dial_async (from->engine, parlo_account_get_aor (account), to_uri, NULL,
                           parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (from->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  /* A call refused at once may have ended already. */
  return parlo_test_peer_find_account_call (from, parlo_account_get_aor (account), call_id);
}

ParloCall *
wait_ringing (ParloTestPeer *to)
{
  ParloCall *call;

  PARLO_TEST_WAIT_UNTIL (n_calls (to) == 1);
  call = parlo_test_peer_call (to, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  return call;
}

void
call_and_answer (ParloTestPeer *from, ParloAccount *account, ParloTestPeer *to, const char *to_uri,
                 ParloCall **from_call, ParloCall **to_call)
{
  *from_call = dial (from, account, to_uri);
  *to_call = wait_ringing (to);
  parlo_test_peer_answer (to, *to_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*from_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (*to_call) == PARLO_CALL_STATE_ESTABLISHED);
}

void
hang_up (ParloTestPeer *peer, ParloCall *call, ParloTestPeer *other)
{
  parlo_test_peer_hangup (peer, call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (peer) == 0 && n_calls (other) == 0);
}

void
assert_hears (ParloTestRecorder *ear, double frequency, gint64 since, guint within_ms)
{
  gint64 onset = parlo_test_recorder_onset (ear, frequency, since, since + within_ms * G_TIME_SPAN_MILLISECOND);
  gsize n = PARLO_TEST_AUDIO_SAMPLES (500);
  g_autofree gint16 *samples = g_new (gint16, n);

  if (onset < 0)
    g_error ("No %.0f Hz tone within %u ms", frequency, within_ms);
  g_test_message ("%.0f Hz after %" G_GINT64_FORMAT " ms", frequency, (onset - since) / 1000);
  parlo_test_recorder_read (ear, parlo_test_recorder_index_at (ear, g_get_monotonic_time ()), n, samples);
  g_assert_true (parlo_test_audio_is_tone (samples, n, frequency));
}

gboolean
network_tests_init (int *argc, char ***argv)
{
  if (geteuid () != 0)
    {
      /* TAP's way of saying the whole program is skipped. */
      g_print ("1..0 # SKIP network namespaces need root\n");
      return FALSE;
    }
  parlo_test_init (argc, argv, PARLO_TEST_KEYRING | PARLO_TEST_RUNTIME_DIR);
  return TRUE;
}
