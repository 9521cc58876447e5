/* parlo-account-private.h — how the account store and the engine link report
 * registration; nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-account.h"

G_BEGIN_DECLS

void parlo_account_set_registration (ParloAccount             *self,
                                     ParloRegistrationState    state,
                                     ParloRegistrationFailure  failure,
                                     const char               *detail);
void parlo_account_set_expires      (ParloAccount             *self,
                                     GDateTime                *expires);
void parlo_account_set_certificate  (ParloAccount             *self,
                                     const char               *fingerprint,
                                     const char * const       *names,
                                     GDateTime                *expires);

G_END_DECLS
