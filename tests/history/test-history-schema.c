/* The history file: a damaged one is moved aside and never deleted, an empty one
 * is an empty history, a first-release file is migrated, a newer one is not
 * touched, and calls that were going when Parlo stopped come back as interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "parlo-test.h"
#include "parlo-test-history.h"
#include "model/parlo-call-private.h"
#include "model/parlo-contact.h"
#include "model/parlo-history-private.h"

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *statement = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  return value;
}

/* The names in folder that start with prefix. */
static GPtrArray *
names_starting_with (const char *folder, const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The file at path is damaged: after the store opened and checked it, the file
 * lives next to it under another name, the message (and the log) names that file,
 * its bytes are those given, and a fresh empty store that takes calls is in its
 * place. */
static void
assert_moved_aside (ParloTestHistoryFixture *fixture, GBytes *damaged)
{
  g_autoptr(ParloTestOpenHistory) history = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autofree char *moved_path = NULL;
  g_autoptr(GBytes) kept = NULL;
  const char *message;
  g_autofree char *name = NULL;

  /* Said in the log too, naming the new place. */
  g_test_expect_message ("parlo-model", G_LOG_LEVEL_WARNING, "*damaged*history.db.damaged-*");
  history = parlo_test_history_open (fixture->path);
  /* Garbage is seen at once, a damaged page by the check that follows. */
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (history));
  g_test_assert_expected_messages ();
  message = parlo_history_get_recovery_message (history);
  g_assert_nonnull (message);
  g_test_message ("recovery message: %s", message);

  /* The file and, had it one, its write-ahead log; nothing else. */
  moved = names_starting_with (fixture->directory, "history.db.");
  for (guint i = 0; i < moved->len; i++)
    g_assert_true (g_str_has_prefix (moved->pdata[i], "history.db.damaged-"));
  g_ptr_array_sort (moved, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (moved->len, >=, 1);
  name = g_strdup (moved->pdata[0]);
  g_assert_false (g_str_has_suffix (name, "-wal") || g_str_has_suffix (name, "-shm"));
  g_assert_nonnull (strstr (message, name));
  moved_path = g_build_filename (fixture->directory, name, NULL);
  kept = read_file (moved_path);
  g_assert_true (g_bytes_equal (kept, damaged));

  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 0);
  g_assert_cmpint (parlo_test_history_add_ended_call (history, "sip:after@example.net", "After"), >, 0);
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 1);

  /* The new file is sound: opening it again recovers nothing. */
  parlo_test_history_close (&history);
  history = parlo_test_history_open (fixture->path);
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (history));
  g_assert_null (parlo_history_get_recovery_message (history));
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 1);
  g_clear_pointer (&moved, g_ptr_array_unref);
  moved = names_starting_with (fixture->directory, "history.db.damaged-");
  g_assert_cmpstr (moved->pdata[0], ==, name);
}

static void
test_garbage_file (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GByteArray) garbage = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 64 * 1024; i++)
    {
      guint8 byte = g_rand_int_range (rand, 0, 256);
      g_byte_array_append (garbage, &byte, 1);
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&garbage));
  g_file_set_contents (fixture->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  assert_moved_aside (fixture, bytes);
}

/* A real history of 3 000 calls, one page in its middle overwritten. */
static void
test_damaged_page (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  char *contents = NULL;
  gsize length = 0, page_size, middle;
  sqlite3 *db;

  parlo_test_history_close (&(ParloHistory *) { parlo_test_history_open (fixture->path) });
  db = open_raw (fixture->path);
  parlo_test_history_exec (db,
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
            "INSERT INTO calls (account, direction, peer_uri, peer_name, started, answered, ended, result) "
            "SELECT 'sip:me@example.org', i % 2, 'sip:peer' || i || '@example.net', 'Peer number ' || i, "
            "       1600000000000000 + i * 60000000, NULL, 1600000000000000 + i * 60000000 + 5000000, 6 FROM n");
  page_size = query_int (db, "PRAGMA page_size");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM calls"), ==, 3000);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autoptr(ParloTestOpenHistory) history = parlo_test_history_open (fixture->path);

    g_assert_null (parlo_history_get_recovery_message (history));
    g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 3000);
  }

  g_file_get_contents (fixture->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 20 * page_size);
  middle = (length / page_size / 2) * page_size;
  for (gsize i = 0; i < page_size; i++)
    contents[middle + i] = (char) (0x5a ^ i);
  bytes = g_bytes_new_take (contents, length);
  g_file_set_contents (fixture->path, g_bytes_get_data (bytes, NULL), length, &error);
  g_assert_no_error (error);

  assert_moved_aside (fixture, bytes);
}

/* An empty file is an empty database, not a damaged one. */
static void
test_empty_file (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloTestOpenHistory) history = NULL;
  g_autoptr(GPtrArray) moved = NULL;

  g_file_set_contents (fixture->path, "", 0, &error);
  g_assert_no_error (error);
  history = parlo_test_history_open (fixture->path);
  g_assert_null (parlo_history_get_recovery_message (history));
  moved = names_starting_with (fixture->directory, "history.db.");
  g_assert_cmpuint (moved->len, ==, 0);
  g_assert_cmpint (parlo_test_history_add_ended_call (history, "sip:x@example.net", NULL), >, 0);
}

/* Where no file can be: an error that says why, and nothing is moved. */
static void
test_cannot_open (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (fixture->directory, "not-a-folder", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "history.db", NULL);
  const char *paths[] = { fixture->path, under_file };
  g_autoptr(GError) error = NULL;

  /* A folder in the file's place; a file in its folder's place. */
  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  g_file_set_contents (blocker, "keep me", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(ParloHistory) history = NULL;
      g_autoptr(GPtrArray) moved = NULL;
      g_autofree char *kept = NULL;

      g_clear_error (&error);
      history = parlo_history_open (paths[i], &error);
      g_assert_null (history);
      g_assert_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_OPEN);
      g_test_message ("error: %s", error->message);
      /* It names the place it could not use. */
      {
        g_autofree char *folder = g_path_get_dirname (paths[i]);

        g_assert_nonnull (strstr (error->message, folder));
      }

      moved = names_starting_with (fixture->directory, "history.db.");
      g_assert_cmpuint (moved->len, ==, 0);
      g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
      g_file_get_contents (blocker, &kept, NULL, NULL);
      g_assert_cmpstr (kept, ==, "keep me");
    }
}

/* ---- schema version 1, as the first release wrote it ---- */

#define N_V1 1000
#define V1_START G_GINT64_CONSTANT (1577836800000000)  /* 2020-01-01 00:00 UTC */

typedef struct {
  gint64      id;
  const char *account;
  int         direction;
  char       *peer_uri;
  const char *peer_name;   /* NULL: none */
  gint64      started, answered, ended;   /* 0: NULL in the file */
  int         result;
  int         sip_status;
  int         seen;
} V1Record;

static const char *v1_names[] = {
  NULL, "Alice Liddell", "Bob", "Émilie Dupont", "O'Hara \"Scarlett\"", "李小龍", "Zoë Ångström",
  "Carol", "Dave d'Arc",
};

static void
v1_record (guint i, V1Record *r)
{
  guint kind = i % 7;
  guint who = i % G_N_ELEMENTS (v1_names);

  r->id = i + 1;
  r->account = i % 3 == 0 ? "sip:me@example.org" : i % 3 == 1 ? "sip:work@example.com" : "local";
  r->direction = i % 2;
  r->peer_name = v1_names[who];
  if (who == 0)
    r->peer_uri = g_strdup_printf ("sip:+49301234%02u@host%u.example.net", i % 50, i % 4);
  else
    r->peer_uri = g_strdup_printf ("sip:user%u@host%u.example.net", who, who % 4);
  /* Every 17 minutes and 13 seconds, so days turn at different records. */
  r->started = V1_START + (gint64) i * 1033 * G_USEC_PER_SEC + i;
  r->answered = kind == 1 || kind == 5 ? r->started + 7 * G_USEC_PER_SEC : 0;
  r->ended = r->started + (30 + i % 600) * G_USEC_PER_SEC;
  r->result = kind == 0 ? 2 : kind == 1 ? 1 : kind == 2 ? 3 : kind == 3 ? 4 : kind == 4 ? 5 : kind == 5 ? 7 : 6;
  if (r->result == 2)
    r->direction = 0;
  r->sip_status = kind == 3 ? 486 : kind == 4 ? 500 + i % 4 : 0;
  /* The newest few missed calls were never looked at. */
  r->seen = !(r->result == 2 && i >= N_V1 - 70);
  /* The last two were going when the first release stopped. */
  if (i >= N_V1 - 2)
    {
      r->result = 0;
      r->ended = 0;
      r->seen = 1;
    }
}

static void
write_v1_file (const char *path)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *insert = NULL;

  parlo_test_history_exec (db,
            "CREATE TABLE calls (id INTEGER PRIMARY KEY, account TEXT NOT NULL, direction INTEGER NOT NULL, "
            "peer_uri TEXT NOT NULL, peer_name TEXT, started INTEGER NOT NULL, answered INTEGER, ended INTEGER, "
            "result INTEGER NOT NULL, sip_status INTEGER NOT NULL DEFAULT 0, seen INTEGER NOT NULL DEFAULT 1);"
            "CREATE INDEX calls_result ON calls (result);"
            "PRAGMA user_version = 1;"
            "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                       -1, &insert, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < N_V1; i++)
    {
      V1Record r;

      v1_record (i, &r);
      sqlite3_bind_int64 (insert, 1, r.id);
      sqlite3_bind_text (insert, 2, r.account, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 3, r.direction);
      sqlite3_bind_text (insert, 4, r.peer_uri, -1, SQLITE_TRANSIENT);
      if (r.peer_name)
        sqlite3_bind_text (insert, 5, r.peer_name, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (insert, 5);
      sqlite3_bind_int64 (insert, 6, r.started);
      if (r.answered)
        sqlite3_bind_int64 (insert, 7, r.answered);
      else
        sqlite3_bind_null (insert, 7);
      sqlite3_bind_int64 (insert, 8, r.ended);
      sqlite3_bind_int (insert, 9, r.result);
      sqlite3_bind_int (insert, 10, r.sip_status);
      sqlite3_bind_int (insert, 11, r.seen);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
      g_free (r.peer_uri);
    }
  sqlite3_finalize (insert);
  parlo_test_history_exec (db, "COMMIT");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
assert_v1_record (ParloHistoryEntry *entry, guint i)
{
  V1Record r;

  v1_record (i, &r);
  g_assert_nonnull (entry);
  g_assert_cmpint (parlo_history_entry_get_id (entry), ==, r.id);
  g_assert_cmpstr (parlo_history_entry_get_account (entry), ==, r.account);
  g_assert_cmpint (parlo_history_entry_get_direction (entry), ==, r.direction);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, r.peer_uri);
  g_assert_cmpstr (parlo_history_entry_get_peer_name (entry), ==, r.peer_name);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_started (entry)), ==, r.started);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_answered (entry)), ==, r.answered);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (entry), ==, r.sip_status);
  g_assert_null (parlo_history_entry_get_reason (entry));
  g_assert_cmpint (parlo_history_entry_get_seen (entry), ==, r.seen);
  if (r.result == PARLO_HISTORY_RESULT_ONGOING)
    {
      /* Going when the first release stopped: interrupted at its last known moment. */
      g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
      g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), ==,
                       r.answered ? r.answered : r.started);
    }
  else
    {
      g_assert_cmpint (parlo_history_entry_get_result (entry), ==, r.result);
      g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), ==, r.ended);
      g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==,
                        r.answered ? (r.ended - r.answered) / G_USEC_PER_SEC : 0);
    }
  g_free (r.peer_uri);
}

/* What the version 1 records hold, counted as they were checked. */
typedef struct {
  guint  n_named[G_N_ELEMENTS (v1_names)];
  gint64 last_named[G_N_ELEMENTS (v1_names)];
  guint  n_missed, n_unseen, n_host3, n_number_07;
} V1Counts;

/* Every record as it was, by id and in the list, newest first. */
static void
assert_v1_records (ParloHistory *history, V1Counts *counts)
{
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, N_V1);
  all = parlo_history_fetch (history, NULL, FALSE, 0, N_V1 + 10);
  g_assert_cmpuint (all->len, ==, N_V1);
  for (guint i = 0; i < N_V1; i++)
    {
      g_autoptr(ParloHistoryEntry) entry = parlo_history_lookup (history, i + 1);
      V1Record r;

      assert_v1_record (entry, i);
      assert_v1_record (all->pdata[N_V1 - 1 - i], i);
      v1_record (i, &r);
      counts->n_named[i % G_N_ELEMENTS (v1_names)]++;
      counts->last_named[i % G_N_ELEMENTS (v1_names)] = r.started;
      counts->n_missed += r.result == PARLO_HISTORY_RESULT_MISSED;
      counts->n_unseen += r.result == PARLO_HISTORY_RESULT_MISSED && !r.seen;
      counts->n_host3 += strstr (r.peer_uri, "@host3.") != NULL;
      counts->n_number_07 += g_str_has_prefix (r.peer_uri, "sip:+4930123407@");
      g_free (r.peer_uri);
    }
  g_assert_cmpuint (counts->n_unseen, >, 0);
  g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, counts->n_unseen);
  g_assert_cmpuint (parlo_history_count (history, NULL, TRUE), ==, counts->n_missed);
}

/* Search finds migrated records by name, in any case, and by address. */
static void
assert_v1_search (ParloHistory *history, const V1Counts *counts)
{
  g_autoptr(GPtrArray) found = NULL;

  g_assert_cmpuint (parlo_history_count (history, "Dupont", FALSE), ==, counts->n_named[3]);
  g_assert_cmpuint (parlo_history_count (history, "émilie dupont", FALSE), ==, counts->n_named[3]);
  g_assert_cmpuint (parlo_history_count (history, "\"Scarlett\"", FALSE), ==, counts->n_named[4]);
  g_assert_cmpuint (parlo_history_count (history, "小龍", FALSE), ==, counts->n_named[5]);
  g_assert_cmpuint (parlo_history_count (history, "Ångström", FALSE), ==, counts->n_named[6]);
  g_assert_cmpuint (parlo_history_count (history, "d'Arc", FALSE), ==, counts->n_named[8]);
  g_assert_cmpuint (parlo_history_count (history, "@host3.example", FALSE), ==, counts->n_host3);
  g_assert_cmpuint (parlo_history_count (history, "+49 30 1234 07", FALSE), ==, counts->n_number_07);
  g_assert_cmpuint (parlo_history_count (history, "Nobody Here", FALSE), ==, 0);

  found = parlo_history_fetch (history, "Dupont", FALSE, 0, 5);
  g_assert_cmpuint (found->len, ==, 5);
  for (guint i = 0; i < found->len; i++)
    {
      g_assert_cmpstr (parlo_history_entry_get_peer_name (found->pdata[i]), ==, "Émilie Dupont");
      if (i > 0)
        g_assert_cmpint (parlo_history_entry_get_id (found->pdata[i]), <,
                         parlo_history_entry_get_id (found->pdata[i - 1]));
    }
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_started (found->pdata[0])), ==,
                   counts->last_named[3]);
}

/* Contacts come from the migrated records: each named peer once, with its
 * number of calls and the last of them; nobody without a name. */
static void
assert_v1_contacts (ParloHistory *history, const V1Counts *counts)
{
  g_autoptr(GPtrArray) contacts = parlo_history_find_contacts (history, NULL, 1000);

  g_assert_cmpuint (contacts->len, ==, G_N_ELEMENTS (v1_names) - 1);
  for (guint i = 0; i < contacts->len; i++)
    {
      ParloContact *contact = contacts->pdata[i];
      g_autofree char *uri_start = NULL;
      guint who = 0;

      for (guint k = 1; k < G_N_ELEMENTS (v1_names); k++)
        if (g_strcmp0 (parlo_contact_get_name (contact), v1_names[k]) == 0)
          who = k;
      g_assert_cmpuint (who, !=, 0);
      uri_start = g_strdup_printf ("sip:user%u@", who);
      g_assert_true (g_str_has_prefix (parlo_contact_get_uri (contact), uri_start));
      g_assert_cmpuint (parlo_contact_get_n_calls (contact), ==, counts->n_named[who]);
      g_assert_cmpint (parlo_test_history_usec (parlo_contact_get_last_call (contact)), ==, counts->last_named[who]);
    }
  g_clear_pointer (&contacts, g_ptr_array_unref);
  contacts = parlo_history_find_contacts (history, "Dupont", 1000);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (parlo_contact_get_name (contacts->pdata[0]), ==, "Émilie Dupont");
}

static void
test_migrate_v1 (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(ParloTestOpenHistory) history = NULL;
  V1Counts counts = { { 0 } };
  sqlite3 *db;

  write_v1_file (fixture->path);
  history = parlo_test_history_open (fixture->path);
  PARLO_TEST_WAIT_UNTIL (parlo_history_get_checked (history));
  g_assert_null (parlo_history_get_recovery_message (history));

  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, PARLO_HISTORY_SCHEMA_VERSION);
  /* Version 3: nothing was known of the audio of older calls. */
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM calls WHERE media != 0"), ==, 0);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  assert_v1_records (history, &counts);
  assert_v1_search (history, &counts);
  assert_v1_contacts (history, &counts);

  /* The migrated file takes new calls, and opens again without migrating. */
  g_assert_cmpint (parlo_test_history_add_ended_call (history, "sip:new@example.net", "Émilie Dupont"), ==,
                   N_V1 + 1);
  g_assert_cmpuint (parlo_history_count (history, "Dupont", FALSE), ==, counts.n_named[3] + 1);
  parlo_test_history_close (&history);
  history = parlo_test_history_open (fixture->path);
  g_assert_null (parlo_history_get_recovery_message (history));
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, N_V1 + 1);
  g_assert_cmpuint (parlo_history_count (history, "Dupont", FALSE), ==, counts.n_named[3] + 1);
}

/* The SHA-256 of each migration's text as it was released. Files on people's
 * disks ran exactly that text, so it never changes: a new schema is a new
 * migration, and its checksum joins the list once it is released. */
static const char *const released_migrations[] = {
  "df122d0c67f7f571aabb1f297bf6080f8fc30673ecfda3e955aa0777726c8ad4",
  "b80c26ae81a6e9ee899b6a52e927a80ef1f0660f8b0db25f6d6872ffda753e4f",
};

static void
test_migrations_as_released (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_assert_cmpuint (G_N_ELEMENTS (released_migrations), <=, PARLO_HISTORY_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (released_migrations); i++)
    {
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, parlo_history_migrations[i], -1);

      g_test_message ("migration %u", i + 1);
      g_assert_cmpstr (sum, ==, released_migrations[i]);
    }
}

/* What sqlite's planner would do with sql on db, its steps joined by "; ". */
static char *
query_plan (sqlite3 *db, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (db, explain, -1, &statement, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_string_append_printf (plan, "%s%s", plan->len ? "; " : "", sqlite3_column_text (statement, 3));
  sqlite3_finalize (statement);
  return g_string_free (plan, FALSE);
}

/* The unseen missed calls are read and marked seen through their partial index,
 * which only a query that spells its terms as the index does can use. */
static void
test_unseen_missed_index (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  static const char *const queries[] = {
    "SELECT COUNT (*) FROM calls " PARLO_HISTORY_UNSEEN_MISSED,
    "SELECT * FROM calls " PARLO_HISTORY_UNSEEN_MISSED " ORDER BY id DESC LIMIT 1",
    "UPDATE calls INDEXED BY calls_unseen_missed SET seen = 1 WHERE " PARLO_HISTORY_UNSEEN_MISSED_TERM,
  };
  sqlite3 *db;

  parlo_test_history_close (&(ParloHistory *) { parlo_test_history_open (fixture->path) });
  db = open_raw (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *plan = query_plan (db, queries[i]);

      g_test_message ("%s: %s", queries[i], plan);
      g_assert_nonnull (strstr (plan, "INDEX calls_unseen_missed"));
    }
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A newer file than this build knows is not touched. */
static void
test_newer_schema (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloHistory) history = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  sqlite3 *db;

  parlo_test_history_close (&(ParloHistory *) { parlo_test_history_open (fixture->path) });
  db = open_raw (fixture->path);
  parlo_test_history_exec (db, "PRAGMA user_version = 99");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = read_file (fixture->path);

  history = parlo_history_open (fixture->path, &error);
  g_assert_null (history);
  g_assert_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_OPEN);
  g_test_message ("error: %s", error->message);
  after = read_file (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  moved = names_starting_with (fixture->directory, "history.db.");
  g_assert_cmpuint (moved->len, ==, 0);
}

/* Calls that were going when Parlo stopped are interrupted, ended when they were
 * last known to be going. */
static void
test_ongoing_become_interrupted (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(ParloTestOpenHistory) history = parlo_test_history_open (fixture->path);
  g_autoptr(ParloCall) ringing = parlo_call_new ("r", "sip:me@example.org", PARLO_CALL_DIRECTION_INCOMING,
                                                 "sip:ringing@example.net", "Ringing");
  g_autoptr(ParloCall) talking = parlo_call_new ("t", "sip:me@example.org", PARLO_CALL_DIRECTION_OUTGOING,
                                                 "sip:talking@example.net", "Talking");
  g_autoptr(ParloCall) done = parlo_call_new ("d", "sip:me@example.org", PARLO_CALL_DIRECTION_OUTGOING,
                                              "sip:done@example.net", "Done");
  g_autoptr(ParloHistoryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ringing_id, talking_id, done_id, touched, reopened;

  ringing_id = parlo_test_history_add (history, ringing, &error);
  talking_id = parlo_test_history_add (history, talking, &error);
  done_id = parlo_test_history_add (history, done, &error);
  g_assert_no_error (error);
  parlo_call_set_state (talking, PARLO_CALL_STATE_ESTABLISHED);
  g_assert_true (parlo_test_history_update (history, talking_id, talking, &error));
  parlo_call_set_state (done, PARLO_CALL_STATE_ESTABLISHED);
  parlo_call_end (done, PARLO_CALL_END_HANGUP_LOCAL, 0, NULL);
  g_assert_true (parlo_test_history_update (history, done_id, done, &error));
  g_usleep (50000);
  touched = g_get_real_time ();
  g_assert_true (parlo_history_touch (history, talking_id, &error));
  g_assert_no_error (error);
  g_usleep (50000);

  parlo_test_history_close (&history);
  reopened = g_get_real_time ();
  history = parlo_test_history_open (fixture->path);

  entry = parlo_history_lookup (history, talking_id);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_answered (entry)), ==,
                   parlo_test_history_usec (parlo_call_get_answered (talking)));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), >=, touched);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), <, reopened);
  g_clear_object (&entry);

  entry = parlo_history_lookup (history, ringing_id);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_INTERRUPTED);
  g_assert_null (parlo_history_entry_get_answered (entry));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), >=,
                   parlo_test_history_usec (parlo_call_get_started (ringing)));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), <, reopened);
  g_clear_object (&entry);

  entry = parlo_history_lookup (history, done_id);
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_ANSWERED);
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), ==,
                   parlo_test_history_usec (parlo_call_get_ended (done)));
  g_clear_object (&entry);
  /* An interrupted call is not a missed one. */
  g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, 0);
}

#define ADD(name, func)                                                                      \
  g_test_add ("/history/schema/" name, ParloTestHistoryFixture, NULL, parlo_test_history_set_up, \
              func, parlo_test_history_tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("garbage-file-moved-aside", test_garbage_file);
  ADD ("damaged-page-moved-aside", test_damaged_page);
  ADD ("empty-file", test_empty_file);
  ADD ("cannot-open", test_cannot_open);
  ADD ("migrate-v1", test_migrate_v1);
  ADD ("migrations-as-released", test_migrations_as_released);
  ADD ("unseen-missed-index", test_unseen_missed_index);
  ADD ("newer-schema-untouched", test_newer_schema);
  ADD ("ongoing-become-interrupted", test_ongoing_become_interrupted);
  return g_test_run ();
}
