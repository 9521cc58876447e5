/* parlo-test-notifications.h — a stand-in for the desktop's notification server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Speaks org.freedesktop.Notifications on the session bus (none runs under
 * Xvfb), keeps the last notification it was sent, and can press its buttons
 * as a person would. Ids count from 1, one per notification sent. */
typedef struct {
  guint32  last_id;
  char    *summary;
  char    *body;
  GStrv    actions;     /* key, label, key, label, … */
  guint32  closed;      /* the id of the last one withdrawn */
  /* private */
  guint    owner_id;
  guint    object_id;
  GHashTable *on_screen; /* id → "SUMMARY\nBODY" of those not withdrawn */
  GHashTable *peaks;     /* "SUMMARY\nBODY" → the most on screen at once */
} ParloTestNotifications;

ParloTestNotifications *parlo_test_notifications_start   (void);
/* Presses the button with this label on the last notification. */
void                    parlo_test_notifications_press   (ParloTestNotifications *server,
                                                          const char             *label);
/* Clicks the last notification itself: its default action. */
void                    parlo_test_notifications_click   (ParloTestNotifications *server);
/* Lets GLib take the server's reply to the last Notify first: a notification
 * withdrawn before GLib knows its id on the server cannot be closed there. */
void                    parlo_test_notifications_settle  (ParloTestNotifications *server);
/* The most notifications titled summary that were on the desktop at once with
 * the same body (for an incoming call, from the same caller). One sent in
 * place of another (replaces_id) is not one more. */
guint                   parlo_test_notifications_peak    (ParloTestNotifications *server,
                                                          const char             *summary);
void                    parlo_test_notifications_stop    (ParloTestNotifications *server);

G_END_DECLS
