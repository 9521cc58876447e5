/* parlo-account.c — one SIP account: its settings and its registration
 *
 * A UI-free object. Its settings are writable properties, named as the keys of
 * the account's GSettings schema so that the store can bind them one to one; its
 * registration is read-only and changed only through parlo-account-private.h.
 * The password is not here: it lives in the Secret Service (see the store).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlo-account-private.h"
#include "parlo-model-enums.h"
#include "parlo-uri.h"
#include "parlo-util.h"

#define DEFAULT_INTERVAL 600

struct _ParloAccount
{
  GObject                  parent_instance;

  char                    *id;
  gboolean                 direct;
  char                    *aor;
  char                    *title;

  char                    *display_name;
  char                    *address;
  char                    *auth_user;
  char                    *server;
  ParloTransport           transport;
  char                    *outbound_proxy;
  guint                    registration_interval;
  ParloMediaEncryption     media_encryption;
  char                    *stun_server;
  gboolean                 ice;
  char                    *turn_server;
  char                    *turn_user;
  GStrv                    audio_codecs;
  char                    *tls_pin;
  gboolean                 accept_direct_calls;
  gboolean                 enabled;
  char                    *contact_user;

  ParloRegistrationState   registration_state;
  ParloRegistrationFailure failure;
  char                    *failure_detail;
  GDateTime               *expires;
  char                    *status;
  /* the server's certificate, when it was refused */
  char                    *certificate_fingerprint;
  GStrv                    certificate_names;
  GDateTime               *certificate_expires;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DIRECT,
  PROP_AOR,
  PROP_TITLE,
  /* settings, in the order of parlo_account_list_settings () */
  PROP_DISPLAY_NAME,
  PROP_ADDRESS,
  PROP_AUTH_USER,
  PROP_SERVER,
  PROP_TRANSPORT,
  PROP_OUTBOUND_PROXY,
  PROP_REGISTRATION_INTERVAL,
  PROP_MEDIA_ENCRYPTION,
  PROP_STUN_SERVER,
  PROP_ICE,
  PROP_TURN_SERVER,
  PROP_TURN_USER,
  PROP_AUDIO_CODECS,
  PROP_TLS_PIN,
  PROP_ACCEPT_DIRECT_CALLS,
  PROP_ENABLED,
  PROP_CONTACT_USER,
  /* registration */
  PROP_REGISTRATION_STATE,
  PROP_FAILURE,
  PROP_FAILURE_DETAIL,
  PROP_EXPIRES,
  PROP_STATUS,
  PROP_CERTIFICATE_FINGERPRINT,
  PROP_CERTIFICATE_NAMES,
  PROP_CERTIFICATE_EXPIRES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloAccount, parlo_account, G_TYPE_OBJECT)
G_DEFINE_QUARK (parlo-account-error-quark, parlo_account_error)

static const char * const settings_names[] = {
  "display-name", "address", "auth-user", "server", "transport", "outbound-proxy",
  "registration-interval", "media-encryption", "stun-server", "ice", "turn-server",
  "turn-user", "audio-codecs", "tls-pin", "accept-direct-calls", "enabled", NULL
};

/* The codecs an account may offer, best first, in the engine's notation. */
static const char * const known_codecs[] = {
  "opus/48000/2", "G722/16000/1", "PCMA/8000/1", "PCMU/8000/1", NULL
};

const char * const *
parlo_account_list_codecs (void)
{
  return known_codecs;
}

/* The settings, by property name, which are also the GSettings keys. */
const char * const *
parlo_account_list_settings (void)
{
  return settings_names;
}

static const char *
words_of_failure (ParloRegistrationFailure failure)
{
  switch (failure)
    {
    case PARLO_REGISTRATION_FAILURE_CREDENTIALS: return _("Wrong user name or password");
    case PARLO_REGISTRATION_FAILURE_NOT_FOUND: return _("The server does not know this account");
    case PARLO_REGISTRATION_FAILURE_UNREACHABLE: return _("The server cannot be reached");
    case PARLO_REGISTRATION_FAILURE_DNS: return _("The server name is unknown");
    case PARLO_REGISTRATION_FAILURE_TLS: return _("The secure connection to the server failed");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY:
      return _("The server’s certificate is not from an authority this computer trusts");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME: return _("The server’s certificate is for another server");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED: return _("The server’s certificate has expired");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_NOT_YET_VALID: return _("The server’s certificate is not valid yet");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_SELF_SIGNED:
      return _("The server signed its own certificate: no authority vouches for it");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_CHANGED:
      return _("The server’s certificate changed since you trusted it: it may not be your server");
    case PARLO_REGISTRATION_FAILURE_CERTIFICATE_INVALID: return _("The server’s certificate is not valid");
    case PARLO_REGISTRATION_FAILURE_REJECTED: return _("The server refused the registration");
    case PARLO_REGISTRATION_FAILURE_NO_PASSWORD: return _("The password could not be read from the keyring");
    case PARLO_REGISTRATION_FAILURE_ENGINE: return _("The account could not be set up");
    case PARLO_REGISTRATION_FAILURE_NONE:
    default: return _("Registration failed");
    }
}

static const char *
failure_words (ParloAccount *self)
{
  return words_of_failure (self->failure);
}

/* What is wrong with a server's certificate, in words: with the names it is
 * for when they are the problem, or the day it expired. The account's status
 * and a call refused on TLS say the same. */
char *
parlo_registration_failure_describe_certificate (ParloRegistrationFailure  failure,
                                                 const char * const       *names,
                                                 GDateTime                *expires)
{
  g_autofree char *joined = NULL;
  g_autofree char *date = NULL;

  if (failure == PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME && names != NULL && names[0] != NULL)
    {
      joined = g_strjoinv (", ", (char **) names);
      /* Translators: %s is the names a certificate is for, as in other.example.org */
      return g_strdup_printf (_("The server’s certificate is for %s"), joined);
    }
  if (failure == PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED && expires != NULL)
    {
      date = g_date_time_format (expires, "%Y-%m-%d");
      /* Translators: %s is a date, as in 2024-05-31 */
      return g_strdup_printf (_("The server’s certificate expired on %s"), date);
    }
  return g_strdup (words_of_failure (failure));
}

static char *
describe (ParloAccount *self)
{
  switch (self->registration_state)
    {
    case PARLO_REGISTRATION_DISABLED: return g_strdup (_("Off"));
    case PARLO_REGISTRATION_REGISTERING: return g_strdup (_("Connecting…"));
    case PARLO_REGISTRATION_REGISTERED: return g_strdup (_("Registered"));
    case PARLO_REGISTRATION_UNREGISTERING: return g_strdup (_("Signing off…"));
    case PARLO_REGISTRATION_READY:
      /* Translators: %s is the address others call, as in sip:alice@192.168.1.5 */
      return g_strdup_printf (_("Others can call you at %s"), self->aor);
    case PARLO_REGISTRATION_FAILED:
      /* what the engine said ("Protocol error") adds nothing to these */
      if (parlo_account_is_certificate_refused (self))
        return parlo_registration_failure_describe_certificate (self->failure,
                                                                (const char * const *) self->certificate_names,
                                                                self->certificate_expires);
      if (self->failure_detail != NULL && *self->failure_detail != '\0')
        /* Translators: the reason in words, then what the server or system said */
        return g_strdup_printf (_("%s (%s)"), failure_words (self), self->failure_detail);
      return g_strdup (failure_words (self));
    default:
      g_assert_not_reached ();
    }
}

static void
update_status (ParloAccount *self)
{
  g_autofree char *status = describe (self);

  if (parlo_set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
update_names (ParloAccount *self)
{
  g_autofree char *aor = NULL;
  const char *title;

  if (self->direct)
    return;
  aor = g_strconcat ("sip:", self->address, NULL);
  if (parlo_set_str (&self->aor, aor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AOR]);
  title = *self->display_name ? self->display_name : self->address;
  if (parlo_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
set_string (ParloAccount *self, char **slot, const GValue *value, guint prop_id)
{
  const char *text = g_value_get_string (value);

  if (parlo_set_str (slot, text ? text : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_uint (ParloAccount *self, guint *slot, guint value, guint prop_id)
{
  if (*slot == value)
    return;
  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_codecs (ParloAccount *self, const char * const *codecs)
{
  if (codecs == NULL)
    codecs = known_codecs;
  if (self->audio_codecs != NULL && g_strv_equal ((const char * const *) self->audio_codecs, codecs))
    return;
  g_strfreev (self->audio_codecs);
  self->audio_codecs = g_strdupv ((char **) codecs);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_CODECS]);
}

static void
parlo_account_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ParloAccount *self = PARLO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_DISPLAY_NAME: set_string (self, &self->display_name, value, prop_id); break;
    case PROP_ADDRESS: set_string (self, &self->address, value, prop_id); break;
    case PROP_AUTH_USER: set_string (self, &self->auth_user, value, prop_id); break;
    case PROP_SERVER: set_string (self, &self->server, value, prop_id); break;
    case PROP_TRANSPORT: set_uint (self, &self->transport, g_value_get_enum (value), prop_id); break;
    case PROP_OUTBOUND_PROXY: set_string (self, &self->outbound_proxy, value, prop_id); break;
    case PROP_REGISTRATION_INTERVAL:
      set_uint (self, &self->registration_interval, g_value_get_uint (value), prop_id);
      break;
    case PROP_MEDIA_ENCRYPTION:
      set_uint (self, &self->media_encryption, g_value_get_enum (value), prop_id);
      break;
    case PROP_STUN_SERVER: set_string (self, &self->stun_server, value, prop_id); break;
    case PROP_ICE: set_uint (self, (guint *) &self->ice, g_value_get_boolean (value), prop_id); break;
    case PROP_TURN_SERVER: set_string (self, &self->turn_server, value, prop_id); break;
    case PROP_TURN_USER: set_string (self, &self->turn_user, value, prop_id); break;
    case PROP_AUDIO_CODECS: set_codecs (self, g_value_get_boxed (value)); break;
    case PROP_TLS_PIN: set_string (self, &self->tls_pin, value, prop_id); break;
    case PROP_ACCEPT_DIRECT_CALLS:
      set_uint (self, (guint *) &self->accept_direct_calls, g_value_get_boolean (value), prop_id);
      break;
    case PROP_ENABLED: parlo_account_set_enabled (self, g_value_get_boolean (value)); break;
    case PROP_CONTACT_USER: set_string (self, &self->contact_user, value, prop_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  if (prop_id == PROP_DISPLAY_NAME || prop_id == PROP_ADDRESS)
    update_names (self);
}

static void
parlo_account_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloAccount *self = PARLO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_DIRECT: g_value_set_boolean (value, self->direct); break;
    case PROP_AOR: g_value_set_string (value, self->aor); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_AUTH_USER: g_value_set_string (value, self->auth_user); break;
    case PROP_SERVER: g_value_set_string (value, self->server); break;
    case PROP_TRANSPORT: g_value_set_enum (value, self->transport); break;
    case PROP_OUTBOUND_PROXY: g_value_set_string (value, self->outbound_proxy); break;
    case PROP_REGISTRATION_INTERVAL: g_value_set_uint (value, self->registration_interval); break;
    case PROP_MEDIA_ENCRYPTION: g_value_set_enum (value, self->media_encryption); break;
    case PROP_STUN_SERVER: g_value_set_string (value, self->stun_server); break;
    case PROP_ICE: g_value_set_boolean (value, self->ice); break;
    case PROP_TURN_SERVER: g_value_set_string (value, self->turn_server); break;
    case PROP_TURN_USER: g_value_set_string (value, self->turn_user); break;
    case PROP_AUDIO_CODECS: g_value_set_boxed (value, self->audio_codecs); break;
    case PROP_TLS_PIN: g_value_set_string (value, self->tls_pin); break;
    case PROP_ACCEPT_DIRECT_CALLS: g_value_set_boolean (value, self->accept_direct_calls); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_CONTACT_USER: g_value_set_string (value, self->contact_user); break;
    case PROP_REGISTRATION_STATE: g_value_set_enum (value, self->registration_state); break;
    case PROP_FAILURE: g_value_set_enum (value, self->failure); break;
    case PROP_FAILURE_DETAIL: g_value_set_string (value, self->failure_detail); break;
    case PROP_EXPIRES: g_value_set_boxed (value, self->expires); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_CERTIFICATE_FINGERPRINT: g_value_set_string (value, self->certificate_fingerprint); break;
    case PROP_CERTIFICATE_NAMES: g_value_set_boxed (value, self->certificate_names); break;
    case PROP_CERTIFICATE_EXPIRES: g_value_set_boxed (value, self->certificate_expires); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_account_finalize (GObject *object)
{
  ParloAccount *self = PARLO_ACCOUNT (object);

  g_free (self->id);
  g_free (self->aor);
  g_free (self->title);
  g_free (self->display_name);
  g_free (self->address);
  g_free (self->auth_user);
  g_free (self->server);
  g_free (self->outbound_proxy);
  g_free (self->stun_server);
  g_free (self->turn_server);
  g_free (self->turn_user);
  g_strfreev (self->audio_codecs);
  g_free (self->tls_pin);
  g_free (self->contact_user);
  g_free (self->failure_detail);
  g_free (self->certificate_fingerprint);
  g_strfreev (self->certificate_names);
  g_clear_pointer (&self->certificate_expires, g_date_time_unref);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_free (self->status);
  G_OBJECT_CLASS (parlo_account_parent_class)->finalize (object);
}

#define READABLE (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define SETTING  (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
parlo_account_class_init (ParloAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_account_finalize;
  object_class->get_property = parlo_account_get_property;
  object_class->set_property = parlo_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECT] = g_param_spec_boolean ("direct", NULL, NULL, FALSE, READABLE);
  properties[PROP_AOR] = g_param_spec_string ("aor", NULL, NULL, NULL, READABLE);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, READABLE);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, "", SETTING);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, "", SETTING);
  properties[PROP_AUTH_USER] = g_param_spec_string ("auth-user", NULL, NULL, "", SETTING);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, "", SETTING);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, PARLO_TYPE_TRANSPORT, PARLO_TRANSPORT_UDP, SETTING);
  properties[PROP_OUTBOUND_PROXY] = g_param_spec_string ("outbound-proxy", NULL, NULL, "", SETTING);
  properties[PROP_REGISTRATION_INTERVAL] =
    g_param_spec_uint ("registration-interval", NULL, NULL,
                       PARLO_ACCOUNT_MIN_INTERVAL, PARLO_ACCOUNT_MAX_INTERVAL, DEFAULT_INTERVAL, SETTING);
  properties[PROP_MEDIA_ENCRYPTION] =
    g_param_spec_enum ("media-encryption", NULL, NULL, PARLO_TYPE_MEDIA_ENCRYPTION,
                       PARLO_MEDIA_ENCRYPTION_NONE, SETTING);
  properties[PROP_STUN_SERVER] = g_param_spec_string ("stun-server", NULL, NULL, "", SETTING);
  properties[PROP_ICE] = g_param_spec_boolean ("ice", NULL, NULL, FALSE, SETTING);
  properties[PROP_TURN_SERVER] = g_param_spec_string ("turn-server", NULL, NULL, "", SETTING);
  properties[PROP_TURN_USER] = g_param_spec_string ("turn-user", NULL, NULL, "", SETTING);
  properties[PROP_AUDIO_CODECS] = g_param_spec_boxed ("audio-codecs", NULL, NULL, G_TYPE_STRV, SETTING);
  /* "AA:BB:…": the certificate trusted although it failed the checks; "" for none */
  properties[PROP_TLS_PIN] = g_param_spec_string ("tls-pin", NULL, NULL, "", SETTING);
  /* ring for INVITEs that did not come through the account's server */
  properties[PROP_ACCEPT_DIRECT_CALLS] =
    g_param_spec_boolean ("accept-direct-calls", NULL, NULL, FALSE, SETTING);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, SETTING);
  /* The stored account's own, not a setting of the form: drafts leave it alone. */
  properties[PROP_CONTACT_USER] = g_param_spec_string ("contact-user", NULL, NULL, "", SETTING);
  properties[PROP_REGISTRATION_STATE] =
    g_param_spec_enum ("registration-state", NULL, NULL, PARLO_TYPE_REGISTRATION_STATE,
                       PARLO_REGISTRATION_DISABLED, READABLE);
  properties[PROP_FAILURE] =
    g_param_spec_enum ("failure", NULL, NULL, PARLO_TYPE_REGISTRATION_FAILURE,
                       PARLO_REGISTRATION_FAILURE_NONE, READABLE);
  properties[PROP_FAILURE_DETAIL] = g_param_spec_string ("failure-detail", NULL, NULL, NULL, READABLE);
  properties[PROP_EXPIRES] = g_param_spec_boxed ("expires", NULL, NULL, G_TYPE_DATE_TIME, READABLE);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, READABLE);
  /* What the server's certificate says, while the failure is that it was refused */
  properties[PROP_CERTIFICATE_FINGERPRINT] =
    g_param_spec_string ("certificate-fingerprint", NULL, NULL, NULL, READABLE);
  properties[PROP_CERTIFICATE_NAMES] =
    g_param_spec_boxed ("certificate-names", NULL, NULL, G_TYPE_STRV, READABLE);
  properties[PROP_CERTIFICATE_EXPIRES] =
    g_param_spec_boxed ("certificate-expires", NULL, NULL, G_TYPE_DATE_TIME, READABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_account_init (ParloAccount *self)
{
  self->display_name = g_strdup ("");
  self->address = g_strdup ("");
  self->auth_user = g_strdup ("");
  self->server = g_strdup ("");
  self->outbound_proxy = g_strdup ("");
  self->stun_server = g_strdup ("");
  self->tls_pin = g_strdup ("");
  self->contact_user = g_strdup ("");
  self->turn_server = g_strdup ("");
  self->turn_user = g_strdup ("");
  self->registration_interval = DEFAULT_INTERVAL;
  self->audio_codecs = g_strdupv ((char **) known_codecs);
  self->enabled = TRUE;
  self->aor = g_strdup ("sip:");
  self->title = g_strdup ("");
  self->status = describe (self);
}

/* id is the store's key for the account; NULL for a draft not stored yet. */
ParloAccount *
parlo_account_new (const char *id)
{
  return g_object_new (PARLO_TYPE_ACCOUNT, "id", id, NULL);
}

/* The account for calls straight to and from this machine, with no server. */
ParloAccount *
parlo_account_new_direct (const char *aor)
{
  ParloAccount *self = g_object_new (PARLO_TYPE_ACCOUNT, "id", "direct", NULL);

  self->direct = TRUE;
  parlo_set_str (&self->aor, aor);
  parlo_set_str (&self->address, g_str_has_prefix (aor, "sip:") ? aor + 4 : aor);
  parlo_set_str (&self->title, _("Direct calls"));
  return self;
}

/* A draft with the same settings, for a form to edit without touching the account. */
ParloAccount *
parlo_account_dup (ParloAccount *self)
{
  ParloAccount *copy = parlo_account_new (NULL);

  parlo_account_copy_settings (copy, self);
  return copy;
}

void
parlo_account_copy_settings (ParloAccount *self, ParloAccount *from)
{
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; settings_names[i] != NULL; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (from), settings_names[i], &value);
      g_object_set_property (G_OBJECT (self), settings_names[i], &value);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
has_control_or_quote (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) || *p == '"' || *p == '\\')
      return TRUE;
  return FALSE;
}

static gboolean
check_server (const char *text, const char *scheme, ParloAccountError code, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *server = parlo_uri_server (text, scheme, &local_error);

  if (server != NULL)
    return TRUE;
  g_set_error_literal (error, PARLO_ACCOUNT_ERROR, code, local_error->message);
  return FALSE;
}

/* A TURN server needs a user name: the server asks for one, and the engine
 * would otherwise offer the SIP user and password. */
static gboolean
check_turn (ParloAccount *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *turn = parlo_uri_server (self->turn_server, "turn:", &local_error);

  if (turn == NULL)
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_TURN_SERVER, local_error->message);
      return FALSE;
    }
  if (has_control_or_quote (self->turn_user) || strchr (self->turn_user, ' ') != NULL)
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_TURN_USER,
                           _("The TURN user name may not contain spaces, quotes or control characters"));
      return FALSE;
    }
  if (*turn != '\0' && *self->turn_user == '\0')
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_TURN_USER,
                           _("Enter the user name the TURN server knows you by"));
      return FALSE;
    }
  return TRUE;
}

/* Whether the settings make an account the engine can use; the error names the
 * setting that is wrong and says why in words. */
gboolean
parlo_account_check (ParloAccount *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (PARLO_IS_ACCOUNT (self), FALSE);

  if (self->direct)
    return TRUE;
  address = parlo_uri_account_address (self->address, &local_error);
  if (address == NULL)
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_ADDRESS, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate (self->display_name, -1, NULL) || has_control_or_quote (self->display_name))
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_DISPLAY_NAME,
                           _("The name may not contain quotes, backslashes or control characters"));
      return FALSE;
    }
  if (has_control_or_quote (self->auth_user) || strpbrk (self->auth_user, " @:;<>") != NULL)
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_AUTH_USER,
                           _("The user name may not contain spaces or any of @ : ; < >"));
      return FALSE;
    }
  if (self->audio_codecs[0] == NULL)
    {
      g_set_error_literal (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_AUDIO_CODECS,
                           _("Choose at least one audio codec"));
      return FALSE;
    }
  for (guint i = 0; self->audio_codecs[i] != NULL; i++)
    if (!g_strv_contains (known_codecs, self->audio_codecs[i]))
      {
        g_set_error (error, PARLO_ACCOUNT_ERROR, PARLO_ACCOUNT_ERROR_AUDIO_CODECS,
                     _("“%s” is not an audio codec Parlo knows"), self->audio_codecs[i]);
        return FALSE;
      }
  return check_server (self->server, "sip:", PARLO_ACCOUNT_ERROR_SERVER, error) &&
         check_server (self->outbound_proxy, "sip:", PARLO_ACCOUNT_ERROR_OUTBOUND_PROXY, error) &&
         check_server (self->stun_server, "stun:", PARLO_ACCOUNT_ERROR_STUN_SERVER, error) &&
         check_turn (self, error);
}

const char *parlo_account_get_id (ParloAccount *self) { return self->id; }
gboolean parlo_account_is_direct (ParloAccount *self) { return self->direct; }
const char *parlo_account_get_aor (ParloAccount *self) { return self->aor; }
const char *parlo_account_get_title (ParloAccount *self) { return self->title; }
const char *parlo_account_get_display_name (ParloAccount *self) { return self->display_name; }
const char *parlo_account_get_address (ParloAccount *self) { return self->address; }
const char *parlo_account_get_auth_user (ParloAccount *self) { return self->auth_user; }
const char *parlo_account_get_server (ParloAccount *self) { return self->server; }
ParloTransport parlo_account_get_transport (ParloAccount *self) { return self->transport; }
const char *parlo_account_get_outbound_proxy (ParloAccount *self) { return self->outbound_proxy; }
guint parlo_account_get_registration_interval (ParloAccount *self) { return self->registration_interval; }
ParloMediaEncryption parlo_account_get_media_encryption (ParloAccount *self) { return self->media_encryption; }
const char *parlo_account_get_stun_server (ParloAccount *self) { return self->stun_server; }
const char * const *parlo_account_get_audio_codecs (ParloAccount *self) { return (const char * const *) self->audio_codecs; }
gboolean parlo_account_get_ice (ParloAccount *self) { return self->ice; }
const char *parlo_account_get_tls_pin (ParloAccount *self) { return self->tls_pin; }
const char *parlo_account_get_contact_user (ParloAccount *self) { return self->contact_user; }
gboolean parlo_account_get_accept_direct_calls (ParloAccount *self) { return self->accept_direct_calls; }
const char *parlo_account_get_turn_server (ParloAccount *self) { return self->turn_server; }
const char *parlo_account_get_turn_user (ParloAccount *self) { return self->turn_user; }
gboolean parlo_account_get_enabled (ParloAccount *self) { return self->enabled; }
const char *parlo_account_get_certificate_fingerprint (ParloAccount *self) { return self->certificate_fingerprint; }
const char * const *parlo_account_get_certificate_names (ParloAccount *self) { return (const char * const *) self->certificate_names; }
GDateTime *parlo_account_get_certificate_expires (ParloAccount *self) { return self->certificate_expires; }

/* Whether the registration failed because the server's certificate was refused. */
gboolean
parlo_account_is_certificate_refused (ParloAccount *self)
{
  return self->registration_state == PARLO_REGISTRATION_FAILED &&
         self->failure >= PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY &&
         self->failure <= PARLO_REGISTRATION_FAILURE_CERTIFICATE_INVALID;
}
ParloRegistrationState parlo_account_get_registration_state (ParloAccount *self) { return self->registration_state; }
ParloRegistrationFailure parlo_account_get_failure (ParloAccount *self) { return self->failure; }
const char *parlo_account_get_failure_detail (ParloAccount *self) { return self->failure_detail; }
GDateTime *parlo_account_get_expires (ParloAccount *self) { return self->expires; }
const char *parlo_account_get_status (ParloAccount *self) { return self->status; }

void
parlo_account_set_enabled (ParloAccount *self, gboolean enabled)
{
  g_return_if_fail (PARLO_IS_ACCOUNT (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/* Whether calls can be placed through it now. */
gboolean
parlo_account_can_call (ParloAccount *self)
{
  return self->registration_state == PARLO_REGISTRATION_REGISTERED ||
         self->registration_state == PARLO_REGISTRATION_READY;
}

/* detail is what the server or the system said, shown after the reason. */
void
parlo_account_set_registration (ParloAccount *self, ParloRegistrationState state,
                                ParloRegistrationFailure failure, const char *detail)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->registration_state != state)
    {
      self->registration_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRATION_STATE]);
    }
  if (self->failure != failure)
    {
      self->failure = failure;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE]);
    }
  if (parlo_set_str (&self->failure_detail, detail))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE_DETAIL]);
  if (state != PARLO_REGISTRATION_REGISTERED)
    parlo_account_set_expires (self, NULL);
  if (state != PARLO_REGISTRATION_FAILED)
    parlo_account_set_certificate (self, NULL, NULL, NULL);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
parlo_account_set_expires (ParloAccount *self, GDateTime *expires)
{
  if (self->expires == expires ||
      (self->expires != NULL && expires != NULL && g_date_time_equal (self->expires, expires)))
    return;
  g_clear_pointer (&self->expires, g_date_time_unref);
  self->expires = expires ? g_date_time_ref (expires) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES]);
}

/* What the refused certificate says, set before the failure it explains;
 * all NULL clears it. */
void
parlo_account_set_certificate (ParloAccount *self, const char *fingerprint, const char * const *names,
                               GDateTime *expires)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (parlo_set_str (&self->certificate_fingerprint, fingerprint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_FINGERPRINT]);
  if (!(self->certificate_names == NULL && names == NULL) &&
      (self->certificate_names == NULL || names == NULL ||
       !g_strv_equal ((const char * const *) self->certificate_names, names)))
    {
      g_strfreev (self->certificate_names);
      self->certificate_names = g_strdupv ((char **) names);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_NAMES]);
    }
  if (!(self->certificate_expires == expires ||
        (self->certificate_expires != NULL && expires != NULL &&
         g_date_time_equal (self->certificate_expires, expires))))
    {
      g_clear_pointer (&self->certificate_expires, g_date_time_unref);
      self->certificate_expires = expires ? g_date_time_ref (expires) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_EXPIRES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
