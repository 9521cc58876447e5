/* The account form when the server's certificate was refused: a real engine
 * fails to register at a kamailio whose certificate signed itself; the form
 * says why and shows the fingerprint, and "Trust This Certificate", clicked
 * with the pointer, keeps that fingerprint in the account's settings and
 * registers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "parlo-test-certs.h"
#include "parlo-test-input.h"
#include "parlo-test-servers.h"
#include "parlo-test.h"
#include "parlo-test-widgets.h"
#include "ui/parlo-account-editor.h"
#include "ui/parlo-account-row.h"
#include "ui/parlo-preferences-window.h"

#define PASSWORD "s3cret"

static ParloAudioDevices *devices;

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return PARLO_IS_ACCOUNT_ROW (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The button a person reads this label on. */
static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  GtkLabel *found = parlo_test_find_label (root, label);

  return found != NULL ? gtk_widget_get_ancestor (GTK_WIDGET (found), GTK_TYPE_BUTTON) : NULL;
}

/* The label right after the one titled title, in the same box. */
static GtkLabel *
label_after (GtkWidget *root, const char *title)
{
  GtkLabel *heading = parlo_test_find_label (root, title);

  g_assert_nonnull (heading);
  return GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (heading)));
}

/* The account's own settings, as the store keeps them. */
static GSettings *
account_settings (GSettings *settings, ParloAccount *account)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "io.github.parlo.Parlo.Account",
                                                                       TRUE);
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  g_object_get (settings, "backend", &backend, "path", &base, NULL);
  path = g_strdup_printf ("%saccounts/%s/", base, parlo_account_get_id (account));
  return g_settings_new_full (schema, backend, path);
}

static ParloAccount *
add_account (ParloTestPeer *peer, guint16 port)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *address = g_strdup_printf ("alice@127.0.0.1:%u", port);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port + 1);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "display-name", "Alice", "address", address, "server", server,
                "transport", PARLO_TRANSPORT_TLS, NULL);
  parlo_account_store_add_async (peer->accounts, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return g_object_ref (account);
}

static void
test_trust_certificate (void)
{
  g_autoptr(ParloTestCerts) certs = parlo_test_certs_new ();
  const ParloTestCert *cert = parlo_test_certs_issue (certs, PARLO_TEST_CERT_SELF_SIGNED, "127.0.0.1");
  g_autofree char *fingerprint = parlo_test_cert_fingerprint (cert);
  g_autofree char *shown = NULL;
  g_autofree char *pin = NULL;
  const char * const users[] = { "alice", PASSWORD, NULL };
  ParloTestKamailioOptions options = {
    .port = parlo_test_free_port (), .users = users,
    .tls_cert_file = cert->cert_file, .tls_key_file = cert->key_file,
  };
  ParloTestKamailio *kamailio;
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  g_autoptr(GSettings) stored = NULL;
  g_autoptr(GSettings) window_settings = parlo_test_settings_new ();
  ParloTestPeer *peer;
  g_autoptr(ParloAccount) account = NULL;
  GtkWidget *window, *row, *editor, *trust;
  GtkLabel *fingerprint_label;

  options.tls_port = options.port + 1;
  kamailio = parlo_test_kamailio_start_with (&options);
  parlo_test_certs_trust (certs);
  peer = parlo_test_peer_new_full ("me", NULL, settings);
  account = add_account (peer, options.port);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_FAILED);

  window = GTK_WIDGET (parlo_preferences_window_new (NULL, peer->accounts, devices, window_settings));
  gtk_window_present (GTK_WINDOW (window));
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window) &&
                         (row = parlo_test_find (window, is_row_titled, "Alice")) != NULL &&
                         gtk_widget_get_mapped (row));
  parlo_test_click (row);
  PARLO_TEST_WAIT_UNTIL ((editor = parlo_test_find_widget (window, PARLO_TYPE_ACCOUNT_EDITOR, NULL)) != NULL);

  /* The form says why, and shows the fingerprint in groups of four bytes. */
  g_assert_nonnull (parlo_test_find_label (editor, "Server Certificate"));
  g_assert_nonnull (parlo_test_find_label_prefix (editor, "The server signed its own certificate"));
  fingerprint_label = label_after (editor, "SHA-256 fingerprint");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fingerprint_label)));
  shown = g_strdup (gtk_label_get_text (fingerprint_label));
  g_assert_cmpuint (strlen (shown), ==, strlen (fingerprint));
  g_assert_nonnull (strchr (shown, ' '));
  g_strdelimit (shown, " \n", ':');
  g_assert_cmpstr (shown, ==, fingerprint);
  g_assert_cmpuint (parlo_test_kamailio_count (kamailio, "REGISTER", NULL), ==, 0);

  trust = find_button (editor, "Trust This Certificate");
  g_assert_nonnull (trust);
  /* The group is at the top of the form, where it shows without scrolling. */
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (trust));
  parlo_test_click (trust);

  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);
  stored = account_settings (settings, account);
  pin = g_settings_get_string (stored, "tls-pin");
  g_assert_cmpstr (pin, ==, fingerprint);
  g_assert_cmpuint (parlo_test_kamailio_count (kamailio, "REGISTER", "tls"), >=, 1);
  /* Registered: there is nothing left to trust. */
  PARLO_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (fingerprint_label)) ||
                         !gtk_widget_get_mapped (GTK_WIDGET (fingerprint_label)));

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (peer);
  parlo_test_kamailio_stop (kamailio);
  parlo_test_certs_untrust ();
}

int
main (int argc, char *argv[])
{
  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_KEYRING | PARLO_TEST_AUDIO_DEVICES);
  devices = parlo_test_audio_devices ();
  adw_init ();
  g_test_add_func ("/certificate/trust-in-account-form", test_trust_certificate);
  return parlo_test_run ();
}
