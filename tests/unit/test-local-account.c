/* The direct-call account: an address others can reach, taking every call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "session/parlo-local-account.h"

static void
test_loopback_listen (void)
{
  g_autofree char *aor = parlo_local_account_aor ("alice", "127.0.0.1:5072");
  g_autoptr(ParloEngineAccount) account = parlo_local_account_new (aor);

  g_assert_cmpstr (aor, ==, "sip:alice@127.0.0.1:5072");
  g_assert_cmpstr (account->aor, ==, aor);
  g_assert_cmpuint (account->regint, ==, 0);
  g_assert_true (account->catchall);
  g_assert_null (account->password);
}

static void
test_any_address_uses_machine_address (void)
{
  g_autofree char *aor = parlo_local_account_aor ("bob", "0.0.0.0:5060");
  g_autofree char *address = parlo_local_address ();
  g_autofree char *expected = g_strdup_printf ("sip:bob@%s", address);

  g_assert_cmpstr (aor, ==, expected);
  g_assert_false (g_str_equal (address, "0.0.0.0"));
}

static void
test_user_name_is_escaped (void)
{
  g_autofree char *aor = parlo_local_account_aor ("jo doe>", "127.0.0.1:5060");

  g_assert_cmpstr (aor, ==, "sip:jo%20doe%3E@127.0.0.1");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/local-account/loopback", test_loopback_listen);
  g_test_add_func ("/local-account/any-address", test_any_address_uses_machine_address);
  g_test_add_func ("/local-account/escaped-user", test_user_name_is_escaped);
  return g_test_run ();
}
