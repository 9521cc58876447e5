/* parlo-account-editor.c — the form that adds an account or changes one
 *
 * The form edits a draft, never the account: nothing changes until Add or Save,
 * and a save that fails loses nothing typed. Every change is checked with
 * parlo_account_check, the model's one judge of what an account needs; the
 * field it names is marked, the reason shows in words above the form, and Add or
 * Save waits until there is none. The passwords (the account's and the TURN
 * server's) are not settings: they go to the store beside the draft, and left
 * empty when editing they keep the ones in the keyring; a TURN server removed
 * takes its password with it. "done" tells the container that the person is finished with the form.
 *
 * While the account's server certificate is refused, the form says why, shows
 * its fingerprint and offers to trust it: that alone is saved at once.
 *
 * The text fields are entries in action rows, not AdwEntryRows: libadwaita 1.2's
 * entry row takes the focus without AT-SPI reporting a focused object, so a
 * screen reader says nothing there. The row's title names its entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-account-editor.h"

struct _ParloAccountEditor
{
  AdwBin               parent_instance;

  ParloAccountStore   *accounts;
  ParloAccount        *account;     /* NULL while adding one */
  ParloAccount        *draft;
  GCancellable        *cancellable;
  gboolean             valid;
  gboolean             saving;

  GtkButton           *back_button;
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkLabel            *save_label;
  GtkLabel            *message_label;
  GtkWidget           *page;
  AdwPreferencesGroup *account_group;
  GtkEntry            *display_name_entry;
  GtkEntry            *address_entry;
  AdwPreferencesRow   *password_row;
  GtkPasswordEntry    *password_entry;
  GtkEntry            *server_entry;
  GtkEntry            *auth_user_entry;
  AdwComboRow         *transport_row;
  GtkEntry            *outbound_proxy_entry;
  GtkSpinButton       *interval_spin;
  AdwComboRow         *media_encryption_row;
  GtkEntry            *stun_server_entry;
  GtkSwitch           *ice_switch;
  GtkSwitch           *accept_direct_calls_switch;
  GtkEntry            *turn_server_entry;
  GtkEntry            *turn_user_entry;
  AdwActionRow        *turn_password_row;
  GtkPasswordEntry    *turn_password_entry;
  AdwExpanderRow      *codecs_row;
  GPtrArray           *codec_switches;  /* GtkSwitch, in the order of parlo_account_list_codecs () */
  GtkWidget           *remove_group;
  GtkWidget           *certificate_group;
  GtkLabel            *certificate_reason_label;
  GtkLabel            *fingerprint_label;
  GtkButton           *trust_button;
};

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ParloAccountEditor, parlo_account_editor, ADW_TYPE_BIN)

static void
show_message (ParloAccountEditor *self, const char *message, gboolean is_error)
{
  GtkWidget *label = GTK_WIDGET (self->message_label);

  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  if (is_error)
    {
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "error");
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
    }
}

/* The field holding the setting an error names. */
static GtkWidget *
field_for (ParloAccountEditor *self, ParloAccountError code)
{
  switch (code)
    {
    case PARLO_ACCOUNT_ERROR_ADDRESS: return GTK_WIDGET (self->address_entry);
    case PARLO_ACCOUNT_ERROR_DISPLAY_NAME: return GTK_WIDGET (self->display_name_entry);
    case PARLO_ACCOUNT_ERROR_AUTH_USER: return GTK_WIDGET (self->auth_user_entry);
    case PARLO_ACCOUNT_ERROR_SERVER: return GTK_WIDGET (self->server_entry);
    case PARLO_ACCOUNT_ERROR_OUTBOUND_PROXY: return GTK_WIDGET (self->outbound_proxy_entry);
    case PARLO_ACCOUNT_ERROR_STUN_SERVER: return GTK_WIDGET (self->stun_server_entry);
    case PARLO_ACCOUNT_ERROR_AUDIO_CODECS: return GTK_WIDGET (self->codecs_row);
    case PARLO_ACCOUNT_ERROR_TURN_SERVER: return GTK_WIDGET (self->turn_server_entry);
    case PARLO_ACCOUNT_ERROR_TURN_USER: return GTK_WIDGET (self->turn_user_entry);
    default: g_return_val_if_reached (NULL);
    }
}

static void
update_sensitivity (ParloAccountEditor *self)
{
  /* While saving, the form stays as it is sent and cannot be left half done. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->valid && !self->saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !self->saving);
  gtk_widget_set_sensitive (self->page, !self->saving);
}

static void
check (ParloAccountEditor *self)
{
  g_autoptr(GError) error = NULL;

  self->valid = parlo_account_check (self->draft, &error);
  for (ParloAccountError code = PARLO_ACCOUNT_ERROR_ADDRESS; code <= PARLO_ACCOUNT_ERROR_TURN_USER; code++)
    {
      GtkWidget *field = field_for (self, code);

      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
    }

  if (error == NULL)
    show_message (self, NULL, FALSE);
  else if (error->code == PARLO_ACCOUNT_ERROR_ADDRESS && *parlo_account_get_address (self->draft) == '\0')
    /* A new, empty form is not a mistake: the reason reads as what to do first. */
    show_message (self, error->message, FALSE);
  else
    {
      GtkWidget *wrong = field_for (self, error->code);

      gtk_widget_add_css_class (wrong, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (wrong), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      show_message (self, error->message, TRUE);
    }
  update_sensitivity (self);
}

static void
finish_save (ParloAccountEditor *self, const GError *error)
{
  self->saving = FALSE;
  update_sensitivity (self);
  if (error != NULL)
    {
      /* The form keeps everything typed, to try again. */
      show_message (self, error->message, TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

/* The save is cancelled only when the editor is gone: then user_data is too. */
static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  G_GNUC_UNUSED g_autoptr(ParloAccount) account = parlo_account_store_save_finish (PARLO_ACCOUNT_STORE (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish_save (user_data, error);
}

static void
on_save (ParloAccountEditor *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  const char *turn_password = gtk_editable_get_text (GTK_EDITABLE (self->turn_password_entry));
  g_autofree char *turn_server = g_strstrip (g_strdup (parlo_account_get_turn_server (self->draft)));

  /* An interval typed but not yet entered counts too. */
  gtk_spin_button_update (self->interval_spin);
  if (!self->valid || self->saving)
    return;

  if (*turn_server == '\0')
    turn_password = "";
  else if (*turn_password == '\0')
    turn_password = NULL;
  self->saving = TRUE;
  update_sensitivity (self);
  parlo_account_store_save_async (self->accounts, self->account, self->draft,
                                  *password != '\0' || self->account == NULL ? password : NULL,
                                  turn_password, self->cancellable, on_saved, self);
}

static void
on_back (ParloAccountEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_remove_confirmed (ParloAccountEditor *self)
{
  parlo_account_store_remove (self->accounts, self->account);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_remove (ParloAccountEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                                       _("Its settings are forgotten. Its password is deleted from the keyring too.")));
  /* Translators: %s is the account's address, as in alice@example.org */
  adw_message_dialog_format_heading (dialog, _("Remove %s?"), parlo_account_get_address (self->account));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response::remove", G_CALLBACK (on_remove_confirmed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The combo rows list the choices in the order of their enum. */
static gboolean
enum_to_position (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint (to, g_value_get_enum (from));
  return TRUE;
}

static gboolean
position_to_enum (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint position = g_value_get_uint (from);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_enum (to, position);
  return TRUE;
}

static void
bind (ParloAccountEditor *self, const char *setting, gpointer widget, const char *property)
{
  g_object_bind_property (self->draft, setting, widget, property, G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

static void
bind_choice (ParloAccountEditor *self, const char *setting, AdwComboRow *row)
{
  g_object_bind_property_full (self->draft, setting, row, "selected",
                               G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                               enum_to_position, position_to_enum, NULL, NULL);
}

/* "AA:BB:CC:DD EE:FF:…", four bytes a group and four groups a line, to be
 * read out and compared with what the provider says. */
static char *
group_fingerprint (const char *fingerprint)
{
  g_auto(GStrv) bytes = g_strsplit (fingerprint, ":", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; bytes[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (text, i % 16 == 0 ? '\n' : i % 4 == 0 ? ' ' : ':');
      g_string_append (text, bytes[i]);
    }
  return g_string_free (text, FALSE);
}

static void
update_certificate (ParloAccountEditor *self)
{
  const char *fingerprint = parlo_account_get_certificate_fingerprint (self->account);
  gboolean refused = parlo_account_is_certificate_refused (self->account) && fingerprint != NULL;
  g_autofree char *grouped = refused ? group_fingerprint (fingerprint) : NULL;

  gtk_widget_set_visible (self->certificate_group, refused);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trust_button), refused);
  if (!refused)
    return;
  gtk_label_set_text (self->certificate_reason_label, parlo_account_get_status (self->account));
  gtk_label_set_text (self->fingerprint_label, grouped);
}

static void
on_trusted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  parlo_account_store_update_finish (PARLO_ACCOUNT_STORE (source), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (user_data, error->message, TRUE);
}

/* The pin is saved at once, apart from the rest of the form, and the account
 * registers again with it; the form's draft keeps it for a later Save. */
static void
on_trust (ParloAccountEditor *self)
{
  const char *fingerprint = parlo_account_get_certificate_fingerprint (self->account);
  g_autoptr(ParloAccount) pinned = NULL;

  if (!parlo_account_is_certificate_refused (self->account) || fingerprint == NULL)
    return;
  pinned = parlo_account_dup (self->account);
  g_object_set (pinned, "tls-pin", fingerprint, NULL);
  g_object_set (self->draft, "tls-pin", fingerprint, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trust_button), FALSE);
  parlo_account_store_update_async (self->accounts, self->account, pinned, NULL,
                                    self->cancellable, on_trusted, self);
}

static const char *
codec_title (const char *codec)
{
  if (g_str_has_prefix (codec, "opus/"))
    return _("Opus");
  if (g_str_has_prefix (codec, "G722/"))
    return _("G.722 (wideband)");
  if (g_str_has_prefix (codec, "PCMA/"))
    return _("G.711 A-law (PCMA)");
  if (g_str_has_prefix (codec, "PCMU/"))
    return _("G.711 µ-law (PCMU)");
  return codec;
}

/* The switches say which codecs are offered; the order stays best first. */
static void
on_codec_toggled (ParloAccountEditor *self)
{
  const char * const *codecs = parlo_account_list_codecs ();
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < self->codec_switches->len; i++)
    if (gtk_switch_get_active (g_ptr_array_index (self->codec_switches, i)))
      g_strv_builder_add (chosen, codecs[i]);
  list = g_strv_builder_end (chosen);
  g_object_set (self->draft, "audio-codecs", list, NULL);
}

static void
add_codec_rows (ParloAccountEditor *self)
{
  const char * const *codecs = parlo_account_list_codecs ();
  const char * const *offered = parlo_account_get_audio_codecs (self->draft);

  for (guint i = 0; codecs[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), codec_title (codecs[i]));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), g_strv_contains (offered, codecs[i]));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_expander_row_add_row (self->codecs_row, row);
      g_ptr_array_add (self->codec_switches, toggle);
      g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (on_codec_toggled), self);
    }
}

static void
parlo_account_editor_dispose (GObject *object)
{
  ParloAccountEditor *self = PARLO_ACCOUNT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->codec_switches, g_ptr_array_unref);
  g_clear_object (&self->draft);
  g_clear_object (&self->account);
  g_clear_object (&self->accounts);
  G_OBJECT_CLASS (parlo_account_editor_parent_class)->dispose (object);
}

static void
parlo_account_editor_class_init (ParloAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_account_editor_dispose;

  /**
   * ParloAccountEditor::done:
   *
   * The person is finished with the form: it was saved, the account was
   * removed, or they went back.
   */
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, save_label);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, page);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, account_group);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, display_name_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, address_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, password_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, server_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, auth_user_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, transport_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, outbound_proxy_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, media_encryption_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, stun_server_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, ice_switch);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, accept_direct_calls_switch);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, turn_server_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, turn_user_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, turn_password_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, turn_password_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, codecs_row);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, remove_group);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, certificate_group);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, certificate_reason_label);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, ParloAccountEditor, trust_button);
  gtk_widget_class_bind_template_callback (widget_class, on_back);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_remove);
  gtk_widget_class_bind_template_callback (widget_class, on_trust);
}

static void
parlo_account_editor_init (ParloAccountEditor *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spin_button_set_range (self->interval_spin, PARLO_ACCOUNT_MIN_INTERVAL, PARLO_ACCOUNT_MAX_INTERVAL);
}

/* account NULL adds a new one; "Direct calls" has no form. */
GtkWidget *
parlo_account_editor_new (ParloAccountStore *accounts, ParloAccount *account)
{
  ParloAccountEditor *self;

  g_return_val_if_fail (PARLO_IS_ACCOUNT_STORE (accounts), NULL);
  g_return_val_if_fail (account == NULL || !parlo_account_is_direct (account), NULL);

  self = g_object_new (PARLO_TYPE_ACCOUNT_EDITOR, NULL);
  self->accounts = g_object_ref (accounts);
  if (account != NULL)
    {
      self->account = g_object_ref (account);
      self->draft = parlo_account_dup (account);
      adw_window_title_set_title (self->window_title, _("Edit Account"));
      gtk_label_set_text_with_mnemonic (self->save_label, _("_Save"));
      adw_preferences_row_set_title (self->password_row, _("New Password"));
      adw_preferences_group_set_description (self->account_group,
                                             _("Leave the password empty to keep the one in the keyring"));
      adw_action_row_set_subtitle (self->turn_password_row, _("Leave it empty to keep the one in the keyring"));
      gtk_widget_set_visible (self->remove_group, TRUE);
      g_signal_connect_swapped (account, "notify::status", G_CALLBACK (update_certificate), self);
      update_certificate (self);
    }
  else
    {
      self->draft = parlo_account_new (NULL);
      adw_window_title_set_title (self->window_title, _("Add Account"));
      gtk_label_set_text_with_mnemonic (self->save_label, _("_Add"));
      adw_preferences_row_set_title (self->password_row, _("Password"));
    }

  bind (self, "display-name", self->display_name_entry, "text");
  bind (self, "address", self->address_entry, "text");
  bind (self, "server", self->server_entry, "text");
  bind (self, "auth-user", self->auth_user_entry, "text");
  bind_choice (self, "transport", self->transport_row);
  bind (self, "outbound-proxy", self->outbound_proxy_entry, "text");
  bind (self, "registration-interval", self->interval_spin, "value");
  bind_choice (self, "media-encryption", self->media_encryption_row);
  bind (self, "stun-server", self->stun_server_entry, "text");
  bind (self, "ice", self->ice_switch, "active");
  bind (self, "accept-direct-calls", self->accept_direct_calls_switch, "active");
  bind (self, "turn-server", self->turn_server_entry, "text");
  bind (self, "turn-user", self->turn_user_entry, "text");
  self->codec_switches = g_ptr_array_new ();
  add_codec_rows (self);
  g_signal_connect_swapped (self->draft, "notify", G_CALLBACK (check), self);
  check (self);
  return GTK_WIDGET (self);
}
