/* The main window driven as a person drives it: clicks and keys through the X
 * server, on a real call model fed by real engines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "parlo-test.h"
#include "parlo-test-input.h"
#include "parlo-test-widgets.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-keypad.h"
#include "ui/parlo-window.h"

static ParloTestPulse *pulse;

typedef struct {
  ParloTestPeer *a;
  ParloTestPeer *b;
  ParloHistory  *history;
  char          *history_dir;
  GtkWidget     *window;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->a = parlo_test_peer_new ("alice");
  fixture->b = parlo_test_peer_new ("bob");
  fixture->history_dir = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  path = g_build_filename (fixture->history_dir, "history.db", NULL);
  fixture->history = parlo_history_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->history);
  parlo_test_remove_tree (fixture->history_dir);
  g_free (fixture->history_dir);
  parlo_test_peer_free (fixture->a);
  parlo_test_peer_free (fixture->b);
}

/* The window on this peer, presented and drawn. */
static GtkWidget *
open_window (Fixture *fixture, ParloTestPeer *peer)
{
  fixture->window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions,
                                                  fixture->history));
  gtk_window_present (GTK_WINDOW (fixture->window));
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (fixture->window));
  parlo_test_run_for (300);
  return fixture->window;
}

static GtkWidget *
keypad_key (GtkWidget *keypad, const char *key)
{
  for (GtkWidget *button = gtk_widget_get_first_child (keypad); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (g_str_equal (g_object_get_data (G_OBJECT (button), "key"), key))
      return button;
  g_error ("No key %s", key);
}

static const char *
entry_text (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* Clicking each of the twelve keys types it, in order. */
static void
test_keypad_clicks (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = open_window (fixture, fixture->a);
  GtkWidget *dialpad = parlo_test_find_widget (window, PARLO_TYPE_DIALPAD, NULL);
  GtkWidget *keypad = parlo_test_find_widget (dialpad, PARLO_TYPE_KEYPAD, NULL);
  GtkWidget *entry = parlo_test_find_widget (dialpad, GTK_TYPE_ENTRY, NULL);
  static const char *keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#" };
  g_autoptr(GString) typed = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      parlo_test_click (keypad_key (keypad, keys[i]));
      g_string_append (typed, keys[i]);
      g_assert_cmpstr (entry_text (entry), ==, typed->str);
    }
}

int
main (int argc, char *argv[])
{
  g_autofree char *runtime_dir = g_dir_make_tmp ("parlo-ui-XXXXXX", NULL);
  int result;

  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  pulse = parlo_test_pulse_start ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/input/keypad-clicks", test_keypad_clicks);

  result = g_test_run ();
  parlo_test_pulse_stop (pulse);
  return result;
}
