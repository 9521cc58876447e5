/* parlo-engine-account.c — what the engine is told about one account
 *
 * The password is held here only in memory (the engine needs it again after a
 * restart) and wiped when the account is freed.
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
  copy->mediaenc = g_strdup (account->mediaenc);
  copy->stun = g_strdup (account->stun);
  copy->audio_codecs = g_strdup (account->audio_codecs);
  copy->tls_pin = g_strdup (account->tls_pin);
  return copy;
}

void
parlo_engine_account_free (ParloEngineAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->aor);
  if (account->password != NULL)
    memset (account->password, 0, strlen (account->password));
  g_free (account->password);
  g_free (account->auth_user);
  g_free (account->display_name);
  g_free (account->transport);
  g_free (account->outbound);
  g_free (account->mediaenc);
  g_free (account->stun);
  g_free (account->audio_codecs);
  g_free (account->tls_pin);
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
  SET_STRING (mediaenc, PARLO_BRIDGE_FIELD_MEDIAENC);
  SET_STRING (stun, PARLO_BRIDGE_FIELD_STUN);
  SET_STRING (audio_codecs, PARLO_BRIDGE_FIELD_AUDIO_CODECS);
  SET_STRING (tls_pin, PARLO_BRIDGE_FIELD_TLS_PIN);
#undef SET_STRING
  json_object_set_int_member (object, PARLO_BRIDGE_FIELD_REGINT, account->regint);
  json_object_set_boolean_member (object, PARLO_BRIDGE_FIELD_ICE, account->ice);
  json_object_set_boolean_member (object, PARLO_BRIDGE_FIELD_CATCHALL, account->catchall);
  return object;
}
