/* parlo-account.h — one SIP account: its settings and its registration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  PARLO_TRANSPORT_UDP,
  PARLO_TRANSPORT_TCP,
  PARLO_TRANSPORT_TLS,
} ParloTransport;

typedef enum {
  PARLO_MEDIA_ENCRYPTION_NONE,
  PARLO_MEDIA_ENCRYPTION_SRTP_OPTIONAL,
  PARLO_MEDIA_ENCRYPTION_SRTP_MANDATORY,
  PARLO_MEDIA_ENCRYPTION_DTLS_SRTP,       /* keys agreed over DTLS; both sides need it */
} ParloMediaEncryption;

typedef enum {
  PARLO_REGISTRATION_DISABLED,
  PARLO_REGISTRATION_REGISTERING,
  PARLO_REGISTRATION_REGISTERED,
  PARLO_REGISTRATION_READY,          /* direct calls: usable without registering */
  PARLO_REGISTRATION_FAILED,
  PARLO_REGISTRATION_UNREGISTERING,
} ParloRegistrationState;

typedef enum {
  PARLO_REGISTRATION_FAILURE_NONE,
  PARLO_REGISTRATION_FAILURE_CREDENTIALS,  /* 401/403/407 after the retry */
  PARLO_REGISTRATION_FAILURE_NOT_FOUND,    /* 404 */
  PARLO_REGISTRATION_FAILURE_UNREACHABLE,  /* refused, timed out, no route */
  PARLO_REGISTRATION_FAILURE_DNS,          /* the server name does not resolve */
  PARLO_REGISTRATION_FAILURE_TLS,          /* the TLS handshake failed */
  /* the server's certificate was refused: */
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY,
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME,        /* for other names */
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED,
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_NOT_YET_VALID,
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_SELF_SIGNED,
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_CHANGED,     /* not the one trusted */
  PARLO_REGISTRATION_FAILURE_CERTIFICATE_INVALID,
  PARLO_REGISTRATION_FAILURE_REJECTED,     /* any other SIP status */
  PARLO_REGISTRATION_FAILURE_NO_PASSWORD,  /* the keyring has none, or is unavailable */
  PARLO_REGISTRATION_FAILURE_ENGINE,       /* the engine refused the account */
} ParloRegistrationFailure;

#define PARLO_ACCOUNT_ERROR (parlo_account_error_quark ())

/* Which setting is wrong, so that a form can point at it. */
typedef enum {
  PARLO_ACCOUNT_ERROR_ADDRESS,
  PARLO_ACCOUNT_ERROR_DISPLAY_NAME,
  PARLO_ACCOUNT_ERROR_AUTH_USER,
  PARLO_ACCOUNT_ERROR_SERVER,
  PARLO_ACCOUNT_ERROR_OUTBOUND_PROXY,
  PARLO_ACCOUNT_ERROR_STUN_SERVER,
  PARLO_ACCOUNT_ERROR_AUDIO_CODECS,
  PARLO_ACCOUNT_ERROR_TURN_SERVER,
  PARLO_ACCOUNT_ERROR_TURN_USER,
} ParloAccountError;

#define PARLO_ACCOUNT_MIN_INTERVAL 10
#define PARLO_ACCOUNT_MAX_INTERVAL 86400

#define PARLO_TYPE_ACCOUNT (parlo_account_get_type ())
G_DECLARE_FINAL_TYPE (ParloAccount, parlo_account, PARLO, ACCOUNT, GObject)

GQuark                   parlo_account_error_quark           (void);
ParloAccount            *parlo_account_new                   (const char   *id);
ParloAccount            *parlo_account_new_direct            (const char   *aor);
ParloAccount            *parlo_account_dup                   (ParloAccount *self);
void                     parlo_account_copy_settings         (ParloAccount *self,
                                                              ParloAccount *from);
const char * const      *parlo_account_list_settings         (void);
const char * const      *parlo_account_list_codecs           (void);
gboolean                 parlo_account_check                 (ParloAccount *self,
                                                              GError      **error);

const char              *parlo_account_get_id                (ParloAccount *self);
gboolean                 parlo_account_is_direct             (ParloAccount *self);
const char              *parlo_account_get_aor               (ParloAccount *self);
const char              *parlo_account_get_title             (ParloAccount *self);
const char              *parlo_account_get_display_name      (ParloAccount *self);
const char              *parlo_account_get_address           (ParloAccount *self);
const char              *parlo_account_get_auth_user         (ParloAccount *self);
const char              *parlo_account_get_server            (ParloAccount *self);
ParloTransport           parlo_account_get_transport         (ParloAccount *self);
const char              *parlo_account_get_outbound_proxy    (ParloAccount *self);
guint                    parlo_account_get_registration_interval (ParloAccount *self);
ParloMediaEncryption     parlo_account_get_media_encryption  (ParloAccount *self);
const char              *parlo_account_get_stun_server       (ParloAccount *self);
gboolean                 parlo_account_get_ice               (ParloAccount *self);
const char              *parlo_account_get_turn_server       (ParloAccount *self);
const char              *parlo_account_get_turn_user         (ParloAccount *self);
const char * const      *parlo_account_get_audio_codecs      (ParloAccount *self);
const char              *parlo_account_get_tls_pin           (ParloAccount *self);
/* The user part of the account's Contact: a random token that names neither
 * the login nor the engine's memory; "" until the store gives it one. */
const char              *parlo_account_get_contact_user      (ParloAccount *self);
gboolean                 parlo_account_get_accept_direct_calls (ParloAccount *self);
gboolean                 parlo_account_get_enabled           (ParloAccount *self);
void                     parlo_account_set_enabled           (ParloAccount *self,
                                                              gboolean      enabled);

ParloRegistrationState   parlo_account_get_registration_state (ParloAccount *self);
ParloRegistrationFailure parlo_account_get_failure           (ParloAccount *self);
const char              *parlo_account_get_failure_detail    (ParloAccount *self);
GDateTime               *parlo_account_get_expires           (ParloAccount *self);
gboolean                 parlo_account_is_certificate_refused (ParloAccount *self);

char *parlo_registration_failure_describe_certificate (ParloRegistrationFailure  failure,
                                                       const char * const       *names,
                                                       GDateTime                *expires);
const char              *parlo_account_get_certificate_fingerprint (ParloAccount *self);
const char * const      *parlo_account_get_certificate_names (ParloAccount *self);
GDateTime               *parlo_account_get_certificate_expires (ParloAccount *self);
const char              *parlo_account_get_status            (ParloAccount *self);
gboolean                 parlo_account_can_call              (ParloAccount *self);

G_END_DECLS
