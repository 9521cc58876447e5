/* Parlo on a simulated internet: a provider with kamailio, coturn and DNS,
 * and two homes behind NAT routers, each test in network namespaces of its
 * own (tests/lib/parlo-test-network.h). Engines run in the homes, the test
 * and PulseAudio stay outside and reach them over unix sockets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-test-certs.h"
#include "parlo-test-network.h"
#include "parlo-test-servers.h"

#define ALICE_PASSWORD "alices-secret"
#define BOB_PASSWORD "bobs-secret"
#define ALICE_ADDRESS "alice@" PARLO_TEST_PROVIDER_NAME
#define BOB_ADDRESS "bob@" PARLO_TEST_PROVIDER_NAME
#define BOB_URI "sip:" BOB_ADDRESS
#define STUN_SERVER "stun:" PARLO_TEST_PROVIDER_NAME
#define A_TONE 1000
#define B_TONE 700
/* 10 ms of PCMU: a whole number of periods of both tones. */
#define PCMU_PERIOD 80
/* baresip 1.0.0 sends no media until ICE has a pair, and checks the pair of
 * host candidates first, which no route joins: about 5 s of silence. */
#define ICE_WITHIN_MS 10000
#define RTP_HEADER 12
#define RTP_PCMU 0

enum { MOUTH_A, MOUTH_B, EAR_A, EAR_B, N_DEVICES };

/* The network, the provider's kamailio (UDP, TCP and TLS with a certificate
 * of the kind the test's data names, GINT_TO_POINTER (ParloTestCertKind), for
 * its name; the engines trust the test CA), and the microphones and
 * loudspeakers of the two homes. */
typedef struct {
  ParloTestNetwork  *network;
  ParloTestCerts    *certs;
  ParloTestKamailio *kamailio;
  guint              modules[N_DEVICES];
  ParloTestRecorder *heard[N_DEVICES];
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char * const names[] = { "mouth_a", "mouth_b", "ear_a", "ear_b" };
  const char * const users[] = { "alice", ALICE_PASSWORD, "bob", BOB_PASSWORD, NULL };
  const ParloTestCert *cert = NULL;
  ParloTestKamailioOptions options = {
    .address = PARLO_TEST_PROVIDER_ADDRESS, .port = 5060, .domain = PARLO_TEST_PROVIDER_NAME,
    .tls_port = 5061, .nat = TRUE, .users = users,
  };

  fixture->network = parlo_test_network_new ();
  fixture->certs = parlo_test_certs_new ();
  parlo_test_certs_trust (fixture->certs);
  cert = parlo_test_certs_issue (fixture->certs, GPOINTER_TO_INT (data), PARLO_TEST_PROVIDER_NAME);
  options.tls_cert_file = cert->cert_file;
  options.tls_key_file = cert->key_file;
  options.netns = parlo_test_network_netns (fixture->network, PARLO_TEST_SITE_PROVIDER);
  fixture->kamailio = parlo_test_kamailio_start_with (&options);

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

static void
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

/* A phone in site whose microphone and loudspeaker are mouth and ear. */
static ParloTestPeer *
phone_new (Fixture *fixture, ParloTestSite site, const char *user, const char *mouth, const char *ear)
{
  ParloTestPeer *peer = parlo_test_network_peer_new (fixture->network, site, user);
  g_autofree char *monitor = g_strdup_printf ("%s.monitor", mouth);

  parlo_test_peer_use_device (peer, "source", monitor);
  parlo_test_peer_use_device (peer, "player", ear);
  return peer;
}

static void
wait_registered (ParloAccount *account)
{
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

/* from's account calls to_uri and to answers; both calls established. */
static void
call_and_answer (ParloTestPeer *from, ParloAccount *account, ParloTestPeer *to, const char *to_uri,
                 ParloCall **from_call, ParloCall **to_call)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  parlo_engine_dial_async (from->engine, parlo_account_get_aor (account), to_uri, NULL,
                           parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (from->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  *from_call = g_object_ref (parlo_call_model_find (from->calls, parlo_account_get_aor (account), call_id));
  PARLO_TEST_WAIT_UNTIL (n_calls (to) == 1);
  *to_call = parlo_test_peer_call (to, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*to_call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (to, *to_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*from_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (*to_call) == PARLO_CALL_STATE_ESTABLISHED);
}

static void
hang_up (ParloTestPeer *peer, ParloCall *call, ParloTestPeer *other)
{
  parlo_test_peer_hangup (peer, call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (peer) == 0 && n_calls (other) == 0);
}

/* The loudspeaker plays the tone of frequency within within_ms of since, and
 * half a second of it then. */
static void
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

/* 1. A person adds an account with TLS at a provider whose certificate is
 * valid for its name: the account says "Registered", and the provider got
 * the REGISTER over a TLS connection. */
static void
test_tls_valid_certificate (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  ParloTestAccountOptions options = {
    .address = ALICE_ADDRESS, .password = ALICE_PASSWORD, .transport = PARLO_TRANSPORT_TLS,
  };
  g_autoptr(ParloAccount) account = parlo_test_peer_add_account (alice, &options);

  wait_registered (account);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Registered");
  g_assert_cmpuint (parlo_test_kamailio_tls_connections (fixture->kamailio), ==, 1);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "tls"), >=, 1);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "udp"), ==, 0);
  parlo_test_peer_free (alice);
}

/* Alice in home A and Bob in home B, each behind a NAT, with accounts at the
 * provider that use STUN (and ICE when ice). Returns both and their accounts,
 * registered. */
static void
two_phones (Fixture *fixture, const ParloTestAccountOptions *common, ParloTestPeer **alice,
            ParloAccount **alice_account, ParloTestPeer **bob, ParloAccount **bob_account)
{
  ParloTestAccountOptions options = *common;

  *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  *bob = phone_new (fixture, PARLO_TEST_SITE_HOME_B, "bob", "mouth_b", "ear_b");
  options.address = ALICE_ADDRESS;
  options.password = ALICE_PASSWORD;
  *alice_account = parlo_test_peer_add_account (*alice, &options);
  options.address = BOB_ADDRESS;
  options.password = BOB_PASSWORD;
  *bob_account = parlo_test_peer_add_account (*bob, &options);
  wait_registered (*alice_account);
  wait_registered (*bob_account);
}

/* 3. Alice behind NAT A calls Bob behind NAT B through the provider, both
 * with ICE and the provider's STUN server: each hears the other. */
static void
test_call_through_nat (Fixture *fixture, gconstpointer data)
{
  ParloTestAccountOptions options = { .stun_server = STUN_SERVER, .ice = TRUE };
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

/* Of the RTP packets with PCMU in payloads (after the 12-byte header), how
 * many, and how many of those carry either tone in the clear: its PCMU bytes
 * repeat every 10 ms, where encrypted ones repeat by chance (1 in 256). */
static void
count_pcmu (GPtrArray *payloads, guint *rtp, guint *tone)
{
  *rtp = *tone = 0;
  for (guint i = 0; i < payloads->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (payloads->pdata[i], &length);
      guint repeats = 0;

      if (length < RTP_HEADER + 80 || (data[0] & 0xc0) != 0x80 || (data[1] & 0x7f) != RTP_PCMU)
        continue;
      (*rtp)++;
      for (gsize j = RTP_HEADER; j + PCMU_PERIOD < length; j++)
        repeats += data[j] == data[j + PCMU_PERIOD];
      if (repeats * 2 > length - RTP_HEADER - PCMU_PERIOD)
        (*tone)++;
    }
}

/* A call from home A to home B with both accounts' encryption, PCMU only;
 * what router A's internet side saw of its media while the tone played. */
static void
captured_call (Fixture *fixture, ParloMediaEncryption encryption, guint *rtp, guint *tone)
{
  const char * const pcmu[] = { "PCMU/8000/1", NULL };
  ParloTestAccountOptions options = { .stun_server = STUN_SERVER, .ice = TRUE,
                                      .media_encryption = encryption, .audio_codecs = pcmu };
  ParloTestPeer *alice, *bob;
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;
  g_autoptr(ParloCall) alice_call = NULL;
  g_autoptr(ParloCall) bob_call = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  ParloTestCapture *capture;

  two_phones (fixture, &options, &alice, &alice_account, &bob, &bob_account);
  capture = parlo_test_capture_start (fixture->network, PARLO_TEST_SITE_ROUTER_A, PARLO_TEST_WAN, "udp");
  call_and_answer (alice, alice_account, bob, BOB_URI, &alice_call, &bob_call);
  /* The call works either way: Bob hears Alice's tone. */
  assert_hears (fixture->heard[EAR_B], A_TONE, g_get_monotonic_time (), ICE_WITHIN_MS);
  parlo_test_run_for (1000);
  payloads = parlo_test_capture_stop (capture);
  hang_up (alice, alice_call, bob);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  count_pcmu (payloads, rtp, tone);
  g_test_message ("%u UDP packets, %u RTP with PCMU, %u of them the tone in the clear",
                  payloads->len, *rtp, *tone);
}

/* 5. Both accounts require SRTP: someone on the path between the homes sees
 * RTP packets but not the sound in them. Without encryption, the same capture
 * finds the tone's PCMU bytes, so the check would see it. */
static void
test_srtp_hides_audio (Fixture *fixture, gconstpointer data)
{
  guint rtp, tone;

  parlo_test_network_start_turn (fixture->network, "alice", ALICE_PASSWORD);
  captured_call (fixture, PARLO_MEDIA_ENCRYPTION_NONE, &rtp, &tone);
  g_assert_cmpuint (rtp, >=, 50);
  g_assert_cmpuint (tone, >=, rtp * 3 / 4);

  captured_call (fixture, PARLO_MEDIA_ENCRYPTION_SRTP_MANDATORY, &rtp, &tone);
  g_assert_cmpuint (rtp, >=, 50);
  g_assert_cmpuint (tone, ==, 0);
}

int
main (int argc, char *argv[])
{
  if (geteuid () != 0)
    {
      /* TAP's way of saying the whole program is skipped. */
      g_print ("1..0 # SKIP network namespaces need root\n");
      return 0;
    }
  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING | PARLO_TEST_RUNTIME_DIR);

#define ADD(path, func) g_test_add (path, Fixture, GINT_TO_POINTER (PARLO_TEST_CERT_VALID), \
                                   fixture_set_up, func, fixture_tear_down)
  ADD ("/network/tls-valid-certificate", test_tls_valid_certificate);
  ADD ("/network/call-through-nat", test_call_through_nat);
  ADD ("/network/srtp-hides-audio", test_srtp_hides_audio);
  return parlo_test_run ();
}
