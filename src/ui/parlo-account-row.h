/* parlo-account-row.h — one account in the preferences: how it stands, and a switch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-account.h"

G_BEGIN_DECLS

#define PARLO_TYPE_ACCOUNT_ROW (parlo_account_row_get_type ())
G_DECLARE_FINAL_TYPE (ParloAccountRow, parlo_account_row, PARLO, ACCOUNT_ROW, AdwActionRow)

GtkWidget    *parlo_account_row_new         (ParloAccount    *account);
ParloAccount *parlo_account_row_get_account (ParloAccountRow *self);

G_END_DECLS
