/* Renders the main views and the preferences at phone and desktop size into
 * PNGs under the build directory (screenshots/), so that a person can look at
 * them, and checks that each is a whole, drawn window of the size asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "parlo-test-servers.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-test-widgets.h"
#include "audio/parlo-audio-devices.h"
#include "model/parlo-history-recorder.h"
#include "ui/parlo-account-editor.h"
#include "ui/parlo-audio-page.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-window.h"

static ParloAudioDevices *devices;

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

/* What the paintable shows now, or NULL while its widget is being laid out again. */
static GskRenderNode *
take_picture (GdkPaintable *paintable, int width, int height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  return gtk_snapshot_to_node (snapshot);
}

/* Presents the window at the given size, saves it as VIEW-WxH.png and closes it. */
static void
save_picture (GtkWidget *window, const char *view, int width, int height)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%dx%d.png", view, width, height);
  g_autofree char *path = g_build_filename (g_getenv ("PARLO_SCREENSHOT_DIR"), name, NULL);
  g_autofree guchar *pixels = NULL;
  gsize stride = width * 4;
  gboolean varied = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
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
  PARLO_TEST_WAIT_UNTIL ((node = take_picture (paintable, width, height)) != NULL);
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

/* The main window on the peer's calls and history, showing the view: "recent",
 * "contacts", "dial-suggestions" (a name being typed) or the dialpad. */
static void
shoot (ParloTestPeer *peer, ParloHistory *history, const char *view, int width, int height)
{
  GtkWidget *window = GTK_WIDGET (parlo_window_new (NULL, peer->engine, peer->accounts, peer->calls, peer->actions,
                                                    history));

  if (g_str_equal (view, "recent") || g_str_equal (view, "contacts"))
    adw_view_stack_set_visible_child_name (find_view_stack (window), view);
  else if (g_str_equal (view, "dial-suggestions"))
    parlo_dialpad_set_text (PARLO_DIALPAD (parlo_test_find_widget (window, PARLO_TYPE_DIALPAD, NULL)), "al");
  save_picture (window, view, width, height);
}

static void
shoot_all_sizes (ParloTestPeer *peer, ParloHistory *history, const char *view)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    shoot (peer, history, view, sizes[i].width, sizes[i].height);
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Into the text field of the form's row with this title. */
static void
type_into (GtkWidget *form, const char *field, const char *text)
{
  GtkWidget *row = parlo_test_find (form, is_row_titled, field);

  gtk_editable_set_text (GTK_EDITABLE (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))), text);
}

/* The preferences on the peer's accounts and on settings: the list, the form
 * to add an account, empty or with a mistake typed, or the audio page. */
static void
shoot_preferences (ParloTestPeer *peer, GSettings *settings, const char *view, int width, int height)
{
  GtkWidget *window = GTK_WIDGET (parlo_preferences_window_new (NULL, peer->accounts, devices, settings));
  GtkWidget *editor;

  if (g_str_equal (view, "audio"))
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                             ADW_PREFERENCES_PAGE (parlo_test_find_widget (window, PARLO_TYPE_AUDIO_PAGE,
                                                                                           NULL)));
  else if (!g_str_equal (view, "accounts"))
    {
      g_signal_emit_by_name (gtk_widget_get_ancestor (GTK_WIDGET (parlo_test_find_label (window, "Add Account")),
                                                      GTK_TYPE_BUTTON),
                             "clicked");
      editor = parlo_test_find_widget (window, PARLO_TYPE_ACCOUNT_EDITOR, NULL);
      if (g_str_equal (view, "add-account-mistake"))
        {
          type_into (editor, "Your Name", "Alice Example");
          type_into (editor, "SIP Address", "alice@");
        }
      /* Scrolled to the end of the form: the NAT rows. */
      if (g_str_equal (view, "add-account-advanced"))
        {
          GtkAdjustment *adjustment;

          gtk_window_set_default_size (GTK_WINDOW (window), width, height);
          gtk_window_present (GTK_WINDOW (window));
          PARLO_TEST_WAIT_UNTIL (frame_drawn (window));
          adjustment = gtk_scrolled_window_get_vadjustment (
            GTK_SCROLLED_WINDOW (parlo_test_find_widget (editor, GTK_TYPE_SCROLLED_WINDOW, NULL)));
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        }
    }
  save_picture (window, view, width, height);
}

/* An account registering at 127.0.0.1:port; the store keeps it. */
static ParloAccount *
add_account (ParloTestPeer *peer, const char *display_name, const char *address, guint16 port,
             const char *password)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "display-name", display_name, "address", address, "server", server, NULL);
  parlo_account_store_add_async (peer->accounts, draft, password, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (peer->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (account);
  return account;
}

/* Calls over the last days, as a history a person has after some use:
 * answered, busy, failed, and a missed call nobody has seen yet. */
static const ParloTestCall past_calls[] = {
  { PARLO_TEST_ANSWERED_OUT, "sip:carol@example.org", "Carol Danvers", 9, 250 },
  { PARLO_TEST_ANSWERED_IN, "sip:alan@example.org", "Alan Turing", 3, 65 },
  { PARLO_TEST_BUSY, "sip:+4930555123@sip.example.org", NULL, 3, 0 },
  { PARLO_TEST_ANSWERED_OUT, "sip:alice@example.org", "Alice Liddell", 1, 1325 },
  { PARLO_TEST_UNAVAILABLE, "sip:support@example.com", NULL, 1, 0 },
  { PARLO_TEST_ANSWERED_IN, "sip:alice@example.org", "Alice Liddell", 0, 95 },
  { PARLO_TEST_MISSED, "sip:alan@example.org", "Alan Turing", 0, 0 },
};

static void
test_views (void)
{
  ParloTestPeer *a = parlo_test_peer_new ("alice");
  ParloTestPeer *b = parlo_test_peer_new ("bob");
  g_autofree char *history_dir = g_dir_make_tmp ("parlo-history-XXXXXX", NULL);
  g_autofree char *history_path = g_build_filename (history_dir, "history.db", NULL);
  g_autoptr(ParloHistory) history = NULL;
  g_autoptr(ParloHistoryRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  g_mkdir_with_parents (g_getenv ("PARLO_SCREENSHOT_DIR"), 0755);
  parlo_test_record_calls (history_path, past_calls, G_N_ELEMENTS (past_calls));
  history = parlo_history_open (history_path, &error);
  g_assert_no_error (error);
  recorder = parlo_history_recorder_new (history, b->calls);
  /* The missed call shows on the Recent tab. */
  shoot_all_sizes (b, history, "dial");
  shoot_all_sizes (b, history, "dial-suggestions");

  call_id = parlo_test_peer_dial (a, b);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 1);
  b_call = parlo_test_peer_call (b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_INCOMING);
  shoot_all_sizes (b, history, "incoming");

  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  shoot_all_sizes (b, history, "connected");

  parlo_test_peer_hangup (b, b_call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  shoot_all_sizes (b, history, "recent");
  shoot_all_sizes (b, history, "contacts");

  g_clear_object (&recorder);
  g_clear_object (&history);
  parlo_test_remove_tree (history_dir);
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
}

/* Accounts as they stand: registered, refused, and direct calls; on the audio
 * page, a headset chosen as the speaker and a microphone as the system's. */
static void
test_preferences (void)
{
  guint16 port = parlo_test_free_port ();
  ParloTestRegistrar *registrar = parlo_test_registrar_start (port, "udp", "alice", "s3cret");
  ParloTestPeer *peer = parlo_test_peer_new ("me");
  ParloAccount *alice = add_account (peer, "Alice Example", "alice@example.org", port, "s3cret");
  ParloAccount *bob = add_account (peer, "", "bob@example.org", port, "wrong");
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  /* Quoted as PulseAudio's module arguments want it. */
  guint headset = parlo_test_pulse_load_module ("module-null-sink",
                                                "sink_name=headset "
                                                "sink_properties='device.description=\"USB Headset\"'");
  guint microphone = parlo_test_pulse_load_module ("module-null-source",
                                                   "source_name=microphone description='Built-in Microphone'");

  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (alice) == PARLO_REGISTRATION_REGISTERED);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (bob) == PARLO_REGISTRATION_FAILED);
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SINK, "headset") != NULL);
  PARLO_TEST_WAIT_UNTIL (parlo_audio_devices_find (devices, PARLO_AUDIO_DEVICE_SOURCE, "microphone") != NULL);
  g_settings_set_string (settings, "audio-player", "headset");
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      shoot_preferences (peer, settings, "accounts", sizes[i].width, sizes[i].height);
      shoot_preferences (peer, settings, "add-account", sizes[i].width, sizes[i].height);
      shoot_preferences (peer, settings, "add-account-mistake", sizes[i].width, sizes[i].height);
      shoot_preferences (peer, settings, "add-account-advanced", sizes[i].width, sizes[i].height);
      shoot_preferences (peer, settings, "audio", sizes[i].width, sizes[i].height);
    }
  parlo_test_pulse_unload_module (microphone);
  parlo_test_pulse_unload_module (headset);

  parlo_test_peer_free (peer);
  parlo_test_registrar_stop (registrar);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_KEYRING | PARLO_TEST_AUDIO_DEVICES);
  devices = parlo_test_audio_devices ();
  adw_init ();
  g_test_add_func ("/screenshots/views", test_views);
  g_test_add_func ("/screenshots/preferences", test_preferences);
  result = parlo_test_run ();
  return result;
}
