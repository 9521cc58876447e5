/* parlo-dialpad.c — type or tap a number or address, and call it
 *
 * Shows what the text will dial as (the normalised address) or why it cannot be
 * dialled, and only then allows Call. Calling activates "call.dial" with the text
 * as typed; normalising it again there keeps the one parser the only judge.
 * Keys typed while something else in the dialpad has focus go to the entry.
 * With more than one account on, a selector picks the one the call goes
 * through; the pick is the store's default account, so it is remembered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "model/parlo-account-store.h"
#include "model/parlo-uri.h"
#include "parlo-dialpad.h"
#include "parlo-keypad.h"
#include "parlo-util.h"

struct _ParloDialpad
{
  GtkWidget  parent_instance;

  ParloAccountStore *accounts;
  GListModel        *enabled_accounts;
  char              *account;
  char              *target;     /* what the text dials as, or NULL */
  gboolean           showing_default;

  GtkDropDown *account_selector;
  GtkEntry  *entry;
  GtkLabel  *preview;
  GtkButton *call_button;
  GtkButton *backspace_button;
};

G_DEFINE_FINAL_TYPE (ParloDialpad, parlo_dialpad, GTK_TYPE_WIDGET)

static void
on_text_changed (ParloDialpad *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  gboolean empty = *text == '\0';

  g_clear_pointer (&self->target, g_free);
  self->target = parlo_uri_normalize (text, self->account, &error);

  /* An empty entry is not a mistake worth pointing out. */
  gtk_label_set_text (self->preview, self->target ? self->target : empty ? "" : error->message);
  if (self->target == NULL && !empty)
    gtk_widget_add_css_class (GTK_WIDGET (self->preview), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->preview), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->call_button), self->target != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backspace_button), !empty);
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
entry_has_focus (ParloDialpad *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->entry) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entry)));
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

  if (entry_has_focus (self))
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
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_call);
  gtk_widget_class_bind_template_callback (widget_class, on_key);
  gtk_widget_class_bind_template_callback (widget_class, on_backspace);
}

static void
parlo_dialpad_init (ParloDialpad *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
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
  GtkBoolFilter *enabled;

  g_return_if_fail (PARLO_IS_DIALPAD (self));
  g_return_if_fail (self->accounts == NULL);

  self->accounts = g_object_ref (accounts);
  enabled = gtk_bool_filter_new (gtk_property_expression_new (PARLO_TYPE_ACCOUNT, NULL, "enabled"));
  self->enabled_accounts = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (accounts)),
                                                                    GTK_FILTER (enabled)));
  gtk_drop_down_set_expression (self->account_selector,
                                gtk_property_expression_new (PARLO_TYPE_ACCOUNT, NULL, "title"));
  gtk_drop_down_set_model (self->account_selector, self->enabled_accounts);
  g_signal_connect_object (accounts, "notify::default-account", G_CALLBACK (on_default_account_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->enabled_accounts, "items-changed", G_CALLBACK (on_default_account_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account_selector, "notify::selected-item", G_CALLBACK (on_account_picked),
                           self, G_CONNECT_SWAPPED);
  on_default_account_changed (self);
}

void
parlo_dialpad_set_text (ParloDialpad *self, const char *text)
{
  g_return_if_fail (PARLO_IS_DIALPAD (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

/* What the current text dials as, or NULL when it cannot be dialled. */
const char *
parlo_dialpad_get_target (ParloDialpad *self)
{
  g_return_val_if_fail (PARLO_IS_DIALPAD (self), NULL);
  return self->target;
}
