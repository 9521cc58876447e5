/* parlo-test-window.c — the main window on a real engine and a history file of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "ui/parlo-recent-row.h"
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

ParloHistory *
parlo_test_history_in (const char *directory)
{
  g_autofree char *path = g_build_filename (directory, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  ParloHistory *history = parlo_history_open (path, &error);

  g_assert_no_error (error);
  return history;
}

static AdwViewStack *
find_views (GtkWidget *window)
{
  return ADW_VIEW_STACK (parlo_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL));
}

void
parlo_test_window_show_view (GtkWidget *window, const char *name)
{
  adw_view_stack_set_visible_child_name (find_views (window), name);
}

GtkWidget *
parlo_test_window_recent_search (GtkWidget *window)
{
  return parlo_test_find_widget (adw_view_stack_get_child_by_name (find_views (window), "recent"),
                                 GTK_TYPE_SEARCH_ENTRY, NULL);
}

AdwViewStackPage *
parlo_test_window_recent_tab (GtkWidget *window)
{
  AdwViewStack *views = find_views (window);

  return adw_view_stack_get_page (views, adw_view_stack_get_child_by_name (views, "recent"));
}

void
parlo_test_collect (GtkWidget *root, ParloTestWidgetMatch match, GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (match (child, NULL))
        g_ptr_array_add (found, child);
      else
        parlo_test_collect (child, match, found);
    }
}

static gboolean
is_shown_recent_row (GtkWidget *widget, gconstpointer data)
{
  return PARLO_IS_RECENT_ROW (widget) && gtk_widget_get_mapped (widget) &&
         parlo_recent_row_get_entry (PARLO_RECENT_ROW (widget)) != NULL;
}

GPtrArray *
parlo_test_recent_rows (GtkWidget *window)
{
  GPtrArray *rows = g_ptr_array_new ();

  parlo_test_collect (window, is_shown_recent_row, rows);
  return rows;
}

guint
parlo_test_n_recent_rows (GtkWidget *window)
{
  g_autoptr(GPtrArray) rows = parlo_test_recent_rows (window);

  return rows->len;
}

GtkWidget *
parlo_test_recent_row (GtkWidget *window, guint position)
{
  g_autoptr(GPtrArray) rows = parlo_test_recent_rows (window);

  g_assert_cmpuint (position, <, rows->len);
  return g_ptr_array_index (rows, position);
}

static gboolean
is_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget);
}

const char *
parlo_test_row_text (GtkWidget *row, ParloTestRowLabel which)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *label;

  parlo_test_collect (row, is_label, labels);
  /* The menu's labels come after these. */
  g_assert_cmpuint (labels->len, >=, 3);
  label = g_ptr_array_index (labels, which);
  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

void
parlo_test_click_tooltip (GtkWidget *root, const char *tooltip)
{
  GtkWidget *button = parlo_test_find_widget (root, GTK_TYPE_BUTTON, tooltip);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}
