/* parlo-registration-notifier.c — tells a person an account can no longer take calls
 *
 * When an account that was registered fails to register again — the server
 * stopped answering, or refused the refresh — calls to it no longer arrive,
 * and nobody may be looking at the window (Parlo runs in the background). A
 * notification names the account and says why, in the account's own words;
 * it follows the reason while the account is tried again, and is withdrawn
 * once the account registers again, is turned off or is removed. Its default
 * action is the app's "show-window", where the account's status shows.
 *
 * An account that has not registered since Parlo started (a wrong password,
 * a server down at start-up) does not notify: nothing was lost, and the
 * window and the preferences say what is wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-registration-notifier.h"

struct _ParloRegistrationNotifier
{
  GObject            parent_instance;

  GtkApplication    *application;   /* not owned: the application owns us */
  ParloAccountStore *accounts;
  GHashTable        *watches;       /* ParloAccount → Watch */
};

/* What is known of one account of the store. */
typedef struct {
  ParloRegistrationNotifier *notifier;
  ParloAccount              *account;
  gboolean                   was_registered;
  char                      *shown;   /* the reason the notification on the desktop gives, or NULL */
} Watch;

G_DEFINE_FINAL_TYPE (ParloRegistrationNotifier, parlo_registration_notifier, G_TYPE_OBJECT)

static char *
notification_id (ParloAccount *account)
{
  return g_strdup_printf ("registration-%s", parlo_account_get_id (account));
}

static void
withdraw (Watch *watch)
{
  g_autofree char *id = NULL;

  if (watch->shown == NULL)
    return;
  id = notification_id (watch->account);
  g_application_withdraw_notification (G_APPLICATION (watch->notifier->application), id);
  g_clear_pointer (&watch->shown, g_free);
}

static void
notify_lost (Watch *watch)
{
  const char *reason = parlo_account_get_status (watch->account);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  if (g_strcmp0 (watch->shown, reason) == 0)
    return;
  /* Translators: %s is an account's address, as in alice@example.org */
  title = g_strdup_printf (_("%s is not registered"), parlo_account_get_address (watch->account));
  notification = g_notification_new (title);
  g_notification_set_body (notification, reason);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action (notification, "app.show-window");
  id = notification_id (watch->account);
  g_application_send_notification (G_APPLICATION (watch->notifier->application), id, notification);
  g_free (watch->shown);
  watch->shown = g_strdup (reason);
}

static void
on_account_changed (Watch *watch)
{
  switch (parlo_account_get_registration_state (watch->account))
    {
    case PARLO_REGISTRATION_REGISTERED:
      watch->was_registered = TRUE;
      withdraw (watch);
      break;
    case PARLO_REGISTRATION_FAILED:
      if (watch->was_registered)
        notify_lost (watch);
      break;
    case PARLO_REGISTRATION_DISABLED:
      /* Turned off on purpose: nothing to tell, and its next start is a new one. */
      watch->was_registered = FALSE;
      withdraw (watch);
      break;
    default:
      /* Registering again: what was lost stays lost until it succeeds. */
      break;
    }
}

static void
watch_free (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->account, watch);
  g_object_unref (watch->account);
  g_free (watch->shown);
  g_free (watch);
}

/* A watch for each account of the store; removed accounts take theirs along. */
static void
on_accounts_changed (ParloRegistrationNotifier *self)
{
  GListModel *accounts = G_LIST_MODEL (self->accounts);
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer account;
  Watch *watch;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(ParloAccount) item = g_list_model_get_item (accounts, i);

      g_hash_table_add (present, item);
      if (parlo_account_is_direct (item) || g_hash_table_contains (self->watches, item))
        continue;
      watch = g_new0 (Watch, 1);
      watch->notifier = self;
      watch->account = g_object_ref (item);
      g_hash_table_insert (self->watches, item, watch);
      g_signal_connect_swapped (item, "notify::registration-state", G_CALLBACK (on_account_changed), watch);
      g_signal_connect_swapped (item, "notify::status", G_CALLBACK (on_account_changed), watch);
      on_account_changed (watch);
    }
  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, &account, (gpointer *) &watch))
    if (!g_hash_table_contains (present, account))
      {
        withdraw (watch);
        g_hash_table_iter_remove (&iter);
      }
}

static void
parlo_registration_notifier_dispose (GObject *object)
{
  ParloRegistrationNotifier *self = PARLO_REGISTRATION_NOTIFIER (object);

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_object (&self->accounts);
  G_OBJECT_CLASS (parlo_registration_notifier_parent_class)->dispose (object);
}

static void
parlo_registration_notifier_class_init (ParloRegistrationNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_registration_notifier_dispose;
}

static void
parlo_registration_notifier_init (ParloRegistrationNotifier *self)
{
  self->watches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) watch_free);
}

ParloRegistrationNotifier *
parlo_registration_notifier_new (GtkApplication *application, ParloAccountStore *accounts)
{
  ParloRegistrationNotifier *self = g_object_new (PARLO_TYPE_REGISTRATION_NOTIFIER, NULL);

  self->application = application;
  self->accounts = g_object_ref (accounts);
  g_signal_connect_swapped (accounts, "items-changed", G_CALLBACK (on_accounts_changed), self);
  on_accounts_changed (self);
  return self;
}
