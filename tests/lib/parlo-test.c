/* parlo-test.c — real peers for the tests: PulseAudio, baresip engines, free ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "model/parlo-history-recorder.h"
#include "session/parlo-local-account.h"
#include "parlo-test.h"

#define TEST_SINK "parlo_test"

int
parlo_test_slowdown (void)
{
  static int slowdown;

  if (slowdown == 0)
    {
      const char *multiplier = g_getenv ("PARLO_TEST_TIMEOUT_MULTIPLIER");

      slowdown = CLAMP (multiplier ? atoi (multiplier) : 1, 1, 10);
    }
  return slowdown;
}

/* A GSubprocessLauncher child setup: a test that aborts must not leave a server
 * behind. The signal comes when the spawning thread ends, so start servers from
 * the main thread. */
void
parlo_test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

struct _ParloTestPulse
{
  GSubprocess *daemon;
  char        *directory;
};

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

void
parlo_test_iterate (void)
{
  GSource *timeout = g_timeout_source_new (10);

  g_source_set_callback (timeout, wake_up, NULL, NULL);
  g_source_attach (timeout, NULL);
  g_main_context_iteration (NULL, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

void
parlo_test_run_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    parlo_test_iterate ();
}

ParloTestPulse *
parlo_test_pulse_start (void)
{
  ParloTestPulse *pulse = g_new0 (ParloTestPulse, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *native = NULL;
  g_autofree char *server = NULL;

  pulse->directory = g_dir_make_tmp ("parlo-pulse-XXXXXX", &error);
  g_assert_no_error (error);
  socket_path = g_build_filename (pulse->directory, "native", NULL);
  native = g_strdup_printf ("module-native-protocol-unix socket=%s auth-anonymous=1", socket_path);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  /* The daemon keeps its state and cookie in its own directory. */
  g_subprocess_launcher_setenv (launcher, "HOME", pulse->directory, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", pulse->directory, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", pulse->directory, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", pulse->directory, TRUE);
  pulse->daemon = g_subprocess_launcher_spawn (launcher, &error,
                                               "pulseaudio", "-n", "--daemonize=no",
                                               "--exit-idle-time=-1", "--disallow-exit",
                                               "--use-pid-file=no",
                                               "--load", native,
                                               "--load", "module-null-sink sink_name=" TEST_SINK,
                                               NULL);
  g_assert_no_error (error);

  PARLO_TEST_WAIT_UNTIL (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  server = g_strdup_printf ("unix:%s", socket_path);
  g_setenv ("PULSE_SERVER", server, TRUE);
  return pulse;
}

void
parlo_test_pulse_stop (ParloTestPulse *pulse)
{
  if (pulse == NULL)
    return;
  g_subprocess_send_signal (pulse->daemon, SIGTERM);
  g_subprocess_wait (pulse->daemon, NULL, NULL);
  g_object_unref (pulse->daemon);
  parlo_test_remove_tree (pulse->directory);
  g_free (pulse->directory);
  g_free (pulse);
}

char *
parlo_test_pactl (const char *arguments)
{
  g_autofree char *command = g_strconcat ("pactl ", arguments, NULL);
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status;

  g_spawn_command_line_sync (command, &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_strstrip (output);
}

struct _ParloTestKeyring
{
  GSubprocess *bus;
  GSubprocess *daemon;
  char        *directory;
};

void
parlo_test_remove_tree (const char *directory)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", directory);

  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

/* The default collection exists (gnome-keyring creates "login" on --unlock). */
static gboolean
keyring_is_ready (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  const char *path = "/";

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(&o)", &path);
  return !g_str_equal (path, "/");
}

ParloTestKeyring *
parlo_test_keyring_start (void)
{
  ParloTestKeyring *keyring = g_new0 (ParloTestKeyring, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) bus_output = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *runtime_dir = NULL;

  keyring->directory = g_dir_make_tmp ("parlo-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (keyring->directory, "data", NULL);
  runtime_dir = g_build_filename (keyring->directory, "run", NULL);
  g_mkdir_with_parents (data_dir, 0700);
  g_mkdir_with_parents (runtime_dir, 0700);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  keyring->bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session", "--nofork",
                                              "--print-address=1", NULL);
  g_assert_no_error (error);
  bus_output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring->bus));
  address = g_data_input_stream_read_line_utf8 (bus_output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  g_clear_object (&launcher);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  /* Its keyrings and control socket stay in the test's own directory. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  keyring->daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                                 "--components=secrets", "--unlock", NULL);
  g_assert_no_error (error);
  /* --unlock reads the login keyring's password from stdin, up to its end. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring->daemon), "parlo-test", 10,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring->daemon), NULL, &error);
  g_assert_no_error (error);

  bus = g_dbus_connection_new_for_address_sync (address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (keyring_is_ready (bus));
  return keyring;
}

void
parlo_test_keyring_stop (ParloTestKeyring *keyring)
{
  if (keyring == NULL)
    return;
  g_subprocess_force_exit (keyring->daemon);
  g_subprocess_wait (keyring->daemon, NULL, NULL);
  g_subprocess_force_exit (keyring->bus);
  g_subprocess_wait (keyring->bus, NULL, NULL);
  g_object_unref (keyring->daemon);
  g_object_unref (keyring->bus);
  parlo_test_remove_tree (keyring->directory);
  g_free (keyring->directory);
  g_free (keyring);
}

static gboolean
port_is_free (int type, guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, type, 0);
  gboolean free_port = bind (fd, (struct sockaddr *) &address, sizeof address) == 0;

  close (fd);
  return free_port;
}

/* A socket belongs to the namespace of the thread that makes it, and keeps it:
 * this thread goes there for the moment it takes. */
GSocket *
parlo_test_socket_new_in (const char *netns, GSocketType type)
{
  GSocketProtocol protocol = type == G_SOCKET_TYPE_DATAGRAM ? G_SOCKET_PROTOCOL_UDP : G_SOCKET_PROTOCOL_TCP;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  int here, there;

  if (netns == NULL)
    {
      socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, protocol, &error);
      g_assert_no_error (error);
      return socket;
    }
  path = g_build_filename ("/run/netns", netns, NULL);
  here = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  there = open (path, O_RDONLY | O_CLOEXEC);
  if (here < 0 || there < 0 || setns (there, CLONE_NEWNET) != 0)
    g_error ("Cannot enter the network namespace %s: %s", netns, g_strerror (errno));
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, protocol, &error);
  if (setns (here, CLONE_NEWNET) != 0)
    g_error ("Cannot return from the network namespace %s: %s", netns, g_strerror (errno));
  close (here);
  close (there);
  g_assert_no_error (error);
  return socket;
}

guint16
parlo_test_free_port (void)
{
  /* Spread over a range so that test programs running side by side rarely meet. */
  static guint16 next = 0;

  if (next == 0)
    next = 20000 + (getpid () % 2000) * 10;
  for (int tries = 0; tries < 2000; tries++, next += 2)
    {
      guint16 port = next;

      if (port_is_free (SOCK_DGRAM, port) && port_is_free (SOCK_STREAM, port) &&
          port_is_free (SOCK_STREAM, port + 1))
        {
          next += 2;
          return port;
        }
    }
  g_error ("No free SIP port");
}

ParloEngineConfig *
parlo_test_engine_config (guint16 port)
{
  ParloEngineConfig *config = parlo_engine_config_new ();
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);

  parlo_engine_config_set_listen_address (config, listen);
  parlo_engine_config_set_audio_device (config, "player", TEST_SINK);
  parlo_engine_config_set_audio_device (config, "alert", TEST_SINK);
  parlo_engine_config_set_audio_device (config, "source", TEST_SINK ".monitor");
  return config;
}

void
parlo_test_result_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloTestResult *collector = user_data;

  collector->result = g_object_ref (result);
}

GAsyncResult *
parlo_test_result_wait (ParloTestResult *collector)
{
  PARLO_TEST_WAIT_UNTIL (collector->result != NULL);
  return collector->result;
}

void
parlo_test_result_clear (ParloTestResult *collector)
{
  g_clear_object (&collector->result);
}

void
parlo_test_command_succeeds (ParloEngine *engine, ParloTestResult *result)
{
  g_autoptr(GError) error = NULL;

  parlo_engine_command_finish (engine, parlo_test_result_wait (result), &error);
  g_assert_no_error (error);
}

char *
parlo_test_password_of (ParloAccountStore *accounts, ParloAccount *account)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  char *password;

  parlo_account_store_lookup_password_async (accounts, account, NULL, parlo_test_result_ready, &result);
  password = parlo_account_store_lookup_password_finish (accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return password;
}

JsonObject *
parlo_test_request (ParloEngine *engine, const char *command, JsonObject *arguments, GError **error)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_request_async (engine, command, arguments, NULL, parlo_test_result_ready, &result);
  return parlo_engine_request_finish (engine, parlo_test_result_wait (&result), error);
}

JsonObject *
parlo_test_engine_account_status (ParloEngine *engine, const char *aor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = parlo_test_request (engine, "engine.status", NULL, &error);
  JsonArray *accounts;

  g_assert_no_error (error);
  accounts = json_object_get_array_member (status, "accounts");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_strcmp0 (json_object_get_string_member (account, "aor"), aor) == 0)
        return json_object_ref (account);
    }
  return NULL;
}

ParloTestPeer *
parlo_test_peer_new (const char *user)
{
  return parlo_test_peer_new_named (user, NULL);
}

GSettings *
parlo_test_settings_new (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend ("io.github.parlo.Parlo", backend);
}

/* display_name is what the peers it calls see as its name. */
ParloTestPeer *
parlo_test_peer_new_named (const char *user, const char *display_name)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();

  return parlo_test_peer_new_full (user, display_name, settings);
}

static void
remember_ended (GListStore *ended, ParloCall *call)
{
  g_list_store_insert (ended, 0, call);
}

/* display_name (NULL: none) is the direct account's before the engine gets
 * the account. */
static ParloTestPeer *
peer_new (const char *direct_aor, const char *display_name, ParloEngineConfig *config, GSettings *settings)
{
  ParloTestPeer *peer = g_new0 (ParloTestPeer, 1);
  g_autoptr(GError) error = NULL;
  ParloAccount *direct;

  peer->engine = parlo_engine_new (config);
  peer->aor = g_strdup (direct_aor);
  peer->accounts = parlo_account_store_new (settings, peer->aor);
  direct = parlo_account_store_get_direct (peer->accounts);
  if (display_name != NULL)
    g_object_set (direct, "display-name", display_name, NULL);
  peer->calls = parlo_call_model_new ();
  peer->call_sync = parlo_call_sync_new (peer->engine, peer->calls);
  peer->ended = g_list_store_new (PARLO_TYPE_CALL);
  g_signal_connect_swapped (peer->calls, "call-ended", G_CALLBACK (remember_ended), peer->ended);
  peer->actions = parlo_call_actions_new (peer->engine, peer->calls, peer->accounts);

  parlo_engine_start (peer->engine, &error);
  g_assert_no_error (error);
  peer->sync = parlo_account_sync_new (peer->engine, peer->accounts);
  if (parlo_account_get_enabled (direct))
    PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (direct) == PARLO_REGISTRATION_READY);
  return peer;
}

/* settings are where its account store keeps its accounts. */
ParloTestPeer *
parlo_test_peer_new_full (const char *user, const char *display_name, GSettings *settings)
{
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (port);
  g_autofree char *aor = g_strdup_printf ("sip:%s@127.0.0.1:%u", user, port);
  ParloTestPeer *peer = peer_new (aor, display_name, config, settings);

  peer->port = port;
  return peer;
}

/* The direct account does not encrypt; this one is told to, by hand, as
 * account sync tells a server account. */
static void
add_encrypting_account (ParloTestPeer *peer, const char *mediaenc)
{
  g_autoptr(ParloEngineAccount) account = parlo_local_account_new (peer->aor);
  g_auto(ParloTestResult) result = { NULL };

  account->mediaenc = g_strdup (mediaenc);
  parlo_engine_add_account_async (peer->engine, account, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

/* mediaenc NULL: the app's direct account; else an account of that media
 * encryption ("srtp", "srtp-mand", "dtls_srtp") at the same address. */
ParloTestPeer *
parlo_test_peer_new_with (const char *user, const char *display_name, GSettings *settings,
                          const char *mediaenc)
{
  guint16 port;
  g_autoptr(ParloEngineConfig) config = NULL;
  g_autofree char *aor = NULL;
  ParloTestPeer *peer;

  if (mediaenc == NULL)
    return parlo_test_peer_new_full (user, display_name, settings);

  port = parlo_test_free_port ();
  config = parlo_test_engine_config (port);
  aor = g_strdup_printf ("sip:%s@127.0.0.1:%u", user, port);
  g_settings_set_boolean (settings, "direct-calls", FALSE);
  peer = peer_new (aor, display_name, config, settings);
  peer->port = port;
  add_encrypting_account (peer, mediaenc);
  return peer;
}

ParloTestPeer *
parlo_test_peer_new_with_config (const char *direct_aor, ParloEngineConfig *config, GSettings *settings)
{
  return peer_new (direct_aor, NULL, config, settings);
}

ParloAccount *
parlo_test_peer_add_account (ParloTestPeer *peer, const ParloTestAccountOptions *options)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", options->address, "server", options->server != NULL ? options->server : "",
                "transport", options->transport, "media-encryption", options->media_encryption,
                "stun-server", options->stun_server != NULL ? options->stun_server : "",
                "ice", options->ice, NULL);
  if (options->audio_codecs != NULL)
    g_object_set (draft, "audio-codecs", options->audio_codecs, NULL);
  parlo_account_store_add_async (peer->accounts, draft, options->password, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  return g_object_ref (account);
}

void
parlo_test_peer_free (ParloTestPeer *peer)
{
  if (peer == NULL)
    return;
  parlo_engine_stop (peer->engine);
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (peer->engine) == PARLO_ENGINE_STATE_STOPPED);
  g_signal_handlers_disconnect_by_data (peer->calls, peer->ended);
  g_object_unref (peer->ended);
  g_object_unref (peer->actions);
  g_object_unref (peer->calls);
  g_object_unref (peer->sync);
  g_object_unref (peer->call_sync);
  g_object_unref (peer->accounts);
  g_object_unref (peer->engine);
  g_free (peer->aor);
  g_free (peer);
}

/* role is "source", "player" or "alert"; waits until the engine took it. */
void
parlo_test_peer_use_device (ParloTestPeer *peer, const char *role, const char *device)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_set_audio_device_async (peer->engine, role, device, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

ParloCall *
parlo_test_peer_find_call (ParloTestPeer *peer, const char *call_id)
{
  return parlo_test_peer_find_account_call (peer, peer->aor, call_id);
}

ParloCall *
parlo_test_peer_find_account_call (ParloTestPeer *peer, const char *aor, const char *call_id)
{
  GListModel *ended = G_LIST_MODEL (peer->ended);
  ParloCall *call = parlo_call_model_find (peer->calls, aor, call_id);

  if (call != NULL)
    return g_object_ref (call);
  for (guint i = 0; i < g_list_model_get_n_items (ended); i++)
    {
      call = g_list_model_get_item (ended, i);
      if (g_str_equal (parlo_call_get_id (call), call_id))
        return call;
      g_object_unref (call);
    }
  g_error ("The peer has no call %s", call_id);
}

ParloCall *
parlo_test_peer_call (ParloTestPeer *peer, guint position)
{
  ParloCall *call = g_list_model_get_item (G_LIST_MODEL (peer->calls), position);

  g_assert_nonnull (call);
  return call;
}

char *
parlo_test_peer_dial (ParloTestPeer *from, ParloTestPeer *to)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  char *call_id;

  parlo_engine_dial_async (from->engine, from->aor, to->aor, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (from->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (call_id);
  return call_id;
}

void
parlo_test_peer_answer (ParloTestPeer *peer, ParloCall *call)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_answer_async (peer->engine, parlo_call_get_account (call), parlo_call_get_id (call),
                             NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

void
parlo_test_peer_hangup (ParloTestPeer *peer, ParloCall *call, guint code)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_hangup_async (peer->engine, parlo_call_get_account (call), parlo_call_get_id (call),
                             code, NULL, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

static void
feed_event (ParloCallSync *sync, const char *type, const char *direction, const char *call_id,
            const char *peer_uri, const char *peer_name, const char *extra)
{
  g_autofree char *name = peer_name ? g_strdup_printf (",\"peerdisplayname\":\"%s\"", peer_name) : g_strdup ("");
  g_autofree char *line = g_strdup_printf ("{\"event\":true,\"type\":\"%s\",\"class\":\"call\","
                                           "\"accountaor\":\"sip:me@127.0.0.1\",\"direction\":\"%s\","
                                           "\"peeruri\":\"%s\",\"id\":\"%s\"%s%s}",
                                           type, direction, peer_uri, call_id, name, extra);
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlo_protocol_decode (line, strlen (line), &event, &response, &error));
  g_assert_no_error (error);
  parlo_call_sync_apply_event (sync, event);
}

/* Moves the record back in time, through a connection of its own. */
static void
move_back (sqlite3 *db, gint64 id, guint days_ago, guint seconds)
{
  const gint64 second = G_USEC_PER_SEC;
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE calls SET started = started - ?1 - ?2 - ?3,"
                                           " answered = answered - ?1 - ?2, ended = ended - ?1,"
                                           " updated = updated - ?1 WHERE id = ?4",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (statement, 1, days_ago * 24 * 3600 * second);
  sqlite3_bind_int64 (statement, 2, seconds * second);
  /* A few seconds of ringing before it was answered. */
  sqlite3_bind_int64 (statement, 3, 5 * second);
  sqlite3_bind_int64 (statement, 4, id);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (statement);
}

gint64
parlo_test_record_call (ParloHistory *history, ParloTestOutcome outcome, const char *peer_uri,
                        const char *peer_name)
{
  static guint calls_made;
  g_autofree char *call_id = g_strdup_printf ("recorded-%u", ++calls_made);
  g_autoptr(ParloCallModel) calls = parlo_call_model_new ();
  g_autoptr(ParloCallSync) sync = parlo_call_sync_new (NULL, calls);
  G_GNUC_UNUSED g_autoptr(ParloHistoryRecorder) recorder = parlo_history_recorder_new (history, calls);
  g_autoptr(GPtrArray) newest = NULL;
  gboolean incoming = outcome == PARLO_TEST_MISSED || outcome == PARLO_TEST_ANSWERED_IN;
  const char *direction = incoming ? "incoming" : "outgoing";

  feed_event (sync, incoming ? "CALL_INCOMING" : "CALL_RINGING", direction, call_id, peer_uri, peer_name, "");
  switch (outcome)
    {
    case PARLO_TEST_MISSED:
      feed_event (sync, "CALL_CLOSED", direction, call_id, peer_uri, peer_name,
                  ",\"param\":\"Request Terminated\",\"scode\":0,\"local\":false");
      break;
    case PARLO_TEST_ANSWERED_IN:
    case PARLO_TEST_ANSWERED_OUT:
      feed_event (sync, "CALL_ESTABLISHED", direction, call_id, peer_uri, peer_name, "");
      feed_event (sync, "CALL_CLOSED", direction, call_id, peer_uri, peer_name,
                  incoming ? ",\"param\":\"Connection reset by peer\",\"scode\":0,\"local\":false"
                           : ",\"param\":\"Connection reset by user\",\"scode\":0,\"local\":true");
      break;
    case PARLO_TEST_BUSY:
      feed_event (sync, "CALL_CLOSED", direction, call_id, peer_uri, peer_name,
                  ",\"param\":\"486 Busy Here\",\"scode\":486,\"local\":false");
      break;
    case PARLO_TEST_UNAVAILABLE:
      feed_event (sync, "CALL_CLOSED", direction, call_id, peer_uri, peer_name,
                  ",\"param\":\"503 Service Unavailable\",\"scode\":503,\"local\":false");
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 0);

  newest = parlo_history_fetch (history, NULL, FALSE, 0, 1);
  g_assert_cmpuint (newest->len, ==, 1);
  return parlo_history_entry_get_id (g_ptr_array_index (newest, 0));
}

void
parlo_test_record_calls (const char *path, const ParloTestCall *calls, guint n_calls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloHistory) history = parlo_history_open (path, &error);
  g_autofree gint64 *ids = g_new (gint64, n_calls);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < n_calls; i++)
    ids[i] = parlo_test_record_call (history, calls[i].outcome, calls[i].peer_uri, calls[i].peer_name);
  g_clear_object (&history);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint i = 0; i < n_calls; i++)
    if (calls[i].days_ago > 0 || calls[i].seconds > 0)
      move_back (db, ids[i], calls[i].days_ago, calls[i].seconds);
  sqlite3_close (db);
}
