/* parlo-background-keeper.h — keeps Parlo running without a window while it has calls to take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-account-store.h"
#include "parlo-call-model.h"

G_BEGIN_DECLS

#define PARLO_TYPE_BACKGROUND_KEEPER (parlo_background_keeper_get_type ())
G_DECLARE_FINAL_TYPE (ParloBackgroundKeeper, parlo_background_keeper, PARLO, BACKGROUND_KEEPER, GObject)

/* settings is the app's ("run-in-background"). The "needed" property says
 * whether it holds application now, running without its window. */
ParloBackgroundKeeper *parlo_background_keeper_new        (GtkApplication        *application,
                                                           GSettings             *settings,
                                                           ParloAccountStore     *accounts,
                                                           ParloCallModel        *calls);
/* Looks again; the application calls it when its windows change. */
void                   parlo_background_keeper_update     (ParloBackgroundKeeper *self);

G_END_DECLS
