/* parlo-call-sync.h — the one place where engine events become call state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-call-model.h"
#include "parlo-engine.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CALL_SYNC (parlo_call_sync_get_type ())
G_DECLARE_FINAL_TYPE (ParloCallSync, parlo_call_sync, PARLO, CALL_SYNC, GObject)

/* engine may be NULL: events are then applied by hand (as the unit tests do). */
ParloCallSync *parlo_call_sync_new           (ParloEngine      *engine,
                                              ParloCallModel   *calls);
void           parlo_call_sync_apply_event   (ParloCallSync    *self,
                                              const ParloEvent *event);
/* The engine died: every call it carried is over. */
void           parlo_call_sync_interrupt_all (ParloCallSync    *self);

G_END_DECLS
