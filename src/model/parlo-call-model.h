/* parlo-call-model.h — the live calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-call.h"

G_BEGIN_DECLS

#define PARLO_TYPE_CALL_MODEL (parlo_call_model_get_type ())
G_DECLARE_FINAL_TYPE (ParloCallModel, parlo_call_model, PARLO, CALL_MODEL, GObject)

ParloCallModel *parlo_call_model_new            (void);
ParloCall      *parlo_call_model_find           (ParloCallModel   *self,
                                                 const char       *account,
                                                 const char       *call_id);
/* The oldest call that is what is () asks, such as parlo_call_is_ringing_here;
 * NULL if none. The model holds it. */
ParloCall      *parlo_call_model_find_first     (ParloCallModel   *self,
                                                 gboolean        (*is) (ParloCall *call));

G_END_DECLS
