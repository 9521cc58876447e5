/* parlo-ringer.h — the sounds calls make: ringing, ringback, call waiting, busy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-engine.h"
#include "parlo-call-model.h"

G_BEGIN_DECLS

#define PARLO_TYPE_RINGER (parlo_ringer_get_type ())
G_DECLARE_FINAL_TYPE (ParloRinger, parlo_ringer, PARLO, RINGER, GObject)

ParloRinger *parlo_ringer_new (ParloEngine    *engine,
                               ParloCallModel *calls,
                               GSettings      *settings);

G_END_DECLS
