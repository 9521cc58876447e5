/* network-fixture.h — what the network tests share: the simulated internet
 * with the provider's kamailio, the homes' microphones and loudspeakers, and
 * phones with accounts at the provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-test-certs.h"
#include "parlo-test-network.h"
#include "parlo-test-servers.h"

G_BEGIN_DECLS

#define ALICE_PASSWORD "alices-secret"
#define BOB_PASSWORD "bobs-secret"
#define CAROL_PASSWORD "carols-secret"
#define ALICE_ADDRESS "alice@" PARLO_TEST_PROVIDER_NAME
#define BOB_ADDRESS "bob@" PARLO_TEST_PROVIDER_NAME
#define ALICE_URI "sip:" ALICE_ADDRESS
#define BOB_URI "sip:" BOB_ADDRESS
#define STUN_SERVER "stun:" PARLO_TEST_PROVIDER_NAME
#define A_TONE 1000
#define B_TONE 700
/* baresip 1.0.0 sends no media until ICE has a pair, and checks the pair of
 * host candidates first, which no route joins: about 5 s of silence. */
#define ICE_WITHIN_MS 10000

enum { MOUTH_A, MOUTH_B, EAR_A, EAR_B, N_DEVICES };

/* The network, the provider's kamailio (UDP, TCP and TLS with a certificate
 * of the kind the test's data names, GINT_TO_POINTER (ParloTestCertKind), for
 * its name; the engines trust the test CA), and the microphones and
 * loudspeakers of the two homes. */
typedef struct {
  ParloTestNetwork    *network;
  ParloTestCerts      *certs;
  const ParloTestCert *cert;       /* kamailio's */
  ParloTestKamailio   *kamailio;
  guint                modules[N_DEVICES];
  ParloTestRecorder   *heard[N_DEVICES];
} Fixture;

void           fixture_set_up    (Fixture       *fixture,
                                  gconstpointer  data);
void           fixture_tear_down (Fixture       *fixture,
                                  gconstpointer  data);
/* The provider's kamailio goes away and comes back with cert, as a provider
 * that renews its certificate. */
void           fixture_restart_kamailio (Fixture             *fixture,
                                         const ParloTestCert *cert);

/* A phone in site whose microphone and loudspeaker are mouth and ear. */
ParloTestPeer *phone_new         (Fixture       *fixture,
                                  ParloTestSite  site,
                                  const char    *user,
                                  const char    *mouth,
                                  const char    *ear);

/* An account as a person enters it, with what ParloTestAccountOptions has
 * not. */
typedef struct {
  ParloTestAccountOptions  form;
  const char              *outbound_proxy;  /* host[:port]; NULL: none */
  const char              *turn_server;     /* "turn:host[:port]"; NULL: none */
  const char              *turn_user;
  const char              *turn_password;   /* into the keyring, beside the password */
} NetworkAccount;

/* Adds the account to the peer's store, secrets in the keyring, as the
 * account editor saves it; a new reference. */
ParloAccount  *network_account_add (ParloTestPeer        *peer,
                                    const NetworkAccount *account);
void           wait_registered   (ParloAccount  *account);
guint          n_calls           (ParloTestPeer *peer);

/* Alice in home A and Bob in home B, each behind a NAT, with accounts at the
 * provider of common's settings. Returns both and their accounts, registered. */
void           two_phones        (Fixture              *fixture,
                                  const NetworkAccount *common,
                                  ParloTestPeer       **alice,
                                  ParloAccount        **alice_account,
                                  ParloTestPeer       **bob,
                                  ParloAccount        **bob_account);
/* from's account dials to_uri; the call (a new reference). */
ParloCall     *dial              (ParloTestPeer *from,
                                  ParloAccount  *account,
                                  const char    *to_uri);
/* to's only call once it rings (a new reference). */
ParloCall     *wait_ringing      (ParloTestPeer *to);
/* from's account calls to_uri and to answers; both calls established. */
void           call_and_answer   (ParloTestPeer *from,
                                  ParloAccount  *account,
                                  ParloTestPeer *to,
                                  const char    *to_uri,
                                  ParloCall    **from_call,
                                  ParloCall    **to_call);
/* peer hangs up call; no call is left on either side. */
void           hang_up           (ParloTestPeer *peer,
                                  ParloCall     *call,
                                  ParloTestPeer *other);
/* The loudspeaker plays the tone of frequency within within_ms of since, and
 * half a second of it then. */
void           assert_hears      (ParloTestRecorder *ear,
                                  double             frequency,
                                  gint64             since,
                                  guint              within_ms);

/* main () of a network test program: skipped without root. */
gboolean       network_tests_init (int    *argc,
                                   char ***argv);

#define NETWORK_ADD(path, kind, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_set_up, func, fixture_tear_down)

G_END_DECLS
