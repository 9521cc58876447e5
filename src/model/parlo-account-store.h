/* parlo-account-store.h — the accounts, kept across restarts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-account.h"

G_BEGIN_DECLS

#define PARLO_TYPE_ACCOUNT_STORE (parlo_account_store_get_type ())
G_DECLARE_FINAL_TYPE (ParloAccountStore, parlo_account_store, PARLO, ACCOUNT_STORE, GObject)

ParloAccountStore *parlo_account_store_new                  (GSettings           *settings,
                                                             const char          *direct_aor);
ParloAccount      *parlo_account_store_get_direct           (ParloAccountStore   *self);
ParloAccount      *parlo_account_store_find                 (ParloAccountStore   *self,
                                                             const char          *id);
ParloAccount      *parlo_account_store_find_by_aor          (ParloAccountStore   *self,
                                                             const char          *aor);
ParloAccount      *parlo_account_store_get_default          (ParloAccountStore   *self);
void               parlo_account_store_set_default          (ParloAccountStore   *self,
                                                             ParloAccount        *account);
ParloAccount      *parlo_account_store_choose_for_call      (ParloAccountStore   *self,
                                                             ParloAccount        *picked);

void               parlo_account_store_save_async           (ParloAccountStore   *self,
                                                             ParloAccount        *account,
                                                             ParloAccount        *draft,
                                                             const char          *password,
                                                             const char          *turn_password,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ParloAccount      *parlo_account_store_save_finish          (ParloAccountStore   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               parlo_account_store_add_async            (ParloAccountStore   *self,
                                                             ParloAccount        *draft,
                                                             const char          *password,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ParloAccount      *parlo_account_store_add_finish           (ParloAccountStore   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               parlo_account_store_update_async         (ParloAccountStore   *self,
                                                             ParloAccount        *account,
                                                             ParloAccount        *draft,
                                                             const char          *password,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           parlo_account_store_update_finish        (ParloAccountStore   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               parlo_account_store_remove               (ParloAccountStore   *self,
                                                             ParloAccount        *account);
void               parlo_account_store_lookup_password_async (ParloAccountStore  *self,
                                                             ParloAccount        *account,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char              *parlo_account_store_lookup_password_finish (ParloAccountStore *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               parlo_account_store_lookup_turn_password_async (ParloAccountStore *self,
                                                                  ParloAccount      *account,
                                                                  GCancellable      *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer           user_data);
char              *parlo_account_store_lookup_turn_password_finish (ParloAccountStore *self,
                                                                   GAsyncResult      *result,
                                                                   GError           **error);

G_END_DECLS
