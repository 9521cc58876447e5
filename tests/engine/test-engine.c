/* Two (or three) real baresip engines with our bridge module, on 127.0.0.1, driven
 * through ParloEngine and observed through their call models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <glib/gstdio.h>

#include "parlo-test.h"

typedef struct {
  ParloTestPeer *a;
  ParloTestPeer *b;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->a = parlo_test_peer_new ("alice");
  fixture->b = parlo_test_peer_new ("bob");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  parlo_test_peer_free (fixture->a);
  parlo_test_peer_free (fixture->b);
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

static void
collect_ended (ParloCallModel *model, ParloCall *call, GPtrArray *ended)
{
  g_ptr_array_add (ended, g_object_ref (call));
}

/* A dials B; returns both sides' calls once B's is there, ringing. */
static void
ring (ParloTestPeer *a, ParloTestPeer *b, ParloCall **a_call, ParloCall **b_call)
{
  guint b_before = n_calls (b);
  g_autofree char *call_id = parlo_test_peer_dial (a, b);

  *a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (n_calls (b) == b_before + 1);
  *b_call = parlo_test_peer_call (b, b_before);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*b_call) == PARLO_CALL_STATE_INCOMING);
}

/* A dials B and B answers; returns both sides' calls, established. */
static void
connect_call (ParloTestPeer *a, ParloTestPeer *b, ParloCall **a_call, ParloCall **b_call)
{
  ring (a, b, a_call, b_call);
  parlo_test_peer_answer (b, *b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (*a_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (*b_call) == PARLO_CALL_STATE_ESTABLISHED);
}

static void
on_dtmf (ParloCall *call, const char *key, GString *keys)
{
  g_string_append (keys, key);
}

static void
hold (ParloTestPeer *peer, ParloCall *call, gboolean on_hold)
{
  g_auto(ParloTestResult) result = { NULL };

  parlo_engine_hold_async (peer->engine, parlo_call_get_account (call), parlo_call_get_id (call),
                           on_hold, NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (peer->engine, &result);
}

static void
test_call_answer_dtmf_hold_hangup (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(GString) keys = g_string_new (NULL);
  g_auto(ParloTestResult) result = { NULL };
  g_autofree char *call_id = parlo_test_peer_dial (a, b);

  /* B sees the incoming call with A's address, on the account it arrived on. */
  PARLO_TEST_WAIT_UNTIL (n_calls (b) == 1);
  b_call = parlo_test_peer_call (b, 0);
  a_call = g_object_ref (parlo_call_model_find (a->calls, a->aor, call_id));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_INCOMING);
  g_assert_cmpint (parlo_call_get_direction (b_call), ==, PARLO_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (parlo_call_get_peer_uri (b_call), ==, a->aor);
  g_assert_cmpstr (parlo_call_get_account (b_call), ==, b->aor);
  g_assert_cmpint (parlo_call_get_direction (a_call), ==, PARLO_CALL_DIRECTION_OUTGOING);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_RINGING);

  parlo_test_peer_answer (b, b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (b_call) == PARLO_CALL_STATE_ESTABLISHED);
  g_assert_nonnull (parlo_call_get_answered (a_call));

  /* DTMF typed at A arrives at B, every key in order. */
  g_signal_connect (b_call, "dtmf", G_CALLBACK (on_dtmf), keys);
  parlo_engine_send_dtmf_async (a->engine, a->aor, call_id, "12#9", NULL,
                                parlo_test_result_ready, &result);
  parlo_test_command_succeeds (a->engine, &result);
  PARLO_TEST_WAIT_UNTIL (keys->len == 4);
  g_assert_cmpstr (keys->str, ==, "12#9");

  /* Hold and resume reach the other side. */
  hold (a, a_call, TRUE);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_HELD);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_remote_held (b_call));
  g_assert_true (parlo_call_get_held (a_call));
  g_assert_cmpint (parlo_call_get_state (b_call), ==, PARLO_CALL_STATE_ESTABLISHED);

  hold (a, a_call, FALSE);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_remote_held (b_call));

  /* A hangs up: both close, each with its own side of the story. */
  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_HANGUP_LOCAL);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_HANGUP_REMOTE);
}

static void
test_mute_is_reported (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_auto(ParloTestResult) result = { NULL };

  connect_call (fixture->a, fixture->b, &a_call, &b_call);
  parlo_engine_mute_async (fixture->a->engine, fixture->a->aor, parlo_call_get_id (a_call), TRUE,
                           NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (fixture->a->engine, &result);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_muted (a_call));
  g_assert_false (parlo_call_get_muted (b_call));
  parlo_test_peer_hangup (fixture->b, b_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (fixture->a) == 0);
}

static void
test_decline_busy (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  ring (a, b, &a_call, &b_call);
  parlo_test_peer_hangup (b, b_call, 486);

  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_DECLINED);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_BUSY);
  g_assert_cmpuint (parlo_call_get_end_status (a_call), ==, 486);
  g_assert_null (parlo_call_get_answered (a_call));
}

static void
test_cancel_while_ringing (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;

  ring (a, b, &a_call, &b_call);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_RINGING);

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_CANCELLED);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_CANCELLED);
  g_assert_null (parlo_call_get_answered (b_call));
}

static void
test_second_incoming_call (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  ParloTestPeer *c = parlo_test_peer_new ("carol");
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_first = NULL;
  g_autoptr(ParloCall) b_second = NULL;
  g_autoptr(ParloCall) c_call = NULL;
  g_autofree char *c_call_id = NULL;

  connect_call (a, b, &a_call, &b_first);

  /* Carol calls Bob while he talks to Alice: both calls are live at Bob's. */
  c_call_id = parlo_test_peer_dial (c, b);
  PARLO_TEST_WAIT_UNTIL (n_calls (b) == 2);
  b_second = parlo_test_peer_call (b, 1);
  c_call = g_object_ref (parlo_call_model_find (c->calls, c->aor, c_call_id));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_second) == PARLO_CALL_STATE_INCOMING);
  g_assert_cmpstr (parlo_call_get_peer_uri (b_second), ==, c->aor);
  g_assert_cmpint (parlo_call_get_state (b_first), ==, PARLO_CALL_STATE_ESTABLISHED);

  /* Bob holds Alice and takes Carol: one held, one active. */
  hold (b, b_first, TRUE);
  parlo_test_peer_answer (b, b_second);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_second) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (c_call) == PARLO_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (parlo_call_get_state (b_first), ==, PARLO_CALL_STATE_HELD);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_remote_held (a_call));

  /* Carol hangs up; Alice's call is still there. */
  parlo_test_peer_hangup (c, c_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (b) == 1 && n_calls (c) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (b_second), ==, PARLO_CALL_END_HANGUP_REMOTE);
  g_assert_true (parlo_call_is_live (b_first));

  parlo_test_peer_hangup (b, b_first, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  parlo_test_peer_free (c);
}

/* B hands A on to C: A follows the transfer by itself, B's call ends as
 * transferred, and A ends up talking to C. */
static void
test_blind_transfer (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  ParloTestPeer *c = parlo_test_peer_new ("carol");
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloCall) c_call = NULL;
  g_autoptr(ParloCall) a_to_c = NULL;
  g_auto(ParloTestResult) result = { NULL };

  connect_call (a, b, &a_call, &b_call);
  parlo_engine_transfer_async (b->engine, b->aor, parlo_call_get_id (b_call), c->aor,
                               NULL, parlo_test_result_ready, &result);
  parlo_test_command_succeeds (b->engine, &result);

  PARLO_TEST_WAIT_UNTIL (n_calls (c) == 1);
  c_call = parlo_test_peer_call (c, 0);
  g_assert_cmpstr (parlo_call_get_peer_uri (c_call), ==, a->aor);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (c_call) == PARLO_CALL_STATE_INCOMING);
  parlo_test_peer_answer (c, c_call);

  PARLO_TEST_WAIT_UNTIL (n_calls (b) == 0 && n_calls (a) == 1);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_TRANSFERRED);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_HANGUP_REMOTE);
  a_to_c = parlo_test_peer_call (a, 0);
  g_assert_cmpstr (parlo_call_get_peer_uri (a_to_c), ==, c->aor);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_to_c) == PARLO_CALL_STATE_ESTABLISHED &&
                         parlo_call_get_state (c_call) == PARLO_CALL_STATE_ESTABLISHED);

  parlo_test_peer_hangup (c, c_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (c) == 0);
  parlo_test_peer_free (c);
}

static void
on_engine_lost (ParloEngine *engine, gboolean *lost)
{
  *lost = TRUE;
}

static void
test_engine_killed_during_call (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(ParloCall) a_again = NULL;
  g_autoptr(ParloCall) b_again = NULL;
  g_autoptr(GPtrArray) ended = g_ptr_array_new_with_free_func (g_object_unref);
  GPid old_pid;
  gboolean lost = FALSE;

  connect_call (a, b, &a_call, &b_call);
  g_signal_connect (b->calls, "call-ended", G_CALLBACK (collect_ended), ended);
  g_signal_connect (b->engine, "engine-lost", G_CALLBACK (on_engine_lost), &lost);

  old_pid = parlo_engine_get_process_id (b->engine);
  g_assert_cmpint (old_pid, >, 0);
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING,
                         "The engine stopped unexpectedly (killed by signal 9)*");
  g_assert_cmpint (kill (old_pid, SIGKILL), ==, 0);

  /* B's call ends as interrupted, and the engine comes back by itself. */
  PARLO_TEST_WAIT_UNTIL (ended->len == 1);
  g_assert_true (g_ptr_array_index (ended, 0) == b_call);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_INTERRUPTED);
  g_assert_true (lost);
  g_assert_nonnull (strstr (parlo_engine_get_last_error (b->engine), "killed by signal 9"));
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (b->engine) == PARLO_ENGINE_STATE_RUNNING);
  g_test_assert_expected_messages ();
  g_assert_cmpint (parlo_engine_get_process_id (b->engine), !=, old_pid);

  parlo_test_peer_hangup (a, a_call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0);

  /* The account was re-added: a new call to B works. */
  connect_call (a, b, &a_again, &b_again);
  parlo_test_peer_hangup (b, b_again, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
}

static void
assert_refused (ParloEngine *engine, const char *command, JsonObject *arguments, const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = parlo_test_request (engine, command, arguments, &error);

  g_test_message ("%s: %s", command, error ? error->message : "accepted");
  g_assert_null (body);
  g_assert_error (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, says));
}

static void
collect_message (ParloCallActions *actions, const char *message, GPtrArray *messages)
{
  g_ptr_array_add (messages, g_strdup (message));
}

static GSimpleActionGroup *
action_group_for (ParloTestPeer *peer)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();

  parlo_call_actions_add_to (peer->actions, G_ACTION_MAP (group));
  return group;
}

/* Everything a person does goes through the call actions: typed addresses are
 * normalised, calls are named by account and id, and what fails says why. */
static void
test_call_actions (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autoptr(GSimpleActionGroup) a_actions = action_group_for (a);
  g_autoptr(GSimpleActionGroup) b_actions = action_group_for (b);
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dialled = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autofree char *typed = g_strdup_printf ("  bob@127.0.0.1:%u ", b->port);

  g_signal_connect (a->actions, "failed", G_CALLBACK (collect_message), failures);
  g_signal_connect (a->actions, "dialled", G_CALLBACK (collect_message), dialled);

  /* A refused address never reaches the engine. */
  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "dial", g_variant_new_string ("bob@host?Subject=x"));
  g_assert_cmpuint (failures->len, ==, 1);
  g_assert_cmpstr (failures->pdata[0], ==, "Could not call: Addresses with “?” headers are not accepted");
  g_assert_cmpuint (dialled->len, ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "dial", g_variant_new_string (typed));
  g_assert_cmpuint (dialled->len, ==, 1);
  g_assert_cmpstr (dialled->pdata[0], ==, b->aor);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 1 && n_calls (b) == 1);
  a_call = parlo_test_peer_call (a, 0);
  b_call = parlo_test_peer_call (b, 0);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (b_call) == PARLO_CALL_STATE_INCOMING);

  g_action_group_activate_action (G_ACTION_GROUP (b_actions), "answer",
                                  g_variant_new ("(ss)", b->aor, parlo_call_get_id (b_call)));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (a_call) == PARLO_CALL_STATE_ESTABLISHED);

  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "mute",
                                  g_variant_new ("(ssb)", a->aor, parlo_call_get_id (a_call), TRUE));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_muted (a_call));
  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "hold", g_variant_new ("(ss)", a->aor, parlo_call_get_id (a_call)));
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_remote_held (b_call));
  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "resume", g_variant_new ("(ss)", a->aor, parlo_call_get_id (a_call)));
  PARLO_TEST_WAIT_UNTIL (!parlo_call_get_remote_held (b_call));

  g_signal_connect (b_call, "dtmf", G_CALLBACK (on_dtmf), keys);
  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "dtmf",
                                  g_variant_new ("(sss)", a->aor, parlo_call_get_id (a_call), "*7"));
  PARLO_TEST_WAIT_UNTIL (keys->len == 2);
  g_assert_cmpstr (keys->str, ==, "*7");

  /* A call that is gone cannot be hung up; the failure is reported in words. */
  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "hangup", g_variant_new ("(ss)", a->aor, "no-such-call"));
  PARLO_TEST_WAIT_UNTIL (failures->len == 2);
  g_assert_cmpstr (failures->pdata[1], ==, "Could not hang up: no call with id 'no-such-call'");

  g_action_group_activate_action (G_ACTION_GROUP (a_actions), "hangup", g_variant_new ("(ss)", a->aor, parlo_call_get_id (a_call)));
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_HANGUP_LOCAL);
  g_assert_cmpuint (failures->len, ==, 2);
  g_signal_handlers_disconnect_by_data (a->actions, failures);
  g_signal_handlers_disconnect_by_data (a->actions, dialled);
}

static guint
n_engine_accounts (ParloEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = parlo_test_request (engine, "engine.status", NULL, &error);

  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (status, "accounts"));
}

/* Accounts come and go; removing one ends its calls; an account with no
 * registrar cannot be told to register. */
static void
test_account_lifecycle (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a, *b = fixture->b;
  g_autofree char *second_aor = g_strdup_printf ("sip:second@127.0.0.1:%u", b->port);
  g_autoptr(ParloEngineAccount) second = parlo_engine_account_new (second_aor);
  g_auto(ParloTestResult) added = { NULL };
  g_auto(ParloTestResult) registered = { NULL };
  g_auto(ParloTestResult) removed = { NULL };
  g_autoptr(ParloCall) a_call = NULL;
  g_autoptr(ParloCall) b_call = NULL;
  g_autoptr(GError) error = NULL;

  parlo_engine_add_account_async (b->engine, second, NULL, parlo_test_result_ready, &added);
  parlo_test_command_succeeds (b->engine, &added);
  g_assert_cmpuint (n_engine_accounts (b->engine), ==, 2);

  parlo_engine_register_async (b->engine, second_aor, TRUE, NULL, parlo_test_result_ready, &registered);
  g_assert_false (parlo_engine_command_finish (b->engine, parlo_test_result_wait (&registered), &error));
  g_assert_error (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "never"));
  g_clear_error (&error);

  connect_call (a, b, &a_call, &b_call);
  parlo_engine_remove_account_async (b->engine, b->aor, NULL, parlo_test_result_ready, &removed);
  parlo_test_command_succeeds (b->engine, &removed);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0 && n_calls (b) == 0);
  g_assert_cmpint (parlo_call_get_end_reason (b_call), ==, PARLO_CALL_END_HANGUP_LOCAL);
  g_assert_cmpint (parlo_call_get_end_reason (a_call), ==, PARLO_CALL_END_HANGUP_REMOTE);
  g_assert_cmpuint (n_engine_accounts (b->engine), ==, 1);
}

/* Commands that name no call, or one that does not exist, are refused in words. */
static void
test_bad_commands (Fixture *fixture, gconstpointer data)
{
  ParloEngine *engine = fixture->a->engine;
  g_autoptr(JsonObject) unknown_call = json_object_new ();
  g_autoptr(JsonObject) no_call = json_object_new ();
  g_autoptr(JsonObject) unknown_account = json_object_new ();
  g_autoptr(JsonObject) duplicate = json_object_new ();
  g_autoptr(JsonObject) bad_codecs = json_object_new ();
  g_autoptr(JsonObject) bad_role = json_object_new ();
  g_autoptr(JsonObject) bad_device = json_object_new ();
  g_autoptr(JsonObject) bad_tone = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = NULL;

  json_object_set_string_member (unknown_call, "call", "no-such-call");
  assert_refused (engine, "call.answer", unknown_call, "no-such-call");
  assert_refused (engine, "call.hangup", unknown_call, "no-such-call");
  assert_refused (engine, "call.hangup", no_call, "call");
  assert_refused (engine, "call.fly", no_call, "call.fly");

  json_object_set_string_member (unknown_account, "account", "sip:nobody@127.0.0.1");
  json_object_set_string_member (unknown_account, "uri", "sip:bob@127.0.0.1");
  assert_refused (engine, "call.dial", unknown_account, "sip:nobody@127.0.0.1");

  json_object_set_string_member (duplicate, "aor", fixture->a->aor);
  assert_refused (engine, "account.add", duplicate, fixture->a->aor);

  /* Audio commands check what they are given before baresip sees it. */
  json_object_set_string_member (bad_codecs, "aor", "sip:codecs@127.0.0.1");
  json_object_set_string_member (bad_codecs, "audio_codecs", "PCMA/8000/1;answermode=auto");
  assert_refused (engine, "account.add", bad_codecs, "comma-separated");
  json_object_set_string_member (bad_role, "role", "microphone");
  json_object_set_string_member (bad_role, "device", "");
  assert_refused (engine, "audio.set", bad_role, "role must be");
  json_object_set_string_member (bad_device, "role", "player");
  json_object_set_string_member (bad_device, "device", "a,b");
  assert_refused (engine, "audio.set", bad_device, "commas");
  json_object_set_string_member (bad_tone, "tone", "siren");
  assert_refused (engine, "tone.play", bad_tone, "tone must be");

  status = parlo_test_request (engine, "engine.status", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "accounts")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "calls")), ==, 0);
}

static JsonObject *
nat_account (const char *user, const char *first_field, ...)
{
  JsonObject *account = json_object_new ();
  g_autofree char *aor = g_strdup_printf ("sip:%s@127.0.0.1", user);
  va_list fields;

  json_object_set_string_member (account, "aor", aor);
  json_object_set_int_member (account, "regint", 0);
  va_start (fields, first_field);
  for (const char *name = first_field; name != NULL; name = va_arg (fields, const char *))
    {
      if (g_str_equal (name, "ice"))
        json_object_set_boolean_member (account, name, va_arg (fields, gboolean));
      else if (g_str_equal (name, "keepalive"))
        json_object_set_int_member (account, name, va_arg (fields, gint));
      else
        json_object_set_string_member (account, name, va_arg (fields, const char *));
    }
  va_end (fields);
  return account;
}

static void
assert_accepted (ParloEngine *engine, JsonObject *arguments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = parlo_test_request (engine, "account.add", arguments, &error);

  g_assert_no_error (error);
  g_assert_nonnull (body);
}

/* The NAT and route fields of account.add: a TURN server needs its own
 * credentials (or baresip would hand it the SIP ones), TURN alone, TURN with
 * ICE and STUN alone are taken, and a hop of the route set is one SIP URI. */
static void
test_nat_fields (Fixture *fixture, gconstpointer data)
{
  ParloEngine *engine = fixture->a->engine;
  struct { JsonObject *account; const char *says; } refused[] = {
    { nat_account ("t1", "turn", "turn:127.0.0.1:3478", NULL), "turn needs turn_user and turn_password" },
    { nat_account ("t2", "turn", "turn:127.0.0.1:3478", "turn_user", "u", NULL), "turn_password" },
    { nat_account ("t3", "turn", "stun:127.0.0.1:3478", "turn_user", "u", "turn_password", "p", NULL),
      "is not a turn: URI" },
    { nat_account ("t4", "turn_user", "u", "turn_password", "p", NULL), "need turn" },
    { nat_account ("t5", "turn", "turn:127.0.0.1:3478", "turn_user", "u\r\nX: y", "turn_password", "p", NULL),
      "control characters" },
    { nat_account ("t6", "server", "sip:127.0.0.1:5999;lr,<sip:evil.example>", NULL), "comma" },
    { nat_account ("t7", "outbound", "sip:127.0.0.1:5999", "server", "stun:127.0.0.1", NULL), "server" },
    { nat_account ("t8", "keepalive", 3601, NULL), "keepalive" },
    { nat_account ("t9", "keepalive", -1, NULL), "keepalive" },
  };
  JsonObject *taken[] = {
    nat_account ("relay", "turn", "turn:127.0.0.1:3478", "turn_user", "u", "turn_password", "p", NULL),
    nat_account ("relay-ice", "turn", "turn:127.0.0.1:3478", "turn_user", "u", "turn_password", "p",
                 "stun", "stun:127.0.0.1:3478", "ice", TRUE, NULL),
    nat_account ("stun", "stun", "stun:127.0.0.1:3478", NULL),
    nat_account ("routed", "outbound", "sip:127.0.0.1:5999", "server", "sip:127.0.0.1:6001;lr",
                 "keepalive", 30, NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      assert_refused (engine, "account.add", refused[i].account, refused[i].says);
      json_object_unref (refused[i].account);
    }
  g_assert_cmpuint (n_engine_accounts (engine), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      assert_accepted (engine, taken[i]);
      json_object_unref (taken[i]);
    }
  g_assert_cmpuint (n_engine_accounts (engine), ==, 1 + G_N_ELEMENTS (taken));
}

/* The first datagram that reaches socket within milliseconds, or NULL. */
static char *
receive_text (GSocket *socket, guint milliseconds)
{
  char buffer[4096];
  gint64 until = g_get_monotonic_time () + milliseconds * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, NULL);

      if (n > 0)
        return g_strndup (buffer, n);
      parlo_test_run_for (20);
    }
  return NULL;
}

/* The engine itself refuses a dialled URI that would write a header or a line
 * of its own into the INVITE, whatever the app let through: the far end, a
 * socket on the URI's port, receives nothing from them, and a clean URI
 * arrives there whole. */
static void
test_dial_cannot_inject (Fixture *fixture, gconstpointer data)
{
  ParloTestPeer *a = fixture->a;
  guint16 port = parlo_test_free_port ();
  g_autoptr(GSocket) far_end = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                             G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  const char * const attacks[] = {
    "sip:x@127.0.0.1:%u?X-Injected=evil",
    "sip:x@127.0.0.1:%u;a=%%0d%%0aX-Injected:%%20evil",
    "sip:x@127.0.0.1:%u;a=%%0AX-Injected:%%20evil",
    "sip:x@127.0.0.1:%u;a=%%00",
    "sip:x@127.0.0.1:%u\r\nX-Injected: evil",
    "sip:x@127.0.0.1:%u>,<sip:evil@203.0.113.9",
    "sip:x@127.0.0.1:%u;a=\"b\"",
  };
  g_autofree char *clean = g_strdup_printf ("sip:x@127.0.0.1:%u;a=b", port);
  g_autofree char *request_line = g_strdup_printf ("INVITE %s SIP/2.0\r\n", clean);
  g_autofree char *invite = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (far_end, address, FALSE, &error));
  g_socket_set_blocking (far_end, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_autofree char *uri = g_strdup_printf (attacks[i], port);
      g_auto(ParloTestResult) result = { NULL };
      g_autoptr(GError) refusal = NULL;
      g_autofree char *dialled = NULL;

      parlo_engine_dial_async (a->engine, a->aor, uri, NULL, parlo_test_result_ready, &result);
      dialled = parlo_engine_dial_finish (a->engine, parlo_test_result_wait (&result), &refusal);
      g_assert_null (dialled);
      g_assert_nonnull (refusal);
      g_test_message ("%s: %s", uri, refusal->message);
      g_assert_nonnull (strstr (refusal->message, "contains"));
    }
  invite = receive_text (far_end, 300);
  g_assert_null (invite);
  g_assert_cmpuint (n_calls (a), ==, 0);

  {
    g_auto(ParloTestResult) result = { NULL };

    parlo_engine_dial_async (a->engine, a->aor, clean, NULL, parlo_test_result_ready, &result);
    call_id = parlo_engine_dial_finish (a->engine, parlo_test_result_wait (&result), &error);
    g_assert_no_error (error);
  }
  invite = receive_text (far_end, 5000);
  g_assert_nonnull (invite);
  g_assert_true (g_str_has_prefix (invite, request_line));
  g_assert_null (strstr (invite, "X-Injected"));
  g_assert_null (strstr (invite, "evil"));
  parlo_test_peer_hangup (a, parlo_call_model_find (a->calls, a->aor, call_id), 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (a) == 0);
}

/* A bridge module that does not load leaves baresip running deaf: Parlo notices,
 * kills it and says why, instead of waiting forever. */
static void
test_engine_without_bridge (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_module_dir = g_dir_make_tmp ("parlo-bad-module-XXXXXX", &error);
  g_autofree char *bad_module = g_build_filename (bad_module_dir, "parlo_bridge.so", NULL);
  g_autofree char *good_module_dir = g_strdup (g_getenv ("PARLO_BRIDGE_MODULE_DIR"));
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (parlo_test_free_port ());
  g_autoptr(ParloEngine) engine = NULL;

  g_file_set_contents (bad_module, "not a shared object", -1, &error);
  g_assert_no_error (error);
  g_setenv ("PARLO_BRIDGE_MODULE_DIR", bad_module_dir, TRUE);

  engine = parlo_engine_new (config);
  g_assert_true (parlo_engine_start (engine, &error));
  g_assert_no_error (error);
  g_setenv ("PARLO_BRIDGE_MODULE_DIR", good_module_dir, TRUE);

  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine started without its bridge module*");
  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RESTARTING);
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (parlo_engine_get_last_error (engine), "bridge module did not answer"));

  parlo_engine_stop (engine);
  g_assert_cmpint (parlo_engine_get_state (engine), ==, PARLO_ENGINE_STATE_STOPPED);
  g_unlink (bad_module);
  g_rmdir (bad_module_dir);
}

/* The engine cannot listen on a port another program holds: it dies, and the
 * reason it gave is what Parlo reports. */
static void
test_engine_port_in_use (void)
{
  guint16 port = parlo_test_free_port ();
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (port);
  g_autoptr(ParloEngine) engine = parlo_engine_new (config);
  g_autoptr(GSocket) holder = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (holder, address, FALSE, &error));
  g_assert_true (parlo_engine_start (engine, &error));

  g_test_expect_message ("parlo-engine", G_LOG_LEVEL_WARNING, "The engine stopped unexpectedly*");
  PARLO_TEST_WAIT_UNTIL (parlo_engine_get_state (engine) == PARLO_ENGINE_STATE_RESTARTING);
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (parlo_engine_get_last_error (engine), "Address already in use"));
  parlo_engine_stop (engine);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, PARLO_TEST_ISOLATE_DIRS);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/engine/call-answer-dtmf-hold-hangup", test_call_answer_dtmf_hold_hangup);
  ADD ("/engine/mute", test_mute_is_reported);
  ADD ("/engine/decline-busy", test_decline_busy);
  ADD ("/engine/cancel-while-ringing", test_cancel_while_ringing);
  ADD ("/engine/second-incoming-call", test_second_incoming_call);
  ADD ("/engine/blind-transfer", test_blind_transfer);
  ADD ("/engine/killed-during-call", test_engine_killed_during_call);
  ADD ("/engine/call-actions", test_call_actions);
  ADD ("/engine/account-lifecycle", test_account_lifecycle);
  ADD ("/engine/bad-commands", test_bad_commands);
  ADD ("/engine/nat-fields", test_nat_fields);
  ADD ("/engine/dial-cannot-inject", test_dial_cannot_inject);
  g_test_add_func ("/engine/without-bridge", test_engine_without_bridge);
  g_test_add_func ("/engine/port-in-use", test_engine_port_in_use);

  result = parlo_test_run ();
  return result;
}
