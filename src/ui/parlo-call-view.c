/* parlo-call-view.c — one live call, large, with its controls
 *
 * Observes its ParloCall; every control activates a "call" action on that call,
 * so what the view shows is always what the engine reported, never a guess.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-controls.h"
#include "parlo-call-text.h"
#include "parlo-account-store.h"
#include "parlo-call-view.h"
#include "parlo-keypad.h"

struct _ParloCallView
{
  AdwBin            parent_instance;

  ParloAccountStore *accounts;
  ParloCall        *call;
  guint             clock_source;

  AdwAvatar        *avatar;
  GtkLabel         *peer_label;
  GtkLabel         *address_label;
  GtkLabel         *state_label;
  GtkLabel         *account_label;
  GtkBox           *encryption_box;
  GtkImage         *encryption_icon;
  GtkLabel         *encryption_label;
  GtkLabel         *no_audio_label;
  GtkLabel         *quality_label;
  GtkLevelBar      *input_level_bar;
  GtkRevealer      *keypad_revealer;
  GtkLabel         *sent_keys_label;
  GtkWidget        *controls;
  GtkToggleButton  *mute_button;
  GtkToggleButton  *hold_button;
  GtkToggleButton  *keypad_button;
  GtkMenuButton    *transfer_button;
  GtkPopover       *transfer_popover;
  GtkEntry         *transfer_entry;
  GtkButton        *answer_button;
  GtkButton        *hangup_button;
};

G_DEFINE_FINAL_TYPE (ParloCallView, parlo_call_view, ADW_TYPE_BIN)

static void update (ParloCallView *self);

static gboolean
on_clock_tick (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
is_connected (ParloCallState state)
{
  return state == PARLO_CALL_STATE_ESTABLISHED || state == PARLO_CALL_STATE_HELD;
}

static void
update_quality (ParloCallView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint round_trip = parlo_call_get_round_trip_ms (self->call);
  guint jitter = parlo_call_get_jitter_ms (self->call);
  double loss = parlo_call_get_packet_loss (self->call);
  int echo_delay = parlo_call_get_echo_delay_ms (self->call);

  /* Nothing to show until the first RTCP report arrives. */
  if (parlo_call_get_has_quality (self->call))
    /* Translators: call quality: packet loss in percent, jitter and round-trip time in ms */
    g_string_append_printf (text, _("Loss %.1f %% · Jitter %u ms · Round trip %u ms"), loss, jitter, round_trip);
  /* Measured on the echo test: what a person hears as the delay of their own voice. */
  if (echo_delay >= 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: %d is the time in ms between speaking and hearing it come back */
      g_string_append_printf (text, _("Your sound comes back after %d ms"), echo_delay);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->quality_label), text->len > 0);
  gtk_label_set_text (self->quality_label, text->str);
}

/* Whether the audio is encrypted is known once it flows; a call's audio can
 * go missing only once it is connected and not held. */
static void
update_media (ParloCallView *self)
{
  ParloCallState state = parlo_call_get_state (self->call);
  gboolean connected = is_connected (state);
  gboolean missing = state == PARLO_CALL_STATE_ESTABLISHED && parlo_call_get_audio_missing (self->call);

  gtk_widget_set_visible (GTK_WIDGET (self->encryption_box), connected);
  gtk_image_set_from_icon_name (self->encryption_icon, parlo_call_text_encryption_icon (self->call));
  gtk_label_set_text (self->encryption_label, parlo_call_text_encryption (self->call));
  gtk_widget_set_visible (GTK_WIDGET (self->no_audio_label), missing);
  gtk_label_set_text (self->no_audio_label, missing ? parlo_call_text_audio_missing () : "");
}

/* The microphone's level over 60 dB of range, while it is sent. */
static void
update_input_level (ParloCallView *self)
{
  double level = parlo_call_get_input_level (self->call);
  ParloCallState state = parlo_call_get_state (self->call);
  gboolean sending = state == PARLO_CALL_STATE_ESTABLISHED && !parlo_call_get_muted (self->call);

  gtk_widget_set_visible (GTK_WIDGET (self->input_level_bar), sending);
  gtk_level_bar_set_value (self->input_level_bar, CLAMP ((level + 60.0) / 6.0, 0.0, 10.0));
}

/* The account's name as the person knows it, else its address. */
static const char *
account_title (ParloCallView *self)
{
  ParloAccount *account = NULL;

  if (self->accounts != NULL)
    account = parlo_account_store_find_by_aor (self->accounts, parlo_call_get_account (self->call));
  return account ? parlo_account_get_title (account) : parlo_call_get_account (self->call);
}

static void
update (ParloCallView *self)
{
  g_autofree char *peer = NULL;
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;
  g_autofree char *account = NULL;

  if (self->call == NULL)
    return;

  peer = parlo_call_text_peer (self->call);
  address = parlo_call_text_address (self->call);
  text = parlo_call_text_state (self->call);
  /* Translators: %s is the account the call runs on */
  account = g_strdup_printf (_("Via %s"), account_title (self));

  adw_avatar_set_text (self->avatar, peer);
  gtk_label_set_text (self->peer_label, peer);
  gtk_label_set_text (self->address_label, address);
  gtk_widget_set_visible (GTK_WIDGET (self->address_label), g_strcmp0 (peer, address) != 0);
  gtk_label_set_text (self->state_label, text);
  gtk_label_set_text (self->account_label, account);
  update_media (self);
  update_quality (self);
  update_input_level (self);

  gtk_toggle_button_set_active (self->mute_button, parlo_call_get_muted (self->call));
  gtk_toggle_button_set_active (self->hold_button, parlo_call_get_held (self->call));
  /* Until the call is connected they would do nothing, so they do not show:
   * greyed out, the Transfer menu's own button would still read as enabled. */
  gtk_widget_set_visible (self->controls, is_connected (parlo_call_get_state (self->call)));
  parlo_call_controls_update (GTK_WIDGET (self->answer_button), GTK_WIDGET (self->hangup_button), self->call);
  parlo_call_controls_clock (&self->clock_source, self->call, on_clock_tick, self);
}

/* The level changes ten times a second; the rest of the view need not. */
static void
on_call_notify (ParloCall *call, GParamSpec *pspec, ParloCallView *self)
{
  if (g_str_equal (pspec->name, "input-level"))
    update_input_level (self);
  else
    update (self);
}

static void
activate_on_call (ParloCallView *self, const char *action, GVariant *parameter)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (self), action, parameter);
}

/* The toggles show the model, not the click: the click only asks for a change. */
static void
on_mute_clicked (ParloCallView *self)
{
  gboolean muted = parlo_call_get_muted (self->call);

  gtk_toggle_button_set_active (self->mute_button, muted);
  activate_on_call (self, "call.mute",
                    g_variant_new ("(ssb)", parlo_call_get_account (self->call),
                                   parlo_call_get_id (self->call), !muted));
}

static void
on_hold_clicked (ParloCallView *self)
{
  gboolean held = parlo_call_get_held (self->call);

  gtk_toggle_button_set_active (self->hold_button, held);
  activate_on_call (self, held ? "call.resume" : "call.hold",
                    g_variant_new ("(ss)", parlo_call_get_account (self->call),
                                   parlo_call_get_id (self->call)));
}

static void
on_keypad_key (ParloCallView *self, const char *key)
{
  g_autofree char *sent = g_strconcat (gtk_label_get_text (self->sent_keys_label), key, NULL);

  gtk_label_set_text (self->sent_keys_label, sent);
  activate_on_call (self, "call.dtmf",
                    g_variant_new ("(sss)", parlo_call_get_account (self->call),
                                   parlo_call_get_id (self->call), key));
}

static void
on_transfer (ParloCallView *self)
{
  const char *target = gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry));

  if (*target == '\0')
    return;
  activate_on_call (self, "call.transfer",
                    g_variant_new ("(sss)", parlo_call_get_account (self->call),
                                   parlo_call_get_id (self->call), target));
  gtk_popover_popdown (self->transfer_popover);
  gtk_editable_set_text (GTK_EDITABLE (self->transfer_entry), "");
}

static void
release_call (ParloCallView *self)
{
  /* Buttons without a call must not point at one. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->answer_button), NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->hangup_button), NULL);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_clear_object (&self->call);
}

static void
parlo_call_view_dispose (GObject *object)
{
  release_call (PARLO_CALL_VIEW (object));
  g_clear_object (&PARLO_CALL_VIEW (object)->accounts);
  G_OBJECT_CLASS (parlo_call_view_parent_class)->dispose (object);
}

static void
parlo_call_view_class_init (ParloCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_call_view_dispose;

  g_type_ensure (PARLO_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parlo/Parlo/parlo-call-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, avatar);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, peer_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, address_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, state_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, account_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, encryption_box);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, encryption_icon);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, encryption_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, no_audio_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, quality_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, input_level_bar);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, keypad_revealer);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, sent_keys_label);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, controls);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, mute_button);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, hold_button);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, transfer_popover);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, transfer_entry);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, answer_button);
  gtk_widget_class_bind_template_child (widget_class, ParloCallView, hangup_button);
  gtk_widget_class_bind_template_callback (widget_class, on_mute_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_hold_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_keypad_key);
  gtk_widget_class_bind_template_callback (widget_class, on_transfer);
}

static void
parlo_call_view_init (ParloCallView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self->keypad_button, "active", self->keypad_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);
}

ParloCall *
parlo_call_view_get_call (ParloCallView *self)
{
  g_return_val_if_fail (PARLO_IS_CALL_VIEW (self), NULL);
  return self->call;
}

void
parlo_call_view_set_call (ParloCallView *self, ParloCall *call)
{
  g_return_if_fail (PARLO_IS_CALL_VIEW (self));

  if (self->call == call)
    return;
  release_call (self);
  gtk_label_set_text (self->sent_keys_label, "");
  gtk_toggle_button_set_active (self->keypad_button, FALSE);
  if (call == NULL)
    return;

  self->call = g_object_ref (call);
  parlo_call_controls_aim (GTK_WIDGET (self->answer_button), GTK_WIDGET (self->hangup_button), call);
  g_signal_connect (call, "notify", G_CALLBACK (on_call_notify), self);
  update (self);
}

/* Lets the view name the account a call runs on as the person named it. */
void
parlo_call_view_set_accounts (ParloCallView *self, ParloAccountStore *accounts)
{
  g_return_if_fail (PARLO_IS_CALL_VIEW (self));
  g_set_object (&self->accounts, accounts);
}
