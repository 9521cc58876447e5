/* Renders the main views at phone and desktop size into PNGs under the build
 * directory (screenshots/), so that a person can look at them, and checks that
 * each is a whole, drawn window of the size asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "parlo-test.h"
#include "parlo-test-widgets.h"
#include "ui/parlo-window.h"

static ParloTestPulse *pulse;

static const struct {
  int width, height;
} sizes[] = { { 360, 720 }, { 1024, 720 } };

static AdwViewStack *
find_view_stack (GtkWidget *root)
{
  return ADW_VIEW_STACK (parlo_test_find_widget (root, ADW_TYPE_VIEW_STACK, NULL));
}

static gboolean
frame_drawn (GtkWidget *window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

/* Opens a window of the given size on the peer's calls, shows the view, saves it. */
static void
shoot (ParloTestPeer *peer, const char *view, int width, int height)
{
  GtkWidget *window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions));
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%dx%d.png", view, width, height);
  g_autofree char *path = g_build_filename (g_getenv ("PARLO_SCREENSHOT_DIR"), name, NULL);
  g_autofree guchar *pixels = NULL;
  gsize stride = width * 4;
  gboolean varied = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  if (g_str_equal (view, "recent"))
    adw_view_stack_set_visible_child_name (find_view_stack (window), "recent");
  gtk_window_present (GTK_WINDOW (window));
  PARLO_TEST_WAIT_UNTIL (frame_drawn (window));
  /* Let the first frames settle (transitions, fonts) before the picture. */
  for (int i = 0; i < 50; i++)
    parlo_test_iterate ();
  /* The window frame takes a few pixels of what was asked for. */
  g_assert_cmpint (ABS (gtk_widget_get_width (window) - width), <=, 16);
  g_assert_cmpint (ABS (gtk_widget_get_height (window) - height), <=, 16);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  stride = width * 4;

  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  /* A blank picture would mean nothing was drawn. */
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * height && !varied; i += 4)
    varied = memcmp (pixels + i, pixels, 4) != 0;
  g_assert_true (varied);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
shoot_all_sizes (ParloTestPeer *peer, const char *view)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    shoot (peer, view, sizes[i].width, sizes[i].height);
}

static void
test_views (void)
{
  ParloTestPeer *a = parlo_test_peer_new ("alice");
  ParloTestPeer *b = parlo_test_peer_new ("bob");
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  g_mkdir_with_parents (g_getenv ("PARLO_SCREENSHOT_DIR"), 0755);
  shoot_all_sizes (b, "dial");

  call_id = parlo_test_peer_dial (a, b);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  b_call = parlo_test_peer_call (b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_INCOMING);
  shoot_all_sizes (b, "incoming");

  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  shoot_all_sizes (b, "connected");

  parlo_test_peer_hangup (b, b_call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  shoot_all_sizes (b, "recent");

  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
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
  g_test_add_func ("/screenshots/views", test_views);
  result = g_test_run ();
  parlo_test_pulse_stop (pulse);
  return result;
}
