/* parlo-test-window.h — the main window on a real engine and a history file of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "parlo-test.h"
#include "parlo-test-widgets.h"

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

/* A call history in a file of its own, history.db in directory. */
ParloHistory     *parlo_test_history_in               (const char             *directory);

void              parlo_test_window_show_view         (GtkWidget              *window,
                                                       const char             *name);
/* The search over the Recent list (the account selector has one too). */
GtkWidget        *parlo_test_window_recent_search     (GtkWidget              *window);
AdwViewStackPage *parlo_test_window_recent_tab        (GtkWidget              *window);

/* Every descendant of root that match accepts and none inside those, depth
 * first: on screen, top to bottom. */
void              parlo_test_collect                  (GtkWidget              *root,
                                                       ParloTestWidgetMatch    match,
                                                       GPtrArray              *found);
/* The rows the Recent list shows, top to bottom. */
GPtrArray        *parlo_test_recent_rows       (GtkWidget              *window);
guint             parlo_test_n_recent_rows     (GtkWidget              *window);
GtkWidget        *parlo_test_recent_row        (GtkWidget              *window,
                                                       guint                   position);

/* A Recent row's labels: the day heading, who, and when and how it went. */
typedef enum { PARLO_TEST_ROW_DAY, PARLO_TEST_ROW_PEER, PARLO_TEST_ROW_SUMMARY } ParloTestRowLabel;

/* The label's text, or NULL when the row does not show it. */
const char       *parlo_test_row_text          (GtkWidget              *row,
                                                       ParloTestRowLabel       which);

/* Emits "clicked" on the button under root with this tooltip. */
void              parlo_test_click_tooltip            (GtkWidget              *root,
                                                       const char             *tooltip);

G_END_DECLS
