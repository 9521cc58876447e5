/* parlo-link-opener.c — links from other programs and the command line, offered or called
 *
 * A link never calls by itself unless the person asked for that
 * ("links-call-immediately"): it is shown in the dialpad with the account
 * that would call it and Call focused, so that one key press calls it. When
 * asked to call at once, it calls at once if the account can, when it can if
 * it is still registering (the link may have started Parlo), and not at all
 * if it cannot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo"

#include "config.h"

#include "parlo-uri.h"
#include "parlo-link-opener.h"

/* How long a link to call at once waits for its account, as when the link
 * started Parlo: later, a call would surprise the person who clicked it. */
#define WAIT_SECONDS 10

struct _ParloLinkOpener
{
  GObject            parent_instance;

  ParloAccountStore *accounts;
  GSettings         *settings;
  ParloCallActions  *call_actions;
  GActionGroup      *actions;        /* weak: the application that owns us */
  /* A link to call at once that came before its account could call. */
  ParloAccount      *waiting_account;
  char              *waiting_target;
  guint              waiting_timeout;
};

enum {
  SIGNAL_PRESENT,
  SIGNAL_OFFER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ParloLinkOpener, parlo_link_opener, G_TYPE_OBJECT)

static void
dial (ParloLinkOpener *self, const char *target)
{
  g_action_group_activate_action (self->actions, "dial", g_variant_new_string (target));
}

/* The link that waits for its account waits no more: it was called, something
 * else was (as the person may have done from the dialpad), or it waited too
 * long and stays in the dialpad. */
static void
forget_waiting_link (ParloLinkOpener *self)
{
  if (self->waiting_account != NULL)
    g_signal_handlers_disconnect_by_data (self->waiting_account, self);
  g_clear_object (&self->waiting_account);
  g_clear_pointer (&self->waiting_target, g_free);
  g_clear_handle_id (&self->waiting_timeout, g_source_remove);
}

static void
on_waiting_account_changed (ParloLinkOpener *self)
{
  g_autofree char *target = NULL;
  gboolean can_call;

  if (parlo_account_get_registration_state (self->waiting_account) == PARLO_REGISTRATION_REGISTERING)
    return;
  can_call = parlo_account_can_call (self->waiting_account);
  target = g_steal_pointer (&self->waiting_target);
  forget_waiting_link (self);
  if (can_call)
    dial (self, target);
}

static gboolean
on_waiting_too_long (gpointer user_data)
{
  ParloLinkOpener *self = user_data;

  self->waiting_timeout = 0;
  forget_waiting_link (self);
  return G_SOURCE_REMOVE;
}

/* Calls target through account once it has registered, if that is soon. */
static void
call_when_ready (ParloLinkOpener *self, ParloAccount *account, const char *target)
{
  self->waiting_account = g_object_ref (account);
  self->waiting_target = g_strdup (target);
  self->waiting_timeout = g_timeout_add_seconds (WAIT_SECONDS, on_waiting_too_long, self);
  g_signal_connect_swapped (account, "notify::registration-state", G_CALLBACK (on_waiting_account_changed), self);
}

gboolean
parlo_link_opener_open (ParloLinkOpener *self, const char *text, GError **error)
{
  ParloAccount *account;
  g_autofree char *target = NULL;
  gboolean at_once;

  g_return_val_if_fail (PARLO_IS_LINK_OPENER (self), FALSE);

  account = parlo_account_store_choose_for_call (self->accounts, NULL);
  target = parlo_uri_normalize (text, account ? parlo_account_get_aor (account) : NULL, error);
  if (target == NULL)
    return FALSE;
  at_once = account != NULL && g_settings_get_boolean (self->settings, "links-call-immediately");
  g_signal_emit (self, signals[SIGNAL_PRESENT], 0);
  /* A newer link replaces one that waits. */
  forget_waiting_link (self);
  if (at_once && parlo_account_can_call (account))
    {
      dial (self, target);
      return TRUE;
    }
  g_signal_emit (self, signals[SIGNAL_OFFER], 0, target);
  if (at_once && parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERING)
    call_when_ready (self, account, target);
  return TRUE;
}

static void
parlo_link_opener_dispose (GObject *object)
{
  ParloLinkOpener *self = PARLO_LINK_OPENER (object);

  forget_waiting_link (self);
  if (self->call_actions != NULL)
    g_signal_handlers_disconnect_by_data (self->call_actions, self);
  g_clear_weak_pointer (&self->actions);
  g_clear_object (&self->call_actions);
  g_clear_object (&self->settings);
  g_clear_object (&self->accounts);
  G_OBJECT_CLASS (parlo_link_opener_parent_class)->dispose (object);
}

static void
parlo_link_opener_class_init (ParloLinkOpenerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_link_opener_dispose;

  /* A link is to be shown: the window comes to the front. */
  signals[SIGNAL_PRESENT] =
    g_signal_new ("present", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The address to put in the dialpad, with Call focused. */
  signals[SIGNAL_OFFER] =
    g_signal_new ("offer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
parlo_link_opener_init (ParloLinkOpener *self)
{
}

ParloLinkOpener *
parlo_link_opener_new (ParloAccountStore *accounts,
                       GSettings         *settings,
                       ParloCallActions  *call_actions,
                       GActionGroup      *actions)
{
  ParloLinkOpener *self = g_object_new (PARLO_TYPE_LINK_OPENER, NULL);

  self->accounts = g_object_ref (accounts);
  self->settings = g_object_ref (settings);
  self->call_actions = g_object_ref (call_actions);
  g_set_weak_pointer (&self->actions, actions);
  g_signal_connect_swapped (call_actions, "dialled", G_CALLBACK (forget_waiting_link), self);
  return self;
}
