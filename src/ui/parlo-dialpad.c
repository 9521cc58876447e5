/* parlo-dialpad.c — type or tap a number or address, and call it
 *
 * Shows what the text will dial as (the normalised address) or why it cannot be
 * dialled, and only then allows Call. Calling activates "call.dial" with the text
 * as typed; normalising it again there keeps the one parser the only judge.
 * Keys typed while something else in the dialpad has focus go to the entry.
 * With more than one account on, a selector picks the one the call goes
 * through; the pick is the store's default account, so it is remembered.
 *
 * As the text changes, the people from the call history whose name or address
 * contains it show under the entry, most recent and most frequent first.
 * Choosing one puts their address in the entry rather than calling at once: a
 * click that lands on the wrong name must not ring someone; Enter then calls.
 * The suggestions take the keypad's place, which typing a name does not need:
 * nothing moves, and the preview and Call stay in sight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "parlo-account-store.h"
#include "parlo-uri.h"
#include "parlo-call-text.h"
#include "parlo-dialpad.h"
#include "parlo-keypad.h"
#include "parlo-util.h"

#define MAX_SUGGESTIONS 4

struct _ParloDialpad
{
  GtkWidget  parent_instance;

  ParloAccountStore *accounts;
  GListModel        *enabled_accounts;
  char              *account;
  char              *target;     /* what the text dials as, or NULL */
  gboolean           showing_default;
  ParloContacts     *suggested;  /* people whose name or address contains the text */

  GtkDropDown *account_selector;
  GtkEntry  *entry;
  GtkRevealer *suggestions_revealer;
  GtkListBox  *suggestions;
  GtkLabel  *preview;
  GtkButton *call_button;
  GtkButton *backspace_button;
};

G_DEFINE_FINAL_TYPE (ParloDialpad, parlo_dialpad, GTK_TYPE_WIDGET)

/* Whether one of the suggestions is what the entry already holds. */
static gboolean
suggests_text (ParloDialpad *self)
{
  GListModel *suggested = G_LIST_MODEL (self->suggested);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  for (guint i = 0; i < g_list_model_get_n_items (suggested); i++)
    {
      g_autoptr(ParloContact) contact = g_list_model_get_item (suggested, i);
      const char *uri = parlo_contact_get_uri (contact);
      g_autofree char *address = parlo_call_text_uri_address (uri);

      if (g_strcmp0 (uri, self->target) == 0 || g_str_equal (address, text) || g_str_equal (uri, text))
        return TRUE;
    }
  return FALSE;
}

/* A revealer over the keypad covers it even while it shows nothing, and would
 * take every click meant for a key: it is shown only while it reveals. */
static void
on_suggestions_changed (ParloDialpad *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->suggested)) > 0;
  gboolean reveal = *text != '\0' && any && !suggests_text (self);

  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (self->suggestions_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->suggestions_revealer, reveal);
}

static void
on_suggestions_child_revealed (ParloDialpad *self)
{
  if (!gtk_revealer_get_child_revealed (self->suggestions_revealer) &&
      !gtk_revealer_get_reveal_child (self->suggestions_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->suggestions_revealer), FALSE);
}

static void
update_suggestions (ParloDialpad *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (self->suggested == NULL)
    return;
  /* An empty entry suggests nobody, so there is nothing to look up. */
  if (*text != '\0')
    parlo_contacts_set_filter (self->suggested, text);
  on_suggestions_changed (self);
}

static void
on_text_changed (ParloDialpad *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  gboolean empty = *text == '\0';

  g_clear_pointer (&self->target, g_free);
  self->target = parlo_uri_normalize (text, self->account, &error);

  /* An empty entry is not a mistake worth pointing out. A selectable label is
   * a Tab stop, which an empty one must not be; it keeps its line, so that
   * the keys do not move at the first digit. */
  gtk_label_set_text (self->preview, self->target ? self->target : empty ? "" : error->message);
  gtk_label_set_selectable (self->preview, !empty);
  if (self->target == NULL && !empty)
    gtk_widget_add_css_class (GTK_WIDGET (self->preview), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->preview), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->call_button), self->target != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backspace_button), !empty);
  update_suggestions (self);
}

static void
on_call (ParloDialpad *self)
{
  if (self->target != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "call.dial", "s",
                                gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
append (ParloDialpad *self, const char *key)
{
  int position = -1;

  gtk_editable_insert_text (GTK_EDITABLE (self->entry), key, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

static void
on_key (ParloDialpad *self, const char *key)
{
  append (self, key);
}

static void
on_backspace (ParloDialpad *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  glong length = g_utf8_strlen (text, -1);

  if (length > 0)
    gtk_editable_delete_text (GTK_EDITABLE (self->entry), length - 1, length);
}

static gboolean
has_focus_within (ParloDialpad *self, GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static GtkWidget *
create_suggestion_row (gpointer item, gpointer user_data)
{
  ParloContact *contact = PARLO_CONTACT (item);
  g_autofree char *address = parlo_call_text_uri_address (parlo_contact_get_uri (contact));
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), parlo_contact_get_name (contact));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), address);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, parlo_contact_get_name (contact), TRUE));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* The address goes into the entry, with the focus, so that Enter calls it. */
static void
on_suggestion_activated (ParloDialpad *self, GtkListBoxRow *row)
{
  g_autoptr(ParloContact) contact = g_list_model_get_item (G_LIST_MODEL (self->suggested),
                                                           gtk_list_box_row_get_index (row));
  g_autofree char *address = parlo_call_text_uri_address (parlo_contact_get_uri (contact));

  parlo_dialpad_set_text (self, address);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Up from the first suggestion goes back to the entry. */
static gboolean
on_suggestions_keynav_failed (ParloDialpad *self, GtkDirectionType direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;
  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Down from the entry goes to the suggestions. */
static gboolean
on_entry_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      ParloDialpad          *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->suggestions, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL ||
      !gtk_revealer_get_reveal_child (self->suggestions_revealer))
    return FALSE;
  return gtk_widget_grab_focus (GTK_WIDGET (first));
}

/* Typing while a key button or the Call button has focus still types. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ParloDialpad          *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (has_focus_within (self, GTK_WIDGET (self->entry)))
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_BackSpace)
    {
      on_backspace (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    {
      on_call (self);
      return TRUE;
    }
  if (c != 0 && g_unichar_isprint (c))
    {
      char utf8[7] = { 0 };

      /* Typing on a suggestion goes on typing in the entry, which keeps up. */
      if (has_focus_within (self, GTK_WIDGET (self->suggestions)))
        gtk_widget_grab_focus (GTK_WIDGET (self->entry));
      g_unichar_to_utf8 (c, utf8);
      append (self, utf8);
      return TRUE;
    }
  return FALSE;
}

static void
parlo_dialpad_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (parlo_dialpad_parent_class)->dispose (object);
}

static void
parlo_dialpad_finalize (GObject *object)
{
  ParloDialpad *self = PARLO_DIALPAD (object);

  g_free (self->account);
  g_free (self->target);
  g_clear_object (&self->enabled_accounts);
  g_clear_object (&self->accounts);
  g_clear_object (&self->suggested);
  G_OBJECT_CLASS (parlo_dialpad_parent_class)->finalize (object);
}

static gboolean
parlo_dialpad_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PARLO_DIALPAD (widget)->entry));
}

static void
parlo_dialpad_class_init (ParloDialpadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_dialpad_dispose;
  object_class->finalize = parlo_dialpad_finalize;
  widget_class->grab_focus = parlo_dialpad_grab_focus;

  g_type_ensure (PARLO_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-dialpad.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, account_selector);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, entry);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, preview);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, call_button);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, backspace_button);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, suggestions_revealer);
  gtk_widget_class_bind_template_child (widget_class, ParloDialpad, suggestions);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_call);
  gtk_widget_class_bind_template_callback (widget_class, on_key);
  gtk_widget_class_bind_template_callback (widget_class, on_backspace);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestion_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestions_keynav_failed);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestions_child_revealed);
}

static void
parlo_dialpad_init (ParloDialpad *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *entry_keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (entry_keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), entry_keys);
  on_text_changed (self);
}

/* The default account places the call: its host completes bare numbers. */
static void
on_default_account_changed (ParloDialpad *self)
{
  ParloAccount *account = parlo_account_store_get_default (self->accounts);
  guint n_items = g_list_model_get_n_items (self->enabled_accounts);

  gtk_widget_set_visible (GTK_WIDGET (self->account_selector), n_items > 1);
  self->showing_default = TRUE;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ParloAccount) item = g_list_model_get_item (self->enabled_accounts, i);

      if (item == account)
        gtk_drop_down_set_selected (self->account_selector, i);
    }
  self->showing_default = FALSE;
  if (parlo_set_str (&self->account, account ? parlo_account_get_aor (account) : NULL))
    on_text_changed (self);
}

static void
on_account_picked (ParloDialpad *self)
{
  ParloAccount *account = gtk_drop_down_get_selected_item (self->account_selector);

  if (!self->showing_default && account != NULL)
    parlo_account_store_set_default (self->accounts, account);
}

void
parlo_dialpad_set_accounts (ParloDialpad *self, ParloAccountStore *accounts)
{
  /* The drop-down takes a reference of its own. */
  g_autoptr(GtkExpression) title = gtk_property_expression_new (PARLO_TYPE_ACCOUNT, NULL, "title");
  GtkBoolFilter *enabled;

  g_return_if_fail (PARLO_IS_DIALPAD (self));
  g_return_if_fail (self->accounts == NULL);

  self->accounts = g_object_ref (accounts);
  enabled = gtk_bool_filter_new (gtk_property_expression_new (PARLO_TYPE_ACCOUNT, NULL, "enabled"));
  self->enabled_accounts = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (accounts)),
                                                                    GTK_FILTER (enabled)));
  gtk_drop_down_set_expression (self->account_selector, title);
  gtk_drop_down_set_model (self->account_selector, self->enabled_accounts);
  g_signal_connect_object (accounts, "notify::default-account", G_CALLBACK (on_default_account_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->enabled_accounts, "items-changed", G_CALLBACK (on_default_account_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account_selector, "notify::selected-item", G_CALLBACK (on_account_picked),
                           self, G_CONNECT_SWAPPED);
  on_default_account_changed (self);
}

/* Suggestions come from the people in history. */
void
parlo_dialpad_set_history (ParloDialpad *self, ParloHistory *history)
{
  g_return_if_fail (PARLO_IS_DIALPAD (self));
  g_return_if_fail (self->suggested == NULL);

  self->suggested = parlo_contacts_new (history, MAX_SUGGESTIONS);
  gtk_list_box_bind_model (self->suggestions, G_LIST_MODEL (self->suggested), create_suggestion_row, NULL, NULL);
  g_signal_connect_object (self->suggested, "items-changed", G_CALLBACK (on_suggestions_changed), self,
                           G_CONNECT_SWAPPED);
  update_suggestions (self);
}

void
parlo_dialpad_set_text (ParloDialpad *self, const char *text)
{
  g_return_if_fail (PARLO_IS_DIALPAD (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

/* Fills in text and gives Call the focus: Enter or Space calls it, and typing
 * still goes to the entry. */
void
parlo_dialpad_offer (ParloDialpad *self, const char *text)
{
  g_return_if_fail (PARLO_IS_DIALPAD (self));
  parlo_dialpad_set_text (self, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->call_button));
}

/* What the current text dials as, or NULL when it cannot be dialled. */
const char *
parlo_dialpad_get_target (ParloDialpad *self)
{
  g_return_val_if_fail (PARLO_IS_DIALPAD (self), NULL);
  return self->target;
}
