/* What a screen reader finds in each view: the AT-SPI tree as Orca reads it,
 * walked by accessibility-walk.py while this process serves it, on real
 * engines, a real call history and a real PulseAudio.
 *
 * Every control on screen must have one meaningful name; the keyboard focus
 * must be reported where Tab puts it; an incoming call must not offer what it
 * cannot do, must say who calls, and answering must leave the focus on Hang up.
 *
 * Each state is set up in a window that showed nothing before it: GTK 4.8
 * keeps the last size of a page it hid, so that a page shown earlier would
 * read as on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <unistd.h>

#include <adwaita.h>

#include "audio/parlo-audio-devices.h"
#include "parlo-test.h"
#include "parlo-test-input.h"
#include "parlo-test-widgets.h"
#include "parlo-test-window.h"
#include "ui/parlo-account-editor.h"
#include "ui/parlo-account-row.h"
#include "ui/parlo-call-view.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-window.h"

#define DIRECT_AOR "sip:me@127.0.0.1:5999"

static ParloAudioDevices *devices;  /* the test's */

/* An interactive accessible on screen, as the walker reports it. */
typedef struct {
  char *role;
  char *name;
  char *states;   /* upper case, separated by commas */
} Control;

static void
control_free (Control *control)
{
  g_free (control->role);
  g_free (control->name);
  g_free (control->states);
  g_free (control);
}

typedef struct {
  GPtrArray *controls;
  GPtrArray *problems;
  char      *focused;   /* the name of what has the focus, or NULL */
} Walk;

static void
walk_free (Walk *walk)
{
  g_ptr_array_unref (walk->controls);
  g_ptr_array_unref (walk->problems);
  g_free (walk->focused);
  g_free (walk);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Walk, walk_free)

static GSubprocess *
spawn_walker (GSubprocessFlags flags, const char *option)
{
  g_autofree char *pid = g_strdup_printf ("%d", getpid ());
  g_autoptr(GError) error = NULL;
  GSubprocess *walker;

  walker = g_subprocess_new (flags | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             SYSTEM_PYTHON, ACCESSIBILITY_WALKER, pid, option, NULL);
  g_assert_no_error (error);
  return walker;
}

typedef struct {
  gboolean  done;
  char     *out;
  GError   *error;
} Output;

static void
on_walker_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Output *output = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &output->out, NULL, &output->error);
  output->done = TRUE;
}

/* What a screen reader finds now. The walker asks this process, which answers
 * from its main loop: waiting for the walker without running it would stall both. */
static Walk *
walk_tree (void)
{
  g_autoptr(GSubprocess) walker = spawn_walker (G_SUBPROCESS_FLAGS_NONE, NULL);
  g_auto(GStrv) lines = NULL;
  Output output = { FALSE };
  Walk *walk;

  g_subprocess_communicate_utf8_async (walker, NULL, NULL, on_walker_done, &output);
  PARLO_TEST_WAIT_UNTIL (output.done);
  g_assert_no_error (output.error);
  g_assert_true (g_subprocess_get_successful (walker));

  walk = g_new0 (Walk, 1);
  walk->controls = g_ptr_array_new_with_free_func ((GDestroyNotify) control_free);
  walk->problems = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (output.out, "\n", -1);
  g_free (output.out);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      guint n_fields = g_strv_length (fields);

      if (n_fields == 4 && g_str_equal (fields[0], "control"))
        {
          Control *control = g_new0 (Control, 1);

          control->role = g_strdup (fields[1]);
          control->name = g_strdup (fields[2]);
          control->states = g_strdup (fields[3]);
          g_ptr_array_add (walk->controls, control);
        }
      else if (n_fields == 3 && g_str_equal (fields[0], "focused"))
        {
          g_free (walk->focused);
          walk->focused = g_strdup (fields[2]);
        }
      else if (n_fields == 2 && g_str_equal (fields[0], "problem"))
        g_ptr_array_add (walk->problems, g_strdup (fields[1]));
    }
  return walk;
}

/* Fails the test, and goes on, when a control on screen is named badly. */
static void
check_names (Walk *walk, const char *view)
{
  g_assert_cmpuint (walk->controls->len, >, 0);
  for (guint i = 0; i < walk->problems->len; i++)
    g_test_message ("%s: %s", view, (char *) g_ptr_array_index (walk->problems, i));
  if (walk->problems->len > 0)
    g_test_fail_printf ("%s: %u controls a screen reader cannot name well (listed above)", view,
                        walk->problems->len);
}

static gboolean
has_state (Control *control, const char *state)
{
  g_auto(GStrv) states = g_strsplit (control->states, ",", -1);

  return g_strv_contains ((const char * const *) states, state);
}

/* The controls whose name starts with prefix. */
static GPtrArray *
controls_named (Walk *walk, const char *prefix)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < walk->controls->len; i++)
    {
      Control *control = g_ptr_array_index (walk->controls, i);

      if (g_str_has_prefix (control->name, prefix))
        g_ptr_array_add (found, control);
    }
  return found;
}

static void
assert_shows (Walk *walk, const char *role, const char *prefix)
{
  g_autoptr(GPtrArray) found = controls_named (walk, prefix);

  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (((Control *) g_ptr_array_index (found, i))->role, role))
      return;
  g_error ("No %s named “%s…” on screen", role, prefix);
}

/* Presented, drawn, and in front. */
static void
present (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));
  parlo_test_run_for (300);
}

typedef ParloTestWindowFixture Fixture;

/* The window on the history file as it stands, presented with view in front. */
static GtkWidget *
open_window (Fixture *fixture, const char *view)
{
  parlo_test_window_open (fixture, NULL, view);
  present (fixture->window);
  return fixture->window;
}

static void
test_dial (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Walk) walk = NULL;

  open_window (fixture, "dial");
  walk = walk_tree ();
  check_names (walk, "Dial");
  /* The keys with symbols say what they are called. */
  assert_shows (walk, "push button", "Star");
  assert_shows (walk, "push button", "Pound");
  assert_shows (walk, "push button", "2 ABC");
}

/* Missed and answered, in and out, from people with and without a name. */
static const ParloTestCall calls[] = {
  { PARLO_TEST_ANSWERED_OUT, "sip:carol@example.org", NULL, 1, 95 },
  { PARLO_TEST_ANSWERED_IN, "sip:alice@example.org", "Alice Liddell", 1, 60 },
  { PARLO_TEST_MISSED, "sip:bob@example.org", NULL, 0, 0 },
  { PARLO_TEST_MISSED, "sip:alan@example.org", "Alan Turing", 0, 0 },
};

/* Each row says how the call went, with whom and when. */
static void
test_recent (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Walk) walk = NULL;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  open_window (fixture, "recent");
  walk = walk_tree ();
  check_names (walk, "Recent");
  assert_shows (walk, "list item", "Missed call from Alan Turing, today ");
  assert_shows (walk, "list item", "Missed call from bob@example.org, today ");
  assert_shows (walk, "list item", "Call from Alice Liddell, yesterday ");
  assert_shows (walk, "list item", "Call to carol@example.org, yesterday ");
  assert_shows (walk, "push button", "Missed call from Alan Turing, today ");
  /* Each row's menu says whose call it is for. */
  assert_shows (walk, "push button", "More options for Alan Turing");
}

static void
test_contacts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(Walk) walk = NULL;

  parlo_test_record_calls (fixture->history_path, calls, G_N_ELEMENTS (calls));
  open_window (fixture, "contacts");
  walk = walk_tree ();
  check_names (walk, "Contacts");
  assert_shows (walk, "list item", "Alan Turing, alan@example.org");
  assert_shows (walk, "list item", "Alice Liddell, alice@example.org");
}

static void
assert_not_offered (Walk *walk, const char *name)
{
  for (guint i = 0; i < walk->controls->len; i++)
    {
      Control *control = g_ptr_array_index (walk->controls, i);

      if (g_str_equal (control->name, name) && (has_state (control, "SENSITIVE") || has_state (control, "ENABLED")))
        g_error ("On an incoming call, %s “%s” reads as enabled (%s)", control->role, name, control->states);
    }
}

static void
assert_focused (Walk *walk, const char *name)
{
  if (g_strcmp0 (walk->focused, name) != 0)
    g_error ("The focus is on “%s”, not on “%s”", walk->focused ? walk->focused : "nothing", name);
}

/* The call page says who calls and offers only what can be done: answer or
 * decline. Answering by click leaves the focus on Hang up. */
static void
test_incoming_call (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *alan = parlo_test_peer_new_named ("alan", "Alan Turing");
  g_autofree char *call_id = NULL;
  g_autoptr(ParloCall) call = NULL;
  g_autoptr(Walk) ringing = NULL;
  g_autoptr(Walk) connected = NULL;
  GtkWidget *view;

  call_id = parlo_test_peer_dial (alan, fixture->peer);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 1);
  call = parlo_test_peer_call (fixture->peer, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_INCOMING);
  open_window (fixture, "dial");
  view = parlo_test_find_widget (fixture->window, PARLO_TYPE_CALL_VIEW, NULL);

  ringing = walk_tree ();
  check_names (ringing, "Incoming call");
  assert_shows (ringing, "push button", "Answer call from Alan Turing");
  assert_shows (ringing, "push button", "Decline call from Alan Turing");
  assert_not_offered (ringing, "Mute");
  assert_not_offered (ringing, "Hold");
  assert_not_offered (ringing, "Keypad");
  assert_not_offered (ringing, "Transfer");

  parlo_test_click (parlo_test_find_widget (view, GTK_TYPE_BUTTON, "Answer"));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  parlo_test_run_for (300);
  connected = walk_tree ();
  check_names (connected, "Connected call");
  assert_focused (connected, "Hang up");
  assert_shows (connected, "push button", "Mute");
  assert_shows (connected, "push button", "Transfer");

  parlo_test_peer_free (alan);
}

/* With two calls ringing, each row's buttons say whose call they take. */
static void
test_two_incoming_calls (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *alan = parlo_test_peer_new_named ("alan", "Alan Turing");
  ParloTestPeer *grace = parlo_test_peer_new_named ("grace", "Grace Hopper");
  g_autofree char *alan_id = NULL;
  g_autofree char *grace_id = NULL;
  g_autoptr(Walk) walk = NULL;

  alan_id = parlo_test_peer_dial (alan, fixture->peer);
  grace_id = parlo_test_peer_dial (grace, fixture->peer);
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->peer->calls)) == 2);
  open_window (fixture, "dial");

  walk = walk_tree ();
  check_names (walk, "Two incoming calls");
  assert_shows (walk, "list item", "Alan Turing");
  assert_shows (walk, "list item", "Grace Hopper");
  {
    g_autoptr(GPtrArray) answer_alan = controls_named (walk, "Answer call from Alan Turing");
    g_autoptr(GPtrArray) decline_grace = controls_named (walk, "Decline call from Grace Hopper");

    /* Grace's in the view and in her row; Alan's in his row. */
    g_assert_cmpuint (answer_alan->len, ==, 1);
    g_assert_cmpuint (decline_grace->len, ==, 2);
  }

  parlo_test_peer_free (grace);
  parlo_test_peer_free (alan);
}

/* The preferences on an account store with one server account besides
 * "Direct calls". */
typedef struct {
  GSettings         *settings;
  ParloAccountStore *accounts;
  GtkWidget         *window;
} Preferences;

static void
preferences_set_up (Preferences *fixture, gconstpointer data)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(ParloAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  fixture->settings = parlo_test_settings_new ();
  fixture->accounts = parlo_account_store_new (fixture->settings, DIRECT_AOR);
  /* No password: the keyring is not needed. */
  g_object_set (draft, "display-name", "Alice", "address", "alice@example.org", "enabled", FALSE, NULL);
  parlo_account_store_add_async (fixture->accounts, draft, NULL, NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (fixture->accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  fixture->window = GTK_WIDGET (parlo_preferences_window_new (NULL, fixture->accounts, devices, fixture->settings));
}

static void
preferences_tear_down (Preferences *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_object_unref (fixture->accounts);
  g_object_unref (fixture->settings);
}

static gboolean
is_page_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_PAGE (widget) &&
         g_strcmp0 (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget)), title) == 0;
}

/* data: the page's title. */
static void
test_preferences_page (Preferences *fixture, gconstpointer title)
{
  GtkWidget *page = parlo_test_find (fixture->window, is_page_titled, title);
  g_autoptr(Walk) walk = NULL;

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (fixture->window), ADW_PREFERENCES_PAGE (page));
  present (fixture->window);
  walk = walk_tree ();
  check_names (walk, title);
  /* An account's switch says which account it turns on and off. */
  if (g_str_equal (title, "Accounts"))
    {
      assert_shows (walk, "check box", "Use Direct calls");
      assert_shows (walk, "check box", "Use Alice");
    }
}

static gboolean
is_account_row_titled (GtkWidget *widget, gconstpointer title)
{
  return PARLO_IS_ACCOUNT_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The account form, for a new account (account NULL) or for that account,
 * opened as a person would open it, before the window shows anything else. */
static GtkWidget *
open_form (Preferences *fixture, const char *account)
{
  GtkWidget *editor;

  if (account == NULL)
    {
      GtkLabel *add = parlo_test_find_label (fixture->window, "Add Account");

      g_signal_emit_by_name (gtk_widget_get_ancestor (GTK_WIDGET (add), GTK_TYPE_BUTTON), "clicked");
    }
  else
    gtk_widget_activate (parlo_test_find (fixture->window, is_account_row_titled, account));
  editor = parlo_test_find_widget (fixture->window, PARLO_TYPE_ACCOUNT_EDITOR, NULL);
  g_assert_nonnull (editor);
  present (fixture->window);
  return editor;
}

/* data: the account to edit, NULL to add one. */
static void
test_account_form (Preferences *fixture, gconstpointer account)
{
  g_autoptr(Walk) walk = NULL;

  open_form (fixture, account);
  walk = walk_tree ();
  check_names (walk, account == NULL ? "Add Account" : "Edit Account");
  assert_shows (walk, "push button", account == NULL ? "Add" : "Save");
}

/* The walker in --follow-focus mode: what AT-SPI reports taking the focus. */
typedef struct {
  GSubprocess      *process;
  GDataInputStream *lines;
  GPtrArray        *focused;   /* "ROLE\tNAME", as they came */
  gboolean          ready;
  gboolean          ended;
} Follower;

static void read_next (Follower *follower);

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Follower *follower = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                                     NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      follower->ended = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "focused\t"))
    g_ptr_array_add (follower->focused, g_strdup (line + strlen ("focused\t")));
  else
    {
      g_assert_cmpstr (line, ==, "ready");
      follower->ready = TRUE;
    }
  read_next (follower);
}

static void
read_next (Follower *follower)
{
  g_data_input_stream_read_line_async (follower->lines, G_PRIORITY_DEFAULT, NULL, on_line, follower);
}

static Follower *
follow_focus (void)
{
  Follower *follower = g_new0 (Follower, 1);

  follower->process = spawn_walker (G_SUBPROCESS_FLAGS_STDIN_PIPE, "--follow-focus");
  follower->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (follower->process));
  follower->focused = g_ptr_array_new_with_free_func (g_free);
  read_next (follower);
  PARLO_TEST_WAIT_UNTIL (follower->ready || follower->ended);
  g_assert_false (follower->ended);
  return follower;
}

static gboolean
has_been_focused (Follower *follower, const char *role_and_name)
{
  for (guint i = 0; i < follower->focused->len; i++)
    if (g_str_equal (g_ptr_array_index (follower->focused, i), role_and_name))
      return TRUE;
  return FALSE;
}

static GPtrArray *
follower_stop (Follower *follower)
{
  GPtrArray *focused = follower->focused;

  g_output_stream_close (g_subprocess_get_stdin_pipe (follower->process), NULL, NULL);
  PARLO_TEST_WAIT_UNTIL (follower->ended);
  g_assert_true (g_subprocess_wait_check (follower->process, NULL, NULL));
  g_object_unref (follower->lines);
  g_object_unref (follower->process);
  g_free (follower);
  return focused;
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab, with real keys, from the top of the form to its last text field: each
 * text field is reported as focused, by its title. data: the account to edit,
 * NULL to add one. */
static void
test_account_form_keyboard (Preferences *fixture, gconstpointer account)
{
  const char *fields[] = {
    "text\tYour Name", "text\tSIP Address",
    account == NULL ? "password text\tPassword" : "password text\tNew Password",
    "text\tServer", "text\tUser Name for Signing In", "text\tOutbound Proxy", "text\tSTUN Server",
  };
  GtkWidget *editor = open_form (fixture, account);
  GtkWidget *last = parlo_test_find (editor, is_row_titled, "STUN Server");
  g_autoptr(GPtrArray) focused = NULL;
  Follower *follower = follow_focus ();
  guint next = 0;
  gint64 deadline;

  for (guint presses = 0; !is_focus_in (last); presses++)
    {
      g_assert_cmpuint (presses, <, 60);
      parlo_test_keys (editor, "Tab");
    }
  /* The report reaches the walker a moment after GTK moved the focus; no
   * report at all is what fails below. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!has_been_focused (follower, fields[G_N_ELEMENTS (fields) - 1]) && !follower->ended &&
         g_get_monotonic_time () < deadline)
    parlo_test_iterate ();
  focused = follower_stop (follower);

  for (guint i = 0; i < focused->len && next < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (g_ptr_array_index (focused, i), fields[next]))
      next++;
  if (next < G_N_ELEMENTS (fields))
    {
      g_autofree char *missing = g_strdelimit (g_strdup (fields[next]), "\t", ' ');
      g_autofree char *reported = NULL;

      g_ptr_array_add (focused, NULL);
      reported = g_strdelimit (g_strjoinv ("”, “", (char **) focused->pdata), "\t", ' ');
      g_error ("Tab went through the form, but AT-SPI never reported “%s” focused after the fields before it; "
               "it reported “%s”", missing, reported);
    }
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_AUDIO_DEVICES);
  devices = parlo_test_audio_devices ();
  adw_init ();
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, parlo_test_window_set_up, func, parlo_test_window_tear_down)
#define ADD_PREFERENCES(path, data, func) \
  g_test_add (path, Preferences, data, preferences_set_up, func, preferences_tear_down)

  ADD ("/accessibility/dial", test_dial);
  ADD ("/accessibility/recent", test_recent);
  ADD ("/accessibility/contacts", test_contacts);
  ADD ("/accessibility/incoming-call", test_incoming_call);
  ADD ("/accessibility/two-incoming-calls", test_two_incoming_calls);
  ADD_PREFERENCES ("/accessibility/preferences/general", "General", test_preferences_page);
  ADD_PREFERENCES ("/accessibility/preferences/accounts", "Accounts", test_preferences_page);
  ADD_PREFERENCES ("/accessibility/preferences/audio", "Audio", test_preferences_page);
  ADD_PREFERENCES ("/accessibility/account-form/add", NULL, test_account_form);
  ADD_PREFERENCES ("/accessibility/account-form/edit", "Alice", test_account_form);
  ADD_PREFERENCES ("/accessibility/account-form/add-by-keyboard", NULL, test_account_form_keyboard);
  ADD_PREFERENCES ("/accessibility/account-form/edit-by-keyboard", "Alice", test_account_form_keyboard);

  result = parlo_test_run ();
  return result;
}
