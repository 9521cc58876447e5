/* parlo-account-sync.h — keeps the engine's accounts in step with the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-account-store.h"
#include "parlo-engine.h"

G_BEGIN_DECLS

#define PARLO_TYPE_ACCOUNT_SYNC (parlo_account_sync_get_type ())
G_DECLARE_FINAL_TYPE (ParloAccountSync, parlo_account_sync, PARLO, ACCOUNT_SYNC, GObject)

ParloAccountSync   *parlo_account_sync_new             (ParloEngine       *engine,
                                                        ParloAccountStore *store);
void                parlo_account_sync_set_retry_delay (ParloAccountSync  *self,
                                                        guint              first_ms,
                                                        guint              longest_ms);
ParloRegistrationFailure parlo_account_sync_certificate_failure (const char *tls_problem);
ParloEngineAccount *parlo_account_sync_engine_account  (ParloAccount      *account,
                                                        const char        *password,
                                                        const char        *turn_password);

G_END_DECLS
