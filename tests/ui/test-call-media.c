/* What the window says of a call's audio: the lock and its words in the call
 * view and the call row, a refusal for want of encryption, and a far end whose
 * sound does not arrive, live and in the Recent list. Real engines, a sipp far
 * end, the window and the history file as the app has them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "parlo-test.h"
#include "parlo-test-servers.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "model/parlo-history-recorder.h"
#include "ui/parlo-call-row.h"
#include "ui/parlo-call-view.h"

#define NO_SOUND "No sound from the other side — a firewall or router may be blocking it"

static ParloTestPeer *
peer_new (const char *user, const char *mediaenc)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();

  return parlo_test_peer_new_with (user, NULL, settings, mediaenc);
}

static gboolean
label_contains (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static GtkWidget *
find_text (GtkWidget *root, const char *text)
{
  return parlo_test_find (root, label_contains, text);
}

/* The view's label showing text, visible; NULL until there is one. */
static GtkLabel *
shown_label (GtkWidget *root, const char *text)
{
  GtkLabel *label = parlo_test_find_label (root, text);

  return label != NULL && gtk_widget_is_visible (GTK_WIDGET (label)) ? label : NULL;
}

/* The Recent list, in front. */
static GtkWidget *
show_recent (GtkWidget *window)
{
  AdwViewStack *views = ADW_VIEW_STACK (parlo_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL));

  adw_view_stack_set_visible_child_name (views, "recent");
  return adw_view_stack_get_child_by_name (views, "recent");
}

/* The window is on B; A calls and B answers; B's call, connected. */
static ParloCall *
answered_call (ParloTestPeer *a, ParloTestPeer *b, GtkWidget *view)
{
  G_GNUC_UNUSED g_autofree char *call_id = parlo_test_peer_dial (a, b);
  ParloCall *b_call;

  PARLO_TEST_WAIT_UNTIL (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) != NULL);
  b_call = g_object_ref (parlo_call_view_get_call (PARLO_CALL_VIEW (view)));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_INCOMING);
  /* Nothing is known of the audio before it flows. */
  g_assert_null (shown_label (view, "Encrypted"));
  g_assert_null (shown_label (view, "Not encrypted"));
  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  return b_call;
}

/* Both on "SRTP required": the view and the row say Encrypted, with a lock. */
static void
test_encrypted_call (ParloTestWindowFixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = peer_new ("alice", "srtp-mand");
  ParloTestPeer *b = peer_new ("bob", "srtp-mand");
  GtkWidget *window = parlo_test_window_open (fixture, b, "dial");
  GtkWidget *view = parlo_test_find_widget (window, PARLO_TYPE_CALL_VIEW, NULL);
  g_autoptr(ParloCall) b_call = answered_call (a, b, view);
  GtkWidget *row;

  PARLO_TEST_WAIT_UNTIL (shown_label (view, "Encrypted") != NULL);
  g_assert_null (shown_label (view, "Not encrypted"));
  row = parlo_test_find_widget (window, PARLO_TYPE_CALL_ROW, NULL);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · Encrypted"));
  g_assert_nonnull (parlo_test_find_widget (row, GTK_TYPE_IMAGE, "Encrypted"));

  parlo_test_peer_hangup (b, b_call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  parlo_test_peer_free (a);
  parlo_test_peer_free (b);
}

/* Plain on both sides: "Not encrypted", whatever account settings say. */
static void
test_plain_call (ParloTestWindowFixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = parlo_test_peer_new ("alice");
  GtkWidget *window = parlo_test_window_open (fixture, NULL, "dial");
  GtkWidget *view = parlo_test_find_widget (window, PARLO_TYPE_CALL_VIEW, NULL);
  g_autoptr(ParloCall) call = answered_call (a, fixture->peer, view);
  GtkWidget *row;

  PARLO_TEST_WAIT_UNTIL (shown_label (view, "Not encrypted") != NULL);
  g_assert_null (shown_label (view, "Encrypted"));
  row = parlo_test_find_widget (window, PARLO_TYPE_CALL_ROW, NULL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · Not encrypted"));
  /* A silent caller still sends sound: no warning. */
  parlo_test_run_for (6500);
  g_assert_null (shown_label (view, NO_SOUND));

  parlo_test_peer_hangup (fixture->peer, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 0);
  parlo_test_peer_free (a);
}

/* On "SRTP required", calling a plain peer fails, and the window says why. */
static void
test_refused_outgoing (ParloTestWindowFixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = peer_new ("alice", "srtp-mand");
  GtkWidget *window = parlo_test_window_open (fixture, a, "dial");
  g_autofree char *refused = g_strdup_printf ("%s: The other side does not encrypt its audio;"
                                              " this account requires encryption",
                                              fixture->peer->aor + strlen ("sip:"));
  G_GNUC_UNUSED g_autofree char *call_id = parlo_test_peer_dial (a, fixture->peer);

  PARLO_TEST_WAIT_UNTIL (parlo_test_find_label (window, refused) != NULL);
  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  parlo_test_peer_free (a);
}

/* On "SRTP required", a plain caller is refused; the person still learns of it. */
static void
test_refused_incoming (ParloTestWindowFixture *fixture, gconstpointer data)
{
  ParloTestPeer *b = peer_new ("bob", "srtp-mand");
  GtkWidget *window = parlo_test_window_open (fixture, b, "dial");
  G_GNUC_UNUSED g_autoptr(ParloHistoryRecorder) recorder = parlo_history_recorder_new (fixture->history, b->calls);
  G_GNUC_UNUSED g_autofree char *call_id = parlo_test_peer_dial (fixture->peer, b);
  GtkWidget *recent;

  PARLO_TEST_WAIT_UNTIL (find_text (window, "Refused: the caller does not encrypt its audio;"
                                            " this account requires encryption") != NULL);
  recent = show_recent (window);
  PARLO_TEST_WAIT_UNTIL (find_text (recent, "Refused: the caller does not encrypt its audio") != NULL);
  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  parlo_test_peer_free (b);
}

/* A far end that answers and sends nothing: the call view says so within 6 s,
 * and the Recent row keeps it after the call. */
static void
test_no_sound (ParloTestWindowFixture *fixture, gconstpointer data)
{
  guint16 port = parlo_test_free_port ();
  ParloTestFarEnd *far_end = parlo_test_far_end_start (port);
  GtkWidget *window = parlo_test_window_open (fixture, NULL, "dial");
  G_GNUC_UNUSED g_autoptr(ParloHistoryRecorder) recorder = parlo_history_recorder_new (fixture->history, fixture->peer->calls);
  GtkWidget *view = parlo_test_find_widget (window, PARLO_TYPE_CALL_VIEW, NULL);
  g_autofree char *uri = g_strdup_printf ("sip:mute@127.0.0.1:%u", port);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(ParloCall) call = NULL;
  GtkWidget *recent;
  gint64 answered;

  parlo_engine_dial_async (fixture->peer->engine, fixture->peer->aor, uri, NULL, parlo_test_result_ready, &result);
  g_free (parlo_engine_dial_finish (fixture->peer->engine, parlo_test_result_wait (&result), NULL));
  PARLO_TEST_WAIT_UNTIL (parlo_call_view_get_call (PARLO_CALL_VIEW (view)) != NULL);
  call = g_object_ref (parlo_call_view_get_call (PARLO_CALL_VIEW (view)));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  answered = g_get_monotonic_time ();
  g_assert_null (shown_label (view, NO_SOUND));
  PARLO_TEST_WAIT_UNTIL (shown_label (view, NO_SOUND) != NULL);
  g_assert_cmpint (g_get_monotonic_time () - answered, <=, 6 * G_USEC_PER_SEC);

  parlo_test_peer_hangup (fixture->peer, call, 0);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 0);
  recent = show_recent (window);
  PARLO_TEST_WAIT_UNTIL (find_text (recent, " · No sound from the other side") != NULL);
  parlo_test_far_end_stop (far_end);
}

int
main (int argc, char **argv)
{
  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR);
  adw_init ();

#define ADD(name, func) \
  g_test_add ("/ui/call-media/" name, ParloTestWindowFixture, NULL, parlo_test_window_set_up, func, \
              parlo_test_window_tear_down)
  ADD ("encrypted", test_encrypted_call);
  ADD ("plain", test_plain_call);
  ADD ("refused-outgoing", test_refused_outgoing);
  ADD ("refused-incoming", test_refused_incoming);
  ADD ("no-sound", test_no_sound);
#undef ADD
  return parlo_test_run ();
}
