/* Parlo on a simulated internet: a provider with kamailio, coturn and DNS,
 * and two homes behind NAT routers, each test in network namespaces of its
 * own (tests/lib/parlo-test-network.h). Engines run in the homes, the test
 * and PulseAudio stay outside and reach them over unix sockets. This program:
 * calls between the homes and the routers' memory of them; TLS and media have
 * programs of their own, on the same fixture (network-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "network-fixture.h"

#define CAROL_URI "sip:carol@" PARLO_TEST_PROVIDER_NAME
/* Router A's UDP memory, and how long the phones then stay idle. */
#define NAT_TIMEOUT_S 20
#define IDLE_MS 60000
/* A call that reaches the phone rings within this long; one that does not is
 * given as long before the test says so. */
#define RINGS_WITHIN_MS 5000

/* 3. Alice behind NAT A calls Bob behind NAT B through the provider, both
 * with ICE and the provider's STUN server: each hears the other. */
static void
test_call_through_nat (Fixture *fixture, gconstpointer data)
{
  NetworkAccount options = { .form = { .stun_server = STUN_SERVER, .ice = TRUE } };
  ParloTestPeer *alice, *bob;
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;
  g_autoptr(ParloCall) alice_call = NULL;
  g_autoptr(ParloCall) bob_call = NULL;
  gint64 established;

  parlo_test_network_start_turn (fixture->network, "alice", ALICE_PASSWORD);
  two_phones (fixture, &options, &alice, &alice_account, &bob, &bob_account);
  call_and_answer (alice, alice_account, bob, BOB_URI, &alice_call, &bob_call);
  established = g_get_monotonic_time ();
  assert_hears (fixture->heard[EAR_B], A_TONE, established, ICE_WITHIN_MS);
  assert_hears (fixture->heard[EAR_A], B_TONE, established, ICE_WITHIN_MS);
  hang_up (alice, alice_call, bob);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
}

/* Whether the engine's account aor is registered now, as engine.status says. */
static gboolean
engine_registered (ParloEngine *engine, const char *aor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = parlo_test_request (engine, PARLO_BRIDGE_COMMAND_ENGINE_STATUS, NULL, &error);
  JsonArray *accounts;

  g_assert_no_error (error);
  accounts = json_object_get_array_member (status, PARLO_BRIDGE_FIELD_ACCOUNTS);
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_strcmp0 (json_object_get_string_member (account, PARLO_BRIDGE_FIELD_AOR), aor) == 0)
        return json_object_get_boolean_member (account, PARLO_BRIDGE_FIELD_REGISTERED);
    }
  return FALSE;
}

/* Carol's phone, a second engine in home A on a port of its own, whose
 * account at the provider sends no keepalives: what the app's accounts would
 * do without them (the app has no setting for it; account.add has). */
static ParloTestPeer *
carol_without_keepalives (Fixture *fixture)
{
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (5070);
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  const char * const launcher[] = {
    "ip", "netns", "exec", parlo_test_network_netns (fixture->network, PARLO_TEST_SITE_HOME_A), NULL
  };
  g_autoptr(ParloEngineAccount) account = parlo_engine_account_new (CAROL_URI);
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  ParloTestPeer *carol;

  parlo_engine_config_set_listen_address (config, PARLO_TEST_HOME_A_ADDRESS ":5070");
  parlo_engine_config_set_launcher (config, launcher);
  carol = parlo_test_peer_new_with_config ("sip:carol@" PARLO_TEST_HOME_A_ADDRESS ":5070", config, settings);
  account->password = g_strdup (CAROL_PASSWORD);
  account->regint = 600;
  request = parlo_engine_account_to_json (account);
  json_object_set_int_member (request, PARLO_BRIDGE_FIELD_KEEPALIVE, 0);
  reply = parlo_test_request (carol->engine, PARLO_BRIDGE_COMMAND_ACCOUNT_ADD, request, &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (engine_registered (carol->engine, CAROL_URI));
  return carol;
}

static void
count_incoming (ParloEngine *engine, ParloEvent *event, guint *incoming)
{
  if (event->type == PARLO_EVENT_CALL_INCOMING)
    (*incoming)++;
}

/* 6. Router A forgets an idle UDP mapping after 20 s. Alice in home A is
 * registered and leaves her phone alone for a minute: Bob's call still makes
 * it ring, since the account's keepalives kept the mapping. Carol, in the same
 * home without keepalives, is registered just as long, and Bob's call to her
 * never arrives: the router dropped it, so the test would see it. */
static void
test_nat_forgets (Fixture *fixture, gconstpointer data)
{
  NetworkAccount options = { .form = { 0 } };
  ParloTestPeer *alice, *bob, *carol;
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;
  g_autoptr(ParloCall) to_carol = NULL;
  g_autoptr(ParloCall) to_alice = NULL;
  g_autoptr(ParloCall) ringing = NULL;
  guint carol_incoming = 0;

  parlo_test_network_set_udp_timeout (fixture->network, PARLO_TEST_SITE_ROUTER_A, NAT_TIMEOUT_S);
  two_phones (fixture, &options, &alice, &alice_account, &bob, &bob_account);
  carol = carol_without_keepalives (fixture);
  g_signal_connect (carol->engine, "event", G_CALLBACK (count_incoming), &carol_incoming);
  parlo_test_run_for (IDLE_MS);

  to_carol = dial (bob, bob_account, CAROL_URI);
  parlo_test_run_for (RINGS_WITHIN_MS);
  g_assert_cmpuint (carol_incoming, ==, 0);
  parlo_test_peer_hangup (bob, to_carol, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (bob) == 0);

  to_alice = dial (bob, bob_account, ALICE_URI);
  ringing = wait_ringing (alice);
  g_assert_cmpstr (parlo_call_get_account (ringing), ==, parlo_account_get_aor (alice_account));
  hang_up (alice, ringing, bob);

  g_signal_handlers_disconnect_by_data (carol->engine, &carol_incoming);
  parlo_test_peer_free (carol);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
}

int
main (int argc, char *argv[])
{
  if (!network_tests_init (&argc, &argv))
    return 0;
  NETWORK_ADD ("/network/call-through-nat", PARLO_TEST_CERT_VALID, test_call_through_nat);
  NETWORK_ADD ("/network/nat-forgets", PARLO_TEST_CERT_VALID, test_nat_forgets);
  return parlo_test_run ();
}
