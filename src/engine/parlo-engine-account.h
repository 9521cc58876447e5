/* parlo-engine-account.h — what the engine is told about one account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What account.add carries; the passwords live only in memory. */
typedef struct {
  char    *aor;
  char    *password;
  char    *auth_user;
  char    *display_name;
  char    *transport;     /* "udp", "tcp", "tls" or NULL */
  char    *outbound;      /* the first hop: the outbound proxy */
  char    *server;        /* the registrar, reached through outbound when both are set */
  guint    regint;        /* seconds; 0 never registers */
  char    *mediaenc;      /* "srtp", "srtp-mand", "dtls_srtp" or NULL */
  char    *stun;          /* "stun:host:port" */
  char    *turn;          /* "turn:host:port"; ICE then gathers relayed candidates */
  char    *turn_user;
  char    *turn_password;
  gboolean ice;
  gboolean catchall;
  gboolean accept_direct; /* ring for INVITEs that did not come from the account's server */
  guint    keepalive;     /* seconds between NAT keepalives over UDP; 0: the engine's 15 */
  char    *audio_codecs;  /* "PCMA/8000/1,PCMU/8000/1"…; NULL offers the engine's codecs in its order */
  char    *tls_pin;       /* "AA:BB:…", the SHA-256 of a server certificate trusted anyway; NULL for none */
  char    *contact_user;  /* the Contact's user in place of baresip's "login-0x…"; NULL keeps that */
} ParloEngineAccount;

#define PARLO_TYPE_ENGINE_ACCOUNT (parlo_engine_account_get_type ())
GType               parlo_engine_account_get_type (void) G_GNUC_CONST;
ParloEngineAccount *parlo_engine_account_new      (const char *aor);
ParloEngineAccount *parlo_engine_account_copy     (const ParloEngineAccount *account);
void                parlo_engine_account_free     (ParloEngineAccount *account);
JsonObject         *parlo_engine_account_to_json  (const ParloEngineAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParloEngineAccount, parlo_engine_account_free)

G_END_DECLS
