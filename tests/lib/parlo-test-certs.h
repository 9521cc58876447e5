/* parlo-test-certs.h — a certificate authority of the test's own, and server
 * certificates for TLS tests, made with the openssl command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PARLO_TEST_CERT_VALID,        /* signed by the test CA, for the name, valid now */
  PARLO_TEST_CERT_WRONG_NAME,   /* signed by the test CA, valid now, but for
                                 * PARLO_TEST_CERT_OTHER_NAME instead of the name */
  PARLO_TEST_CERT_EXPIRED,      /* signed by the test CA, for the name, valid
                                 * only during 2020 */
  PARLO_TEST_CERT_SELF_SIGNED,  /* for the name, signed by its own key */
  PARLO_TEST_CERT_UNKNOWN_CA,   /* for the name, signed by a CA nobody trusts */
} ParloTestCertKind;

/* The name a PARLO_TEST_CERT_WRONG_NAME certificate is for. */
#define PARLO_TEST_CERT_OTHER_NAME "elsewhere.example.test"

/* A certificate and its private key (unencrypted), PEM files. */
typedef struct {
  char *cert_file;
  char *key_file;
} ParloTestCert;

/* A new test CA (an EC P-256 key and a self-signed CA certificate) in a
 * temporary directory that parlo_test_certs_free removes. */
typedef struct _ParloTestCerts ParloTestCerts;

ParloTestCerts      *parlo_test_certs_new     (void);
void                 parlo_test_certs_free    (ParloTestCerts    *certs);
/* A server certificate of kind for the DNS name (subjectAltName and common
 * name), or for the IP address when name is one (an IP subjectAltName: the
 * engine's resolver knows no "localhost"); owned by certs. */
const ParloTestCert *parlo_test_certs_issue   (ParloTestCerts    *certs,
                                               ParloTestCertKind  kind,
                                               const char        *name);
/* Points SSL_CERT_FILE of this process, and so of every engine it starts from
 * now on, at the test CA: OpenSSL's default verify paths then trust it and
 * nothing else. untrust unsets it again. */
void                 parlo_test_certs_trust   (ParloTestCerts    *certs);
void                 parlo_test_certs_untrust (void);

/* "AA:BB:…", the SHA-256 fingerprint of cert, as the account form shows it. */
char                *parlo_test_cert_fingerprint (const ParloTestCert *cert);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParloTestCerts, parlo_test_certs_free)

G_END_DECLS
