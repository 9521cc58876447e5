/* parlo-test-window.c — the main window on a real engine and a history file of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "ui/parlo-window.h"

void
parlo_test_window_set_up (ParloTestWindowFixture *fixture, gconstpointer data)
{
  fixture->peer = parlo_test_peer_new ("me");
  fixture->history_dir = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  fixture->history_path = g_build_filename (fixture->history_dir, "history.db", NULL);
}

void
parlo_test_window_tear_down (ParloTestWindowFixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* The check of the file reads it in a thread: done before the file goes. */
  if (fixture->history != NULL)
    PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (fixture->history));
  g_clear_object (&fixture->history);
  parlo_test_remove_tree (fixture->history_dir);
  g_free (fixture->history_dir);
  g_free (fixture->history_path);
  parlo_test_peer_free (fixture->peer);
}

GtkWidget *
parlo_test_window_open (ParloTestWindowFixture *fixture, ParloTestPeer *peer, const char *view)
{
  g_autoptr(GError) error = NULL;
  AdwViewStack *views;

  if (peer == NULL)
    peer = fixture->peer;
  fixture->history = parlo_history_open (fixture->history_path, &error);
  g_assert_no_error (error);
  fixture->window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions,
                                                  fixture->history));
  views = ADW_VIEW_STACK (parlo_test_find_widget (fixture->window, ADW_TYPE_VIEW_STACK, NULL));
  adw_view_stack_set_visible_child_name (views, view);
  gtk_window_present (GTK_WINDOW (fixture->window));
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (fixture->window));
  return fixture->window;
}
