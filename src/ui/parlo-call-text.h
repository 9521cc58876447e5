/* parlo-call-text.h — how a call's state reads to a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-call.h"
#include "parlo-history-entry.h"

G_BEGIN_DECLS

char *parlo_call_text_address       (ParloCall         *call);
char *parlo_call_text_peer          (ParloCall         *call);
char *parlo_call_text_state         (ParloCall         *call);
const char *parlo_call_text_encryption      (ParloCall         *call);
const char *parlo_call_text_encryption_icon (ParloCall         *call);
const char *parlo_call_text_audio_missing   (void);
const char *parlo_call_text_unencrypted     (ParloCallDirection direction);

char *parlo_call_text_uri_address   (const char        *uri);
char *parlo_call_text_duration      (guint              seconds);
char *parlo_call_text_entry_peer    (ParloHistoryEntry *entry);
char *parlo_call_text_entry_outcome (ParloHistoryEntry *entry);
char *parlo_call_text_entry_summary (ParloHistoryEntry *entry);
char *parlo_call_text_day           (GDateTime         *time,
                                     GDateTime         *now);
char *parlo_call_text_entry_description (ParloHistoryEntry *entry,
                                         GDateTime         *now);

G_END_DECLS
