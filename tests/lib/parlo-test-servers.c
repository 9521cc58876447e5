/* parlo-test-servers.c — real SIP servers for the tests: a sipp registrar, kamailio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "parlo-test.h"
#include "parlo-test-servers.h"

#ifndef PARLO_TEST_DATA_DIR
#error "tests/meson.build defines PARLO_TEST_DATA_DIR as the tests' data directory"
#endif

#define STOP_TIMEOUT_SECONDS 5
/* How sipp's -trace_msg file starts every message. */
#define SIPP_SEPARATOR "----------------------------------------------- "

/* One server process, and where its output goes. */
typedef struct {
  GSubprocess *process;
  const char  *name;
  char        *log;
  gboolean     exited;
} Server;

struct _ParloTestRegistrar
{
  Server  server;
  char   *directory;
  char   *messages;    /* sipp's -message_file */
};

struct _ParloTestFarEnd
{
  Server  server;
  char   *directory;
};

struct _ParloTestKamailio
{
  Server  server;
  char   *directory;
};

static void
server_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Server *server = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  server->exited = TRUE;
}

/* Runs argv with stderr (and stdout unless silenced) into server->log. */
static void
server_spawn (Server *server, const char *name, const char *log, gboolean silence_stdout,
              const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  server->name = name;
  server->log = g_strdup (log);
  if (silence_stdout)
    {
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_subprocess_launcher_set_stderr_file_path (launcher, log);
    }
  else
    {
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
      g_subprocess_launcher_set_stdout_file_path (launcher, log);
    }
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (server->process == NULL)
    g_error ("Cannot start %s: %s", name, error->message);
  g_subprocess_wait_async (server->process, NULL, server_exited, server);
}

static char *
server_output (Server *server)
{
  char *output = NULL;

  if (!g_file_get_contents (server->log, &output, NULL, NULL))
    return g_strdup ("(no output)");
  return output;
}

/* g_error unless the server still runs. */
static void
server_check_running (Server *server, guint16 port)
{
  g_autofree char *output = NULL;

  if (!server->exited)
    return;
  output = server_output (server);
  if (g_subprocess_get_if_signaled (server->process))
    g_error ("%s for port %u was killed by signal %d:\n%s", server->name, port,
             g_subprocess_get_term_sig (server->process), output);
  g_error ("%s for port %u exited with status %d:\n%s", server->name, port,
           g_subprocess_get_exit_status (server->process), output);
}

static void
server_check_deadline (Server *server, guint16 port, gint64 deadline)
{
  g_autofree char *output = NULL;

  if (g_get_monotonic_time () < deadline)
    return;
  output = server_output (server);
  g_error ("%s does not serve port %u after %d s:\n%s", server->name, port,
           PARLO_TEST_TIMEOUT_SECONDS, output);
}

/* Whether something listens on address (or any address) at port, going by the
 * UDP or TCP table of the namespace that process pid is in (0: ours):
 * probing with a bind of our own could take the port away from the server as
 * it starts. */
static gboolean
port_bound (GPid pid, gboolean tcp, const char *address, guint16 port)
{
  g_autofree char *path = NULL;
  g_autofree char *table = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *any = g_strdup_printf ("%08X:%04X", htonl (INADDR_ANY), port);
  g_auto(GStrv) lines = NULL;
  struct in_addr in;

  if (inet_pton (AF_INET, address, &in) != 1)
    g_error ("Not an IPv4 address: %s", address);
  wanted = g_strdup_printf ("%08X:%04X", in.s_addr, port);
  if (pid != 0)
    path = g_strdup_printf ("/proc/%d/net/%s", pid, tcp ? "tcp" : "udp");
  else
    path = g_strdup (tcp ? "/proc/net/tcp" : "/proc/net/udp");
  if (!g_file_get_contents (path, &table, NULL, NULL))
    return FALSE;
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char local[32];
      unsigned int state;

      if (sscanf (lines[i], " %*u: %31s %*s %x", local, &state) != 2)
        continue;
      /* A TCP server must be in LISTEN, not just connected from that port. */
      if ((g_str_equal (local, wanted) || g_str_equal (local, any)) && (!tcp || state == 0x0A))
        return TRUE;
    }
  return FALSE;
}

/* SIGTERM, then SIGKILL for it and its children if it does not go in time. */
static void
server_stop (Server *server)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  if (!server->exited)
    g_subprocess_send_signal (server->process, SIGTERM);
  while (!server->exited && g_get_monotonic_time () < deadline)
    parlo_test_iterate ();
  if (!server->exited)
    {
      const char *identifier = g_subprocess_get_identifier (server->process);
      g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
      const char *entry;

      /* Not a g_warning: g_test_init makes those fatal, and the test is not at fault. */
      g_printerr ("%s did not stop on SIGTERM; killing it\n", server->name);
      /* kamailio's workers would outlive it: kill every process whose parent it is. */
      while (identifier != NULL && proc != NULL && (entry = g_dir_read_name (proc)) != NULL)
        {
          g_autofree char *stat_path = g_build_filename ("/proc", entry, "stat", NULL);
          g_autofree char *stat = NULL;
          const char *after_name;
          int parent;

          if (!g_ascii_isdigit (entry[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
            continue;
          /* "pid (name) state ppid …"; the name may hold anything, even ")". */
          after_name = strrchr (stat, ')');
          if (after_name != NULL && sscanf (after_name, ") %*c %d", &parent) == 1 &&
              parent == atoi (identifier))
            kill (atoi (entry), SIGKILL);
        }
      g_subprocess_force_exit (server->process);
      while (!server->exited)
        parlo_test_iterate ();
    }
  g_clear_object (&server->process);
  g_clear_pointer (&server->log, g_free);
}

/* The wait for the server's socket would take another program's for it. */
static void
check_port_free (guint16 port, gboolean udp, gboolean tcp)
{
  if ((udp && port_bound (0, FALSE, "127.0.0.1", port)) || (tcp && port_bound (0, TRUE, "127.0.0.1", port)))
    g_error ("Port %u on 127.0.0.1 is taken already", port);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
make_directory (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *directory = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return directory;
}

ParloTestRegistrar *
parlo_test_registrar_start (guint16 port, const char *transport, const char *user,
                            const char *password)
{
  ParloTestRegistrar *registrar = g_new0 (ParloTestRegistrar, 1);
  g_autofree char *scenario = g_build_filename (PARLO_TEST_DATA_DIR, "sipp", "registrar.xml", NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *log = NULL;
  gboolean tcp = g_strcmp0 (transport, "tcp") == 0;
  gint64 deadline;

  g_return_val_if_fail (tcp || g_strcmp0 (transport, "udp") == 0, NULL);
  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  check_port_free (port, !tcp, tcp);
  registrar->directory = make_directory ("parlo-registrar-XXXXXX");
  registrar->messages = g_build_filename (registrar->directory, "messages.log", NULL);
  log = g_build_filename (registrar->directory, "sipp.log", NULL);
  {
    /* sipp reads -key before -sf: the scenario takes them in as it is parsed. Its
     * stdout is the statistics screen, of no use here. */
    const char * const argv[] = {
      "sipp",
      "-key", "auth_user", user,
      "-key", "auth_password", password,
      "-sf", scenario,
      "-i", "127.0.0.1", "-p", port_text,
      "-t", tcp ? "t1" : "u1",
      "-nostdin",
      "-trace_msg", "-message_file", registrar->messages,
      NULL
    };

    server_spawn (&registrar->server, "sipp", log, TRUE, argv);
  }

  deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  while (!port_bound (0, tcp, "127.0.0.1", port))
    {
      server_check_running (&registrar->server, port);
      server_check_deadline (&registrar->server, port, deadline);
      parlo_test_iterate ();
    }
  return registrar;
}

gboolean
parlo_test_sipp_direct_invites (const char *user, guint16 port, guint calls, guint rate)
{
  g_autofree char *scenario = g_build_filename (PARLO_TEST_DATA_DIR, "sipp", "direct-invite.xml", NULL);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *calls_text = g_strdup_printf ("%u", calls);
  g_autofree char *rate_text = g_strdup_printf ("%u", rate);
  g_autofree char *timeout = g_strdup_printf ("%us", calls / MAX (rate, 1) + 10);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) sipp = NULL;
  g_auto(ParloTestResult) waited = { NULL };
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  /* un: a socket, so a source port, of its own for each call */
  sipp = g_subprocess_launcher_spawn (launcher, &error, "sipp", "-sf", scenario, "-s", user, target,
                                      "-i", "127.0.0.1", "-t", "un", "-max_socket", "1000", "-m", calls_text, "-r", rate_text,
                                      "-timeout", timeout, "-timeout_error", "-nostdin", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (sipp, NULL, parlo_test_result_ready, &waited);
  g_assert_true (g_subprocess_wait_finish (sipp, parlo_test_result_wait (&waited), &error));
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (sipp) && g_subprocess_get_exit_status (sipp) == 0;
}

ParloTestFarEnd *
parlo_test_far_end_start (guint16 port)
{
  ParloTestFarEnd *far_end = g_new0 (ParloTestFarEnd, 1);
  g_autofree char *scenario = g_build_filename (PARLO_TEST_DATA_DIR, "sipp", "answer-no-rtp.xml", NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *media_port_text = g_strdup_printf ("%u", parlo_test_free_port ());
  g_autofree char *log = NULL;
  gint64 deadline;

  check_port_free (port, TRUE, FALSE);
  far_end->directory = make_directory ("parlo-far-end-XXXXXX");
  log = g_build_filename (far_end->directory, "sipp.log", NULL);
  {
    const char * const argv[] = {
      "sipp", "-sf", scenario,
      "-i", "127.0.0.1", "-p", port_text, "-mp", media_port_text,
      "-t", "u1", "-nostdin",
      NULL
    };

    server_spawn (&far_end->server, "sipp", log, TRUE, argv);
  }

  deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  while (!port_bound (0, FALSE, "127.0.0.1", port))
    {
      server_check_running (&far_end->server, port);
      server_check_deadline (&far_end->server, port, deadline);
      parlo_test_iterate ();
    }
  return far_end;
}

/* Whether a header line is "name: …" under its long or compact name; value points
 * past the colon and blanks. */
static gboolean
header_is (const char *line, const char *name, const char *compact, const char **value)
{
  const char *colon = strchr (line, ':');
  g_autofree char *field = NULL;

  if (colon == NULL)
    return FALSE;
  field = g_strstrip (g_strndup (line, colon - line));
  if (g_ascii_strcasecmp (field, name) != 0 &&
      (compact == NULL || g_ascii_strcasecmp (field, compact) != 0))
    return FALSE;
  for (*value = colon + 1; **value == ' ' || **value == '\t'; (*value)++)
    ;
  return TRUE;
}

/* Whether text is a number equal to 0, with nothing but blanks after it. */
static gboolean
is_zero (const char *text)
{
  char *end;
  guint64 number;

  while (*text == ' ' || *text == '\t')
    text++;
  if (!g_ascii_isdigit (*text))
    return FALSE;
  number = g_ascii_strtoull (text, &end, 10);
  while (*end == ' ' || *end == '\t')
    end++;
  return number == 0 && (*end == '\0' || *end == ';' || *end == ',' || *end == '>');
}

static gboolean
contact_expires_zero (const char *contact)
{
  g_autofree char *lower = g_ascii_strdown (contact, -1);

  for (const char *found = strstr (lower, ";expires="); found != NULL;
       found = strstr (found + 1, ";expires="))
    if (is_zero (found + strlen (";expires=")))
      return TRUE;
  return FALSE;
}

/* One REGISTER that sipp logged as received; FALSE for anything else, or a message
 * sipp has not finished writing. key names it among retransmissions. */
static gboolean
parse_register (const char *message, char **key, gboolean *authorized, gboolean *unregister)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  const char *call_id = NULL;
  const char *cseq = NULL;
  gboolean complete = FALSE;

  if (!g_str_has_prefix (message, "REGISTER "))
    return FALSE;
  *authorized = FALSE;
  *unregister = FALSE;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      const char *value;

      if (*line == '\0')
        {
          complete = TRUE;
          break;
        }
      if (header_is (line, "Call-ID", "i", &value))
        call_id = value;
      else if (header_is (line, "CSeq", NULL, &value))
        cseq = value;
      else if (header_is (line, "Authorization", NULL, &value))
        *authorized = TRUE;
      else if (header_is (line, "Expires", NULL, &value))
        *unregister |= is_zero (value);
      else if (header_is (line, "Contact", "m", &value))
        *unregister |= contact_expires_zero (value);
    }
  if (!complete)
    return FALSE;
  *key = g_strdup_printf ("%s\n%s", call_id != NULL ? call_id : "", cseq != NULL ? cseq : "");
  return TRUE;
}

guint
parlo_test_registrar_count (ParloTestRegistrar *registrar, const char *what)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *log = NULL;
  g_auto(GStrv) entries = NULL;
  gboolean want_authorized = g_strcmp0 (what, "authorized") == 0;
  gboolean want_unregister = g_strcmp0 (what, "unregister") == 0;
  guint count = 0;

  g_return_val_if_fail (registrar != NULL, 0);
  if (!want_authorized && !want_unregister && g_strcmp0 (what, "all") != 0)
    g_error ("parlo_test_registrar_count: unknown kind of REGISTER '%s'", what);

  /* sipp creates the file with the first message it logs. */
  if (!g_file_get_contents (registrar->messages, &log, NULL, NULL))
    return 0;
  entries = g_strsplit (log, SIPP_SEPARATOR, -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      /* "<time>\nUDP message received [N] bytes :\n\n<message>\n" */
      const char *kind = strchr (entries[i], '\n');
      const char *message = kind != NULL ? strchr (kind + 1, '\n') : NULL;
      g_autofree char *key = NULL;
      gboolean authorized, unregister;

      if (message == NULL || g_strstr_len (kind, message - kind, " message received ") == NULL)
        continue;
      while (*message == '\n' || *message == '\r')
        message++;
      if (!parse_register (message, &key, &authorized, &unregister))
        continue;
      /* UDP retransmissions come back with the same Call-ID and CSeq. */
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        continue;
      if ((want_authorized && !authorized) || (want_unregister && !unregister))
        continue;
      count++;
    }
  return count;
}

void
parlo_test_registrar_stop (ParloTestRegistrar *registrar)
{
  if (registrar == NULL)
    return;
  server_stop (&registrar->server);
  remove_tree (registrar->directory);
  g_free (registrar->directory);
  g_free (registrar->messages);
  g_free (registrar);
}

/* A db_text field: the separator and escapes need a backslash. */
static void
append_db_text (GString *row, const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    switch (*c)
      {
      case ':':
      case '\\':
        g_string_append_c (row, '\\');
        g_string_append_c (row, *c);
        break;
      case '\n':
        g_string_append (row, "\\n");
        break;
      case '\r':
        g_string_append (row, "\\r");
        break;
      case '\t':
        g_string_append (row, "\\t");
        break;
      default:
        g_string_append_c (row, *c);
      }
}

/* The tables auth_db reads: subscriber with plain passwords, and version, which it
 * checks first. */
static void
write_users (const char *db, const char * const *users)
{
  g_autoptr(GString) subscriber = g_string_new ("username(string) domain(string,null) password(string)\n");
  g_autofree char *subscriber_path = g_build_filename (db, "subscriber", NULL);
  g_autofree char *version_path = g_build_filename (db, "version", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; users != NULL && users[i] != NULL; i += 2)
    {
      if (users[i + 1] == NULL)
        g_error ("parlo_test_kamailio_start: user '%s' has no password", users[i]);
      append_db_text (subscriber, users[i]);
      g_string_append (subscriber, "::");
      append_db_text (subscriber, users[i + 1]);
      g_string_append_c (subscriber, '\n');
    }
  g_file_set_contents (subscriber_path, subscriber->str, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (version_path,
                       "table_name(string) table_version(int)\n"
                       "subscriber:7\n", -1, &error);
  g_assert_no_error (error);
}

/* Whether kamailio answers an OPTIONS for itself over UDP at address:port,
 * which its configuration does without auth: then a worker runs the routing
 * script. The probe sends from address, inside netns, where the reply comes. */
static gboolean
kamailio_answers (const char *netns, const char *address, guint16 port)
{
  g_autoptr(GSocket) socket = parlo_test_socket_new_in (netns, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GInetAddress) host = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) here = g_inet_socket_address_new (host, 0);
  g_autoptr(GSocketAddress) there = g_inet_socket_address_new (host, port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *request = NULL;
  char reply[2048] = "";
  guint16 local_port;
  gssize received;

  if (!g_socket_bind (socket, here, FALSE, NULL))
    return FALSE;
  bound = g_socket_get_local_address (socket, NULL);
  local_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  request = g_strdup_printf ("OPTIONS sip:%s:%u SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP %s:%u;branch=z9hG4bK-parlo-probe-%u\r\n"
                             "Max-Forwards: 70\r\n"
                             "From: <sip:probe@%s:%u>;tag=parlo-probe\r\n"
                             "To: <sip:%s:%u>\r\n"
                             "Call-ID: parlo-probe-%u@%s\r\n"
                             "CSeq: 1 OPTIONS\r\n"
                             "Content-Length: 0\r\n"
                             "\r\n",
                             address, port, address, local_port, local_port, address, local_port,
                             address, port, local_port, address);
  g_socket_set_timeout (socket, 1);
  if (g_socket_send_to (socket, there, request, strlen (request), NULL, NULL) < 0)
    return FALSE;
  received = g_socket_receive (socket, reply, sizeof reply - 1, NULL, NULL);
  return received > 0 && g_str_has_prefix (reply, "SIP/2.0 200 ");
}

/* The tls module's configuration: our certificate, and no client certificates. */
static char *
write_tls_config (const char *directory, const ParloTestKamailioOptions *options)
{
  g_autofree char *path = g_build_filename (directory, "tls.cfg", NULL);
  g_autofree char *text = g_strdup_printf ("[server:default]\n"
                                           "method = TLSv1.2+\n"
                                           "verify_certificate = no\n"
                                           "require_certificate = no\n"
                                           "certificate = %s\n"
                                           "private_key = %s\n"
                                           "\n"
                                           "[client:default]\n"
                                           "method = TLSv1.2+\n"
                                           "verify_certificate = no\n"
                                           "require_certificate = no\n",
                                           options->tls_cert_file, options->tls_key_file);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
add_args (GPtrArray *argv, const char *first, ...)
{
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
}

/* kamailio's command line for options, with its files in kamailio->directory.
 * -f keeps it off the system configuration, -DD in the foreground, -E logging to
 * stderr; the run directory and pid file are ours, not /run/kamailio. Debian
 * keeps it in /usr/sbin, which a user's PATH may lack. */
static GPtrArray *
kamailio_argv (ParloTestKamailio *kamailio, const ParloTestKamailioOptions *options,
               const char *address)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *program = g_find_program_in_path ("kamailio");
  g_autofree char *config = g_build_filename (PARLO_TEST_DATA_DIR, "kamailio",
                                             options->config != NULL ? options->config : "kamailio.cfg", NULL);
  g_autofree char *db = g_build_filename (kamailio->directory, "db", NULL);
  g_autofree char *run = g_build_filename (kamailio->directory, "run", NULL);
  g_autofree char *pid_file = g_build_filename (run, "kamailio.pid", NULL);

  g_assert_cmpint (g_mkdir (db, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (run, 0700), ==, 0);
  write_users (db, options->users);
  if (options->netns != NULL)
    add_args (argv, "ip", "netns", "exec", options->netns, NULL);
  add_args (argv, program != NULL ? program : "/usr/sbin/kamailio",
            "-f", config, "-DD", "-E", "-S", "-Y", run, "-P", pid_file,
            "-w", kamailio->directory, "-m", "32", NULL);
  g_ptr_array_add (argv, g_strdup ("-A"));
  g_ptr_array_add (argv, g_strdup_printf ("PARLO_DB_URL=\"text://%s\"", db));
  g_ptr_array_add (argv, g_strdup ("-l"));
  g_ptr_array_add (argv, g_strdup_printf ("udp:%s:%u", address, options->port));
  g_ptr_array_add (argv, g_strdup ("-l"));
  g_ptr_array_add (argv, g_strdup_printf ("tcp:%s:%u", address, options->port));
  if (options->domain != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--alias=%s", options->domain));
  if (options->nat)
    add_args (argv, "-A", "PARLO_WITH_NAT", NULL);
  if (options->tls_port != 0)
    {
      g_autofree char *tls_config = write_tls_config (kamailio->directory, options);

      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup_printf ("tls:%s:%u", address, options->tls_port));
      add_args (argv, "-A", "PARLO_WITH_TLS", "-A", NULL);
      g_ptr_array_add (argv, g_strdup_printf ("PARLO_TLS_CFG=\"%s\"", tls_config));
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Waits until kamailio listens on all its sockets and its workers answer. */
static void
kamailio_wait_ready (ParloTestKamailio *kamailio, const ParloTestKamailioOptions *options,
                     const char *address)
{
  Server *server = &kamailio->server;
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  GPid pid = options->netns != NULL ? atoi (g_subprocess_get_identifier (server->process)) : 0;

  /* `ip netns exec` execs kamailio in its own process: the pid is kamailio's,
   * and its /proc/PID/net the namespace's tables. */
  while (!port_bound (pid, FALSE, address, options->port) || !port_bound (pid, TRUE, address, options->port) ||
         (options->tls_port != 0 && !port_bound (pid, TRUE, address, options->tls_port)))
    {
      server_check_running (server, options->port);
      server_check_deadline (server, options->port, deadline);
      parlo_test_iterate ();
    }
  /* Bound sockets come before the workers; a broken script shows only then. */
  while (!kamailio_answers (options->netns, address, options->port))
    {
      server_check_running (server, options->port);
      server_check_deadline (server, options->port, deadline);
      parlo_test_iterate ();
    }
}

ParloTestKamailio *
parlo_test_kamailio_start_with (const ParloTestKamailioOptions *options)
{
  ParloTestKamailio *kamailio = g_new0 (ParloTestKamailio, 1);
  const char *address = options->address != NULL ? options->address : "127.0.0.1";
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *log = NULL;

  g_return_val_if_fail (options->tls_port == 0 ||
                        (options->tls_cert_file != NULL && options->tls_key_file != NULL), NULL);
  if (options->netns == NULL)
    check_port_free (options->port, TRUE, TRUE);
  kamailio->directory = make_directory ("parlo-kamailio-XXXXXX");
  log = g_build_filename (kamailio->directory, "kamailio.log", NULL);
  argv = kamailio_argv (kamailio, options, address);
  server_spawn (&kamailio->server, "kamailio", log, FALSE, (const char * const *) argv->pdata);
  kamailio_wait_ready (kamailio, options, address);
  return kamailio;
}

ParloTestKamailio *
parlo_test_kamailio_start (guint16 port, const char * const *users)
{
  ParloTestKamailioOptions options = { .port = port, .users = users };

  return parlo_test_kamailio_start_with (&options);
}

/* The lines of kamailio's log so far. */
static GStrv
kamailio_log_lines (ParloTestKamailio *kamailio)
{
  g_autofree char *log = server_output (&kamailio->server);

  return g_strsplit (log, "\n", -1);
}

/* The fields after "PARLO-RECEIVED " of a request's log line: method, proto,
 * source; NULL for other lines. */
static GStrv
received_fields (const char *line)
{
  const char *found = strstr (line, "PARLO-RECEIVED ");
  GStrv fields;

  if (found == NULL)
    return NULL;
  fields = g_strsplit (found + strlen ("PARLO-RECEIVED "), " ", 3);
  if (g_strv_length (fields) != 3)
    g_clear_pointer (&fields, g_strfreev);
  return fields;
}

guint
parlo_test_kamailio_count (ParloTestKamailio *kamailio, const char *method, const char *proto)
{
  g_auto(GStrv) lines = kamailio_log_lines (kamailio);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = received_fields (lines[i]);

      if (fields != NULL && (method == NULL || g_str_equal (fields[0], method)) &&
          (proto == NULL || g_ascii_strcasecmp (fields[1], proto) == 0))
        count++;
    }
  return count;
}

guint
parlo_test_kamailio_tls_connections (ParloTestKamailio *kamailio)
{
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = kamailio_log_lines (kamailio);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = received_fields (lines[i]);

      if (fields != NULL && g_ascii_strcasecmp (fields[1], "tls") == 0)
        g_hash_table_add (sources, g_strdup (fields[2]));
    }
  return g_hash_table_size (sources);
}

guint
parlo_test_kamailio_log_count (ParloTestKamailio *kamailio, const char *text)
{
  g_auto(GStrv) lines = kamailio_log_lines (kamailio);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], text) != NULL)
      count++;
  return count;
}

void
parlo_test_kamailio_stop (ParloTestKamailio *kamailio)
{
  if (kamailio == NULL)
    return;
  server_stop (&kamailio->server);
  remove_tree (kamailio->directory);
  g_free (kamailio->directory);
  g_free (kamailio);
}

void
parlo_test_far_end_stop (ParloTestFarEnd *far_end)
{
  if (far_end == NULL)
    return;
  server_stop (&far_end->server);
  remove_tree (far_end->directory);
  g_free (far_end->directory);
  g_free (far_end);
}
