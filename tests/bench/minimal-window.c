/* The reference for start-up, memory and idle cost: the smallest libadwaita app
 * with a window, started the same way as Parlo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

static void
on_first_frame (GdkFrameClock *clock, gpointer user_data)
{
  g_print ("First frame presented at %" G_GINT64_FORMAT " µs (monotonic)\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, user_data);
}

static void
on_map (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_first_frame), NULL);
}

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  g_signal_connect_after (window, "map", G_CALLBACK (on_map), NULL);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.parlo.MinimalWindow",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
