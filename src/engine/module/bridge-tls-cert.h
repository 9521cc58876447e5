/* bridge-tls-cert.h — what a refused server certificate says, kept by host
 * until an event about that host tells the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

enum {
	TLS_FINGERPRINT_SIZE = 32,  /* SHA-256 */
};

void bridge_tls_cert_fingerprint(X509 *cert,
				 uint8_t fp[TLS_FINGERPRINT_SIZE]);
int  bridge_tls_cert_parse_pin(uint8_t fp[TLS_FINGERPRINT_SIZE],
			       const char *text);
const char *bridge_tls_cert_reason(int x509_error);

void bridge_tls_problem_clear(const char *host);
void bridge_tls_problem_set(const char *host, const char *reason,
			    X509 *leaf, X509 *failed);
int  bridge_tls_problem_encode(struct odict *od, const char *host);
void bridge_tls_problem_close(void);
