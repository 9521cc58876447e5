/* parlo-uri.c — the one parser for call targets that come from outside
 *
 * Whatever a person types or pastes, or another program hands us, becomes either
 * a clean sip:/sips: URI or an error that says what is wrong; nothing else
 * reaches the engine. Phone numbers lose their visual separators
 * ("+49 (30) 1234-567" → "+49301234567"); a target without a host is completed
 * with the host of the account that will place the call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlo-uri.h"

G_DEFINE_QUARK (parlo-uri-error-quark, parlo_uri_error)

/* Characters a dialled number may be written with besides its digits. */
#define VISUAL_SEPARATORS " -.()/"

/* RFC 3261 user and host characters, plus ';' '=' for URI parameters. Everything
 * else (spaces, quotes, angle brackets, '?' headers, control characters) could
 * change the meaning of what is sent, so it is refused. */
static gboolean
is_uri_char (gunichar c)
{
  return g_ascii_isalnum (c) || (c < 128 && strchr ("-_.!~*'()%&=+$,;:@[]/", c) != NULL);
}

/* "+49 (30) 1234-567", "*100#": a number, written as a person would. */
static gboolean
looks_like_number (const char *text)
{
  gboolean has_digit = FALSE;

  if (*text == '+')
    text++;
  for (; *text != '\0'; text++)
    {
      if (g_ascii_isdigit (*text))
        has_digit = TRUE;
      else if (*text != '*' && *text != '#' && strchr (VISUAL_SEPARATORS, *text) == NULL)
        return FALSE;
    }
  return has_digit;
}

/* The number as a SIP user part: separators dropped, '#' escaped. */
static char *
number_to_user (const char *text)
{
  GString *user = g_string_new (NULL);

  for (; *text != '\0'; text++)
    {
      if (*text == '#')
        g_string_append (user, "%23");
      else if (strchr (VISUAL_SEPARATORS, *text) == NULL)
        g_string_append_c (user, *text);
    }
  return g_string_free (user, FALSE);
}

/* The host part of a SIP address ("example.org", "10.0.0.1:5080"), or NULL. */
char *
parlo_uri_host (const char *uri)
{
  const char *at = uri ? strrchr (uri, '@') : NULL;
  const char *end;

  if (at == NULL || at[1] == '\0')
    return NULL;
  end = strpbrk (at + 1, ";?>");
  return end ? g_strndup (at + 1, end - (at + 1)) : g_strdup (at + 1);
}

static char *
refuse (GError **error, ParloUriError code, const char *message)
{
  g_set_error_literal (error, PARLO_URI_ERROR, code, message);
  return NULL;
}

static char *
with_host (const char *scheme, const char *user, const char *account, GError **error)
{
  g_autofree char *host = parlo_uri_host (account);

  if (host == NULL)
    return refuse (error, PARLO_URI_ERROR_NO_HOST,
                   _("Add the host to call, as in name@example.org"));
  return g_strconcat (scheme, user, "@", host, NULL);
}

/* account is the AOR of the account that will place the call (its host completes
 * a bare number or name); NULL when there is none. */
char *
parlo_uri_normalize (const char *text, const char *account, GError **error)
{
  g_autofree char *trimmed = NULL;
  const char *rest;
  const char *scheme = "sip:";

  if (text == NULL || *text == '\0')
    return refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter a number or an address to call"));
  if (strlen (text) > PARLO_URI_MAX_LENGTH)
    return refuse (error, PARLO_URI_ERROR_TOO_LONG, _("That is too long to be an address"));
  if (!g_utf8_validate (text, -1, NULL))
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The address is not valid text"));

  trimmed = g_strstrip (g_strdup (text));
  rest = trimmed;
  if (g_ascii_strncasecmp (rest, "sips:", 5) == 0)
    scheme = "sips:", rest += 5;
  else if (g_ascii_strncasecmp (rest, "sip:", 4) == 0)
    rest += 4;
  else if (g_ascii_strncasecmp (rest, "tel:", 4) == 0)
    rest += 4;
  else if (strchr (rest, ':') != NULL && strchr (rest, '@') == NULL)
    return refuse (error, PARLO_URI_ERROR_UNSUPPORTED, _("Only phone numbers and sip: addresses can be called"));

  if (*rest == '\0')
    return refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter a number or an address to call"));

  if (looks_like_number (rest))
    {
      g_autofree char *user = number_to_user (rest);
      return with_host (scheme, user, account, error);
    }

  for (const char *p = rest; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_uri_char (g_utf8_get_char (p)))
      return refuse (error, PARLO_URI_ERROR_INVALID,
                     *p == '?' ? _("Addresses with “?” headers are not accepted")
                               : _("The address contains a character that is not allowed"));

  if (*rest == '@' || g_str_has_suffix (rest, "@") || strstr (rest, "@@") != NULL)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The address needs a name and a host around “@”"));
  if (strchr (rest, '@') == NULL)
    return with_host (scheme, rest, account, error);
  return g_strconcat (scheme, rest, NULL);
}

static gboolean
is_port (const char *text)
{
  guint64 port;

  return g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL);
}

/* "example.org", "10.0.0.1:5080", "[2001:db8::1]:5061": a host a person may name. */
static gboolean
is_host_port (const char *text)
{
  g_autofree char *host = NULL;
  const char *port = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 255)
    return FALSE;
  if (*text == '[')
    {
      const char *close = strchr (text, ']');
      g_autofree char *inner = close ? g_strndup (text + 1, close - text - 1) : NULL;

      if (inner == NULL || !g_hostname_is_ip_address (inner) || strchr (inner, ':') == NULL)
        return FALSE;
      if (close[1] == '\0')
        return TRUE;
      return close[1] == ':' && is_port (close + 2);
    }
  port = strchr (text, ':');
  if (port != NULL && !is_port (port + 1))
    return FALSE;
  host = port ? g_strndup (text, port - text) : g_strdup (text);
  if (*host == '\0' || *host == '.' || *host == '-' || g_str_has_suffix (host, "-") || strstr (host, "..") != NULL)
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* An account's address as "user@host[:port]", from what a person typed
 * ("alice@example.org", "sip:alice@example.org"). */
char *
parlo_uri_account_address (const char *text, GError **error)
{
  g_autofree char *trimmed = NULL;
  const char *rest, *at;

  if (text == NULL || *g_strstrip (trimmed = g_strdup (text)) == '\0')
    return refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter your SIP address, as in name@example.org"));
  if (!g_utf8_validate (trimmed, -1, NULL) || strlen (trimmed) > 255)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("That is not a SIP address"));
  rest = trimmed;
  if (g_ascii_strncasecmp (rest, "sip:", 4) == 0)
    rest += 4;
  at = strrchr (rest, '@');
  if (at == NULL || at == rest)
    return refuse (error, PARLO_URI_ERROR_NO_HOST, _("The address needs a name and a host, as in name@example.org"));
  for (const char *p = rest; p < at; p++)
    if (!is_uri_char ((guchar) *p) || *p == '@' || *p == ':' || *p == ';')
      return refuse (error, PARLO_URI_ERROR_INVALID, _("The name before “@” contains a character that is not allowed"));
  if (!is_host_port (at + 1))
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The host after “@” is not a valid server name"));
  return g_strdup (rest);
}

/* A server as the engine wants it ("sip:host:port", "stun:host:port") from
 * "host[:port]" or a URI with that scheme; "" stays "" (no server). */
char *
parlo_uri_server (const char *text, const char *scheme, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  gsize scheme_length = strlen (scheme);
  const char *rest = trimmed;
  const char *end;
  g_autofree char *host_port = NULL;

  if (*rest == '\0')
    return g_strdup ("");
  if (g_ascii_strncasecmp (rest, scheme, scheme_length) == 0)
    rest += scheme_length;
  end = strchr (rest, ';');
  host_port = end ? g_strndup (rest, end - rest) : g_strdup (rest);
  if (!is_host_port (host_port))
    return refuse (error, PARLO_URI_ERROR_INVALID, _("Enter a server name, optionally with a port, as in example.org:5060"));
  return g_strconcat (scheme, host_port, NULL);
}
