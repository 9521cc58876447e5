/* Accounts and registration against real registrars: sipp checking digests,
 * kamailio as registrar and proxy, passwords in a real gnome-keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "parlo-test-certs.h"
#include "parlo-test-servers.h"
#include "parlo-test.h"

#define PASSWORD "Tr0ub4dor-and-3"
#define FIRST_RETRY_MS 300
#define LONGEST_RETRY_MS 1200

static char *app_home;  /* the XDG config, data, cache and runtime directories live here */

/* Settings kept in a key file under the config directory, as without dconf. */
static GSettings *
settings_in_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "parlo-test", name, NULL);
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);

  return g_settings_new_with_backend ("io.github.parlo.Parlo", backend);
}

static ParloTestPeer *
phone_new (const char *user, GSettings *settings)
{
  ParloTestPeer *peer = parlo_test_peer_new_full (user, NULL, settings);

  parlo_account_sync_set_retry_delay (peer->sync, FIRST_RETRY_MS, LONGEST_RETRY_MS);
  return peer;
}

/* An account for address, reaching its registrar at 127.0.0.1:server_port
 * (0: the address's own host). */
static ParloAccount *
add_account (ParloTestPeer *peer, const char *address, guint16 server_port, ParloTransport transport,
             const char *password)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = server_port ? g_strdup_printf ("127.0.0.1:%u", server_port) : g_strdup ("");
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", address, "server", server, "transport", transport,
                "display-name", "Alice Example", NULL);
  parlo_account_store_add_async (peer->accounts, draft, password, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  return g_object_ref (account);
}

static void
change_password (ParloTestPeer *peer, ParloAccount *account, const char *password)
{
  g_autoptr(ParloAccount) draft = parlo_account_dup (account);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  parlo_account_store_update_async (peer->accounts, account, draft, password, NULL,
                                    parlo_test_result_ready, &result);
  g_assert_true (parlo_account_store_update_finish (peer->accounts, parlo_test_result_wait (&result), &error));
  g_assert_no_error (error);
}

static ParloRegistrationState
state_of (ParloAccount *account)
{
  return parlo_account_get_registration_state (account);
}

/* A sipp registrar on UDP that knows alice with PASSWORD, and a phone. */
typedef struct {
  guint16             port;
  ParloTestRegistrar *registrar;
  GSettings          *settings;
  ParloTestPeer      *phone;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->port = parlo_test_free_port ();
  fixture->registrar = parlo_test_registrar_start (fixture->port, "udp", "alice", PASSWORD);
  fixture->settings = parlo_test_settings_new ();
  fixture->phone = phone_new ("me", fixture->settings);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  parlo_test_peer_free (fixture->phone);
  parlo_test_registrar_stop (fixture->registrar);
  g_clear_object (&fixture->settings);
}

/* alice's account at the fixture's registrar, with password. */
static ParloAccount *
add_alice (Fixture *fixture, const char *password)
{
  return add_account (fixture->phone, "alice@parlo.test", fixture->port, PARLO_TRANSPORT_UDP, password);
}

/* The right password registers, and the account says until when. */
static void
test_right_password (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *phone = fixture->phone;
  ParloTestRegistrar *registrar = fixture->registrar;
  g_autoptr(ParloAccount) account = add_alice (fixture, PASSWORD);
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan until_expiry;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (phone->accounts)), ==, 2);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Registered");
  g_assert_cmpuint (parlo_test_registrar_count (registrar, "authorized"), ==, 1);

  now = g_date_time_new_now_utc ();
  g_assert_nonnull (parlo_account_get_expires (account));
  until_expiry = g_date_time_difference (parlo_account_get_expires (account), now) / G_TIME_SPAN_SECOND;
  g_assert_cmpint (until_expiry, >, parlo_account_get_registration_interval (account) - 10);
  g_assert_cmpint (until_expiry, <=, parlo_account_get_registration_interval (account));

  /* With one registered account and none picked, calls go through it; without
   * it, through direct calls. */
  g_assert_true (parlo_account_store_get_default (phone->accounts) == account);
  parlo_account_set_enabled (account, FALSE);
  g_assert_true (parlo_account_store_get_default (phone->accounts) == parlo_account_store_get_direct (phone->accounts));
}

/* A wrong password fails in words after libre's one authenticated retry, and is
 * not tried again until the person changes it. */
static void
test_wrong_password (Fixture *fixture, gconstpointer data)
{
  ParloTestRegistrar *registrar = fixture->registrar;
  g_autoptr(ParloAccount) account = add_alice (fixture, "wrong");

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_FAILED);
  g_assert_cmpint (parlo_account_get_failure (account), ==, PARLO_REGISTRATION_FAILURE_CREDENTIALS);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Wrong user name or password (401 Unauthorized)");
  g_assert_cmpuint (parlo_test_registrar_count (registrar, "all"), ==, 2);

  /* Many retry delays later: still two REGISTERs, still failed. */
  parlo_test_run_for (4 * LONGEST_RETRY_MS);
  g_assert_cmpuint (parlo_test_registrar_count (registrar, "all"), ==, 2);
  g_assert_cmpint (state_of (account), ==, PARLO_REGISTRATION_FAILED);

  change_password (fixture->phone, account, PASSWORD);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpint (parlo_account_get_failure (account), ==, PARLO_REGISTRATION_FAILURE_NONE);
}

static void
count_unregistered (ParloAccount *account, GParamSpec *pspec, guint *drops)
{
  if (state_of (account) != PARLO_REGISTRATION_REGISTERED)
    (*drops)++;
}

/* The shortest registration interval is refreshed before it runs out (libre
 * refreshes at 90 % of it), and the account stays registered meanwhile. */
static void
test_refresh (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *phone = fixture->phone;
  ParloTestRegistrar *registrar = fixture->registrar;
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", fixture->port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(ParloAccount) account = NULL;
  g_autoptr(GDateTime) first_expiry = NULL;
  guint drops = 0;
  guint first;

  g_object_set (draft, "address", "alice@parlo.test", "server", server,
                "registration-interval", PARLO_ACCOUNT_MIN_INTERVAL, NULL);
  parlo_account_store_add_async (phone->accounts, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (phone->accounts, parlo_test_result_wait (&result), NULL);
  g_object_ref (account);

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  first = parlo_test_registrar_count (registrar, "authorized");
  first_expiry = g_date_time_ref (parlo_account_get_expires (account));
  g_signal_connect (account, "notify::registration-state", G_CALLBACK (count_unregistered), &drops);
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "authorized") >= first + 1);
  g_assert_cmpuint (drops, ==, 0);
  g_assert_cmpint (state_of (account), ==, PARLO_REGISTRATION_REGISTERED);
  /* The REGISTER's answer reaches the account a moment after the registrar counted it. */
  PARLO_TEST_WAIT_UNTIL (g_date_time_compare (parlo_account_get_expires (account), first_expiry) > 0);
  g_signal_handlers_disconnect_by_data (account, &drops);
}

/* Nothing listens: the account says the server cannot be reached, and registers
 * by itself once a registrar appears. */
static void
test_unreachable_then_appears (void)
{
  guint16 port = parlo_test_free_port ();
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  ParloTestPeer *phone = phone_new ("me", settings);
  g_autoptr(ParloAccount) account = add_account (phone, "alice@parlo.test", port, PARLO_TRANSPORT_TCP, PASSWORD);
  ParloTestRegistrar *registrar;

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_FAILED);
  g_assert_cmpint (parlo_account_get_failure (account), ==, PARLO_REGISTRATION_FAILURE_UNREACHABLE);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "The server cannot be reached (Connection refused)");

  registrar = parlo_test_registrar_start (port, "tcp", "alice", PASSWORD);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_registrar_count (registrar, "authorized"), >=, 1);

  parlo_test_peer_free (phone);
  parlo_test_registrar_stop (registrar);
}

/* A domain that does not resolve says so. */
static void
test_unknown_server_name (void)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  ParloTestPeer *phone = phone_new ("me", settings);
  g_autoptr(ParloAccount) account = add_account (phone, "alice@no-such-host.invalid", 0, PARLO_TRANSPORT_UDP,
                                                 PASSWORD);

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_FAILED);
  g_assert_cmpint (parlo_account_get_failure (account), ==, PARLO_REGISTRATION_FAILURE_DNS);
  g_assert_true (g_str_has_prefix (parlo_account_get_status (account), "The server name is unknown"));
  parlo_test_peer_free (phone);
}

/* Disabling, removing and quitting each unregister cleanly; removing also
 * deletes the password. */
static void
test_unregister (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *phone = fixture->phone;
  ParloTestRegistrar *registrar = fixture->registrar;
  g_autoptr(ParloAccount) account = add_alice (fixture, PASSWORD);
  g_autofree char *password = NULL;
  guint unregisters;

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_registrar_count (registrar, "unregister"), ==, 0);

  /* Each un-REGISTER is challenged too, so it arrives twice. */
  parlo_account_set_enabled (account, FALSE);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_DISABLED);
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "unregister") > 0);
  g_assert_cmpstr (parlo_account_get_status (account), ==, "Off");

  parlo_account_set_enabled (account, TRUE);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  unregisters = parlo_test_registrar_count (registrar, "unregister");
  parlo_account_store_remove (phone->accounts, account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (phone->accounts)), ==, 1);
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "unregister") > unregisters);
  password = parlo_test_password_of (phone->accounts, account);
  g_assert_null (password);

  g_clear_object (&account);
  account = add_alice (fixture, PASSWORD);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  unregisters = parlo_test_registrar_count (registrar, "unregister");
  g_clear_pointer (&fixture->phone, parlo_test_peer_free);
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "unregister") > unregisters);
}

/* A crashed engine comes back with the account, which registers again by itself. */
static void
test_engine_crash_re_registers (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *phone = fixture->phone;
  ParloTestRegistrar *registrar = fixture->registrar;
  g_autoptr(ParloAccount) account = add_alice (fixture, PASSWORD);
  ParloAccount *direct = parlo_account_store_get_direct (phone->accounts);
  guint registers;

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  registers = parlo_test_registrar_count (registrar, "authorized");

  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
  kill (parlo_engine_get_process_id (phone->engine), SIGKILL);
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERING);
  g_test_assert_expected_messages ();
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_registrar_count (registrar, "authorized"), >, registers);
  PARLO_TEST_WAIT_UNTIL (state_of (direct) == PARLO_REGISTRATION_READY);
}

/* Whether the file at path contains needle anywhere. */
static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* Every regular file below directory that contains needle, counting the files seen. */
static void
find_in_tree (const char *directory, const char *needle, GPtrArray *found, guint *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        find_in_tree (path, needle, found, n_files);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          (*n_files)++;
          if (file_contains (path, needle))
            g_ptr_array_add (found, g_steal_pointer (&path));
        }
    }
}

/* The password is in the keyring and in the engine's memory, nowhere else:
 * not in a file of the app, nor on the engine's command line or environment. */
static void
test_password_only_in_keyring (void)
{
  guint16 port = parlo_test_free_port ();
  ParloTestRegistrar *registrar = parlo_test_registrar_start (port, "udp", "alice", PASSWORD);
  g_autoptr(GSettings) settings = settings_in_file ("secrets");
  ParloTestPeer *phone = phone_new ("me", settings);
  g_autoptr(ParloAccount) account = add_account (phone, "alice@parlo.test", port, PARLO_TRANSPORT_UDP, PASSWORD);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) settings_files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *password = NULL;
  g_autofree char *engine_dir = g_build_filename (g_get_user_runtime_dir (), "parlo", NULL);
  const char *directories[] = {
    g_get_user_config_dir (), g_get_user_data_dir (), g_get_user_cache_dir (), engine_dir,
  };
  const char *proc_files[] = { "cmdline", "environ" };
  guint n_files = 0;

  /* It registered, so the engine had the password. */
  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  password = parlo_test_password_of (phone->accounts, account);
  g_assert_cmpstr (password, ==, PASSWORD);
  g_settings_sync ();

  for (guint i = 0; i < G_N_ELEMENTS (directories); i++)
    find_in_tree (directories[i], PASSWORD, found, &n_files);
  g_assert_cmpuint (found->len, ==, 0);
  /* The search saw the settings file and the engine's config. */
  for (guint i = 0; i < G_N_ELEMENTS (directories); i++)
    find_in_tree (directories[i], "alice@parlo.test", settings_files, &n_files);
  g_assert_cmpuint (settings_files->len, >=, 1);
  g_assert_cmpuint (n_files, >=, 2);

  for (guint i = 0; i < G_N_ELEMENTS (proc_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/%s", (int) parlo_engine_get_process_id (phone->engine),
                                               proc_files[i]);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_false (file_contains (path, PASSWORD));
    }

  parlo_test_peer_free (phone);
  parlo_test_registrar_stop (registrar);
}

/* Quitting unregisters; starting again finds the account, its settings and its
 * password, and registers it without being asked. */
static void
test_restart_restores_accounts (void)
{
  guint16 port = parlo_test_free_port ();
  ParloTestRegistrar *registrar = parlo_test_registrar_start (port, "tcp", "alice", PASSWORD);
  g_autoptr(GSettings) settings = settings_in_file ("restart");
  ParloTestPeer *phone = phone_new ("me", settings);
  g_autoptr(ParloAccount) account = add_account (phone, "alice@parlo.test", port, PARLO_TRANSPORT_TCP, PASSWORD);
  g_autoptr(GSettings) settings_again = NULL;
  g_autofree char *id = g_strdup (parlo_account_get_id (account));
  ParloAccount *restored;

  PARLO_TEST_WAIT_UNTIL (state_of (account) == PARLO_REGISTRATION_REGISTERED);
  parlo_test_peer_free (phone);
  g_clear_object (&settings);
  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "unregister") > 0);

  settings_again = settings_in_file ("restart");
  phone = phone_new ("me", settings_again);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (phone->accounts)), ==, 2);
  restored = parlo_account_store_find (phone->accounts, id);
  g_assert_nonnull (restored);
  g_assert_cmpstr (parlo_account_get_address (restored), ==, "alice@parlo.test");
  g_assert_cmpstr (parlo_account_get_display_name (restored), ==, "Alice Example");
  g_assert_cmpint (parlo_account_get_transport (restored), ==, PARLO_TRANSPORT_TCP);
  PARLO_TEST_WAIT_UNTIL (state_of (restored) == PARLO_REGISTRATION_REGISTERED);

  parlo_test_peer_free (phone);
  parlo_test_registrar_stop (registrar);
}

static void
on_dtmf (ParloCall *call, const char *key, GString *keys)
{
  g_string_append (keys, key);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

/* kamailio knowing alice and bob, and a phone for each, registered there. */
typedef struct {
  guint16            port;
  ParloTestKamailio *kamailio;
  GSettings         *alice_settings;
  GSettings         *bob_settings;
  ParloTestPeer     *alice;
  ParloTestPeer     *bob;
  ParloAccount      *alice_account;
  ParloAccount      *bob_account;
} KamailioPhones;

/* alice_settings NULL: settings in memory. */
static void
kamailio_phones_start (KamailioPhones *phones, GSettings *alice_settings)
{
  const char * const users[] = { "alice", PASSWORD, "bob", "bobs-secret", NULL };
  g_autofree char *alice_address = NULL;
  g_autofree char *bob_address = NULL;

  phones->port = parlo_test_free_port ();
  phones->kamailio = parlo_test_kamailio_start (phones->port, users);
  phones->alice_settings = alice_settings ? g_object_ref (alice_settings) : parlo_test_settings_new ();
  phones->bob_settings = parlo_test_settings_new ();
  phones->alice = phone_new ("alice", phones->alice_settings);
  phones->bob = phone_new ("bob", phones->bob_settings);
  alice_address = g_strdup_printf ("alice@127.0.0.1:%u", phones->port);
  bob_address = g_strdup_printf ("bob@127.0.0.1:%u", phones->port);
  phones->alice_account = add_account (phones->alice, alice_address, 0, PARLO_TRANSPORT_UDP, PASSWORD);
  phones->bob_account = add_account (phones->bob, bob_address, 0, PARLO_TRANSPORT_UDP, "bobs-secret");
  PARLO_TEST_WAIT_UNTIL (state_of (phones->alice_account) == PARLO_REGISTRATION_REGISTERED &&
                         state_of (phones->bob_account) == PARLO_REGISTRATION_REGISTERED);
}

static void
kamailio_phones_stop (KamailioPhones *phones)
{
  g_clear_object (&phones->alice_account);
  g_clear_object (&phones->bob_account);
  parlo_test_peer_free (phones->alice);
  parlo_test_peer_free (phones->bob);
  g_clear_object (&phones->alice_settings);
  g_clear_object (&phones->bob_settings);
  parlo_test_kamailio_stop (phones->kamailio);
}

/* Two phones register at kamailio and call each other through it: a bare name
 * is completed with the account's domain, the callee sees which account the
 * call came in on, DTMF gets across, hang-up ends both sides. */
static void
test_call_through_kamailio (void)
{
  KamailioPhones phones;
  ParloTestPeer *alice, *bob;
  g_autoptr(GSimpleActionGroup) alice_actions = g_simple_action_group_new ();
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(ParloCall) alice_call = NULL;
  g_autoptr(ParloCall) bob_call = NULL;

  kamailio_phones_start (&phones, NULL);
  alice = phones.alice;
  bob = phones.bob;
  /* Direct calls stay on, but a person would not pick them now. */
  parlo_account_store_set_default (alice->accounts, phones.alice_account);

  parlo_call_actions_add_to (alice->actions, G_ACTION_MAP (alice_actions));
  g_action_group_activate_action (G_ACTION_GROUP (alice_actions), "dial", g_variant_new_string ("bob"));
  PARLO_TEST_WAIT_UNTIL (n_calls (alice) == 1 && n_calls (bob) == 1);
  alice_call = parlo_test_peer_call (alice, 0);
  bob_call = parlo_test_peer_call (bob, 0);
  g_assert_cmpstr (parlo_call_get_account (alice_call), ==, parlo_account_get_aor (phones.alice_account));
  g_assert_true (g_str_has_prefix (parlo_call_get_peer_uri (alice_call), "sip:bob@127.0.0.1"));
  g_assert_cmpstr (parlo_call_get_account (bob_call), ==, parlo_account_get_aor (phones.bob_account));
  g_assert_true (g_str_has_prefix (parlo_call_get_peer_uri (bob_call), "sip:alice@127.0.0.1"));
  g_assert_cmpstr (parlo_call_get_peer_name (bob_call), ==, "Alice Example");

  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (bob_call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (bob, bob_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (alice_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (bob_call) == PARLO_CALL_STATE_ESTABLISHED);

  g_signal_connect (bob_call, "dtmf", G_CALLBACK (on_dtmf), keys);
  g_action_group_activate_action (G_ACTION_GROUP (alice_actions), "dtmf",
                                  g_variant_new ("(sss)", parlo_call_get_account (alice_call),
                                                 parlo_call_get_id (alice_call), "4#2"));
  PARLO_TEST_WAIT_UNTIL (keys->len == 3);
  g_assert_cmpstr (keys->str, ==, "4#2");

  parlo_test_peer_hangup (bob, bob_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (alice) == 0 && n_calls (bob) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (alice_call), ==, PARLO_CALL_END_HANGUP_REMOTE);
  g_assert_cmpint (parlo_call_get_end_reason (bob_call), ==, PARLO_CALL_END_HANGUP_LOCAL);

  kamailio_phones_stop (&phones);
}

/* How many REGISTERs kamailio stored with a Contact whose user is user. */
static guint
contacts_saved (ParloTestKamailio *kamailio, const char *user)
{
  g_autofree char *contact = g_strdup_printf ("Contact: <sip:%s@", user);

  return parlo_test_kamailio_log_count (kamailio, contact);
}

/* The Contact that registrars and peers see names neither the login nor the
 * engine's memory (baresip's own is "alice-0x55…"): it is the account's random
 * token, the same after a restart, and kamailio routes calls to it. */
static void
test_contact_user (void)
{
  g_autoptr(GSettings) alice_settings = settings_in_file ("contact-user");
  KamailioPhones phones;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *alice_uri = NULL;
  g_autoptr(GSimpleActionGroup) bob_actions = g_simple_action_group_new ();
  ParloAccount *restored;
  guint saved;

  kamailio_phones_start (&phones, alice_settings);
  id = g_strdup (parlo_account_get_id (phones.alice_account));
  token = g_strdup (parlo_account_get_contact_user (phones.alice_account));
  alice_uri = g_strdup_printf ("sip:alice@127.0.0.1:%u", phones.port);
  g_assert_cmpuint (strlen (token), ==, 16);
  g_assert_cmpstr (token, !=, parlo_account_get_contact_user (phones.bob_account));
  saved = contacts_saved (phones.kamailio, token);
  g_assert_cmpuint (saved, >, 0);
  g_assert_cmpuint (parlo_test_kamailio_log_count (phones.kamailio, "-0x"), ==, 0);
  g_assert_cmpuint (contacts_saved (phones.kamailio, "alice"), ==, 0);
  g_assert_cmpuint (contacts_saved (phones.kamailio, "bob"), ==, 0);

  /* Quit and start again: the same Contact is registered. */
  g_clear_object (&phones.alice_account);
  parlo_test_peer_free (phones.alice);
  phones.alice = phone_new ("alice", alice_settings);
  restored = parlo_account_store_find (phones.alice->accounts, id);
  g_assert_nonnull (restored);
  g_assert_cmpstr (parlo_account_get_contact_user (restored), ==, token);
  PARLO_TEST_WAIT_UNTIL (state_of (restored) == PARLO_REGISTRATION_REGISTERED &&
                         contacts_saved (phones.kamailio, token) > saved);

  /* bob calls alice's address: kamailio finds her by the token, and she rings. */
  parlo_account_store_set_default (phones.bob->accounts, phones.bob_account);
  parlo_call_actions_add_to (phones.bob->actions, G_ACTION_MAP (bob_actions));
  g_action_group_activate_action (G_ACTION_GROUP (bob_actions), "dial", g_variant_new_string (alice_uri));
  PARLO_TEST_WAIT_UNTIL (n_calls (phones.alice) == 1);
  {
    g_autoptr(ParloCall) call = parlo_test_peer_call (phones.alice, 0);

    PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
    g_assert_cmpstr (parlo_call_get_account (call), ==, parlo_account_get_aor (restored));
    parlo_test_peer_hangup (phones.alice, call, 0);
  }
  PARLO_TEST_WAIT_UNTIL (n_calls (phones.alice) == 0 && n_calls (phones.bob) == 0);

  kamailio_phones_stop (&phones);
}

/* kamailio with a TLS listener as well: one phone registers over UDP, one over
 * TLS, and kamailio saw each REGISTER come in the way it was sent. */
static void
test_kamailio_udp_and_tls (void)
{
  g_autoptr(ParloTestCerts) certs = parlo_test_certs_new ();
  /* The engine checks the certificate: it must be for the address reached. */
  const ParloTestCert *cert = parlo_test_certs_issue (certs, PARLO_TEST_CERT_VALID, "127.0.0.1");
  const char * const users[] = { "alice", PASSWORD, "bob", "bobs-secret", NULL };
  ParloTestKamailioOptions options = {
    .port = parlo_test_free_port (), .users = users,
    .tls_cert_file = cert->cert_file, .tls_key_file = cert->key_file,
  };
  ParloTestKamailio *kamailio = NULL;
  g_autoptr(GSettings) alice_settings = parlo_test_settings_new ();
  g_autoptr(GSettings) bob_settings = parlo_test_settings_new ();
  ParloTestPeer *alice, *bob;
  g_autofree char *alice_address = NULL;
  g_autofree char *bob_address = NULL;
  g_autoptr(ParloAccount) alice_account = NULL;
  g_autoptr(ParloAccount) bob_account = NULL;

  /* free_port keeps the next TCP port free too. */
  options.tls_port = options.port + 1;
  kamailio = parlo_test_kamailio_start_with (&options);
  /* before the engines start: they trust the test CA as the system's */
  parlo_test_certs_trust (certs);
  alice = phone_new ("alice", alice_settings);
  bob = phone_new ("bob", bob_settings);
  alice_address = g_strdup_printf ("alice@127.0.0.1:%u", options.port);
  bob_address = g_strdup_printf ("bob@127.0.0.1:%u", options.port);
  alice_account = add_account (alice, alice_address, options.port, PARLO_TRANSPORT_UDP, PASSWORD);
  bob_account = add_account (bob, bob_address, options.tls_port, PARLO_TRANSPORT_TLS, "bobs-secret");

  PARLO_TEST_WAIT_UNTIL (state_of (alice_account) == PARLO_REGISTRATION_REGISTERED &&
                         state_of (bob_account) == PARLO_REGISTRATION_REGISTERED);
  g_assert_cmpuint (parlo_test_kamailio_count (kamailio, "REGISTER", "udp"), >=, 2);
  g_assert_cmpuint (parlo_test_kamailio_count (kamailio, "REGISTER", "tls"), >=, 2);
  g_assert_cmpuint (parlo_test_kamailio_tls_connections (kamailio), ==, 1);
  parlo_test_certs_untrust ();

  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  parlo_test_kamailio_stop (kamailio);
}

int
main (int argc, char *argv[])
{
  static const struct { const char *variable, *name; } app_dirs[] = {
    { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_RUNTIME_DIR", "run" },
  };
  int result;

  app_home = g_dir_make_tmp ("parlo-registration-XXXXXX", NULL);
  /* The app's own directories, searched for the password afterwards. */
  for (guint i = 0; i < G_N_ELEMENTS (app_dirs); i++)
    {
      g_autofree char *path = g_build_filename (app_home, app_dirs[i].name, NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (app_dirs[i].variable, path, TRUE);
    }

  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/registration/right-password", test_right_password);
  ADD ("/registration/wrong-password", test_wrong_password);
  ADD ("/registration/refresh", test_refresh);
  g_test_add_func ("/registration/unreachable-then-appears", test_unreachable_then_appears);
  g_test_add_func ("/registration/unknown-server-name", test_unknown_server_name);
  ADD ("/registration/unregister", test_unregister);
  ADD ("/registration/engine-crash-re-registers", test_engine_crash_re_registers);
  g_test_add_func ("/registration/password-only-in-keyring", test_password_only_in_keyring);
  g_test_add_func ("/registration/restart-restores-accounts", test_restart_restores_accounts);
  g_test_add_func ("/registration/call-through-kamailio", test_call_through_kamailio);
  g_test_add_func ("/registration/kamailio-udp-and-tls", test_kamailio_udp_and_tls);
  g_test_add_func ("/registration/contact-user", test_contact_user);
  result = parlo_test_run ();

  parlo_test_remove_tree (app_home);
  g_free (app_home);
  return result;
}
