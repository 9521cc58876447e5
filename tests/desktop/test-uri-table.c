/* Links and pasted text from other programs, as the call-target parser sees
 * them: a table of what is accepted (and in which normal form) and what is
 * refused (and why), with the attempts to slip SIP headers, line breaks or
 * engine-command syntax through; then random input, which must never crash
 * the parser nor come out as anything but a plain sip:/sips: URI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "model/parlo-uri.h"

#define ACCOUNT "sip:alice@example.org"

typedef struct {
  const char   *input;
  gsize         length;    /* the whole literal, so that a NUL inside it counts */
  const char   *account;
  const char   *expected;  /* NULL: refused with code */
  ParloUriError code;
} Case;

#define ACCEPT(input, expected)                 { input, sizeof input - 1, ACCOUNT, expected, 0 }
#define ACCEPT_FOR(input, account, expected)    { input, sizeof input - 1, account, expected, 0 }
#define REFUSE(input, code)                     { input, sizeof input - 1, ACCOUNT, NULL, PARLO_URI_ERROR_##code }
#define REFUSE_FOR(input, account, code)        { input, sizeof input - 1, account, NULL, PARLO_URI_ERROR_##code }

static const Case cases[] = {
  /* sip: and sips: */
  ACCEPT ("sip:alice@example.org", "sip:alice@example.org"),
  ACCEPT ("SIP:Alice@Example.ORG", "sip:Alice@example.org"),
  ACCEPT ("sips:carol@secure.example.org", "sips:carol@secure.example.org"),
  ACCEPT ("sip:bob@example.org;transport=TCP", "sip:bob@example.org;transport=tcp"),
  ACCEPT ("sip:bob@example.org;Transport=tls;lr", "sip:bob@example.org;transport=tls;lr"),
  ACCEPT ("sip:bob@example.org;transport=udp;user=phone", "sip:bob@example.org;transport=udp;user=phone"),
  ACCEPT ("sip:bob@example.org;x-tag=a%3bb", "sip:bob@example.org;x-tag=a%3Bb"),
  ACCEPT ("sip:bob@example.org:5080", "sip:bob@example.org:5080"),
  ACCEPT ("sip:bob@example.org:05080", "sip:bob@example.org:5080"),
  ACCEPT ("sip:bob@[2001:DB8::1]:5061", "sip:bob@[2001:db8::1]:5061"),
  ACCEPT ("sip:bob@[::1]", "sip:bob@[::1]"),
  ACCEPT ("sip:1234@10.0.0.1:5080", "sip:1234@10.0.0.1:5080"),
  ACCEPT ("sip:+4930123;ext=45@example.org", "sip:+4930123;ext=45@example.org"),
  ACCEPT ("sip:b%6fb@example.org", "sip:b%6Fb@example.org"),
  ACCEPT ("sip:a%22b%3Cc@example.org", "sip:a%22b%3Cc@example.org"),
  ACCEPT ("sip:j\xc3\xbcrgen@example.de", "sip:j%C3%BCrgen@example.de"),
  ACCEPT ("sip:bob@b\xc3\xbc" "cher.example", "sip:bob@xn--bcher-kva.example"),
  ACCEPT ("sip:*100#@example.org", "sip:*100%23@example.org"),
  ACCEPT ("sips:+49 30 123", "sips:+4930123@example.org"),
  ACCEPT ("sip:bob", "sip:bob@example.org"),
  /* Typed or pasted */
  ACCEPT ("  alice@example.org\t", "sip:alice@example.org"),
  ACCEPT ("bob", "sip:bob@example.org"),
  ACCEPT ("bob;transport=tcp", "sip:bob@example.org;transport=tcp"),
  ACCEPT ("+49 (30) 1234-567", "sip:+49301234567@example.org"),
  ACCEPT ("030 / 123.456", "sip:030123456@example.org"),
  ACCEPT ("+49\xc2\xa0" "30\xe2\x80\xaf" "123", "sip:+4930123@example.org"),
  ACCEPT ("*100#", "sip:*100%23@example.org"),
  ACCEPT ("10.0.0.1", "sip:10.0.0.1"),
  ACCEPT ("[::1]:5070", "sip:[::1]:5070"),
  ACCEPT_FOR ("0301234", "sip:me@10.0.0.1:5072", "sip:0301234@10.0.0.1:5072"),
  ACCEPT_FOR ("bob@example.com", NULL, "sip:bob@example.com"),
  /* tel: */
  ACCEPT ("tel:+4930123456", "sip:+4930123456@example.org"),
  ACCEPT ("tel:+49-30-123456", "sip:+4930123456@example.org"),
  ACCEPT ("TEL:+49.30.(123)456", "sip:+4930123456@example.org"),
  ACCEPT ("tel:+49%2030%20123", "sip:+4930123@example.org"),
  ACCEPT ("tel:110", "sip:110@example.org"),
  ACCEPT ("tel:*31#", "sip:*31%23@example.org"),
  ACCEPT ("tel:123;phone-context=example.com", "sip:123@example.com"),
  ACCEPT ("tel:1-23;Phone-Context=Example.COM", "sip:123@example.com"),
  ACCEPT ("tel:123;phone-context=+49-30", "sip:+4930123@example.org"),
  ACCEPT ("tel:+4930123;ext=45", "sip:+4930123;ext=45@example.org"),
  ACCEPT ("tel:+4930123;EXT=4-5", "sip:+4930123;ext=45@example.org"),
  ACCEPT ("tel:123;ext=9;phone-context=example.com", "sip:123;ext=9@example.com"),
  /* callto: */
  ACCEPT ("callto:alice@example.org", "sip:alice@example.org"),
  ACCEPT ("callto://+4930123456", "sip:+4930123456@example.org"),
  ACCEPT ("callto://+4930123456/", "sip:+4930123456@example.org"),
  ACCEPT ("CallTo:+49 30 123", "sip:+4930123@example.org"),

  /* Nothing to call */
  REFUSE ("", EMPTY),
  REFUSE ("   ", EMPTY),
  REFUSE ("sip:", EMPTY),
  REFUSE ("tel:", EMPTY),
  REFUSE ("callto://", EMPTY),
  REFUSE_FOR ("bob", NULL, NO_HOST),
  REFUSE_FOR ("+49 30 123", NULL, NO_HOST),
  REFUSE_FOR ("tel:+4930123", NULL, NO_HOST),
  REFUSE_FOR ("callto://+4930123", NULL, NO_HOST),
  REFUSE_FOR ("tel:123;phone-context=+49", "sip:direct", NO_HOST),

  /* SIP headers, and what else would change the request */
  REFUSE ("sip:a@b?Call-ID=x", UNSAFE),
  REFUSE ("sip:bob@example.org?Subject=x&Priority=emergency", UNSAFE),
  REFUSE ("sip:bob@example.org;transport=tcp?Route=%3Csip:evil.example%3E", UNSAFE),
  REFUSE ("tel:+4930123?body=x", UNSAFE),
  REFUSE ("sip:alice:secret@example.org", UNSAFE),
  REFUSE ("sip:bob@example.org;maddr=evil.example", UNSAFE),
  REFUSE ("sip:bob@example.org;method=REGISTER", UNSAFE),
  REFUSE ("sip:bob@example.org;transport=tcp;transport=udp", UNSAFE),
  REFUSE ("sip:bob@example.org;lr;LR", UNSAFE),
  REFUSE ("tel:123;ext=1;ext=2", UNSAFE),

  /* Line breaks, NUL and control characters, plain or escaped */
  REFUSE ("sip:a@b\r\nVia: SIP/2.0/UDP evil.example", CONTROL_CHARACTER),
  REFUSE ("sip:a@b%0d%0aVia: SIP/2.0/UDP evil.example", CONTROL_CHARACTER),
  REFUSE ("sip:a@b%0D%0A%0D%0AINVITE sip:x@y SIP/2.0", CONTROL_CHARACTER),
  REFUSE ("sip:a@example.org\n", CONTROL_CHARACTER),
  REFUSE ("\nsip:a@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a@b\0;maddr=evil.example", CONTROL_CHARACTER),
  REFUSE ("\0", CONTROL_CHARACTER),
  REFUSE ("sip:a@b%00", CONTROL_CHARACTER),
  REFUSE ("sip:a%00b@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a\tb@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a%09b@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a\x7f@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a\x1b[2Jb@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a\xe2\x80\xa8" "b@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a%E2%80%A9b@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a\xc2\x85" "b@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:a\xe2\x80\x8b" "b@example.org", CONTROL_CHARACTER),
  REFUSE ("sip:gro\xe2\x80\xae" "gro.elpmaxe@example.org", CONTROL_CHARACTER),
  REFUSE ("tel:123;phone-context=example.com%0d%0aVia:x", CONTROL_CHARACTER),
  REFUSE ("tel:+49%0a30", CONTROL_CHARACTER),

  /* Characters that would change how a command or a message is read */
  REFUSE ("bob smith@example.org", INVALID),
  REFUSE ("<sip:bob@example.org>", INVALID),
  REFUSE ("sip:<bob>@example.org", INVALID),
  REFUSE ("\"bob\"@example.org", INVALID),
  REFUSE ("sip:bob@example.org\"", INVALID),
  REFUSE ("sip:a\\b@example.org", INVALID),
  REFUSE ("sip:a\",\"account\":\"sip:mallory@evil.example@example.org", INVALID),
  REFUSE ("sip:bob@example.org\",\"id\":\"1", INVALID),
  REFUSE ("sip:bob@example.org;x=\"y\"", INVALID),
  REFUSE ("sip:bob@example.org;x=a\\b", INVALID),
  REFUSE ("sip:bob@example.org;x=<y>", INVALID),
  REFUSE ("sip:bob@example.org;x=a b", INVALID),
  REFUSE ("sip:bob@example.org;;lr", INVALID),
  REFUSE ("sip:bob@example.org;=x", INVALID),
  REFUSE ("sip:bob@example.org;x=", INVALID),
  REFUSE ("sip:bob@example.org;x=\xc3\xbc", INVALID),
  REFUSE ("sip:bob@example.org>;tag=1", INVALID),
  REFUSE ("sip:a@b@c", INVALID),
  REFUSE ("sip:@example.org", INVALID),
  REFUSE ("bob@", INVALID),
  REFUSE ("sip:a%zz@example.org", INVALID),
  REFUSE ("sip:a%4@example.org", INVALID),
  REFUSE ("sip:a@example.org;x=%", INVALID),
  REFUSE ("\xff\xfe", INVALID),
  REFUSE ("12 34 x", INVALID),
  REFUSE ("sip:example.org:5060", INVALID),
  /* Hosts and ports */
  REFUSE ("sip:bob@exa mple.org", INVALID),
  REFUSE ("sip:bob@ex%41mple.org", INVALID),
  REFUSE ("sip:bob@example..org", INVALID),
  REFUSE ("sip:bob@-bad.example", INVALID),
  REFUSE ("sip:bob@10.0.0.999", INVALID),
  REFUSE ("sip:bob@[::1", INVALID),
  REFUSE ("sip:bob@[fe80::1%25eth0]", INVALID),
  REFUSE ("sip:bob@[::1]x", INVALID),
  REFUSE ("sip:bob@::1", INVALID),
  REFUSE ("sip:bob@example.org:0", INVALID),
  REFUSE ("sip:bob@example.org:65536", INVALID),
  REFUSE ("sip:bob@example.org:+80", INVALID),
  REFUSE ("sip:bob@example.org:", INVALID),
  /* tel: that is not a number */
  REFUSE ("tel:abc", INVALID),
  REFUSE ("tel:+49 30 x", INVALID),
  REFUSE ("tel:123;ext=abc", INVALID),
  REFUSE ("tel:123;ext", INVALID),
  REFUSE ("tel:+4930123;phone-context=example.com", INVALID),
  REFUSE ("tel:123;phone-context=bad_domain!", INVALID),
  REFUSE ("tel:123;phone-context=+49*30", INVALID),
  REFUSE ("tel:123;phone-context=<sip:evil.example>", INVALID),

  /* What Parlo cannot call */
  REFUSE ("http://example.org", UNSUPPORTED),
  REFUSE ("mailto:bob@example.org", UNSUPPORTED),
  REFUSE ("javascript:alert(1)", UNSUPPORTED),
  REFUSE ("callto:echo123", UNSUPPORTED),
  REFUSE ("callto://live:bob", UNSUPPORTED),
  REFUSE ("sip:bob@example.org;transport=sctp", UNSUPPORTED),
  REFUSE ("sip:bob@example.org;transport", UNSUPPORTED),
  REFUSE ("tel:+4930123;isub=1", UNSUPPORTED),
};

/* What may reach the engine: a sip:/sips: URI of printable ASCII without
 * spaces, quotes, backslashes or angle brackets. */
static void
assert_plain_uri (const char *uri)
{
  g_assert_true (g_str_has_prefix (uri, "sip:") || g_str_has_prefix (uri, "sips:"));
  for (const char *p = uri; *p != '\0'; p++)
    {
      if (*p <= ' ' || *p >= 0x7f || strchr ("\"\\<>", *p) != NULL)
        g_error ("Unsafe byte 0x%02x in “%s”", (guchar) *p, uri);
    }
}

/* Normal forms are a fixed point: normalising one again changes nothing. */
static void
assert_normal_form (const char *uri, const char *account)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *again = parlo_uri_normalize (uri, account, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, uri);
}

static void
test_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = g_strescape (c->input, NULL);
      g_autofree char *uri = parlo_uri_normalize_len (c->input, c->length, c->account, &error);

      g_test_message ("%" G_GSIZE_FORMAT ": “%s” (%" G_GSIZE_FORMAT " bytes) → %s",
                      i, escaped, c->length, uri ? uri : error->message);
      if (c->expected == NULL)
        {
          g_assert_null (uri);
          g_assert_error (error, PARLO_URI_ERROR, (gint) c->code);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (uri, ==, c->expected);
          assert_plain_uri (uri);
          assert_normal_form (uri, c->account);
        }

      /* A C string stops at its first NUL; without one, both entry points agree. */
      if (memchr (c->input, '\0', c->length) == NULL)
        {
          g_autoptr(GError) string_error = NULL;
          g_autofree char *string_uri = parlo_uri_normalize (c->input, c->account, &string_error);

          g_assert_cmpstr (string_uri, ==, uri);
          if (error != NULL)
            g_assert_error (string_error, PARLO_URI_ERROR, error->code);
        }
    }
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 60);
}

/* What a person reads: each refusal in words, the limit named. */
static void
test_messages (void)
{
  static const struct { const char *input; const char *message; } cases[] = {
    { "sip:a@b\r\nVia: x", "The address contains a line break" },
    { "sip:a@b%0d%0aVia: x", "The address contains a line break" },
    { "sip:a@b?Call-ID=x", "Addresses with “?” headers are not accepted" },
    { "sip:a:pw@b", "Addresses with a password are not accepted: remove the part from “:” to “@”" },
    { "bob smith", "The address contains a character that is not allowed" },
    { "callto:echo123", "A callto: link can be called only with a number or a name@host address, not a Skype name" },
    { "sip:bob@example.org:70000", "The port after the host must be a number from 1 to 65535" },
    { "sip:bob@example.org;transport=tcp;transport=udp", "The address sets “;transport” twice" },
  };
  g_autofree char *too_long = g_strnfill (PARLO_URI_MAX_LENGTH + 1, '1');
  g_autoptr(GError) length_error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (parlo_uri_normalize (cases[i].input, ACCOUNT, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_null (parlo_uri_normalize (too_long, ACCOUNT, &length_error));
  g_assert_cmpstr (length_error->message, ==, "The address is too long (over 1024 characters)");
}

/* The limit is 1024 bytes of what was handed over, before any trimming. */
static void
test_length_limit (void)
{
  /* "sip:" + name + "@example.org" */
  gsize name_length = PARLO_URI_MAX_LENGTH - strlen ("sip:") - strlen ("@example.org");
  g_autofree char *name = g_strnfill (name_length, 'a');
  g_autofree char *longest = g_strconcat ("sip:", name, "@example.org", NULL);
  g_autofree char *one_more = g_strconcat ("sip:", name, "a@example.org", NULL);
  g_autofree char *padded = g_strconcat (" ", longest, NULL);
  g_autofree char *ten_kib = g_strnfill (10 * 1024, '9');
  g_autofree char *accepted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (longest), ==, 1024);
  accepted = parlo_uri_normalize (longest, ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (accepted, ==, longest);

  g_assert_cmpuint (strlen (one_more), ==, 1025);
  g_assert_null (parlo_uri_normalize (one_more, ACCOUNT, &error));
  g_assert_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG);
  g_clear_error (&error);

  g_assert_null (parlo_uri_normalize (padded, ACCOUNT, &error));
  g_assert_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG);
  g_clear_error (&error);

  g_assert_null (parlo_uri_normalize (ten_kib, ACCOUNT, &error));
  g_assert_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG);
  g_clear_error (&error);

  /* Also when a NUL early on would make it look short. */
  ten_kib[10] = '\0';
  g_assert_null (parlo_uri_normalize_len (ten_kib, 10 * 1024, ACCOUNT, &error));
  g_assert_error (error, PARLO_URI_ERROR, PARLO_URI_ERROR_TOO_LONG);
}

/* Pieces that mean something to the parser, so that random input reaches
 * deep into it rather than failing on its first byte. */
static const char *const pieces[] = {
  "sip:", "sips:", "tel:", "callto:", "callto://", "SIP:", "//", "@", "@", ";", ";", "=", "?", ":", "%",
  "%0d", "%0A", "%00", "%2", "%3B", "%40", "%E2%80%A8", "%22", "%5C", "[", "]", "::1", "10.0.0.1", "+",
  "49", "30", "123", "*", "#", "(", ")", "-", ".", "/", "alice", "example.org", "transport", "tcp",
  "phone-context", "ext", "maddr", "lr", " ", "\t", "\r\n", "\"", "\\", "<", ">", "{", "}", ",",
  "\xe2\x80\xa8", "\xc2\xa0", "\xc3\xbc", "\xe2\x80\xae", "\xff", "\x7f", "\x01", "\0", "5060", "65536",
  "xn--", "\xf0\x9f\x93\x9e",
};

static void
check_random_input (const guint8 *bytes, gsize length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = parlo_uri_normalize_len ((const char *) bytes, length, ACCOUNT, &error);

  if (uri == NULL)
    {
      g_assert_error (error, PARLO_URI_ERROR, error->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);
  assert_plain_uri (uri);
  assert_normal_form (uri, ACCOUNT);
}

static void
test_random_bytes (void)
{
  for (guint round = 0; round < 20000; round++)
    {
      /* Mostly short, now and then around the length limit. */
      gsize length = g_test_rand_int_range (0, 10) == 0 ? (gsize) g_test_rand_int_range (1000, 1100)
                                                        : (gsize) g_test_rand_int_range (0, 64);
      g_autofree guint8 *bytes = g_malloc (length + 1);

      for (gsize i = 0; i < length; i++)
        bytes[i] = (guint8) g_test_rand_int_range (0, 256);
      bytes[length] = '\0';
      check_random_input (bytes, length);
    }
}

static void
test_random_pieces (void)
{
  for (guint round = 0; round < 50000; round++)
    {
      g_autoptr(GByteArray) input = g_byte_array_new ();
      guint n_pieces = (guint) g_test_rand_int_range (1, 12);

      for (guint i = 0; i < n_pieces; i++)
        {
          const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];
          char character[6];

          gunichar any = (gunichar) g_test_rand_int_range (1, 0x110000);

          /* Now and then any character at all, as UTF-8. */
          if (g_test_rand_int_range (0, 4) == 0 && g_unichar_validate (any))
            g_byte_array_append (input, (const guint8 *) character, g_unichar_to_utf8 (any, character));
          /* "\0" is the one piece that is a NUL byte, not an empty string. */
          else
            g_byte_array_append (input, (const guint8 *) piece, *piece == '\0' ? 1 : strlen (piece));
        }
      g_byte_array_append (input, (const guint8 *) "", 1);
      check_random_input (input->data, input->len - 1);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uri-table/table", test_table);
  g_test_add_func ("/uri-table/messages", test_messages);
  g_test_add_func ("/uri-table/length-limit", test_length_limit);
  g_test_add_func ("/uri-table/random-bytes", test_random_bytes);
  g_test_add_func ("/uri-table/random-pieces", test_random_pieces);
  return g_test_run ();
}
