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

G_END_DECLS
