/* The history store's records: every field of a call survives the file, each way
 * a call can end is recorded as it should be, missed calls wait to be looked at,
 * and records can be deleted one by one or all at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test.h"
#include "parlo-test-history.h"
#include "model/parlo-call-private.h"
#include "model/parlo-history.h"

/* What the store's signals said, in order: "added 3", "changed 3", "cleared". */
typedef struct {
  GPtrArray *events;
} SignalLog;

static void
on_added (ParloHistory *history, gint64 id, SignalLog *log)
{
  g_ptr_array_add (log->events, g_strdup_printf ("added %" G_GINT64_FORMAT, id));
}

static void
on_changed (ParloHistory *history, gint64 id, SignalLog *log)
{
  g_ptr_array_add (log->events, g_strdup_printf ("changed %" G_GINT64_FORMAT, id));
}

static void
on_removed (ParloHistory *history, gint64 id, SignalLog *log)
{
  g_ptr_array_add (log->events, g_strdup_printf ("removed %" G_GINT64_FORMAT, id));
}

static void
on_cleared (ParloHistory *history, SignalLog *log)
{
  g_ptr_array_add (log->events, g_strdup ("cleared"));
}

static void
signal_log_connect (SignalLog *log, ParloHistory *history)
{
  log->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (history, "added", G_CALLBACK (on_added), log);
  g_signal_connect (history, "changed", G_CALLBACK (on_changed), log);
  g_signal_connect (history, "removed", G_CALLBACK (on_removed), log);
  g_signal_connect (history, "cleared", G_CALLBACK (on_cleared), log);
}

/* The events logged since the last call, joined by ", ", and forgets them. */
static char *
signal_log_take (SignalLog *log)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < log->events->len; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", (char *) log->events->pdata[i]);
  g_ptr_array_set_size (log->events, 0);
  return g_string_free (text, FALSE);
}

#define ASSERT_SIGNALS(log, expected)                                          \
  G_STMT_START {                                                               \
    g_autofree char *parlo_logged_ = signal_log_take (log);                    \
    g_assert_cmpstr (parlo_logged_, ==, expected);                             \
  } G_STMT_END

/* The entry for id, asserting that it holds what call holds. */
static ParloHistoryEntry *
assert_entry_matches_call (ParloHistory *history, gint64 id, ParloCall *call, ParloHistoryResult result)
{
  ParloHistoryEntry *entry = parlo_history_lookup (history, id);

  g_assert_nonnull (entry);
  g_assert_cmpint (parlo_history_entry_get_id (entry), ==, id);
  g_assert_cmpstr (parlo_history_entry_get_account (entry), ==, parlo_call_get_account (call));
  g_assert_cmpint (parlo_history_entry_get_direction (entry), ==, parlo_call_get_direction (call));
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (entry), ==, parlo_call_get_peer_uri (call));
  g_assert_cmpstr (parlo_history_entry_get_peer_name (entry), ==, parlo_call_get_peer_name (call));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_started (entry)), ==,
                   parlo_test_history_usec (parlo_call_get_started (call)));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_answered (entry)), ==,
                   parlo_test_history_usec (parlo_call_get_answered (call)));
  g_assert_cmpint (parlo_test_history_usec (parlo_history_entry_get_ended (entry)), ==,
                   parlo_test_history_usec (parlo_call_get_ended (call)));
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, result);
  g_assert_cmpuint (parlo_history_entry_get_sip_status (entry), ==, parlo_call_get_end_status (call));
  return entry;
}

/* A call from start to end through add and update, every field compared after
 * each write and again after the file was closed and opened. */
static void
test_round_trip (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(ParloTestOpenHistory) history = parlo_test_history_open (fixture->path);
  g_autoptr(ParloCall) call = parlo_call_new ("c1", "sip:me@example.org", PARLO_CALL_DIRECTION_OUTGOING,
                                              "sip:bob@example.com;transport=tcp",
                                              "Bob \"Bobby\" O'Brien – Ünïcødé");
  g_autoptr(ParloHistoryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *changed = NULL;
  SignalLog log;
  gint64 id;

  g_assert_null (parlo_history_get_recovery_message (history));
  g_assert_cmpstr (parlo_history_get_path (history), ==, fixture->path);
  signal_log_connect (&log, history);

  id = parlo_test_history_add (history, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  changed = g_strdup_printf ("changed %" G_GINT64_FORMAT, id);
  expected = g_strdup_printf ("added %" G_GINT64_FORMAT, id);
  ASSERT_SIGNALS (&log, expected);
  entry = assert_entry_matches_call (history, id, call, PARLO_HISTORY_RESULT_ONGOING);
  g_assert_null (parlo_history_entry_get_answered (entry));
  g_assert_null (parlo_history_entry_get_ended (entry));
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==, 0);
  g_clear_object (&entry);

  g_usleep (20000);
  parlo_call_set_state (call, PARLO_CALL_STATE_ESTABLISHED);
  g_assert_true (parlo_test_history_update (history, id, call, &error));
  g_assert_no_error (error);
  ASSERT_SIGNALS (&log, changed);
  entry = assert_entry_matches_call (history, id, call, PARLO_HISTORY_RESULT_ONGOING);
  g_assert_nonnull (parlo_history_entry_get_answered (entry));
  g_clear_object (&entry);

  g_usleep (1100000);
  parlo_call_end (call, PARLO_CALL_END_HANGUP_REMOTE, 200, "Bye \"now\"");
  g_assert_true (parlo_test_history_update (history, id, call, &error));
  g_assert_no_error (error);
  ASSERT_SIGNALS (&log, changed);
  entry = assert_entry_matches_call (history, id, call, PARLO_HISTORY_RESULT_ANSWERED);
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==, 1);
  g_assert_true (parlo_history_entry_get_seen (entry));
  g_clear_object (&entry);

  /* The same from the file, in a store that did not write it. */
  parlo_test_history_close (&history);
  history = parlo_test_history_open (fixture->path);
  g_assert_null (parlo_history_get_recovery_message (history));
  entry = assert_entry_matches_call (history, id, call, PARLO_HISTORY_RESULT_ANSWERED);
  g_assert_cmpuint (parlo_history_entry_get_duration (entry), ==, 1);
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 1);
  g_ptr_array_unref (log.events);
}

typedef struct {
  ParloCallDirection direction;
  const char        *peer_name;      /* NULL: the peer gave none */
  gboolean           answer;
  ParloCallEndReason reason;
  guint              status;
  const char        *message;
  ParloHistoryResult result;
} Outcome;

/* How each way a call can end is recorded: result, SIP status and reason. */
static void
test_results (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  static const Outcome outcomes[] = {
    { PARLO_CALL_DIRECTION_INCOMING, "Carol", TRUE, PARLO_CALL_END_HANGUP_LOCAL, 0, NULL, PARLO_HISTORY_RESULT_ANSWERED },
    { PARLO_CALL_DIRECTION_INCOMING, NULL, FALSE, PARLO_CALL_END_CANCELLED, 487, "Request Terminated", PARLO_HISTORY_RESULT_MISSED },
    { PARLO_CALL_DIRECTION_INCOMING, "Dave", FALSE, PARLO_CALL_END_NO_ANSWER, 408, "Request Timeout", PARLO_HISTORY_RESULT_MISSED },
    { PARLO_CALL_DIRECTION_INCOMING, "Eve", FALSE, PARLO_CALL_END_DECLINED, 603, "Decline", PARLO_HISTORY_RESULT_DECLINED },
    { PARLO_CALL_DIRECTION_OUTGOING, "Frank", FALSE, PARLO_CALL_END_DECLINED, 603, "Decline", PARLO_HISTORY_RESULT_DECLINED },
    { PARLO_CALL_DIRECTION_OUTGOING, "Grace", FALSE, PARLO_CALL_END_BUSY, 486, "Busy Here", PARLO_HISTORY_RESULT_BUSY },
    { PARLO_CALL_DIRECTION_OUTGOING, NULL, FALSE, PARLO_CALL_END_FAILED, 503, "Service Unavailable", PARLO_HISTORY_RESULT_FAILED },
    { PARLO_CALL_DIRECTION_OUTGOING, "Heidi", FALSE, PARLO_CALL_END_CANCELLED, 0, NULL, PARLO_HISTORY_RESULT_CANCELLED },
    { PARLO_CALL_DIRECTION_OUTGOING, "Ivan", TRUE, PARLO_CALL_END_INTERRUPTED, 0, "The engine stopped", PARLO_HISTORY_RESULT_INTERRUPTED },
  };
  g_autoptr(ParloTestOpenHistory) history = parlo_test_history_open (fixture->path);
  gint64 ids[G_N_ELEMENTS (outcomes)];

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      const Outcome *o = &outcomes[i];
      g_autofree char *call_id = g_strdup_printf ("call-%u", i);
      g_autofree char *uri = g_strdup_printf ("sip:peer%u@example.net", i);
      g_autoptr(ParloCall) call = parlo_call_new (call_id, "sip:me@example.org", o->direction, uri, o->peer_name);
      g_autoptr(ParloHistoryEntry) entry = NULL;
      g_autoptr(GError) error = NULL;

      ids[i] = parlo_test_history_add (history, call, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ids[i], >, i ? ids[i - 1] : 0);
      if (o->answer)
        parlo_call_set_state (call, PARLO_CALL_STATE_ESTABLISHED);
      parlo_call_end (call, o->reason, o->status, o->message);
      g_assert_true (parlo_test_history_update (history, ids[i], call, &error));
      g_assert_no_error (error);

      g_test_message ("outcome %u", i);
      entry = assert_entry_matches_call (history, ids[i], call, o->result);
      g_assert_cmpstr (parlo_history_entry_get_reason (entry), ==, o->message);
      /* Only a missed call waits to be looked at. */
      g_assert_cmpint (parlo_history_entry_get_seen (entry), ==, o->result != PARLO_HISTORY_RESULT_MISSED);
    }

  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, G_N_ELEMENTS (outcomes));
  g_assert_cmpuint (parlo_history_count (history, NULL, TRUE), ==, 2);
  g_assert_cmpuint (parlo_history_count (history, "Dave", FALSE), ==, 1);
  g_assert_cmpuint (parlo_history_count (history, "Dave", TRUE), ==, 1);
  g_assert_cmpuint (parlo_history_count (history, "Eve", TRUE), ==, 0);
  g_assert_cmpuint (parlo_history_count (history, "peer6@", FALSE), ==, 1);
}

static void
on_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* Missed calls count as unseen until marked seen; the count follows adds, deletes
 * and clear, and says so through "notify::unseen-missed". */
static void
test_unseen_missed (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(ParloTestOpenHistory) history = parlo_test_history_open (fixture->path);
  g_autoptr(ParloHistoryEntry) latest = NULL;
  g_autoptr(ParloHistoryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;
  gint64 missed[3];

  g_signal_connect (history, "notify::unseen-missed", G_CALLBACK (on_notify), &notified);
  g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, 0);
  g_assert_null (parlo_history_latest_unseen_missed (history));

  for (guint i = 0; i < G_N_ELEMENTS (missed); i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:caller%u@example.net", i);
      g_autoptr(ParloCall) call = parlo_call_new (uri, "sip:me@example.org", PARLO_CALL_DIRECTION_INCOMING, uri, NULL);
      g_autoptr(ParloCall) answered = parlo_call_new ("a", "sip:me@example.org", PARLO_CALL_DIRECTION_INCOMING, uri, NULL);
      gint64 answered_id;

      missed[i] = parlo_test_history_add (history, call, &error);
      g_assert_no_error (error);
      /* Ringing is not missed yet. */
      g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, i);
      parlo_call_end (call, PARLO_CALL_END_CANCELLED, 487, NULL);
      g_assert_true (parlo_test_history_update (history, missed[i], call, &error));
      g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, i + 1);

      answered_id = parlo_test_history_add (history, answered, &error);
      parlo_call_set_state (answered, PARLO_CALL_STATE_ESTABLISHED);
      parlo_call_end (answered, PARLO_CALL_END_HANGUP_REMOTE, 0, NULL);
      g_assert_true (parlo_test_history_update (history, answered_id, answered, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, i + 1);
    }
  g_assert_cmpuint (notified, >=, 3);
  latest = parlo_history_latest_unseen_missed (history);
  g_assert_nonnull (latest);
  g_assert_cmpint (parlo_history_entry_get_id (latest), ==, missed[2]);
  g_assert_cmpstr (parlo_history_entry_get_peer_uri (latest), ==, "sip:caller2@example.net");

  /* Deleting an unseen missed call takes it from the count. */
  notified = 0;
  g_assert_true (parlo_history_delete (history, missed[2], &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, 2);
  g_assert_cmpuint (notified, ==, 1);
  g_clear_object (&latest);
  latest = parlo_history_latest_unseen_missed (history);
  g_assert_cmpint (parlo_history_entry_get_id (latest), ==, missed[1]);

  notified = 0;
  parlo_history_mark_missed_seen (history);
  g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_null (parlo_history_latest_unseen_missed (history));
  entry = parlo_history_lookup (history, missed[0]);
  g_assert_true (parlo_history_entry_get_seen (entry));
  g_assert_cmpint (parlo_history_entry_get_result (entry), ==, PARLO_HISTORY_RESULT_MISSED);
  /* Still missed calls, only seen. */
  g_assert_cmpuint (parlo_history_count (history, NULL, TRUE), ==, 2);

  /* Seen stays seen in the file. */
  parlo_test_history_close (&history);
  history = parlo_test_history_open (fixture->path);
  g_assert_cmpuint (parlo_history_get_unseen_missed (history), ==, 0);
}

/* delete takes one record, clear all of them; each says so once. */
static void
test_delete_and_clear (ParloTestHistoryFixture *fixture, gconstpointer data)
{
  g_autoptr(ParloTestOpenHistory) history = parlo_test_history_open (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  SignalLog log;
  gint64 first, second, third;

  first = parlo_test_history_add_ended_call (history, "sip:one@example.net", "One");
  second = parlo_test_history_add_ended_call (history, "sip:two@example.net", "Two");
  third = parlo_test_history_add_ended_call (history, "sip:three@example.net", "Three");
  signal_log_connect (&log, history);

  g_assert_true (parlo_history_delete (history, second, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("removed %" G_GINT64_FORMAT, second);
  ASSERT_SIGNALS (&log, expected);
  g_assert_null (parlo_history_lookup (history, second));
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 2);
  g_assert_cmpuint (parlo_history_count (history, "Two", FALSE), ==, 0);
  g_assert_false (parlo_history_matches (history, NULL, FALSE, second));
  g_assert_true (parlo_history_matches (history, NULL, FALSE, first));
  g_assert_cmpuint (parlo_history_count_newer (history, NULL, FALSE, first), ==, 1);

  /* What is gone cannot go again, nor change: an error, and nothing said. */
  g_assert_false (parlo_history_delete (history, second, &error));
  g_assert_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_WRITE);
  g_clear_error (&error);
  {
    g_autoptr(ParloCall) call = parlo_call_new ("x", "sip:me@example.org", PARLO_CALL_DIRECTION_OUTGOING,
                                                "sip:two@example.net", "Two");

    g_assert_false (parlo_test_history_update (history, second, call, &error));
    g_assert_error (error, PARLO_HISTORY_ERROR, PARLO_HISTORY_ERROR_WRITE);
    g_clear_error (&error);
  }
  ASSERT_SIGNALS (&log, "");
  g_assert_null (parlo_history_lookup (history, second));

  {
    g_autoptr(GPtrArray) rest = parlo_history_fetch (history, NULL, FALSE, 0, 10);

    g_assert_cmpuint (rest->len, ==, 2);
    g_assert_cmpint (parlo_history_entry_get_id (rest->pdata[0]), ==, third);
    g_assert_cmpint (parlo_history_entry_get_id (rest->pdata[1]), ==, first);
  }

  g_assert_true (parlo_history_clear (history, &error));
  g_assert_no_error (error);
  ASSERT_SIGNALS (&log, "cleared");
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 0);
  g_assert_null (parlo_history_lookup (history, first));
  g_assert_null (parlo_history_lookup (history, third));
  {
    g_autoptr(GPtrArray) contacts = parlo_history_find_contacts (history, NULL, 10);

    g_assert_cmpuint (contacts->len, ==, 0);
  }

  /* Cleared in the file too, and the store still takes new calls. */
  parlo_test_history_close (&history);
  history = parlo_test_history_open (fixture->path);
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 0);
  g_assert_cmpint (parlo_test_history_add_ended_call (history, "sip:four@example.net", "Four"), >, 0);
  g_assert_cmpuint (parlo_history_count (history, NULL, FALSE), ==, 1);
  g_ptr_array_unref (log.events);
}

#define ADD(name, func)                                                                     \
  g_test_add ("/history/store/" name, ParloTestHistoryFixture, NULL, parlo_test_history_set_up, \
              func, parlo_test_history_tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("round-trip", test_round_trip);
  ADD ("results", test_results);
  ADD ("unseen-missed", test_unseen_missed);
  ADD ("delete-and-clear", test_delete_and_clear);
  return g_test_run ();
}
