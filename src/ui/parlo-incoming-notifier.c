/* parlo-incoming-notifier.c — tells a person a call is coming in
 *
 * A new incoming call presents the window. When the window is not the active
 * one (another app has the focus, or the window is closed) a notification with
 * Answer and Decline goes out too; its buttons are the app's "answer" and
 * "decline" actions for that call. It is withdrawn as soon as the call stops
 * ringing here, however that happens.
 *
 * There is one notification per caller, not per call: a caller (or a scanner)
 * that sends INVITE after INVITE while one rings gets no second one. When the
 * call it names stops ringing and another of the same caller still rings, the
 * notification stays and its buttons act on that one; it goes once none does.
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
  GHashTable     *callers;       /* notification id → Caller */
};

/* How long a notification stays as it went out before it changes again. */
#define SETTLE_US (G_USEC_PER_SEC / 2)

G_DEFINE_FINAL_TYPE (ParloIncomingNotifier, parlo_incoming_notifier, G_TYPE_OBJECT)

char *
parlo_incoming_notification_id (ParloCall *call)
{
  g_autofree char *caller = parlo_call_text_address (call);

  return g_strdup_printf ("incoming-%s-%s", parlo_call_get_account (call), caller);
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

/* The notification of one caller: the call it names, and when it last went
 * out. */
typedef struct {
  ParloIncomingNotifier *notifier;
  char                  *id;
  ParloCall             *call;
  gint64                 sent;
  guint                  refresh_source;
} Caller;

static void
caller_free (Caller *caller)
{
  g_clear_handle_id (&caller->refresh_source, g_source_remove);
  g_clear_object (&caller->call);
  g_free (caller->id);
  g_free (caller);
}

/* The oldest call of the caller whose notification has id that rings here. */
static ParloCall *
ringing_call_of (ParloIncomingNotifier *self, const char *id)
{
  GListModel *calls = G_LIST_MODEL (self->calls);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);
      g_autofree char *call_id = parlo_incoming_notification_id (call);

      if (parlo_call_is_ringing_here (call) && g_str_equal (call_id, id))
        return call;
    }
  return NULL;
}

static gboolean on_refresh (gpointer user_data);

/* Makes the caller's notification name its oldest ringing call, or withdraws
 * it when none rings. At most one change goes out per SETTLE_US: GLib can
 * close or replace a notification only once the server has told it its id,
 * and a flood would leave a trail of stale ones on the desktop. */
static void
refresh (Caller *caller)
{
  ParloIncomingNotifier *self = caller->notifier;
  ParloCall *call = ringing_call_of (self, caller->id);
  gint64 wait = caller->sent + SETTLE_US - g_get_monotonic_time ();
  g_autoptr(GNotification) notification = NULL;

  if (call == caller->call || caller->refresh_source != 0)
    return;
  if (wait > 0)
    {
      caller->refresh_source = g_timeout_add ((guint) (wait / 1000) + 1, on_refresh, caller);
      return;
    }
  if (call == NULL)
    {
      g_application_withdraw_notification (G_APPLICATION (self->application), caller->id);
      g_hash_table_remove (self->callers, caller->id);
      return;
    }
  notification = incoming_notification (call);
  g_application_send_notification (G_APPLICATION (self->application), caller->id, notification);
  g_set_object (&caller->call, call);
  caller->sent = g_get_monotonic_time ();
}

static gboolean
on_refresh (gpointer user_data)
{
  Caller *caller = user_data;

  caller->refresh_source = 0;
  refresh (caller);
  return G_SOURCE_REMOVE;
}

static void
on_call_state (ParloCall *call, GParamSpec *pspec, ParloIncomingNotifier *self)
{
  g_autofree char *id = NULL;
  Caller *caller;

  if (parlo_call_is_ringing_here (call))
    return;
  g_signal_handlers_disconnect_by_func (call, on_call_state, self);
  id = parlo_incoming_notification_id (call);
  caller = g_hash_table_lookup (self->callers, id);
  if (caller != NULL)
    refresh (caller);
}

static void
announce (ParloIncomingNotifier *self, ParloCall *call)
{
  GtkWindow *window = gtk_application_get_active_window (self->application);
  gboolean window_focused = window != NULL && gtk_window_is_active (window);
  g_autofree char *id = parlo_incoming_notification_id (call);
  Caller *caller = g_hash_table_lookup (self->callers, id);

  if (window != NULL)
    gtk_window_present (window);
  if (!window_focused && caller == NULL)
    {
      caller = g_new0 (Caller, 1);
      caller->notifier = self;
      caller->id = g_strdup (id);
      g_hash_table_insert (self->callers, caller->id, caller);
    }
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, 0);
  if (caller != NULL)
    refresh (caller);
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
  g_clear_pointer (&self->callers, g_hash_table_unref);
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
  self->callers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) caller_free);
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
