/* Accounts: what a form may save, what the engine is told, how calls pick an
 * account, and what the store keeps in settings and in the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/parlo-account-private.h"
#include "parlo-test.h"

static ParloAccount *
draft_with (const char *first_property, ...)
{
  ParloAccount *draft = parlo_account_new (NULL);
  va_list args;

  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (draft), first_property, args);
  va_end (args);
  return draft;
}

/* Each wrong setting is named, with a reason a person understands. */
static void
test_check (void)
{
  static const struct {
    const char *property;
    const char *value;
    int         error;  /* -1: valid */
    const char *message;
  } cases[] = {
    { "address", "alice@example.org", -1, NULL },
    { "address", "sip:alice@example.org:5080", -1, NULL },
    { "address", "alice@[2001:db8::1]:5061", -1, NULL },
    { "address", "", PARLO_ACCOUNT_ERROR_ADDRESS, "Enter your SIP address, as in name@example.org" },
    { "address", "alice", PARLO_ACCOUNT_ERROR_ADDRESS, "The address needs a name and a host, as in name@example.org" },
    { "address", "alice@", PARLO_ACCOUNT_ERROR_ADDRESS, "The host after “@” is not a valid server name" },
    { "address", "al ice@example.org", PARLO_ACCOUNT_ERROR_ADDRESS,
      "The name before “@” contains a character that is not allowed" },
    { "address", "alice@exa mple.org", PARLO_ACCOUNT_ERROR_ADDRESS, "The host after “@” is not a valid server name" },
    { "address", "alice@example.org:99999", PARLO_ACCOUNT_ERROR_ADDRESS,
      "The host after “@” is not a valid server name" },
    { "display-name", "Alice \"Al\" Example", PARLO_ACCOUNT_ERROR_DISPLAY_NAME,
      "The name may not contain quotes, backslashes or control characters" },
    { "display-name", "Zoë Ünal", -1, NULL },
    { "auth-user", "alice 2", PARLO_ACCOUNT_ERROR_AUTH_USER,
      "The user name may not contain spaces or any of @ : ; < >" },
    { "server", "sip.example.org:5060", -1, NULL },
    { "server", "sip:sip.example.org;transport=tcp", -1, NULL },
    { "server", "sip.example.org:0", PARLO_ACCOUNT_ERROR_SERVER,
      "Enter a server name, optionally with a port, as in example.org:5060" },
    { "outbound-proxy", "proxy..example.org", PARLO_ACCOUNT_ERROR_OUTBOUND_PROXY,
      "Enter a server name, optionally with a port, as in example.org:5060" },
    { "stun-server", "stun:stun.example.org:3478", -1, NULL },
    { "stun-server", "stun.example.org:x", PARLO_ACCOUNT_ERROR_STUN_SERVER,
      "Enter a server name, optionally with a port, as in example.org:5060" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ParloAccount) draft = draft_with ("address", "alice@example.org", NULL);
      g_autoptr(GError) error = NULL;

      g_object_set (draft, cases[i].property, cases[i].value, NULL);
      if (cases[i].error < 0)
        {
          parlo_account_check (draft, &error);
          g_assert_no_error (error);
          continue;
        }
      g_assert_false (parlo_account_check (draft, &error));
      g_assert_error (error, PARLO_ACCOUNT_ERROR, cases[i].error);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* A TURN server takes a host and port, and the user name it knows us by. */
static void
test_check_turn (void)
{
  g_autoptr(ParloAccount) draft = draft_with ("address", "alice@example.org", "turn-server", "turn.example.org:x", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (parlo_account_check (draft, &error));
  g_assert_error (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_TURN_SERVER);
  g_clear_error (&error);
  g_object_set (draft, "turn-server", "turn:turn.example.org:3478", NULL);
  g_assert_false (parlo_account_check (draft, &error));
  g_assert_error (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_TURN_USER);
  g_assert_cmpstr (error->message, ==, "Enter the user name the TURN server knows you by");
  g_clear_error (&error);
  g_object_set (draft, "turn-user", "relay alice", NULL);
  g_assert_false (parlo_account_check (draft, &error));
  g_assert_error (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_TURN_USER);
  g_clear_error (&error);
  g_object_set (draft, "turn-user", "relay-alice", NULL);
  g_assert_true (parlo_account_check (draft, &error));
}

/* Codecs: at least one, and only those the engine has. */
static void
test_check_codecs (void)
{
  const char *none[] = { NULL };
  const char *unknown[] = { "opus/48000/2", "speex/8000/1", NULL };
  g_autoptr(ParloAccount) draft = draft_with ("address", "alice@example.org", "audio-codecs", none, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (parlo_account_check (draft, &error));
  g_assert_error (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_AUDIO_CODECS);
  g_assert_cmpstr (error->message, ==, "Choose at least one audio codec");
  g_clear_error (&error);
  g_object_set (draft, "audio-codecs", unknown, NULL);
  g_assert_false (parlo_account_check (draft, &error));
  g_assert_cmpstr (error->message, ==, "“speex/8000/1” is not an audio codec Parlo knows");
  g_clear_error (&error);
  g_object_set (draft, "audio-codecs", NULL, NULL);
  g_assert_true (parlo_account_check (draft, &error));
  g_assert_cmpuint (g_strv_length ((char **) parlo_account_get_audio_codecs (draft)), ==, 4);
}

/* The engine gets routes and schemes it understands, and nothing empty. */
static void
test_engine_account (void)
{
  g_autoptr(ParloAccount) plain = draft_with ("address", "alice@example.org", NULL);
  const char *narrowband[] = { "PCMU/8000/1", "PCMA/8000/1", NULL };
  g_autoptr(ParloAccount) routed = draft_with ("address", "alice@example.org", "server", "sip.example.org:5070",
                                               "transport", PARLO_TRANSPORT_TCP, "stun-server", "stun.example.org",
                                               "media-encryption", PARLO_MEDIA_ENCRYPTION_SRTP_MANDATORY,
                                               "auth-user", "a1", "registration-interval", 120,
                                               "audio-codecs", narrowband, NULL);
  g_autoptr(ParloAccount) proxied = draft_with ("address", "alice@example.org", "server", "sip.example.org",
                                                "outbound-proxy", "sip:proxy.example.org:5060", NULL);
  g_autoptr(ParloAccount) dtls = draft_with ("address", "alice@example.org",
                                             "media-encryption", PARLO_MEDIA_ENCRYPTION_DTLS_SRTP, NULL);
  g_autoptr(ParloAccount) direct = parlo_account_new_direct ("sip:me@192.0.2.7");
  g_autoptr(ParloAccount) relayed = draft_with ("address", "alice@example.org", "stun-server", "stun.example.org",
                                                "turn-server", "turn.example.org:3478", "turn-user", "relay-alice",
                                                "ice", TRUE, NULL);
  g_autoptr(ParloEngineAccount) a = parlo_account_sync_engine_account (plain, "pw", NULL);
  g_autoptr(ParloEngineAccount) b = parlo_account_sync_engine_account (routed, NULL, "unused");
  g_autoptr(ParloEngineAccount) c = parlo_account_sync_engine_account (proxied, "pw", NULL);
  g_autoptr(ParloEngineAccount) e = parlo_account_sync_engine_account (relayed, "pw", "relay-pw");
  g_autoptr(ParloEngineAccount) dtls_account = parlo_account_sync_engine_account (dtls, "pw", NULL);
  g_autoptr(ParloEngineAccount) d = NULL;

  g_assert_cmpstr (a->aor, ==, "sip:alice@example.org");
  /* Best first, PCMA before PCMU, unless the account says otherwise. */
  g_assert_cmpstr (a->audio_codecs, ==, "opus/48000/2,G722/16000/1,PCMA/8000/1,PCMU/8000/1");
  g_assert_cmpstr (a->password, ==, "pw");
  g_assert_cmpstr (a->transport, ==, "udp");
  g_assert_null (a->outbound);
  g_assert_null (a->server);
  g_assert_null (a->mediaenc);
  g_assert_cmpuint (a->regint, ==, 600);
  g_assert_false (a->catchall);

  g_assert_null (b->outbound);
  g_assert_cmpstr (b->server, ==, "sip:sip.example.org:5070;transport=tcp;lr");
  g_assert_cmpstr (b->stun, ==, "stun:stun.example.org");
  /* No TURN server: no TURN credentials, whatever the keyring had. */
  g_assert_null (b->turn_user);
  g_assert_null (b->turn_password);
  g_assert_cmpstr (b->mediaenc, ==, "srtp-mand");
  g_assert_cmpstr (dtls_account->mediaenc, ==, "dtls_srtp");
  g_assert_cmpstr (b->auth_user, ==, "a1");
  g_assert_cmpuint (b->regint, ==, 120);
  g_assert_cmpstr (b->audio_codecs, ==, "PCMU/8000/1,PCMA/8000/1");

  /* The outbound proxy is the first hop, and the server stays the registrar behind it. */
  g_assert_cmpstr (c->outbound, ==, "sip:proxy.example.org:5060;lr");
  g_assert_cmpstr (c->server, ==, "sip:sip.example.org;lr");

  /* TURN with its own user and password, and ICE: relayed candidates. */
  g_assert_cmpstr (e->turn, ==, "turn:turn.example.org:3478");
  g_assert_cmpstr (e->turn_user, ==, "relay-alice");
  g_assert_cmpstr (e->turn_password, ==, "relay-pw");
  g_assert_cmpstr (e->stun, ==, "stun:stun.example.org");
  g_assert_true (e->ice);

  g_object_set (direct, "display-name", "Me Myself", NULL);
  d = parlo_account_sync_engine_account (direct, NULL, NULL);
  g_assert_cmpstr (d->aor, ==, "sip:me@192.0.2.7");
  g_assert_cmpstr (d->display_name, ==, "Me Myself");
  g_assert_cmpuint (d->regint, ==, 0);
  g_assert_true (d->catchall);
  g_assert_cmpstr (parlo_account_get_title (direct), ==, "Direct calls");
}

/* What the account says of itself, from engine facts to words. */
static void
test_status (void)
{
  g_autoptr(ParloAccount) account = draft_with ("address", "alice@example.org", NULL);

  g_assert_cmpstr (parlo_account_get_title (account), ==, "alice@example.org");
  g_object_set (account, "display-name", "Alice", NULL);
  g_assert_cmpstr (parlo_account_get_title (account), ==, "Alice");
  g_assert_cmpstr (parlo_account_get_aor (account), ==, "sip:alice@example.org");

  g_assert_cmpstr (parlo_account_get_status (account), ==, "Off");
  parlo_account_set_registration (account, PARLO_REGISTRATION_FAILED, PARLO_REGISTRATION_FAILURE_NOT_FOUND,
                                  "404 Not Found");
  g_assert_cmpstr (parlo_account_get_status (account), ==, "The server does not know this account (404 Not Found)");
  parlo_account_set_registration (account, PARLO_REGISTRATION_REGISTERING, PARLO_REGISTRATION_FAILURE_NONE, NULL);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Connecting…");
  g_assert_null (parlo_account_get_failure_detail (account));
  g_assert_false (parlo_account_can_call (account));
}

#define PIN "0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9"

/* A trusted certificate's fingerprint travels from the account's setting into
 * account.add as tls_pin; an account without one sends none. */
static void
test_pin_into_account_add (void)
{
  g_autoptr(ParloAccount) pinned = draft_with ("address", "alice@example.org", "server", "sip.example.org",
                                               "transport", PARLO_TRANSPORT_TLS, "tls-pin", PIN, NULL);
  g_autoptr(ParloAccount) plain = draft_with ("address", "alice@example.org", NULL);
  g_autoptr(ParloAccount) copy = parlo_account_dup (pinned);
  g_autoptr(ParloEngineAccount) a = parlo_account_sync_engine_account (pinned, "pw", NULL);
  g_autoptr(ParloEngineAccount) b = parlo_account_sync_engine_account (plain, "pw", NULL);
  g_autoptr(ParloEngineAccount) a_copy = parlo_engine_account_copy (a);
  g_autoptr(JsonObject) with_pin = parlo_engine_account_to_json (a_copy);
  g_autoptr(JsonObject) without = parlo_engine_account_to_json (b);

  g_assert_cmpstr (parlo_account_get_tls_pin (copy), ==, PIN);
  g_assert_cmpstr (json_object_get_string_member (with_pin, "tls_pin"), ==, PIN);
  g_assert_cmpstr (json_object_get_string_member (with_pin, "server"), ==,
                   "sip:sip.example.org;transport=tls;lr");
  g_assert_false (json_object_has_member (without, "tls_pin"));
}

/* A refused certificate reads as what is wrong with it, with the names it is
 * for or the day it expired; the engine's "Protocol error" is left out. */
static void
test_certificate_status (void)
{
  g_autoptr(ParloAccount) account = draft_with ("address", "alice@example.org", NULL);
  g_autoptr(GDateTime) expired = g_date_time_new_utc (2020, 12, 31, 23, 59, 0);
  const char * const names[] = { "other.example.test", "www.other.example.test", NULL };

  parlo_account_set_certificate (account, PIN, names, expired);
  parlo_account_set_registration (account, PARLO_REGISTRATION_FAILED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME,
                                  "Protocol error");
  g_assert_true (parlo_account_is_certificate_refused (account));
  g_assert_cmpstr (parlo_account_get_status (account), ==,
                   "The server’s certificate is for other.example.test, www.other.example.test");
  parlo_account_set_registration (account, PARLO_REGISTRATION_FAILED,
                                  PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED, "Protocol error");
  g_assert_cmpstr (parlo_account_get_status (account), ==, "The server’s certificate expired on 2020-12-31");
  g_assert_cmpstr (parlo_account_get_certificate_fingerprint (account), ==, PIN);

  /* Trying again forgets the certificate that was refused. */
  parlo_account_set_registration (account, PARLO_REGISTRATION_REGISTERING, PARLO_REGISTRATION_FAILURE_NONE, NULL);
  g_assert_false (parlo_account_is_certificate_refused (account));
  g_assert_null (parlo_account_get_certificate_fingerprint (account));
  g_assert_null (parlo_account_get_certificate_names (account));
  g_assert_null (parlo_account_get_certificate_expires (account));
}

typedef struct {
  ParloAccountStore *store;
  GSettings         *settings;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->settings = parlo_test_settings_new ();
  fixture->store = parlo_account_store_new (fixture->settings, "sip:me@127.0.0.1:5999");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
}

static ParloAccount *
add (ParloAccountStore *store, ParloAccount *draft, const char *password, GError **error)
{
  g_auto(ParloTestResult) result = { NULL };
  ParloAccount *account;

  parlo_account_store_add_async (store, draft, password, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (store, parlo_test_result_wait (&result), error);
  return account ? g_object_ref (account) : NULL;
}

/* Settings go to the account's own schema, the password to the keyring, and a
 * store opened on the same settings finds both. */
static void
test_store_add_and_reload (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloAccount) draft = draft_with ("address", "bob@example.org", "display-name", "Bob",
                                              "transport", PARLO_TRANSPORT_TLS, NULL);
  g_autoptr(ParloAccount) invalid = draft_with ("address", "bob", NULL);
  g_autoptr(ParloAccount) account = NULL;
  g_autoptr(ParloAccount) refused = NULL;
  g_autoptr(ParloAccountStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_auto(GStrv) ids = NULL;
  ParloAccount *found;

  refused = add (fixture->store, invalid, "x", &error);
  g_assert_null (refused);
  g_assert_error (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_ADDRESS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  g_clear_error (&error);

  account = add (fixture->store, draft, "hunter2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  ids = g_settings_get_strv (fixture->settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, parlo_account_get_id (account));
  g_assert_true (parlo_account_store_find_by_aor (fixture->store, "sip:bob@example.org") == account);

  reopened = parlo_account_store_new (fixture->settings, "sip:me@127.0.0.1:5999");
  found = parlo_account_store_find (reopened, parlo_account_get_id (account));
  g_assert_nonnull (found);
  g_assert_cmpstr (parlo_account_get_display_name (found), ==, "Bob");
  g_assert_cmpint (parlo_account_get_transport (found), ==, PARLO_TRANSPORT_TLS);
  password = parlo_test_password_of (reopened, found);
  g_assert_cmpstr (password, ==, "hunter2");
}

/* Removing forgets the settings and the password. */
static void
test_store_remove (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloAccount) draft = draft_with ("address", "carol@example.org", "display-name", "Carol", NULL);
  g_autoptr(ParloAccount) account = add (fixture->store, draft, "pw", NULL);
  g_autoptr(ParloAccountStore) reopened = NULL;
  g_autofree char *password = parlo_test_password_of (fixture->store, account);

  g_assert_cmpstr (password, ==, "pw");
  parlo_account_store_remove (fixture->store, account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  reopened = parlo_account_store_new (fixture->settings, "sip:me@127.0.0.1:5999");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 1);
  /* The keyring forgets it a moment later; the store does not wait for it. */
  while (password != NULL)
    {
      g_clear_pointer (&password, g_free);
      password = parlo_test_password_of (fixture->store, account);
    }
}

static char *
turn_password_of (ParloAccountStore *store, ParloAccount *account)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  char *password;

  parlo_account_store_lookup_turn_password_async (store, account, NULL, parlo_test_result_ready, &result);
  password = parlo_account_store_lookup_turn_password_finish (store, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return password;
}

static ParloAccount *
save (ParloAccountStore *store, ParloAccount *account, ParloAccount *draft, const char *password,
      const char *turn_password)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *saved;

  parlo_account_store_save_async (store, account, draft, password, turn_password, NULL,
                                  parlo_test_result_ready, &result);
  saved = parlo_account_store_save_finish (store, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return saved;
}

/* The TURN password goes to the real keyring beside the SIP password, under its
 * own attribute, and never into the settings; an edit that leaves it out keeps
 * it, "" deletes it, and removing the account deletes it too. */
static void
test_store_turn_password (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloAccount) draft = draft_with ("address", "dave@example.org", "turn-server", "turn.example.org",
                                              "turn-user", "relay-dave", NULL);
  g_autoptr(ParloAccount) account = save (fixture->store, NULL, draft, "sip-pw", "relay-pw");
  g_autoptr(ParloAccountStore) reopened = parlo_account_store_new (fixture->settings, "sip:me@127.0.0.1:5999");
  ParloAccount *found = parlo_account_store_find (reopened, parlo_account_get_id (account));
  const char * const *names = parlo_account_list_settings ();
  g_autofree char *password = parlo_test_password_of (reopened, found);
  g_autofree char *turn_password = turn_password_of (reopened, found);
  g_autoptr(ParloAccount) updated = NULL;

  g_assert_cmpstr (password, ==, "sip-pw");
  g_assert_cmpstr (turn_password, ==, "relay-pw");
  g_assert_cmpstr (parlo_account_get_turn_user (found), ==, "relay-dave");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      g_object_get_property (G_OBJECT (found), names[i], &value);
      text = g_strdup_value_contents (&value);
      g_assert_null (strstr (text, "relay-pw"));
    }

  /* An edit without a new TURN password keeps it; the SIP password changes alone. */
  updated = save (fixture->store, account, draft, "sip-pw2", NULL);
  g_clear_pointer (&turn_password, g_free);
  turn_password = turn_password_of (fixture->store, account);
  g_assert_cmpstr (turn_password, ==, "relay-pw");
  g_clear_object (&updated);
  updated = save (fixture->store, account, draft, NULL, "");
  g_clear_pointer (&turn_password, g_free);
  turn_password = turn_password_of (fixture->store, account);
  g_assert_null (turn_password);
  g_clear_pointer (&password, g_free);
  password = parlo_test_password_of (fixture->store, account);
  g_assert_cmpstr (password, ==, "sip-pw2");

  g_clear_object (&updated);
  updated = save (fixture->store, account, draft, NULL, "relay-pw3");
  parlo_account_store_remove (fixture->store, account);
  /* The keyring forgets it a moment later; the store does not wait for it. */
  for (guint tries = 0; tries < 100; tries++)
    {
      g_clear_pointer (&turn_password, g_free);
      turn_password = turn_password_of (fixture->store, account);
      if (turn_password == NULL)
        break;
      g_usleep (20 * 1000);
    }
  g_assert_null (turn_password);
}

/* The picked account, else the default, else the only registered one, else
 * direct calls; and "default-account" follows. */
static void
test_choose_for_call (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloAccount) draft_a = draft_with ("address", "a@example.org", NULL);
  g_autoptr(ParloAccount) draft_b = draft_with ("address", "b@example.org", NULL);
  g_autoptr(ParloAccount) a = add (fixture->store, draft_a, NULL, NULL);
  g_autoptr(ParloAccount) b = add (fixture->store, draft_b, NULL, NULL);
  ParloAccount *direct = parlo_account_store_get_direct (fixture->store);

  g_assert_true (parlo_account_store_choose_for_call (fixture->store, NULL) == direct);
  g_assert_true (parlo_account_store_choose_for_call (fixture->store, b) == b);

  parlo_account_set_registration (b, PARLO_REGISTRATION_REGISTERED, PARLO_REGISTRATION_FAILURE_NONE, NULL);
  g_assert_true (parlo_account_store_get_default (fixture->store) == b);
  parlo_account_set_registration (a, PARLO_REGISTRATION_REGISTERED, PARLO_REGISTRATION_FAILURE_NONE, NULL);
  g_assert_true (parlo_account_store_get_default (fixture->store) == direct);

  parlo_account_store_set_default (fixture->store, a);
  g_assert_true (parlo_account_store_get_default (fixture->store) == a);
  parlo_account_set_enabled (a, FALSE);
  g_assert_true (parlo_account_store_get_default (fixture->store) == b);

  parlo_account_set_enabled (direct, FALSE);
  parlo_account_set_enabled (b, FALSE);
  g_assert_null (parlo_account_store_get_default (fixture->store));
  g_assert_false (g_settings_get_boolean (fixture->settings, "direct-calls"));
}

int
main (int argc, char *argv[])
{
  ParloTestKeyring *keyring;
  int result;

  g_test_init (&argc, &argv, NULL);
  keyring = parlo_test_keyring_start ();
  g_test_add_func ("/account/check", test_check);
  g_test_add_func ("/account/check-codecs", test_check_codecs);
  g_test_add_func ("/account/check-turn", test_check_turn);
  g_test_add_func ("/account/engine-account", test_engine_account);
  g_test_add_func ("/account/status", test_status);
  g_test_add_func ("/account/pin-into-account-add", test_pin_into_account_add);
  g_test_add_func ("/account/certificate-status", test_certificate_status);
  g_test_add ("/account-store/add-and-reload", Fixture, NULL, fixture_set_up, test_store_add_and_reload,
              fixture_tear_down);
  g_test_add ("/account-store/remove", Fixture, NULL, fixture_set_up, test_store_remove, fixture_tear_down);
  g_test_add ("/account-store/turn-password", Fixture, NULL, fixture_set_up, test_store_turn_password,
              fixture_tear_down);
  g_test_add ("/account-store/choose-for-call", Fixture, NULL, fixture_set_up, test_choose_for_call,
              fixture_tear_down);
  result = g_test_run ();
  parlo_test_keyring_stop (keyring);
  return result;
}
