/* parlo-account-store.c — the accounts, kept across restarts
 *
 * A GListModel of ParloAccount: "Direct calls" first, then the accounts in the
 * order they were added. The main schema lists the accounts by id; each has a
 * relocatable schema at accounts/ID/ whose keys are bound one to one to the
 * account's setting properties, so an edit is saved as it is made. Passwords
 * are kept in the Secret Service under a schema named for the app, keyed by the
 * account id, and are looked up only when the engine needs them: the SIP
 * password under the attribute "account", the TURN password under
 * "turn-account", so that a lookup of one never finds the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "parlo-account-store.h"

#define DIRECT_CALLS_KEY   "direct-calls"
#define DIRECT_CONTACT_USER_KEY "direct-calls-contact-user"
#define CONTACT_USER_KEY   "contact-user"
#define ACCOUNTS_KEY       "accounts"
#define DEFAULT_ACCOUNT_KEY "default-account"

struct _ParloAccountStore
{
  GObject       parent_instance;

  GSettings    *settings;
  GPtrArray    *accounts;          /* ParloAccount; direct calls first */
  GHashTable   *account_settings;  /* id → GSettings */
  ParloAccount *direct;
  ParloAccount *default_account;   /* what choose_for_call (NULL) gave last */
};

enum {
  PROP_0,
  PROP_DEFAULT_ACCOUNT,
  N_PROPS
};

enum {
  SIGNAL_ACCOUNT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParloAccountStore, parlo_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "turn-account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static GType
list_model_get_item_type (GListModel *model)
{
  return PARLO_TYPE_ACCOUNT;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return PARLO_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
list_model_get_item (GListModel *model, guint position)
{
  ParloAccountStore *self = PARLO_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static GSettings *
account_settings_new (ParloAccountStore *self, const char *id)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *schema_id = NULL;
  g_autofree char *base_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *account_schema_id = NULL;

  g_object_get (self->settings, "backend", &backend, "schema-id", &schema_id, "path", &base_path, NULL);
  account_schema_id = g_strconcat (schema_id, ".Account", NULL);
  schema = g_settings_schema_source_lookup (source, account_schema_id, TRUE);
  g_assert (schema != NULL);
  path = g_strdup_printf ("%saccounts/%s/", base_path, id);
  return g_settings_new_full (schema, backend, path);
}

/* The default depends on the setting, on which accounts are on and on which are
 * registered: any of them changing may change it. */
static void
update_default (ParloAccountStore *self)
{
  ParloAccount *account = parlo_account_store_choose_for_call (self, NULL);

  if (g_set_object (&self->default_account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_ACCOUNT]);
}

static void
watch_account (ParloAccountStore *self, ParloAccount *account)
{
  g_signal_connect_object (account, "notify::enabled", G_CALLBACK (update_default), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::registration-state", G_CALLBACK (update_default), self,
                           G_CONNECT_SWAPPED);
}

/* 16 random hexadecimal digits: every Contact user that baresip makes fits them. */
static char *
contact_user_new (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *token = g_string_new (NULL);

  for (const char *c = uuid; *c != '\0' && token->len < 16; c++)
    if (*c != '-')
      g_string_append_c (token, *c);
  return g_string_free (token, FALSE);
}

/* Binds account's contact-user to key of settings, picking one the first time. */
static void
bind_contact_user (ParloAccount *account, GSettings *settings, const char *key)
{
  g_settings_bind (settings, key, account, "contact-user", G_SETTINGS_BIND_DEFAULT);
  if (*parlo_account_get_contact_user (account) == '\0')
    {
      g_autofree char *token = contact_user_new ();

      g_object_set (account, "contact-user", token, NULL);
    }
}

static ParloAccount *
load_account (ParloAccountStore *self, const char *id)
{
  g_autoptr(ParloAccount) account = parlo_account_new (id);
  GSettings *settings = account_settings_new (self, id);
  const char * const *names = parlo_account_list_settings ();

  for (guint i = 0; names[i] != NULL; i++)
    g_settings_bind (settings, names[i], account, names[i], G_SETTINGS_BIND_DEFAULT);
  bind_contact_user (account, settings, CONTACT_USER_KEY);
  g_hash_table_insert (self->account_settings, g_strdup (id), settings);
  g_ptr_array_add (self->accounts, g_object_ref (account));
  watch_account (self, account);
  return account;
}

static void
parlo_account_store_finalize (GObject *object)
{
  ParloAccountStore *self = PARLO_ACCOUNT_STORE (object);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->account_settings, g_hash_table_unref);
  g_clear_object (&self->direct);
  g_clear_object (&self->default_account);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (parlo_account_store_parent_class)->finalize (object);
}

static void
parlo_account_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloAccountStore *self = PARLO_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_ACCOUNT: g_value_set_object (value, self->default_account); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_account_store_class_init (ParloAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_account_store_finalize;
  object_class->get_property = parlo_account_store_get_property;

  /* The account a call goes through when none is picked. */
  properties[PROP_DEFAULT_ACCOUNT] =
    g_param_spec_object ("default-account", NULL, NULL, PARLO_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An edit replaced the settings or the password: the engine needs the account anew. */
  signals[SIGNAL_ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PARLO_TYPE_ACCOUNT);
}

static void
parlo_account_store_init (ParloAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->account_settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* settings is the app's main schema; direct_aor the address of direct calls. */
ParloAccountStore *
parlo_account_store_new (GSettings *settings, const char *direct_aor)
{
  ParloAccountStore *self = g_object_new (PARLO_TYPE_ACCOUNT_STORE, NULL);
  g_auto(GStrv) ids = g_settings_get_strv (settings, ACCOUNTS_KEY);

  self->settings = g_object_ref (settings);
  self->direct = parlo_account_new_direct (direct_aor);
  g_settings_bind (settings, DIRECT_CALLS_KEY, self->direct, "enabled", G_SETTINGS_BIND_DEFAULT);
  bind_contact_user (self->direct, settings, DIRECT_CONTACT_USER_KEY);
  g_ptr_array_add (self->accounts, g_object_ref (self->direct));
  watch_account (self, self->direct);
  for (guint i = 0; ids[i] != NULL; i++)
    if (parlo_account_store_find (self, ids[i]) == NULL)
      load_account (self, ids[i]);
  g_signal_connect_object (settings, "changed::" DEFAULT_ACCOUNT_KEY, G_CALLBACK (update_default), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "items-changed", G_CALLBACK (update_default), self, G_CONNECT_SWAPPED);
  update_default (self);
  return self;
}

ParloAccount *
parlo_account_store_get_direct (ParloAccountStore *self)
{
  return self->direct;
}

static ParloAccount *
find_by (ParloAccountStore *self, const char *(*get) (ParloAccount *), const char *value)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      ParloAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (get (account), value) == 0)
        return account;
    }
  return NULL;
}

ParloAccount *
parlo_account_store_find (ParloAccountStore *self, const char *id)
{
  return find_by (self, parlo_account_get_id, id);
}

ParloAccount *
parlo_account_store_find_by_aor (ParloAccountStore *self, const char *aor)
{
  return find_by (self, parlo_account_get_aor, aor);
}

/* The account calls go through unless another is picked: see choose_for_call. */
ParloAccount *
parlo_account_store_get_default (ParloAccountStore *self)
{
  return self->default_account;
}

void
parlo_account_store_set_default (ParloAccountStore *self, ParloAccount *account)
{
  g_settings_set_string (self->settings, DEFAULT_ACCOUNT_KEY,
                         account ? parlo_account_get_id (account) : "");
}

/* The one picked, else the default account, else the only registered one, else
 * direct calls, else any enabled account (so that the attempt says what is
 * wrong); NULL when every account is off. */
ParloAccount *
parlo_account_store_choose_for_call (ParloAccountStore *self, ParloAccount *picked)
{
  g_autofree char *default_id = g_settings_get_string (self->settings, DEFAULT_ACCOUNT_KEY);
  ParloAccount *chosen = parlo_account_store_find (self, default_id);
  ParloAccount *registered = NULL, *enabled = NULL;
  guint n_registered = 0;

  if (picked != NULL && parlo_account_get_enabled (picked))
    return picked;
  if (chosen != NULL && parlo_account_get_enabled (chosen))
    return chosen;
  for (guint i = 0; i < self->accounts->len; i++)
    {
      ParloAccount *account = g_ptr_array_index (self->accounts, i);

      if (parlo_account_is_direct (account) || !parlo_account_get_enabled (account))
        continue;
      if (enabled == NULL)
        enabled = account;
      if (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED)
        registered = account, n_registered++;
    }
  if (n_registered == 1)
    return registered;
  if (parlo_account_get_enabled (self->direct))
    return self->direct;
  return enabled;
}

/* A secret to store ("" clears it), or NULL to keep the stored one. */
typedef struct {
  const char *attribute;
  const char *label;    /* "Parlo: %s", %s the account's address */
  char       *secret;
} PendingSecret;

typedef struct {
  ParloAccount  *draft;
  ParloAccount  *account;
  char          *id;
  PendingSecret  secrets[2];  /* the password, then the TURN password */
  guint          next_secret;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->draft);
  g_clear_object (&data->account);
  g_free (data->id);
  for (guint i = 0; i < G_N_ELEMENTS (data->secrets); i++)
    g_clear_pointer (&data->secrets[i].secret, secret_password_free);
  g_free (data);
}

static void
save_ids (ParloAccountStore *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      ParloAccount *account = g_ptr_array_index (self->accounts, i);

      if (!parlo_account_is_direct (account))
        g_strv_builder_add (ids, parlo_account_get_id (account));
    }
  strv = g_strv_builder_end (ids);
  g_settings_set_strv (self->settings, ACCOUNTS_KEY, (const char * const *) strv);
}

/* After the password is saved: the settings are applied only now, so that the
 * engine never sees an account whose password is not in the keyring yet. */
static void
complete_save (GTask *task, GError *error)
{
  ParloAccountStore *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);

  if (error != NULL)
    {
      /* Translators: %s is what the keyring said */
      g_task_return_new_error (task, error->domain, error->code,
                               _("The password could not be saved in the keyring: %s"), error->message);
      return;
    }
  if (data->account == NULL)
    {
      ParloAccount *account = load_account (self, data->id);

      parlo_account_copy_settings (account, data->draft);
      save_ids (self);
      g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
      g_task_return_pointer (task, g_object_ref (account), g_object_unref);
      return;
    }
  parlo_account_copy_settings (data->account, data->draft);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_CHANGED], 0, data->account);
  g_task_return_pointer (task, g_object_ref (data->account), g_object_unref);
}

static void save_next_secret (GTask *task);

static void
on_password_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    complete_save (task, error);
  else
    save_next_secret (g_steal_pointer (&task));
}

static void
on_password_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was none to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    complete_save (task, error);
  else
    save_next_secret (g_steal_pointer (&task));
}

/* Stores or clears the secrets one after the other, then applies the settings. */
static void
save_next_secret (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  PendingSecret *pending = NULL;
  g_autofree char *label = NULL;

  while (pending == NULL && data->next_secret < G_N_ELEMENTS (data->secrets))
    {
      pending = &data->secrets[data->next_secret++];
      if (pending->secret == NULL)
        pending = NULL;
    }
  if (pending == NULL)
    {
      complete_save (task, NULL);
      g_object_unref (task);
      return;
    }
  if (*pending->secret == '\0')
    {
      secret_password_clear (password_schema (), g_task_get_cancellable (task),
                             on_password_cleared, task, pending->attribute, data->id, NULL);
      return;
    }
  label = g_strdup_printf (pending->label, parlo_account_get_address (data->draft));
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, pending->secret,
                         g_task_get_cancellable (task), on_password_stored, task,
                         pending->attribute, data->id, NULL);
}

static GTask *
save_task_new (ParloAccountStore *self, ParloAccount *draft, GCancellable *cancellable,
               GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SaveData *data = g_new0 (SaveData, 1);

  g_task_set_source_tag (task, tag);
  data->draft = parlo_account_dup (draft);
  data->secrets[0].attribute = "account";
  data->secrets[0].label = "Parlo: %s";
  data->secrets[1].attribute = "turn-account";
  data->secrets[1].label = "Parlo TURN: %s";
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  return task;
}

/* Adds an account with the settings of draft (account NULL), or gives account
 * the settings of draft, checked first. Each password NULL keeps the stored one
 * and "" removes it; the settings are applied once both are in the keyring.
 * An update emits account-changed when done. */
void
parlo_account_store_save_async (ParloAccountStore *self, ParloAccount *account, ParloAccount *draft,
                                const char *password, const char *turn_password,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  SaveData *data;

  g_return_if_fail (PARLO_IS_ACCOUNT_STORE (self));
  g_return_if_fail (PARLO_IS_ACCOUNT (draft));
  g_return_if_fail (account == NULL || (PARLO_IS_ACCOUNT (account) && !parlo_account_is_direct (account)));

  task = save_task_new (self, draft, cancellable, callback, user_data, parlo_account_store_save_async);
  data = g_task_get_task_data (task);
  data->account = account ? g_object_ref (account) : NULL;
  data->id = account ? g_strdup (parlo_account_get_id (account)) : g_uuid_string_random ();
  /* A new id has nothing in the keyring to clear. */
  if (password != NULL && (account != NULL || *password != '\0'))
    data->secrets[0].secret = g_strdup (password);
  if (turn_password != NULL && (account != NULL || *turn_password != '\0'))
    data->secrets[1].secret = g_strdup (turn_password);
  if (!parlo_account_check (draft, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  save_next_secret (task);
}

/* The account added or updated. */
ParloAccount *
parlo_account_store_save_finish (ParloAccountStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Adds an account with the settings of draft, checked first; "" or NULL for no password. */
void
parlo_account_store_add_async (ParloAccountStore *self, ParloAccount *draft, const char *password,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  parlo_account_store_save_async (self, NULL, draft, password, NULL, cancellable, callback, user_data);
}

ParloAccount *
parlo_account_store_add_finish (ParloAccountStore *self, GAsyncResult *result, GError **error)
{
  return parlo_account_store_save_finish (self, result, error);
}

/* Gives account the settings of draft, checked first; password NULL keeps the
 * stored one, and the TURN password stays. Emits account-changed when done. */
void
parlo_account_store_update_async (ParloAccountStore *self, ParloAccount *account, ParloAccount *draft,
                                  const char *password, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PARLO_IS_ACCOUNT (account));
  parlo_account_store_save_async (self, account, draft, password, NULL, cancellable, callback, user_data);
}

gboolean
parlo_account_store_update_finish (ParloAccountStore *self, GAsyncResult *result, GError **error)
{
  g_autoptr(ParloAccount) account = parlo_account_store_save_finish (self, result, error);

  return account != NULL;
}

static void
on_removed_password_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_warning ("The password of a removed account stays in the keyring: %s", error->message);
}

/* Forgets the account: its settings and its passwords. */
void
parlo_account_store_remove (ParloAccountStore *self, ParloAccount *account)
{
  g_autoptr(ParloAccount) removed = NULL;
  const char * const *names = parlo_account_list_settings ();
  GSettings *settings;
  guint position;

  g_return_if_fail (PARLO_IS_ACCOUNT_STORE (self));
  g_return_if_fail (!parlo_account_is_direct (account));

  if (!g_ptr_array_find (self->accounts, account, &position))
    return;
  removed = g_object_ref (account);
  settings = g_hash_table_lookup (self->account_settings, parlo_account_get_id (account));
  g_signal_handlers_disconnect_by_data (account, self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_settings_unbind (account, names[i]);
      g_settings_reset (settings, names[i]);
    }
  g_settings_unbind (account, "contact-user");
  g_settings_reset (settings, CONTACT_USER_KEY);
  secret_password_clear (password_schema (), NULL, on_removed_password_cleared, NULL,
                         "account", parlo_account_get_id (account), NULL);
  secret_password_clear (password_schema (), NULL, on_removed_password_cleared, NULL,
                         "turn-account", parlo_account_get_id (account), NULL);
  g_hash_table_remove (self->account_settings, parlo_account_get_id (account));
  g_ptr_array_remove_index (self->accounts, position);
  save_ids (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
on_password_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

static void
lookup_secret (ParloAccountStore *self, ParloAccount *account, const char *attribute, gpointer tag,
               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  secret_password_lookup (password_schema (), cancellable, on_password_looked_up, task,
                          attribute, parlo_account_get_id (account), NULL);
}

/* The account's password, or NULL without an error when it has none. */
void
parlo_account_store_lookup_password_async (ParloAccountStore *self, ParloAccount *account,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  lookup_secret (self, account, "account", parlo_account_store_lookup_password_async,
                 cancellable, callback, user_data);
}

/* Free the result with secret_password_free, which wipes it. */
char *
parlo_account_store_lookup_password_finish (ParloAccountStore *self, GAsyncResult *result,
                                            GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The password at the account's TURN server, or NULL without an error when it
 * has none; free it with secret_password_free. */
void
parlo_account_store_lookup_turn_password_async (ParloAccountStore *self, ParloAccount *account,
                                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                                gpointer user_data)
{
  lookup_secret (self, account, "turn-account", parlo_account_store_lookup_turn_password_async,
                 cancellable, callback, user_data);
}

char *
parlo_account_store_lookup_turn_password_finish (ParloAccountStore *self, GAsyncResult *result,
                                                 GError **error)
{
  return parlo_account_store_lookup_password_finish (self, result, error);
}
