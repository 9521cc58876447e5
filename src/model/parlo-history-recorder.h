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

ParloHistoryRecorder *parlo_history_recorder_new       (ParloHistory   *history,
                                                        ParloCallModel *calls);

/* What the call's end means for its record: ONGOING while it lasts. */
ParloHistoryResult    parlo_history_recorder_result_of (ParloCall      *call);
/* Why the call did not go through, for its record; NULL while it lasts and
 * once it was answered. */
const char           *parlo_history_recorder_reason_of (ParloCall      *call);
/* What went wrong with its audio: refused unencrypted, or lost for a while. */
ParloHistoryMedia     parlo_history_recorder_media_of  (ParloCall      *call);

G_END_DECLS
