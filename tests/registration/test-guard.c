/* test-guard.c — what a SIP scanner gets from Parlo's port
 *
 * A raw sender throws broken requests at a real engine with the bridge module
 * (UDP and TCP, from this process) and reads what comes back: each gets the
 * answer docs/sip-guard.md promises, or none, and not one of them makes the
 * phone ring. Afterwards the engine still answers OPTIONS and takes a real
 * call. Then kamailio, on 127.0.0.2 so that its address differs from the
 * scanner's 127.0.0.1 on the same loopback, is the server of an account: a
 * call through it rings, the same INVITE sent straight to the engine is
 * refused with 403 and counted, and rings once the person turns "Accept
 * Direct Calls" on. Every answer names Parlo, never baresip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "parlo-test.h"
#include "parlo-test-servers.h"

#define PASSWORD "guard-secret"
#define SERVER_ADDRESS "127.0.0.2"

static guint calls_added;

static void
on_calls_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  calls_added += added;
}

/* A request as a phone sends it, to sip:USER@127.0.0.1:port; omit names a
 * header left out, extra is added, content_length NULL is the body's length
 * and "" none at all. */
static char *
request (const char *method, const char *user, guint16 port, const char *transport, const char *omit,
         const char *extra, const char *body, const char *content_length)
{
  GString *s = g_string_new (NULL);
  g_autofree char *length = g_strdup_printf ("%zu", body ? strlen (body) : 0);
  static guint serial;

  serial++;
  g_string_append_printf (s, "%s sip:%s@127.0.0.1:%u SIP/2.0\r\n", method, user, port);
  if (g_strcmp0 (omit, "Via") != 0)
    g_string_append_printf (s, "Via: SIP/2.0/%s 127.0.0.1:9;branch=z9hG4bKguard%u;rport\r\n", transport, serial);
  if (g_strcmp0 (omit, "Max-Forwards") != 0)
    g_string_append (s, "Max-Forwards: 70\r\n");
  if (g_strcmp0 (omit, "From") != 0)
    g_string_append_printf (s, "From: \"Scanner\" <sip:scanner@127.0.0.1>;tag=guard%u\r\n", serial);
  if (g_strcmp0 (omit, "To") != 0)
    g_string_append_printf (s, "To: <sip:%s@127.0.0.1:%u>\r\n", user, port);
  if (g_strcmp0 (omit, "Call-ID") != 0)
    g_string_append_printf (s, "Call-ID: guard-%u@127.0.0.1\r\n", serial);
  if (g_strcmp0 (omit, "CSeq") != 0)
    g_string_append_printf (s, "CSeq: 1 %s\r\n", method);
  g_string_append (s, "Contact: <sip:scanner@127.0.0.1:9>\r\n");
  if (extra)
    g_string_append (s, extra);
  if (body)
    g_string_append (s, "Content-Type: application/sdp\r\n");
  if (content_length == NULL)
    g_string_append_printf (s, "Content-Length: %s\r\n", length);
  else if (*content_length != '\0')
    g_string_append_printf (s, "Content-Length: %s\r\n", content_length);
  g_string_append (s, "\r\n");
  if (body)
    g_string_append (s, body);
  return g_string_free (s, FALSE);
}

static const char sdp[] =
  "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
  "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

/* Sends length bytes of message over transport ("udp", "tcp") and returns what
 * came back within a second, "" for nothing; a TCP connection closes after
 * sending when hang_up. */
static char *
send_raw (guint16 port, const char *transport, const char *message, gsize length, gboolean hang_up)
{
  gboolean tcp = g_str_equal (transport, "tcp");
  g_autoptr(GSocket) socket = parlo_test_socket_new_in (NULL, tcp ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) engine = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;
  GString *received = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  char buffer[8192];

  if (tcp)
    {
      g_assert_true (g_socket_connect (socket, engine, NULL, &error));
      /* the engine may close the connection before all of it is sent */
      for (gsize sent = 0; sent < length;)
        {
          gssize n = g_socket_send (socket, message + sent, length - sent, NULL, NULL);

          if (n <= 0)
            break;
          sent += n;
        }
      if (hang_up)
        {
          g_socket_close (socket, NULL);
          parlo_test_run_for (300);
          return g_string_free (received, FALSE);
        }
    }
  else
    g_assert_cmpint (g_socket_send_to (socket, engine, message, length, NULL, &error), ==, length);
  g_socket_set_blocking (socket, FALSE);
  while (g_get_monotonic_time () < deadline)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      if (n > 0)
        g_string_append_len (received, buffer, n);
      else if (n == 0)
        break;
      parlo_test_iterate ();
    }
  return g_string_free (received, FALSE);
}

static void
assert_answer (const char *answer, const char *expected)
{
  g_autofree char *start_line = g_strndup (answer, strcspn (answer, "\r"));

  if (expected == NULL)
    {
      g_assert_cmpstr (answer, ==, "");
      return;
    }
  g_assert_cmpstr (start_line, ==, expected);
  g_assert_nonnull (strstr (answer, "\r\nServer: Parlo/"));
  g_assert_null (strstr (answer, "baresip"));
}

/* A 64 KiB header: more than libre reads of a datagram or buffers of a
 * connection. */
static char *
huge_request (guint16 port, const char *transport)
{
  g_autofree char *filler = g_strnfill (64 * 1024, 'a');
  g_autofree char *extra = g_strdup_printf ("X-Filler: %s\r\n", filler);

  return request ("INVITE", "phone", port, transport, NULL, extra, sdp, NULL);
}

static void
test_malformed (void)
{
  ParloTestPeer *phone = parlo_test_peer_new ("phone");
  ParloTestPeer *caller = parlo_test_peer_new ("caller");
  static const char * const mandatory[] = { "To", "From", "CSeq", "Call-ID", "Max-Forwards" };
  struct { const char *transport, *extra, *body, *length, *expected; } cases[] = {
    { "udp", NULL, sdp, "abc", "SIP/2.0 400 Bad Content-Length" },
    { "udp", NULL, sdp, "-5", "SIP/2.0 400 Bad Content-Length" },
    { "udp", NULL, sdp, "4000", "SIP/2.0 400 Bad Content-Length" },
    { "tcp", NULL, sdp, "-5", "SIP/2.0 400 Bad Content-Length" },
    { "tcp", NULL, sdp, "abc", "SIP/2.0 400 Bad Content-Length" },
    /* libre closes a connection whose message has no length */
    { "tcp", NULL, sdp, "", NULL },
    { "udp", NULL, "this is not SDP\r\n", NULL, "SIP/2.0 488 Unreadable SDP" },
    { "udp", NULL, "v=0\r\nm=audio\r\nbroken", NULL, "SIP/2.0 488 Unreadable SDP" },
    { "udp", "Subject: \xff\xfe caf\xe9\r\n", sdp, NULL, "SIP/2.0 400 Header Not UTF-8" },
    { "tcp", "Subject: \xc0\xaf\r\n", sdp, NULL, "SIP/2.0 400 Header Not UTF-8" },
  };
  g_autofree char *options = NULL;
  g_autofree char *answer = NULL;

  g_signal_connect (phone->calls, "items-changed", G_CALLBACK (on_calls_changed), NULL);
  calls_added = 0;

  for (guint i = 0; i < G_N_ELEMENTS (mandatory); i++)
    for (guint t = 0; t < 2; t++)
      {
        const char *transport = t ? "tcp" : "udp";
        g_autofree char *message = request ("INVITE", "phone", phone->port, transport, mandatory[i], NULL, sdp, NULL);
        g_autofree char *reply = send_raw (phone->port, transport, message, strlen (message), FALSE);
        g_autofree char *expected = g_strdup_printf ("SIP/2.0 400 Missing %s", mandatory[i]);

        g_test_message ("without %s over %s", mandatory[i], transport);
        assert_answer (reply, expected);
      }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = request ("INVITE", "phone", phone->port, cases[i].transport, NULL,
                                          cases[i].extra, cases[i].body, cases[i].length);
      g_autofree char *reply = send_raw (phone->port, cases[i].transport, message, strlen (message), FALSE);

      g_test_message ("case %u over %s: %s", i, cases[i].transport, cases[i].expected);
      assert_answer (reply, cases[i].expected);
    }

  /* Without a Via no answer can be routed; a NUL byte inside a header. */
  {
    g_autofree char *message = request ("INVITE", "phone", phone->port, "udp", "Via", NULL, sdp, NULL);
    g_autofree char *reply = send_raw (phone->port, "udp", message, strlen (message), FALSE);
    g_autofree char *nul = request ("INVITE", "phone", phone->port, "udp", NULL, "Subject: a#b\r\n", sdp, NULL);
    gsize nul_length = strlen (nul);
    g_autofree char *nul_reply = NULL;

    assert_answer (reply, NULL);
    *strchr (nul, '#') = '\0';
    nul_reply = send_raw (phone->port, "udp", nul, nul_length, FALSE);
    assert_answer (nul_reply, "SIP/2.0 400 NUL Byte in Header");
  }

  /* 64 KiB of header, and half a message over TCP before hanging up: libre
   * drops them, nothing answers. */
  for (guint t = 0; t < 2; t++)
    {
      const char *transport = t ? "tcp" : "udp";
      g_autofree char *message = huge_request (phone->port, transport);
      g_autofree char *reply = send_raw (phone->port, transport, message, t ? strlen (message) : 65000, FALSE);
      g_autofree char *half = request ("INVITE", "phone", phone->port, "tcp", NULL, NULL, sdp, NULL);
      g_autofree char *half_reply = send_raw (phone->port, "tcp", half, strlen (half) / 2, TRUE);

      assert_answer (reply, NULL);
      assert_answer (half_reply, NULL);
    }

  /* The phone never rang. */
  parlo_test_run_for (500);
  g_assert_cmpuint (calls_added, ==, 0);

  /* The engine is alive and describes itself (RFC 3261 §11.2). */
  options = request ("OPTIONS", "phone", phone->port, "udp", NULL, NULL, NULL, NULL);
  answer = send_raw (phone->port, "udp", options, strlen (options), FALSE);
  assert_answer (answer, "SIP/2.0 200 OK");
  g_assert_nonnull (strstr (answer, "\r\nAllow: INVITE,ACK,BYE,CANCEL,OPTIONS"));
  g_assert_nonnull (strstr (answer, "\r\nAccept: application/sdp\r\n"));
  g_assert_nonnull (strstr (answer, "\r\nSupported:"));

  /* And a real call still rings. */
  g_free (parlo_test_peer_dial (caller, phone));
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (phone->calls)) == 1);
  {
    g_autoptr(ParloCall) call = parlo_test_peer_call (phone, 0);

    PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
    parlo_test_peer_hangup (phone, call, 0);
  }
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (phone->calls)) == 0 &&
                         g_list_model_get_n_items (G_LIST_MODEL (caller->calls)) == 0);

  g_signal_handlers_disconnect_by_func (phone->calls, on_calls_changed, NULL);
  parlo_test_peer_free (caller);
  parlo_test_peer_free (phone);
}

/* An account of the app whose server is kamailio on SERVER_ADDRESS. */
static ParloAccount *
add_account (ParloTestPeer *peer, const char *address, guint16 server_port)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf (SERVER_ADDRESS ":%u", server_port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "address", address, "server", server, NULL);
  parlo_account_store_add_async (peer->accounts, draft, PASSWORD, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  return g_object_ref (account);
}

static void
set_accept_direct_calls (ParloTestPeer *peer, ParloAccount *account, gboolean accept)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;

  parlo_account_copy_settings (draft, account);
  g_object_set (draft, "accept-direct-calls", accept, NULL);
  parlo_account_store_update_async (peer->accounts, account, draft, NULL, NULL, parlo_test_result_ready, &result);
  g_assert_true (parlo_account_store_update_finish (peer->accounts, parlo_test_result_wait (&result), &error));
  g_assert_no_error (error);
}

/* How many direct INVITEs the engine refused for aor (engine.status). */
static gint64
refused_direct (ParloEngine *engine, const char *aor)
{
  g_autoptr(JsonObject) account = parlo_test_engine_account_status (engine, aor);

  g_assert_nonnull (account);
  return json_object_get_int_member (account, "refused_direct");
}

static void
test_direct_calls (void)
{
  static const char * const users[] = { "alice", PASSWORD, "bob", PASSWORD, NULL };
  guint16 server_port = parlo_test_free_port ();
  ParloTestKamailioOptions options = {
    .address = SERVER_ADDRESS, .port = server_port, .domain = "parlo.test", .users = users,
  };
  ParloTestKamailio *kamailio = parlo_test_kamailio_start_with (&options);
  ParloTestPeer *alice = parlo_test_peer_new ("alice-phone");
  ParloTestPeer *bob = parlo_test_peer_new ("bob-phone");
  g_autoptr(ParloAccount) alice_account = add_account (alice, "alice@parlo.test", server_port);
  g_autoptr(ParloAccount) bob_account = add_account (bob, "bob@parlo.test", server_port);
  const char *bob_aor = parlo_account_get_aor (bob_account);
  g_auto(ParloTestResult) dialled = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *invite = NULL;
  g_autofree char *reply = NULL;

  g_assert_false (parlo_account_get_accept_direct_calls (bob_account));
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (alice_account) == PARLO_REGISTRATION_REGISTERED &&
                         parlo_account_get_registration_state (bob_account) == PARLO_REGISTRATION_REGISTERED);

  /* Through the server, bob's phone rings; kamailio saw Parlo's names. */
  parlo_engine_dial_async (alice->engine, parlo_account_get_aor (alice_account), "sip:bob@parlo.test", NULL,
                           parlo_test_result_ready, &dialled);
  call_id = parlo_engine_dial_finish (alice->engine, parlo_test_result_wait (&dialled), &error);
  g_assert_no_error (error);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (bob->calls)) == 1);
  {
    g_autoptr(ParloCall) call = parlo_test_peer_call (bob, 0);

    PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
    parlo_test_peer_hangup (bob, call, 0);
  }
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (alice->calls)) == 0 &&
                         g_list_model_get_n_items (G_LIST_MODEL (bob->calls)) == 0);
  g_assert_cmpuint (parlo_test_kamailio_log_count (kamailio, "PARLO-AGENT Parlo/"), >=, 1);
  g_assert_cmpuint (parlo_test_kamailio_log_count (kamailio, "PARLO-AGENT baresip"), ==, 0);

  /* Straight to the engine from elsewhere: refused, counted, no ring. */
  g_signal_connect (bob->calls, "items-changed", G_CALLBACK (on_calls_changed), NULL);
  calls_added = 0;
  for (guint i = 0; i < 3; i++)
    {
      g_free (invite);
      g_free (reply);
      invite = request ("INVITE", "bob", bob->port, "udp", NULL, NULL, sdp, NULL);
      reply = send_raw (bob->port, "udp", invite, strlen (invite), FALSE);
      assert_answer (reply, "SIP/2.0 403 Direct Calls Not Accepted");
    }
  /* sipp as a scanner: 20 INVITEs from 20 source ports, each refused. */
  g_assert_true (parlo_test_sipp_direct_invites ("bob", bob->port, 20, 40));
  parlo_test_run_for (300);
  g_assert_cmpuint (calls_added, ==, 0);
  g_assert_cmpint (refused_direct (bob->engine, bob_aor), ==, 23);

  /* With Accept Direct Calls on, the same INVITE rings. */
  set_accept_direct_calls (bob, bob_account, TRUE);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (bob_account) == PARLO_REGISTRATION_REGISTERED);
  g_free (invite);
  invite = request ("INVITE", "bob", bob->port, "udp", NULL, NULL, sdp, NULL);
  g_free (send_raw (bob->port, "udp", invite, strlen (invite), FALSE));
  PARLO_TEST_WAIT_UNTIL (calls_added == 1);
  {
    g_autoptr(ParloCall) call = parlo_test_peer_call (bob, 0);

    g_assert_cmpint (parlo_call_get_direction (call), ==, PARLO_CALL_DIRECTION_INCOMING);
    parlo_test_peer_hangup (bob, call, 0);
  }
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (bob->calls)) == 0);

  g_signal_handlers_disconnect_by_func (bob->calls, on_calls_changed, NULL);
  parlo_test_peer_free (alice);
  parlo_test_peer_free (bob);
  parlo_test_kamailio_stop (kamailio);
}

int
main (int argc, char *argv[])
{
  parlo_test_init (&argc, &argv, PARLO_TEST_KEYRING);
  g_test_add_func ("/guard/malformed", test_malformed);
  g_test_add_func ("/guard/direct-calls", test_direct_calls);
  return parlo_test_run ();
}
