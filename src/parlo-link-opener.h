/* parlo-link-opener.h — links from other programs and the command line, offered or called
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-call-actions.h"
#include "parlo-account-store.h"

G_BEGIN_DECLS

#define PARLO_TYPE_LINK_OPENER (parlo_link_opener_get_type ())
G_DECLARE_FINAL_TYPE (ParloLinkOpener, parlo_link_opener, PARLO, LINK_OPENER, GObject)

/* Calls go through the "dial" action of actions; settings is the app's. */
ParloLinkOpener *parlo_link_opener_new  (ParloAccountStore *accounts,
                                         GSettings         *settings,
                                         ParloCallActions  *call_actions,
                                         GActionGroup      *actions);
/* Normalises text for the account that would call it; FALSE with the reason
 * if it cannot be called. Otherwise emits "present", then either calls it or
 * emits "offer" with the address to show, ready to call. */
gboolean         parlo_link_opener_open (ParloLinkOpener   *self,
                                         const char        *text,
                                         GError           **error);

G_END_DECLS
