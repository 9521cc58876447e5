/* The call-target parser: what it accepts, how it normalises, what it refuses —
 * as typed in the dialpad, pasted, or handed over by another program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/parlo-uri.h"

#define ACCOUNT "sip:alice@example.org"

static void
test_accepts (void)
{
  static const struct { const char *input, *account, *expected; } cases[] = {
    { "sip:alice@example.org", ACCOUNT, "sip:alice@example.org" },
    { "  alice@example.org\t", ACCOUNT, "sip:alice@example.org" },
    { "SIP:bob@host;transport=tcp", ACCOUNT, "sip:bob@host;transport=tcp" },
    { "sips:carol@secure.example.org", ACCOUNT, "sips:carol@secure.example.org" },
    { "sip:1234@10.0.0.1:5080", ACCOUNT, "sip:1234@10.0.0.1:5080" },
    { "bob", ACCOUNT, "sip:bob@example.org" },
    { "+49 (30) 1234-567", ACCOUNT, "sip:+49301234567@example.org" },
    { "030 / 123.456", ACCOUNT, "sip:030123456@example.org" },
    { "0301234", "sip:me@10.0.0.1:5072", "sip:0301234@10.0.0.1:5072" },
    { "*100#", ACCOUNT, "sip:*100%23@example.org" },
    { "tel:+4930123456", ACCOUNT, "sip:+4930123456@example.org" },
    { "bob@example.com", NULL, "sip:bob@example.com" },
    { "tel:123;phone-context=example.com", NULL, "sip:123@example.com" },
    { "callto://+49 30 123456", ACCOUNT, "sip:+4930123456@example.org" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = parlo_uri_normalize (cases[i].input, cases[i].account, &error);

      g_test_message ("input: %s", cases[i].input);
      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, cases[i].expected);
    }
}

static void
test_refuses (void)
{
  g_autofree char *long_input = g_strnfill (PARLO_URI_MAX_LENGTH + 1, 'a');
  const struct { const char *input; const char *account; ParloUriError code; const char *says; } cases[] = {
    { "", ACCOUNT, PARLO_URI_ERROR_EMPTY, "Enter a number or an address" },
    { "   ", ACCOUNT, PARLO_URI_ERROR_EMPTY, "Enter a number or an address" },
    { "sip:", ACCOUNT, PARLO_URI_ERROR_EMPTY, "Enter a number or an address" },
    { "sip:bob@host?Subject=x", ACCOUNT, PARLO_URI_ERROR_UNSAFE, "headers" },
    { "sip:bob@host\r\nVia: evil", ACCOUNT, PARLO_URI_ERROR_CONTROL_CHARACTER, "line break" },
    { "sip:bob@host%0D%0AVia: evil", ACCOUNT, PARLO_URI_ERROR_CONTROL_CHARACTER, "line break" },
    { "sip:bob:secret@host", ACCOUNT, PARLO_URI_ERROR_UNSAFE, "password" },
    { "callto:skypename", ACCOUNT, PARLO_URI_ERROR_UNSUPPORTED, "Skype" },
    { "bob smith@host", ACCOUNT, PARLO_URI_ERROR_INVALID, "not allowed" },
    { "<sip:bob@host>", ACCOUNT, PARLO_URI_ERROR_INVALID, "not allowed" },
    { "\"bob\"@host", ACCOUNT, PARLO_URI_ERROR_INVALID, "not allowed" },
    { "http://example.org", ACCOUNT, PARLO_URI_ERROR_UNSUPPORTED, "sip:" },
    { "sip:@host", ACCOUNT, PARLO_URI_ERROR_INVALID, "a name and a host" },
    { "bob@", ACCOUNT, PARLO_URI_ERROR_INVALID, "a name and a host" },
    { "+49 30 123", NULL, PARLO_URI_ERROR_NO_HOST, "Add the host" },
    { "bob", NULL, PARLO_URI_ERROR_NO_HOST, "Add the host" },
    { "12 34 x", ACCOUNT, PARLO_URI_ERROR_INVALID, "not allowed" },
    { long_input, ACCOUNT, PARLO_URI_ERROR_TOO_LONG, "too long" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = parlo_uri_normalize (cases[i].input, cases[i].account, &error);

      g_test_message ("input: %.40s", cases[i].input);
      g_assert_null (uri);
      g_assert_error (error, PARLO_URI_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_host (void)
{
  g_autofree char *plain = parlo_uri_host ("sip:alice@example.org");
  g_autofree char *with_port = parlo_uri_host ("sip:alice@10.0.0.1:5072;transport=tcp");
  g_autofree char *none = parlo_uri_host ("sip:alice");

  g_assert_cmpstr (plain, ==, "example.org");
  g_assert_cmpstr (with_port, ==, "10.0.0.1:5072");
  g_assert_null (none);
}

/* An account's address and its servers go into every REGISTER as the engine
 * gets them: an international host there must be in its ASCII form, as in a
 * call target (found by the fuzzer, tests/fuzz/corpus/uri/crash-*). */
static void
test_account_hosts (void)
{
  g_autofree char *address = parlo_uri_account_address ("sip:Juergen@B\u00fccher.Example:5061", NULL);
  g_autofree char *server = parlo_uri_server ("B\u00fccher.example:5060;transport=tcp", "sip:", NULL);
  g_autofree char *turn = parlo_uri_server ("turn:[2001:DB8::1]:3478", "turn:", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = parlo_uri_account_address ("me@bad..host", &error);

  g_assert_cmpstr (address, ==, "Juergen@xn--bcher-kva.example:5061");
  g_assert_cmpstr (server, ==, "sip:xn--bcher-kva.example:5060");
  g_assert_cmpstr (turn, ==, "turn:[2001:db8::1]:3478");
  g_assert_null (refused);
  g_assert_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uri/accepts", test_accepts);
  g_test_add_func ("/uri/refuses", test_refuses);
  g_test_add_func ("/uri/host", test_host);
  g_test_add_func ("/uri/account-hosts", test_account_hosts);
  return g_test_run ();
}
