/* Contacts from past calls: named peers only, one per address, newest first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/parlo-call-model.h"
#include "model/parlo-contacts.h"

static void
apply (ParloCallModel *model, const char *line)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlo_protocol_decode (line, strlen (line), &event, &response, &error));
  parlo_call_model_apply_event (model, event);
}

/* One whole incoming call from peer (named or not), answered and hung up. */
static void
call_from (ParloCallModel *model, const char *id, const char *peer, const char *name)
{
  g_autofree char *name_field = name ? g_strdup_printf (",\"peerdisplayname\":\"%s\"", name) : g_strdup ("");
  g_autofree char *incoming = g_strdup_printf (
    "{\"event\":true,\"type\":\"CALL_INCOMING\",\"accountaor\":\"sip:me@h\",\"direction\":\"incoming\","
    "\"peeruri\":\"%s\"%s,\"id\":\"%s\"}", peer, name_field, id);
  g_autofree char *closed = g_strdup_printf (
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"accountaor\":\"sip:me@h\",\"direction\":\"incoming\","
    "\"peeruri\":\"%s\",\"id\":\"%s\",\"scode\":0,\"local\":false}", peer, id);

  apply (model, incoming);
  apply (model, closed);
}

static const char *
contact_uri (ParloContacts *contacts, guint position)
{
  g_autoptr(ParloCall) call = g_list_model_get_item (G_LIST_MODEL (contacts), position);

  g_assert_nonnull (call);
  return g_intern_string (parlo_call_get_peer_uri (call));
}

static void
test_named_unique_newest_first (void)
{
  g_autoptr(ParloCallModel) model = parlo_call_model_new (NULL);
  g_autoptr(ParloContacts) before = NULL;
  g_autoptr(ParloContacts) contacts = NULL;

  call_from (model, "1", "sip:carol@h", "Carol");
  before = parlo_contacts_new (parlo_call_model_get_ended (model));
  call_from (model, "2", "sip:unknown@h", NULL);
  call_from (model, "3", "sip:dave@h", "Dave");
  call_from (model, "4", "sip:carol@h", "Carol Jones");

  /* Built later from the same list, or followed as calls ended: the same people. */
  contacts = parlo_contacts_new (parlo_call_model_get_ended (model));
  for (ParloContacts **c = (ParloContacts *[]) { before, contacts, NULL }; *c != NULL; c++)
    {
      g_autoptr(ParloCall) carol = g_list_model_get_item (G_LIST_MODEL (*c), 0);

      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (*c)), ==, 2);
      g_assert_cmpstr (contact_uri (*c, 0), ==, "sip:carol@h");
      g_assert_cmpstr (parlo_call_get_peer_name (carol), ==, "Carol Jones");
      g_assert_cmpstr (contact_uri (*c, 1), ==, "sip:dave@h");
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contacts/named-unique-newest-first", test_named_unique_newest_first);
  return g_test_run ();
}
