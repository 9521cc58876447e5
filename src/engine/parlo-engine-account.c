/* parlo-engine-account.c — what the engine is told about one account
 *
 * The passwords (the SIP one and the TURN one) are held here only in memory (the
 * engine needs them again after a restart) and wiped when the account is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "parlo-engine-account.h"
#include "parlo-bridge-protocol.h"

G_DEFINE_BOXED_TYPE (ParloEngineAccount, parlo_engine_account,
                     parlo_engine_account_copy, parlo_engine_account_free)

ParloEngineAccount *
parlo_engine_account_new (const char *aor)
{
  ParloEngineAccount *account = g_new0 (ParloEngineAccount, 1);

  account->aor = g_strdup (aor);
  return account;
}

ParloEngineAccount *
parlo_engine_account_copy (const ParloEngineAccount *account)
{
  ParloEngineAccount *copy = g_memdup2 (account, sizeof *account);

  copy->aor = g_strdup (account->aor);
  copy->password = g_strdup (account->password);
  copy->auth_user = g_strdup (account->auth_user);
  copy->display_name = g_strdup (account->display_name);
  copy->transport = g_strdup (account->transport);
  copy->outbound = g_strdup (account->outbound);
  copy->server = g_strdup (account->server);
  copy->mediaenc = g_strdup (account->mediaenc);
  copy->stun = g_strdup (account->stun);
  copy->turn = g_strdup (account->turn);
  copy->turn_user = g_strdup (account->turn_user);
  copy->turn_password = g_strdup (account->turn_password);
  copy->audio_codecs = g_strdup (account->audio_codecs);
  copy->tls_pin = g_strdup (account->tls_pin);
  copy->contact_user = g_strdup (account->contact_user);
  return copy;
}

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

void
parlo_engine_account_free (ParloEngineAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->aor);
  wipe (account->password);
  g_free (account->auth_user);
  g_free (account->display_name);
  g_free (account->transport);
  g_free (account->outbound);
  g_free (account->server);
  g_free (account->mediaenc);
  g_free (account->stun);
  g_free (account->turn);
  g_free (account->turn_user);
  wipe (account->turn_password);
  g_free (account->audio_codecs);
  g_free (account->tls_pin);
  g_free (account->contact_user);
  g_free (account);
}

/* The arguments of account.add. */
JsonObject *
parlo_engine_account_to_json (const ParloEngineAccount *account)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, PARLO_BRIDGE_FIELD_AOR, account->aor);
#define SET_STRING(field, name) \
  if (account->field != NULL && *account->field != '\0') \
    json_object_set_string_member (object, name, account->field)
  SET_STRING (password, PARLO_BRIDGE_FIELD_PASSWORD);
  SET_STRING (auth_user, PARLO_BRIDGE_FIELD_AUTH_USER);
  SET_STRING (display_name, PARLO_BRIDGE_FIELD_DISPLAY_NAME);
  SET_STRING (transport, PARLO_BRIDGE_FIELD_TRANSPORT);
  SET_STRING (outbound, PARLO_BRIDGE_FIELD_OUTBOUND);
  SET_STRING (server, PARLO_BRIDGE_FIELD_SERVER);
  SET_STRING (mediaenc, PARLO_BRIDGE_FIELD_MEDIAENC);
  SET_STRING (stun, PARLO_BRIDGE_FIELD_STUN);
  SET_STRING (turn, PARLO_BRIDGE_FIELD_TURN);
  SET_STRING (turn_user, PARLO_BRIDGE_FIELD_TURN_USER);
  SET_STRING (turn_password, PARLO_BRIDGE_FIELD_TURN_PASSWORD);
  SET_STRING (audio_codecs, PARLO_BRIDGE_FIELD_AUDIO_CODECS);
  SET_STRING (tls_pin, PARLO_BRIDGE_FIELD_TLS_PIN);
  SET_STRING (contact_user, PARLO_BRIDGE_FIELD_CONTACT_USER);
#undef SET_STRING
  json_object_set_int_member (object, PARLO_BRIDGE_FIELD_REGINT, account->regint);
  json_object_set_boolean_member (object, PARLO_BRIDGE_FIELD_ICE, account->ice);
  if (account->keepalive > 0)
    json_object_set_int_member (object, PARLO_BRIDGE_FIELD_KEEPALIVE, account->keepalive);
  json_object_set_boolean_member (object, PARLO_BRIDGE_FIELD_CATCHALL, account->catchall);
  json_object_set_boolean_member (object, PARLO_BRIDGE_FIELD_ACCEPT_DIRECT, account->accept_direct);
  return object;
}
