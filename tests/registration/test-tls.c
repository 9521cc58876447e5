/* Registration over TLS against a real kamailio with certificates of a test CA:
 * the engine checks the server's certificate before it sends anything, says
 * why it refused one, and takes a certificate the person chose to trust.
 *
 * The server is 127.0.0.1: the certificate must have that address in its
 * subjectAltName (the engine's resolver knows no "localhost").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "parlo-test-certs.h"
#include "parlo-test-servers.h"
#include "parlo-test.h"

#define PASSWORD "Tr0ub4dor-and-3"
#define SERVER_NAME "127.0.0.1"

typedef struct {
  ParloTestCerts    *certs;
  const ParloTestCert *cert;    /* kamailio's at first */
  ParloTestKamailio *kamailio;
  guint16            port;      /* kamailio's UDP and TCP; TLS on the next */
  GSettings         *settings;
  ParloTestPeer     *phone;
  ParloAccount      *account;
} Fixture;

static void
start_kamailio (Fixture *fixture, const ParloTestCert *cert)
{
  const char * const users[] = { "alice", PASSWORD, NULL };
  ParloTestKamailioOptions options = {
    .port = fixture->port, .tls_port = fixture->port + 1, .users = users,
    .tls_cert_file = cert->cert_file, .tls_key_file = cert->key_file,
  };

  fixture->kamailio = parlo_test_kamailio_start_with (&options);
}

/* The phone, and a kamailio whose TLS certificate is of kind. */
static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  ParloTestCertKind kind = GPOINTER_TO_INT (data);

  fixture->certs = parlo_test_certs_new ();
  /* The engines trust the test CA as the system's authorities. */
  parlo_test_certs_trust (fixture->certs);
  fixture->port = parlo_test_free_port ();
  fixture->cert = parlo_test_certs_issue (fixture->certs, kind, SERVER_NAME);
  start_kamailio (fixture, fixture->cert);
  fixture->settings = parlo_test_settings_new ();
  fixture->phone = parlo_test_peer_new_full ("me", NULL, fixture->settings);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->account);
  parlo_test_peer_free (fixture->phone);
  g_clear_object (&fixture->settings);
  parlo_test_kamailio_stop (fixture->kamailio);
  parlo_test_certs_untrust ();
  parlo_test_certs_free (fixture->certs);
}

/* alice@127.0.0.1:port, registering over TLS at the TLS port. */
static void
add_account (Fixture *fixture)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf (SERVER_NAME ":%u", fixture->port + 1);
  g_autofree char *address = g_strdup_printf ("alice@" SERVER_NAME ":%u", fixture->port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", address, "server", server,
                "transport", PARLO_TRANSPORT_TLS, NULL);
  parlo_account_store_add_async (fixture->phone->accounts, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (fixture->phone->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  fixture->account = g_object_ref (account);
}

/* Saves the account as it is, as the form's Save does: it registers again. */
static void
save_account (Fixture *fixture, const char *tls_pin)
{
  g_autoptr(ParloAccount) draft = parlo_account_dup (fixture->account);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  if (tls_pin != NULL)
    g_object_set (draft, "tls-pin", tls_pin, NULL);
  parlo_account_store_update_async (fixture->phone->accounts, fixture->account, draft, NULL, NULL,
                                    parlo_test_result_ready, &result);
  g_assert_true (parlo_account_store_update_finish (fixture->phone->accounts, parlo_test_result_wait (&result),
                                                    &error));
  g_assert_no_error (error);
}

static ParloRegistrationState
state_of (ParloAccount *account)
{
  return parlo_account_get_registration_state (account);
}

/* A certificate of the test CA for the server's name: registered over TLS. */
static void
test_valid (Fixture *fixture, gconstpointer data)
{
  add_account (fixture);
  PARLO_TEST_WAIT_UNTIL (state_of (fixture->account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "tls"), >=, 1);
  g_assert_null (parlo_account_get_certificate_fingerprint (fixture->account));
}

typedef struct {
  ParloTestCertKind        kind;
  ParloRegistrationFailure failure;
  const char              *words;  /* the start of what the account says */
} Refusal;

static const Refusal refusals[] = {
  { PARLO_TEST_CERT_WRONG_NAME, PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME,
    "The server’s certificate is for " PARLO_TEST_CERT_OTHER_NAME },
  { PARLO_TEST_CERT_UNKNOWN_CA, PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY,
    "The server’s certificate is not from an authority this computer trusts" },
  { PARLO_TEST_CERT_EXPIRED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED,
    "The server’s certificate expired on 202" },
  { PARLO_TEST_CERT_SELF_SIGNED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_SELF_SIGNED,
    "The server signed its own certificate" },
};

/* What the person sees of a refused certificate, and that kamailio saw no
 * REGISTER at all: the handshake failed before the request went out. */
static void
assert_refused (Fixture *fixture, ParloRegistrationFailure failure, const char *words, const char *fingerprint)
{
  PARLO_TEST_WAIT_UNTIL (state_of (fixture->account) == PARLO_REGISTRATION_FAILED);
  g_assert_cmpint (parlo_account_get_failure (fixture->account), ==, failure);
  g_assert_true (parlo_account_is_certificate_refused (fixture->account));
  if (!g_str_has_prefix (parlo_account_get_status (fixture->account), words))
    g_error ("The account says “%s”, not “%s…”", parlo_account_get_status (fixture->account), words);
  g_assert_cmpstr (parlo_account_get_certificate_fingerprint (fixture->account), ==, fingerprint);
  /* No retry comes by itself: give one the time to show. */
  parlo_test_run_for (1500);
  g_assert_cmpint (state_of (fixture->account), ==, PARLO_REGISTRATION_FAILED);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", NULL), ==, 0);
}

static void
test_refused (Fixture *fixture, gconstpointer data)
{
  ParloTestCertKind kind = GPOINTER_TO_INT (data);
  g_autofree char *fingerprint = NULL;
  const Refusal *refusal = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    if (refusals[i].kind == kind)
      refusal = &refusals[i];
  g_assert_nonnull (refusal);
  fingerprint = parlo_test_cert_fingerprint (fixture->cert);

  add_account (fixture);
  assert_refused (fixture, refusal->failure, refusal->words, fingerprint);
  if (kind == PARLO_TEST_CERT_WRONG_NAME)
    g_assert_true (g_strv_contains (parlo_account_get_certificate_names (fixture->account),
                                    PARLO_TEST_CERT_OTHER_NAME));
}

/* A self-signed certificate the person trusts, by the fingerprint shown,
 * registers; the pin is kept in the account's settings. Another certificate
 * on the same server name later is refused again, in words that say it
 * changed, and nothing is sent to the server. */
static void
test_trust_then_changed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first_fingerprint = parlo_test_cert_fingerprint (fixture->cert);
  g_autofree char *shown = NULL;
  g_autofree char *second_fingerprint = NULL;
  const ParloTestCert *second;
  guint registers;

  add_account (fixture);
  assert_refused (fixture, PARLO_REGISTRATION_FAILURE_CERTIFICATE_SELF_SIGNED,
                  "The server signed its own certificate", first_fingerprint);

  shown = g_strdup (parlo_account_get_certificate_fingerprint (fixture->account));
  save_account (fixture, shown);
  PARLO_TEST_WAIT_UNTIL (state_of (fixture->account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpstr (parlo_account_get_tls_pin (fixture->account), ==, first_fingerprint);
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "REGISTER", "tls"), >=, 1);

  /* The server comes back with another key: a new self-signed certificate. */
  parlo_test_kamailio_stop (fixture->kamailio);
  second = parlo_test_certs_issue (fixture->certs, PARLO_TEST_CERT_SELF_SIGNED, SERVER_NAME);
  second_fingerprint = parlo_test_cert_fingerprint (second);
  g_assert_cmpstr (second_fingerprint, !=, first_fingerprint);
  start_kamailio (fixture, second);
  registers = parlo_test_kamailio_count (fixture->kamailio, "REGISTER", NULL);
  g_assert_cmpuint (registers, ==, 0);

  save_account (fixture, NULL);
  assert_refused (fixture, PARLO_REGISTRATION_FAILURE_CERTIFICATE_CHANGED,
                  "The server’s certificate changed since you trusted it", second_fingerprint);
}

static void
remember_closed (ParloEngine *engine, ParloEvent *event, ParloEvent **closed)
{
  if (event->type == PARLO_EVENT_CALL_CLOSED && *closed == NULL)
    *closed = parlo_event_copy (event);
}

/* A call over TLS straight to a server whose certificate signed itself: the
 * INVITE never leaves, and the call's end says why, for the app to show. */
static void
assert_call_refused (Fixture *fixture, const char *uri)
{
  g_autofree char *fingerprint = parlo_test_cert_fingerprint (fixture->cert);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(ParloEvent) closed = NULL;
  g_autoptr(ParloCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  g_signal_connect (fixture->phone->engine, "event", G_CALLBACK (remember_closed), &closed);
  parlo_engine_dial_async (fixture->phone->engine, fixture->phone->aor, uri, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (fixture->phone->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (closed != NULL);
  g_signal_handlers_disconnect_by_data (fixture->phone->engine, &closed);

  g_assert_cmpstr (closed->call_id, ==, call_id);
  g_assert_cmpstr (closed->tls_problem, ==, PARLO_BRIDGE_TLS_PROBLEM_SELF_SIGNED);
  g_assert_cmpstr (closed->tls_fingerprint, ==, fingerprint);
  g_assert_true (g_strv_contains ((const char * const *) closed->tls_names, SERVER_NAME));
  g_assert_cmpuint (parlo_test_kamailio_count (fixture->kamailio, "INVITE", NULL), ==, 0);

  /* The person reads "Call failed — The server signed its own certificate…". */
  call = parlo_test_peer_find_call (fixture->phone, call_id);
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_FAILED);
  g_assert_cmpstr (parlo_call_get_end_message (call), ==,
                   "The server signed its own certificate: no authority vouches for it");
}

static void
test_call_refused (Fixture *fixture, gconstpointer data)
{
  g_autofree char *uri = g_strdup_printf ("sip:alice@" SERVER_NAME ":%u;transport=tls", fixture->port + 1);

  assert_call_refused (fixture, uri);
}

/* A sips: address called straight, as a link gives it, goes over TLS to its
 * host and is checked the same way. */
static void
test_sips_call_refused (Fixture *fixture, gconstpointer data)
{
  g_autofree char *uri = g_strdup_printf ("sips:alice@" SERVER_NAME ":%u", fixture->port + 1);

  assert_call_refused (fixture, uri);
}

int
main (int argc, char *argv[])
{
  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

#define ADD(path, kind, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_set_up, func, fixture_tear_down)
  ADD ("/tls/valid-certificate", PARLO_TEST_CERT_VALID, test_valid);
  ADD ("/tls/wrong-name", PARLO_TEST_CERT_WRONG_NAME, test_refused);
  ADD ("/tls/unknown-authority", PARLO_TEST_CERT_UNKNOWN_CA, test_refused);
  ADD ("/tls/expired", PARLO_TEST_CERT_EXPIRED, test_refused);
  ADD ("/tls/self-signed", PARLO_TEST_CERT_SELF_SIGNED, test_refused);
  ADD ("/tls/trust-then-changed", PARLO_TEST_CERT_SELF_SIGNED, test_trust_then_changed);
  ADD ("/tls/call-refused", PARLO_TEST_CERT_SELF_SIGNED, test_call_refused);
  ADD ("/tls/sips-call-refused", PARLO_TEST_CERT_SELF_SIGNED, test_sips_call_refused);
  return parlo_test_run ();
}
