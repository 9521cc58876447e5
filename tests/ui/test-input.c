/* The main window driven as a person drives it: clicks and keys through the X
 * server, on a real call model fed by real engines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "audio/parlo-audio-devices.h"
#include "parlo-test.h"
#include "parlo-test-input.h"
#include "parlo-test-servers.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "ui/parlo-account-editor.h"
#include "ui/parlo-dialpad.h"
#include "ui/parlo-keypad.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-window.h"

static ParloAudioDevices *devices;

/* Alice (the fixture's own peer) and Bob, and at most one window on one of them. */
typedef struct {
  ParloTestWindowFixture base;
  ParloTestPeer         *a;
  ParloTestPeer         *b;
  ParloHistory          *history;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  parlo_test_window_set_up (&fixture->base, data);
  fixture->a = fixture->base.peer;
  fixture->b = parlo_test_peer_new ("bob");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  parlo_test_window_tear_down (&fixture->base, data);
  parlo_test_peer_free (fixture->b);
}

/* The window on this peer, presented and drawn. */
static GtkWidget *
open_window (Fixture *fixture, ParloTestPeer *peer)
{
  GtkWidget *window = parlo_test_window_open (&fixture->base, peer, "dial");

  fixture->history = fixture->base.history;
  parlo_test_run_for (300);
  return window;
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

static gboolean
is_mapped_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text);
}

/* The view switcher's button that a person sees with this title (the switcher
 * in the header, or the one at the bottom of a narrow window). */
static gboolean
is_shown_view_button (GtkWidget *widget, gconstpointer title)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcher") &&
         parlo_test_find (widget, is_mapped_label, title) != NULL;
}

/* A stack sliding a page in, or a squeezer fading from the view switcher to
 * the title of a narrow header: what it shows now is about to change. */
static gboolean
is_moving_stack (GtkWidget *widget, gconstpointer data)
{
  return (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget))) ||
         (ADW_IS_SQUEEZER (widget) && adw_squeezer_get_transition_running (ADW_SQUEEZER (widget)));
}

/* Once nothing moves, as a person waits for a window to settle. */
static GtkWidget *
view_button (GtkWidget *window, const char *title)
{
  GtkWidget *button = NULL;

  PARLO_TEST_WAIT_UNTIL (parlo_test_find (window, is_moving_stack, NULL) == NULL &&
                         (button = parlo_test_find (window, is_shown_view_button, title)) != NULL);
  return button;
}

static const char *
shown_view (GtkWidget *window)
{
  AdwViewStack *views = ADW_VIEW_STACK (parlo_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL));

  return adw_view_stack_get_visible_child_name (views);
}

/* A mapped button with this tooltip: the one a person can see and click. */
static gboolean
is_shown_button (GtkWidget *widget, gconstpointer tooltip)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static GtkWidget *
shown_button (GtkWidget *root, const char *tooltip)
{
  GtkWidget *button = parlo_test_find (root, is_shown_button, tooltip);

  g_assert_nonnull (button);
  return button;
}

/* Waits until the window shows a button with this tooltip, and nothing in it
 * is still sliding into place, as a person would; then clicks it. */
static void
click_button (GtkWidget *window, const char *tooltip)
{
  PARLO_TEST_WAIT_UNTIL (parlo_test_find (window, is_shown_button, tooltip) != NULL &&
                         parlo_test_find (window, is_moving_stack, NULL) == NULL);
  parlo_test_click (shown_button (window, tooltip));
}

/* Clicking the tabs switches between Dial, Recent and Contacts. */
static void
test_views_by_click (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = open_window (fixture, fixture->a);

  g_assert_cmpstr (shown_view (window), ==, "dial");
  parlo_test_click (view_button (window, "Recent"));
  g_assert_cmpstr (shown_view (window), ==, "recent");
  parlo_test_click (view_button (window, "Contacts"));
  g_assert_cmpstr (shown_view (window), ==, "contacts");
  parlo_test_click (view_button (window, "Dial"));
  g_assert_cmpstr (shown_view (window), ==, "dial");
}

/* The peer's only live call, once it has one in state. */
static ParloCall *
wait_for_call (ParloTestPeer *peer, ParloCallState state)
{
  ParloCall *call;

  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (peer->calls)) == 1);
  call = parlo_test_peer_call (peer, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == state);
  return call;
}

/* Typing an address and clicking Call rings Bob; clicking Hang up ends the
 * call at his end too. */
static void
test_call_and_hang_up_by_click (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, a);
  GtkWidget *entry = parlo_test_find_widget (window, GTK_TYPE_ENTRY, NULL);
  g_autoptr(ParloCall) b_call = NULL;

  parlo_test_click (entry);
  parlo_test_type (window, b->aor + strlen ("sip:"));
  g_assert_cmpstr (entry_text (entry), ==, b->aor + strlen ("sip:"));
  click_button (window, "Call");

  b_call = wait_for_call (b, PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  click_button (window, "Hang up");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (b_call));
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_HANGUP_REMOTE);
}

/* Bob clicks Answer, and Alice is connected; her next call he declines by
 * click, and she hears that he is busy. */
static void
test_answer_and_decline_by_click (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, b);
  g_autofree char *first_id = parlo_test_peer_dial (a, b);
  g_autofree char *second_id = NULL;
  ParloCall *first = parlo_call_model_find (a->calls, a->aor, first_id);
  g_autoptr(ParloCall) second = NULL;

  g_object_ref (first);
  click_button (window, "Answer");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (first) == PARLO_CALL_STATE_ESTABLISHED);
  click_button (window, "Hang up");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (first));
  g_assert_cmpint (parlo_call_get_end_reason (first), ==, PARLO_CALL_END_HANGUP_REMOTE);
  g_object_unref (first);

  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  second_id = parlo_test_peer_dial (a, b);
  second = g_object_ref (parlo_call_model_find (a->calls, a->aor, second_id));
  click_button (window, "Decline");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (second));
  g_assert_cmpint (parlo_call_get_end_reason (second), ==, PARLO_CALL_END_BUSY);
}

static gboolean
has_focus_within (GtkWidget *window, GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Alt+1, Alt+2 and Alt+3 switch views, from wherever focus is; Ctrl+F goes
 * to the search of Recent. */
static void
test_view_shortcuts (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = open_window (fixture, fixture->a);
  GtkWidget *entry = parlo_test_find_widget (window, GTK_TYPE_ENTRY, NULL);
  GtkWidget *search;

  parlo_test_record_call (fixture->history, PARLO_TEST_MISSED, "sip:alan@example.org", "Alan Turing");
  parlo_test_click (entry);
  parlo_test_keys (window, "alt+2");
  g_assert_cmpstr (shown_view (window), ==, "recent");
  parlo_test_keys (window, "alt+3");
  g_assert_cmpstr (shown_view (window), ==, "contacts");
  parlo_test_keys (window, "alt+1");
  g_assert_cmpstr (shown_view (window), ==, "dial");
  /* The keys went to the window, not into the number. */
  g_assert_cmpstr (entry_text (entry), ==, "");

  parlo_test_keys (window, "ctrl+f");
  g_assert_cmpstr (shown_view (window), ==, "recent");
  search = parlo_test_find_widget (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (parlo_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL)), "recent"),
                                   GTK_TYPE_SEARCH_ENTRY, NULL);
  PARLO_TEST_WAIT_UNTIL (has_focus_within (window, search));
  parlo_test_type (window, "Alan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "Alan");
}

/* Ctrl+Return answers a ringing call and Ctrl+E ends it; Ctrl+Shift+D and
 * Escape decline one; Escape takes back a call being placed. Each is checked
 * at the other end. */
static void
test_call_shortcuts (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, b);
  static const char *declines[] = { "ctrl+shift+d", "Escape" };
  g_autofree char *id = parlo_test_peer_dial (a, b);
  g_autoptr(ParloCall) call = g_object_ref (parlo_call_model_find (a->calls, a->aor, id));
  g_autoptr(ParloCall) b_call = wait_for_call (b, PARLO_CALL_STATE_INCOMING);

  parlo_test_keys (window, "ctrl+Return");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  g_test_message ("Hanging up with Ctrl+E");
  parlo_test_keys (window, "ctrl+e");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (call));
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_HANGUP_REMOTE);

  for (guint i = 0; i < G_N_ELEMENTS (declines); i++)
    {
      PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
      g_clear_object (&call);
      g_clear_object (&b_call);
      g_free (id);
      id = parlo_test_peer_dial (a, b);
      call = g_object_ref (parlo_call_model_find (a->calls, a->aor, id));
      b_call = wait_for_call (b, PARLO_CALL_STATE_INCOMING);
      g_test_message ("Declining with %s", declines[i]);
      parlo_test_keys (window, declines[i]);
      PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (call));
      g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_BUSY);
    }

  /* Bob calls Alice and takes it back with Escape before she answers. */
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (b->calls)) == 0);
  g_clear_object (&call);
  g_clear_object (&b_call);
  g_free (id);
  id = parlo_test_peer_dial (b, a);
  call = wait_for_call (a, PARLO_CALL_STATE_INCOMING);
  parlo_test_keys (window, "Escape");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (call));
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_CANCELLED);
}

/* The whole screen as a person sees it, as NAME.png in the screenshot
 * directory, when the suite is asked for screenshots. */
static void
save_screen (const char *name)
{
  const char *directory = g_getenv ("PARLO_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) import = NULL;

  if (directory == NULL)
    return;
  g_mkdir_with_parents (directory, 0755);
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (directory, file, NULL);
  import = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "import", "-window", "root", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (import, NULL, &error);
  g_assert_no_error (error);
}

/* Without a mouse: Tab goes from the number to the keys, which show that they
 * have focus; Space presses the focused key, the arrows move between keys. */
static void
test_keypad_by_keyboard (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = open_window (fixture, fixture->a);
  GtkWidget *keypad = parlo_test_find_widget (window, PARLO_TYPE_KEYPAD, NULL);
  GtkWidget *entry = parlo_test_find_widget (window, GTK_TYPE_ENTRY, NULL);

  parlo_test_click (entry);
  parlo_test_keys (window, "Tab");
  g_assert_true (gtk_widget_has_focus (keypad_key (keypad, "1")));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  parlo_test_keys (window, "Right Down space");
  g_assert_true (gtk_widget_has_focus (keypad_key (keypad, "5")));
  g_assert_cmpstr (entry_text (entry), ==, "5");
  save_screen ("keypad-focus");
}

/* Presses Tab until the button with this tooltip has focus, as a person
 * without a mouse would, at most as often as the window has widgets. */
static GtkWidget *
tab_to (GtkWidget *window, const char *tooltip)
{
  for (guint i = 0; i < 40; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (focus != NULL && GTK_IS_BUTTON (focus) && g_strcmp0 (gtk_widget_get_tooltip_text (focus), tooltip) == 0)
        return focus;
      parlo_test_keys (window, "Tab");
    }
  g_error ("Tab never reached %s", tooltip);
}

/* Without a mouse: Tab reaches Answer and Space answers; focus then is on
 * Hang up, where Space ends the call. Both checked at the caller's end. */
static void
test_call_by_keyboard (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  GtkWidget *window = open_window (fixture, b);
  g_autofree char *id = parlo_test_peer_dial (a, b);
  g_autoptr(ParloCall) call = g_object_ref (parlo_call_model_find (a->calls, a->aor, id));
  GtkWidget *focus;

  PARLO_TEST_WAIT_UNTIL (parlo_test_find (window, is_shown_button, "Answer") != NULL &&
                         parlo_test_find (window, is_moving_stack, NULL) == NULL);
  tab_to (window, "Answer");
  parlo_test_keys (window, "space");
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL ((focus = gtk_root_get_focus (GTK_ROOT (window))) != NULL &&
                         g_strcmp0 (gtk_widget_get_tooltip_text (focus), "Hang up") == 0);
  g_assert_true (gtk_widget_get_mapped (focus));
  save_screen ("call-focus");
  parlo_test_keys (window, "space");
  PARLO_TEST_WAIT_UNTIL (!parlo_call_is_live (call));
  g_assert_cmpint (parlo_call_get_end_reason (call), ==, PARLO_CALL_END_HANGUP_REMOTE);
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The text a person types into, in the form's row with this title. */
static GtkWidget *
field (GtkWidget *form, const char *title)
{
  GtkWidget *row = parlo_test_find (form, is_row_titled, title);
  GtkWidget *text;

  g_assert_nonnull (row);
  text = parlo_test_find_widget (row, GTK_TYPE_TEXT, NULL);
  g_assert_nonnull (text);
  return text;
}

static gboolean
is_shown_labelled_button (GtkWidget *widget, gconstpointer label)
{
  GtkWidget *shown = GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
                   ? parlo_test_find (widget, is_mapped_label, label) : NULL;

  return shown != NULL;
}

/* The button a person reads this label on, once it shows and can be pressed. */
static GtkWidget *
labelled_button (GtkWidget *root, const char *label)
{
  GtkWidget *button;

  PARLO_TEST_WAIT_UNTIL ((button = parlo_test_find (root, is_shown_labelled_button, label)) != NULL &&
                         gtk_widget_is_sensitive (button));
  return button;
}

/* The preferences window shown, and the form of a new account opened by a
 * click on "Add Account"; returns the form once it has stopped moving. */
static GtkWidget *
open_account_form (GtkWidget *window)
{
  GtkWidget *form;

  gtk_window_present (GTK_WINDOW (window));
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));
  parlo_test_click (labelled_button (window, "Add Account"));
  PARLO_TEST_WAIT_UNTIL ((form = parlo_test_find_widget (window, PARLO_TYPE_ACCOUNT_EDITOR, NULL)) != NULL &&
                         gtk_widget_get_mapped (form));
  parlo_test_run_for (300);
  return form;
}

/* A new account typed into the form, key by key: the registrar receives its
 * REGISTER with the password typed, and the account's row says it is
 * registered. */
static void
test_account_form_by_typing (void)
{
  guint16 port = parlo_test_free_port ();
  ParloTestRegistrar *registrar = parlo_test_registrar_start (port, "udp", "alice", "s3cret");
  ParloTestPeer *peer = parlo_test_peer_new ("me");
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  GtkWidget *window = GTK_WIDGET (parlo_preferences_window_new (NULL, peer->accounts, devices, settings));
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  static const char *fields[][2] = {
    { "Your Name", "Alice Liddell" },
    { "SIP Address", "alice@example.org" },
    { "Password", "s3cret" },
  };
  GtkWidget *form;
  GtkWidget *row;

  form = open_account_form (window);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      parlo_test_click (field (form, fields[i][0]));
      parlo_test_type (window, fields[i][1]);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (form, fields[i][0]))), ==, fields[i][1]);
    }
  parlo_test_click (field (form, "Server"));
  parlo_test_type (window, server);
  parlo_test_click (labelled_button (form, "Add"));

  PARLO_TEST_WAIT_UNTIL (parlo_test_registrar_count (registrar, "authorized") >= 1);
  PARLO_TEST_WAIT_UNTIL ((row = parlo_test_find (window, is_row_titled, "Alice Liddell")) != NULL &&
                         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Registered") == 0);

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (peer);
  parlo_test_registrar_stop (registrar);
}

/* Types into the field of the row with this title with the keyboard. The field
 * takes the focus as a click would give it; it is not clicked, because the
 * page scrolls each focused field to the same place on screen, where xdotool's
 * synchronous pointer move would wait for a motion that never comes. */
static void
type_into (GtkWidget *window, GtkWidget *form, const char *title, const char *text)
{
  GtkWidget *text_widget = field (form, title);

  gtk_widget_grab_focus (text_widget);
  parlo_test_run_for (100);
  parlo_test_type (window, text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text_widget)), ==, text);
}

/* Under Advanced, each NAT row says in a line what it is for; what is typed
 * there reaches the account's settings, and the TURN password the keyring only. */
static void
test_advanced_nat_by_typing (void)
{
  static const char * const explained[][2] = {
    { "STUN Server", "Tells Parlo its address as the internet sees it" },
    { "ICE", "Find a path for the sound through routers and firewalls" },
    { "TURN Server", "Relays the sound of every call, for when no direct path gets through; ICE is then not used" },
    { "TURN User Name", "The name the TURN server knows you by" },
    { "TURN Password", "Kept in the keyring, like the account’s password" },
  };
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  g_autoptr(ParloAccountStore) accounts = parlo_account_store_new (settings, "sip:me@127.0.0.1:5999");
  g_autoptr(ParloAccountStore) reopened = NULL;
  GtkWidget *window = GTK_WIDGET (parlo_preferences_window_new (NULL, accounts, devices, settings));
  g_auto(ParloTestResult) result = { NULL };
  g_autofree char *turn_password = NULL;
  g_autofree char *password = NULL;
  ParloAccount *account, *stored;
  GtkWidget *form, *add;

  form = open_account_form (window);
  for (guint i = 0; i < G_N_ELEMENTS (explained); i++)
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (parlo_test_find (form, is_row_titled,
                                                                                    explained[i][0]))),
                     ==, explained[i][1]);

  type_into (window, form, "SIP Address", "erin@example.org");
  type_into (window, form, "STUN Server", "stun.example.org:3478");
  type_into (window, form, "TURN Server", "turn.example.org");
  /* A TURN server without a user name is not enough: that field is marked. */
  add = parlo_test_find (form, is_shown_labelled_button, "Add");
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (field (form, "TURN User Name"), GTK_TYPE_ENTRY),
                                           "error"));
  type_into (window, form, "TURN User Name", "erin-relay");
  type_into (window, form, "TURN Password", "relay-s3cret");
  g_assert_true (gtk_widget_is_sensitive (add));
  parlo_test_click (add);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (accounts)) == 2);
  account = g_list_model_get_item (G_LIST_MODEL (accounts), 1);
  g_object_unref (account);

  /* A store opened on the same settings finds them there. */
  reopened = parlo_account_store_new (settings, "sip:me@127.0.0.1:5999");
  stored = parlo_account_store_find (reopened, parlo_account_get_id (account));
  g_assert_nonnull (stored);
  g_assert_cmpstr (parlo_account_get_stun_server (stored), ==, "stun.example.org:3478");
  g_assert_cmpstr (parlo_account_get_turn_server (stored), ==, "turn.example.org");
  g_assert_cmpstr (parlo_account_get_turn_user (stored), ==, "erin-relay");
  parlo_account_store_lookup_turn_password_async (reopened, stored, NULL, parlo_test_result_ready, &result);
  turn_password = parlo_account_store_lookup_turn_password_finish (reopened, parlo_test_result_wait (&result), NULL);
  g_assert_cmpstr (turn_password, ==, "relay-s3cret");
  /* No SIP password was typed: the TURN one is not taken for it. */
  password = parlo_test_password_of (reopened, stored);
  g_assert_null (password);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Under Server, "Accept Direct Calls" says what it does and is off for a new
 * account; switched on, the account keeps it. */
static void
test_accept_direct_calls_by_keyboard (void)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  g_autoptr(ParloAccountStore) accounts = parlo_account_store_new (settings, "sip:me@127.0.0.1:5999");
  g_autoptr(ParloAccountStore) reopened = NULL;
  GtkWidget *window = GTK_WIDGET (parlo_preferences_window_new (NULL, accounts, devices, settings));
  ParloAccount *account, *stored;
  GtkWidget *form, *row, *toggle;

  form = open_account_form (window);
  row = parlo_test_find (form, is_row_titled, "Accept Direct Calls");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "Also ring for calls that did not come through this account’s server."));
  toggle = parlo_test_find_widget (row, GTK_TYPE_SWITCH, NULL);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  /* focused first, so that the page scrolls it into view; space flips it */
  gtk_widget_grab_focus (toggle);
  parlo_test_run_for (300);
  parlo_test_keys (window, "space");
  PARLO_TEST_WAIT_UNTIL (gtk_switch_get_active (GTK_SWITCH (toggle)));

  type_into (window, form, "SIP Address", "frank@example.org");
  parlo_test_click (parlo_test_find (form, is_shown_labelled_button, "Add"));
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (accounts)) == 2);
  account = g_list_model_get_item (G_LIST_MODEL (accounts), 1);
  g_object_unref (account);

  reopened = parlo_account_store_new (settings, "sip:me@127.0.0.1:5999");
  stored = parlo_account_store_find (reopened, parlo_account_get_id (account));
  g_assert_nonnull (stored);
  g_assert_true (parlo_account_get_accept_direct_calls (stored));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_KEYRING | PARLO_TEST_AUDIO_DEVICES);
  devices = parlo_test_audio_devices ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/input/keypad-clicks", test_keypad_clicks);
  ADD ("/input/keypad-by-keyboard", test_keypad_by_keyboard);
  ADD ("/input/call-by-keyboard", test_call_by_keyboard);
  ADD ("/input/views-by-click", test_views_by_click);
  ADD ("/input/call-and-hang-up-by-click", test_call_and_hang_up_by_click);
  ADD ("/input/answer-and-decline-by-click", test_answer_and_decline_by_click);
  ADD ("/input/view-shortcuts", test_view_shortcuts);
  ADD ("/input/call-shortcuts", test_call_shortcuts);

  g_test_add_func ("/input/account-form-by-typing", test_account_form_by_typing);
  g_test_add_func ("/input/advanced-nat-by-typing", test_advanced_nat_by_typing);
  g_test_add_func ("/input/accept-direct-calls-by-keyboard", test_accept_direct_calls_by_keyboard);

  result = parlo_test_run ();
  return result;
}
