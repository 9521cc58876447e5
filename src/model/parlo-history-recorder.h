/* parlo-history-recorder.h — writes every call of a call model to the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-call-model.h"
#include "parlo-history.h"

G_BEGIN_DECLS

#define PARLO_TYPE_HISTORY_RECORDER (parlo_history_recorder_get_type ())
G_DECLARE_FINAL_TYPE (ParloHistoryRecorder, parlo_history_recorder, PARLO, HISTORY_RECORDER, GObject)

ParloHistoryRecorder *parlo_history_recorder_new (ParloHistory   *history,
                                                  ParloCallModel *calls);

G_END_DECLS
