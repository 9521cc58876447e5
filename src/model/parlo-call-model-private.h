/* parlo-call-model-private.h — for ParloCallSync, which alone adds and removes calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-call-model.h"
#include "parlo-call-private.h"

G_BEGIN_DECLS

void parlo_call_model_add    (ParloCallModel *self,
                              ParloCall      *call);
void parlo_call_model_remove (ParloCallModel *self,
                              ParloCall      *call);

G_END_DECLS
