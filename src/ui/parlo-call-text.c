/* parlo-call-text.c — how a call's state reads to a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-text.h"

/* The peer's address without the "sip:" a person does not need to read. */
char *
parlo_call_text_address (ParloCall *call)
{
  const char *uri = parlo_call_get_peer_uri (call);

  if (uri != NULL && g_str_has_prefix (uri, "sip:"))
    return g_strdup (uri + 4);
  return g_strdup (uri ? uri : _("Unknown caller"));
}

char *
parlo_call_text_peer (ParloCall *call)
{
  const char *name = parlo_call_get_peer_name (call);

  return name != NULL ? g_strdup (name) : parlo_call_text_address (call);
}

static char *
connected_text (ParloCall *call)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan elapsed = g_date_time_difference (now, parlo_call_get_answered (call));
  guint seconds = (guint) MAX (elapsed / G_USEC_PER_SEC, 0);

  if (seconds >= 3600)
    return g_strdup_printf (_("Connected %u:%02u:%02u"),
                            seconds / 3600, seconds / 60 % 60, seconds % 60);
  return g_strdup_printf (_("Connected %02u:%02u"), seconds / 60, seconds % 60);
}

static const char *
parlo_call_text_ending (ParloCallEndReason reason)
{
  switch (reason)
    {
    case PARLO_CALL_END_NONE: return "";
    case PARLO_CALL_END_HANGUP_LOCAL: return _("Call ended");
    case PARLO_CALL_END_HANGUP_REMOTE: return _("Call ended by the other side");
    case PARLO_CALL_END_DECLINED: return _("Call ended — Declined");
    case PARLO_CALL_END_BUSY: return _("Call ended — Busy");
    case PARLO_CALL_END_CANCELLED: return _("Call ended — Cancelled");
    case PARLO_CALL_END_NO_ANSWER: return _("Call ended — No answer");
    case PARLO_CALL_END_FAILED: return _("Call failed");
    case PARLO_CALL_END_INTERRUPTED: return _("Interrupted");
    case PARLO_CALL_END_TRANSFERRED: return _("Call transferred");
    default: g_return_val_if_reached ("");
    }
}

char *
parlo_call_text_state (ParloCall *call)
{
  switch (parlo_call_get_state (call))
    {
    case PARLO_CALL_STATE_INCOMING:
      return g_strdup (_("Incoming call"));
    case PARLO_CALL_STATE_OUTGOING:
      return g_strdup (_("Calling…"));
    case PARLO_CALL_STATE_RINGING:
    case PARLO_CALL_STATE_EARLY:
      return g_strdup (_("Ringing"));
    case PARLO_CALL_STATE_ESTABLISHED:
      if (parlo_call_get_remote_held (call))
        return g_strdup (_("Held by the other side"));
      return connected_text (call);
    case PARLO_CALL_STATE_HELD:
      return g_strdup (_("On hold"));
    case PARLO_CALL_STATE_TERMINATED:
      if (parlo_call_is_missed (call))
        return g_strdup (_("Missed call"));
      if (parlo_call_get_end_reason (call) == PARLO_CALL_END_FAILED &&
          parlo_call_get_end_message (call) != NULL)
        return g_strdup_printf (_("Call failed — %s"), parlo_call_get_end_message (call));
      return g_strdup (parlo_call_text_ending (parlo_call_get_end_reason (call)));
    default:
      g_return_val_if_reached (NULL);
    }
}
