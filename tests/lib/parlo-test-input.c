/* parlo-test-input.c — real input through the X server, as a person gives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk/x11/gdkx.h>

#include "parlo-test.h"
#include "parlo-test-input.h"

static void
on_finished (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "xdotool failed");
  g_object_set_data (source, "finished", GINT_TO_POINTER (TRUE));
}

/* Lets the main loop run until xdotool has finished, then until GTK has read
 * and handled what the server delivered: a round trip on GTK's own connection
 * puts every event sent before it in GTK's queue. */
static void
run_xdotool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xdotool = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  g_subprocess_wait_check_async (xdotool, NULL, on_finished, &error);
  while (g_object_get_data (G_OBJECT (xdotool), "finished") == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("xdotool did not finish");
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_no_error (error);
  gdk_display_sync (gdk_display_get_default ());
  for (guint i = 0; i < 10; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static GdkSurface *
surface_of (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_get_mapped (widget));
  return gtk_native_get_surface (native);
}

static char *
window_id (GtkWidget *widget)
{
  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface_of (widget)));
}

/* The X window takes the keyboard, as a click on its title would give it. */
static void
focus_window (GtkWidget *widget)
{
  g_autofree char *id = window_id (widget);
  const char *argv[] = { "xdotool", "windowfocus", "--sync", id, NULL };

  run_xdotool (argv);
}

/* Where the centre of widget is in its X window, in pixels. */
static graphene_point_t
centre_on_surface (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                 gtk_widget_get_height (widget) / 2.0);
  graphene_point_t in_native;
  double surface_x, surface_y;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &centre, &in_native));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  return GRAPHENE_POINT_INIT (floorf (in_native.x + surface_x), floorf (in_native.y + surface_y));
}

/* A person clicks what they see: the widget must be shown, the X server must
 * have shown its window, and the widget must have stopped moving (a page
 * sliding in, a window laid out at its size), or the click lands where it
 * was. */
static graphene_point_t
settled_centre (GtkWidget *widget)
{
  graphene_point_t last = GRAPHENE_POINT_INIT (-1, -1);
  guint same = 0;
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (same < 3)
    {
      graphene_point_t now;

      if (g_get_monotonic_time () > deadline)
        g_error ("%s never came to rest on screen", G_OBJECT_TYPE_NAME (widget));
      g_usleep (30000);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      if (!gtk_widget_get_mapped (widget) || !gdk_surface_get_mapped (surface_of (widget)))
        continue;
      now = centre_on_surface (widget);
      same = graphene_point_equal (&now, &last) ? same + 1 : 0;
      last = now;
    }
  return last;
}

void
parlo_test_click (GtkWidget *widget)
{
  static graphene_point_t last_click = GRAPHENE_POINT_INIT (-1, -1);
  graphene_point_t centre = settled_centre (widget);
  g_autofree char *id = window_id (widget);
  g_autofree char *x = g_strdup_printf ("%d", (int) centre.x);
  g_autofree char *x_beside = g_strdup_printf ("%d", (int) centre.x + 1);
  g_autofree char *y = g_strdup_printf ("%d", (int) centre.y);
  const char *nudge[] = { "xdotool", "mousemove", "--window", id, "--sync", x_beside, y, NULL };
  const char *argv[] = { "xdotool", "mousemove", "--window", id, "--sync", x, y, "click", "1", NULL };

  /* --sync waits for the pointer to move, forever when it is there already. */
  if (graphene_point_equal (&centre, &last_click))
    run_xdotool (nudge);
  last_click = centre;
  run_xdotool (argv);
}

void
parlo_test_type (GtkWidget *widget, const char *text)
{
  const char *argv[] = { "xdotool", "type", "--delay", "20", "--", text, NULL };

  focus_window (widget);
  run_xdotool (argv);
}

void
parlo_test_keys (GtkWidget *widget, const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  focus_window (widget);
  g_ptr_array_add (argv, (gpointer) "xdotool");
  g_ptr_array_add (argv, (gpointer) "key");
  g_ptr_array_add (argv, (gpointer) "--delay");
  g_ptr_array_add (argv, (gpointer) "20");
  g_ptr_array_add (argv, (gpointer) "--");
  for (guint i = 0; each[i] != NULL; i++)
    g_ptr_array_add (argv, each[i]);
  g_ptr_array_add (argv, NULL);
  run_xdotool ((const char * const *) argv->pdata);
}
