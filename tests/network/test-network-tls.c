/* Parlo on the simulated internet, over TLS: a provider whose certificate is
 * good, and providers whose certificate is not (tests/network/network-fixture.h).
 * Each refusal is what the account's row shows, and the provider got nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "network-fixture.h"

/* 1. A person adds an account with TLS at a provider whose certificate is
 * valid for its name: the account says "Registered", and the provider got
 * the REGISTER over a TLS connection. */
static void
test_valid_certificate (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  NetworkAccount options = { .form = {
    .address = ALICE_ADDRESS, .password = ALICE_PASSWORD, .transport = PARLO_TRANSPORT_TLS,
  } };
  g_autoptr(ParloAccount) account = network_account_add (alice, &options);

  wait_registered (account);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Registered");
  g_assert_cmpuint (parlo_test_kamailio_tls_connections (fixture->kamailio), ==, 1);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "tls"), >=, 1);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "udp"), ==, 0);
  parlo_test_peer_free (alice);
}

/* Alice's TLS account at the provider, not registered yet. */
static ParloAccount *
add_tls_account (ParloTestPeer *alice)
{
  NetworkAccount options = { .form = {
    .address = ALICE_ADDRESS, .password = ALICE_PASSWORD, .transport = PARLO_TRANSPORT_TLS,
  } };

  return network_account_add (alice, &options);
}

/* The account's row says words (its start) and the account is not
 * registered; the provider's kamailio received no REGISTER: the engine gave
 * up in the handshake, before it sent anything. */
static void
assert_refused (Fixture *fixture, ParloAccount *account, ParloRegistrationFailure failure, const char *words)
{
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_FAILED);
  g_test_message ("The account says: %s", parlo_account_get_status (account));
  g_assert_cmpint (parlo_account_get_failure (account), ==, failure);
  if (!g_str_has_prefix (parlo_account_get_status (account), words))
    g_error ("The account says “%s”, not “%s…”", parlo_account_get_status (account), words);
  /* No retry comes by itself: give one the time to show. */
  parlo_test_run_for (1500);
  g_assert_cmpint (parlo_account_get_registration_state (account), ==, PARLO_REGISTRATION_FAILED);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", NULL), ==, 0);
}

typedef struct {
  ParloTestCertKind        kind;
  ParloRegistrationFailure failure;
  const char              *words;
} Refusal;

/* The wrong name's words name the name the certificate is for; the expired
 * one's the day it expired (parlo-test-certs.c: valid during 2020). */
static const Refusal refusals[] = {
  { PARLO_TEST_CERT_WRONG_NAME, PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME,
    "The server’s certificate is for " PARLO_TEST_CERT_OTHER_NAME },
  { PARLO_TEST_CERT_UNKNOWN_CA, PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY,
    "The server’s certificate is not from an authority this computer trusts" },
  { PARLO_TEST_CERT_EXPIRED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED,
    "The server’s certificate expired on 2021-01-01" },
};

/* 2. The provider's certificate is for another name, from an authority
 * nobody trusts, or expired: the account is not registered and says why. */
static void
test_refused (Fixture *fixture, gconstpointer data)
{
  ParloTestCertKind kind = GPOINTER_TO_INT (data);
  ParloTestPeer *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  g_autoptr(ParloAccount) account = add_tls_account (alice);
  const Refusal *refusal = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    if (refusals[i].kind == kind)
      refusal = &refusals[i];
  g_assert_nonnull (refusal);
  assert_refused (fixture, account, refusal->failure, refusal->words);
  parlo_test_peer_free (alice);
}

/* Saves the account with tls-pin, as the editor's Trust button does, or as
 * it is (NULL), as its Save does: it registers again. */
static void
save_account (ParloTestPeer *peer, ParloAccount *account, const char *tls_pin)
{
  g_autoptr(ParloAccount) draft = parlo_account_dup (account);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  if (tls_pin != NULL)
    g_object_set (draft, "tls-pin", tls_pin, NULL);
  parlo_account_store_update_async (peer->accounts, account, draft, NULL, NULL, parlo_test_result_ready, &result);
  g_assert_true (parlo_account_store_update_finish (peer->accounts, parlo_test_result_wait (&result), &error));
  g_assert_no_error (error);
}

/* 2. The person trusts the certificate of an unknown authority by the
 * fingerprint the account shows: it registers. The provider then comes back
 * with another certificate on the same name: refused again, in words that
 * say it changed, and the provider gets no REGISTER. */
static void
test_trust_then_changed (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *alice = phone_new (fixture, PARLO_TEST_SITE_HOME_A, "alice", "mouth_a", "ear_a");
  g_autoptr(ParloAccount) account = add_tls_account (alice);
  g_autofree char *shown = NULL;

  assert_refused (fixture, account, PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY,
                  "The server’s certificate is not from an authority this computer trusts");
  shown = g_strdup (parlo_account_get_certificate_fingerprint (account));
  g_assert_nonnull (shown);

  save_account (alice, account, shown);
  wait_registered (account);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Registered");
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "tls"), >=, 1);

  fixture_restart_kamailio (fixture, parlo_test_certs_issue (fixture->certs, PARLO_TEST_CERT_UNKNOWN_CA,
                                                             PARLO_TEST_PROVIDER_NAME));
  save_account (alice, account, NULL);
  assert_refused (fixture, account, PARLO_REGISTRATION_FAILURE_CERTIFICATE_CHANGED,
                  "The server’s certificate changed since you trusted it");
  g_assert_cmpstr (parlo_account_get_certificate_fingerprint (account), !=, shown);
  parlo_test_peer_free (alice);
}

int
main (int argc, char *argv[])
{
  if (!network_tests_init (&argc, &argv))
    return 0;
  NETWORK_ADD ("/network/tls/valid-certificate", PARLO_TEST_CERT_VALID, test_valid_certificate);
  NETWORK_ADD ("/network/tls/wrong-name", PARLO_TEST_CERT_WRONG_NAME, test_refused);
  NETWORK_ADD ("/network/tls/unknown-authority", PARLO_TEST_CERT_UNKNOWN_CA, test_refused);
  NETWORK_ADD ("/network/tls/expired", PARLO_TEST_CERT_EXPIRED, test_refused);
  NETWORK_ADD ("/network/tls/trust-then-changed", PARLO_TEST_CERT_UNKNOWN_CA, test_trust_then_changed);
  return parlo_test_run ();
}
