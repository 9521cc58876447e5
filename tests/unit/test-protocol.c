/* Decoding what the engine sends, encoding what we send, and refusing the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "engine/parlo-protocol.h"

static void
decode (const char *line, ParloEvent **event, ParloResponse **response, GError **error)
{
  parlo_protocol_decode (line, strlen (line), event, response, error);
}

static void
test_event_fields (void)
{
  const char *line =
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"class\":\"call\","
    "\"accountaor\":\"sip:a@127.0.0.1:5070\",\"direction\":\"outgoing\","
    "\"peeruri\":\"sip:b@127.0.0.1:5072\",\"peerdisplayname\":\"Bob\",\"id\":\"abc123\","
    "\"param\":\"486 Busy Here\",\"state\":\"TERMINATED\",\"onhold\":false,"
    "\"peerhold\":true,\"muted\":true,\"scode\":486,\"local\":false,\"transferred\":false}";
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode (line, &event, &response, &error);
  g_assert_no_error (error);
  g_assert_null (response);
  g_assert_nonnull (event);
  g_assert_cmpint (event->type, ==, PARLO_EVENT_CALL_CLOSED);
  g_assert_cmpstr (event->account, ==, "sip:a@127.0.0.1:5070");
  g_assert_cmpstr (event->call_id, ==, "abc123");
  g_assert_cmpint (event->direction, ==, PARLO_EVENT_DIRECTION_OUTGOING);
  g_assert_cmpstr (event->peer_uri, ==, "sip:b@127.0.0.1:5072");
  g_assert_cmpstr (event->peer_name, ==, "Bob");
  g_assert_cmpstr (event->param, ==, "486 Busy Here");
  g_assert_true (event->has_call_flags);
  g_assert_false (event->onhold);
  g_assert_true (event->peerhold);
  g_assert_true (event->muted);
  g_assert_cmpuint (event->scode, ==, 486);
  g_assert_false (event->local);
  g_assert_false (event->has_rtcp);
}

static void
test_event_rtcp (void)
{
  const char *line =
    "{\"event\":true,\"type\":\"CALL_RTCP\",\"accountaor\":\"sip:a@h\",\"id\":\"x\","
    "\"direction\":\"incoming\",\"param\":\"audio\",\"rtcp_stats\":{\"tx\":{\"sent\":250,"
    "\"lost\":0,\"jit\":1200},\"rx\":{\"sent\":240,\"lost\":10,\"jit\":3500},\"rtt\":42000}}";
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode (line, &event, &response, &error);
  g_assert_no_error (error);
  g_assert_true (event->has_rtcp);
  g_assert_cmpuint (event->rtcp.rx_packets, ==, 240);
  g_assert_cmpint (event->rtcp.rx_lost, ==, 10);
  g_assert_cmpuint (event->rtcp.rx_jitter_us, ==, 3500);
  g_assert_cmpuint (event->rtcp.tx_packets, ==, 250);
  g_assert_cmpuint (event->rtcp.rtt_us, ==, 42000);
  g_assert_false (event->has_call_flags);
}

/* The level meter: the call it belongs to, the direction, and dBov as a number. */
static void
test_event_level (void)
{
  const char *line =
    "{\"event\":true,\"type\":\"VU_TX\",\"class\":\"VU_REPORT\",\"accountaor\":\"sip:a@h\","
    "\"id\":\"x\",\"direction\":\"outgoing\",\"param\":\"-20.54\",\"state\":\"ESTABLISHED\","
    "\"onhold\":false,\"peerhold\":false,\"muted\":false,\"codec\":\"opus/48000/2\","
    "\"level\":-20.540000}";
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloEvent) copy = NULL;
  g_autoptr(ParloEvent) silent = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode (line, &event, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, PARLO_EVENT_VU_TX);
  g_assert_cmpstr (event->call_id, ==, "x");
  g_assert_true (event->has_call_flags);
  g_assert_true (event->has_level);
  g_assert_cmpfloat_with_epsilon (event->level, -20.54, 1e-9);
  g_assert_cmpstr (event->codec, ==, "opus/48000/2");

  copy = parlo_event_copy (event);
  g_clear_pointer (&event, parlo_event_free);
  g_assert_cmpstr (copy->codec, ==, "opus/48000/2");
  g_assert_cmpfloat_with_epsilon (copy->level, -20.54, 1e-9);

  /* A whole number is a number too; other events carry no level. */
  decode ("{\"event\":true,\"type\":\"VU_RX\",\"level\":-96}", &silent, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (silent->type, ==, PARLO_EVENT_VU_RX);
  g_assert_true (silent->has_level);
  g_assert_cmpfloat (silent->level, ==, -96.0);
  g_assert_null (silent->codec);
  g_clear_pointer (&silent, parlo_event_free);
  decode ("{\"event\":true,\"type\":\"CALL_ESTABLISHED\"}", &silent, &response, &error);
  g_assert_no_error (error);
  g_assert_false (silent->has_level);
}

static void
test_unknown_event_type_passes (void)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode ("{\"event\":true,\"type\":\"VU_TX_REPORT\",\"class\":\"VU_REPORT\"}", &event, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, PARLO_EVENT_OTHER);
  g_assert_cmpstr (event->type_name, ==, "VU_TX_REPORT");
}

/* The echo delay is a number of milliseconds, -1 when nothing came back; an
 * event without it says nothing about it. */
static void
test_event_echo_delay (void)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloEvent) never = NULL;
  g_autoptr(ParloEvent) other = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode ("{\"event\":true,\"type\":\"ECHO_DELAY\",\"accountaor\":\"sip:a@h\",\"id\":\"x\","
          "\"direction\":\"outgoing\",\"delay_ms\":158}", &event, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, PARLO_EVENT_ECHO_DELAY);
  g_assert_cmpint (event->delay_ms, ==, 158);

  decode ("{\"event\":true,\"type\":\"ECHO_DELAY\",\"id\":\"x\",\"delay_ms\":-1}", &never, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (never->delay_ms, ==, -1);

  decode ("{\"event\":true,\"type\":\"ECHO_DELAY\",\"id\":\"x\",\"delay_ms\":-5}", &other, &response, &error);
  g_assert_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_INVALID);
}

/* What the engine says of a call's media: encrypted on every call event, the
 * cause of a refusal (one this version does not know is no cause), and the
 * events of RTP that stops and resumes. */
static void
test_event_media (void)
{
  g_autoptr(ParloEvent) menc = NULL;
  g_autoptr(ParloEvent) refused = NULL;
  g_autoptr(ParloEvent) unknown = NULL;
  g_autoptr(ParloEvent) stopped = NULL;
  g_autoptr(ParloEvent) resumed = NULL;
  g_autoptr(ParloEvent) bad = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode ("{\"event\":true,\"type\":\"CALL_MENC\",\"id\":\"x\",\"param\":\"0,audio\","
          "\"onhold\":false,\"encrypted\":true}", &menc, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (menc->type, ==, PARLO_EVENT_CALL_MENC);
  g_assert_true (menc->has_call_flags);
  g_assert_true (menc->encrypted);

  decode ("{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"refused-1\",\"scode\":488,"
          "\"cause\":\"unencrypted\"}", &refused, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (refused->cause, ==, PARLO_EVENT_CAUSE_UNENCRYPTED);
  g_assert_false (refused->encrypted);

  decode ("{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"y\",\"cause\":\"later\"}",
          &unknown, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (unknown->cause, ==, PARLO_EVENT_CAUSE_NONE);

  decode ("{\"event\":true,\"type\":\"CALL_RTP_RX_STOPPED\",\"id\":\"x\",\"rx_packets\":250}",
          &stopped, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stopped->type, ==, PARLO_EVENT_CALL_RTP_RX_STOPPED);
  decode ("{\"event\":true,\"type\":\"CALL_RTP_RX_RESUMED\",\"id\":\"x\"}", &resumed, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resumed->type, ==, PARLO_EVENT_CALL_RTP_RX_RESUMED);

  decode ("{\"event\":true,\"type\":\"CALL_MENC\",\"encrypted\":\"yes\"}", &bad, &response, &error);
  g_assert_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_INVALID);
}

static void
test_response (void)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) ok = NULL;
  g_autoptr(ParloResponse) refused = NULL;
  g_autoptr(GError) error = NULL;

  decode ("{\"response\":true,\"id\":7,\"ok\":true,\"call\":\"c1\"}", &event, &ok, &error);
  g_assert_no_error (error);
  g_assert_null (event);
  g_assert_cmpint (ok->id, ==, 7);
  g_assert_true (ok->ok);
  g_assert_cmpstr (json_object_get_string_member (ok->body, "call"), ==, "c1");

  decode ("{\"response\":true,\"id\":8,\"ok\":false,\"error\":\"no call with id 'x'\"}",
          &event, &refused, &error);
  g_assert_no_error (error);
  g_assert_false (refused->ok);
  g_assert_cmpstr (refused->error, ==, "no call with id 'x'");
}

static void
test_response_without_error_text (void)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  decode ("{\"response\":true,\"id\":9,\"ok\":false}", &event, &response, &error);
  g_assert_no_error (error);
  g_assert_false (response->ok);
  g_assert_nonnull (response->error);
}

/* Each of these is refused with an error that names the problem, and yields nothing. */
static void
test_malformed (void)
{
  static const char * const lines[] = {
    "",
    "not json",
    "{\"event\":true,\"type\":\"CALL_INCOMING\"",
    "[1,2,3]",
    "\"just a string\"",
    "{}",
    "{\"event\":true,\"response\":true,\"type\":\"X\",\"ok\":true}",
    "{\"event\":true}",
    "{\"event\":true,\"type\":42}",
    "{\"event\":\"yes\",\"type\":\"CALL_INCOMING\"}",
    "{\"event\":true,\"type\":\"CALL_INCOMING\",\"id\":5}",
    "{\"event\":true,\"type\":\"CALL_INCOMING\",\"direction\":\"sideways\"}",
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"scode\":\"486\"}",
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"scode\":100000}",
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"onhold\":1}",
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"transferred\":\"yes\"}",
    "{\"event\":true,\"type\":\"CALL_RTCP\",\"rtcp_stats\":{\"tx\":{}}}",
    "{\"event\":true,\"type\":\"CALL_RTCP\",\"rtcp_stats\":[]}",
    "{\"event\":true,\"type\":\"VU_TX\",\"level\":\"-20\"}",
    "{\"event\":true,\"type\":\"VU_TX\",\"level\":true}",
    "{\"event\":true,\"type\":\"VU_TX\",\"level\":3.5}",
    "{\"event\":true,\"type\":\"VU_RX\",\"level\":-1000}",
    "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"codec\":8000}",
    "{\"response\":true,\"id\":1}",
    "{\"response\":true,\"id\":-3,\"ok\":true}",
    "{\"response\":true,\"id\":1.5,\"ok\":true}",
    "{\"response\":true,\"id\":1,\"ok\":false,\"error\":[]}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(ParloEvent) event = NULL;
      g_autoptr(ParloResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("line: %s", lines[i]);
      g_assert_false (parlo_protocol_decode (lines[i], strlen (lines[i]), &event, &response, &error));
      g_assert_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "Malformed message from the engine"));
      g_assert_null (event);
      g_assert_null (response);
    }
}

static void
test_invalid_utf8 (void)
{
  const char line[] = "{\"event\":true,\"type\":\"X\",\"param\":\"\xff\xfe\"}";
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (parlo_protocol_decode (line, sizeof line - 1, &event, &response, &error));
  g_assert_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_INVALID);
}

static void
test_too_long (void)
{
  g_autofree char *line = g_strnfill (PARLO_PROTOCOL_MAX_LINE + 1, ' ');
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (parlo_protocol_decode (line, strlen (line), &event, &response, &error));
  g_assert_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_TOO_LONG);
}

/* A command is one line whatever its strings hold, so nothing can smuggle a second one. */
static void
test_encode_command (void)
{
  g_autoptr(JsonObject) arguments = json_object_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  JsonObject *decoded;

  json_object_set_string_member (arguments, "uri", "sip:bob@example.org\n{\"id\":2,\"command\":\"call.dial\"}");
  json_object_set_int_member (arguments, "code", 486);
  line = parlo_protocol_encode_command (12, "call.hangup", arguments);

  g_assert_true (g_str_has_suffix (line, "\n"));
  g_assert_true (strchr (line, '\n') == line + strlen (line) - 1);
  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  decoded = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (decoded, "id"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (decoded, "command"), ==, "call.hangup");
  g_assert_cmpint (json_object_get_int_member (decoded, "code"), ==, 486);
  g_assert_cmpstr (json_object_get_string_member (decoded, "uri"), ==,
                   "sip:bob@example.org\n{\"id\":2,\"command\":\"call.dial\"}");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/event-fields", test_event_fields);
  g_test_add_func ("/protocol/event-rtcp", test_event_rtcp);
  g_test_add_func ("/protocol/event-level", test_event_level);
  g_test_add_func ("/protocol/unknown-event-type", test_unknown_event_type_passes);
  g_test_add_func ("/protocol/event-echo-delay", test_event_echo_delay);
  g_test_add_func ("/protocol/event-media", test_event_media);
  g_test_add_func ("/protocol/response", test_response);
  g_test_add_func ("/protocol/response-without-error-text", test_response_without_error_text);
  g_test_add_func ("/protocol/malformed", test_malformed);
  g_test_add_func ("/protocol/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/protocol/too-long", test_too_long);
  g_test_add_func ("/protocol/encode-command", test_encode_command);
  return g_test_run ();
}
