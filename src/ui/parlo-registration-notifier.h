/* parlo-registration-notifier.h — tells a person an account can no longer take calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-account-store.h"

G_BEGIN_DECLS

#define PARLO_TYPE_REGISTRATION_NOTIFIER (parlo_registration_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ParloRegistrationNotifier, parlo_registration_notifier, PARLO, REGISTRATION_NOTIFIER,
                      GObject)

ParloRegistrationNotifier *parlo_registration_notifier_new (GtkApplication    *application,
                                                            ParloAccountStore *accounts);

G_END_DECLS
