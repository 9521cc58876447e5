/* parlo-call-actions.h — what a person can do to calls, as GActions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-account-store.h"
#include "parlo-call-model.h"
#include "parlo-engine.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CALL_ACTIONS (parlo_call_actions_get_type ())
G_DECLARE_FINAL_TYPE (ParloCallActions, parlo_call_actions, PARLO, CALL_ACTIONS, GObject)

ParloCallActions *parlo_call_actions_new         (ParloEngine       *engine,
                                                  ParloCallModel    *calls,
                                                  ParloAccountStore *accounts);
void              parlo_call_actions_add_to      (ParloCallActions *self,
                                                  GActionMap       *map);

G_END_DECLS
