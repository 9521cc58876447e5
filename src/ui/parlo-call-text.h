/* parlo-call-text.h — how a call's state reads to a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "model/parlo-call.h"

G_BEGIN_DECLS

char       *parlo_call_text_address (ParloCall          *call);
char       *parlo_call_text_peer   (ParloCall          *call);
char       *parlo_call_text_state  (ParloCall          *call);

G_END_DECLS
