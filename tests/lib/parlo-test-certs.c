/* parlo-test-certs.c — a certificate authority of the test's own, and server
 * certificates for TLS tests, made with the openssl command line
 *
 * `openssl ca` signs, not `openssl x509 -req`: OpenSSL 3.0's x509 cannot set a
 * start date in the past, and an expired certificate needs one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "parlo-test.h"
#include "parlo-test-certs.h"

#define VALID_DAYS "30"
#define EXPIRED_START "20200101000000Z"
#define EXPIRED_END "20210101000000Z"

/* One signing CA and the files `openssl ca` keeps. */
typedef struct {
  char *directory;
  char *config;
  char *cert_file;
} Authority;

struct _ParloTestCerts
{
  char      *directory;
  Authority  trusted;
  Authority  unknown;   /* made on first use */
  GPtrArray *issued;    /* of ParloTestCert */
  guint      serial;
};

/* Runs openssl with args in directory; the test fails with its output if it does. */
static void
run_openssl (const char *directory, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (char *) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (directory, (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &output, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed:\n%s", args[0], output != NULL ? output : "");
}

static void
write_file (const char *path, const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A CA named common_name in parent/name, with what `openssl ca` needs beside it. */
static void
authority_init (Authority *authority, const char *parent, const char *name, const char *common_name)
{
  g_autofree char *subject = g_strdup_printf ("/CN=%s", common_name);
  g_autofree char *index = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *config = NULL;

  authority->directory = g_build_filename (parent, name, NULL);
  authority->config = g_build_filename (authority->directory, "ca.cnf", NULL);
  authority->cert_file = g_build_filename (authority->directory, "ca.pem", NULL);
  index = g_build_filename (authority->directory, "index.txt", NULL);
  issued = g_build_filename (authority->directory, "issued", NULL);
  g_assert_cmpint (g_mkdir_with_parents (issued, 0700), ==, 0);
  write_file (index, "");
  config = g_strdup_printf ("[ca]\n"
                            "default_ca = test_ca\n"
                            "[test_ca]\n"
                            "database = %s\n"
                            "new_certs_dir = %s\n"
                            "certificate = %s/ca.pem\n"
                            "private_key = %s/ca.key\n"
                            "rand_serial = yes\n"
                            "unique_subject = no\n"
                            "default_md = sha256\n"
                            "policy = any_name\n"
                            "[any_name]\n"
                            "commonName = supplied\n",
                            index, issued, authority->directory, authority->directory);
  write_file (authority->config, config);
  {
    const char * const args[] = {
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", subject,
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      NULL
    };
    run_openssl (authority->directory, args);
  }
}

static void
authority_clear (Authority *authority)
{
  g_clear_pointer (&authority->directory, g_free);
  g_clear_pointer (&authority->config, g_free);
  g_clear_pointer (&authority->cert_file, g_free);
}

static void
cert_free (ParloTestCert *cert)
{
  g_free (cert->cert_file);
  g_free (cert->key_file);
  g_free (cert);
}

ParloTestCerts *
parlo_test_certs_new (void)
{
  ParloTestCerts *certs = g_new0 (ParloTestCerts, 1);
  g_autoptr(GError) error = NULL;

  certs->directory = g_dir_make_tmp ("parlo-certs-XXXXXX", &error);
  g_assert_no_error (error);
  certs->issued = g_ptr_array_new_with_free_func ((GDestroyNotify) cert_free);
  authority_init (&certs->trusted, certs->directory, "ca", "Parlo Test CA");
  return certs;
}

void
parlo_test_certs_free (ParloTestCerts *certs)
{
  if (certs == NULL)
    return;
  g_ptr_array_unref (certs->issued);
  authority_clear (&certs->trusted);
  authority_clear (&certs->unknown);
  parlo_test_remove_tree (certs->directory);
  g_free (certs->directory);
  g_free (certs);
}

/* A key and a request for name in directory, signed by authority; expired
 * certificates lived during 2020. */
static void
sign (Authority *authority, const char *directory, const char *name, gboolean expired)
{
  g_autofree char *subject = g_strdup_printf ("/CN=%s", name);
  g_autofree char *extensions = g_strdup_printf ("[server]\n"
                                                 "basicConstraints = CA:FALSE\n"
                                                 "keyUsage = critical,digitalSignature,keyEncipherment\n"
                                                 "extendedKeyUsage = serverAuth\n"
                                                 "subjectAltName = %s:%s\n",
                                                 g_hostname_is_ip_address (name) ? "IP" : "DNS", name);
  g_autofree char *extensions_file = g_build_filename (directory, "server.ext", NULL);
  const char * const request[] = {
    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "key.pem", "-out", "request.csr", "-subj", subject, NULL
  };
  const char * const valid[] = {
    "ca", "-batch", "-config", authority->config, "-notext", "-in", "request.csr",
    "-out", "cert.pem", "-extfile", "server.ext", "-extensions", "server", "-days", VALID_DAYS, NULL
  };
  const char * const past[] = {
    "ca", "-batch", "-config", authority->config, "-notext", "-in", "request.csr",
    "-out", "cert.pem", "-extfile", "server.ext", "-extensions", "server",
    "-startdate", EXPIRED_START, "-enddate", EXPIRED_END, NULL
  };

  write_file (extensions_file, extensions);
  run_openssl (directory, request);
  run_openssl (directory, expired ? past : valid);
}

static void
self_sign (const char *directory, const char *name)
{
  g_autofree char *subject = g_strdup_printf ("/CN=%s", name);
  g_autofree char *alt_name = g_strdup_printf ("subjectAltName=%s:%s",
                                               g_hostname_is_ip_address (name) ? "IP" : "DNS", name);
  const char * const args[] = {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "key.pem", "-out", "cert.pem", "-days", VALID_DAYS, "-subj", subject,
    "-addext", alt_name, "-addext", "extendedKeyUsage=serverAuth", NULL
  };

  run_openssl (directory, args);
}

const ParloTestCert *
parlo_test_certs_issue (ParloTestCerts *certs, ParloTestCertKind kind, const char *name)
{
  g_autofree char *leaf = NULL;
  g_autofree char *directory = NULL;
  ParloTestCert *cert;

  g_return_val_if_fail (certs != NULL && name != NULL, NULL);
  leaf = g_strdup_printf ("server-%u", ++certs->serial);
  directory = g_build_filename (certs->directory, leaf, NULL);
  g_assert_cmpint (g_mkdir (directory, 0700), ==, 0);
  switch (kind)
    {
    case PARLO_TEST_CERT_VALID:
      sign (&certs->trusted, directory, name, FALSE);
      break;
    case PARLO_TEST_CERT_WRONG_NAME:
      sign (&certs->trusted, directory, PARLO_TEST_CERT_OTHER_NAME, FALSE);
      break;
    case PARLO_TEST_CERT_EXPIRED:
      sign (&certs->trusted, directory, name, TRUE);
      break;
    case PARLO_TEST_CERT_SELF_SIGNED:
      self_sign (directory, name);
      break;
    case PARLO_TEST_CERT_UNKNOWN_CA:
      if (certs->unknown.directory == NULL)
        authority_init (&certs->unknown, certs->directory, "unknown-ca", "Nobody's CA");
      sign (&certs->unknown, directory, name, FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
  cert = g_new0 (ParloTestCert, 1);
  cert->cert_file = g_build_filename (directory, "cert.pem", NULL);
  cert->key_file = g_build_filename (directory, "key.pem", NULL);
  g_ptr_array_add (certs->issued, cert);
  return cert;
}

void
parlo_test_certs_trust (ParloTestCerts *certs)
{
  g_return_if_fail (certs != NULL);
  g_setenv ("SSL_CERT_FILE", certs->trusted.cert_file, TRUE);
}

void
parlo_test_certs_untrust (void)
{
  g_unsetenv ("SSL_CERT_FILE");
}

char *
parlo_test_cert_fingerprint (const ParloTestCert *cert)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) tls = g_tls_certificate_new_from_files (cert->cert_file, cert->key_file, &error);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_object_get (tls, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    g_string_append_printf (text, "%s%c%c", i ? ":" : "", g_ascii_toupper (hex[i]), g_ascii_toupper (hex[i + 1]));
  return g_string_free (text, FALSE);
}
