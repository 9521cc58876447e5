/* Parlo on the simulated internet, the sound of calls between the two homes:
 * encrypted or refused for want of encryption, relayed by TURN when the NATs
 * leave no other way, and said to be missing when a router drops it
 * (tests/network/network-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "network-fixture.h"
#include "parlo-test-history.h"
#include "model/parlo-history-recorder.h"
#include "parlo-call-text.h"

/* 10 ms of PCMU: a whole number of periods of both tones. */
#define PCMU_PERIOD 80
#define RTP_HEADER 12
#define RTP_PCMU 0
#define TURN_USER "home-relay"
#define TURN_PASSWORD "relay-pass-w0rd"
#define TURN_SERVER "turn:" PARLO_TEST_PROVIDER_NAME
/* Sound that stops is reported within this long (docs/media.md). */
#define NO_AUDIO_WITHIN_MS 6000

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
  NetworkAccount options = { .form = { .stun_server = STUN_SERVER, .ice = TRUE,
                                       .media_encryption = encryption, .audio_codecs = pcmu } };
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

/* 5. Both accounts require SRTP: each call shows it is encrypted. */
static void
test_srtp_required_is_encrypted (Fixture *fixture, gconstpointer data)
{
  NetworkAccount options = { .form = { .stun_server = STUN_SERVER, .ice = TRUE,
                                       .media_encryption = PARLO_MEDIA_ENCRYPTION_SRTP_MANDATORY } };
  ParloTestPeer *alice, *bob;
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;
  g_autoptr(ParloCall) alice_call = NULL;
  g_autoptr(ParloCall) bob_call = NULL;

  /* coturn is the provider's STUN server too. */
  parlo_test_network_start_turn (fixture->network, "alice", ALICE_PASSWORD);
  two_phones (fixture, &options, &alice, &alice_account, &bob, &bob_account);
  call_and_answer (alice, alice_account, bob, BOB_URI, &alice_call, &bob_call);
  /* The engine says so once the keys are agreed, which may follow the answer. */
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_encrypted (alice_call) && parlo_call_get_encrypted (bob_call));
  g_assert_cmpstr (parlo_call_text_encryption (alice_call), ==, "Encrypted");
  g_assert_cmpstr (parlo_call_text_encryption (bob_call), ==, "Encrypted");
  hang_up (alice, alice_call, bob);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
}

static guint
n_ended (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->ended));
}

/* What the ended call's row says. */
static void
assert_says (ParloCall *call, const char *words)
{
  g_autofree char *said = parlo_call_text_state (call);

  g_test_message ("The call says: %s", said);
  g_assert_cmpstr (said, ==, words);
}

/* 5. Alice requires SRTP, Bob does not. Alice calling Bob is refused, and
 * Alice's call says the other side does not encrypt; Bob's phone never rang.
 * Bob calling Alice is refused by Alice's phone, which says why without
 * ringing; Bob's call ends with 488. Both through the provider. */
static void
test_srtp_required_refuses_plain (Fixture *fixture, gconstpointer data)
{
  NetworkAccount options = { .form = { .stun_server = STUN_SERVER } };
  ParloTestPeer *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  ParloTestPeer *bob = phone_new (fixture, PARLO_TEST_SITE_HOME_B, "bob", "mouth_b", "ear_b");
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;
  g_autoptr(ParloCall) outgoing = NULL;
  g_autoptr(ParloCall) incoming = NULL;
  g_autoptr(ParloCall) refused = NULL;

  parlo_test_network_start_turn (fixture->network, "alice", ALICE_PASSWORD);
  options.form.address = BOB_ADDRESS;
  options.form.password = BOB_PASSWORD;
  bob_account = network_account_add (bob, &options);
  options.form.address = ALICE_ADDRESS;
  options.form.password = ALICE_PASSWORD;
  options.form.media_encryption = PARLO_MEDIA_ENCRYPTION_SRTP_MANDATORY;
  alice_account = network_account_add (alice, &options);
  wait_registered (alice_account);
  wait_registered (bob_account);

  outgoing = dial (alice, alice_account, BOB_URI);
  PARLO_TEST_WAIT_UNTIL (n_calls (alice) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (outgoing), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_null (parlo_call_get_answered (outgoing));
  assert_says (outgoing, "The other side does not encrypt its audio; this account requires encryption");
  g_assert_cmpuint (n_ended (bob), ==, 0);

  incoming = dial (bob, bob_account, ALICE_URI);
  PARLO_TEST_WAIT_UNTIL (n_calls (bob) == 0 && n_ended (alice) == 2);
  g_assert_cmpuint (parlo_call_get_end_status (incoming), ==, 488);
  refused = g_list_model_get_item (G_LIST_MODEL (alice->ended), 0);
  g_assert_cmpint (parlo_call_get_direction (refused), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (parlo_call_get_end_reason (refused), ==, PARLO_CALL_END_NOT_ENCRYPTED);
  g_assert_false (parlo_call_is_missed (refused));
  assert_says (refused, "Refused: the caller does not encrypt its audio; this account requires encryption");
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
}

/* Alice calls Bob, both with ICE and options' STUN or TURN server; both calls
 * established. */
static void
call_across (Fixture *fixture, const NetworkAccount *options, ParloTestPeer **alice, ParloTestPeer **bob,
             ParloCall **alice_call, ParloCall **bob_call)
{
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;

  two_phones (fixture, options, alice, &alice_account, bob, &bob_account);
  call_and_answer (*alice, alice_account, *bob, BOB_URI, alice_call, bob_call);
}

/* 4. Both routers are symmetric NATs: a new public port for every
 * destination, so what STUN learns is of no use to the other home. Without
 * TURN, ICE finds no way and the call shows "no sound from the other side".
 * With TURN (user and password in the keyring), ICE left on, both hear each
 * other through the provider's relay: a TURN server relays every call (baresip
 * 1.0.0's ICE would drop the relay at coturn's first error; docs/nat.md). */
static void
test_turn_across_symmetric_nat (Fixture *fixture, gconstpointer data)
{
  NetworkAccount stun_only = { .form = { .stun_server = STUN_SERVER, .ice = TRUE } };
  NetworkAccount turn = { .form = { .stun_server = STUN_SERVER, .ice = TRUE },
                          .turn_server = TURN_SERVER, .turn_user = TURN_USER, .turn_password = TURN_PASSWORD };
  ParloTestPeer *alice, *bob;
  g_autoptr(ParloCall) alice_call = NULL;
  g_autoptr(ParloCall) bob_call = NULL;
  gint64 established;

  parlo_test_network_set_symmetric_nat (fixture->network, PARLO_TEST_SITE_ROUTER_A, TRUE);
  parlo_test_network_set_symmetric_nat (fixture->network, PARLO_TEST_SITE_ROUTER_B, TRUE);
  parlo_test_network_start_turn (fixture->network, TURN_USER, TURN_PASSWORD);

  call_across (fixture, &stun_only, &alice, &bob, &alice_call, &bob_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_audio_missing (alice_call) || parlo_call_get_audio_missing (bob_call));
  g_assert_cmpuint (parlo_test_network_turn_allocations (fixture->network), ==, 0);
  hang_up (alice, alice_call, bob);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  g_clear_object (&alice_call);
  g_clear_object (&bob_call);

  call_across (fixture, &turn, &alice, &bob, &alice_call, &bob_call);
  established = g_get_monotonic_time ();
  assert_hears (fixture->heard[EAR_B], A_TONE, established, ICE_WITHIN_MS);
  assert_hears (fixture->heard[EAR_A], B_TONE, established, ICE_WITHIN_MS);
  g_assert_false (parlo_call_get_audio_missing (alice_call));
  g_assert_false (parlo_call_get_audio_missing (bob_call));
  g_assert_cmpuint (parlo_test_network_turn_allocations (fixture->network), >=, 1);
  hang_up (alice, alice_call, bob);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
}

/* 7. During a call, router A starts dropping the sound that comes to Alice:
 * within 6 s Alice's call says "No sound from the other side", and the call's
 * row in her history keeps that it had no sound for a while. */
static void
test_router_drops_media (Fixture *fixture, gconstpointer data)
{
  NetworkAccount options = { .form = { .stun_server = STUN_SERVER, .ice = TRUE } };
  g_autofree char *directory = g_dir_make_tmp ("parlo-network-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (directory, "history.db", NULL);
  ParloHistory *history = parlo_test_history_open (path);
  ParloTestPeer *alice, *bob;
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;
  g_autoptr(ParloHistoryRecorder) recorder = NULL;
  g_autoptr(ParloCall) alice_call = NULL;
  g_autoptr(ParloCall) bob_call = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;
  gint64 dropped;
  guint rule;

  parlo_test_network_start_turn (fixture->network, "alice", ALICE_PASSWORD);
  two_phones (fixture, &options, &alice, &alice_account, &bob, &bob_account);
  recorder = parlo_history_recorder_new (history, alice->calls);
  call_and_answer (alice, alice_account, bob, BOB_URI, &alice_call, &bob_call);
  assert_hears (fixture->heard[EAR_A], B_TONE, g_get_monotonic_time (), ICE_WITHIN_MS);
  g_assert_false (parlo_call_get_audio_missing (alice_call));

  rule = parlo_test_network_drop (fixture->network, PARLO_TEST_SITE_ROUTER_A, PARLO_TEST_DROP_INBOUND_MEDIA);
  dropped = g_get_monotonic_time ();
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_audio_missing (alice_call));
  g_test_message ("No sound said after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - dropped) / 1000);
  g_assert_cmpint ((g_get_monotonic_time () - dropped) / 1000, <=, NO_AUDIO_WITHIN_MS);
  /* Bob still gets Alice's sound: only what comes to her is dropped. */
  g_assert_false (parlo_call_get_audio_missing (bob_call));
  parlo_test_network_undrop (fixture->network, rule);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_audio_missing (alice_call));

  hang_up (alice, alice_call, bob);
  entry = parlo_test_history_only_entry (history);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ANSWERED);
  g_assert_cmpint (parlo_history_entry_get_media (entry), ==, PARLO_HISTORY_MEDIA_NO_AUDIO);

  g_clear_object (&recorder);
  parlo_test_history_close (&history);
  parlo_test_remove_tree (directory);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
}

int
main (int argc, char *argv[])
{
  if (!network_tests_init (&argc, &argv))
    return 0;
  NETWORK_ADD ("/network/media/srtp-hides-audio", PARLO_TEST_CERT_VALID, test_srtp_hides_audio);
  NETWORK_ADD ("/network/media/srtp-required-encrypted", PARLO_TEST_CERT_VALID, test_srtp_required_is_encrypted);
  NETWORK_ADD ("/network/media/srtp-required-refuses-plain", PARLO_TEST_CERT_VALID,
               test_srtp_required_refuses_plain);
  NETWORK_ADD ("/network/media/turn-across-symmetric-nat", PARLO_TEST_CERT_VALID, test_turn_across_symmetric_nat);
  NETWORK_ADD ("/network/media/router-drops-media", PARLO_TEST_CERT_VALID, test_router_drops_media);
  return parlo_test_run ();
}
