/* parlo-util.h — small helpers GLib 2.74 does not have yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *slot with a copy of value; TRUE when it changed (like g_set_str in 2.76). */
static inline gboolean
parlo_set_str (char **slot, const char *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* Microseconds since the Unix epoch, as g_date_time_to_unix_usec in 2.80. */
static inline gint64
parlo_date_time_to_unix_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* The UTC time usec microseconds after the Unix epoch (g_date_time_new_from_unix_utc_usec, 2.80);
 * NULL for one GDateTime cannot hold (a damaged history file's, say). */
static inline GDateTime *
parlo_date_time_new_from_unix_usec (gint64 usec)
{
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return second != NULL ? g_date_time_add (second, usec % G_USEC_PER_SEC) : NULL;
}

G_END_DECLS
