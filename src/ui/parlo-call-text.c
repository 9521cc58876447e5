/* parlo-call-text.c — how a call's state reads to a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-text.h"

/* An address without the "sip:" a person does not need to read. */
char *
parlo_call_text_uri_address (const char *uri)
{
  if (uri != NULL && g_str_has_prefix (uri, "sip:"))
    return g_strdup (uri + 4);
  return g_strdup (uri ? uri : _("Unknown caller"));
}

char *
parlo_call_text_address (ParloCall *call)
{
  return parlo_call_text_uri_address (parlo_call_get_peer_uri (call));
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
    case PARLO_CALL_END_NOT_ENCRYPTED: return "";
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
      if (parlo_call_get_end_reason (call) == PARLO_CALL_END_NOT_ENCRYPTED)
        return g_strdup (parlo_call_text_unencrypted (parlo_call_get_direction (call)));
      if (parlo_call_get_end_reason (call) == PARLO_CALL_END_FAILED &&
          parlo_call_get_end_message (call) != NULL)
        return g_strdup_printf (_("Call failed — %s"), parlo_call_get_end_message (call));
      return g_strdup (parlo_call_text_ending (parlo_call_get_end_reason (call)));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Why a call on an account that requires encryption did not go through. */
const char *
parlo_call_text_unencrypted (ParloCallDirection direction)
{
  if (direction == PARLO_CALL_DIRECTION_INCOMING)
    return _("Refused: the caller does not encrypt its audio; this account requires encryption");
  return _("The other side does not encrypt its audio; this account requires encryption");
}

/* As the engine reports the audio, not as the account asks. */
const char *
parlo_call_text_encryption (ParloCall *call)
{
  return parlo_call_get_encrypted (call) ? _("Encrypted") : _("Not encrypted");
}

const char *
parlo_call_text_encryption_icon (ParloCall *call)
{
  return parlo_call_get_encrypted (call) ? "channel-secure-symbolic" : "channel-insecure-symbolic";
}

/* Not silence: a quiet peer still sends audio, and this one sends none. */
const char *
parlo_call_text_audio_missing (void)
{
  return _("No sound from the other side — a firewall or router may be blocking it");
}

/* How long a call lasted, as a clock shows it: "1:23" or "1:02:03". */
char *
parlo_call_text_duration (guint seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

char *
parlo_call_text_entry_peer (ParloHistoryEntry *entry)
{
  const char *name = parlo_history_entry_get_peer_name (entry);

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  return parlo_call_text_uri_address (parlo_history_entry_get_peer_uri (entry));
}

/* Why a call that was not answered failed, in the words of the SIP status. */
static char *
failure_text (ParloHistoryEntry *entry)
{
  guint status = parlo_history_entry_get_sip_status (entry);
  const char *reason = parlo_history_entry_get_reason (entry);
  g_autofree char *status_prefix = g_strdup_printf ("%u ", status);
  gboolean has_reason;

  /* Request Timeout and Temporarily Unavailable: nobody picked up. */
  if (status == 408 || status == 480)
    return g_strdup (_("No answer"));
  /* The engine's reason may already start with the status: "503 Service Unavailable". */
  if (reason != NULL && g_str_has_prefix (reason, status_prefix))
    reason += strlen (status_prefix);
  has_reason = reason != NULL && *reason != '\0';
  if (status != 0 && has_reason)
    /* Translators: a SIP status and its reason, e.g. "Failed — 503 Service Unavailable" */
    return g_strdup_printf (_("Failed — %u %s"), status, reason);
  if (status != 0)
    /* Translators: a SIP status, e.g. "Failed — 503" */
    return g_strdup_printf (_("Failed — %u"), status);
  if (has_reason)
    /* Translators: why a call failed, e.g. "Failed — Network is unreachable" */
    return g_strdup_printf (_("Failed — %s"), reason);
  return g_strdup (_("Failed"));
}

/* How long it lasted, and whether the peer's audio went missing in it. */
static char *
answered_text (ParloHistoryEntry *entry)
{
  g_autofree char *duration = parlo_call_text_duration (parlo_history_entry_get_duration (entry));

  if (parlo_history_entry_get_media (entry) != PARLO_HISTORY_MEDIA_NO_AUDIO)
    return g_steal_pointer (&duration);
  /* Translators: how long a call lasted, e.g. "1:23", and what went wrong in it */
  return g_strdup_printf (_("%s · No sound from the other side"), duration);
}

/* How a recorded call went: how long it lasted if answered, otherwise why not. */
char *
parlo_call_text_entry_outcome (ParloHistoryEntry *entry)
{
  switch (parlo_history_entry_get_result (entry))
    {
    case PARLO_HISTORY_RESULT_ONGOING:
      return g_strdup (_("In progress"));
    case PARLO_HISTORY_RESULT_ANSWERED:
      return answered_text (entry);
    case PARLO_HISTORY_RESULT_MISSED:
      return g_strdup (_("Missed call"));
    case PARLO_HISTORY_RESULT_DECLINED:
      return g_strdup (_("Declined"));
    case PARLO_HISTORY_RESULT_BUSY:
      return g_strdup (_("Busy"));
    case PARLO_HISTORY_RESULT_FAILED:
      if (parlo_history_entry_get_media (entry) == PARLO_HISTORY_MEDIA_UNENCRYPTED)
        return g_strdup (parlo_call_text_unencrypted (parlo_history_entry_get_direction (entry)));
      return failure_text (entry);
    case PARLO_HISTORY_RESULT_CANCELLED:
      return g_strdup (_("Cancelled"));
    case PARLO_HISTORY_RESULT_INTERRUPTED:
      return g_strdup (_("Interrupted"));
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

/* When a recorded call started (its day shows above it) and how it went. */
char *
parlo_call_text_entry_summary (ParloHistoryEntry *entry)
{
  g_autoptr(GDateTime) started = g_date_time_to_local (parlo_history_entry_get_started (entry));
  /* Translators: the time of day a call started, in g_date_time_format () notation */
  g_autofree char *time = g_date_time_format (started, _("%H:%M"));
  g_autofree char *outcome = parlo_call_text_entry_outcome (entry);

  /* Translators: time of day, then how the call went, e.g. "10:42 · 1:23" or "10:42 · Missed call" */
  return g_strdup_printf (_("%s · %s"), time, outcome);
}

static GDate *
local_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_new_dmy (g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                         g_date_time_get_year (local));
}

static int
days_ago (GDateTime *time, GDateTime *now)
{
  g_autoptr(GDate) day = local_date (time);
  g_autoptr(GDate) today = local_date (now);

  return g_date_days_between (day, today);
}

/* The local day of time as a heading over that day's calls, seen from now. */
char *
parlo_call_text_day (GDateTime *time, GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  int days = days_ago (time, now);

  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days > 1 && days < 7)
    return g_date_time_format (local, "%A");
  if (g_date_time_get_year (local) == g_date_time_get_year (local_now))
    /* Translators: a day of this year, in g_date_time_format () notation, e.g. "14 March" */
    return g_date_time_format (local, _("%-d %B"));
  /* Translators: a day of another year, in g_date_time_format () notation, e.g. "14 March 2023" */
  return g_date_time_format (local, _("%-d %B %Y"));
}

/* The day within a sentence: "today" where the heading says "Today". */
static char *
day_in_sentence (GDateTime *time, GDateTime *now)
{
  switch (days_ago (time, now))
    {
    case 0:
      /* Translators: the day of a call within a sentence, as in "Missed call from Alan Turing, today 23:17" */
      return g_strdup (_("today"));
    case 1:
      /* Translators: the day of a call within a sentence, as in "Missed call from Alan Turing, yesterday 23:17" */
      return g_strdup (_("yesterday"));
    default:
      return parlo_call_text_day (time, now);
    }
}

/* A recorded call in one sentence, for a screen reader: how it went, with
 * whom and when, e.g. "Missed call from Alan Turing, today 23:17". */
char *
parlo_call_text_entry_description (ParloHistoryEntry *entry, GDateTime *now)
{
  GDateTime *started = parlo_history_entry_get_started (entry);
  g_autoptr(GDateTime) local = g_date_time_to_local (started);
  g_autofree char *peer = parlo_call_text_entry_peer (entry);
  g_autofree char *day = day_in_sentence (started, now);
  /* Translators: the time of day a call started, in g_date_time_format () notation */
  g_autofree char *time = g_date_time_format (local, _("%H:%M"));
  /* Translators: a day, then a time of day, e.g. "today 23:17" or "14 March 09:05" */
  g_autofree char *when = g_strdup_printf (_("%s %s"), day, time);
  g_autofree char *outcome = NULL;

  if (parlo_history_entry_get_result (entry) == PARLO_HISTORY_RESULT_MISSED)
    /* Translators: who called, then when, e.g. "Missed call from Alan Turing, today 23:17" */
    return g_strdup_printf (_("Missed call from %s, %s"), peer, when);
  outcome = parlo_call_text_entry_outcome (entry);
  if (parlo_history_entry_get_direction (entry) == PARLO_CALL_DIRECTION_INCOMING)
    /* Translators: who called, when, and how long it lasted or why not, e.g. "Call from Alice Liddell, yesterday 14:02, 1:00" */
    return g_strdup_printf (_("Call from %s, %s, %s"), peer, when, outcome);
  /* Translators: who was called, when, and how long it lasted or why not, e.g. "Call to bob@example.org, today 09:15, Busy" */
  return g_strdup_printf (_("Call to %s, %s, %s"), peer, when, outcome);
}
