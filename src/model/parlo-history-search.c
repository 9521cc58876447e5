/* parlo-history-search.c — how a search of the history becomes SQL: the term
 * people typed, the trigram index for longer terms and the peers for short ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "parlo-history-private.h"

/* Searches this short cannot use the trigram index; they look through the
 * peers instead, which are far fewer than the calls. */
#define TRIGRAM_LENGTH 3

/* What to look for: digits of a number without the separators people type. */
static char *
search_term (const char *search)
{
  g_autofree char *text = g_strstrip (g_strdup (search != NULL ? search : ""));
  GString *digits;

  if (*text == '\0')
    return NULL;
  if (strspn (text, "+0123456789 -./()") != strlen (text))
    return g_steal_pointer (&text);
  digits = g_string_new (NULL);
  for (const char *c = text; *c != '\0'; c++)
    if (g_ascii_isdigit (*c) || *c == '+')
      g_string_append_c (digits, *c);
  if (digits->len == 0)
    return g_steal_pointer (&text);
  return g_string_free (digits, FALSE);
}

/* The index finds a quoted phrase anywhere; a quote inside is doubled. */
static char *
trigram_phrase (const char *term)
{
  g_auto(GStrv) parts = g_strsplit (term, "\"", -1);
  g_autofree char *inner = g_strjoinv ("\"\"", parts);

  return g_strdup_printf ("\"%s\"", inner);
}

char *
parlo_history_like_pattern (const char *term)
{
  GString *pattern = g_string_new ("%");

  for (const char *c = term; *c != '\0'; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *c);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

void
parlo_history_filter_clear (ParloHistoryFilter *filter)
{
  g_clear_pointer (&filter->term, g_free);
}

ParloHistoryFilter
parlo_history_filter_new (const char *search, gboolean missed_only)
{
  return (ParloHistoryFilter) { .term = search_term (search), .missed_only = missed_only };
}

gboolean
parlo_history_filter_uses_index (const ParloHistoryFilter *filter)
{
  return filter->term != NULL && g_utf8_strlen (filter->term, -1) >= TRIGRAM_LENGTH;
}

char *
parlo_history_filter_sql (const ParloHistoryFilter *filter, const char *what, const char *rest)
{
  GString *sql = g_string_new (NULL);
  const char *glue = " WHERE ";

  g_string_append_printf (sql, "SELECT %s FROM calls", what);
  if (filter->term != NULL)
    {
      if (parlo_history_filter_uses_index (filter))
        g_string_append (sql, " WHERE id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?1)");
      else
        g_string_append (sql, " WHERE peer_uri IN (SELECT uri FROM peers WHERE " PARLO_HISTORY_PEER_MATCHES ")");
      glue = " AND ";
    }
  if (filter->missed_only)
    g_string_append_printf (sql, "%sresult = " G_STRINGIFY (PARLO_HISTORY_STORED_MISSED), glue);
  g_string_append_printf (sql, " %s", rest);
  return g_string_free (sql, FALSE);
}

void
parlo_history_filter_bind (const ParloHistoryFilter *filter, sqlite3_stmt *stmt)
{
  if (filter->term == NULL)
    return;
  if (parlo_history_filter_uses_index (filter))
    sqlite3_bind_text (stmt, 1, trigram_phrase (filter->term), -1, g_free);
  else
    sqlite3_bind_text (stmt, 1, parlo_history_like_pattern (filter->term), -1, g_free);
}
