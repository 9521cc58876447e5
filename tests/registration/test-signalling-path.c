/* What reaches the servers on the wire, on loopback: the keepalives that keep a
 * registration reachable behind a NAT, the media address offered in SDP, and an
 * outbound proxy in front of the account's own server, and the relay a TURN
 * server gives. Real engines with our module, kamailio as registrar and as
 * proxy, coturn as TURN server, sipp as a peer that logs what it gets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "parlo-test-servers.h"
#include "parlo-test.h"

#define PASSWORD "Tr0ub4dor-and-3"

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

/* Whether the engine's account aor is registered now, as engine.status says. */
static gboolean
engine_registered (ParloEngine *engine, const char *aor)
{
  g_autoptr(JsonObject) account = parlo_test_engine_account_status (engine, aor);

  return account != NULL && json_object_get_boolean_member (account, "registered");
}

static void
add_engine_account (ParloEngine *engine, const ParloEngineAccount *account)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_add_account_async (engine, account, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (engine, &result);
}

/* A phone registered over UDP at a kamailio, and how many OPTIONS kamailio
 * had received over UDP before the account was added (its start-up probe). */
typedef struct {
  ParloTestKamailio *kamailio;
  ParloTestPeer     *phone;
  char              *aor;
  guint              probes;
} RegisteredPhone;

/* keepalive is account.add's, 0 for the engine's own interval. */
static void
registered_phone_start (RegisteredPhone *r, guint keepalive)
{
  static const char * const users[] = { "alice", PASSWORD, NULL };
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloEngineAccount) account = NULL;

  r->kamailio = parlo_test_kamailio_start (port, users);
  r->phone = parlo_test_peer_new ("me");
  r->aor = g_strdup_printf ("sip:alice@127.0.0.1:%u", port);
  r->probes = parlo_test_kamailio_count (r->kamailio, "OPTIONS", "udp");
  account = parlo_engine_account_new (r->aor);
  account->password = g_strdup (PASSWORD);
  account->regint = 600;
  account->keepalive = keepalive;
  add_engine_account (r->phone->engine, account);
  PARLO_TEST_WAIT_UNTIL (engine_registered (r->phone->engine, r->aor));
}

static void
registered_phone_stop (RegisteredPhone *r)
{
  parlo_test_peer_free (r->phone);
  parlo_test_kamailio_stop (r->kamailio);
  g_free (r->aor);
}

/* The engine's keepalives: the OPTIONS kamailio received over UDP since the
 * account was added. */
static guint
keepalives (RegisteredPhone *r)
{
  return parlo_test_kamailio_count (r->kamailio, "OPTIONS", "udp") - r->probes;
}

/* Registered over UDP, the account sends its registrar a keepalive at the
 * interval asked for, and none once it signed off: a phone behind a NAT stays
 * reachable while it is registered, and stays quiet when it is not. */
static void
test_keepalive_while_registered (void)
{
  RegisteredPhone r;
  g_auto(ParloTestResult) unregistered = { NULL };
  guint at_sign_off;

  registered_phone_start (&r, 1);
  g_assert_cmpuint (keepalives (&r), ==, 0);

  /* One a second, from the first second on. */
  parlo_test_run_for (3500);
  g_assert_cmpuint (keepalives (&r), >=, 2);
  g_assert_cmpuint (keepalives (&r), <=, 4);

  parlo_engine_register_async (r.phone->engine, r.aor, FALSE, NULL, parlo_test_result_ready, &unregistered);
  parlo_test_command_succeeds (r.phone->engine, &unregistered);
  PARLO_TEST_WAIT_UNTIL (!engine_registered (r.phone->engine, r.aor));
  at_sign_off = keepalives (&r);
  parlo_test_run_for (3000);
  g_assert_cmpuint (keepalives (&r), ==, at_sign_off);

  registered_phone_stop (&r);
}

/* Without an interval asked for, the engine's own: every 15 s, shorter than the
 * 20–30 s after which many NAT routers forget a UDP mapping. */
static void
test_keepalive_default_interval (void)
{
  RegisteredPhone r;

  registered_phone_start (&r, 0);

  parlo_test_run_for (13000);
  g_assert_cmpuint (keepalives (&r), ==, 0);
  parlo_test_run_for (4000);
  g_assert_cmpuint (keepalives (&r), ==, 1);

  registered_phone_stop (&r);
}

/* sipp's built-in UAS on 127.0.0.1:port, writing every message it sends and
 * receives to messages. */
static GSubprocess *
sipp_uas_start (guint16 port, const char *messages)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *sipp;

  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  sipp = g_subprocess_launcher_spawn (launcher, &error, "sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", port_text,
                                      "-t", "u1", "-nostdin", "-trace_msg", "-message_file", messages, NULL);
  g_assert_no_error (error);
  return sipp;
}

static gboolean
file_contains (const char *path, const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

/* An engine that listens on 127.0.0.1 offers 127.0.0.1 for its audio, not the
 * address of the machine's default route: the peer can send the sound back. */
static void
test_sdp_offers_listen_address (void)
{
  guint16 port = parlo_test_free_port ();
  g_autofree char *directory = g_dir_make_tmp ("parlo-sipp-XXXXXX", NULL);
  g_autofree char *messages = g_build_filename (directory, "messages.log", NULL);
  g_autoptr(GSubprocess) sipp = sipp_uas_start (port, messages);
  ParloTestPeer *phone = parlo_test_peer_new ("me");
  g_autofree char *uri = g_strdup_printf ("sip:service@127.0.0.1:%u", port);
  g_autofree char *invite = NULL;
  g_autofree char *call_id = NULL;
  g_auto(ParloTestResult) dialled = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloCall) call = NULL;
  char *sdp;

  /* sipp binds its port after starting; a dial before that is lost. */
  parlo_test_run_for (500);
  parlo_engine_dial_async (phone->engine, phone->aor, uri, NULL, parlo_test_result_ready, &dialled);
  call_id = parlo_engine_dial_finish (phone->engine, parlo_test_result_wait (&dialled), &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (file_contains (messages, "v=0"));
  g_assert_true (g_file_get_contents (messages, &invite, NULL, NULL));
  sdp = strstr (invite, "v=0");
  g_assert_nonnull (strstr (sdp, "c=IN IP4 127.0.0.1\r\n"));
  g_assert_nonnull (strstr (sdp, "o=- "));
  g_assert_null (strstr (sdp, "c=IN IP4 192."));

  call = parlo_test_peer_find_call (phone, call_id);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  parlo_test_peer_hangup (phone, call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (phone) == 0);

  parlo_test_peer_free (phone);
  g_subprocess_force_exit (sipp);
  parlo_test_remove_tree (directory);
}

#define TURN_MIN_PORT 61200
#define TURN_MAX_PORT 61299

/* coturn on 127.0.0.1:port with long-term credentials for user relay-alice,
 * relaying from ports TURN_MIN_PORT to TURN_MAX_PORT; it logs to log. */
static GSubprocess *
coturn_start (guint16 port, const char *log)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *min_port = g_strdup_printf ("%u", TURN_MIN_PORT);
  g_autofree char *max_port = g_strdup_printf ("%u", TURN_MAX_PORT);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *coturn;

  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  coturn = g_subprocess_launcher_spawn (launcher, &error, "turnserver", "-n", "-v", "--no-cli", "--no-tls", "--no-dtls",
                                        "--listening-ip", "127.0.0.1", "--listening-port", port_text,
                                        "--relay-ip", "127.0.0.1", "--min-port", min_port, "--max-port", max_port,
                                        "--allow-loopback-peers", "--lt-cred-mech", "--realm", "parlo.test",
                                        "--user", "relay-alice:relay-s3cret", "--simple-log", "--log-file", log,
                                        "--pidfile", "/dev/null", NULL);
  g_assert_no_error (error);
  return coturn;
}

/* The SDP of the first INVITE sipp logged. */
static char *
invite_sdp (const char *messages)
{
  g_autofree char *contents = NULL;

  PARLO_TEST_WAIT_UNTIL (file_contains (messages, "v=0"));
  g_assert_true (g_file_get_contents (messages, &contents, NULL, NULL));
  return g_strdup (strstr (contents, "v=0"));
}

/* The port of the SDP's audio. */
static guint
audio_port (const char *sdp)
{
  const char *media = strstr (sdp, "m=audio ");

  g_assert_nonnull (media);
  return (guint) g_ascii_strtoull (media + strlen ("m=audio "), NULL, 10);
}

/* With a TURN server and its own credentials, the sound goes through a relay the
 * server allocated for that user: the call offers the relayed address alone,
 * with ICE on too (baresip's ICE would lose the relay; docs/nat.md). */
static void
test_turn_relays (void)
{
  guint16 turn_port = parlo_test_free_port ();
  g_autofree char *directory = g_dir_make_tmp ("parlo-turn-XXXXXX", NULL);
  g_autofree char *turn_log = g_build_filename (directory, "turn.log", NULL);
  g_autoptr(GSubprocess) coturn = coturn_start (turn_port, turn_log);
  g_autofree char *turn_uri = g_strdup_printf ("turn:127.0.0.1:%u", turn_port);
  ParloTestPeer *phone = parlo_test_peer_new ("me");

  for (guint ice = 0; ice <= 1; ice++)
    {
      guint16 port = parlo_test_free_port ();
      g_autofree char *messages = g_strdup_printf ("%s/messages-%u.log", directory, ice);
      g_autoptr(GSubprocess) sipp = sipp_uas_start (port, messages);
      g_autofree char *aor = g_strdup_printf ("sip:relay%u@127.0.0.1", ice);
      g_autofree char *uri = g_strdup_printf ("sip:service@127.0.0.1:%u", port);
      g_autoptr(ParloEngineAccount) account = parlo_engine_account_new (aor);
      g_auto(ParloTestResult) dialled = { NULL };
      g_auto(ParloTestResult) hung_up = { NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *call_id = NULL;
      g_autofree char *sdp = NULL;

      account->turn = g_strdup (turn_uri);
      account->turn_user = g_strdup ("relay-alice");
      account->turn_password = g_strdup ("relay-s3cret");
      account->ice = ice;
      add_engine_account (phone->engine, account);
      parlo_test_run_for (500);
      parlo_engine_dial_async (phone->engine, aor, uri, NULL, parlo_test_result_ready, &dialled);
      call_id = parlo_engine_dial_finish (phone->engine, parlo_test_result_wait (&dialled), &error);
      g_assert_no_error (error);
      sdp = invite_sdp (messages);
      g_test_message ("SDP with ice=%u:\n%s", ice, sdp);
      g_assert_cmpuint (audio_port (sdp), >=, TURN_MIN_PORT);
      g_assert_cmpuint (audio_port (sdp), <=, TURN_MAX_PORT);
      g_assert_null (strstr (sdp, "a=candidate"));

      /* The account is the engine's only, not the app's: its calls are not in the model. */
      parlo_engine_hangup_async (phone->engine, aor, call_id, 0, NULL, NULL, parlo_test_result_ready, &hung_up);
      parlo_test_command_succeeds (phone->engine, &hung_up);
      g_subprocess_force_exit (sipp);
    }
  /* coturn allocated for the TURN user, not for the SIP one. */
  g_assert_true (file_contains (turn_log, "relay-alice"));

  parlo_test_peer_free (phone);
  g_subprocess_force_exit (coturn);
  parlo_test_remove_tree (directory);
}

/* An account of the app, in its store, with a password in the keyring. */
static ParloAccount *
add_account (ParloTestPeer *peer, const char *address, guint16 server_port, guint16 proxy_port)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", server_port);
  g_autofree char *proxy = proxy_port ? g_strdup_printf ("127.0.0.1:%u", proxy_port) : g_strdup ("");
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", address, "server", server, "outbound-proxy", proxy, NULL);
  parlo_account_store_add_async (peer->accounts, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return g_object_ref (account);
}

/* With an outbound proxy and a server, both count: the REGISTER goes through the
 * proxy to the server, which is not the address's domain, and so does a call.
 * kamailio plays the registrar of parlo.test, another kamailio the proxy, which
 * refuses any request that names no hop after it. */
static void
test_proxy_and_server (void)
{
  static const char * const users[] = { "alice", PASSWORD, "bob", PASSWORD, NULL };
  guint16 server_port = parlo_test_free_port ();
  ParloTestKamailioOptions registrar_options = { .port = server_port, .domain = "parlo.test", .users = users };
  ParloTestKamailio *registrar = parlo_test_kamailio_start_with (&registrar_options);
  guint16 proxy_port = parlo_test_free_port ();
  ParloTestKamailioOptions proxy_options = { .port = proxy_port, .config = "proxy.cfg" };
  ParloTestKamailio *proxy = parlo_test_kamailio_start_with (&proxy_options);
  ParloTestPeer *alice = parlo_test_peer_new ("alice");
  ParloTestPeer *bob = parlo_test_peer_new ("bob");
  g_autoptr(ParloAccount) alice_account = add_account (alice, "alice@parlo.test", server_port, proxy_port);
  g_autoptr(ParloAccount) bob_account = add_account (bob, "bob@parlo.test", server_port, 0);
  g_autofree char *via_proxy = g_strdup_printf ("Challenging REGISTER from sip:alice@parlo.test (127.0.0.1:%u)",
                                                proxy_port);
  g_auto(ParloTestResult) dialled = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) bob_call = NULL;

  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (alice_account) == PARLO_REGISTRATION_REGISTERED &&
                         parlo_account_get_registration_state (bob_account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_kamailio_log_count (proxy, "Relaying REGISTER sip:parlo.test to "), >=, 2);
  g_assert_cmpuint (parlo_test_kamailio_log_count (proxy, "No next hop"), ==, 0);
  /* The registrar got alice's REGISTER from the proxy's address. */
  g_assert_cmpuint (parlo_test_kamailio_log_count (registrar, via_proxy), >=, 1);
  g_assert_cmpuint (parlo_test_kamailio_log_count (registrar, "Saved sip:alice@parlo.test"), >=, 1);

  parlo_engine_dial_async (alice->engine, parlo_account_get_aor (alice_account), "sip:bob@parlo.test", NULL,
                           parlo_test_result_ready, &dialled);
  call_id = parlo_engine_dial_finish (alice->engine, parlo_test_result_wait (&dialled), &error);
  g_assert_no_error (error);
  /* Bob's phone rings. */
  PARLO_TEST_WAIT_UNTIL (n_calls (bob) == 1);
  bob_call = parlo_test_peer_call (bob, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (bob_call) == PARLO_CALL_STATE_INCOMING);
  g_assert_cmpuint (parlo_test_kamailio_log_count (proxy, "Relaying INVITE sip:bob@parlo.test to "), >=, 1);
  parlo_test_peer_hangup (bob, bob_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (alice) == 0 && n_calls (bob) == 0);

  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  parlo_test_kamailio_stop (proxy);
  parlo_test_kamailio_stop (registrar);
}

int
main (int argc, char *argv[])
{
  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

  g_test_add_func ("/signalling-path/keepalive-while-registered", test_keepalive_while_registered);
  g_test_add_func ("/signalling-path/keepalive-default-interval", test_keepalive_default_interval);
  g_test_add_func ("/signalling-path/sdp-offers-listen-address", test_sdp_offers_listen_address);
  g_test_add_func ("/signalling-path/proxy-and-server", test_proxy_and_server);
  g_test_add_func ("/signalling-path/turn-relays", test_turn_relays);
  return parlo_test_run ();
}
