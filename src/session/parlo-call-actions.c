/* parlo-call-actions.c — what a person can do to calls, as GActions
 *
 * Widgets, notifications and the command line act on calls only through these
 * actions, so none of them speaks to the engine. A call is named by its
 * account and id, "(ss)", never as "the current call".
 *
 *   dial       s       an address as typed or pasted; normalised here
 *   answer     (ss)    holds the calls in progress first (call waiting)
 *   decline    (ss)    refuses a ringing call as busy (486)
 *   hangup     (ss)
 *   hold       (ss)    resume (ss)
 *   mute       (ssb)
 *   dtmf       (sss)   the keys to send
 *   transfer   (sss)   the address to hand the call on to; normalised here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "parlo-uri.h"
#include "parlo-call-actions.h"
#include "parlo-util.h"
#include "parlo-bridge-protocol.h"

/* What "Decline" sends: 486 lets the caller's server offer voicemail. */
#define DECLINE_STATUS 486

struct _ParloCallActions
{
  GObject      parent_instance;

  ParloEngine    *engine;
  ParloCallModel    *calls;
  ParloAccountStore *accounts;
};

enum {
  SIGNAL_DIALLED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ParloCallActions, parlo_call_actions, G_TYPE_OBJECT)

static void
report_failure (ParloCallActions *self, const char *what, const GError *error)
{
  /* Translators: what failed, then why, e.g. "Could not hold the call: no call with id 'x'" */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what, error->message);

  g_debug ("%s", message);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

typedef struct {
  ParloCallActions *self;
  char             *what;
} Pending;

static Pending *
pending_new (ParloCallActions *self, const char *what)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->what = g_strdup (what);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->what);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
on_command_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    report_failure (pending->self, pending->what, error);
}

static void
on_dialled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = parlo_engine_dial_finish (PARLO_ENGINE (source), result, &error);

  if (call_id == NULL)
    report_failure (pending->self, pending->what, error);
}

static void
dial (ParloCallActions *self, ParloAccount *account, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *what = NULL;

  if (account == NULL || !parlo_account_get_enabled (account))
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0,
                     _("Could not call: the account is turned off; turn it on in Preferences"));
      return;
    }
  uri = parlo_uri_normalize (text, parlo_account_get_aor (account), &error);
  if (uri == NULL)
    {
      report_failure (self, _("Could not call"), error);
      return;
    }
  /* Translators: %s is the address being called */
  what = g_strdup_printf (_("Could not call %s"), uri);
  parlo_engine_dial_async (self->engine, parlo_account_get_aor (account), uri, NULL, on_dialled,
                           pending_new (self, what));
  g_signal_emit (self, signals[SIGNAL_DIALLED], 0, uri);
}

/* "dial": through the account the store chooses. */
static void
on_dial (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloCallActions *self = user_data;

  dial (self, parlo_account_store_choose_for_call (self->accounts, NULL), g_variant_get_string (parameter, NULL));
}

/* "dial-direct": without a server, as for the echo test on this machine. */
static void
on_dial_direct (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloCallActions *self = user_data;

  dial (self, parlo_account_store_get_direct (self->accounts), g_variant_get_string (parameter, NULL));
}

/* Taking a waiting call puts the one in progress on hold, as a phone does. */
static void
hold_calls_in_progress (ParloCallActions *self, const char *account, const char *call_id)
{
  guint n_calls = g_list_model_get_n_items (G_LIST_MODEL (self->calls));

  for (guint i = 0; i < n_calls; i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (G_LIST_MODEL (self->calls), i);

      if (parlo_call_get_state (call) != PARLO_CALL_STATE_ESTABLISHED ||
          (g_str_equal (parlo_call_get_id (call), call_id) &&
           g_str_equal (parlo_call_get_account (call), account)))
        continue;
      parlo_engine_hold_async (self->engine, parlo_call_get_account (call), parlo_call_get_id (call),
                               TRUE, NULL, on_command_done,
                               pending_new (self, _("Could not hold the call")));
    }
}

static void
on_answer (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloCallActions *self = user_data;
  const char *account, *call_id;

  g_variant_get (parameter, "(&s&s)", &account, &call_id);
  hold_calls_in_progress (self, account, call_id);
  parlo_engine_answer_async (self->engine, account, call_id, NULL, on_command_done,
                             pending_new (self, _("Could not answer the call")));
}

static void
hang_up (ParloCallActions *self, GVariant *parameter, guint status, const char *what)
{
  const char *account, *call_id;

  g_variant_get (parameter, "(&s&s)", &account, &call_id);
  parlo_engine_hangup_async (self->engine, account, call_id, status, NULL, NULL, on_command_done,
                             pending_new (self, what));
}

static void
on_decline (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  hang_up (user_data, parameter, DECLINE_STATUS, _("Could not decline the call"));
}

static void
on_hangup (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  hang_up (user_data, parameter, 0, _("Could not hang up"));
}

static void
hold (ParloCallActions *self, GVariant *parameter, gboolean on_hold)
{
  const char *account, *call_id;

  g_variant_get (parameter, "(&s&s)", &account, &call_id);
  parlo_engine_hold_async (self->engine, account, call_id, on_hold, NULL, on_command_done,
                           pending_new (self, on_hold ? _("Could not hold the call")
                                                      : _("Could not resume the call")));
}

static void
on_hold (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  hold (user_data, parameter, TRUE);
}

static void
on_resume (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  hold (user_data, parameter, FALSE);
}

static void
on_mute (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloCallActions *self = user_data;
  const char *account, *call_id;
  gboolean muted;

  g_variant_get (parameter, "(&s&sb)", &account, &call_id, &muted);
  parlo_engine_mute_async (self->engine, account, call_id, muted, NULL, on_command_done,
                           pending_new (self, _("Could not change the microphone")));
}

static void
on_feedback_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  /* Feedback that cannot play is no failure of the call. */
  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    g_debug ("Key feedback: %s", error->message);
}

static void
on_dtmf (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloCallActions *self = user_data;
  const char *account, *call_id, *keys;

  g_variant_get (parameter, "(&s&s&s)", &account, &call_id, &keys);
  parlo_engine_send_dtmf_async (self->engine, account, call_id, keys, NULL, on_command_done,
                                pending_new (self, _("Could not send the keys")));
  /* A key pressed on the keypad is heard as it is sent, as on a phone. */
  if (keys[0] != '\0' && keys[1] == '\0' && strchr ("0123456789*#", keys[0]) != NULL)
    parlo_engine_play_tone_async (self->engine, PARLO_BRIDGE_TONE_DTMF, keys, FALSE, NULL, on_feedback_done, NULL);
}

static void
on_transfer (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ParloCallActions *self = user_data;
  const char *account, *call_id, *text;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  g_variant_get (parameter, "(&s&s&s)", &account, &call_id, &text);
  target = parlo_uri_normalize (text, account, &error);
  if (target == NULL)
    {
      report_failure (self, _("Could not transfer the call"), error);
      return;
    }
  parlo_engine_transfer_async (self->engine, account, call_id, target, NULL, on_command_done,
                               pending_new (self, _("Could not transfer the call")));
}

void
parlo_call_actions_add_to (ParloCallActions *self, GActionMap *map)
{
  static const GActionEntry entries[] = {
    { .name = "dial", .activate = on_dial, .parameter_type = "s" },
    { .name = "answer", .activate = on_answer, .parameter_type = "(ss)" },
    { .name = "decline", .activate = on_decline, .parameter_type = "(ss)" },
    { .name = "hangup", .activate = on_hangup, .parameter_type = "(ss)" },
    { .name = "hold", .activate = on_hold, .parameter_type = "(ss)" },
    { .name = "resume", .activate = on_resume, .parameter_type = "(ss)" },
    { .name = "mute", .activate = on_mute, .parameter_type = "(ssb)" },
    { .name = "dtmf", .activate = on_dtmf, .parameter_type = "(sss)" },
    { .name = "dial-direct", .activate = on_dial_direct, .parameter_type = "s" },
    { .name = "transfer", .activate = on_transfer, .parameter_type = "(sss)" },
  };

  g_return_if_fail (PARLO_IS_CALL_ACTIONS (self));
  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), self);
}

static void
parlo_call_actions_finalize (GObject *object)
{
  ParloCallActions *self = PARLO_CALL_ACTIONS (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->calls);
  g_clear_object (&self->accounts);
  G_OBJECT_CLASS (parlo_call_actions_parent_class)->finalize (object);
}

static void
parlo_call_actions_class_init (ParloCallActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_call_actions_finalize;

  /* A call is being placed to this normalised address. */
  signals[SIGNAL_DIALLED] =
    g_signal_new ("dialled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* An action could not be carried out; the message is for a person. */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
parlo_call_actions_init (ParloCallActions *self)
{
}

/* calls are the live calls, to hold the ones in progress when another is
 * answered; accounts choose the account a new call is placed from. */
ParloCallActions *
parlo_call_actions_new (ParloEngine *engine, ParloCallModel *calls, ParloAccountStore *accounts)
{
  ParloCallActions *self = g_object_new (PARLO_TYPE_CALL_ACTIONS, NULL);

  self->engine = g_object_ref (engine);
  self->calls = g_object_ref (calls);
  self->accounts = g_object_ref (accounts);
  return self;
}

