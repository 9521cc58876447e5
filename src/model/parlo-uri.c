/* parlo-uri.c — the one parser for call targets that come from outside
 *
 * Whatever a person types or pastes, or another program hands us as a link,
 * becomes either a clean sip:/sips: URI or an error that says what is wrong;
 * nothing else reaches the engine. The result holds printable ASCII only: no
 * spaces, quotes, backslashes or angle brackets, which would change how an
 * engine command or a SIP message is read.
 *
 * What is refused everywhere:
 * - input over PARLO_URI_MAX_LENGTH bytes, counted before anything is trimmed;
 * - NUL, line breaks (CR, LF, U+2028 …), control and invisible format
 *   characters, also when written as percent-escapes ("%0D%0A"): escapes are
 *   decoded and what they hide is checked again;
 * - "?", which starts SIP headers that a link must not set.
 * Spaces and tabs around the input are dropped.
 *
 * How each form is normalised:
 * - sip:, sips: — the scheme is kept, in lower case. The name keeps its case
 *   and its escapes (their hex digits in upper case); "#" and letters beyond
 *   ASCII are escaped, other characters outside RFC 3261's user set (spaces,
 *   quotes, "<", ">", "\") are refused. A password ("name:secret@host") is
 *   refused, not dropped, so that nobody believes it was used. Hosts are put
 *   in lower case, international names in their ASCII form, IPv6 addresses
 *   in brackets; a port is 1–65535. Parameters after the host are kept when
 *   made of RFC 3261 parameter characters and each named once; ";transport="
 *   is udp, tcp or tls; ";maddr=" and ";method=", which would send the call
 *   elsewhere or change the request, are refused.
 * - Without "@" — typed, or "sip:bob" — a number or a name is completed with
 *   the host of the account that places the call ("bob" →
 *   "sip:bob@example.org"), and refused when there is none; an IP address
 *   alone is a host ("10.0.0.1:5070" → "sip:10.0.0.1:5070").
 * - Numbers, typed or in links, lose their visual separators (spaces, "-",
 *   ".", "(", ")", "/") and keep "+", "*" and "#" (escaped):
 *   "+49 (30) 1234-567" → "sip:+49301234567@example.org".
 * - tel: (RFC 3966) is a number through the account: "tel:+49-30-123456" →
 *   "sip:+4930123456@example.org". ";phone-context=" with a domain is where
 *   the number is called ("tel:123;phone-context=example.com" →
 *   "sip:123@example.com"); with "+digits" it is the prefix that makes the
 *   local number global ("tel:123;phone-context=+49-30" →
 *   "sip:+4930123@example.org"). A local number without a context is dialled
 *   as it is, as a typed one. ";ext=" stays with the number as a user
 *   parameter for the server to dial ("sip:+4930123;ext=45@example.org").
 *   Other tel: parameters (";isub=" …) are refused.
 * - callto: and callto:// take a number or name@host; a bare name there is a
 *   Skype name, which Parlo cannot call, so it is refused.
 * - Any other scheme is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlo-uri.h"

G_DEFINE_QUARK (parlo-uri-error-quark, parlo_uri_error)

/* ASCII characters a dialled number may be written with besides its digits;
 * Unicode spaces count too, as numbers copied from web pages have them. */
#define VISUAL_SEPARATORS " -.()/"

/* RFC 3261 unreserved and user-unreserved characters, without "?". */
#define USER_CHARACTERS "-_.!~*'()&=+$,;/"

/* RFC 3261 unreserved and param-unreserved characters. */
#define PARAMETER_CHARACTERS "-_.!~*'()[]/:&+$"

static gboolean
refuse (GError **error, ParloUriError code, const char *message)
{
  g_set_error_literal (error, PARLO_URI_ERROR, code, message);
  return FALSE;
}

/* The g_ascii_is*() macros look at the low byte only: a character beyond ASCII
 * must be ruled out before it reaches them. */
static gboolean
is_one_of (gunichar c, const char *characters)
{
  return c != '\0' && c < 128 && strchr (characters, (int) c) != NULL;
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Refuses what no address holds and what would change how a command or a SIP
 * message is read: NUL, line breaks, control and invisible format characters. */
static gboolean
check_characters (const char *text, gsize length, GError **error)
{
  const char *end = text + length;

  if (memchr (text, '\0', length) != NULL)
    return refuse (error, PARLO_URI_ERROR_CONTROL_CHARACTER, _("The address contains a hidden zero character"));
  if (!g_utf8_validate_len (text, length, NULL))
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The address is not valid text"));
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (is_line_break (c))
        return refuse (error, PARLO_URI_ERROR_CONTROL_CHARACTER, _("The address contains a line break"));
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT)
        return refuse (error, PARLO_URI_ERROR_CONTROL_CHARACTER,
                       _("The address contains an invisible control character"));
    }
  return TRUE;
}

/* The text with its percent-escapes decoded, so that what they hide can be
 * checked too; NULL when a "%" is not followed by two hexadecimal digits. */
static GString *
unescape (const char *text, GError **error)
{
  gsize length = strlen (text);
  GString *decoded = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] != '%')
        {
          g_string_append_c (decoded, text[i]);
          continue;
        }
      if (length - i < 3 || !g_ascii_isxdigit (text[i + 1]) || !g_ascii_isxdigit (text[i + 2]))
        {
          g_string_free (decoded, TRUE);
          /* xgettext:no-c-format */
          refuse (error, PARLO_URI_ERROR_INVALID, _("The address has a “%” that is not followed by two hexadecimal digits"));
          return NULL;
        }
      g_string_append_c (decoded, (char) (g_ascii_xdigit_value (text[i + 1]) << 4 | g_ascii_xdigit_value (text[i + 2])));
      i += 2;
    }
  return decoded;
}

/* Appends text, the hexadecimal digits of its escapes in upper case. */
static void
append_with_escapes (GString *out, const char *text, gsize length)
{
  for (gsize i = 0; i < length; i++)
    {
      g_string_append_c (out, text[i]);
      if (text[i] == '%')
        {
          g_string_append_c (out, g_ascii_toupper (text[i + 1]));
          g_string_append_c (out, g_ascii_toupper (text[i + 2]));
          i += 2;
        }
    }
}

static gboolean
is_visual_separator (gunichar c)
{
  return is_one_of (c, VISUAL_SEPARATORS) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* "+49 (30) 1234-567", "*100#": a number, written as a person would. */
static gboolean
looks_like_number (const char *text)
{
  gboolean has_digit = FALSE;

  if (*text == '+')
    text++;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    {
      gunichar c = g_utf8_get_char (text);

      if (c < 128 && g_ascii_isdigit (c))
        has_digit = TRUE;
      else if (c != '*' && c != '#' && !is_visual_separator (c))
        return FALSE;
    }
  return has_digit;
}

/* Digits only, as an extension or an area prefix is written. */
static gboolean
looks_like_digits (const char *text)
{
  return looks_like_number (text) && strpbrk (text, "+*#") == NULL;
}

/* The number as a SIP user part: separators dropped, "#" escaped. */
static void
append_number (GString *out, const char *number)
{
  for (; *number != '\0'; number++)
    if (*number == '#')
      g_string_append (out, "%23");
    else if (g_ascii_isdigit (*number) || *number == '+' || *number == '*')
      g_string_append_c (out, *number);
}

/* "[2001:db8::1]" without its brackets: no zone ("%eth0"), nothing else. */
static gboolean
is_ipv6_address (const char *text, gsize length)
{
  g_autofree char *address = g_strndup (text, length);

  for (const char *p = address; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
      return FALSE;
  return strchr (address, ':') != NULL && g_hostname_is_ip_address (address);
}

/* A DNS name or an IPv4 address in lower-case ASCII (international names in
 * their "xn--" form), or NULL when it is neither. */
static char *
normalize_host_name (const char *text, gsize length)
{
  g_autofree char *given = g_strndup (text, length);
  g_autofree char *ascii = NULL;
  g_auto(GStrv) labels = NULL;
  const char *last_label = NULL;

  if (!g_utf8_validate (given, -1, NULL) || (ascii = g_hostname_to_ascii (given)) == NULL)
    return NULL;
  if (*ascii == '\0' || strlen (ascii) > 253)
    return NULL;
  labels = g_strsplit (ascii, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize label_length = strlen (labels[i]);

      if (label_length == 0 || label_length > 63 || labels[i][0] == '-' || labels[i][label_length - 1] == '-')
        return NULL;
      for (const char *p = labels[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          return NULL;
      last_label = labels[i];
    }
  /* Names end in a label with a letter; all digits must be an IPv4 address,
   * so "10.0.0.999" is neither. */
  if (strspn (last_label, "0123456789") == strlen (last_label) && !g_hostname_is_ip_address (ascii))
    return NULL;
  return g_ascii_strdown (ascii, -1);
}

/* Appends "host[:port]" in normal form; out may be NULL to only check it. */
static gboolean
append_host_port (GString *out, const char *text, gsize length, GError **error)
{
  const char *end = text + length;
  const char *port = NULL;
  g_autofree char *host = NULL;
  guint64 port_number = 0;

  if (length == 0)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The address needs a name and a host around “@”"));
  if (*text == '[')
    {
      const char *close = memchr (text, ']', length);

      if (close != NULL && is_ipv6_address (text + 1, close - text - 1))
        host = g_ascii_strdown (text, close + 1 - text);
      port = close != NULL && close + 1 < end ? close + 1 : NULL;
      if (port != NULL && *port != ':')
        g_clear_pointer (&host, g_free);
    }
  else
    {
      port = memchr (text, ':', length);
      host = normalize_host_name (text, port != NULL ? (gsize) (port - text) : length);
    }
  if (host == NULL)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The host is not a valid server name"));
  if (port != NULL)
    {
      g_autofree char *digits = g_strndup (port + 1, end - (port + 1));

      if (*digits == '\0' || strspn (digits, "0123456789") != strlen (digits) ||
          !g_ascii_string_to_unsigned (digits, 10, 1, 65535, &port_number, NULL))
        return refuse (error, PARLO_URI_ERROR_INVALID, _("The port after the host must be a number from 1 to 65535"));
    }
  if (out != NULL)
    {
      g_string_append (out, host);
      if (port != NULL)
        g_string_append_printf (out, ":%" G_GUINT64_FORMAT, port_number);
    }
  return TRUE;
}

/* Appends the name before "@": RFC 3261 user characters and escapes as they
 * are, "#" and letters beyond ASCII escaped; anything else is refused. */
static gboolean
append_user (GString *out, const char *text, gsize length, GError **error)
{
  const char *end = text + length;

  if (length == 0)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The address needs a name and a host around “@”"));
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 128 && g_ascii_isalnum (c)) || is_one_of (c, USER_CHARACTERS "%"))
        append_with_escapes (out, p, c == '%' ? 3 : 1);
      else if (c == ':')
        return refuse (error, PARLO_URI_ERROR_UNSAFE,
                       _("Addresses with a password are not accepted: remove the part from “:” to “@”"));
      else if (c == '#' || (c >= 128 && g_unichar_isgraph (c)))
        for (const char *byte = p; byte < g_utf8_next_char (p); byte++)
          g_string_append_printf (out, "%%%02X", (guchar) *byte);
      else
        return refuse (error, PARLO_URI_ERROR_INVALID, _("The address contains a character that is not allowed"));
      if (c == '%')
        p += 2;
    }
  return TRUE;
}

static gboolean
is_parameter_text (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isalnum (*text) && !is_one_of ((guchar) *text, PARAMETER_CHARACTERS "%"))
      return FALSE;
  return TRUE;
}

/* Appends the parameters after the host (text is empty or starts with ";"):
 * RFC 3261 parameter characters, each parameter named once, a transport
 * baresip speaks, nothing that would send the call elsewhere. */
static gboolean
append_parameters (GString *out, const char *text, GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) parameters = NULL;

  if (*text == '\0')
    return TRUE;
  parameters = g_strsplit (text + 1, ";", -1);
  for (guint i = 0; parameters[i] != NULL; i++)
    {
      const char *equals = strchr (parameters[i], '=');
      g_autofree char *name = g_ascii_strdown (parameters[i], equals ? equals - parameters[i] : -1);
      g_autofree char *value = equals ? g_strdup (equals + 1) : NULL;

      if (*name == '\0' || (value != NULL && *value == '\0'))
        return refuse (error, PARLO_URI_ERROR_INVALID, _("The address has an empty parameter after “;”"));
      if (!is_parameter_text (name) || (value != NULL && !is_parameter_text (value)))
        return refuse (error, PARLO_URI_ERROR_INVALID, _("The address contains a character that is not allowed"));
      if (g_str_equal (name, "maddr"))
        return refuse (error, PARLO_URI_ERROR_UNSAFE, _("Links may not send the call to another server (“;maddr=”)"));
      if (g_str_equal (name, "method"))
        return refuse (error, PARLO_URI_ERROR_UNSAFE, _("Links may not choose the kind of SIP request (“;method=”)"));
      if (g_hash_table_contains (names, name))
        {
          /* Translators: %s is the name of a parameter of an address, as in “;transport” */
          g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_UNSAFE, _("The address sets “;%s” twice"), name);
          return FALSE;
        }
      if (g_str_equal (name, "transport"))
        {
          static const char *const transports[] = { "udp", "tcp", "tls", NULL };

          for (char *p = value; p != NULL && *p != '\0'; p++)
            *p = g_ascii_tolower (*p);
          if (value == NULL || !g_strv_contains (transports, value))
            return refuse (error, PARLO_URI_ERROR_UNSUPPORTED, _("Calls can go over UDP, TCP or TLS only (“;transport=”)"));
        }
      g_string_append_c (out, ';');
      append_with_escapes (out, name, strlen (name));
      if (value != NULL)
        {
          g_string_append_c (out, '=');
          append_with_escapes (out, value, strlen (value));
        }
      g_hash_table_add (names, g_steal_pointer (&name));
    }
  return TRUE;
}

/* The host of the account that places the call completes what has none. The
 * account may come from outside too (an action's parameter), so its host is
 * checked as any other. */
static gboolean
append_account_host (GString *out, const char *account, GError **error)
{
  g_autofree char *host = parlo_uri_host (account);

  if (host == NULL)
    return refuse (error, PARLO_URI_ERROR_NO_HOST, _("Add the host to call, as in name@example.org"));
  g_string_append_c (out, '@');
  return append_host_port (out, host, strlen (host), error);
}

/* "10.0.0.1", "[::1]:5060": an IP address, called without a name. */
static gboolean
is_ip_host_port (const char *text)
{
  g_autofree char *host = g_strndup (text, strcspn (text, ":"));

  return *text == '[' || g_hostname_is_ip_address (host);
}

/* What comes after "sip:" without "@": a number, a name, or an IP address. */
static gboolean
append_without_host (GString *out, const char *body, const char *account, GError **error)
{
  gsize head_length = strcspn (body, ";");
  g_autofree char *head = g_strndup (body, head_length);
  g_autoptr(GString) decoded = unescape (head, error);

  if (decoded == NULL)
    return FALSE;
  if (is_ip_host_port (head))
    return append_host_port (out, head, head_length, error) &&
           append_parameters (out, body + head_length, error);
  if (looks_like_number (decoded->str))
    append_number (out, decoded->str);
  else if (strchr (head, ':') != NULL)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("Add the name to call before the host, as in name@example.org"));
  else if (!append_user (out, head, head_length, error))
    return FALSE;
  return append_account_host (out, account, error) &&
         append_parameters (out, body + head_length, error);
}

/* "name@host;parameters", or anything append_without_host takes. */
static gboolean
append_sip_address (GString *out, const char *scheme, const char *body, const char *account, GError **error)
{
  const char *at = strchr (body, '@');
  const char *host, *parameters;

  if (*body == '\0')
    return refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter a number or an address to call"));
  g_string_append (out, scheme);
  if (at == NULL)
    return append_without_host (out, body, account, error);
  if (strchr (at + 1, '@') != NULL)
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The address may have only one “@”"));
  host = at + 1;
  parameters = host + strcspn (host, ";");
  if (!append_user (out, body, at - body, error))
    return FALSE;
  g_string_append_c (out, '@');
  return append_host_port (out, host, parameters - host, error) &&
         append_parameters (out, parameters, error);
}

/* The number of a tel: link (RFC 3966) with its ";ext=" and ";phone-context=". */
static gboolean
append_tel (GString *out, const char *body, const char *account, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (body, ";", -1);
  g_autoptr(GString) number = NULL;
  g_autoptr(GString) extension = NULL;
  g_autoptr(GString) context = NULL;
  g_autofree char *context_host = NULL;

  /* g_strsplit() gives no parts at all for "". */
  if (parts[0] == NULL || *parts[0] == '\0')
    return refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter a number or an address to call"));
  if ((number = unescape (parts[0], error)) == NULL)
    return FALSE;
  if (!looks_like_number (number->str))
    return refuse (error, PARLO_URI_ERROR_INVALID, _("A tel: link must hold a phone number"));
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *equals = strchr (parts[i], '=');
      g_autofree char *name = g_ascii_strdown (parts[i], equals ? equals - parts[i] : -1);
      GString **value = g_str_equal (name, "ext") ? &extension
                      : g_str_equal (name, "phone-context") ? &context : NULL;

      if (value == NULL)
        {
          /* Translators: %s is the name of a parameter of a tel: link, as in “;isub” */
          g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_UNSUPPORTED, _("Parlo cannot call tel: links with “;%s”"), name);
          return FALSE;
        }
      if (*value != NULL)
        {
          g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_UNSAFE, _("The address sets “;%s” twice"), name);
          return FALSE;
        }
      if (equals == NULL || equals[1] == '\0')
        return refuse (error, PARLO_URI_ERROR_INVALID, _("The address has an empty parameter after “;”"));
      if ((*value = unescape (equals + 1, error)) == NULL)
        return FALSE;
    }
  if (extension != NULL && !looks_like_digits (extension->str))
    return refuse (error, PARLO_URI_ERROR_INVALID, _("The extension after “;ext=” must be a number"));
  if (context != NULL && number->str[0] == '+')
    return refuse (error, PARLO_URI_ERROR_INVALID, _("A number that starts with “+” cannot have a “;phone-context=”"));
  /* A context is the prefix of a global number ("+49-30") or a domain. */
  if (context != NULL && !(context->str[0] == '+' && looks_like_digits (context->str + 1)) &&
      (context_host = normalize_host_name (context->str, context->len)) == NULL)
    return refuse (error, PARLO_URI_ERROR_INVALID,
                   _("The “;phone-context=” of the link is neither a domain nor a number starting with “+”"));

  g_string_append (out, "sip:");
  if (context != NULL && context_host == NULL)
    append_number (out, context->str);
  append_number (out, number->str);
  if (extension != NULL)
    {
      g_string_append (out, ";ext=");
      append_number (out, extension->str);
    }
  if (context_host == NULL)
    return append_account_host (out, account, error);
  g_string_append_printf (out, "@%s", context_host);
  return TRUE;
}

/* callto:, callto:// — a number or name@host; a bare name is a Skype name. */
static gboolean
append_callto (GString *out, const char *body, const char *account, GError **error)
{
  g_autofree char *target = g_strdup (g_str_has_prefix (body, "//") ? body + 2 : body);
  g_autoptr(GString) decoded = NULL;

  /* Some programs end "callto://+4930123" with a "/" as if it named a folder. */
  if (g_str_has_suffix (target, "/"))
    target[strlen (target) - 1] = '\0';
  if (*target == '\0')
    return refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter a number or an address to call"));
  if ((decoded = unescape (target, error)) == NULL)
    return FALSE;
  if (looks_like_number (decoded->str))
    {
      g_string_append (out, "sip:");
      append_number (out, decoded->str);
      return append_account_host (out, account, error);
    }
  if (strchr (target, '@') == NULL)
    return refuse (error, PARLO_URI_ERROR_UNSUPPORTED,
                   _("A callto: link can be called only with a number or a name@host address, not a Skype name"));
  return append_sip_address (out, "sip:", target, account, error);
}

/* The "scheme:" a text starts with (RFC 3986), in lower case and without the
 * colon; NULL for none ("alice@example.org:5060" and "10.0.0.1" have none). */
static char *
scheme_of (const char *text)
{
  gsize length = 1;

  if (!g_ascii_isalpha (*text))
    return NULL;
  while (g_ascii_isalnum (text[length]) || is_one_of ((guchar) text[length], "+-."))
    length++;
  return text[length] == ':' ? g_ascii_strdown (text, length) : NULL;
}

/* Spaces and tabs around what was typed or pasted are not part of it; line
 * breaks are not trimmed but refused, as a link must not carry them. */
static char *
trim_blanks (const char *text, gsize length)
{
  while (length > 0 && (*text == ' ' || *text == '\t'))
    {
      text++;
      length--;
    }
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    length--;
  return g_strndup (text, length);
}

/* text holds length bytes (-1: up to its NUL), so that a NUL inside it is seen
 * and refused instead of cutting it short; account is the AOR of the account
 * that will place the call (its host completes a bare number or name), or
 * NULL when there is none. Returns the normalised sip:/sips: URI. */
char *
parlo_uri_normalize_len (const char *text, gssize length, const char *account, GError **error)
{
  g_autoptr(GString) target = NULL;
  g_autoptr(GString) decoded = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme = NULL;
  gsize size = text == NULL ? 0 : length < 0 ? strlen (text) : (gsize) length;
  gboolean accepted;

  if (size > PARLO_URI_MAX_LENGTH)
    {
      g_set_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG,
                   _("The address is too long (over %d characters)"), PARLO_URI_MAX_LENGTH);
      return NULL;
    }
  if (text != NULL && memchr (text, '\0', size) != NULL)
    {
      refuse (error, PARLO_URI_ERROR_CONTROL_CHARACTER, _("The address contains a hidden zero character"));
      return NULL;
    }
  trimmed = trim_blanks (text ? text : "", size);
  if (*trimmed == '\0')
    {
      refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter a number or an address to call"));
      return NULL;
    }
  if (!check_characters (trimmed, strlen (trimmed), error) ||
      (decoded = unescape (trimmed, error)) == NULL ||
      !check_characters (decoded->str, decoded->len, error))
    return NULL;
  if (strchr (trimmed, '?') != NULL)
    {
      refuse (error, PARLO_URI_ERROR_UNSAFE, _("Addresses with “?” headers are not accepted"));
      return NULL;
    }

  target = g_string_new (NULL);
  scheme = scheme_of (trimmed);
  if (scheme == NULL)
    accepted = append_sip_address (target, "sip:", trimmed, account, error);
  else if (g_str_equal (scheme, "sip") || g_str_equal (scheme, "sips"))
    accepted = append_sip_address (target, g_str_equal (scheme, "sip") ? "sip:" : "sips:",
                                   trimmed + strlen (scheme) + 1, account, error);
  else if (g_str_equal (scheme, "tel"))
    accepted = append_tel (target, trimmed + strlen ("tel:"), account, error);
  else if (g_str_equal (scheme, "callto"))
    accepted = append_callto (target, trimmed + strlen ("callto:"), account, error);
  else
    accepted = refuse (error, PARLO_URI_ERROR_UNSUPPORTED,
                       _("Only phone numbers and sip:, sips:, tel: and callto: addresses can be called"));
  return accepted ? g_string_free (g_steal_pointer (&target), FALSE) : NULL;
}

/* As parlo_uri_normalize_len() for a text that ends at its NUL. */
char *
parlo_uri_normalize (const char *text, const char *account, GError **error)
{
  return parlo_uri_normalize_len (text, -1, account, error);
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

/* An account's address as "user@host[:port]", from what a person typed
 * ("alice@example.org", "sip:alice@example.org"); the host in normal form
 * ("Bücher.example" → "xn--bcher-kva.example"), as for a call target. */
char *
parlo_uri_account_address (const char *text, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) address = NULL;
  const char *rest, *at;

  if (text == NULL || *g_strstrip (trimmed = g_strdup (text)) == '\0')
    {
      refuse (error, PARLO_URI_ERROR_EMPTY, _("Enter your SIP address, as in name@example.org"));
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL) || strlen (trimmed) > 255)
    {
      refuse (error, PARLO_URI_ERROR_INVALID, _("That is not a SIP address"));
      return NULL;
    }
  rest = trimmed;
  if (g_ascii_strncasecmp (rest, "sip:", 4) == 0)
    rest += 4;
  at = strrchr (rest, '@');
  if (at == NULL || at == rest)
    {
      refuse (error, PARLO_URI_ERROR_NO_HOST, _("The address needs a name and a host, as in name@example.org"));
      return NULL;
    }
  /* The name is sent in every REGISTER: user characters only, no parameters. */
  for (const char *p = rest; p < at; p++)
    if (!g_ascii_isalnum (*p) && (!is_one_of ((guchar) *p, USER_CHARACTERS "%") || *p == ';'))
      {
        refuse (error, PARLO_URI_ERROR_INVALID, _("The name before “@” contains a character that is not allowed"));
        return NULL;
      }
  /* The host as it goes on the wire: an international name in its ASCII form. */
  address = g_string_new_len (rest, at + 1 - rest);
  if (!append_host_port (address, at + 1, strlen (at + 1), NULL))
    {
      refuse (error, PARLO_URI_ERROR_INVALID, _("The host after “@” is not a valid server name"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&address), FALSE);
}

/* A server as the engine wants it ("sip:host:port", "stun:host:port") from
 * "host[:port]" or a URI with that scheme, the host in normal form; "" stays
 * "" (no server). */
char *
parlo_uri_server (const char *text, const char *scheme, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  gsize scheme_length = strlen (scheme);
  const char *rest = trimmed;
  const char *end;
  g_autofree char *host_port = NULL;
  g_autoptr(GString) server = NULL;

  if (*rest == '\0')
    return g_strdup ("");
  if (g_ascii_strncasecmp (rest, scheme, scheme_length) == 0)
    rest += scheme_length;
  end = strchr (rest, ';');
  host_port = end ? g_strndup (rest, end - rest) : g_strdup (rest);
  server = g_string_new (scheme);
  if (!append_host_port (server, host_port, strlen (host_port), NULL))
    {
      refuse (error, PARLO_URI_ERROR_INVALID, _("Enter a server name, optionally with a port, as in example.org:5060"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&server), FALSE);
}
