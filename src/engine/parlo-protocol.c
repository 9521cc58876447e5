/* parlo-protocol.c — the one codec for the bridge protocol
 *
 * Everything the engine sends is untrusted: each field is type-checked here and a
 * line that does not fit the protocol is refused with an error, never half-applied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-protocol"

#include <string.h>

#include "parlo-protocol.h"

G_DEFINE_QUARK (parlo-protocol-error-quark, parlo_protocol_error)
G_DEFINE_BOXED_TYPE (ParloEvent, parlo_event, parlo_event_copy, parlo_event_free)
G_DEFINE_BOXED_TYPE (ParloResponse, parlo_response, parlo_response_copy, parlo_response_free)

static const struct {
  const char    *name;
  ParloEventType type;
} event_names[] = {
  { PARLO_BRIDGE_EVENT_REGISTERING, PARLO_EVENT_REGISTERING },
  { PARLO_BRIDGE_EVENT_REGISTER_OK, PARLO_EVENT_REGISTER_OK },
  { PARLO_BRIDGE_EVENT_REGISTER_FAIL, PARLO_EVENT_REGISTER_FAIL },
  { PARLO_BRIDGE_EVENT_UNREGISTERING, PARLO_EVENT_UNREGISTERING },
  { PARLO_BRIDGE_EVENT_CALL_INCOMING, PARLO_EVENT_CALL_INCOMING },
  { PARLO_BRIDGE_EVENT_CALL_RINGING, PARLO_EVENT_CALL_RINGING },
  { PARLO_BRIDGE_EVENT_CALL_PROGRESS, PARLO_EVENT_CALL_PROGRESS },
  { PARLO_BRIDGE_EVENT_CALL_ESTABLISHED, PARLO_EVENT_CALL_ESTABLISHED },
  { PARLO_BRIDGE_EVENT_CALL_CLOSED, PARLO_EVENT_CALL_CLOSED },
  { PARLO_BRIDGE_EVENT_CALL_UPDATE, PARLO_EVENT_CALL_UPDATE },
  { PARLO_BRIDGE_EVENT_CALL_DTMF_START, PARLO_EVENT_CALL_DTMF_START },
  { PARLO_BRIDGE_EVENT_CALL_DTMF_END, PARLO_EVENT_CALL_DTMF_END },
  { PARLO_BRIDGE_EVENT_CALL_RTCP, PARLO_EVENT_CALL_RTCP },
  { PARLO_BRIDGE_EVENT_CALL_MENC, PARLO_EVENT_CALL_MENC },
  { PARLO_BRIDGE_EVENT_CALL_RTP_RX_STOPPED, PARLO_EVENT_CALL_RTP_RX_STOPPED },
  { PARLO_BRIDGE_EVENT_CALL_RTP_RX_RESUMED, PARLO_EVENT_CALL_RTP_RX_RESUMED },
  { PARLO_BRIDGE_EVENT_TRANSFER, PARLO_EVENT_CALL_TRANSFER },
  { PARLO_BRIDGE_EVENT_TRANSFER_FAILED, PARLO_EVENT_CALL_TRANSFER_FAILED },
  { PARLO_BRIDGE_EVENT_VU_TX, PARLO_EVENT_VU_TX },
  { PARLO_BRIDGE_EVENT_VU_RX, PARLO_EVENT_VU_RX },
  { PARLO_BRIDGE_EVENT_ECHO_DELAY, PARLO_EVENT_ECHO_DELAY },
};

ParloEvent *
parlo_event_copy (const ParloEvent *event)
{
  ParloEvent *copy = g_memdup2 (event, sizeof *event);

  copy->type_name = g_strdup (event->type_name);
  copy->account = g_strdup (event->account);
  copy->call_id = g_strdup (event->call_id);
  copy->peer_uri = g_strdup (event->peer_uri);
  copy->peer_name = g_strdup (event->peer_name);
  copy->param = g_strdup (event->param);
  copy->codec = g_strdup (event->codec);
  copy->error_name = g_strdup (event->error_name);
  copy->tls_problem = g_strdup (event->tls_problem);
  copy->tls_fingerprint = g_strdup (event->tls_fingerprint);
  copy->tls_names = g_strdupv (event->tls_names);
  return copy;
}

void
parlo_event_free (ParloEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type_name);
  g_free (event->account);
  g_free (event->call_id);
  g_free (event->peer_uri);
  g_free (event->peer_name);
  g_free (event->param);
  g_free (event->codec);
  g_free (event->error_name);
  g_free (event->tls_problem);
  g_free (event->tls_fingerprint);
  g_strfreev (event->tls_names);
  g_free (event);
}

ParloResponse *
parlo_response_copy (const ParloResponse *response)
{
  ParloResponse *copy = g_memdup2 (response, sizeof *response);

  copy->error = g_strdup (response->error);
  copy->body = response->body ? json_object_ref (response->body) : NULL;
  return copy;
}

void
parlo_response_free (ParloResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->error);
  g_clear_pointer (&response->body, json_object_unref);
  g_free (response);
}

static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError **error, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_INVALID,
               "Malformed message from the engine: %s", what);
  return FALSE;
}

/* Reads an optional member of the given value type. Absent or null is fine;
 * present with another type is a protocol error. */
static gboolean
lookup_member (JsonObject  *object,
               const char  *name,
               GType        value_type,
               JsonNode   **out_node)
{
  JsonNode *node = json_object_get_member (object, name);

  *out_node = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != value_type)
    return FALSE;
  *out_node = node;
  return TRUE;
}

static gboolean
read_string (JsonObject *object, const char *name, char **out, GError **error)
{
  JsonNode *node;

  if (!lookup_member (object, name, G_TYPE_STRING, &node))
    return invalid (error, "“%s” is not a string", name);
  *out = node ? json_node_dup_string (node) : NULL;
  return TRUE;
}

static gboolean
read_boolean (JsonObject *object, const char *name, gboolean *out, GError **error)
{
  JsonNode *node;

  if (!lookup_member (object, name, G_TYPE_BOOLEAN, &node))
    return invalid (error, "“%s” is not a boolean", name);
  *out = node ? json_node_get_boolean (node) : FALSE;
  return TRUE;
}

static gboolean
read_integer (JsonObject *object, const char *name, gint64 min, gint64 max,
              gint64 *out, GError **error)
{
  JsonNode *node;

  if (!lookup_member (object, name, G_TYPE_INT64, &node) ||
      (node && (json_node_get_int (node) < min || json_node_get_int (node) > max)))
    return invalid (error, "“%s” is not an integer in range", name);
  *out = node ? json_node_get_int (node) : 0;
  return TRUE;
}

/* JSON has one kind of number: a level may come as 0 or as -20.5. */
static gboolean
read_level (JsonObject *object, ParloEvent *event, GError **error)
{
  JsonNode *node = json_object_get_member (object, PARLO_BRIDGE_FIELD_LEVEL);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return invalid (error, "“%s” is not a number", PARLO_BRIDGE_FIELD_LEVEL);
  event->level = json_node_get_double (node);
  if (!(event->level >= PARLO_PROTOCOL_LEVEL_MIN && event->level <= PARLO_PROTOCOL_LEVEL_MAX))
    return invalid (error, "“%s” is out of range", PARLO_BRIDGE_FIELD_LEVEL);
  event->has_level = TRUE;
  return TRUE;
}

static ParloEventType
event_type_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (event_names); i++)
    if (g_str_equal (event_names[i].name, name))
      return event_names[i].type;
  return PARLO_EVENT_OTHER;
}

static gboolean
read_rtcp_direction (JsonObject *stats, const char *name,
                     guint *packets, gint *lost, guint *jitter, GError **error)
{
  JsonNode *node = json_object_get_member (stats, name);
  JsonObject *direction;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "incomplete RTCP statistics");
  direction = json_node_get_object (node);
  if (!read_integer (direction, PARLO_BRIDGE_FIELD_SENT, 0, G_MAXUINT32, &value, error))
    return FALSE;
  *packets = value;
  if (!read_integer (direction, PARLO_BRIDGE_FIELD_LOST, G_MININT32, G_MAXINT32, &value, error))
    return FALSE;
  *lost = value;
  if (!read_integer (direction, PARLO_BRIDGE_FIELD_JIT, 0, G_MAXUINT32, &value, error))
    return FALSE;
  *jitter = value;
  return TRUE;
}

static gboolean
read_rtcp (JsonObject *object, ParloEvent *event, GError **error)
{
  JsonNode *node = json_object_get_member (object, PARLO_BRIDGE_FIELD_RTCP_STATS);
  JsonObject *stats;
  gint64 rtt;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "“%s” is not an object", PARLO_BRIDGE_FIELD_RTCP_STATS);
  stats = json_node_get_object (node);
  if (!read_rtcp_direction (stats, PARLO_BRIDGE_FIELD_RX, &event->rtcp.rx_packets,
                            &event->rtcp.rx_lost, &event->rtcp.rx_jitter_us, error) ||
      !read_rtcp_direction (stats, PARLO_BRIDGE_FIELD_TX, &event->rtcp.tx_packets,
                            &event->rtcp.tx_lost, &event->rtcp.tx_jitter_us, error) ||
      !read_integer (stats, PARLO_BRIDGE_FIELD_RTT, 0, G_MAXUINT32, &rtt, error))
    return FALSE;
  event->rtcp.rtt_us = rtt;
  event->has_rtcp = TRUE;
  return TRUE;
}

static gboolean
read_names (JsonObject *object, const char *name, GStrv *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“%s” is not an array", name);
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (item), -1, NULL))
        return invalid (error, "“%s” holds something other than names", name);
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* What a refused certificate says; a fingerprint is hex digits and colons only. */
static gboolean
read_certificate (JsonObject *object, ParloEvent *event, GError **error)
{
  if (!read_string (object, PARLO_BRIDGE_FIELD_TLS_PROBLEM, &event->tls_problem, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_TLS_FINGERPRINT, &event->tls_fingerprint, error) ||
      !read_names (object, PARLO_BRIDGE_FIELD_TLS_NAMES, &event->tls_names, error) ||
      !read_integer (object, PARLO_BRIDGE_FIELD_TLS_EXPIRES, 0, G_MAXINT64, &event->tls_expires, error))
    return FALSE;
  if (event->tls_fingerprint != NULL &&
      strspn (event->tls_fingerprint, "0123456789ABCDEF:") != strlen (event->tls_fingerprint))
    return invalid (error, "“%s” is not a fingerprint", PARLO_BRIDGE_FIELD_TLS_FINGERPRINT);
  return TRUE;
}

static ParloEvent *
decode_event (JsonObject *object, GError **error)
{
  g_autoptr(ParloEvent) event = g_new0 (ParloEvent, 1);
  g_autofree char *direction = NULL;
  g_autofree char *cause = NULL;
  gint64 scode, expires, delay_ms;

  if (!read_string (object, PARLO_BRIDGE_FIELD_TYPE, &event->type_name, error))
    return NULL;
  if (event->type_name == NULL)
    {
      invalid (error, "event without a type");
      return NULL;
    }
  event->type = event_type_from_name (event->type_name);

  if (!read_string (object, PARLO_BRIDGE_FIELD_ACCOUNTAOR, &event->account, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_ID, &event->call_id, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_PEERURI, &event->peer_uri, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_PEERDISPLAYNAME, &event->peer_name, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_PARAM, &event->param, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_DIRECTION, &direction, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_ONHOLD, &event->onhold, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_PEERHOLD, &event->peerhold, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_MUTED, &event->muted, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_ENCRYPTED, &event->encrypted, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_CAUSE, &cause, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_LOCAL, &event->local, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_TRANSFERRED, &event->transferred, error) ||
      !read_integer (object, PARLO_BRIDGE_FIELD_SCODE, 0, 999, &scode, error) ||
      !read_integer (object, PARLO_BRIDGE_FIELD_EXPIRES, 0, G_MAXUINT32, &expires, error) ||
      !read_integer (object, PARLO_BRIDGE_FIELD_DELAY_MS, -1, G_MAXINT32, &delay_ms, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_ERROR, &event->error_name, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_CODEC, &event->codec, error) ||
      !read_level (object, event, error) ||
      !read_rtcp (object, event, error) ||
      !read_certificate (object, event, error))
    return NULL;

  event->scode = scode;
  event->expires = expires;
  event->delay_ms = json_object_has_member (object, PARLO_BRIDGE_FIELD_DELAY_MS) ? delay_ms : -1;
  event->has_call_flags = json_object_has_member (object, PARLO_BRIDGE_FIELD_ONHOLD);
  /* A cause this version does not know is no cause it can explain. */
  if (g_strcmp0 (cause, PARLO_BRIDGE_CAUSE_UNENCRYPTED) == 0)
    event->cause = PARLO_EVENT_CAUSE_UNENCRYPTED;
  if (g_strcmp0 (direction, PARLO_BRIDGE_DIRECTION_INCOMING) == 0)
    event->direction = PARLO_EVENT_DIRECTION_INCOMING;
  else if (g_strcmp0 (direction, PARLO_BRIDGE_DIRECTION_OUTGOING) == 0)
    event->direction = PARLO_EVENT_DIRECTION_OUTGOING;
  else if (direction != NULL)
    {
      invalid (error, "unknown call direction");
      return NULL;
    }

  return g_steal_pointer (&event);
}

static ParloResponse *
decode_response (JsonObject *object, GError **error)
{
  g_autoptr(ParloResponse) response = g_new0 (ParloResponse, 1);

  if (!read_integer (object, PARLO_BRIDGE_FIELD_ID, 1, G_MAXINT64, &response->id, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_OK, &response->ok, error) ||
      !read_string (object, PARLO_BRIDGE_FIELD_ERROR, &response->error, error))
    return NULL;
  if (!json_object_has_member (object, PARLO_BRIDGE_FIELD_OK))
    {
      invalid (error, "response without “%s”", PARLO_BRIDGE_FIELD_OK);
      return NULL;
    }
  if (!response->ok && response->error == NULL)
    response->error = g_strdup ("The engine refused the request without saying why");
  response->body = json_object_ref (object);
  return g_steal_pointer (&response);
}

gboolean
parlo_protocol_decode (const char     *line,
                       gsize           length,
                       ParloEvent    **out_event,
                       ParloResponse **out_response,
                       GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *root;
  gboolean is_event = FALSE, is_response = FALSE;

  *out_event = NULL;
  *out_response = NULL;

  if (length > PARLO_PROTOCOL_MAX_LINE)
    {
      g_set_error (error, PARLO_PROTOCOL_ERROR, PARLO_PROTOCOL_ERROR_TOO_LONG,
                   "Message from the engine is longer than %d bytes", PARLO_PROTOCOL_MAX_LINE);
      return FALSE;
    }
  if (!g_utf8_validate_len (line, length, NULL))
    return invalid (error, "not UTF-8 text");
  if (!json_parser_load_from_data (parser, line, length, NULL))
    return invalid (error, "not JSON");

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, "not a JSON object");
  object = json_node_get_object (root);

  if (!read_boolean (object, PARLO_BRIDGE_FIELD_EVENT, &is_event, error) ||
      !read_boolean (object, PARLO_BRIDGE_FIELD_RESPONSE, &is_response, error))
    return FALSE;
  if (is_event == is_response)
    return invalid (error, "neither an event nor a response");

  if (is_event)
    *out_event = decode_event (object, error);
  else
    *out_response = decode_response (object, error);
  return *out_event != NULL || *out_response != NULL;
}

char *
parlo_protocol_encode_command (gint64      id,
                               const char *command,
                               JsonObject *arguments)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (id > 0, NULL);
  g_return_val_if_fail (command != NULL, NULL);

  json_object_set_int_member (object, PARLO_BRIDGE_FIELD_ID, id);
  json_object_set_string_member (object, PARLO_BRIDGE_FIELD_COMMAND, command);
  if (arguments != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (arguments);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (arguments, l->data)));
    }

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  /* JSON escapes control characters inside strings, so one command is one line. */
  return g_strconcat (text, "\n", NULL);
}
