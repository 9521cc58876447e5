/* parlo-missed-notifier.c — tells a person about calls they missed
 *
 * One notification stands for all missed calls nobody has looked at yet: it
 * names the caller of the only one, or counts them and names the last caller.
 * It goes out again when another is missed and is withdrawn once they have all
 * been seen (the window marks them seen when Recent is shown). Its default
 * action is the app's "show-recent".
 *
 * The history's count is looked at from an idle callback, so that a window that
 * marks a new missed call seen at once (Recent is in front) wins and nothing
 * flickers on the desktop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-text.h"
#include "parlo-missed-notifier.h"

struct _ParloMissedNotifier
{
  GObject         parent_instance;

  GtkApplication *application;   /* not owned: the application owns us */
  ParloHistory   *history;
  guint           update_source;
  /* What the notification on the desktop says, so that it is sent once. */
  gint64          shown_id;
  guint           shown_count;
};

G_DEFINE_FINAL_TYPE (ParloMissedNotifier, parlo_missed_notifier, G_TYPE_OBJECT)

static GNotification *
missed_notification (ParloHistoryEntry *latest, guint count)
{
  g_autofree char *peer = parlo_call_text_entry_peer (latest);
  g_autofree char *address = parlo_call_text_uri_address (parlo_history_entry_get_peer_uri (latest));
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;

  if (count == 1)
    {
      /* Translators: the caller's name, or address when they gave none */
      title = g_strdup_printf (_("Missed call from %s"), peer);
      if (!g_str_equal (peer, address))
        body = g_strdup (address);
    }
  else
    {
      title = g_strdup_printf (ngettext ("%u missed call", "%u missed calls", count), count);
      /* Translators: who made the latest of several missed calls */
      body = g_strdup_printf (_("The last from %s"), peer);
    }
  notification = g_notification_new (title);
  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-recent");
  return notification;
}

static gboolean
update (gpointer user_data)
{
  ParloMissedNotifier *self = user_data;
  guint count = parlo_history_get_unseen_missed (self->history);
  g_autoptr(ParloHistoryEntry) latest = count > 0 ? parlo_history_latest_unseen_missed (self->history) : NULL;

  self->update_source = 0;
  if (latest == NULL)
    {
      if (self->shown_count > 0)
        g_application_withdraw_notification (G_APPLICATION (self->application), PARLO_MISSED_NOTIFICATION_ID);
      self->shown_id = 0;
      self->shown_count = 0;
    }
  else if (parlo_history_entry_get_id (latest) != self->shown_id || count != self->shown_count)
    {
      g_autoptr(GNotification) notification = missed_notification (latest, count);

      g_application_send_notification (G_APPLICATION (self->application), PARLO_MISSED_NOTIFICATION_ID,
                                       notification);
      self->shown_id = parlo_history_entry_get_id (latest);
      self->shown_count = count;
    }
  return G_SOURCE_REMOVE;
}

static void
on_unseen_missed (ParloMissedNotifier *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update, self);
}

static void
parlo_missed_notifier_dispose (GObject *object)
{
  ParloMissedNotifier *self = PARLO_MISSED_NOTIFIER (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (parlo_missed_notifier_parent_class)->dispose (object);
}

static void
parlo_missed_notifier_class_init (ParloMissedNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_missed_notifier_dispose;
}

static void
parlo_missed_notifier_init (ParloMissedNotifier *self)
{
}

ParloMissedNotifier *
parlo_missed_notifier_new (GtkApplication *application, ParloHistory *history)
{
  ParloMissedNotifier *self = g_object_new (PARLO_TYPE_MISSED_NOTIFIER, NULL);

  self->application = application;
  self->history = g_object_ref (history);
  g_signal_connect_swapped (history, "notify::unseen-missed", G_CALLBACK (on_unseen_missed), self);
  return self;
}
