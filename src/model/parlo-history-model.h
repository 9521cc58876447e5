/* parlo-history-model.h — the call history as a list that loads itself in pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-history.h"

G_BEGIN_DECLS

#define PARLO_TYPE_HISTORY_MODEL (parlo_history_model_get_type ())
G_DECLARE_FINAL_TYPE (ParloHistoryModel, parlo_history_model, PARLO, HISTORY_MODEL, GObject)

/* A GListModel of ParloHistoryEntry, newest first. */
ParloHistoryModel *parlo_history_model_new             (ParloHistory      *history);
const char        *parlo_history_model_get_search      (ParloHistoryModel *self);
void               parlo_history_model_set_search      (ParloHistoryModel *self,
                                                        const char        *search);
gboolean           parlo_history_model_get_missed_only (ParloHistoryModel *self);
void               parlo_history_model_set_missed_only (ParloHistoryModel *self,
                                                        gboolean           missed_only);
/* How many rows the model has read from the store so far (for tests and the bench). */
guint              parlo_history_model_get_n_loaded    (ParloHistoryModel *self);

G_END_DECLS
