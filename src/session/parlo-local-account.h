/* parlo-local-account.h — the account for direct calls, with no server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-engine.h"

G_BEGIN_DECLS

char               *parlo_local_account_aor (const char *user,
                                             const char *listen_address);
ParloEngineAccount *parlo_local_account_new (const char *aor);
char               *parlo_local_address    (void);

G_END_DECLS
