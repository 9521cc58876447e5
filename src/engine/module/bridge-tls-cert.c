/* bridge-tls-cert.c — what a refused server certificate says.
 *
 * When bridge-tls.c refuses a server's certificate, the handshake fails and
 * libre reports only EPROTO, later, to the REGISTER or INVITE that waited for
 * the connection. So the refusal is kept here under the host name that was
 * checked, and the event about that host (REGISTER_FAIL, CALL_CLOSED) carries
 * it: why, the SHA-256 fingerprint the person may decide to trust, the names
 * the certificate is for and when it expires (docs/tls.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE  /* timegm */

#include <ctype.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "bridge.h"
#include "bridge-tls-cert.h"

enum {
	MAX_NAMES = 16,
	MAX_PROBLEMS = 32,
};

/* The last refusal of a certificate for host, until it is replaced or a
 * new handshake to that host starts. */
struct problem {
	struct le le;
	char *host;
	const char *reason;
	uint8_t fp[TLS_FINGERPRINT_SIZE];
	char *names[MAX_NAMES];
	size_t namec;
	int64_t expires;  /* of the certificate that failed, Unix time */
};

static struct list problems;


static void problem_destructor(void *arg)
{
	struct problem *p = arg;
	size_t i;

	list_unlink(&p->le);
	mem_deref(p->host);
	for (i = 0; i < p->namec; i++)
		mem_deref(p->names[i]);
}


static struct problem *find_problem(const char *host)
{
	struct le *le;

	LIST_FOREACH(&problems, le) {
		struct problem *p = le->data;

		if (0 == str_casecmp(p->host, host))
			return p;
	}

	return NULL;
}


void bridge_tls_cert_fingerprint(X509 *cert, uint8_t fp[TLS_FINGERPRINT_SIZE])
{
	unsigned int len = TLS_FINGERPRINT_SIZE;

	memset(fp, 0, TLS_FINGERPRINT_SIZE);
	if (!X509_digest(cert, EVP_sha256(), fp, &len))
		memset(fp, 0, TLS_FINGERPRINT_SIZE);
}


/* "AA:BB:…" or "aabb…": 32 bytes of hex, colons allowed between bytes. */
int bridge_tls_cert_parse_pin(uint8_t fp[TLS_FINGERPRINT_SIZE],
			      const char *text)
{
	size_t i = 0;

	while (*text && i < TLS_FINGERPRINT_SIZE) {
		if (*text == ':' && i > 0) {
			++text;
			continue;
		}
		if (!isxdigit((unsigned char)text[0]) ||
		    !isxdigit((unsigned char)text[1]))
			return EINVAL;

		fp[i++] = (uint8_t)(ch_hex(text[0]) << 4 | ch_hex(text[1]));
		text += 2;
	}

	return (i == TLS_FINGERPRINT_SIZE && !*text) ? 0 : EINVAL;
}


const char *bridge_tls_cert_reason(int x509_error)
{
	switch (x509_error) {

	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		return PARLO_BRIDGE_TLS_PROBLEM_SELF_SIGNED;

	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_UNTRUSTED:
		return PARLO_BRIDGE_TLS_PROBLEM_UNKNOWN_AUTHORITY;

	case X509_V_ERR_CERT_HAS_EXPIRED:
		return PARLO_BRIDGE_TLS_PROBLEM_EXPIRED;

	case X509_V_ERR_CERT_NOT_YET_VALID:
		return PARLO_BRIDGE_TLS_PROBLEM_NOT_YET_VALID;

	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return PARLO_BRIDGE_TLS_PROBLEM_NAME_MISMATCH;

	default:
		return PARLO_BRIDGE_TLS_PROBLEM_INVALID;
	}
}


static void add_name(struct problem *p, const unsigned char *name, int len)
{
	if (p->namec >= MAX_NAMES || len <= 0 ||
	    memchr(name, '\0', (size_t)len))
		return;

	if (!re_sdprintf(&p->names[p->namec], "%b", name, (size_t)len))
		++p->namec;
}


/* Its DNS and IP subjectAltNames; the common name only when it has none. */
static void collect_names(struct problem *p, X509 *cert)
{
	GENERAL_NAMES *sans;
	int i;

	sans = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (i = 0; sans && i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans, i);
		char ip[64];
		struct sa sa;

		if (gn->type == GEN_DNS) {
			add_name(p, ASN1_STRING_get0_data(gn->d.dNSName),
				 ASN1_STRING_length(gn->d.dNSName));
		}
		else if (gn->type == GEN_IPADD &&
			 ASN1_STRING_length(gn->d.iPAddress) == 4) {
			sa_init(&sa, AF_INET);
			memcpy(&sa.u.in.sin_addr,
			       ASN1_STRING_get0_data(gn->d.iPAddress), 4);
			(void)re_snprintf(ip, sizeof(ip), "%j", &sa);
			add_name(p, (const unsigned char *)ip,
				 (int)strlen(ip));
		}
	}
	GENERAL_NAMES_free(sans);

	if (!p->namec) {
		X509_NAME *subject = X509_get_subject_name(cert);
		int ix = X509_NAME_get_index_by_NID(subject, NID_commonName,
						    -1);
		ASN1_STRING *cn = ix < 0 ? NULL :
			X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject,
								     ix));

		if (cn)
			add_name(p, ASN1_STRING_get0_data(cn),
				 ASN1_STRING_length(cn));
	}
}


static int64_t not_after(X509 *cert)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!cert || !ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm))
		return 0;

	return (int64_t)timegm(&tm);
}


void bridge_tls_problem_clear(const char *host)
{
	mem_deref(find_problem(host));
}


/* leaf is the server's certificate, failed the one the check stopped at (the
 * leaf or a CA above it): its expiry is what an "expired" refusal means. */
void bridge_tls_problem_set(const char *host, const char *reason,
			    X509 *leaf, X509 *failed)
{
	struct problem *p;

	bridge_tls_problem_clear(host);
	if (list_count(&problems) >= MAX_PROBLEMS)
		mem_deref(list_head(&problems)->data);

	p = mem_zalloc(sizeof(*p), problem_destructor);
	if (!p || str_dup(&p->host, host)) {
		mem_deref(p);
		return;
	}

	p->reason = reason;
	bridge_tls_cert_fingerprint(leaf, p->fp);
	collect_names(p, leaf);
	p->expires = not_after(failed ? failed : leaf);
	list_append(&problems, &p->le, p);
}


static int encode_names(struct odict *od, const struct problem *p)
{
	struct odict *names = NULL;
	char key[16];
	size_t i;
	int err;

	err = odict_alloc(&names, ODICT_HASH_SIZE);
	for (i = 0; !err && i < p->namec; i++) {
		(void)re_snprintf(key, sizeof(key), "%zu", i);
		err = odict_entry_add(names, key, ODICT_STRING, p->names[i]);
	}
	if (!err)
		err = odict_entry_add(od, PARLO_BRIDGE_FIELD_TLS_NAMES,
				      ODICT_ARRAY, names);
	mem_deref(names);

	return err;
}


/* The refusal kept for host, as event fields; nothing when there is none. */
int bridge_tls_problem_encode(struct odict *od, const char *host)
{
	const struct problem *p = host ? find_problem(host) : NULL;
	char fp[TLS_FINGERPRINT_SIZE * 3];
	size_t i;
	int err;

	if (!p)
		return 0;

	/* "AA:BB:…": 2 characters for the first byte, 3 for each other */
	for (i = 0; i < TLS_FINGERPRINT_SIZE; i++)
		(void)re_snprintf(fp + (i ? 3 * i - 1 : 0),
				  sizeof(fp) - (i ? 3 * i - 1 : 0),
				  "%s%02X", i ? ":" : "", p->fp[i]);

	err  = odict_entry_add(od, PARLO_BRIDGE_FIELD_TLS_PROBLEM,
			       ODICT_STRING, p->reason);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_TLS_FINGERPRINT,
			       ODICT_STRING, fp);
	err |= odict_entry_add(od, PARLO_BRIDGE_FIELD_TLS_EXPIRES, ODICT_INT,
			       p->expires);
	err |= encode_names(od, p);

	return err;
}


void bridge_tls_problem_close(void)
{
	list_flush(&problems);
}
