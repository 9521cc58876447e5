/* parlo-input-meter.h — how loud a microphone is, before any call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PARLO_TYPE_INPUT_METER (parlo_input_meter_get_type ())
G_DECLARE_FINAL_TYPE (ParloInputMeter, parlo_input_meter, PARLO, INPUT_METER, GObject)

ParloInputMeter *parlo_input_meter_new         (void);
void             parlo_input_meter_set_source  (ParloInputMeter *self,
                                                const char      *source);
void             parlo_input_meter_set_running (ParloInputMeter *self,
                                                gboolean         running);
double           parlo_input_meter_get_level   (ParloInputMeter *self);

G_END_DECLS
