/* parlo-test-window.h — the main window on a real engine and a history file of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "parlo-test.h"

G_BEGIN_DECLS

/* For g_test_add: a peer "me" and, once opened, the window on it. */
typedef struct {
  ParloTestPeer *peer;
  char          *history_dir;
  char          *history_path;  /* in history_dir; a test may write it before the window opens */
  ParloHistory  *history;
  GtkWidget     *window;
} ParloTestWindowFixture;

void       parlo_test_window_set_up    (ParloTestWindowFixture *fixture,
                                        gconstpointer           data);
void       parlo_test_window_tear_down (ParloTestWindowFixture *fixture,
                                        gconstpointer           data);
/* Opens the history file as it stands and the window on peer (the fixture's
 * own when NULL), with view ("dial", "recent", "contacts") in front, presented. */
GtkWidget *parlo_test_window_open      (ParloTestWindowFixture *fixture,
                                        ParloTestPeer          *peer,
                                        const char             *view);

G_END_DECLS
