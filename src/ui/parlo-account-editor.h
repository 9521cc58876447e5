/* parlo-account-editor.h — the form that adds an account or changes one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-account-store.h"

G_BEGIN_DECLS

#define PARLO_TYPE_ACCOUNT_EDITOR (parlo_account_editor_get_type ())
G_DECLARE_FINAL_TYPE (ParloAccountEditor, parlo_account_editor, PARLO, ACCOUNT_EDITOR, AdwBin)

GtkWidget *parlo_account_editor_new (ParloAccountStore *accounts,
                                     ParloAccount      *account);

G_END_DECLS
