/* Garbage on the bridge socket: a real baresip with our module is fed malformed,
 * over-long, split and random lines. Every bad line is answered with an error in
 * words, and the engine keeps answering afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/socket.h>

#include "parlo-test.h"

typedef struct {
  GSubprocess *process;
  GSocket     *socket;
  GString     *pending;
  char        *directory;
} Bridge;

static Bridge *
bridge_start (void)
{
  Bridge *bridge = g_new0 (Bridge, 1);
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (parlo_test_free_port ());
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  bridge->directory = g_dir_make_tmp ("parlo-bridge-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (parlo_engine_config_write (config, bridge->directory, &error));
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "PARLO_BRIDGE_FD", "3", TRUE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
#ifdef PARLO_SANITIZER_RUNTIME
  /* The module is sanitized too; its report goes to this test's stderr. */
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", PARLO_SANITIZER_RUNTIME, TRUE);
#endif
  bridge->process = g_subprocess_launcher_spawn (launcher, &error, "baresip", "-f", bridge->directory, NULL);
  g_assert_no_error (error);

  bridge->socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  g_socket_set_timeout (bridge->socket, PARLO_TEST_TIMEOUT_SECONDS);
  bridge->pending = g_string_new (NULL);
  return bridge;
}

static void
bridge_stop (Bridge *bridge)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", bridge->directory);

  g_socket_close (bridge->socket, NULL);
  g_subprocess_wait (bridge->process, NULL, NULL);
  /* Closing the socket is how Parlo asks the engine to quit: it exits cleanly. */
  g_assert_true (g_subprocess_get_if_exited (bridge->process));
  g_assert_cmpint (g_subprocess_get_exit_status (bridge->process), ==, 0);
  g_object_unref (bridge->process);
  g_object_unref (bridge->socket);
  g_string_free (bridge->pending, TRUE);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (bridge->directory);
  g_free (bridge);
}

static void
bridge_send (Bridge *bridge, const char *data, gsize length)
{
  g_autoptr(GError) error = NULL;
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = g_socket_send (bridge->socket, data + sent, length - sent, NULL, &error);

      g_assert_no_error (error);
      sent += n;
    }
}

/* The next response line from the engine, parsed; events are skipped. */
static ParloResponse *
bridge_next_response (Bridge *bridge)
{
  for (;;)
    {
      char *newline = strchr (bridge->pending->str, '\n');
      char buffer[4096];
      g_autoptr(GError) error = NULL;
      gssize n;

      if (newline != NULL)
        {
          g_autofree char *line = g_strndup (bridge->pending->str, newline - bridge->pending->str);
          g_autoptr(ParloEvent) event = NULL;
          ParloResponse *response = NULL;

          g_string_erase (bridge->pending, 0, newline - bridge->pending->str + 1);
          g_assert_true (parlo_protocol_decode (line, strlen (line), &event, &response, &error));
          g_assert_no_error (error);
          if (response != NULL)
            return response;
          continue;
        }
      n = g_socket_receive (bridge->socket, buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (bridge->pending, buffer, n);
    }
}

static void
assert_error_response (Bridge *bridge, const char *line, gint64 id, const char *says)
{
  g_autoptr(ParloResponse) response = NULL;

  bridge_send (bridge, line, strlen (line));
  response = bridge_next_response (bridge);
  g_test_message ("%.80s → %s", line, response->error);
  g_assert_false (response->ok);
  g_assert_cmpint (response->id, ==, id);
  g_assert_nonnull (strstr (response->error, says));
}

static void
assert_still_answering (Bridge *bridge)
{
  g_autoptr(ParloResponse) response = NULL;
  const char *status = "{\"id\":999,\"command\":\"engine.status\"}\n";

  bridge_send (bridge, status, strlen (status));
  /* Answers to earlier lines may still be queued ahead of this one. */
  do
    {
      g_clear_pointer (&response, parlo_response_free);
      response = bridge_next_response (bridge);
    }
  while (response->id != 999);
  g_assert_true (response->ok);
  g_assert_true (json_object_has_member (response->body, "accounts"));
}

static void
test_malformed_lines (void)
{
  Bridge *bridge = bridge_start ();

  assert_error_response (bridge, "not json\n", 0, "JSON");
  assert_error_response (bridge, "[1,2,3]\n", 0, "object");
  assert_error_response (bridge, "{\"command\":\"engine.status\"}\n", 0, "id");
  assert_error_response (bridge, "{\"id\":1}\n", 1, "command");
  assert_error_response (bridge, "{\"id\":2,\"command\":\"call.fly\"}\n", 2, "call.fly");
  assert_error_response (bridge, "{\"id\":3,\"command\":\"call.answer\"}\n", 3, "call");
  assert_error_response (bridge, "{\"id\":4,\"command\":\"call.answer\",\"call\":\"x\"}\n", 4, "x");
  assert_error_response (bridge, "{\"id\":5,\"command\":\"call.answer\",\"call\":42}\n", 5, "call");
  assert_error_response (bridge, "{\"id\":6,\"command\":\"call.dtmf\",\"call\":\"x\",\"digits\":\"1\"}\n", 6, "x");
  assert_error_response (bridge, "{\"id\":7,\"command\":\"account.add\",\"aor\":\"sip:a@127.0.0.1\\r\\nVia: x\"}\n", 7, "aor");
  assert_error_response (bridge, "{\"id\":8,\"command\":\"account.add\",\"aor\":\"mailto:a@b\"}\n", 8, "aor");
  assert_error_response (bridge, "{\"id\":9,\"command\":\"account.remove\",\"aor\":\"sip:nobody@h\"}\n", 9, "sip:nobody@h");
  assert_error_response (bridge, "{\"id\":10,\"command\":\"call.hangup\",\"call\":\"x\",\"code\":99}\n", 10, "x");
  assert_error_response (bridge, "{\"id\":11,\"command\":\"call.dial\",\"account\":\"sip:a@h\"}\n", 11, "no account");
  assert_still_answering (bridge);
  bridge_stop (bridge);
}

static void
test_over_long_line (void)
{
  Bridge *bridge = bridge_start ();
  g_autoptr(GString) line = g_string_new ("{\"id\":12,\"command\":\"engine.status\",\"pad\":\"");

  while (line->len < 100 * 1024)
    g_string_append (line, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (line, "\"}\n");
  assert_error_response (bridge, line->str, 0, "long");
  assert_still_answering (bridge);
  bridge_stop (bridge);
}

static void
test_split_and_binary (void)
{
  Bridge *bridge = bridge_start ();
  const char first[] = "{\"id\":13,\"comm";
  const char second[] = "and\":\"engine.status\"}\n";
  const char binary[] = "\x00\x01\xff\xfe{\"id\":\x00}\n";
  g_autoptr(ParloResponse) response = NULL;

  /* One command arriving in two pieces is still one command. */
  bridge_send (bridge, first, strlen (first));
  g_usleep (100 * 1000);
  bridge_send (bridge, second, strlen (second));
  response = bridge_next_response (bridge);
  g_assert_cmpint (response->id, ==, 13);
  g_assert_true (response->ok);

  bridge_send (bridge, binary, sizeof binary - 1);
  g_clear_pointer (&response, parlo_response_free);
  response = bridge_next_response (bridge);
  g_assert_false (response->ok);
  assert_still_answering (bridge);
  bridge_stop (bridge);
}

static void
test_random_lines (void)
{
  Bridge *bridge = bridge_start ();
  static const char alphabet[] = "{}[]\":,0123456789abcdefidcommandcalltruefalsenull \\\t.-";
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int i = 0; i < 500; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      int length = g_rand_int_range (rand, 1, 200);

      for (int j = 0; j < length; j++)
        g_string_append_c (line, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
      g_string_append_c (line, '\n');
      bridge_send (bridge, line->str, line->len);
    }
  assert_still_answering (bridge);
  bridge_stop (bridge);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_ISOLATE_DIRS);
  g_test_add_func ("/bridge-garbage/malformed-lines", test_malformed_lines);
  g_test_add_func ("/bridge-garbage/over-long-line", test_over_long_line);
  g_test_add_func ("/bridge-garbage/split-and-binary", test_split_and_binary);
  g_test_add_func ("/bridge-garbage/random-lines", test_random_lines);
  result = parlo_test_run ();
  return result;
}
