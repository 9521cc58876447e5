/* What account.add carries: every setting given, nothing empty, copies independent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "engine/parlo-engine-account.h"

static void
test_to_json (void)
{
  g_autoptr(ParloEngineAccount) account = parlo_engine_account_new ("sip:alice@example.org");
  g_autoptr(ParloEngineAccount) copy = NULL;
  g_autoptr(JsonObject) json = NULL;

  account->password = g_strdup ("s3cret");
  account->transport = g_strdup ("tls");
  account->display_name = g_strdup ("");
  account->regint = 600;
  account->ice = TRUE;
  account->audio_codecs = g_strdup ("G722/16000/1,PCMA/8000/1");

  json = parlo_engine_account_to_json (account);
  g_assert_cmpstr (json_object_get_string_member (json, "aor"), ==, "sip:alice@example.org");
  g_assert_cmpstr (json_object_get_string_member (json, "password"), ==, "s3cret");
  g_assert_cmpstr (json_object_get_string_member (json, "transport"), ==, "tls");
  g_assert_cmpint (json_object_get_int_member (json, "regint"), ==, 600);
  g_assert_true (json_object_get_boolean_member (json, "ice"));
  g_assert_false (json_object_get_boolean_member (json, "catchall"));
  g_assert_cmpstr (json_object_get_string_member (json, "audio_codecs"), ==, "G722/16000/1,PCMA/8000/1");
  /* Empty and unset settings are left out, so the engine keeps its defaults. */
  g_assert_false (json_object_has_member (json, "display_name"));
  g_assert_false (json_object_has_member (json, "outbound"));

  copy = parlo_engine_account_copy (account);
  g_clear_pointer (&account->audio_codecs, g_free);
  g_clear_pointer (&json, json_object_unref);
  json = parlo_engine_account_to_json (account);
  g_assert_false (json_object_has_member (json, "audio_codecs"));
  g_assert_cmpstr (copy->audio_codecs, ==, "G722/16000/1,PCMA/8000/1");
  g_clear_pointer (&copy, parlo_engine_account_free);

  copy = parlo_engine_account_copy (account);
  g_clear_pointer (&account, parlo_engine_account_free);
  g_assert_cmpstr (copy->password, ==, "s3cret");
  g_assert_cmpstr (copy->aor, ==, "sip:alice@example.org");
}

/* The NAT and route settings reach account.add, and the copy keeps the TURN
 * password after the original is wiped. */
static void
test_nat_to_json (void)
{
  g_autoptr(ParloEngineAccount) account = parlo_engine_account_new ("sip:alice@example.org");
  g_autoptr(ParloEngineAccount) copy = NULL;
  g_autoptr(JsonObject) json = NULL;

  account->outbound = g_strdup ("sip:proxy.example.org;lr");
  account->server = g_strdup ("sip:registrar.example.org;lr");
  account->turn = g_strdup ("turn:turn.example.org:3478");
  account->turn_user = g_strdup ("alice-relay");
  account->turn_password = g_strdup ("relay-s3cret");
  account->keepalive = 25;

  json = parlo_engine_account_to_json (account);
  g_assert_cmpstr (json_object_get_string_member (json, "outbound"), ==, "sip:proxy.example.org;lr");
  g_assert_cmpstr (json_object_get_string_member (json, "server"), ==, "sip:registrar.example.org;lr");
  g_assert_cmpstr (json_object_get_string_member (json, "turn"), ==, "turn:turn.example.org:3478");
  g_assert_cmpstr (json_object_get_string_member (json, "turn_user"), ==, "alice-relay");
  g_assert_cmpstr (json_object_get_string_member (json, "turn_password"), ==, "relay-s3cret");
  g_assert_cmpint (json_object_get_int_member (json, "keepalive"), ==, 25);

  copy = parlo_engine_account_copy (account);
  g_clear_pointer (&account, parlo_engine_account_free);
  g_assert_cmpstr (copy->turn_password, ==, "relay-s3cret");

  /* 0 leaves the interval to the engine. */
  copy->keepalive = 0;
  g_clear_pointer (&json, json_object_unref);
  json = parlo_engine_account_to_json (copy);
  g_assert_false (json_object_has_member (json, "keepalive"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-account/to-json", test_to_json);
  g_test_add_func ("/engine-account/nat-to-json", test_nat_to_json);
  return g_test_run ();
}
