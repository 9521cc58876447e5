/* Fuzz target: the call-target parser (model/parlo-uri.c), which every typed,
 * pasted or linked address goes through before it reaches the engine.
 *
 * The first byte picks the entry point and, for parlo_uri_normalize_len, the
 * account that completes a bare number; the rest is the text, NUL bytes and
 * all. Whatever is accepted must keep the promise parlo-uri.c makes: printable
 * ASCII only, none of the characters that would change how an engine command
 * or a SIP message is read. An input that breaks it stops the fuzzer as a
 * crash would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "parlo-uri.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const accounts[] = {
  NULL, "sip:alice@example.org", "sip:me@10.0.0.1:5072", "sips:bob@[2001:db8::1]:5061",
};

static const char *const schemes[] = { "sip:", "sips:", "stun:", "turn:" };

static void
check_result (const char *uri)
{
  if (uri == NULL)
    return;
  for (const char *p = uri; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c <= ' ' || c >= 0x7f || strchr ("\"<>\\", c) != NULL)
        __builtin_trap ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *result = NULL;
  g_autofree char *host = NULL;
  guint8 mode;

  if (size < 1)
    return 0;
  mode = data[0];
  data++, size--;
  text = g_strndup ((const char *) data, size);

  switch (mode % 3)
    {
    case 0:
      result = parlo_uri_normalize_len ((const char *) data, size,
                                        accounts[(mode / 3) % G_N_ELEMENTS (accounts)], &error);
      check_result (result);
      host = parlo_uri_host (result);
      break;
    case 1:
      result = parlo_uri_account_address (text, &error);
      check_result (result);
      break;
    default:
      result = parlo_uri_server (text, schemes[(mode / 3) % G_N_ELEMENTS (schemes)], &error);
      check_result (result);
      break;
    }
  /* Either an answer or a reason, never both or neither. */
  if ((result == NULL) == (error == NULL))
    __builtin_trap ();
  return 0;
}
