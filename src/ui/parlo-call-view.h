/* parlo-call-view.h — one live call, large, with its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-account-store.h"
#include "parlo-call.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CALL_VIEW (parlo_call_view_get_type ())
G_DECLARE_FINAL_TYPE (ParloCallView, parlo_call_view, PARLO, CALL_VIEW, AdwBin)

ParloCall *parlo_call_view_get_call (ParloCallView *self);
void       parlo_call_view_set_accounts (ParloCallView     *self,
                                         ParloAccountStore *accounts);
void       parlo_call_view_set_call (ParloCallView *self,
                                     ParloCall     *call);

G_END_DECLS
