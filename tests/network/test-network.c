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

#define PROXY_PORT 5070

/* One of the app's accounts and the far end's account that calls it and is
 * called from it. */
typedef struct {
  ParloAccount *mine;
  ParloAccount *theirs;
} AccountPair;

/* A call from the far end to mine rings the app on that account, from the
 * far end's right account; a call out on mine rings the far end on theirs,
 * from mine: each side's call names the account it came in on and the peer's. */
static void
assert_calls_both_ways (ParloTestPeer *app, ParloTestPeer *far_end, const AccountPair *pair)
{
  const char *mine = parlo_account_get_aor (pair->mine);
  const char *theirs = parlo_account_get_aor (pair->theirs);
  G_GNUC_UNUSED g_autoptr(ParloCall) incoming = dial (far_end, pair->theirs, mine);
  g_autoptr(ParloCall) ringing = wait_ringing (app);
  g_autoptr(ParloCall) outgoing = NULL;
  g_autoptr(ParloCall) far_ringing = NULL;

  g_test_message ("Ringing on %s from %s", parlo_call_get_account (ringing), parlo_call_get_peer_uri (ringing));
  g_assert_cmpstr (parlo_call_get_account (ringing), ==, mine);
  g_assert_cmpstr (parlo_call_get_peer_uri (ringing), ==, theirs);
  hang_up (app, ringing, far_end);

  outgoing = dial (app, pair->mine, theirs);
  far_ringing = wait_ringing (far_end);
  g_test_message ("Far end ringing on %s from %s", parlo_call_get_account (far_ringing),
                  parlo_call_get_peer_uri (far_ringing));
  g_assert_cmpstr (parlo_call_get_account (far_ringing), ==, theirs);
  g_assert_cmpstr (parlo_call_get_peer_uri (far_ringing), ==, mine);
  hang_up (far_end, far_ringing, app);
}

/* 8. Alice's app holds two accounts at two providers: one over TLS at the
 * first, one over UDP at the second through its outbound proxy, the server
 * being the second provider's registrar. Both say "Registered" at once; a
 * call on each rings her on that account, and her calls out on each reach
 * Bob (who has an account at each provider) from that account. */
static void
test_two_providers (Fixture *fixture, gconstpointer data)
{
  static const char * const users[] = { "alice", ALICE_PASSWORD, "bob", BOB_PASSWORD, NULL };
  const char *netns = parlo_test_network_netns (fixture->network, PARLO_TEST_SITE_PROVIDER);
  ParloTestKamailioOptions registrar_options = {
    .address = PARLO_TEST_PROVIDER2_ADDRESS, .port = 5060, .domain = PARLO_TEST_PROVIDER2_NAME,
    .nat = TRUE, .users = users, .netns = netns,
  };
  ParloTestKamailioOptions proxy_options = {
    .address = PARLO_TEST_PROVIDER2_ADDRESS, .port = PROXY_PORT, .config = "proxy.cfg", .netns = netns,
  };
  ParloTestKamailio *registrar = parlo_test_kamailio_start_with (&registrar_options);
  ParloTestKamailio *proxy = parlo_test_kamailio_start_with (&proxy_options);
  ParloTestPeer *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  ParloTestPeer *bob = phone_new (fixture, PARLO_TEST_SITE_HOME_B, "bob", "mouth_b", "ear_b");
  NetworkAccount alice_first = { .form = {
    .address = ALICE_ADDRESS, .password = ALICE_PASSWORD, .transport = PARLO_TRANSPORT_TLS,
  } };
  NetworkAccount alice_second = {
    .form = { .address = "alice@" PARLO_TEST_PROVIDER2_NAME, .password = ALICE_PASSWORD,
              .server = PARLO_TEST_PROVIDER2_NAME },
    .outbound_proxy = PARLO_TEST_PROVIDER2_ADDRESS ":" G_STRINGIFY (PROXY_PORT),
  };
  NetworkAccount bob_first = { .form = { .address = BOB_ADDRESS, .password = BOB_PASSWORD } };
  NetworkAccount bob_second = { .form = { .address = "bob@" PARLO_TEST_PROVIDER2_NAME, .password = BOB_PASSWORD } };
  AccountPair first = { network_account_add (alice, &alice_first), network_account_add (bob, &bob_first) };
  AccountPair second = { network_account_add (alice, &alice_second), network_account_add (bob, &bob_second) };

  wait_registered (first.mine);
  wait_registered (second.mine);
  wait_registered (first.theirs);
  wait_registered (second.theirs);
  g_assert_cmpint (parlo_account_get_registration_state (first.mine), ==, PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "tls"), >=, 1);
  g_assert_cmpuint (parlo_test_kamailio_log_count (proxy, "Relaying REGISTER sip:" PARLO_TEST_PROVIDER2_NAME " to "),
                    >=, 2);
  g_assert_cmpuint (parlo_test_kamailio_log_count (registrar, "Saved sip:alice@" PARLO_TEST_PROVIDER2_NAME), >=, 1);

  assert_calls_both_ways (alice, bob, &first);
  assert_calls_both_ways (alice, bob, &second);
  /* The second provider's calls to and from Alice went through its proxy. */
  g_assert_cmpuint (parlo_test_kamailio_log_count (proxy, "Relaying INVITE "), >=, 2);

  g_object_unref (first.mine);
  g_object_unref (first.theirs);
  g_object_unref (second.mine);
  g_object_unref (second.theirs);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  parlo_test_kamailio_stop (proxy);
  parlo_test_kamailio_stop (registrar);
}

int
main (int argc, char *argv[])
{
  if (!network_tests_init (&argc, &argv))
    return 0;
  NETWORK_ADD ("/network/call-through-nat", PARLO_TEST_CERT_VALID, test_call_through_nat);
  NETWORK_ADD ("/network/nat-forgets", PARLO_TEST_CERT_VALID, test_nat_forgets);
  NETWORK_ADD ("/network/two-providers", PARLO_TEST_CERT_VALID, test_two_providers);
  return parlo_test_run ();
}
