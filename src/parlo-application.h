/* parlo-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PARLO_TYPE_APPLICATION (parlo_application_get_type ())
G_DECLARE_FINAL_TYPE (ParloApplication, parlo_application, PARLO, APPLICATION, AdwApplication)

ParloApplication *parlo_application_new (void);

G_END_DECLS
