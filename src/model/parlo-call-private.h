/* parlo-call-private.h — how ParloCallSync changes a call; nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-call.h"

G_BEGIN_DECLS

ParloCall *parlo_call_new            (const char         *id,
                                      const char         *account,
                                      ParloCallDirection  direction,
                                      const char         *peer_uri,
                                      const char         *peer_name);
void       parlo_call_set_state      (ParloCall          *self,
                                      ParloCallState      state);
void       parlo_call_set_flags      (ParloCall          *self,
                                      gboolean            muted,
                                      gboolean            held,
                                      gboolean            remote_held);
void       parlo_call_set_peer_name  (ParloCall          *self,
                                      const char         *peer_name);
void       parlo_call_set_quality    (ParloCall          *self,
                                      double              packet_loss,
                                      guint               jitter_ms,
                                      guint               round_trip_ms);
void       parlo_call_set_input_level (ParloCall         *self,
                                       double             level);
void       parlo_call_set_echo_delay (ParloCall          *self,
                                      int                 delay_ms);
void       parlo_call_set_encrypted  (ParloCall          *self,
                                      gboolean            encrypted);
void       parlo_call_set_audio_missing (ParloCall       *self,
                                         gboolean         missing);
void       parlo_call_end            (ParloCall          *self,
                                      ParloCallEndReason  reason,
                                      guint               status,
                                      const char         *message);
void       parlo_call_emit_dtmf      (ParloCall          *self,
                                      const char         *key);

G_END_DECLS
