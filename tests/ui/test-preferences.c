/* The preferences window on a real account store, with passwords in a real
 * keyring and devices from a real PulseAudio: what a person sees and does to
 * add, change and remove accounts, and to choose where calls sound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>

#include "parlo-application.h"
#include "audio/parlo-audio-devices.h"
#include "parlo-test-servers.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-test-widgets.h"
#include "ui/parlo-account-editor.h"
#include "ui/parlo-account-row.h"
#include "ui/parlo-audio-page.h"
#include "ui/parlo-preferences-window.h"
#include "ui/parlo-window.h"

#define DIRECT_AOR "sip:me@127.0.0.1:5999"

static ParloAudioDevices *devices;

/* An account store kept in memory, and the preferences window on it. */
typedef struct {
  GSettings         *settings;
  ParloAccountStore *accounts;
  GtkWidget         *window;
} Fixture;

/* The preferences on accounts, with settings of their own for the rest. */
static GtkWidget *
preferences_new (ParloAccountStore *accounts)
{
  g_autoptr(GSettings) settings = parlo_test_settings_new ();

  return GTK_WIDGET (parlo_preferences_window_new (NULL, accounts, devices, settings));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->settings = parlo_test_settings_new ();
  fixture->accounts = parlo_account_store_new (fixture->settings, DIRECT_AOR);
  fixture->window = GTK_WIDGET (parlo_preferences_window_new (NULL, fixture->accounts, devices,
                                                              fixture->settings));
  gtk_window_present (GTK_WINDOW (fixture->window));
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_object_unref (fixture->accounts);
  g_object_unref (fixture->settings);
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The visible row with this title (an account, or a field of the form). */
static GtkWidget *
find_row (GtkWidget *root, const char *title)
{
  return parlo_test_find (root, is_row_titled, title);
}

static GtkWidget *
find_account_row (GtkWidget *window, const char *title)
{
  GtkWidget *row = find_row (window, title);

  return row != NULL && PARLO_IS_ACCOUNT_ROW (row) ? row : NULL;
}

/* The button a person reads this label on. */
static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  GtkLabel *found = parlo_test_find_label (root, label);

  return found != NULL ? gtk_widget_get_ancestor (GTK_WIDGET (found), GTK_TYPE_BUTTON) : NULL;
}

/* Flips the switch of the codec row with that title. */
static void
toggle_codec (GtkWidget *editor, const char *title)
{
  GtkWidget *row = find_row (editor, title);
  GtkSwitch *toggle;

  g_assert_nonnull (row);
  toggle = GTK_SWITCH (parlo_test_find_widget (row, GTK_TYPE_SWITCH, NULL));
  gtk_switch_set_active (toggle, !gtk_switch_get_active (toggle));
}

static void
click (GtkWidget *root, const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

typedef struct {
  const char *icon_name;
  const char *style;
} StateIcon;

static gboolean
is_state_icon (GtkWidget *widget, gconstpointer data)
{
  const StateIcon *wanted = data;

  return GTK_IS_IMAGE (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), wanted->icon_name) == 0 &&
         gtk_widget_has_css_class (widget, wanted->style);
}

/* Whether the row shows this icon in this colour. */
static gboolean
shows_icon (GtkWidget *row, const char *icon_name, const char *style)
{
  StateIcon wanted = { icon_name, style };

  return parlo_test_find (row, is_state_icon, &wanted) != NULL;
}

static GtkWidget *
find_editor (GtkWidget *window)
{
  return parlo_test_find_widget (window, PARLO_TYPE_ACCOUNT_EDITOR, NULL);
}

/* The text field in the form's row with this title. */
static GtkWidget *
find_field (GtkWidget *editor, const char *title)
{
  GtkWidget *row = find_row (editor, title);

  g_assert_nonnull (row);
  return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
}

static void
type (GtkWidget *editor, const char *field, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_field (editor, field)), text);
}

static const char *
field_text (GtkWidget *editor, const char *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_field (editor, field)));
}

/* The label above the form that says what is missing or wrong. */
static GtkLabel *
message_label (GtkWidget *editor)
{
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_first_child (editor));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      return GTK_LABEL (child);
  g_assert_not_reached ();
}

/* What it says, when it shows. */
static const char *
message (GtkWidget *editor)
{
  GtkLabel *label = message_label (editor);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static gboolean
message_is_error (GtkWidget *editor)
{
  return gtk_widget_has_css_class (GTK_WIDGET (message_label (editor)), "error");
}

static gboolean
can_save (GtkWidget *editor, const char *label)
{
  return gtk_widget_is_sensitive (find_button (editor, label));
}

static gboolean
password_is (ParloAccountStore *accounts, ParloAccount *account, const char *expected)
{
  char *password = parlo_test_password_of (accounts, account);
  gboolean same = g_strcmp0 (password, expected) == 0;

  secret_password_free (password);
  return same;
}

/* Alice's account, off, with the password "s3cret" in the keyring; the store keeps it. */
static ParloAccount *
add_alice (ParloAccountStore *accounts)
{
  g_autoptr(ParloAccount) draft = parlo_account_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  ParloAccount *account;

  g_object_set (draft, "display-name", "Alice", "address", "alice@example.org", "server", "127.0.0.1:5999",
                "enabled", FALSE, NULL);
  parlo_account_store_add_async (accounts, draft, "s3cret", NULL, parlo_test_result_ready, &result);
  account = parlo_account_store_add_finish (accounts, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (account);
  return account;
}

/* Activating an account's row opens its form. */
static GtkWidget *
open_editor (GtkWidget *window, const char *title)
{
  GtkWidget *editor;

  gtk_widget_activate (find_account_row (window, title));
  PARLO_TEST_WAIT_UNTIL ((editor = find_editor (window)) != NULL);
  return editor;
}

static void
wait_closed (GtkWidget *window)
{
  PARLO_TEST_WAIT_UNTIL (find_editor (window) == NULL);
}

/* "Direct calls" shows how it stands in words, and its switch turns it off and on. */
static void
test_direct_calls (void)
{
  ParloTestPeer *peer = parlo_test_peer_new ("alice");
  ParloAccount *direct = parlo_account_store_get_direct (peer->accounts);
  GtkWidget *window = preferences_new (peer->accounts);
  g_autofree char *reachable = g_strdup_printf ("Others can call you at %s", peer->aor);
  GtkWidget *row, *toggle;

  gtk_window_present (GTK_WINDOW (window));
  row = find_account_row (window, "Direct calls");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, reachable);
  g_assert_true (shows_icon (row, "emblem-ok-symbolic", "success"));
  toggle = parlo_test_find_widget (row, GTK_TYPE_SWITCH, NULL);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* Clicking the row works its switch (which slides first); there is nothing to edit. */
  gtk_widget_activate (row);
  PARLO_TEST_WAIT_UNTIL (!parlo_account_get_enabled (direct));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_null (find_editor (window));
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Off") == 0);
  g_assert_true (shows_icon (row, "network-offline-symbolic", "dim-label"));

  gtk_widget_activate (toggle);
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_enabled (direct));
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), reachable) == 0);

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (peer);
}

/* The form says what is wrong until the account can work, then adds it. */
static void
test_add_account (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = fixture->window;
  GListModel *accounts = G_LIST_MODEL (fixture->accounts);
  g_autoptr(ParloAccount) account = NULL;
  GtkWidget *editor, *row;

  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  click (window, "Add Account");
  PARLO_TEST_WAIT_UNTIL ((editor = find_editor (window)) != NULL);
  g_assert_nonnull (parlo_test_find_label (editor, "Add Account"));
  g_assert_false (gtk_widget_is_visible (find_button (editor, "Remove Account")));

  /* An empty form is not a mistake, but it says what comes first. */
  g_assert_cmpstr (message (editor), ==, "Enter your SIP address, as in name@example.org");
  g_assert_false (message_is_error (editor));
  g_assert_false (can_save (editor, "Add"));

  type (editor, "SIP Address", "alice@");
  g_assert_cmpstr (message (editor), ==, "The host after “@” is not a valid server name");
  g_assert_true (message_is_error (editor));
  g_assert_true (gtk_widget_has_css_class (find_field (editor, "SIP Address"), "error"));
  g_assert_false (can_save (editor, "Add"));

  type (editor, "SIP Address", "not an address");
  g_assert_cmpstr (message (editor), ==, "The address needs a name and a host, as in name@example.org");
  g_assert_false (can_save (editor, "Add"));

  type (editor, "SIP Address", "alice@example.org");
  g_assert_null (message (editor));
  g_assert_false (gtk_widget_has_css_class (find_field (editor, "SIP Address"), "error"));
  g_assert_true (can_save (editor, "Add"));

  /* A mistake in another field points at that field. */
  type (editor, "Server", "127.0.0.1:5999 x");
  g_assert_cmpstr (message (editor), ==, "Enter a server name, optionally with a port, as in example.org:5060");
  g_assert_true (gtk_widget_has_css_class (find_field (editor, "Server"), "error"));
  g_assert_false (can_save (editor, "Add"));
  type (editor, "Server", "127.0.0.1:5999");
  g_assert_true (can_save (editor, "Add"));

  type (editor, "Your Name", "Alice");
  type (editor, "Password", "s3cret");
  /* TLS checks the server's certificate: choosing it needs no warning. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (editor, "Transport")), PARLO_TRANSPORT_TLS);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (editor, "Transport"))), ==, "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (editor, "Transport")), PARLO_TRANSPORT_TCP);
  /* Nothing is stored before Add. */
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);

  click (editor, "Add");
  /* While the keyring stores the password, the form waits. */
  g_assert_false (can_save (editor, "Add"));
  PARLO_TEST_WAIT_UNTIL (g_list_model_get_n_items (accounts) == 2);
  account = g_list_model_get_item (accounts, 1);
  g_assert_cmpstr (parlo_account_get_display_name (account), ==, "Alice");
  g_assert_cmpstr (parlo_account_get_address (account), ==, "alice@example.org");
  g_assert_cmpstr (parlo_account_get_server (account), ==, "127.0.0.1:5999");
  g_assert_cmpint (parlo_account_get_transport (account), ==, PARLO_TRANSPORT_TCP);
  g_assert_cmpstr (parlo_account_get_auth_user (account), ==, "");
  g_assert_true (parlo_account_get_enabled (account));
  g_assert_true (password_is (fixture->accounts, account, "s3cret"));

  /* The form closes and the account is listed, with how it stands. */
  wait_closed (window);
  row = find_account_row (window, "Alice");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, parlo_account_get_status (account));
}

/* Changes wait for Save; an empty password keeps the one in the keyring. */
static void
test_edit_account (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = fixture->window;
  ParloAccount *account = add_alice (fixture->accounts);
  g_autofree char *offered = NULL;
  GtkWidget *editor;

  PARLO_TEST_WAIT_UNTIL (find_account_row (window, "Alice") != NULL);
  editor = open_editor (window, "Alice");
  g_assert_nonnull (parlo_test_find_label (editor, "Edit Account"));
  g_assert_cmpstr (field_text (editor, "SIP Address"), ==, "alice@example.org");
  g_assert_cmpstr (field_text (editor, "Server"), ==, "127.0.0.1:5999");
  g_assert_cmpstr (field_text (editor, "New Password"), ==, "");
  g_assert_nonnull (parlo_test_find_label (editor, "Leave the password empty to keep the one in the keyring"));
  g_assert_true (can_save (editor, "Save"));

  /* Going back drops what was typed. */
  type (editor, "Your Name", "Someone Else");
  g_assert_cmpstr (parlo_account_get_display_name (account), ==, "Alice");
  g_signal_emit_by_name (parlo_test_find_widget (editor, GTK_TYPE_BUTTON, "Back"), "clicked");
  wait_closed (window);
  g_assert_cmpstr (parlo_account_get_display_name (account), ==, "Alice");

  editor = open_editor (window, "Alice");
  g_assert_cmpstr (field_text (editor, "Your Name"), ==, "Alice");
  type (editor, "Your Name", "Alice Liddell");
  click (editor, "Save");
  PARLO_TEST_WAIT_UNTIL (g_str_equal (parlo_account_get_display_name (account), "Alice Liddell"));
  wait_closed (window);
  g_assert_nonnull (find_account_row (window, "Alice Liddell"));
  g_assert_cmpstr (parlo_account_get_address (account), ==, "alice@example.org");
  g_assert_true (password_is (fixture->accounts, account, "s3cret"));

  /* A password typed replaces it; codecs switched off are no longer offered,
   * and offering none is refused. */
  editor = open_editor (window, "Alice Liddell");
  type (editor, "New Password", "n3w");
  toggle_codec (editor, "Opus");
  toggle_codec (editor, "G.722 (wideband)");
  toggle_codec (editor, "G.711 A-law (PCMA)");
  toggle_codec (editor, "G.711 µ-law (PCMU)");
  g_assert_false (can_save (editor, "Save"));
  g_assert_nonnull (parlo_test_find_label (editor, "Choose at least one audio codec"));
  toggle_codec (editor, "G.711 A-law (PCMA)");
  toggle_codec (editor, "G.711 µ-law (PCMU)");
  click (editor, "Save");
  wait_closed (window);
  g_assert_true (password_is (fixture->accounts, account, "n3w"));
  offered = g_strjoinv (",", (char **) parlo_account_get_audio_codecs (account));
  g_assert_cmpstr (offered, ==, "PCMA/8000/1,PCMU/8000/1");
}

/* A row says how its account stands in words, with an icon to match. */
static void
test_registration_shown (void)
{
  guint16 port = parlo_test_free_port ();
  ParloTestRegistrar *registrar = parlo_test_registrar_start (port, "udp", "alice", "s3cret");
  ParloTestPeer *peer = parlo_test_peer_new ("me");
  GtkWidget *window = preferences_new (peer->accounts);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  GtkWidget *editor, *row;

  gtk_window_present (GTK_WINDOW (window));
  click (window, "Add Account");
  PARLO_TEST_WAIT_UNTIL ((editor = find_editor (window)) != NULL);
  type (editor, "SIP Address", "alice@example.org");
  type (editor, "Password", "s3cret");
  type (editor, "Server", server);
  click (editor, "Add");
  PARLO_TEST_WAIT_UNTIL ((row = find_account_row (window, "alice@example.org")) != NULL);
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Registered") == 0);
  g_assert_true (shows_icon (row, "emblem-ok-symbolic", "success"));

  /* A wrong password: the row says so, in red. */
  wait_closed (window);
  editor = open_editor (window, "alice@example.org");
  type (editor, "New Password", "wrong");
  click (editor, "Save");
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                    "Wrong user name or password (401 Unauthorized)") == 0);
  g_assert_true (shows_icon (row, "dialog-warning-symbolic", "error"));

  /* Off is off, whatever went wrong before. */
  gtk_switch_set_active (GTK_SWITCH (parlo_test_find_widget (row, GTK_TYPE_SWITCH, NULL)), FALSE);
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Off") == 0);
  g_assert_true (shows_icon (row, "network-offline-symbolic", "dim-label"));

  gtk_window_destroy (GTK_WINDOW (window));
  parlo_test_peer_free (peer);
  parlo_test_registrar_stop (registrar);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Removing asks first; then the account and its password are gone. */
static void
test_remove_account (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = fixture->window;
  g_autoptr(ParloAccount) account = g_object_ref (add_alice (fixture->accounts));
  AdwMessageDialog *dialog;
  GtkWidget *editor;

  PARLO_TEST_WAIT_UNTIL (find_account_row (window, "Alice") != NULL);
  editor = open_editor (window, "Alice");

  /* Cancel keeps it. */
  click (editor, "Remove Account");
  PARLO_TEST_WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove alice@example.org?");
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (dialog),
                                   "Its password is deleted from the keyring too."));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  click (GTK_WIDGET (dialog), "Cancel");
  PARLO_TEST_WAIT_UNTIL (find_message_dialog () == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 2);
  g_assert_true (find_editor (window) == editor);

  click (editor, "Remove Account");
  PARLO_TEST_WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  click (GTK_WIDGET (dialog), "Remove");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 1);
  wait_closed (window);
  g_assert_null (find_account_row (window, "Alice"));
  g_assert_nonnull (find_account_row (window, "Direct calls"));
  PARLO_TEST_WAIT_UNTIL (password_is (fixture->accounts, account, NULL));
}

/* The Audio page, shown as a person would open it. */
static GtkWidget *
show_audio_page (GtkWidget *window)
{
  GtkWidget *page = parlo_test_find_widget (window, PARLO_TYPE_AUDIO_PAGE, NULL);

  g_assert_nonnull (page);
  g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page)), ==, "Audio");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return page;
}

static AdwComboRow *
find_combo (GtkWidget *page, const char *title)
{
  GtkWidget *row = find_row (page, title);

  g_assert_true (ADW_IS_COMBO_ROW (row));
  return ADW_COMBO_ROW (row);
}

/* What the combo row offers, in order, joined by "|". */
static char *
choices (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ParloAudioDevice) device = g_list_model_get_item (model, i);

      g_strv_builder_add (labels, parlo_audio_device_get_description (device));
    }
  strv = g_strv_builder_end (labels);
  return g_strjoinv ("|", strv);
}

static gboolean
offers (AdwComboRow *row, const char *expected)
{
  g_autofree char *offered = choices (row);

  return g_str_equal (offered, expected);
}

/* What the row shows as chosen: its subtitle. */
static const char *
shown (AdwComboRow *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* What a click on that item of the row's list does. */
static void
choose (AdwComboRow *row, const char *description)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ParloAudioDevice) device = g_list_model_get_item (model, i);

      if (g_str_equal (parlo_audio_device_get_description (device), description))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("%s does not offer %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), description);
}

static char *
setting (GSettings *settings, const char *key)
{
  return g_settings_get_string (settings, key);
}

/* A sink described as "Headset"; returns its module. */
static guint
plug_headset (void)
{
  return parlo_test_pulse_load_module ("module-null-sink", "sink_name=hotplug sink_properties=device.description=Headset");
}

/* The Audio page lists PulseAudio's devices, the system default first; a
 * choice is saved as it is made; devices plugged in while it is open show at
 * once, and the selection stays on the chosen device. */
static void
test_audio_devices (Fixture *fixture, gconstpointer data)
{
  GtkWidget *page = show_audio_page (fixture->window);
  AdwComboRow *microphone = find_combo (page, "Microphone");
  AdwComboRow *speaker = find_combo (page, "Speaker");
  AdwComboRow *ring = find_combo (page, "Ring on");
  guint headset, earbuds;
  g_autofree char *value = NULL;

  /* The test server's sink; its monitor is the default source, not a microphone. */
  g_assert_true (offers (speaker, "System default (Null Output)|Null Output"));
  g_assert_cmpstr (shown (speaker), ==, "System default (Null Output)");
  g_assert_true (offers (ring, "System default (Null Output)|Null Output"));
  g_assert_true (offers (microphone, "System default (Monitor of Null Output)"));

  headset = plug_headset ();
  PARLO_TEST_WAIT_UNTIL (offers (speaker, "System default (Null Output)|Headset|Null Output"));
  g_assert_true (offers (ring, "System default (Null Output)|Headset|Null Output"));

  choose (speaker, "Headset");
  value = setting (fixture->settings, "audio-player");
  g_assert_cmpstr (value, ==, "hotplug");
  g_assert_cmpstr (shown (speaker), ==, "Headset");
  g_clear_pointer (&value, g_free);
  value = setting (fixture->settings, "audio-alert");
  g_assert_cmpstr (value, ==, "");

  /* A device plugged in before the chosen one leaves the choice where it is. */
  earbuds = parlo_test_pulse_load_module ("module-null-sink",
                                          "sink_name=earbuds sink_properties=device.description=Earbuds");
  PARLO_TEST_WAIT_UNTIL (offers (speaker, "System default (Null Output)|Earbuds|Headset|Null Output"));
  g_assert_cmpstr (shown (speaker), ==, "Headset");

  /* Unplugged, the chosen device gives way to the system default; the setting
   * keeps it, and it is chosen again when it is back. */
  parlo_test_pulse_unload_module (headset);
  PARLO_TEST_WAIT_UNTIL (offers (speaker, "System default (Null Output)|Earbuds|Null Output"));
  g_assert_cmpstr (shown (speaker), ==, "System default (Null Output)");
  g_clear_pointer (&value, g_free);
  value = setting (fixture->settings, "audio-player");
  g_assert_cmpstr (value, ==, "hotplug");
  headset = plug_headset ();
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (shown (speaker), "Headset") == 0);

  /* The ringing goes elsewhere; then the speaker follows the system again. */
  choose (ring, "Earbuds");
  g_clear_pointer (&value, g_free);
  value = setting (fixture->settings, "audio-alert");
  g_assert_cmpstr (value, ==, "earbuds");
  choose (speaker, "System default (Null Output)");
  g_clear_pointer (&value, g_free);
  value = setting (fixture->settings, "audio-player");
  g_assert_cmpstr (value, ==, "");

  /* A setting changed elsewhere shows. */
  g_settings_set_string (fixture->settings, "audio-player", "earbuds");
  g_assert_cmpstr (shown (speaker), ==, "Earbuds");

  parlo_test_pulse_unload_module (headset);
  parlo_test_pulse_unload_module (earbuds);
  PARLO_TEST_WAIT_UNTIL (offers (speaker, "System default (Null Output)|Null Output"));
}

/* The default's description follows the server's default. */
static void
test_audio_default_changes (Fixture *fixture, gconstpointer data)
{
  AdwComboRow *speaker = find_combo (show_audio_page (fixture->window), "Speaker");
  guint headset = plug_headset ();
  g_autofree char *output = NULL;

  PARLO_TEST_WAIT_UNTIL (offers (speaker, "System default (Null Output)|Headset|Null Output"));
  output = parlo_test_pactl ("set-default-sink hotplug");
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (shown (speaker), "System default (Headset)") == 0);
  g_clear_pointer (&output, g_free);
  output = parlo_test_pactl ("set-default-sink parlo_test");
  PARLO_TEST_WAIT_UNTIL (g_strcmp0 (shown (speaker), "System default (Null Output)") == 0);
  parlo_test_pulse_unload_module (headset);
  PARLO_TEST_WAIT_UNTIL (offers (speaker, "System default (Null Output)|Null Output"));
}

/* "Do not disturb" is a switch that saves as it is worked. */
static void
test_do_not_disturb (Fixture *fixture, gconstpointer data)
{
  GtkWidget *page = show_audio_page (fixture->window);
  GtkWidget *row = find_row (page, "Do not disturb");
  GtkWidget *ring = find_row (page, "Ring on");
  GtkWidget *toggle;

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Calls are still listed and notified, silently");
  toggle = parlo_test_find_widget (row, GTK_TYPE_SWITCH, NULL);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_false (g_settings_get_boolean (fixture->settings, "do-not-disturb"));
  g_assert_true (gtk_widget_get_sensitive (ring));

  /* Clicking the row works the switch; where it would ring is moot then. */
  gtk_widget_activate (row);
  PARLO_TEST_WAIT_UNTIL (g_settings_get_boolean (fixture->settings, "do-not-disturb"));
  g_assert_false (gtk_widget_get_sensitive (ring));
  gtk_widget_activate (toggle);
  PARLO_TEST_WAIT_UNTIL (!g_settings_get_boolean (fixture->settings, "do-not-disturb"));
  g_assert_true (gtk_widget_get_sensitive (ring));
}

static gboolean
is_page_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_PAGE (widget) &&
         g_strcmp0 (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget)), title) == 0;
}

/* The General page's switches are the settings for links and for closing the
 * window, both ways: working a row saves, and a change elsewhere shows. */
static void
test_general (Fixture *fixture, gconstpointer data)
{
  static const struct { const char *title, *key; gboolean initially; } switches[] = {
    { "Call links at once", "links-call-immediately", FALSE },
    { "Run in background", "run-in-background", TRUE },
  };
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (parlo_test_find (fixture->window, is_page_titled, "General"));

  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (fixture->window), page);

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      GtkWidget *row = find_row (GTK_WIDGET (page), switches[i].title);
      GtkSwitch *toggle;

      g_assert_nonnull (row);
      toggle = GTK_SWITCH (parlo_test_find_widget (row, GTK_TYPE_SWITCH, NULL));
      g_assert_cmpint (gtk_switch_get_active (toggle), ==, switches[i].initially);
      g_assert_cmpint (g_settings_get_boolean (fixture->settings, switches[i].key), ==, switches[i].initially);

      gtk_widget_activate (row);
      PARLO_TEST_WAIT_UNTIL (g_settings_get_boolean (fixture->settings, switches[i].key) != switches[i].initially);
      g_settings_set_boolean (fixture->settings, switches[i].key, switches[i].initially);
      PARLO_TEST_WAIT_UNTIL (gtk_switch_get_active (toggle) == switches[i].initially);
    }
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          g_assert_null (found);
          found = GTK_WINDOW (window);
        }
    }
  return found;
}

/* What Ctrl+comma does in the window: the app's shortcut for it, activated there. */
static void
press_control_comma (GtkWidget *window)
{
  g_autoptr(GtkShortcutTrigger) pressed = gtk_keyval_trigger_new (GDK_KEY_comma, GDK_CONTROL_MASK);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), pressed))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, window,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("Ctrl+comma does nothing in the window");
}

/* The action of the main menu's item with this label. */
static char *
menu_action (GtkWidget *window, const char *label)
{
  GtkWidget *button = parlo_test_find_widget (window, GTK_TYPE_MENU_BUTTON, "Main Menu");
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *item_label = NULL;
          char *action = NULL;

          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &item_label);
          if (g_str_equal (item_label, label) &&
              g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            return action;
        }
    }
  g_error ("The main menu has no item %s", label);
}

static void
on_app_activated (GApplication *app)
{
  GtkWindow *window = find_toplevel (PARLO_TYPE_WINDOW);
  g_autofree char *preferences_action = NULL;
  g_autofree char *shortcuts_action = NULL;
  g_autofree char *about_action = NULL;
  GtkWindow *preferences, *about;

  g_assert_nonnull (window);
  PARLO_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  press_control_comma (GTK_WIDGET (window));
  PARLO_TEST_WAIT_UNTIL ((preferences = find_toplevel (PARLO_TYPE_PREFERENCES_WINDOW)) != NULL);
  g_assert_true (gtk_window_get_transient_for (preferences) == window);
  g_assert_nonnull (find_account_row (GTK_WIDGET (preferences), "Direct calls"));

  /* The main menu asks again: the same one shows. */
  preferences_action = menu_action (GTK_WIDGET (window), "_Preferences");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), preferences_action, NULL));
  g_assert_true (find_toplevel (PARLO_TYPE_PREFERENCES_WINDOW) == preferences);
  gtk_window_destroy (preferences);

  shortcuts_action = menu_action (GTK_WIDGET (window), "_Keyboard Shortcuts");
  g_assert_cmpstr (shortcuts_action, ==, "win.show-help-overlay");

  about_action = menu_action (GTK_WIDGET (window), "_About Parlo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), about_action, NULL));
  PARLO_TEST_WAIT_UNTIL ((about = find_toplevel (ADW_TYPE_ABOUT_WINDOW)) != NULL);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Parlo");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (about);

  g_application_quit (app);
}

/* The whole app, as started from the desktop: Ctrl+comma and the main menu open
 * the preferences, one window at a time; the menu also leads to the shortcuts
 * and to About. */
static void
test_app_opens_preferences (void)
{
  g_autoptr(ParloApplication) app = parlo_application_new ();
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", parlo_test_free_port ());

  g_setenv ("PARLO_SIP_LISTEN", listen, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_app_activated), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_RUNTIME_DIR | PARLO_TEST_USER_DIRS | PARLO_TEST_KEYRING |
                  PARLO_TEST_AUDIO_DEVICES);
  devices = parlo_test_audio_devices ();
  adw_init ();
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/preferences/direct-calls", test_direct_calls);
  ADD ("/preferences/add-account", test_add_account);
  ADD ("/preferences/edit-account", test_edit_account);
  ADD ("/preferences/remove-account", test_remove_account);
  ADD ("/preferences/audio-devices", test_audio_devices);
  ADD ("/preferences/audio-default-changes", test_audio_default_changes);
  ADD ("/preferences/do-not-disturb", test_do_not_disturb);
  ADD ("/preferences/general", test_general);
  g_test_add_func ("/preferences/registration-shown", test_registration_shown);
  g_test_add_func ("/preferences/app-opens-preferences", test_app_opens_preferences);

  result = parlo_test_run ();
  return result;
}
