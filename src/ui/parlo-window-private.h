/* parlo-window-private.h — what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-call-view.h"
#include "parlo-contacts-page.h"
#include "parlo-dialpad.h"
#include "parlo-recent-page.h"
#include "parlo-window.h"

G_BEGIN_DECLS

struct _ParloWindow
{
  AdwApplicationWindow  parent_instance;

  ParloEngine          *engine;
  ParloAccountStore    *accounts;
  ParloCallModel       *call_model;
  ParloCallActions     *call_actions;
  ParloHistory         *history;
  ParloAccount         *default_account;

  AdwToastOverlay      *toasts;
  GtkStack             *main_stack;
  GtkButton            *back_button;
  GtkListBox           *call_switcher;
  ParloCallView        *call_view;
  AdwViewStack         *views;
  ParloDialpad         *dialpad;
  GtkLabel             *own_address;
  GtkRevealer          *calls_revealer;
  GtkListBox           *call_list;
  ParloRecentPage      *recent_page;
  ParloContactsPage    *contacts_page;
  GtkRevealer          *engine_banner;
  GtkLabel             *engine_banner_title;
  GtkLabel             *engine_banner_detail;
  GtkButton            *engine_retry_button;
  gboolean              showing_write_problem;  /* the history banner tells that */
  GtkRevealer          *history_banner;
  GtkLabel             *history_banner_text;
};

/* The window's "views" (Dial, Recent, Contacts) or its "call" page in front. */
void parlo_window_show_page          (ParloWindow *self,
                                      const char  *page);
/* Runs a "call." action, such as "call.hold", on call. */
void parlo_window_activate_on        (ParloWindow *self,
                                      const char  *action,
                                      ParloCall   *call);
/* The actions on calls and views that keys reach (parlo-window-actions.c). */
void parlo_window_add_call_actions   (ParloWindow *self);

G_END_DECLS
