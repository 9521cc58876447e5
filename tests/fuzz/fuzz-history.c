/* Fuzz target: opening a damaged call history (model/parlo-history*.c).
 *
 * The input is a whole history.db file. It is written where Parlo keeps its
 * history (a scratch folder made once per run) and opened as at start-up: the
 * store opens and migrates it, moves a damaged file aside and starts a new one,
 * then runs its integrity check in a thread and recovers from what that finds.
 * Then every query behind the history list, the search and the contact
 * suggestions reads the rows, and every field of every entry is read as the
 * list's rows read them. Errors are expected; a crash, a critical warning, a
 * leak or a hang is a finding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include <glib/gstdio.h>

#include "parlo-contact.h"
#include "parlo-history.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Rows read per query: more than a damaged file's few pages hold. */
#define FETCH_LIMIT 200

static char *scratch;
static char *path;

static void
remove_scratch_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, NULL);
  const char *name;

  /* history.db, its -wal and -shm, and what was moved aside */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (scratch, name, NULL);

      if (g_unlink (file) != 0)
        g_error ("could not remove %s", file);
    }
}

static void
remove_scratch (void)
{
  remove_scratch_files ();
  g_rmdir (scratch);
}

/* A damaged file makes the store warn on every input; that is expected and
 * would only slow the run down. Criticals and errors still go out (and are
 * fatal with G_DEBUG=fatal-criticals, as in the suite). */
static GLogWriterOutput
drop_warnings (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_log_set_writer_func (drop_warnings, NULL, NULL);

  scratch = g_dir_make_tmp ("parlo-fuzz-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (scratch, "history.db", NULL);
  atexit (remove_scratch);
  return 0;
}

static void
read_entry (ParloHistory *history, ParloHistoryEntry *entry)
{
  gint64 id = parlo_history_entry_get_id (entry);
  g_autoptr(ParloHistoryEntry) again = parlo_history_lookup (history, id);
  const char *texts[] = {
    parlo_history_entry_get_account (entry),
    parlo_history_entry_get_peer_uri (entry),
    parlo_history_entry_get_peer_name (entry),
    parlo_history_entry_get_reason (entry),
  };
  GDateTime *times[] = {
    parlo_history_entry_get_started (entry),
    parlo_history_entry_get_answered (entry),
    parlo_history_entry_get_ended (entry),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && !g_utf8_validate (texts[i], -1, NULL))
      g_error ("entry %" G_GINT64_FORMAT " holds text that is not UTF-8", id);
  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    if (times[i] != NULL)
      g_free (g_date_time_format (times[i], "%x %X"));
  if (again != NULL && parlo_history_entry_get_id (again) != id)
    g_error ("looking up entry %" G_GINT64_FORMAT " found another one", id);
  (void) parlo_history_entry_get_direction (entry);
  (void) parlo_history_entry_get_result (entry);
  (void) parlo_history_entry_get_sip_status (entry);
  (void) parlo_history_entry_get_media (entry);
  (void) parlo_history_entry_get_seen (entry);
  (void) parlo_history_entry_get_duration (entry);
  (void) parlo_history_count_newer (history, NULL, FALSE, id);
  (void) parlo_history_matches (history, "a", FALSE, id);
}

static void
read_list (ParloHistory *history, const char *search, gboolean missed_only)
{
  g_autoptr(GPtrArray) first = NULL;

  (void) parlo_history_count (history, search, missed_only);
  first = parlo_history_fetch (history, search, missed_only, 0, FETCH_LIMIT);
  for (guint i = 0; i < first->len; i++)
    read_entry (history, g_ptr_array_index (first, i));
  if (first->len > 0)
    {
      ParloHistoryEntry *last = g_ptr_array_index (first, first->len - 1);
      g_autoptr(GPtrArray) older = parlo_history_fetch_older (history, search, missed_only,
                                                              parlo_history_entry_get_id (last), FETCH_LIMIT);
      (void) older;
    }
}

static void
read_contacts (ParloHistory *history, const char *text)
{
  g_autoptr(GPtrArray) contacts = parlo_history_find_contacts (history, text, FETCH_LIMIT);

  for (guint i = 0; i < contacts->len; i++)
    {
      ParloContact *contact = g_ptr_array_index (contacts, i);
      const char *name = parlo_contact_get_name (contact);
      const char *uri = parlo_contact_get_uri (contact);
      GDateTime *last = parlo_contact_get_last_call (contact);

      if ((name != NULL && !g_utf8_validate (name, -1, NULL)) ||
          (uri != NULL && !g_utf8_validate (uri, -1, NULL)))
        g_error ("a contact holds text that is not UTF-8");
      if (last != NULL)
        g_free (g_date_time_format (last, "%x %X"));
    }
}

static void
read_history (ParloHistory *history)
{
  g_autoptr(ParloHistoryEntry) unseen = NULL;

  read_list (history, NULL, FALSE);
  read_list (history, NULL, TRUE);
  read_list (history, "bob", FALSE);
  read_list (history, "+49 30", FALSE);
  read_contacts (history, NULL);
  read_contacts (history, "a");
  (void) parlo_history_get_unseen_missed (history);
  unseen = parlo_history_latest_unseen_missed (history);
  (void) parlo_history_get_recovery_message (history);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ParloHistory) history = NULL;

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("could not write %s: %s", path, error->message);

  history = parlo_history_open (path, &error);
  if (history != NULL)
    {
      read_history (history);
      /* the integrity check, and the recovery when it finds damage */
      while (!parlo_history_get_checked (history))
        g_main_context_iteration (NULL, TRUE);
      read_history (history);
    }

  g_clear_object (&history);
  remove_scratch_files ();
  return 0;
}
