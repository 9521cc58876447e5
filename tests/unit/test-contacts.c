/* Contacts from the call history: named peers only, one per address, the most
 * frequent and most recent first, narrowed by what the dialpad has typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/parlo-call-model.h"
#include "model/parlo-contacts.h"
#include "model/parlo-history-model.h"
#include "model/parlo-history-recorder.h"
#include "session/parlo-call-sync.h"

typedef struct {
  ParloCallModel       *calls;
  ParloCallSync        *sync;
  ParloHistory         *history;
  ParloHistoryRecorder *recorder;
  guint                 next_id;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->calls = parlo_call_model_new ();
  fixture->sync = parlo_call_sync_new (NULL, fixture->calls);
  fixture->history = parlo_history_open (":memory:", &error);
  g_assert_no_error (error);
  fixture->recorder = parlo_history_recorder_new (fixture->history, fixture->calls);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->recorder);
  g_clear_object (&fixture->history);
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->calls);
}

static void
apply (ParloCallSync *sync, const char *line)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (parlo_protocol_decode (line, strlen (line), &event, &response, &error));
  parlo_call_sync_apply_event (sync, event);
}

/* One whole incoming call from peer (named or not), through the engine's events. */
static void
call_from (Fixture *fixture, const char *peer, const char *name)
{
  g_autofree char *id = g_strdup_printf ("call-%u", ++fixture->next_id);
  g_autofree char *name_field = name ? g_strdup_printf (",\"peerdisplayname\":\"%s\"", name) : g_strdup ("");
  g_autofree char *incoming = g_strdup_printf (
    "{\"event\":true,\"type\":\"CALL_INCOMING\",\"accountaor\":\"sip:me@h\",\"direction\":\"incoming\","
    "\"peeruri\":\"%s\"%s,\"id\":\"%s\"}", peer, name_field, id);
  g_autofree char *closed = g_strdup_printf (
    "{\"event\":true,\"type\":\"CALL_CLOSED\",\"accountaor\":\"sip:me@h\",\"direction\":\"incoming\","
    "\"peeruri\":\"%s\",\"id\":\"%s\",\"scode\":0,\"local\":false}", peer, id);

  apply (fixture->sync, incoming);
  apply (fixture->sync, closed);
}

static const char *
contact_uri (ParloContacts *contacts, guint position)
{
  g_autoptr(ParloContact) contact = g_list_model_get_item (G_LIST_MODEL (contacts), position);

  g_assert_nonnull (contact);
  return g_intern_string (parlo_contact_get_uri (contact));
}

static void
test_named_only_one_per_address (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloContacts) contacts = parlo_contacts_new (fixture->history, 100);
  g_autoptr(ParloContact) alice = NULL;

  call_from (fixture, "sip:alice@h", "Alice");
  call_from (fixture, "sip:nobody@h", NULL);
  call_from (fixture, "sip:alice@h", NULL);

  /* The unnamed caller is not a contact; Alice is there once, with both calls. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);
  alice = g_list_model_get_item (G_LIST_MODEL (contacts), 0);
  g_assert_cmpstr (parlo_contact_get_name (alice), ==, "Alice");
  g_assert_cmpuint (parlo_contact_get_n_calls (alice), ==, 2);
  g_assert_nonnull (parlo_contact_get_last_call (alice));
}

static void
test_frequent_and_recent_first (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloContacts) contacts = parlo_contacts_new (fixture->history, 100);

  call_from (fixture, "sip:bob@h", "Bob");
  call_from (fixture, "sip:carol@h", "Carol");
  /* Equally often: the more recent first. */
  g_assert_cmpstr (contact_uri (contacts, 0), ==, "sip:carol@h");
  g_assert_cmpstr (contact_uri (contacts, 1), ==, "sip:bob@h");

  call_from (fixture, "sip:bob@h", "Bob");
  call_from (fixture, "sip:bob@h", "Bob");
  call_from (fixture, "sip:dave@h", "Dave");
  /* Bob, called three times today, before Dave who called once, just now. */
  g_assert_cmpstr (contact_uri (contacts, 0), ==, "sip:bob@h");
  g_assert_cmpstr (contact_uri (contacts, 1), ==, "sip:dave@h");
  g_assert_cmpstr (contact_uri (contacts, 2), ==, "sip:carol@h");
}

static void
test_filter_by_name_or_number (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloContacts) contacts = parlo_contacts_new (fixture->history, 100);

  call_from (fixture, "sip:+4930123456@h", "Erika Mustermann");
  call_from (fixture, "sip:frank@h", "Frank");

  parlo_contacts_set_filter (contacts, "must");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);
  g_assert_cmpstr (contact_uri (contacts, 0), ==, "sip:+4930123456@h");

  /* A number typed with spaces finds the address that holds its digits. */
  parlo_contacts_set_filter (contacts, "30 123");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);

  parlo_contacts_set_filter (contacts, "nobody");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 0);

  parlo_contacts_set_filter (contacts, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 2);
}

static void
test_follows_deletes_and_clear (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloContacts) contacts = parlo_contacts_new (fixture->history, 100);
  g_autoptr(ParloHistoryModel) entries = NULL;
  g_autoptr(ParloHistoryEntry) newest = NULL;
  g_autoptr(GError) error = NULL;

  call_from (fixture, "sip:gina@h", "Gina");
  call_from (fixture, "sip:hank@h", "Hank");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 2);

  /* Deleting Hank's only call forgets Hank. */
  entries = parlo_history_model_new (fixture->history);
  newest = g_list_model_get_item (G_LIST_MODEL (entries), 0);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (newest), ==, "sip:hank@h");
  g_assert_true (parlo_history_delete (fixture->history, parlo_history_entry_get_id (newest), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);
  g_assert_cmpstr (contact_uri (contacts, 0), ==, "sip:gina@h");

  g_assert_true (parlo_history_clear (fixture->history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 0);

  /* Recording still works after a clear. */
  call_from (fixture, "sip:ivy@h", "Ivy");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);
}

static void
test_limit (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloContacts) contacts = parlo_contacts_new (fixture->history, 3);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:person%u@h", i);
      g_autofree char *name = g_strdup_printf ("Person %u", i);

      call_from (fixture, uri, name);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 3);
  g_assert_cmpstr (contact_uri (contacts, 0), ==, "sip:person4@h");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/contacts/named-only-one-per-address", Fixture, NULL,
              fixture_set_up, test_named_only_one_per_address, fixture_tear_down);
  g_test_add ("/contacts/frequent-and-recent-first", Fixture, NULL,
              fixture_set_up, test_frequent_and_recent_first, fixture_tear_down);
  g_test_add ("/contacts/filter-by-name-or-number", Fixture, NULL,
              fixture_set_up, test_filter_by_name_or_number, fixture_tear_down);
  g_test_add ("/contacts/follows-deletes-and-clear", Fixture, NULL,
              fixture_set_up, test_follows_deletes_and_clear, fixture_tear_down);
  g_test_add ("/contacts/limit", Fixture, NULL, fixture_set_up, test_limit, fixture_tear_down);
  return g_test_run ();
}
