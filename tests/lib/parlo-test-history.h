/* parlo-test-history.h — the history tests' folders and stores, and looking into
 * a history file from outside the program that writes it, as the next run of
 * Parlo would after a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "model/parlo-history.h"

G_BEGIN_DECLS

/* A folder of its own for each test, removed afterwards; for g_test_add. */
typedef struct {
  char *directory;
  char *path;         /* directory/history.db, not created yet */
} ParloTestHistoryFixture;

void               parlo_test_history_set_up      (ParloTestHistoryFixture *fixture,
                                                   gconstpointer            data);
void               parlo_test_history_tear_down   (ParloTestHistoryFixture *fixture,
                                                   gconstpointer            data);

/* Opens the history at path, asserting that it opened. */
ParloHistory      *parlo_test_history_open        (const char *path);

/* The store checks the whole file in a thread once it is open; a damaged page is
 * found then. Waits for that check and lets the store go, file closed. */
void               parlo_test_history_close       (ParloHistory **history);
void               parlo_test_history_close_unref (ParloHistory  *history);

/* A store that is closed, its check done, when it goes out of scope. */
typedef ParloHistory ParloTestOpenHistory;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParloTestOpenHistory, parlo_test_history_close_unref)

/* parlo_history_add and parlo_history_update with the result and reason that
 * the recorder gives call, as it writes them. */
gint64             parlo_test_history_add         (ParloHistory *history,
                                                   ParloCall    *call,
                                                   GError      **error);
gboolean           parlo_test_history_update      (ParloHistory *history,
                                                   gint64        id,
                                                   ParloCall    *call,
                                                   GError      **error);

/* Records an outgoing call to uri (named name, or NULL) that was cancelled; its id. */
gint64             parlo_test_history_add_ended_call (ParloHistory *history,
                                                      const char   *uri,
                                                      const char   *name);

/* Runs sql on db, as the file's own tools would; any failure fails the test. */
void               parlo_test_history_exec        (sqlite3    *db,
                                                   const char *sql);

/* What sqlite's "PRAGMA integrity_check" says of the file at path ("ok" when it
 * is sound), through a connection of its own. */
char              *parlo_test_history_integrity   (const char *path);

/* Copies the file at path through a read-only connection of its own while
 * another may be writing it (sqlite's backup API: a consistent snapshot of what
 * is committed), and opens the copy with parlo_history_open, as the next run
 * would if the writer died now. The copy is made in directory. */
ParloHistory      *parlo_test_history_open_copy   (const char *path,
                                                   const char *directory);

/* The one entry history holds (asserts that it holds one). */
ParloHistoryEntry *parlo_test_history_only_entry  (ParloHistory *history);

/* Microseconds since the Unix epoch, 0 for NULL; "now" is g_get_real_time (). */
gint64             parlo_test_history_usec        (GDateTime  *time);

/* Asserts that time was at most slack_us away from expected_us. */
#define parlo_test_assert_time_near(time, expected_us, slack_us)                 \
  G_STMT_START {                                                                 \
    gint64 parlo_time_ = parlo_test_history_usec (time);                         \
    g_assert_cmpint (parlo_time_, !=, 0);                                        \
    g_assert_cmpint (ABS (parlo_time_ - (gint64) (expected_us)), <=, (slack_us)); \
  } G_STMT_END

G_END_DECLS
