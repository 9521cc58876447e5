/* parlo-echo-test.h — a peer on this machine that sends back what it hears
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-engine.h"
#include "parlo-call-model.h"

G_BEGIN_DECLS

#define PARLO_TYPE_ECHO_TEST (parlo_echo_test_get_type ())
G_DECLARE_FINAL_TYPE (ParloEchoTest, parlo_echo_test, PARLO, ECHO_TEST, GObject)

ParloEchoTest *parlo_echo_test_new          (ParloEngine          *caller,
                                             ParloCallModel       *calls);
void           parlo_echo_test_start_async  (ParloEchoTest        *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char          *parlo_echo_test_start_finish (ParloEchoTest        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void           parlo_echo_test_stop         (ParloEchoTest        *self);

G_END_DECLS
