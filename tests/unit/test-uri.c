/* The call-target parser: what it accepts, how it normalises, what it refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/parlo-uri.h"

static void
test_accepts (void)
{
  static const struct { const char *input, *expected; } cases[] = {
    { "sip:alice@example.org", "sip:alice@example.org" },
    { "  alice@example.org\t", "sip:alice@example.org" },
    { "SIP:bob@host;transport=tcp", "sip:bob@host;transport=tcp" },
    { "sips:carol@secure.example.org", "sips:carol@secure.example.org" },
    { "bob", "sip:bob" },
    { "sip:1234@10.0.0.1:5080", "sip:1234@10.0.0.1:5080" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = parlo_uri_normalize (cases[i].input, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, cases[i].expected);
    }
}

static void
test_refuses (void)
{
  g_autofree char *long_input = g_strnfill (PARLO_URI_MAX_LENGTH + 1, 'a');
  static const struct { const char *input; ParloUriError code; const char *says; } cases[] = {
    { "", PARLO_URI_ERROR_EMPTY, "Enter an address" },
    { "   ", PARLO_URI_ERROR_EMPTY, "Enter an address" },
    { "sip:", PARLO_URI_ERROR_EMPTY, "Enter an address" },
    { "sip:bob@host?Subject=x", PARLO_URI_ERROR_INVALID, "headers" },
    { "sip:bob@host\r\nVia: evil", PARLO_URI_ERROR_INVALID, "not allowed" },
    { "bob smith@host", PARLO_URI_ERROR_INVALID, "not allowed" },
    { "<sip:bob@host>", PARLO_URI_ERROR_INVALID, "not allowed" },
    { "\"bob\"@host", PARLO_URI_ERROR_INVALID, "not allowed" },
    { "http://example.org", PARLO_URI_ERROR_UNSUPPORTED, "sip:" },
    { "sip:@host", PARLO_URI_ERROR_INVALID, "user and a host" },
    { "bob@", PARLO_URI_ERROR_INVALID, "user and a host" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = parlo_uri_normalize (cases[i].input, &error);

      g_test_message ("input: %s", cases[i].input);
      g_assert_null (uri);
      g_assert_error (error, PARLO_URI_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = parlo_uri_normalize (long_input, &error);

    g_assert_null (uri);
    g_assert_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uri/accepts", test_accepts);
  g_test_add_func ("/uri/refuses", test_refuses);
  return g_test_run ();
}
