/* parlo-recent-row.c — one finished call in the Recent list
 *
 * Direction (missed calls stand out), who, when and for how long. Activating
 * the row calls back; the window does that through "call.dial".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-text.h"
#include "parlo-recent-row.h"

struct _ParloRecentRow
{
  AdwActionRow  parent_instance;

  ParloCall    *call;
};

G_DEFINE_FINAL_TYPE (ParloRecentRow, parlo_recent_row, ADW_TYPE_ACTION_ROW)

static const char *
direction_icon (ParloCall *call)
{
  if (parlo_call_is_missed (call))
    return "call-missed-symbolic";
  return parlo_call_get_direction (call) == PARLO_CALL_DIRECTION_INCOMING
    ? "call-incoming-symbolic" : "call-outgoing-symbolic";
}

static char *
describe (ParloCall *call)
{
  g_autoptr(GDateTime) started = g_date_time_to_local (parlo_call_get_started (call));
  g_autofree char *time = g_date_time_format (started, "%X");
  g_autofree char *outcome = parlo_call_text_state (call);
  GDateTime *answered = parlo_call_get_answered (call);

  if (answered != NULL && parlo_call_get_ended (call) != NULL)
    {
      guint seconds = g_date_time_difference (parlo_call_get_ended (call), answered) / G_USEC_PER_SEC;

      /* Translators: time of day, then how long the call lasted, e.g. "10:42:05 · 1:23" */
      return g_strdup_printf (_("%s · %u:%02u"), time, seconds / 60, seconds % 60);
    }
  /* Translators: time of day, then how the call ended, e.g. "10:42:05 · Missed call" */
  return g_strdup_printf (_("%s · %s"), time, outcome);
}

static void
parlo_recent_row_dispose (GObject *object)
{
  g_clear_object (&PARLO_RECENT_ROW (object)->call);
  G_OBJECT_CLASS (parlo_recent_row_parent_class)->dispose (object);
}

static void
parlo_recent_row_class_init (ParloRecentRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_recent_row_dispose;
}

static void
parlo_recent_row_init (ParloRecentRow *self)
{
}

GtkWidget *
parlo_recent_row_new (ParloCall *call)
{
  ParloRecentRow *self = g_object_new (PARLO_TYPE_RECENT_ROW, "activatable", TRUE, NULL);
  g_autofree char *peer = parlo_call_text_peer (call);
  g_autofree char *subtitle = describe (call);
  GtkWidget *icon = gtk_image_new_from_icon_name (direction_icon (call));
  GtkWidget *call_back = gtk_image_new_from_icon_name ("call-start-symbolic");

  self->call = g_object_ref (call);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), peer);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (parlo_call_is_missed (call))
    gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), call_back);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Call back"));
  return GTK_WIDGET (self);
}

ParloCall *
parlo_recent_row_get_call (ParloRecentRow *self)
{
  g_return_val_if_fail (PARLO_IS_RECENT_ROW (self), NULL);
  return self->call;
}
