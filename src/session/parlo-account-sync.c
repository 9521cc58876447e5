/* parlo-account-sync.c — keeps the engine's accounts in step with the store
 *
 * Every enabled account of the store is added to the engine, with its password
 * fetched from the keyring only for that; a disabled or removed one is taken out
 * (baresip unregisters it), and an edited one is taken out and added anew.
 *
 * This is also the one place where registration events become account state.
 * libre retries a failed REGISTER by itself, but slowly and forever, also when
 * the password is wrong. So after a failure the engine is told to stop, and:
 *  - refused credentials (401, 403, 407 after libre's authenticated retry) and
 *    a refused server certificate are not tried again until the person edits
 *    the account (or trusts the certificate);
 *  - any other failure is retried after a delay that doubles from first_ms up
 *    to longest_ms, and starts again from first_ms once registered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "parlo-account-private.h"
#include "parlo-local-account.h"
#include "parlo-uri.h"
#include "parlo-account-sync.h"
#include "parlo-bridge-protocol.h"

#define FIRST_RETRY_MS   (2 * 1000)
#define LONGEST_RETRY_MS (5 * 60 * 1000)

struct _ParloAccountSync
{
  GObject            parent_instance;

  ParloEngine       *engine;
  ParloAccountStore *store;
  GHashTable        *links;  /* ParloAccount → Link */
  guint              first_retry_ms;
  guint              longest_retry_ms;
};

/* What the engine knows of one account of the store. */
typedef struct {
  ParloAccountSync *sync;
  ParloAccount     *account;
  char             *engine_aor;   /* the AOR the engine has it under; NULL when not added */
  GCancellable     *cancellable;  /* of the password lookups and the add */
  char             *password;     /* while the TURN password is looked up */
  guint             retry_source;
  guint             retry_ms;
} Link;

G_DEFINE_FINAL_TYPE (ParloAccountSync, parlo_account_sync, G_TYPE_OBJECT)

static void bring_up (Link *link);

static void
link_free (Link *link)
{
  g_cancellable_cancel (link->cancellable);
  g_clear_object (&link->cancellable);
  g_clear_handle_id (&link->retry_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (link->account, link);
  g_clear_object (&link->account);
  g_clear_pointer (&link->password, secret_password_free);
  g_free (link->engine_aor);
  g_free (link);
}

static const char *
transport_name (ParloTransport transport)
{
  switch (transport)
    {
    case PARLO_TRANSPORT_TCP: return PARLO_BRIDGE_TRANSPORT_TCP;
    case PARLO_TRANSPORT_TLS: return PARLO_BRIDGE_TRANSPORT_TLS;
    case PARLO_TRANSPORT_UDP:
    default: return PARLO_BRIDGE_TRANSPORT_UDP;
    }
}

/* The route for "sip:host:port": loose routing, over the account's transport. */
static char *
route_uri (const char *server, ParloTransport transport)
{
  g_autofree char *uri = parlo_uri_server (server, "sip:", NULL);

  if (uri == NULL || *uri == '\0')
    return NULL;
  if (transport == PARLO_TRANSPORT_UDP)
    return g_strconcat (uri, ";lr", NULL);
  return g_strconcat (uri, ";transport=", transport_name (transport), ";lr", NULL);
}

/* What account.add carries for account. baresip 1.0.0 always sends REGISTER to
 * the address's domain; a server other than the domain is reached by routing
 * through it, and an outbound proxy, when set, is the hop before it. Every
 * account names its codecs, in its own order: the engine's puts PCMU before PCMA.
 * A TURN server takes the place of the STUN server (it answers STUN too). */
ParloEngineAccount *
parlo_account_sync_engine_account (ParloAccount *account, const char *password,
                                   const char *turn_password)
{
  ParloEngineAccount *engine_account;
  ParloTransport transport = parlo_account_get_transport (account);
  const char *outbound = parlo_account_get_outbound_proxy (account);

  if (parlo_account_is_direct (account))
    {
      engine_account = parlo_local_account_new (parlo_account_get_aor (account));
      engine_account->display_name = g_strdup (parlo_account_get_display_name (account));
      engine_account->audio_codecs = g_strjoinv (",", (char **) parlo_account_get_audio_codecs (account));
      engine_account->contact_user = g_strdup (parlo_account_get_contact_user (account));
      return engine_account;
    }

  engine_account = parlo_engine_account_new (parlo_account_get_aor (account));
  engine_account->password = g_strdup (password);
  engine_account->auth_user = g_strdup (parlo_account_get_auth_user (account));
  engine_account->display_name = g_strdup (parlo_account_get_display_name (account));
  engine_account->transport = g_strdup (transport_name (transport));
  engine_account->outbound = route_uri (outbound, transport);
  engine_account->server = route_uri (parlo_account_get_server (account), transport);
  engine_account->regint = parlo_account_get_registration_interval (account);
  engine_account->accept_direct = parlo_account_get_accept_direct_calls (account);
  switch (parlo_account_get_media_encryption (account))
    {
    case PARLO_MEDIA_ENCRYPTION_SRTP_OPTIONAL: engine_account->mediaenc = g_strdup (PARLO_BRIDGE_MEDIAENC_SRTP); break;
    case PARLO_MEDIA_ENCRYPTION_SRTP_MANDATORY: engine_account->mediaenc = g_strdup (PARLO_BRIDGE_MEDIAENC_SRTP_MANDATORY); break;
    case PARLO_MEDIA_ENCRYPTION_DTLS_SRTP: engine_account->mediaenc = g_strdup (PARLO_BRIDGE_MEDIAENC_DTLS_SRTP); break;
    case PARLO_MEDIA_ENCRYPTION_NONE:
    default: break;
    }
  engine_account->stun = parlo_uri_server (parlo_account_get_stun_server (account), "stun:", NULL);
  engine_account->ice = parlo_account_get_ice (account);
  engine_account->turn = parlo_uri_server (parlo_account_get_turn_server (account), "turn:", NULL);
  if (engine_account->turn != NULL && *engine_account->turn != '\0')
    {
      engine_account->turn_user = g_strdup (parlo_account_get_turn_user (account));
      engine_account->turn_password = g_strdup (turn_password);
    }
  engine_account->audio_codecs = g_strjoinv (",", (char **) parlo_account_get_audio_codecs (account));
  if (*parlo_account_get_tls_pin (account) != '\0')
    engine_account->tls_pin = g_strdup (parlo_account_get_tls_pin (account));
  engine_account->contact_user = g_strdup (parlo_account_get_contact_user (account));
  return engine_account;
}

static Link *
find_link_by_aor (ParloAccountSync *self, const char *aor)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->links);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Link *link = value;

      if (g_strcmp0 (link->engine_aor, aor) == 0)
        return link;
    }
  return NULL;
}

static void
fail (Link *link, ParloRegistrationFailure failure, const char *detail)
{
  parlo_account_set_registration (link->account, PARLO_REGISTRATION_FAILED, failure, detail);
}

static void
on_command_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = user_data;

  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    g_debug ("%s: %s", what, error->message);
}

static gboolean
on_retry (gpointer user_data)
{
  Link *link = user_data;

  link->retry_source = 0;
  if (link->engine_aor == NULL)
    return G_SOURCE_REMOVE;
  parlo_account_set_registration (link->account, PARLO_REGISTRATION_REGISTERING,
                                  PARLO_REGISTRATION_FAILURE_NONE, NULL);
  parlo_engine_register_async (link->sync->engine, link->engine_aor, TRUE, NULL, on_command_done,
                               g_strdup_printf ("Registering %s again", link->engine_aor));
  return G_SOURCE_REMOVE;
}

static const struct {
  const char              *problem;
  ParloRegistrationFailure failure;
} certificate_failures[] = {
  { PARLO_BRIDGE_TLS_PROBLEM_UNKNOWN_AUTHORITY, PARLO_REGISTRATION_FAILURE_CERTIFICATE_UNKNOWN_AUTHORITY },
  { PARLO_BRIDGE_TLS_PROBLEM_NAME_MISMATCH, PARLO_REGISTRATION_FAILURE_CERTIFICATE_NAME },
  { PARLO_BRIDGE_TLS_PROBLEM_EXPIRED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_EXPIRED },
  { PARLO_BRIDGE_TLS_PROBLEM_NOT_YET_VALID, PARLO_REGISTRATION_FAILURE_CERTIFICATE_NOT_YET_VALID },
  { PARLO_BRIDGE_TLS_PROBLEM_SELF_SIGNED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_SELF_SIGNED },
  { PARLO_BRIDGE_TLS_PROBLEM_CHANGED, PARLO_REGISTRATION_FAILURE_CERTIFICATE_CHANGED },
  { PARLO_BRIDGE_TLS_PROBLEM_INVALID, PARLO_REGISTRATION_FAILURE_CERTIFICATE_INVALID },
};

/* What the engine's tls_problem says of a refused certificate; a problem it
 * does not name yet is still a refused certificate. */
ParloRegistrationFailure
parlo_account_sync_certificate_failure (const char *tls_problem)
{
  for (gsize i = 0; i < G_N_ELEMENTS (certificate_failures); i++)
    if (g_str_equal (tls_problem, certificate_failures[i].problem))
      return certificate_failures[i].failure;
  return PARLO_REGISTRATION_FAILURE_CERTIFICATE_INVALID;
}

static ParloRegistrationFailure
classify_failure (const ParloEvent *event, ParloTransport transport)
{
  const char *error = event->error_name;

  if (event->tls_problem != NULL)
    return parlo_account_sync_certificate_failure (event->tls_problem);

  if (event->scode == 401 || event->scode == 403 || event->scode == 407)
    return PARLO_REGISTRATION_FAILURE_CREDENTIALS;
  if (event->scode == 404)
    return PARLO_REGISTRATION_FAILURE_NOT_FOUND;
  if (event->scode != 0)
    return PARLO_REGISTRATION_FAILURE_REJECTED;
  if (error == NULL)
    return PARLO_REGISTRATION_FAILURE_NONE;
  if (g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_DESTADDRREQ) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_NOENT))
    return PARLO_REGISTRATION_FAILURE_DNS;
  if (transport == PARLO_TRANSPORT_TLS && (g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_PROTO) ||
                                           g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_BADMSG)))
    return PARLO_REGISTRATION_FAILURE_TLS;
  if (g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_CONNREFUSED) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_CONNRESET) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_CONNABORTED) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_TIMEDOUT) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_NETUNREACH) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_HOSTUNREACH) ||
      g_str_equal (error, PARLO_BRIDGE_REGISTER_ERROR_NOTCONN))
    return PARLO_REGISTRATION_FAILURE_UNREACHABLE;
  return PARLO_REGISTRATION_FAILURE_NONE;
}

static void
registration_failed (Link *link, const ParloEvent *event)
{
  ParloAccountSync *self = link->sync;
  ParloRegistrationFailure failure = classify_failure (event, parlo_account_get_transport (link->account));
  g_autoptr(GDateTime) expires = NULL;

  if (event->tls_problem != NULL)
    {
      expires = event->tls_expires > 0 ? g_date_time_new_from_unix_utc (event->tls_expires) : NULL;
      parlo_account_set_certificate (link->account, event->tls_fingerprint,
                                     (const char * const *) event->tls_names, expires);
    }
  fail (link, failure, event->param);
  /* Stops libre's own retries; ours, if any, follow. */
  parlo_engine_register_async (self->engine, link->engine_aor, FALSE, NULL, on_command_done,
                               g_strdup_printf ("Stopping the registration of %s", link->engine_aor));
  if (failure == PARLO_REGISTRATION_FAILURE_CREDENTIALS || event->tls_problem != NULL)
    return;
  g_clear_handle_id (&link->retry_source, g_source_remove);
  link->retry_source = g_timeout_add (link->retry_ms, on_retry, link);
  link->retry_ms = MIN (link->retry_ms * 2, self->longest_retry_ms);
}

static void
on_engine_event (ParloEngine *engine, ParloEvent *event, ParloAccountSync *self)
{
  Link *link;
  ParloRegistrationState state;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) expires = NULL;

  if (event->call_id != NULL || event->account == NULL)
    return;
  link = find_link_by_aor (self, event->account);
  if (link == NULL)
    return;
  state = parlo_account_get_registration_state (link->account);

  switch (event->type)
    {
    case PARLO_EVENT_REGISTERING:
      /* A refresh keeps the account registered. */
      if (state != PARLO_REGISTRATION_REGISTERED)
        parlo_account_set_registration (link->account, PARLO_REGISTRATION_REGISTERING,
                                        PARLO_REGISTRATION_FAILURE_NONE, NULL);
      break;
    case PARLO_EVENT_REGISTER_OK:
      g_clear_handle_id (&link->retry_source, g_source_remove);
      link->retry_ms = self->first_retry_ms;
      parlo_account_set_registration (link->account, PARLO_REGISTRATION_REGISTERED,
                                      PARLO_REGISTRATION_FAILURE_NONE, NULL);
      now = g_date_time_new_now_utc ();
      expires = g_date_time_add_seconds (now, event->expires);
      parlo_account_set_expires (link->account, expires);
      break;
    case PARLO_EVENT_REGISTER_FAIL:
      registration_failed (link, event);
      break;
    case PARLO_EVENT_UNREGISTERING:
      /* Ours after a failure leaves the failure shown. */
      if (state == PARLO_REGISTRATION_REGISTERED || state == PARLO_REGISTRATION_REGISTERING)
        parlo_account_set_registration (link->account, PARLO_REGISTRATION_UNREGISTERING,
                                        PARLO_REGISTRATION_FAILURE_NONE, NULL);
      break;
    default:
      break;
    }
}

static void
on_added (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Link *link = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A lost engine re-adds the account when it is back. */
      if (parlo_engine_error_is_away (error))
        return;
      g_clear_pointer (&link->engine_aor, g_free);
      fail (link, PARLO_REGISTRATION_FAILURE_ENGINE, error->message);
      return;
    }
  if (parlo_account_is_direct (link->account))
    parlo_account_set_registration (link->account, PARLO_REGISTRATION_READY,
                                    PARLO_REGISTRATION_FAILURE_NONE, NULL);
}

static void
add_to_engine (Link *link, const char *password, const char *turn_password)
{
  g_autoptr(ParloEngineAccount) engine_account =
    parlo_account_sync_engine_account (link->account, password, turn_password);

  link->engine_aor = g_strdup (engine_account->aor);
  link->retry_ms = link->sync->first_retry_ms;
  parlo_engine_add_account_async (link->sync->engine, engine_account, link->cancellable, on_added, link);
}

static void
on_turn_password (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Link *link = user_data;
  g_autoptr(GError) error = NULL;
  char *turn_password =
    parlo_account_store_lookup_turn_password_finish (PARLO_ACCOUNT_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    fail (link, PARLO_REGISTRATION_FAILURE_NO_PASSWORD, error->message);
  else if (turn_password == NULL)
    fail (link, PARLO_REGISTRATION_FAILURE_NO_PASSWORD, _("The keyring has no password for the TURN server"));
  else
    add_to_engine (link, link->password, turn_password);
  g_clear_pointer (&link->password, secret_password_free);
  secret_password_free (turn_password);
}

static gboolean
has_turn_server (ParloAccount *account)
{
  g_autofree char *turn = parlo_uri_server (parlo_account_get_turn_server (account), "turn:", NULL);

  return turn != NULL && *turn != '\0';
}

static void
on_password (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Link *link = user_data;
  g_autoptr(GError) error = NULL;
  char *password = parlo_account_store_lookup_password_finish (PARLO_ACCOUNT_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    fail (link, PARLO_REGISTRATION_FAILURE_NO_PASSWORD, error->message);
  else if (has_turn_server (link->account))
    {
      link->password = g_steal_pointer (&password);
      parlo_account_store_lookup_turn_password_async (link->sync->store, link->account, link->cancellable,
                                                      on_turn_password, link);
    }
  else
    add_to_engine (link, password, NULL);
  secret_password_free (password);
}

static void
bring_up (Link *link)
{
  g_cancellable_cancel (link->cancellable);
  g_clear_object (&link->cancellable);
  link->cancellable = g_cancellable_new ();
  g_clear_pointer (&link->password, secret_password_free);
  parlo_account_set_registration (link->account, PARLO_REGISTRATION_REGISTERING,
                                  PARLO_REGISTRATION_FAILURE_NONE, NULL);
  if (parlo_account_is_direct (link->account))
    add_to_engine (link, NULL, NULL);
  else
    parlo_account_store_lookup_password_async (link->sync->store, link->account, link->cancellable,
                                               on_password, link);
}

typedef struct {
  ParloAccountSync *sync;
  ParloAccount     *account;
  gboolean          add_again;
} Removal;

static void
on_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Removal *removal = user_data;
  g_autoptr(GError) error = NULL;
  Link *link;

  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    g_debug ("Removing an account from the engine: %s", error->message);
  link = g_hash_table_lookup (removal->sync->links, removal->account);
  if (link != NULL && link->engine_aor == NULL)
    {
      if (removal->add_again && parlo_account_get_enabled (link->account))
        bring_up (link);
      else if (!parlo_account_get_enabled (link->account))
        parlo_account_set_registration (link->account, PARLO_REGISTRATION_DISABLED,
                                        PARLO_REGISTRATION_FAILURE_NONE, NULL);
    }
  g_object_unref (removal->sync);
  g_object_unref (removal->account);
  g_free (removal);
}

/* Takes the account out of the engine (it unregisters); add_again brings it
 * back with its new settings once that is done. */
static void
take_down (Link *link, gboolean add_again)
{
  Removal *removal;

  g_cancellable_cancel (link->cancellable);
  g_clear_handle_id (&link->retry_source, g_source_remove);
  if (link->engine_aor == NULL)
    {
      if (add_again && parlo_account_get_enabled (link->account))
        bring_up (link);
      else
        parlo_account_set_registration (link->account, PARLO_REGISTRATION_DISABLED,
                                        PARLO_REGISTRATION_FAILURE_NONE, NULL);
      return;
    }
  removal = g_new0 (Removal, 1);
  removal->sync = g_object_ref (link->sync);
  removal->account = g_object_ref (link->account);
  removal->add_again = add_again;
  if (parlo_account_get_registration_state (link->account) == PARLO_REGISTRATION_REGISTERED)
    parlo_account_set_registration (link->account, PARLO_REGISTRATION_UNREGISTERING,
                                    PARLO_REGISTRATION_FAILURE_NONE, NULL);
  parlo_engine_remove_account_async (link->sync->engine, link->engine_aor, NULL, on_removed, removal);
  g_clear_pointer (&link->engine_aor, g_free);
}

static void
on_enabled_changed (ParloAccount *account, GParamSpec *pspec, Link *link)
{
  if (parlo_account_get_enabled (account))
    {
      if (link->engine_aor == NULL)
        bring_up (link);
    }
  else
    take_down (link, FALSE);
}

static void
on_account_changed (ParloAccountStore *store, ParloAccount *account, ParloAccountSync *self)
{
  Link *link = g_hash_table_lookup (self->links, account);

  if (link != NULL)
    take_down (link, TRUE);
}

static void
link_account (ParloAccountSync *self, ParloAccount *account)
{
  Link *link = g_new0 (Link, 1);

  link->sync = self;
  link->account = g_object_ref (account);
  link->cancellable = g_cancellable_new ();
  link->retry_ms = self->first_retry_ms;
  g_hash_table_insert (self->links, account, link);
  g_signal_connect (account, "notify::enabled", G_CALLBACK (on_enabled_changed), link);
  if (parlo_account_get_enabled (account))
    bring_up (link);
}

/* Links the accounts that are new and takes out those that are gone. */
static void
on_items_changed (GListModel *store, guint position, guint removed, guint added, ParloAccountSync *self)
{
  guint n_items = g_list_model_get_n_items (store);
  g_autoptr(GHashTable) present = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n_items; i++)
    {
      ParloAccount *account = g_list_model_get_item (store, i);

      g_hash_table_add (present, account);
      if (!g_hash_table_contains (self->links, account))
        link_account (self, account);
    }
  g_hash_table_iter_init (&iter, self->links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (present, key))
      {
        Link *link = value;

        if (link->engine_aor != NULL)
          parlo_engine_remove_account_async (self->engine, link->engine_aor, NULL, on_command_done,
                                             g_strdup_printf ("Removing %s", link->engine_aor));
        g_hash_table_iter_remove (&iter);
      }
}

/* The engine died: its accounts come back with it, and report themselves again. */
static void
on_engine_lost (ParloEngine *engine, ParloAccountSync *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->links);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Link *link = value;

      g_clear_handle_id (&link->retry_source, g_source_remove);
      link->retry_ms = self->first_retry_ms;
      if (link->engine_aor != NULL)
        parlo_account_set_registration (link->account, PARLO_REGISTRATION_REGISTERING,
                                        PARLO_REGISTRATION_FAILURE_NONE, NULL);
    }
}

/* The direct-call account needs no registration: it is ready when the engine is. */
static void
on_engine_state (ParloEngine *engine, GParamSpec *pspec, ParloAccountSync *self)
{
  ParloAccount *direct = parlo_account_store_get_direct (self->store);
  Link *link = g_hash_table_lookup (self->links, direct);

  if (link != NULL && link->engine_aor != NULL &&
      parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RUNNING)
    parlo_account_set_registration (direct, PARLO_REGISTRATION_READY, PARLO_REGISTRATION_FAILURE_NONE, NULL);
}

static void
parlo_account_sync_dispose (GObject *object)
{
  ParloAccountSync *self = PARLO_ACCOUNT_SYNC (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (parlo_account_sync_parent_class)->dispose (object);
}

static void
parlo_account_sync_class_init (ParloAccountSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_account_sync_dispose;
}

static void
parlo_account_sync_init (ParloAccountSync *self)
{
  self->links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) link_free);
  self->first_retry_ms = FIRST_RETRY_MS;
  self->longest_retry_ms = LONGEST_RETRY_MS;
}

ParloAccountSync *
parlo_account_sync_new (ParloEngine *engine, ParloAccountStore *store)
{
  ParloAccountSync *self = g_object_new (PARLO_TYPE_ACCOUNT_SYNC, NULL);

  self->engine = g_object_ref (engine);
  self->store = g_object_ref (store);
  g_signal_connect (engine, "event", G_CALLBACK (on_engine_event), self);
  g_signal_connect (engine, "engine-lost", G_CALLBACK (on_engine_lost), self);
  g_signal_connect (engine, "notify::state", G_CALLBACK (on_engine_state), self);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect (store, "account-changed", G_CALLBACK (on_account_changed), self);
  on_items_changed (G_LIST_MODEL (store), 0, 0, 0, self);
  return self;
}

/* How soon a failed registration is tried again: first_ms, doubling up to longest_ms. */
void
parlo_account_sync_set_retry_delay (ParloAccountSync *self, guint first_ms, guint longest_ms)
{
  g_return_if_fail (PARLO_IS_ACCOUNT_SYNC (self));
  self->first_retry_ms = first_ms;
  self->longest_retry_ms = MAX (first_ms, longest_ms);
}
