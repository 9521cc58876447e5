/* parlo-incoming-notifier.c — tells a person a call is coming in
 *
 * A new incoming call presents the window. When the window is not the active
 * one (another app has the focus, or the window is closed) a notification with
 * Answer and Decline goes out too; its buttons are the app's "answer" and
 * "decline" actions for that call. It is withdrawn as soon as the call stops
 * ringing here, however that happens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-text.h"
#include "parlo-incoming-notifier.h"

struct _ParloIncomingNotifier
{
  GObject         parent_instance;

  GtkApplication *application;   /* not owned: the application owns us */
  ParloCallModel *calls;
};

G_DEFINE_FINAL_TYPE (ParloIncomingNotifier, parlo_incoming_notifier, G_TYPE_OBJECT)

char *
parlo_incoming_notification_id (ParloCall *call)
{
  return g_strdup_printf ("incoming-%s-%s", parlo_call_get_account (call), parlo_call_get_id (call));
}

static GNotification *
incoming_notification (ParloCall *call)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Incoming call"));
  g_autofree char *peer = parlo_call_text_peer (call);
  g_autofree char *address = parlo_call_text_address (call);
  g_autofree char *body = g_str_equal (peer, address)
    ? g_strdup (peer) : g_strdup_printf ("%s (%s)", peer, address);
  GVariant *target = g_variant_new ("(ss)", parlo_call_get_account (call), parlo_call_get_id (call));

  g_variant_ref_sink (target);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action (notification, "app.show-window");
  g_notification_add_button_with_target_value (notification, _("Decline"), "app.decline", target);
  g_notification_add_button_with_target_value (notification, _("Answer"), "app.answer", target);
  g_variant_unref (target);
  return g_steal_pointer (&notification);
}

static void
on_call_state (ParloCall *call, GParamSpec *pspec, ParloIncomingNotifier *self)
{
  g_autofree char *id = NULL;

  if (parlo_call_is_ringing_here (call))
    return;
  id = parlo_incoming_notification_id (call);
  g_application_withdraw_notification (G_APPLICATION (self->application), id);
  g_signal_handlers_disconnect_by_func (call, on_call_state, self);
}

static void
announce (ParloIncomingNotifier *self, ParloCall *call)
{
  GtkWindow *window = gtk_application_get_active_window (self->application);
  gboolean window_focused = window != NULL && gtk_window_is_active (window);

  if (window != NULL)
    gtk_window_present (window);
  if (!window_focused)
    {
      g_autoptr(GNotification) notification = incoming_notification (call);
      g_autofree char *id = parlo_incoming_notification_id (call);

      g_application_send_notification (G_APPLICATION (self->application), id, notification);
    }
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, 0);
}

static void
on_calls_changed (GListModel *calls, guint position, guint removed, guint added,
                  ParloIncomingNotifier *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      if (parlo_call_is_ringing_here (call))
        announce (self, call);
    }
}

static void
parlo_incoming_notifier_dispose (GObject *object)
{
  ParloIncomingNotifier *self = PARLO_INCOMING_NOTIFIER (object);

  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  g_clear_object (&self->calls);
  G_OBJECT_CLASS (parlo_incoming_notifier_parent_class)->dispose (object);
}

static void
parlo_incoming_notifier_class_init (ParloIncomingNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_incoming_notifier_dispose;
}

static void
parlo_incoming_notifier_init (ParloIncomingNotifier *self)
{
}

ParloIncomingNotifier *
parlo_incoming_notifier_new (GtkApplication *application, ParloCallModel *calls)
{
  ParloIncomingNotifier *self = g_object_new (PARLO_TYPE_INCOMING_NOTIFIER, NULL);

  self->application = application;
  self->calls = g_object_ref (calls);
  g_signal_connect (calls, "items-changed", G_CALLBACK (on_calls_changed), self);
  return self;
}
