/* parlo-uri.c — the one parser for call targets that come from outside
 *
 * Whatever a person types or another program hands us becomes either a clean
 * sip:/sips: URI or an error that says what is wrong; nothing else reaches the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlo-uri.h"

G_DEFINE_QUARK (parlo-uri-error-quark, parlo_uri_error)

/* RFC 3261 user and host characters, plus ';' '=' for URI parameters. Everything
 * else (spaces, quotes, angle brackets, '?' headers, control characters) could
 * change the meaning of what is sent, so it is refused. */
static gboolean
is_uri_char (gunichar c)
{
  return g_ascii_isalnum (c) || (c < 128 && strchr ("-_.!~*'()%&=+$,;:@[]/", c) != NULL);
}

char *
parlo_uri_normalize (const char *text, GError **error)
{
  g_autofree char *trimmed = NULL;
  const char *rest;
  const char *scheme = "sip:";

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_EMPTY, _("Enter an address to call"));
      return NULL;
    }
  if (strlen (text) > PARLO_URI_MAX_LENGTH)
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG,
                   _("The address is longer than %d characters"), PARLO_URI_MAX_LENGTH);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_INVALID, _("The address is not valid text"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (text));
  rest = trimmed;
  if (g_ascii_strncasecmp (rest, "sips:", 5) == 0)
    scheme = "sips:", rest += 5;
  else if (g_ascii_strncasecmp (rest, "sip:", 4) == 0)
    rest += 4;
  else if (strchr (rest, ':') != NULL && strchr (rest, '@') == NULL)
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_UNSUPPORTED,
                   _("Only sip: and sips: addresses can be called"));
      return NULL;
    }

  if (*rest == '\0')
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_EMPTY, _("Enter an address to call"));
      return NULL;
    }
  for (const char *p = rest; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_uri_char (g_utf8_get_char (p)))
      {
        if (*p == '?')
          g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_INVALID,
                       _("Addresses with “?” headers are not accepted"));
        else
          g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_INVALID,
                       _("The address contains a character that is not allowed"));
        return NULL;
      }
  if (*rest == '@' || g_str_has_suffix (rest, "@") || strstr (rest, "@@") != NULL)
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_INVALID,
                   _("The address needs a user and a host around “@”"));
      return NULL;
    }
  return g_strconcat (scheme, rest, NULL);
}
